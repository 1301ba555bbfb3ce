"""The forecast orchestration: real values on the sample and on logs drawn from the models, checks that add up,
warnings that say what would help, settings refused before any work, and a spreadsheet-safe export."""

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from retention import BGNBD, GammaGamma, InputError, calibration_holdout_split, predict_clv
from retention.btyd.forecast import (
    CUSTOMER_COLUMNS,
    FORECAST_STEPS,
    forecast,
    format_duration,
    misplaced_share,
    top_value_share,
)
from retention.btyd.simulation import simulate_transactions
from retention.exports import customers_csv
from retention.io.readers import load_transactions

SAMPLE = Path(__file__).resolve().parent.parent / "retention" / "data" / "sample_orders.csv"
TRUE_PURCHASES = BGNBD(r=0.5, alpha=3.0, a=0.8, b=4.0, time_unit="W")
TRUE_SPEND = GammaGamma(p=6.0, q=4.0, gamma=15.0)


@pytest.fixture(scope="module")
def sample_orders():
    return load_transactions(SAMPLE).frame


@pytest.fixture(scope="module")
def sample(sample_orders):
    return forecast(sample_orders)


@pytest.fixture(scope="module")
def drawn_orders():
    """3,000 customers drawn from known models, acquired over half a year and watched for two years."""
    return simulate_transactions(3000, TRUE_PURCHASES, TRUE_SPEND, observation_periods=104, acquisition_periods=26,
                                 seed=11)


@pytest.fixture(scope="module")
def drawn(drawn_orders):
    return forecast(drawn_orders, time_unit="W", horizon=52, discount_rate=0.1, margin=0.3)


def keys(notes):
    return [note.key for note in notes]


# --- the sample data ----------------------------------------------------------------------------------------------


def test_sample_headline_figures(sample, sample_orders):
    assert sample.customer_count == sample_orders["customer_id"].nunique() == 4000
    assert sample.repeat_customers == 2544
    assert sample.observation_end == pd.Timestamp("2026-09-30")
    assert sample.first_order == pd.Timestamp("2023-10-01")
    assert sample.history_days == 1095
    assert sample.total_clv == pytest.approx(sample.customers["predicted_clv"].sum())
    assert sample.average_clv == pytest.approx(sample.total_clv / 4000)
    # the top 20% are the 800 most valuable customers
    assert sample.top_share == pytest.approx(sample.customers["predicted_clv"].iloc[:800].sum() / sample.total_clv)
    assert 0.2 < sample.top_share < 1


def test_sample_customer_table(sample, sample_orders):
    table = sample.customers
    assert tuple(table.columns) == CUSTOMER_COLUMNS
    assert table["customer_id"].is_unique and len(table) == 4000
    assert table["predicted_clv"].is_monotonic_decreasing
    assert table["probability_alive"].between(0, 1).all()
    assert (table["expected_purchases"] >= 0).all() and (table["expected_spend"] > 0).all()
    one_time = table["purchases"] == 1
    assert one_time.sum() == 4000 - 2544
    assert (table.loc[one_time, "probability_alive"] == 1).all()
    assert (table["first_purchase"] <= table["last_purchase"]).all()
    assert (table["last_purchase"] <= sample.observation_end).all()
    spent = sample_orders.groupby("customer_id", observed=True)["amount"].sum()
    by_id = table.set_index("customer_id")
    assert np.allclose(by_id["spent_so_far"], spent.reindex(by_id.index))
    # first and last purchase dates are the log's own
    dates = sample_orders.groupby("customer_id", observed=True)["date"].agg(["min", "max"]).reindex(by_id.index)
    assert (by_id["first_purchase"] == dates["min"].dt.normalize()).all()
    assert (by_id["last_purchase"] == dates["max"].dt.normalize()).all()


def test_the_table_holds_what_predict_clv_gives(sample):
    horizon = 52
    expected = predict_clv(sample.purchases, sample.spend, sample.summary, horizon, 0.1, 0.3)
    by_id = sample.customers.set_index("customer_id").loc[expected.index]
    for column in ("probability_alive", "expected_purchases", "expected_spend", "predicted_clv"):
        assert np.allclose(by_id[column], expected[column]), column
    assert (by_id["purchases"] == sample.summary["frequency"] + 1).all()


