"""Nothing the user did not give enters a result: assumed defaults are named on the figure, lifetime values wait
for a margin, and figures resting on too few customers say so (issue "honest figures")."""

import numpy as np
import pandas as pd
import pytest

from retention import BGNBD, GammaGamma
from retention.btyd.forecast import forecast
from retention.btyd.simulation import simulate_transactions
from retention.metrics.computing import compute_metrics, with_measured
from retention.orders.sample_size import small_sample_notes, thin_note, thin_period_note, thin_periods

TYPED = {"customers_start": 100, "customers_end": 99, "new_customers": 20, "revenue": 5000, "buyers": 100,
         "gross_margin": 0.4}


def test_a_default_the_formula_takes_is_named_on_the_figure():
    results = compute_metrics(TYPED)
    # 0.4 * 50 * 1 / (1 - 0.79) = 95.24: no discounting, no won-back customers
    assert results["customer_lifetime_value"].value == pytest.approx(0.4 * 50 / 0.21)
    assert results["customer_lifetime_value"].assumed == ("discount_rate",)
    assert results["customer_lifetime_value"].assumption == "Assumed, since not given: no discounting (0% a period)."
    assert results["retention_rate"].assumed == ("reactivated_customers",)
    assert results["retention_rate"].assumption == "Assumed, since not given: no won-back customers."
    assert results["net_promoter_score"].assumption == ""  # missing figures need, they assume nothing


def test_a_given_value_is_not_an_assumption():
    results = compute_metrics({**TYPED, "discount_rate": 0.0, "reactivated_customers": 0})
    assert all(result.assumed == () for result in results.values())
    assert results["customer_lifetime_value"].value == pytest.approx(0.4 * 50 / 0.21)


@pytest.fixture(scope="module")
def drawn_orders():
    purchases, spend = BGNBD(r=0.5, alpha=3.0, a=0.8, b=4.0, time_unit="W"), GammaGamma(p=6.0, q=4.0, gamma=15.0)
    return simulate_transactions(600, purchases, spend, observation_periods=78, acquisition_periods=26, seed=3)


def test_a_forecast_without_margin_keeps_every_figure_but_lifetime_values(drawn_orders):
    with_margin = forecast(drawn_orders, horizon=52, discount_rate=0.1, margin=0.3)
    without = forecast(drawn_orders, horizon=52, discount_rate=0.1, margin=None)
    assert without.margin is None
    values = ["predicted_clv", "clv_low", "clv_high"]
    assert without.customers[values].isna().all().all()
    assert np.isnan(without.total_clv) and np.isnan(without.average_clv) and np.isnan(without.top_share)
    assert np.isnan(without.ranges.total_value.low) and np.isnan(without.ranges.value_per_customer.high)
    assert without.ranges.purchases == with_margin.ranges.purchases
    # the same customers in the same order (ranked by the discounted predicted spend), the same other figures
    pd.testing.assert_frame_equal(without.customers.drop(columns=values), with_margin.customers.drop(columns=values))
    assert with_margin.total_clv > 0


@pytest.mark.parametrize(("customers", "periods", "keys"), [
    (99, 3, ["few_customers"]), (100, 3, []), (100, 2, ["few_periods"]), (4, 1, ["few_customers", "few_periods"]),
])
def test_a_log_warns_below_100_customers_or_3_periods(customers, periods, keys):
    assert [note.key for note in small_sample_notes(customers, periods)] == keys


def test_thin_periods_are_named_three_at_most():
    starts = [0, 5, 29, 30, 12, 1, 400]
    table = pd.DataFrame({"customers_start": starts}, index=pd.period_range("2024-01", periods=7, freq="M"))
    assert [str(period) for period in thin_periods(table)] == ["2024-02", "2024-03", "2024-05", "2024-06"]
    assert thin_note(table).message == ("Some periods start with fewer than 30 customers (2024-02, 2024-03, 2024-05 "
                                        "and 1 more): their retention and churn swing by chance, so compare them "
                                        "with care.")
    assert thin_note(table.iloc[[0, 3, 6]]) is None
    assert thin_periods(pd.DataFrame({"revenue": [1.0]})) == []


@pytest.mark.parametrize(("start", "points"), [(1, "100.0"), (8, "12.5"), (29, "3.4")])
def test_one_thin_period_says_how_far_one_customer_moves_retention(start, points):
    assert f"moves retention by {points} points" in thin_period_note(start).message


@pytest.mark.parametrize("start", [0, 30, 1000])
def test_a_period_with_none_or_enough_customers_has_no_note(start):
    assert thin_period_note(start) is None


def test_a_figure_measured_from_orders_replaces_the_estimate_and_says_so():
    estimated = compute_metrics({**TYPED, "orders": 125})  # 30 days / (125 / 100) = 24 days
    assert estimated["average_days_between_purchases"].value == pytest.approx(24.0)
    assert estimated["average_days_between_purchases"].label == "Days between purchases (estimate)"
    found = with_measured(estimated, {"average_days_between_purchases": 31.5})
    measured = found["average_days_between_purchases"]
    assert (measured.value, measured.measured, measured.label) == (31.5, True, "Days between purchases")
    assert measured.worked == ("the mean of the days from each repeat purchase in the period back to the customer's "
                               "previous purchase = 31.5 days")
    assert found["retention_rate"] is estimated["retention_rate"]
    assert with_measured(estimated, {"average_days_between_purchases": float("nan")}) == estimated
