"""Cohorts by the period of their first purchase, and the share of each that buys again k periods later."""

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from retention.orders.cells import frequency, purchase_cells
from retention.orders.order_log import check_order_log, is_ibis_table

if TYPE_CHECKING:
    import ibis

__all__ = ["cohort_matrix"]


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


def _cohort_buyers(transactions: pd.DataFrame, freq: str, span: tuple | None) -> tuple[pd.PeriodIndex, np.ndarray]:
    """The periods and ``buyers[c, k]``: customers first buying in period c who buy k periods later."""
    purchases = purchase_cells(check_order_log(transactions), freq, span)
    count = purchases.count
    first_cell = np.concatenate([[True], purchases.customer[1:] != purchases.customer[:-1]])
    cohort = purchases.period[first_cell][np.cumsum(first_cell) - 1]
    buyers = np.bincount(cohort * count + purchases.period - cohort, minlength=count * count).reshape(count, count)
    return purchases.index, buyers
