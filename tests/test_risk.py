"""Risk bands, the next order's likely day and the win-back list (retention.btyd.risk), against hand-computed values
and against orders drawn from a known model."""

import numpy as np
import pandas as pd
import pytest

from retention import BGNBD, GammaGamma
from retention.btyd.forecast import forecast
from retention.btyd.risk import bands, customer_risk, time_to_likely_order, win_back
from retention.btyd.simulation import simulate_transactions

MODEL = BGNBD(r=0.5, alpha=3.0, a=0.8, b=4.0, time_unit="W")


@pytest.mark.parametrize(("p", "repeat", "band"), [
    (0.99, 1, "active"), (0.67, 4, "active"), (2 / 3, 4, "at_risk"), (0.5, 1, "at_risk"), (1 / 3, 2, "at_risk"),
    (0.33, 2, "gone"), (0.01, 9, "gone"), (1.0, 0, "once"),
])
def test_bands_follow_the_stated_limits(p, repeat, band):
    assert bands(np.array([p]), np.array([repeat])).tolist() == [band]


def test_the_next_order_is_likely_when_its_chance_reaches_one_half():
    p, x, age = np.array([0.9, 0.6, 0.5, 0.2]), np.array([3.0, 1.0, 2.0, 5.0]), np.array([20.0, 10.0, 5.0, 30.0])
    wait = time_to_likely_order(MODEL, p, x, age)
    # P(t) = p (1 - ((α + T) / (α + T + t)) ** (r + x)) is 1/2 at the wait, for p > 1/2
    chance = p[:2] * (1 - ((MODEL.alpha + age[:2]) / (MODEL.alpha + age[:2] + wait[:2])) ** (MODEL.r + x[:2]))
    assert chance == pytest.approx([0.5, 0.5])
    assert wait[0] == pytest.approx(23 * ((1 - 0.5 / 0.9) ** (-1 / 3.5) - 1))  # by hand: 23 × 0.2607 = 6.00 weeks
    assert np.isnan(wait[2:]).all()  # p ≤ 1/2: an order is never more likely than not


def test_a_wait_beyond_the_horizon_is_none_expected():
    summary = pd.DataFrame({"frequency": [3.0, 3.0], "recency": [19.0, 19.0], "T": [20.0, 20.0]})
    alive = pd.Series([0.9, 0.9])
    risk = customer_risk(MODEL, summary, alive, horizon=5.9)  # the wait is 5.997 weeks
    assert risk["wait"].isna().all() and risk["risk"].tolist() == ["active", "active"]
    assert customer_risk(MODEL, summary, alive, horizon=6.0)["wait"].tolist() == pytest.approx([5.9969] * 2,
                                                                                                 abs=1e-4)


def test_win_back_ranks_the_slipping_repeat_customers_by_value_at_risk():
    customers = pd.DataFrame({
        "customer_id": ["a", "b", "c", "d", "e"], "spent_so_far": [100.0, 500.0, 400.0, 900.0, 50.0],
        "probability_alive": [0.2, 0.5, 0.1, 0.9, 1.0], "risk": ["gone", "at_risk", "gone", "active", "once"],
    })
    found = win_back(customers)
    assert found["customer_id"].tolist() == ["c", "b", "a"]  # 360, 250, 80
    assert found["value_at_risk"].tolist() == pytest.approx([360.0, 250.0, 80.0])


def test_on_drawn_orders_the_bands_order_the_next_orders_expected():
    """On orders drawn from a known model: the likely active are the most often expected to order within the
    look-ahead, the probably gone never are, and every one-time buyer has their own band."""
    orders = simulate_transactions(2000, MODEL, GammaGamma(p=6.0, q=4.0, gamma=15.0), observation_periods=104,
                                   acquisition_periods=26, seed=5)
    customers = forecast(orders, horizon=52, holdout=False).customers
    later = customers.groupby("risk")["next_order_by"].apply(lambda dates: dates.notna().mean())
    assert later["active"] > 0.5 and later["active"] > later["at_risk"] and later["gone"] == 0.0
    assert (customers.loc[customers["risk"] == "once", "probability_alive"] == 1.0).all()
