"""Cohorts by the period of their first purchase: the share of each that buys again k periods later
(:func:`cohort_matrix`), and the customers still with a subscription k periods on, pooled (:func:`subscription_curve`).
"""

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from retention.orders.cells import frequency, purchase_cells
from retention.orders.order_log import check_order_log, is_ibis_table

if TYPE_CHECKING:
    import ibis

__all__ = ["cohort_matrix", "subscription_curve"]


def cohort_matrix(
    transactions: "pd.DataFrame | ibis.Table", freq: str = "M", span: tuple | None = None
) -> pd.DataFrame:
    """Cohorts by period of first purchase: their size and the share of each buying k periods later.

    One row per cohort (index ``cohort``); the column ``customers`` is the cohort size, the columns 0, 1, 2, ...
    the share of the cohort that bought in the k-th period after its first (1.0 at k = 0). Periods after the end of
    the log (or of ``span``, first and last day, when it is wider) are NaN, not 0. ``transactions`` may be an ibis
    table: the buyers are then counted inside its engine (:mod:`retention.orders.ibis_engine`).

    >>> orders = pd.DataFrame({
    ...     "customer_id": ["ann", "bob", "ann", "cy"],
    ...     "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03", "2024-02-10"]),
    ... })
    >>> cohort_matrix(orders)  # doctest: +NORMALIZE_WHITESPACE
             customers    0    1
    cohort
    2024-01          2  1.0  0.5
    2024-02          1  1.0  NaN
    """
    if is_ibis_table(transactions):
        from retention.orders.ibis_engine import cohort_buyers
    else:
        cohort_buyers = _cohort_buyers
    index, buyers = cohort_buyers(transactions, frequency(freq), span)
    count = len(index)
    sizes = buyers[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = buyers / sizes[:, None]
    shares[np.arange(count)[:, None] + np.arange(count)[None, :] >= count] = np.nan
    matrix = pd.DataFrame(shares, index=index.rename("cohort"), columns=range(count))
    matrix.insert(0, "customers", sizes)
    return matrix[sizes > 0]


def subscription_curve(transactions: pd.DataFrame, freq: str = "M") -> pd.Series:
    """Survivors per period since the first purchase, pooled across cohorts, for the sBG model of a subscription.

    A subscriber who stops paying does not come back, so a customer counts as still subscribed k periods after
    their first order while they order in period k or later (a skipped period is not a departure; the cohort table
    counts only those who bought in period k itself). Cohorts are observed for different lengths, so they are
    pooled by the chain (actuarial, Kaplan-Meier) rule: with L a customer's periods from first to last order and
    O their cohort's periods observed after the first,

        S(k) = prod_{j=1..k} #{L >= j} / #{O >= j and L >= j - 1}

    (of those still there after j - 1 periods and observed at j, the share still there at j), and the curve is
    s_k = s_0 S(k) with s_0 = #{O >= 1}, the customers observed for at least one period. It never rises. It stops
    at the last period any cohort reaches. The last period of the log counts customers who may pay later as gone.

    >>> orders = pd.DataFrame({
    ...     "customer_id": ["ann", "ann", "bob", "bob", "bob", "cy", "cy"],
    ...     "date": pd.to_datetime(["2024-01-05", "2024-02-03", "2024-01-20", "2024-03-01", "2024-04-02",
    ...                             "2024-02-10", "2024-04-10"]),
    ... })
    >>> subscription_curve(orders).tolist()  # ann leaves after 1; bob skips February; cy is not seen at 3
    [3.0, 3.0, 2.0, 2.0]
    """
    purchases = purchase_cells(check_order_log(transactions), frequency(freq))
    first = np.concatenate([[True], purchases.customer[1:] != purchases.customer[:-1]])
    last = np.concatenate([first[1:], [True]])
    cohort = purchases.period[first]
    lasting, observed = purchases.period[last] - cohort, purchases.count - 1 - cohort
    ages = purchases.count
    still = np.cumsum(np.bincount(lasting, minlength=ages)[::-1])[::-1]  # #{L >= k}, k = 0 .. ages - 1
    at_risk = np.cumsum(np.bincount(np.minimum(observed, lasting + 1), minlength=ages)[::-1])[::-1]
    reached = int(np.flatnonzero(at_risk)[-1])
    share = np.cumprod(still[1 : reached + 1] / at_risk[1 : reached + 1])
    curve = at_risk[1] * np.concatenate([[1.0], share]) if reached else np.array([float(at_risk[0])])
    return pd.Series(curve, index=pd.RangeIndex(len(curve), name="period"), name="customers")


def _cohort_buyers(transactions: pd.DataFrame, freq: str, span: tuple | None) -> tuple[pd.PeriodIndex, np.ndarray]:
    """The periods and ``buyers[c, k]``: customers first buying in period c who buy k periods later."""
    purchases = purchase_cells(check_order_log(transactions), freq, span)
    count = purchases.count
    first_cell = np.concatenate([[True], purchases.customer[1:] != purchases.customer[:-1]])
    cohort = purchases.period[first_cell][np.cumsum(first_cell) - 1]
    buyers = np.bincount(cohort * count + purchases.period - cohort, minlength=count * count).reshape(count, count)
    return purchases.index, buyers
