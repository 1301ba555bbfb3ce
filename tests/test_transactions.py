"""Per-period figures, cohorts and purchase habits: hand-computed tables on a tiny log, and invariants."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import retention.orders.cells as cells
from retention.errors import InputError
from retention.io.readers import load_period_table
from retention.metrics.registry import METRIC_KEYS
from retention.orders.cohorts import cohort_matrix
from retention.orders.habits import days_between_purchases, revenue_concentration
from retention.orders.period_table import partly_covered, period_table, with_metrics
from tests.files import csv_bytes, order_logs

# A dozen order lines: order O5 has two lines; Cy and Dan return units.
LOG = pd.DataFrame(
    [
        ("ann", "2024-01-03", 10.0, "O1", 1, 0),
        ("ann", "2024-01-20", 20.0, "O2", 2, 0),
        ("bob", "2024-01-15", 30.0, "O3", 1, 0),
        ("ann", "2024-02-05", 25.0, "O4", 1, 0),
        ("cy", "2024-02-10", 40.0, "O5", 2, 1),
        ("cy", "2024-02-10", 5.0, "O5", 1, 0),
        ("bob", "2024-03-01", 10.0, "O6", 1, 0),
        ("ann", "2024-03-15", 30.0, "O7", 3, 0),
        ("dan", "2024-03-20", 50.0, "O8", 1, 0),
        ("ann", "2024-04-02", 10.0, "O9", 1, 0),
        ("dan", "2024-04-28", 60.0, "O10", 2, 2),
        ("cy", "2024-05-05", 15.0, "O11", 1, 0),
    ],
    columns=["customer_id", "date", "amount", "order_id", "quantity", "returned_quantity"],
).astype({"date": "datetime64[s]"})

# Worked out by hand, month by month (January to May 2024), with an active window of one month.
BY_HAND = {
    "customers_start": [0, 2, 2, 3, 2],
    "new_customers": [2, 1, 1, 0, 0],
    "reactivated_customers": [0, 0, 1, 0, 1],
    "customers_end": [2, 2, 3, 2, 1],
    "lost_customers": [0, 1, 1, 1, 2],
    "revenue_start": [0, 60, 70, 90, 70],
    "churned_revenue": [0, 30, 45, 10, 70],
    "contraction_revenue": [0, 5, 0, 20, 0],
    "expansion_revenue": [0, 0, 5, 10, 0],
    "existing_revenue_previous": [0, 60, 70, 90, 70],
    "existing_revenue_current": [0, 25, 30, 70, 0],
    "buyers": [2, 2, 3, 2, 1],
    "repeat_buyers": [1, 1, 2, 2, 1],
    "orders": [3, 2, 3, 2, 1],
    "revenue": [60, 70, 90, 70, 15],
    "loyal_customers": [0, 0, 1, 1, 0],
    "units_sold": [4, 4, 5, 3, 1],
    "units_returned": [0, 1, 0, 2, 0],
    "average_days_between_purchases": [17, 16, 42.5, 28.5, 85],
}


def test_the_monthly_table_of_a_tiny_log_matches_the_hand_computation():
    table = period_table(LOG, active_window=1)
    assert [str(period) for period in table.index] == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"]
    for name, values in BY_HAND.items():
        assert table[name].tolist() == pytest.approx(values), name


def test_the_metrics_follow_from_the_derived_fields():
    table = period_table(LOG, active_window=1)
    assert table["retention_rate"].tolist()[1:] == pytest.approx([0.5, 0.5, 2 / 3, 0.0])
    assert math.isnan(table["retention_rate"].iloc[0])
    assert table["net_revenue_retention"].tolist()[1:] == pytest.approx([25 / 60, 30 / 70, 70 / 90, 0.0])
    assert table["purchase_frequency"].iloc[0] == 1.5
    assert table["average_order_value"].iloc[0] == 20.0
    assert table["product_return_rate"].tolist() == pytest.approx([0, 0.25, 0, 2 / 3, 0])
    assert table["loyal_customer_rate"].tolist() == pytest.approx([0, 0, 1 / 3, 0.5, 0])
    assert set(METRIC_KEYS) <= set(table.columns)
    # seven gaps (ann 17, 16, 39, 18; bob 46; cy 85; dan 39), the 6th smallest of which, 46 days, is the P80; too
    # few to tell a buying cycle, so it says 1
    cycle = {"window": 1, "p80_days": 46, "gaps": 7, "freq": "M", "period_days": 30, "enough": False}
    assert table.attrs == {"freq": "M", "measured": ("average_days_between_purchases",), "active_window": 1,
                           "loyal_window": 3, "loyal_threshold": 3, "buying_cycle": cycle}


def test_large_logs_are_grouped_by_sorting_with_the_same_results(monkeypatch):
    dense = period_table(LOG, active_window=2)
    monkeypatch.setattr(cells, "DENSE_CELLS", 0)
    pd.testing.assert_frame_equal(period_table(LOG, active_window=2), dense)


def test_an_active_window_of_two_months():
    table = period_table(LOG, active_window=2)
    expected = {
        "customers_start": [0, 2, 3, 4, 3],
        "new_customers": [2, 1, 1, 0, 0],
        "reactivated_customers": [0, 0, 0, 0, 1],
        "customers_end": [2, 3, 4, 3, 3],
        "lost_customers": [0, 0, 0, 1, 1],
        "revenue_start": [0, 60, 70, 90, 70],
        "churned_revenue": [0, 0, 0, 0, 0],
        "contraction_revenue": [0, 35, 45, 30, 70],
        "expansion_revenue": [0, 0, 15, 10, 0],
        "existing_revenue_current": [0, 25, 40, 70, 0],
    }
    for name, values in expected.items():
        assert table[name].tolist() == pytest.approx(values), name


def test_loyal_customers_with_a_visible_threshold_and_window():
    table = period_table(LOG, loyal_window=2, loyal_threshold=2)
    assert table["loyal_customers"].tolist() == [0, 1, 1, 2, 0]
    assert period_table(LOG, loyal_window=3, loyal_threshold=2)["loyal_customers"].tolist() == [0, 1, 2, 2, 0]


def test_orders_are_counted_the_same_whether_the_order_ids_are_sorted_or_not():
    sorted_ids = LOG.assign(order_id=LOG["order_id"].str.replace("O", "").str.zfill(3)).sort_values("order_id")
    assert sorted_ids["order_id"].is_monotonic_increasing
    split = LOG.assign(order_id="O1")
    assert period_table(split, active_window=1)["orders"].tolist() == [2, 2, 3, 2, 1]
    shuffled = split.iloc[[0, 3, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11]]
    assert period_table(shuffled, active_window=1)["orders"].tolist() == [2, 2, 3, 2, 1]
    for log in (sorted_ids, sorted_ids.iloc[::-1], LOG):
        assert period_table(log, active_window=1)["orders"].tolist() == BY_HAND["orders"]
        assert period_table(log, active_window=1)["repeat_buyers"].tolist() == BY_HAND["repeat_buyers"]


def test_without_order_ids_every_row_is_an_order_and_without_quantities_there_are_no_units():
    table = period_table(LOG[["customer_id", "date", "amount"]])
    assert table["orders"].tolist() == [3, 3, 3, 2, 1]
    assert "units_sold" not in table.columns
    assert table["product_return_rate"].isna().all()


def test_money_is_kept_to_the_cent_without_float_noise():
    """0.1 + 0.2 is 0.30000000000000004 in floating point; the table (and what is sent to the calculator) says 0.3."""
    log = pd.DataFrame(
        {"customer_id": ["ann", "ann", "bob"], "date": pd.to_datetime(["2024-01-02", "2024-01-09", "2024-01-30"]),
         "amount": [0.1, 0.2, 14843.21]}
    )
    table = period_table(log)
    assert table["revenue"].tolist() == [14843.51]


def test_the_first_and_last_months_of_the_tiny_log_are_partly_covered():
    january, may = pd.Period("2024-01", "M"), pd.Period("2024-05", "M")
    notes = partly_covered(LOG)
    assert list(notes) == [january, may]
    assert notes[january].startswith("Your orders start on 1/3/2024, partway through the month 2024-01:")
    assert notes[may].startswith("Your orders end on 5/5/2024, partway through the month 2024-05:")
    assert notes[may].endswith("fewer buyers and less revenue than a full month.")


@pytest.mark.parametrize(("dates", "freq", "partial"), [
    (["2024-01-01 00:00", "2024-03-31 23:59"], "M", []),  # from the first day to the last day (any time of it)
    (["2024-01-01", "2024-03-30"], "M", ["2024-03"]),
    (["2024-01-02", "2024-12-31"], "Q", ["2024Q1"]),
    (["2024-01-01", "2024-01-07"], "W", []),  # Monday to Sunday
    (["2024-01-01", "2024-01-06"], "W", ["2024-01-01/2024-01-07"]),
    (["2024-06-15", "2024-06-15"], "Y", ["2024"]),  # one partial year is listed once
])
def test_partly_covered_periods(dates, freq, partial):
    log = pd.DataFrame({"customer_id": ["a", "b"], "date": pd.to_datetime(dates), "amount": [1.0, 2.0]})
    assert [str(period) for period in partly_covered(log, freq)] == partial


def test_days_between_purchases_counts_each_purchase_day_once():
    assert days_between_purchases(LOG).tolist() == [17, 16, 39, 18, 46, 85, 39]


def test_the_cohort_matrix_of_the_tiny_log():
    matrix = cohort_matrix(LOG)
    assert [str(cohort) for cohort in matrix.index] == ["2024-01", "2024-02", "2024-03"]
    assert matrix["customers"].tolist() == [2, 1, 1]
    assert list(matrix.columns) == ["customers", 0, 1, 2, 3, 4]
    shares = matrix.drop(columns="customers").to_numpy()
    expected = np.array([[1, 0.5, 1, 0.5, 0], [1, 0, 0, 1, np.nan], [1, 1, 0, np.nan, np.nan]])
    np.testing.assert_array_equal(shares, expected)


def test_quarterly_cohorts():
    matrix = cohort_matrix(LOG, freq="Q")
    assert [str(cohort) for cohort in matrix.index] == ["2024Q1"]
    assert matrix.loc[:, [0, 1]].to_numpy().tolist() == [[1.0, 0.75]]


def test_revenue_concentration_of_the_tiny_log():
    result = revenue_concentration(LOG, points=5)
    assert (result.customers, result.top_customers) == (4, 1)
    assert result.top_revenue_share == pytest.approx(110 / 305)
    assert result.curve["customer_share"].tolist() == [0, 0.25, 0.5, 0.75, 1]
    assert result.curve["revenue_share"].tolist() == pytest.approx([0, 110 / 305, 205 / 305, 265 / 305, 1])


@pytest.mark.parametrize("freq", ["W", "M", "Q", "Y"])
def test_periods_are_pandas_periods_and_buyers_match_a_plain_groupby(freq):
    rng = np.random.default_rng(3)
    log = pd.DataFrame({
        "customer_id": rng.integers(0, 40, 600).astype(str),
        "date": pd.Timestamp("2022-12-26") + pd.to_timedelta(rng.integers(0, 800, 600), unit="D"),
        "amount": rng.integers(1, 100, 600).astype(float),
    })
    table = period_table(log, freq=freq)
    periods = log["date"].dt.to_period(freq)
    expected = log.groupby(periods)["customer_id"].nunique()
    expected = expected.reindex(pd.period_range(periods.min(), periods.max(), freq=freq), fill_value=0)
    assert table.index.equals(expected.index.rename("period"))
    assert table["buyers"].tolist() == expected.tolist()
    assert table["revenue"].sum() == log["amount"].sum()


def test_an_uploaded_period_table_gets_every_metric_and_bad_rows_name_their_period():
    periods = load_period_table(csv_bytes(
        [("2024-01", "100", "99", "20"), ("2024-02", "99", "130", "10")],
        header=("period", "customers_start", "customers_end", "new_customers"),
    )).frame
    with pytest.raises(InputError) as caught:
        with_metrics(periods)
    assert caught.value.messages["customers_end"].startswith("2024-02: You ended with more customers (130)")
    table = with_metrics(periods.iloc[:1])
    assert table["retention_rate"].tolist() == [0.79]
    assert set(METRIC_KEYS) <= set(table.columns)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: revenue_concentration(LOG.drop(columns="amount")), "amount"),
        (lambda: period_table(LOG, freq="D"), "freq"),
        (lambda: period_table(LOG, active_window=0), "active_window"),
        (lambda: period_table(LOG, loyal_window=2, loyal_threshold=3), "loyal_threshold"),
        (lambda: period_table(LOG.iloc[:0]), "transactions"),
        (lambda: cohort_matrix(LOG.assign(date=LOG["date"].astype(str))), "date"),
        (lambda: days_between_purchases(LOG.assign(customer_id=None)), "customer_id"),
        (lambda: period_table(LOG.assign(order_id=None)), "order_id"),
        (lambda: revenue_concentration(LOG, top_share=0), "top_share"),
    ],
)
def test_unusable_logs_and_settings_raise_input_errors(call, field):
    with pytest.raises(InputError) as caught:
        call()
    assert caught.value.fields == (field,)


# --- invariants ---------------------------------------------------------------------------------------------------

logs = order_logs(days=400, amounts=(1, 100), max_size=60)


@settings(max_examples=120)
@given(logs, st.integers(1, 3), st.sampled_from(["W", "M", "Q"]))
def test_the_customer_and_revenue_bridges_always_balance(log, active_window, freq):
    table = period_table(log, freq=freq, active_window=active_window)
    start, end = table["customers_start"], table["customers_end"]
    lost = start - (end - table["new_customers"] - table["reactivated_customers"])
    assert (lost >= 0).all() and (lost <= start).all()
    assert (table["lost_customers"] == lost).all()
    assert start.iloc[0] == 0 and (start.iloc[1:].to_numpy() == end.iloc[:-1].to_numpy()).all()
    assert table["new_customers"].sum() == log["customer_id"].nunique()
    revenue = (table["revenue_start"] - table["churned_revenue"] - table["contraction_revenue"]
               + table["expansion_revenue"])
    assert revenue.to_numpy() == pytest.approx(table["existing_revenue_current"].to_numpy())
    assert table["revenue"].sum() == pytest.approx(log["amount"].sum())
    assert (table["repeat_buyers"] <= table["buyers"]).all() and (table["buyers"] <= table["orders"]).all()
    assert (table["loyal_customers"] <= table["customers_end"]).all()
    rate = table["net_revenue_retention"].dropna()
    expected = (table["existing_revenue_current"] / table["revenue_start"]).loc[rate.index]
    assert rate.to_numpy() == pytest.approx(expected.to_numpy())


@settings(max_examples=80)
@given(logs, st.sampled_from(["W", "M", "Q"]))
def test_the_order_of_the_rows_does_not_matter(log, freq):
    table = period_table(log, freq=freq, active_window=2)
    for ordered in (log.sort_values("order_id", kind="stable"), log.iloc[::-1]):
        pd.testing.assert_frame_equal(period_table(ordered, freq=freq, active_window=2), table)


@settings(max_examples=120)
@given(logs, st.sampled_from(["W", "M", "Q"]))
def test_cohort_shares_lie_between_0_and_1_and_start_at_1(log, freq):
    matrix = cohort_matrix(log, freq=freq)
    shares = matrix.drop(columns="customers")
    assert (shares[0] == 1).all()
    assert ((shares >= 0) & (shares <= 1) | shares.isna()).all().all()
    assert matrix["customers"].sum() == log["customer_id"].nunique()
    last = log["date"].dt.to_period(freq).max()
    for cohort, row in shares.iterrows():
        periods_left = (last - cohort).n
        assert row.iloc[: periods_left + 1].notna().all() and row.iloc[periods_left + 1 :].isna().all()


@settings(max_examples=80)
@given(logs)
def test_days_between_purchases_sum_to_each_customers_span(log):
    gaps = days_between_purchases(log)
    days = log["date"].dt.normalize()
    spans = (days.groupby(log["customer_id"]).max() - days.groupby(log["customer_id"]).min()).dt.days
    assert gaps.sum() == spans.sum()
    assert len(gaps) == days.groupby(log["customer_id"]).nunique().sub(1).sum()
    assert (gaps >= 1).all()


@settings(max_examples=80)
@given(logs)
def test_the_pareto_curve_rises_from_0_to_1_and_the_top_share_is_at_least_its_share(log):
    result = revenue_concentration(log)
    curve = result.curve["revenue_share"]
    assert curve.iloc[0] == 0 and curve.iloc[-1] == pytest.approx(1)
    assert (curve.diff().dropna() >= -1e-12).all()
    assert result.top_revenue_share >= result.top_customers / result.customers - 1e-12
