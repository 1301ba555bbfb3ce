"""The 80% ranges: they hold the figure, narrow as the log grows, draw futures the model expects, and cover what
happened in about 80% of logs drawn from known parameters."""

import numpy as np
import pandas as pd
import pytest

from retention import BGNBD, GammaGamma, calibration_holdout_split, customer_summary, predict_clv
from retention.btyd.ranges import (
    FUTURES,
    _future_purchases,
    _future_spend,
    forecast_ranges,
    purchases_range,
)
from retention.btyd.simulation import simulate_transactions

TRUE_PURCHASES = BGNBD(r=1.0, alpha=6.0, a=0.8, b=4.0, time_unit="W")
TRUE_SPEND = GammaGamma(p=6.0, q=4.0, gamma=15.0)
WEEKS, ACQUISITION_WEEKS, HOLDOUT_WEEKS, HORIZON_WEEKS = 104, 52, 26, 52
#: The coverage check: logs drawn, customers in each, and the share of covered totals accepted.
LOGS, LOG_CUSTOMERS, COVERED = 200, 400, (0.7, 0.9)


def drawn_summary(customers: int, seed: int) -> pd.DataFrame:
    orders = simulate_transactions(customers, TRUE_PURCHASES, TRUE_SPEND, observation_periods=WEEKS,
                                   acquisition_periods=ACQUISITION_WEEKS, seed=seed)
    return customer_summary(orders, orders.attrs["observation_end"], "W")


def ranges_of(summary: pd.DataFrame):
    purchases, spend = BGNBD.fit(summary), GammaGamma.fit(summary)
    values = predict_clv(purchases, spend, summary, HORIZON_WEEKS, 0.1, 0.3)
    return values, forecast_ranges(purchases, spend, summary, values, HORIZON_WEEKS, 0.1, 0.3)


@pytest.fixture(scope="module")
def small():
    return ranges_of(drawn_summary(500, seed=1))


@pytest.fixture(scope="module")
def large():
    return ranges_of(drawn_summary(8000, seed=1))


def test_every_range_holds_its_figure(small):
    values, ranges = small
    clv = values["predicted_clv"]
    assert ((ranges.customers["clv_low"] < clv) & (clv < ranges.customers["clv_high"])).all()
    for figure, point in ((ranges.purchases, values["expected_purchases"].sum()), (ranges.total_value, clv.sum()),
                          (ranges.value_per_customer, clv.mean())):
        assert 0 < figure.low < point < figure.high


def test_ranges_narrow_as_the_log_grows(small, large):
    """16 times the customers: the relative width of each range shrinks, the parameters' part by about 4."""
    def widths(result):
        values, ranges = result
        customer = (ranges.customers["clv_high"] - ranges.customers["clv_low"]) / values["predicted_clv"]
        total = (ranges.total_value.high - ranges.total_value.low) / values["predicted_clv"].sum()
        return customer.median(), total

    (small_customer, small_total), (large_customer, large_total) = widths(small), widths(large)
    assert large_customer < small_customer / 2.5
    assert large_total < small_total / 2.5


def test_a_model_given_by_hand_has_only_the_chance_of_who_buys():
    summary = drawn_summary(500, seed=1)
    values = predict_clv(TRUE_PURCHASES, TRUE_SPEND, summary, HORIZON_WEEKS, 0.1, 0.3)
    ranges = forecast_ranges(TRUE_PURCHASES, TRUE_SPEND, summary, values, HORIZON_WEEKS, 0.1, 0.3)
    assert (ranges.customers["clv_low"] == values["predicted_clv"]).all()
    assert ranges.total_value.low < values["predicted_clv"].sum() < ranges.total_value.high


def test_drawn_futures_average_to_the_models_expectations():
    """Mean drawn purchases and spend per customer over 25 × 2,000 futures: within 2% of E[Y] and E[Y]·E[M]."""
    summary = drawn_summary(2000, seed=2)
    rng = np.random.default_rng(5)
    alive = TRUE_PURCHASES.probability_alive(summary).to_numpy()
    purchases = _future_purchases(TRUE_PURCHASES, summary, alive, HORIZON_WEEKS, rng)
    spend = _future_spend(TRUE_SPEND, summary, purchases, rng)
    assert purchases.shape == (2000, FUTURES // 2000)
    expected = TRUE_PURCHASES.conditional_expected_purchases(HORIZON_WEEKS, summary)
    assert purchases.mean(axis=1).sum() == pytest.approx(expected.sum(), rel=0.02)
    expected_spend = expected * TRUE_SPEND.conditional_expected_spend(summary)
    assert spend.mean(axis=1).sum() == pytest.approx(expected_spend.sum(), rel=0.02)


def test_the_holdout_range_covers_the_truth_in_about_80_percent_of_logs():
    """200 logs of 400 customers from known parameters, each fitted on all but its last 26 weeks: the 80% range of
    the holdout's total purchases holds the purchases made in 70-90% of them."""
    covered = 0
    for seed in range(LOGS):
        orders = simulate_transactions(LOG_CUSTOMERS, TRUE_PURCHASES, TRUE_SPEND, observation_periods=WEEKS,
                                       acquisition_periods=ACQUISITION_WEEKS, seed=1000 + seed)
        end = orders.attrs["observation_end"]
        calibration = calibration_holdout_split(orders, end - pd.Timedelta(weeks=HOLDOUT_WEEKS), end, "W")
        holdout = purchases_range(BGNBD.fit(calibration), calibration, HOLDOUT_WEEKS)
        covered += holdout.low <= calibration["frequency_holdout"].sum() <= holdout.high
    assert COVERED[0] <= covered / LOGS <= COVERED[1]
