"""Predicted customer lifetime value: the discounting by hand, invariances, settings and time units."""

import math

import numpy as np
import pandas as pd
import pytest

from retention.btyd.bgnbd import BGNBD
from retention.btyd.clv import predict_clv
from retention.btyd.gamma_gamma import GammaGamma
from retention.errors import InputError

PURCHASES = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="W")  # CDNOW, Fader et al. (2005)
SPEND = GammaGamma(p=6.25, q=3.74, gamma=15.44)  # CDNOW, Fader and Hardie (2013)
CUSTOMERS = pd.DataFrame(
    {"frequency": [2, 1, 0, 7], "recency": [30.43, 1.71, 0.0, 35.0], "T": [38.86, 38.86, 38.86, 36.0],
     "monetary_value": [22.35, 11.77, 0.0, 41.5]},
    index=pd.Index([1, 2, 3, 4], name="customer_id"),
)


def test_columns_and_undiscounted_value():
    clv = predict_clv(PURCHASES, SPEND, CUSTOMERS, horizon=39, discount_rate=0, margin=0.3)
    assert clv.columns.tolist() == ["probability_alive", "expected_purchases", "expected_spend", "predicted_clv"]
    assert clv.index.equals(CUSTOMERS.index)
    purchases = PURCHASES.conditional_expected_purchases(39, CUSTOMERS)
    spend = SPEND.conditional_expected_spend(CUSTOMERS)
    assert clv["expected_purchases"].to_numpy() == pytest.approx(purchases.to_numpy())
    assert clv["predicted_clv"].to_numpy() == pytest.approx(0.3 * (spend * purchases).to_numpy())
    assert clv["probability_alive"].to_numpy() == pytest.approx(PURCHASES.probability_alive(CUSTOMERS).to_numpy())
    assert clv.loc[1, "predicted_clv"] == pytest.approx(0.3 * 24.664 * 1.226, rel=1e-3)  # module docstring


def test_discounting_by_hand():
    # 2.5 weeks at 10% a year: steps end at weeks 1, 2 and 2.5, each discounted by 1.1 ** -(weeks · 7 / 365.25).
    clv = predict_clv(PURCHASES, SPEND, CUSTOMERS, horizon=2.5, discount_rate=0.1, margin=0.5)
    cumulative = PURCHASES.conditional_expected_purchases([1.0, 2.0, 2.5], CUSTOMERS).to_numpy()
    increments = np.diff(cumulative, axis=1, prepend=0.0)
    factors = [1.1 ** -(weeks * 7 / 365.25) for weeks in (1.0, 2.0, 2.5)]
    expected = 0.5 * SPEND.conditional_expected_spend(CUSTOMERS).to_numpy() * (increments @ factors)
    assert clv["predicted_clv"].to_numpy() == pytest.approx(expected, rel=1e-12)
    assert clv["expected_purchases"].to_numpy() == pytest.approx(cumulative[:, -1])


def test_value_moves_the_right_way():
    def value(**settings):
        options = {"horizon": 52, "discount_rate": 0.1, "margin": 0.3, **settings}
        return predict_clv(PURCHASES, SPEND, CUSTOMERS, **options)["predicted_clv"].to_numpy()

    assert (value(discount_rate=0.2) < value()).all() and (value() < value(discount_rate=0)).all()
    assert (value(horizon=104) > value()).all()
    assert value(margin=0.6) == pytest.approx(2 * value())
    assert value(margin=0) == pytest.approx(np.zeros(4))


def test_the_time_unit_does_not_change_the_value():
    in_days = BGNBD(r=PURCHASES.r, alpha=PURCHASES.alpha * 7, a=PURCHASES.a, b=PURCHASES.b, time_unit="D")
    customers_in_days = CUSTOMERS.assign(recency=CUSTOMERS["recency"] * 7, T=CUSTOMERS["T"] * 7)
    weekly = predict_clv(PURCHASES, SPEND, CUSTOMERS, horizon=52, discount_rate=0, margin=0.3)
    daily = predict_clv(in_days, SPEND, customers_in_days, horizon=364, discount_rate=0, margin=0.3)
    assert daily.to_numpy() == pytest.approx(weekly.to_numpy(), rel=1e-9)
    # Discounted daily instead of weekly, purchases wait on average half a week less: about 0.1% more value.
    weekly = predict_clv(PURCHASES, SPEND, CUSTOMERS, horizon=52, discount_rate=0.1, margin=0.3)
    daily = predict_clv(in_days, SPEND, customers_in_days, horizon=364, discount_rate=0.1, margin=0.3)
    ratio = daily["predicted_clv"] / weekly["predicted_clv"]
    assert ratio.between(1, 1 + 3.5 / 365.25 * math.log(1.1) * 1.01).all()


def test_time_unit_from_the_summary_or_refused():
    unitless = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426)
    with pytest.raises(InputError) as error:
        predict_clv(unitless, SPEND, CUSTOMERS, horizon=39, discount_rate=0.1, margin=0.3)
    assert error.value.fields == ("time_unit",)
    in_weeks = CUSTOMERS.copy()
    in_weeks.attrs["time_unit"] = "W"
    expected = predict_clv(PURCHASES, SPEND, CUSTOMERS, horizon=39, discount_rate=0.1, margin=0.3)
    assert predict_clv(unitless, SPEND, in_weeks, horizon=39, discount_rate=0.1, margin=0.3).equals(expected)
    in_weeks.attrs["time_unit"] = "D"
    with pytest.raises(InputError, match="weeks but the customer summary counts it in days"):
        predict_clv(PURCHASES, SPEND, in_weeks, horizon=39, discount_rate=0.1, margin=0.3)


def test_bad_settings_are_all_reported_at_once():
    with pytest.raises(InputError) as error:
        predict_clv(PURCHASES, SPEND, CUSTOMERS, horizon=0, discount_rate=-0.1, margin=1.5)
    assert error.value.fields == ("horizon", "discount_rate", "margin")
    for settings in ({"horizon": math.inf}, {"horizon": -3}, {"discount_rate": math.nan}, {"margin": -0.1}):
        options = {"horizon": 39, "discount_rate": 0.1, "margin": 0.3, **settings}
        with pytest.raises(InputError) as error:
            predict_clv(PURCHASES, SPEND, CUSTOMERS, **options)
        assert error.value.fields == tuple(settings)


def test_customers_without_an_expected_spend_get_no_value():
    wild_spend = GammaGamma(p=1.0, q=0.8, gamma=10.0)  # no mean spend: one-time buyers cannot be valued
    with pytest.warns(UserWarning, match="cannot give a typical spend"):
        clv = predict_clv(PURCHASES, wild_spend, CUSTOMERS, horizon=39, discount_rate=0.1, margin=0.3)
    assert np.isnan(clv.loc[3, "predicted_clv"]) and np.isnan(clv.loc[3, "expected_spend"])
    assert np.isfinite(clv.drop(index=3).to_numpy()).all()
