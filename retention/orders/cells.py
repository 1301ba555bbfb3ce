"""The order log as (customer, period) cells: what the period table and the cohorts are counted from.

Customers get integer codes, days become period numbers (``freq`` "W", "M", "Q" or "Y"), and the rows of one
customer in one period form a cell; :class:`Purchases` holds the cells sorted by customer then period.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from retention.errors import InputError
from retention.orders.order_log import day_number, day_numbers
from retention.words import words

__all__ = ["DENSE_CELLS", "FREQUENCIES", "PERIOD_FREQUENCIES", "Groups", "Purchases", "codes", "distinct", "frequency",
           "ordinals", "period_index", "purchase_cells", "purchase_days"]

#: Period frequencies and the calculator period whose metrics each row gets (its default length in days).
FREQUENCIES = {"W": "week", "M": "month", "Q": "quarter", "Y": "year"}
#: The frequency of each calculator period: "month" -> "M".
PERIOD_FREQUENCIES = {period: freq for freq, period in FREQUENCIES.items()}

#: Groups are counted in a dense array of all (customer, period) cells when it has at most this many cells and at
#: most 8 cells per order row; otherwise they are found by sorting.
DENSE_CELLS = 1 << 26


def codes(values: pd.Series) -> np.ndarray:
    """Integer codes 0..k-1 of the distinct values (categories are used as they are)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy().astype(np.int64)
    return pd.factorize(values)[0].astype(np.int64)


def ordinals(days: np.ndarray, freq: str) -> np.ndarray:
    """pandas Period ordinals of the days: weeks (Monday to Sunday), months, quarters or years since 1970."""
    if freq == "W":
        return (days + 3) // 7 + 1
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return {"M": months, "Q": months // 3, "Y": months // 12}[freq]


def period_index(first: int, count: int, freq: str) -> pd.PeriodIndex:
    """The ``count`` periods from the one with ordinal ``first``, named "period"."""
    return pd.PeriodIndex.from_ordinals(np.arange(first, first + count), freq=freq, name="period")


def frequency(freq: str) -> str:
    """The frequency itself, or an InputError when it is not one of :data:`FREQUENCIES`."""
    if freq not in FREQUENCIES:
        raise InputError({"freq": words("transactions")["unknown_freq"].format(freq=freq)})
    return freq


def distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values in ascending order (sorting is faster here than numpy's hash-based unique)."""
    ordered = np.sort(keys)
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])] if len(ordered) else ordered


class Groups:
    """Distinct integer keys in ascending order, and sums over the rows of each key."""

    def __init__(self, keys: np.ndarray, size: int):
        self.rows, self.size = keys, size
        self.dense = size <= min(DENSE_CELLS, 8 * len(keys) + 1024)
        if self.dense:
            self.counts = np.bincount(keys, minlength=size)
            self.keys = np.flatnonzero(self.counts)
        else:
            self.keys, self.inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
            self.counts = counts

    def rows_in_group(self) -> np.ndarray:
        """For each row, how many rows share its key."""
        return self.counts[self.rows] if self.dense else self.counts[self.inverse]

    def sum(self, weights: np.ndarray | None = None) -> np.ndarray:
        """The number of rows of each key, or the sum of their weights."""
        if weights is None:
            return self.counts[self.keys] if self.dense else self.counts
        if self.dense:
            return np.bincount(self.rows, weights, minlength=self.size)[self.keys]
        return np.bincount(self.inverse, weights, minlength=len(self.keys))


@dataclass(frozen=True)
class Purchases:
    """The order log reduced to (customer, period) cells, sorted by customer then period.

    row_customer, row_day, row_period: customer code, day number and period of each order row;
    customer, period: one entry per cell (period counted from 0 = the first period of the log).
    """

    freq: str
    first: int
    count: int
    row_customer: np.ndarray
    row_day: np.ndarray
    row_period: np.ndarray
    cells: Groups
    customer: np.ndarray
    period: np.ndarray

    @property
    def index(self) -> pd.PeriodIndex:
        return period_index(self.first, self.count, self.freq)

    def per_period(self, periods: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Counts (or sums of weights) per period; periods past the last one are left out."""
        return np.bincount(periods, weights, minlength=self.count + 1)[: self.count].astype(float)


def purchase_cells(transactions: pd.DataFrame, freq: str, span: tuple | None = None) -> Purchases:
    """The (checked) order log as cells of ``freq`` periods, from the period of its first order to its last, or
    over the periods of ``span`` (first day, last day; dates of :func:`~retention.orders.order_log.day_number`) when
    it is wider: a part of a log counted over the whole log's periods."""
    customers = codes(transactions["customer_id"])
    days = day_numbers(transactions["date"])
    first_day, last_day = int(days.min()), int(days.max())
    if span is not None:
        first_day, last_day = min(first_day, day_number(span[0])), max(last_day, day_number(span[1]))
    numbers = ordinals(np.arange(first_day, last_day + 1), freq)
    first, count = int(numbers[0]), int(numbers[-1] - numbers[0]) + 1
    periods = (numbers - first)[days - first_day]
    cells = Groups(customers * count + periods, (int(customers.max()) + 1) * count)
    return Purchases(
        freq, first, count, customers, days, periods, cells, cells.keys // count, cells.keys % count
    )


def purchase_days(customers: np.ndarray, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(day of each repeat purchase, days since the customer's previous purchase day), sorted by customer."""
    first = days.min()
    span = int(days.max() - first) + 1
    keys = distinct(customers * span + (days - first))
    customer, day = keys // span, keys % span + first
    repeat = np.concatenate([[False], customer[1:] == customer[:-1]])
    return day[repeat], np.diff(day, prepend=day[0])[repeat]
