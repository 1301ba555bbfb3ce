"""One rule for the day of an order: the local calendar day the shop saw, the same in every computation.

The New York case: 23:30 on 1 March 2024 in New York is 04:30 on 2 March in UTC, and it counts as 1 March.
"""

import pandas as pd
import pandas.testing as pdt
import pytest

from retention.btyd.bgnbd import BGNBD
from retention.btyd.customer_summary import customer_summary
from retention.btyd.forecast import forecast
from retention.btyd.gamma_gamma import GammaGamma
from retention.btyd.simulation import simulate_transactions
from retention.errors import InputError
from retention.orders.habits import days_between_purchases
from retention.orders.order_log import day_date, day_number, day_numbers
from retention.orders.period_table import period_table

NEW_YORK = "America/New_York"


def late_in_new_york(days: pd.Series) -> pd.Series:
    """Each day at 23:30 in New York, after midnight in UTC."""
    return (days.dt.normalize() + pd.Timedelta(hours=23, minutes=30)).dt.tz_localize(NEW_YORK)


def test_the_day_is_the_wall_clock_date():
    late = pd.Timestamp("2024-03-01 23:30", tz=NEW_YORK)
    assert day_date(day_number(late)) == pd.Timestamp("2024-03-01")
    assert day_numbers(pd.Series([late])).tolist() == [day_number("2024-03-01")]


def test_customer_summary_counts_a_late_order_on_its_local_day():
    orders = pd.DataFrame({"customer_id": ["ann", "ann"], "amount": [10.0, 20.0],
                           "date": late_in_new_york(pd.Series(pd.to_datetime(["2024-02-23", "2024-03-01"])))})
    summary = customer_summary(orders, observation_end=pd.Timestamp("2024-03-01 23:45", tz=NEW_YORK), time_unit="D")
    assert summary.attrs["observation_end"] == pd.Timestamp("2024-03-01")
    assert summary.loc["ann", ["frequency", "recency", "T"]].tolist() == [1, 7.0, 7.0]


def test_period_table_puts_a_late_order_in_its_local_month():
    orders = pd.DataFrame({"customer_id": ["ann", "bob"], "amount": [10.0, 20.0],
                           "date": late_in_new_york(pd.Series(pd.to_datetime(["2024-02-01", "2024-03-31"])))})
    table = period_table(orders)
    assert table.index.astype(str).tolist() == ["2024-02", "2024-03"]
    assert table["revenue"].tolist() == [10.0, 20.0]


def test_forecast_with_time_zones_matches_the_wall_clock_dates():
    naive = simulate_transactions(300, BGNBD(r=0.5, alpha=3.0, a=0.8, b=4.0, time_unit="W"),
                                  GammaGamma(p=6.0, q=4.0, gamma=15.0), observation_periods=52, acquisition_periods=13,
                                  seed=5)
    naive = naive.assign(date=naive["date"].dt.normalize())
    in_new_york = naive.assign(date=late_in_new_york(naive["date"]))
    end, split = pd.Timestamp("2024-12-01"), pd.Timestamp("2024-09-01")
    expected = forecast(naive, observation_end=end, holdout=split)
    result = forecast(in_new_york, observation_end=pd.Timestamp("2024-12-01 23:30", tz=NEW_YORK),
                      holdout=pd.Timestamp("2024-09-01 23:30", tz=NEW_YORK))
    assert result.observation_end == end and result.holdout.calibration_end == split
    assert result.holdout.actual_purchases == expected.holdout.actual_purchases
    pdt.assert_frame_equal(result.customers, expected.customers)


LOG = pd.DataFrame({"customer_id": ["ann", "ann", "bob"], "amount": [10.0, 20.0, 5.0], "order_id": ["1", "2", "3"],
                    "date": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15"])})


@pytest.mark.parametrize(("log", "messages"), [
    (LOG.drop(columns=["customer_id", "date"]), {"customer_id": "The order list has no “customer_id” column.",
                                                 "date": "The order list has no “date” column."}),
    (LOG.iloc[:0], {"transactions": "The order list is empty: there is nothing to compute."}),
    (LOG.assign(date=LOG["date"].astype(str)), {"date": "The “date” column does not hold dates. Check which column "
                                                        "holds the order dates and how they are written."}),
    (LOG.assign(order_id=[None, None, "3"]), {"order_id": "Some orders have no order_id (2 in all). Fill them in or "
                                                          "remove those orders, then try again."}),
])
def test_the_forecast_and_the_period_table_refuse_a_log_in_the_same_words(log, messages):
    for compute in (customer_summary, period_table, days_between_purchases):
        with pytest.raises(InputError) as caught:
            compute(log)
        assert caught.value.messages == messages