def test_sample_fit_check_counts_every_customer(sample):
    check = sample.fit_check
    assert list(check["repeat_purchases"]) == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert list(check["actual"][:3]) == [1456, 650, 374]
    assert check["actual"].sum() == 4000
    assert check["predicted"].sum() == pytest.approx(4000)
    assert (check["predicted"] >= 0).all()
    assert misplaced_share(check) == pytest.approx((check["predicted"] - check["actual"]).abs().sum() / 8000)


def test_sample_holdout_holds_back_the_last_quarter(sample, sample_orders):
    check = sample.holdout
    # 1,095 days of history: a quarter is 39 whole weeks (273 days) before 2026-09-30
    assert check.calibration_end == pd.Timestamp("2025-12-31")
    assert check.holdout_end == pd.Timestamp("2026-09-30")
    assert check.duration == pytest.approx(39)
    split = calibration_holdout_split(sample_orders, "2025-12-31", time_unit="W")
    assert check.customers == len(split)
    assert check.actual_purchases == split["frequency_holdout"].sum()
    predicted = check.purchases.conditional_expected_purchases(39, split)
    assert check.predicted_purchases == pytest.approx(predicted.sum())
    assert check.mean_absolute_error == pytest.approx((predicted - split["frequency_holdout"]).abs().mean())
    assert check.difference == pytest.approx(check.predicted_purchases / check.actual_purchases - 1)


def test_sample_holdout_running_totals_end_at_the_totals(sample):
    tracking = sample.holdout.tracking
    assert tracking["date"].iloc[0] == pd.Timestamp("2025-12-31")
    assert tracking["date"].iloc[-1] == pd.Timestamp("2026-09-30")
    assert tracking[["predicted", "actual"]].iloc[0].tolist() == [0, 0]
    assert tracking["predicted"].is_monotonic_increasing and tracking["actual"].is_monotonic_increasing
    assert tracking["actual"].iloc[-1] == sample.holdout.actual_purchases
    assert tracking["predicted"].iloc[-1] == pytest.approx(sample.holdout.predicted_purchases)
    assert len(tracking) <= 41


def test_sample_notes_and_warnings(sample):
    # the sample shop churns by calendar month and peaks before the split, which the model over-predicts
    assert keys(sample.warnings) == ["holdout_off"]
    assert sample.warnings[0].message.startswith("In the check on your most recent orders, the model predicted "
                                                 "5,921 purchases where there were 4,183 (41.6% off).")
    assert keys(sample.notes) == ["merged_same_day"]
    assert sample.notes[0].message.startswith("1,545 purchases were made on the same day")


# --- logs drawn from the models -------------------------------------------------------------------------------


def test_drawn_log_recovers_the_models_and_passes_its_checks(drawn):
    assert keys(drawn.warnings) == []
    for name, value in TRUE_PURCHASES.params.items():
        assert drawn.purchases.params[name] == pytest.approx(value, rel=0.3), name
    assert drawn.spend.mean_spend == pytest.approx(TRUE_SPEND.mean_spend, rel=0.1)
    assert misplaced_share(drawn.fit_check) < 0.03
    assert abs(drawn.holdout.difference) < 0.1
    assert drawn.time_unit == "W" and drawn.horizon == 52


def test_drawn_log_lifetime_value_is_margin_times_spend_times_discounted_purchases(drawn_orders):
    undiscounted = forecast(drawn_orders, horizon=52, discount_rate=0, margin=0.5, holdout=False)
    table = undiscounted.customers
    assert np.allclose(table["predicted_clv"], 0.5 * table["expected_spend"] * table["expected_purchases"])
    discounted = forecast(drawn_orders, horizon=52, discount_rate=0.2, margin=0.5, holdout=False)
    assert discounted.total_clv < undiscounted.total_clv
    assert undiscounted.holdout is None and "holdout_short" not in keys(undiscounted.notes)


def test_time_unit_barely_changes_the_figures(drawn_orders):
    weeks = forecast(drawn_orders, time_unit="W", horizon=52, holdout=False)
    days = forecast(drawn_orders, time_unit="D", horizon=364, holdout=False)
    months = forecast(drawn_orders, time_unit="M", horizon=364 / (365.25 / 12), holdout=False)
    assert days.total_clv == pytest.approx(weeks.total_clv, rel=0.01)
    assert months.total_clv == pytest.approx(weeks.total_clv, rel=0.01)


