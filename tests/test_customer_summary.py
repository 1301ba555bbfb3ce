"""Customer summary and calibration/holdout split: hand-computed tables, the published CDNOW summary, invariants."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retention.btyd.customer_summary import TIME_UNIT_DAYS, calibration_holdout_split, customer_summary
from retention.errors import InputError

DATA = Path(__file__).parent / "data"


def cdnow_orders() -> pd.DataFrame:
    """The CDNOW sample order log (tests/data/README.md) with the normalised column names."""
    orders = pd.read_csv(DATA / "CDNOW_sample.txt", sep=r"\s+", header=None, dtype={"date": str},
                         names=["cohort_id", "customer_id", "date", "cds", "amount"])
    return orders.assign(date=pd.to_datetime(orders["date"], format="%Y%m%d"))


def small_log(**extra_columns) -> pd.DataFrame:
    """Ann buys on 1, 8 (twice: 20 + 5) and 29 January 2024, Bob once on 15 January."""
    return pd.DataFrame({
        "customer_id": ["ann", "ann", "ann", "ann", "bob"],
        "date": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-08", "2024-01-29", "2024-01-15"]),
        "amount": [10.0, 20.0, 5.0, 15.0, 40.0],
        **extra_columns,
    })


@pytest.mark.parametrize(("time_unit", "unit_days"), [("D", 1), ("W", 7), ("M", 30.4375)])
def test_small_log_in_each_time_unit(time_unit, unit_days):
    # Observed until 5 February: Ann's last purchase is 28 days after her first, she is 35 days old, Bob 21 days.
    summary = customer_summary(small_log(), observation_end="2024-02-05", time_unit=time_unit)
    assert summary.index.tolist() == ["ann", "bob"]
    assert summary["frequency"].tolist() == [2, 0]
    assert summary["recency"].tolist() == pytest.approx([28 / unit_days, 0.0])
    assert summary["T"].tolist() == pytest.approx([35 / unit_days, 21 / unit_days])
    assert summary["monetary_value"].tolist() == pytest.approx([(25 + 15) / 2, 0.0])
    assert summary.attrs == {"time_unit": time_unit, "observation_end": pd.Timestamp("2024-02-05"),
                             "merged_same_day": 1}


def test_time_units_are_the_documented_lengths():
    assert TIME_UNIT_DAYS == {"D": 1.0, "W": 7.0, "M": 30.4375}


@pytest.mark.parametrize(("order_id", "merged"), [
    ([1, 2, 2, 3, 4], 0),  # the two rows of 8 January are two lines of one order
    ([1, 2, 3, 4, 5], 1),  # two orders on one day: one merged into the other
])
def test_merged_purchases_count_orders_not_lines(order_id, merged):
    summary = customer_summary(small_log(order_id=order_id), observation_end="2024-02-05")
    assert summary.attrs["merged_same_day"] == merged
    assert summary.loc["ann", "frequency"] == 2


def test_default_observation_end_is_the_last_order_and_later_orders_are_left_out():
    assert customer_summary(small_log()).attrs["observation_end"] == pd.Timestamp("2024-01-29")
    early = customer_summary(small_log(), observation_end="2024-01-10", time_unit="D")
    assert early.index.tolist() == ["ann"]  # Bob's first order comes after the observation end
    assert early.loc["ann"].tolist() == [1, 7.0, 9.0, 25.0]


def test_time_of_day_and_time_zone_do_not_matter():
    log = small_log()
    log["date"] = log["date"] + pd.Timedelta(hours=23)
    expected = customer_summary(small_log(), observation_end="2024-02-05")
    pd.testing.assert_frame_equal(customer_summary(log, observation_end="2024-02-05"), expected)
    log["date"] = log["date"].dt.tz_localize("Europe/Paris")
    pd.testing.assert_frame_equal(customer_summary(log, observation_end="2024-02-05"), expected)


def test_all_purchases_on_one_day():
    log = pd.DataFrame({"customer_id": [1, 1, 2, 3], "date": pd.to_datetime(["2024-03-01"] * 4),
                        "amount": [5.0, 6.0, 7.0, 8.0]})
    summary = customer_summary(log)
    assert summary.to_numpy().tolist() == [[0, 0, 0, 0]] * 3
    assert summary.attrs["merged_same_day"] == 1


def test_cdnow_summary_matches_the_published_one():
    # The published 39-week calibration summary (weeks, 2 decimals) of Fader, Hardie and Lee (2005), as shipped by
    # lifetimes: from the raw orders with same-day purchases merged, every value agrees to its rounding.
    summary = customer_summary(cdnow_orders(), observation_end="1997-09-30", time_unit="W")
    published = pd.read_csv(DATA / "cdnow_customers_summary_with_transactions.csv", index_col="ID")
    assert len(summary) == 2357
    assert (summary["frequency"].to_numpy() == published["x"].to_numpy()).all()
    for ours, theirs in (("recency", "t_x"), ("T", "T"), ("monetary_value", "zbar")):
        assert np.abs(summary[ours].to_numpy() - published[theirs].to_numpy()).max() <= 0.005 + 1e-9
    assert (summary["frequency"] > 0).sum() == 946  # the repeat customers of the Gamma-Gamma papers
    assert summary.attrs["merged_same_day"] == 146


def test_cdnow_same_day_merges_match_clvtools():
    # CLVTools' `cdnow` data set (the same 2,357 customers, same-day purchases merged) has 6,696 rows
    # (CLVTools R/data.R, @format); the raw log has 6,919.
    summary = customer_summary(cdnow_orders(), time_unit="W")
    assert summary.attrs["observation_end"] == pd.Timestamp("1998-06-30")
    assert 6919 - summary.attrs["merged_same_day"] == 6696


def test_cdnow_split_adds_up_to_the_whole_period():
    orders = cdnow_orders()
    split = calibration_holdout_split(orders, "1997-09-30", "1998-06-30", time_unit="W")
    whole = customer_summary(orders, observation_end="1998-06-30", time_unit="W")
    calibration = customer_summary(orders, observation_end="1997-09-30", time_unit="W")
    pd.testing.assert_frame_equal(split[calibration.columns], calibration, check_like=False)
    assert (split["duration_holdout"] == 39.0).all()
    assert (split["frequency"] + split["frequency_holdout"]).equals(whole["frequency"])
    spent = split["frequency"] * split["monetary_value"] + split["frequency_holdout"] * split["monetary_value_holdout"]
    assert spent.to_numpy() == pytest.approx((whole["frequency"] * whole["monetary_value"]).to_numpy())
    assert split.attrs["merged_same_day"] + split.attrs["merged_same_day_holdout"] == 223
    assert split.attrs["holdout_end"] == pd.Timestamp("1998-06-30")


def test_split_leaves_out_customers_who_start_after_the_split():
    split = calibration_holdout_split(small_log(), "2024-01-10", "2024-02-05", time_unit="D")
    assert split.index.tolist() == ["ann"]
    assert split.loc["ann", ["frequency", "frequency_holdout", "monetary_value_holdout", "duration_holdout"]].tolist() \
        == [1, 1, 15.0, 26.0]


@pytest.mark.parametrize("calibration_end", ["2023-12-31", "2024-01-29", "2024-03-01"])
def test_split_date_must_leave_time_on_both_sides(calibration_end):
    with pytest.raises(InputError) as error:
        calibration_holdout_split(small_log(), calibration_end)
    assert error.value.fields == ("calibration_end",)
    assert "1/1/2024" in str(error.value) and "1/29/2024" in str(error.value)


@pytest.mark.parametrize(("change", "field"), [
    (lambda log: log.drop(columns="amount"), "amount"),
    (lambda log: log.drop(columns="customer_id"), "customer_id"),
    (lambda log: log.assign(date=log["date"].dt.strftime("%d/%m/%Y")), "date"),
    (lambda log: log.assign(amount=[1.0, None, 2.0, 3.0, 4.0]), "amount"),
    (lambda log: log.assign(date=log["date"].where(log.index != 0)), "date"),
    (lambda log: log.iloc[:0], "transactions"),
])
def test_unusable_order_lists_are_explained(change, field):
    with pytest.raises(InputError) as error:
        customer_summary(change(small_log()))
    assert error.value.fields == (field,)


def test_missing_values_are_counted_in_the_message():
    with pytest.raises(InputError, match=r"Some orders have no amount \(1 in all\)"):
        customer_summary(small_log().assign(amount=[1.0, None, 2.0, 3.0, 4.0]))


def test_unknown_time_unit_and_early_observation_end():
    with pytest.raises(InputError) as error:
        customer_summary(small_log(), time_unit="Y")
    assert error.value.fields == ("time_unit",)
    with pytest.raises(InputError, match="first order is on 1/1/2024") as error:
        customer_summary(small_log(), observation_end="2023-06-30")
    assert error.value.fields == ("observation_end",)


def naive_summary(log: pd.DataFrame, end: pd.Timestamp, unit_days: float) -> pd.DataFrame:
    """The definitions of the module docstring, written the slow and obvious way."""
    days = (log.assign(day=log["date"].dt.floor("D")).query("day <= @end")
            .groupby(["customer_id", "day"])["amount"].sum().reset_index())
    rows = {}
    for customer, purchases in days.groupby("customer_id"):
        first, last = purchases["day"].min(), purchases["day"].max()
        repeat = purchases[purchases["day"] > first]["amount"]
        rows[customer] = [len(repeat), (last - first).days / unit_days, (end - first).days / unit_days,
                          repeat.mean() if len(repeat) else 0.0]
    return pd.DataFrame.from_dict(rows, orient="index", columns=["frequency", "recency", "T", "monetary_value"])


order_logs = st.lists(
    st.tuples(st.integers(1, 6), st.integers(0, 60), st.integers(0, 23), st.floats(0.5, 500)),
    min_size=1, max_size=40,
).map(lambda rows: pd.DataFrame({
    "customer_id": [row[0] for row in rows],
    "date": pd.Timestamp("2024-01-01") + pd.to_timedelta([row[1] * 24 + row[2] for row in rows], unit="h"),
    "amount": [row[3] for row in rows],
}))


@settings(max_examples=60, deadline=None)
@given(log=order_logs, end_offset=st.integers(0, 70), time_unit=st.sampled_from(["D", "W", "M"]))
def test_summary_agrees_with_the_definitions(log, end_offset, time_unit):
    end = pd.Timestamp("2024-01-01") + pd.Timedelta(days=end_offset)
    if (log["date"].dt.floor("D") > end).all():
        return
    summary = customer_summary(log.sample(frac=1, random_state=0), observation_end=end, time_unit=time_unit)
    expected = naive_summary(log, end, TIME_UNIT_DAYS[time_unit])
    assert summary.index.tolist() == expected.index.tolist()
    np.testing.assert_allclose(summary.to_numpy(float), expected.to_numpy(float), rtol=1e-12)
    kept = log[log["date"].dt.floor("D") <= end]
    assert (summary["frequency"] + 1).sum() + summary.attrs["merged_same_day"] == len(kept)
    assert ((summary["recency"] >= 0) & (summary["recency"] <= summary["T"])).all()
