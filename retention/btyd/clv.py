"""Predicted customer lifetime value per customer: expected purchases × expected spend × margin, discounted.

For customer i over the next H time units of the model (DESIGN §4), in steps of one time unit:

    CLV_i = m · E[M_i] · Σ_k (E[Y_i(t_k)] - E[Y_i(t_k-1)]) / (1 + d) ** (t_k · u / 365.25)

with t_k = min(k, H) for k = 1 .. ceil(H) and t_0 = 0 (the last step is shorter when H is not whole); E[Y_i(t)] the
expected purchases in the next t time units (BG/NBD, :mod:`retention.btyd.bgnbd`); E[M_i] the expected spend per
purchase (Gamma-Gamma, :mod:`retention.btyd.gamma_gamma`); m the margin, the share of spend kept as profit (0-1); d the
yearly discount rate (0.1 = 10% a year); u the length of the time unit in days (7 for weeks). The purchases
expected within a step are discounted from the end of that step. With d = 0, CLV_i = m · E[M_i] · E[Y_i(H)].
The value counts future purchases only, not what the customer has already spent.

>>> purchases = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="W")  # CDNOW, in weeks
>>> spend = GammaGamma(p=6.25, q=3.74, gamma=15.44)
>>> customer = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86], "monetary_value": [22.35]})
>>> predict_clv(purchases, spend, customer, horizon=39, discount_rate=0, margin=0.3).round(3).iloc[0].tolist()
[0.727, 1.226, 24.664, 9.072]

0.3 × 24.664 × 1.226 = 9.07: over the next 39 weeks this customer is expected to make 1.226 purchases of 24.66
each, of which 30% is profit.
"""

import math

import numpy as np
import pandas as pd

from retention.btyd.bgnbd import BGNBD, purchases_by_history
from retention.btyd.customer_summary import time_unit_days
from retention.btyd.fitting import check_time_unit
from retention.btyd.gamma_gamma import GammaGamma
from retention.errors import InputError
from retention.words import words

__all__ = ["discounted_purchases", "predict_clv", "time_grid"]


def _check_settings(horizon: float, discount_rate: float, margin: float) -> None:
    messages = words("forecast")
    errors = {}
    if not (math.isfinite(horizon) and horizon > 0):
        errors["horizon"] = messages["bad_horizon"]
    if not (math.isfinite(discount_rate) and discount_rate >= 0):
        errors["discount_rate"] = messages["bad_discount_rate"]
    if not (math.isfinite(margin) and 0 <= margin <= 1):
        errors["margin"] = messages["bad_margin"]
    if errors:
        raise InputError(errors)


def time_grid(bgnbd: BGNBD, summary: pd.DataFrame, horizon: float) -> tuple[np.ndarray, float]:
    """The ends t_k of the steps over the horizon, and the years per time unit (u / 365.25)."""
    check_time_unit(bgnbd.time_unit, summary)
    time_unit = bgnbd.time_unit or summary.attrs.get("time_unit")
    if time_unit is None:
        raise InputError({"time_unit": words("forecast")["time_unit_unknown"]})
    return np.minimum(np.arange(1, math.ceil(horizon) + 1), horizon), time_unit_days(time_unit) / 365.25


def discounted_purchases(models: list[BGNBD], summary: pd.DataFrame, ends: np.ndarray, years_per_step: float,
                         discount_rate: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per model (rows) and customer: (expected purchases by the last end, the same discounted by step, P(alive)).

    Σ_k (C_k - C_k-1) v_k = Σ_k C_k (v_k - v_k+1) with v_K+1 = 0, summed once per distinct (x, T) before it is
    spread over the customers and scaled by their P(alive): no matrix of customers × steps is made."""
    while_active, row_of, alive = purchases_by_history(models, ends, summary)
    discount = (1 + discount_rate) ** (-ends * years_per_step)
    discounted = np.einsum("ikj,j->ki", while_active, discount - np.append(discount[1:], 0.0))
    return while_active[row_of, :, -1].T * alive, discounted[:, row_of] * alive, alive


def predict_clv(bgnbd: BGNBD, gamma_gamma: GammaGamma, summary: pd.DataFrame, horizon: float,
                discount_rate: float, margin: float) -> pd.DataFrame:
    """Per customer: ``probability_alive``, ``expected_purchases`` and ``expected_spend`` over the horizon, and
    ``predicted_clv`` (formula in the module docstring).

    ``horizon`` is in the model's time unit (``bgnbd.time_unit``, else ``summary.attrs["time_unit"]``; one of them
    must be known), ``discount_rate`` is per year, ``margin`` a fraction. ``expected_purchases`` is undiscounted,
    ``expected_spend`` is per purchase; a customer without an expected spend (see :mod:`retention.btyd.gamma_gamma`)
    gets NaN.
    """
    _check_settings(horizon, discount_rate, margin)
    ends, years_per_step = time_grid(bgnbd, summary, horizon)
    (expected,), (discounted,), (alive,) = discounted_purchases([bgnbd], summary, ends, years_per_step,
                                                                 discount_rate)
    expected_spend = gamma_gamma.conditional_expected_spend(summary)
    return pd.DataFrame(
        {
            "probability_alive": alive,
            "expected_purchases": expected,
            "expected_spend": expected_spend,
            "predicted_clv": margin * expected_spend.to_numpy() * discounted,
        },
        index=summary.index,
    )