def test_an_earlier_observation_date_leaves_later_orders_out(drawn_orders):
    result = forecast(drawn_orders, observation_end="2024-12-31", holdout=False)
    later = int((drawn_orders["date"] >= "2025-01-01").sum())
    assert result.observation_end == pd.Timestamp("2024-12-31")
    assert "orders_after_end" in keys(result.notes)
    assert f"{later:,} orders after the observation date (12/31/2024)" in result.notes[-1].message
    assert (result.customers["last_purchase"] <= pd.Timestamp("2024-12-31")).all()


def test_a_chosen_split_date(drawn_orders):
    result = forecast(drawn_orders, holdout="2025-06-30")
    assert result.holdout.calibration_end == pd.Timestamp("2025-06-30")
    with pytest.raises(InputError) as error:
        forecast(drawn_orders, holdout="2030-01-01")
    assert error.value.fields == ("calibration_end",)


# --- small and short data ---------------------------------------------------------------------------------------


def small_log(customers, alpha, a, b, weeks, acquisition_weeks, seed):
    return simulate_transactions(customers, BGNBD(r=1.0, alpha=alpha, a=a, b=b, time_unit="W"), TRUE_SPEND,
                                 observation_periods=weeks, acquisition_periods=acquisition_weeks, seed=seed)


def test_small_short_data_warns_and_says_what_would_help():
    result = forecast(small_log(120, alpha=4.0, a=1.0, b=2.0, weeks=20, acquisition_weeks=8, seed=4), horizon=52)
    assert result.customer_count == 120 and result.repeat_customers == 93
    assert keys(result.warnings) == ["few_customers", "few_repeat_customers", "short_history", "long_horizon"]
    messages = {note.key: note.message for note in result.warnings}
    assert messages["few_customers"].startswith("There are only 120 customers. With fewer than 300")
    assert messages["few_repeat_customers"].startswith("Only 93 customers bought more than once.")
    assert messages["short_history"].startswith("Your orders cover only 20 weeks.")
    assert "The forecast looks 52 weeks ahead, further than the 20 weeks of orders" in messages["long_horizon"]
    for message in messages.values():
        assert "would help" in message


def test_a_history_too_short_to_check_skips_the_check_with_a_note():
    result = forecast(small_log(120, alpha=2.0, a=0.5, b=5.0, weeks=12, acquisition_weeks=4, seed=2), horizon=4)
    # 83 days of history: a quarter is 2 weeks (14 days), too short to check on
    assert result.history_days == 83 and result.holdout is None
    assert "long_horizon" not in keys(result.warnings)
    [skipped] = [note for note in result.notes if note.key == "holdout_short"]
    assert skipped.message.endswith("which needs at least 16 weeks of orders; yours cover 12 weeks.")


def test_data_the_model_cannot_settle_on_is_an_input_error():
    with pytest.raises(InputError) as error:
        forecast(small_log(150, alpha=6.0, a=1.0, b=3.0, weeks=20, acquisition_weeks=8, seed=2))
    assert error.value.fields == ("transactions",)
    assert "More customers or a longer period of orders usually help." in str(error.value)


def test_a_holdout_that_cannot_be_fitted_is_skipped_with_its_reason(drawn_orders):
    # three one-time buyers years earlier: the last quarter of this history holds every repeat purchase
    early = pd.DataFrame({"order_id": [-1, -2, -3], "customer_id": [-1, -2, -3],
                          "date": pd.to_datetime(["2018-01-01", "2018-02-01", "2018-03-01"]), "amount": [10.0] * 3})
    result = forecast(pd.concat([early, drawn_orders], ignore_index=True))
    assert result.holdout is None and result.customer_count == 3003
    [skipped] = [note for note in result.notes if note.key == "holdout_failed"]
    assert skipped.message.startswith("The check on recent orders was skipped: No customer bought on more than")


def test_no_repeat_purchases_is_an_input_error():
    orders = pd.DataFrame({"customer_id": ["a", "b"], "date": pd.to_datetime(["2024-01-01", "2024-02-01"]),
                           "amount": [10.0, 20.0]})
    with pytest.raises(InputError) as error:
        forecast(orders)
    assert error.value.fields == ("transactions",)


