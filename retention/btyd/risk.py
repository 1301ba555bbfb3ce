"""Each customer in a shop owner's words: a risk band, the day the next order is likely by, and whom to win back.

Risk bands follow p, the purchase model's chance that the customer is still a customer (BG/NBD's P(alive)):
*likely active* above 2/3, *at risk* from 1/3 to 2/3, *probably gone* below 1/3. A customer who bought once has
``once``: the model lets a customer leave only right after a repeat purchase, so their p is 1 whatever their
silence, and a band built on it would call a customer silent for three years "likely active".

Next order: while a customer is active they buy at their own rate λ, which after x repeat purchases in an age T
follows Gamma(r + x, α + T); they can leave only right after a purchase, so the chance of an order within t of
the observation date is P(t) = p · (1 − ((α + T) / (α + T + t)) ** (r + x)). The next order is *likely by* the t
where P(t) = 1/2, t = (α + T) · ((1 − 1 / (2p)) ** (−1 / (r + x)) − 1), which exists for p > 1/2 only; beyond the
look-ahead, or for p ≤ 1/2, no order is more likely than not ("none expected").

Win back first: the repeat customers at risk or probably gone, ranked by value at risk = spent so far × (1 − p),
the past value of a customer weighted by the chance that they have left.

>>> bands(np.array([0.9, 0.5, 0.2, 1.0]), np.array([3, 2, 1, 0])).tolist()
['active', 'at_risk', 'gone', 'once']
>>> model = BGNBD(r=1.0, alpha=10.0, a=1.0, b=1.0, time_unit="W")
>>> wait = time_to_likely_order(model, np.array([2 / 3, 0.4]), np.array([1.0, 1.0]), np.array([10.0, 10.0]))
>>> round(float(wait[0]), 6), bool(np.isnan(wait[1]))  # (10 + 10) · ((1 - 0.75) ** (-1 / 2) - 1) = 20
(20.0, True)
"""

import numpy as np
import pandas as pd

from retention.btyd.bgnbd import BGNBD

__all__ = ["BANDS", "LIKELY", "RISK_LIMITS", "bands", "customer_risk", "time_to_likely_order", "win_back"]

#: Chance still a customer above the upper limit: likely active; below the lower: probably gone; else at risk.
RISK_LIMITS = (1 / 3, 2 / 3)
#: The bands, most hopeful first; ``once`` is a one-time buyer (no repeat purchase to judge by).
BANDS = ("active", "at_risk", "gone", "once")
#: The next order is "likely by" the day its chance reaches this.
LIKELY = 0.5


def bands(probability_alive: np.ndarray, repeat_purchases: np.ndarray) -> np.ndarray:
    """Each customer's band: ``active`` (p > 2/3), ``at_risk`` (1/3 ≤ p ≤ 2/3), ``gone`` (p < 1/3), ``once``."""
    low, high = RISK_LIMITS
    found = np.select([probability_alive > high, probability_alive >= low], ["active", "at_risk"], "gone")
    return np.where(repeat_purchases > 0, found, "once").astype(object)


def time_to_likely_order(model: BGNBD, probability_alive: np.ndarray, repeat_purchases: np.ndarray,
                         age: np.ndarray) -> np.ndarray:
    """Time units from the observation date until an order is more likely than not (the module's formula); NaN when
    it never is (p ≤ 1/2)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        remaining = 1 - LIKELY / probability_alive
        wait = (model.alpha + age) * (remaining ** (-1 / (model.r + repeat_purchases)) - 1)
    return np.where(probability_alive > LIKELY, wait, np.nan)


def customer_risk(model: BGNBD, summary: pd.DataFrame, probability_alive: pd.Series,
                  horizon: float) -> pd.DataFrame:
    """Per customer of ``summary`` (frequency x, age T): ``risk`` (:func:`bands`) and ``wait``, the time units until
    the next order is likely (:func:`time_to_likely_order`), NaN when none is within ``horizon``."""
    p = probability_alive.to_numpy(float)
    x, age = summary["frequency"].to_numpy(float), summary["T"].to_numpy(float)
    wait = time_to_likely_order(model, p, x, age)
    return pd.DataFrame({"risk": bands(p, x), "wait": np.where(wait <= horizon, wait, np.nan)},
                        index=summary.index)


def win_back(customers: pd.DataFrame) -> pd.DataFrame:
    """The repeat customers at risk or probably gone, highest value at risk first, with ``value_at_risk`` =
    ``spent_so_far`` × (1 − ``probability_alive``). ``customers``: the forecast's table of customers."""
    slipping = customers[customers["risk"].isin(("at_risk", "gone"))].copy()
    slipping["value_at_risk"] = slipping["spent_so_far"] * (1 - slipping["probability_alive"])
    return slipping.sort_values("value_at_risk", ascending=False, kind="stable").reset_index(drop=True)