def test_an_undefined_typical_spend_is_a_warning_not_a_crash(drawn_orders, monkeypatch):
    monkeypatch.setattr(GammaGamma, "fit", classmethod(lambda cls, summary: GammaGamma(p=1.0, q=0.5, gamma=10.0)))
    with pytest.warns(UserWarning, match="cannot give a typical spend"):
        result = forecast(drawn_orders, holdout=False)
    one_time = result.customers["purchases"] == 1
    assert result.customers.loc[one_time, "predicted_clv"].isna().all()
    assert "spend_undefined" in keys(result.warnings)
    assert f"{one_time.sum():,} customers with little purchase history" in result.warnings[-1].message
    assert result.total_clv == pytest.approx(result.customers["predicted_clv"].sum(skipna=True))
    assert result.customers["predicted_clv"].iloc[0] > 0  # customers with a value come first


# --- settings and progress ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("settings", "field"), [
    ({"horizon": 0}, "horizon"),
    ({"discount_rate": -0.1}, "discount_rate"),
    ({"margin": 1.5}, "margin"),
    ({"time_unit": "Y"}, "time_unit"),
])
def test_impossible_settings_are_refused_before_any_work(drawn_orders, settings, field):
    steps = []
    with pytest.raises(InputError) as error:
        forecast(drawn_orders, progress=lambda step, fraction: steps.append(step), **settings)
    assert error.value.fields == (field,)
    assert steps == []


def test_progress_is_reported_step_by_step(drawn_orders):
    calls = []
    forecast(drawn_orders, progress=lambda step, fraction: calls.append((step, fraction)))
    assert [step for step, _ in calls] == list(FORECAST_STEPS)
    fractions = [fraction for _, fraction in calls]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1


# --- words and export --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "unit", "words"), [
    (91, "W", "13 weeks"), (7, "W", "1 week"), (10, "W", "1.4 weeks"), (1, "D", "1 day"), (730.5, "M", "24 months"),
])
def test_format_duration(days, unit, words):
    assert format_duration(days, unit) == words


def test_top_value_share():
    assert top_value_share(pd.Series([50.0, 20.0, 10.0, 10.0, 10.0])) == 0.5
    assert top_value_share(pd.Series([3.0, 1.0, np.nan])) == 0.75  # ceil(20% of 2) = 1 customer
    assert np.isnan(top_value_share(pd.Series([0.0, 0.0])))


def test_customers_csv_is_spreadsheet_safe(drawn_orders):
    names = {1: "=HYPERLINK(\"http://x\")", 2: "+1", 3: "-2", 4: "@sum", 5: "ann"}
    orders = drawn_orders.assign(customer_id=drawn_orders["customer_id"].map(names).fillna(
        drawn_orders["customer_id"].astype(str)))
    result = forecast(orders, holdout=False)
    csv = customers_csv(result).decode("utf-8")
    lines = csv.splitlines()
    assert lines[0] == ("Customer,Purchases so far,First purchase,Last purchase,Spent so far,Chance still a customer,"
                        "Risk,Next order likely by,Expected purchases,Expected spend per purchase,"
                        "Predicted lifetime value,Lifetime value low end,Lifetime value high end")
    first_cells = {line.split(",")[0] for line in lines[1:]}
    assert {"'+1", "'-2", "'@sum", "ann", "6"} <= first_cells
    assert any(line.startswith("\"'=HYPERLINK(") for line in lines[1:])
    table = pd.read_csv(io.StringIO(csv), dtype={"Customer": str})
    assert len(table) == 3000
    by_id = result.customers.assign(customer_id=result.customers["customer_id"].astype(str)).set_index("customer_id")
    row = table.set_index("Customer").loc["ann"]
    assert row["Purchases so far"] == by_id.loc["ann", "purchases"]
    assert row["Predicted lifetime value"] == pytest.approx(by_id.loc["ann", "predicted_clv"], abs=0.005)
    assert row["Lifetime value low end"] < row["Predicted lifetime value"] < row["Lifetime value high end"]
    assert row["First purchase"] == f"{by_id.loc['ann', 'first_purchase']:%Y-%m-%d}"
