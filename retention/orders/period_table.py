"""Per-period figures, cohorts and purchase habits from an order log (DESIGN §3).

=========================  ==========================================================================================
function                   what it gives
=========================  ==========================================================================================
period_table               one row per week, month, quarter or year: the DESIGN §2 input fields and every metric
partly_covered             the first and last periods that the orders cover only in part, with a note for each
with_metrics               any table of input fields (say an uploaded period table) plus one column per metric
cohort_matrix              cohort sizes and the share of each cohort buying again k periods after its first
days_between_purchases     the exact days between a customer's consecutive purchase days (the distribution)
revenue_concentration      the share of revenue from the top 20 % of customers, and the Pareto curve
=========================  ==========================================================================================

The order log has the columns of :func:`retention.io.readers.load_transactions`: ``customer_id``, ``date``,
``amount``, and optionally ``order_id``, ``quantity`` and ``returned_quantity``.

Rules of DESIGN §3, with ``w`` the active window (1 period by default): a customer is *active* at the end of period
t when they bought in one of the w periods ending with t. Then S = active at the end of t - 1, E = active at the end
of t, new customers N = active at t with their first purchase in t, won back A = active at t, not new, not active
at t - 1, lost = S - retained, so that S - lost + N + A = E always. R0 is the revenue in t - 1 of the customers
active at the end of t - 1; churned revenue is the t - 1 revenue of the lost ones; the retained ones add
max(0, revenue in t - revenue in t - 1) to expansion and max(0, revenue in t - 1 - revenue in t) to contraction, so
that R0 - churned - contraction + expansion = existing_revenue_current, their revenue in t.

A small log: Ann buys in January and February, Bob in January only, Cy in February and Ann comes back in April.

>>> orders = pd.DataFrame({
...     "customer_id": ["ann", "bob", "ann", "cy", "ann"],
...     "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03", "2024-02-10", "2024-04-01"]),
...     "amount": [10.0, 20.0, 15.0, 5.0, 30.0],
... })
>>> table = period_table(orders)
>>> columns = ["customers_start", "new_customers", "reactivated_customers", "customers_end"]
>>> table[columns]  # doctest: +NORMALIZE_WHITESPACE
         customers_start  new_customers  reactivated_customers  customers_end
period
2024-01                0              2                      0              2
2024-02                2              1                      0              2
2024-03                2              0                      0              0
2024-04                0              0                      1              1
>>> table.loc["2024-02", ["revenue_start", "churned_revenue", "expansion_revenue", "retention_rate"]].tolist()
[30.0, 20.0, 5.0, 0.5]

In February Ann stayed and Bob left: retention (2 - 1 - 0) / 2 = 50 %; the January revenue R0 = 30 lost Bob's 20
and gained 5 from Ann (10 -> 15).
"""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from retention.errors import InputError
from retention.fields import FIELD_NAMES, FIELDS_BY_NAME
from retention.metrics.computing import compute_metrics
from retention.metrics.registry import METRIC_KEYS
from retention.orders.order_log import check_order_log, day_date, day_numbers
from retention.words import words

__all__ = [
    "FREQUENCIES",
    "Concentration",
    "cohort_matrix",
    "days_between_purchases",
    "partly_covered",
    "period_table",
    "revenue_concentration",
    "with_metrics",
]

#: Period frequencies and the calculator period whose metrics each row gets (its default length in days).
FREQUENCIES = {"W": "week", "M": "month", "Q": "quarter", "Y": "year"}

#: Groups are counted in a dense array of all (customer, period) cells when it has at most this many cells and at
#: most 8 cells per order row; otherwise they are found by sorting.
_DENSE_CELLS = 1 << 26


def _message(key: str, **values) -> str:
    return words("transactions")[key].format(**values)


def _codes(values: pd.Series) -> np.ndarray:
    """Integer codes 0..k-1 of the distinct values (categories are used as they are)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy().astype(np.int64)
    return pd.factorize(values)[0].astype(np.int64)


def _ordinals(days: np.ndarray, freq: str) -> np.ndarray:
    """pandas Period ordinals of the days: weeks (Monday to Sunday), months, quarters or years since 1970."""
    if freq == "W":
        return (days + 3) // 7 + 1
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return {"M": months, "Q": months // 3, "Y": months // 12}[freq]


def _frequency(freq: str) -> str:
    if freq not in FREQUENCIES:
        raise InputError({"freq": _message("unknown_freq", freq=freq)})
    return freq


def _distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values in ascending order (sorting is faster here than numpy's hash-based unique)."""
    ordered = np.sort(keys)
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])] if len(ordered) else ordered


class _Groups:
    """Distinct integer keys in ascending order, and sums over the rows of each key."""

    def __init__(self, keys: np.ndarray, size: int):
        self.rows, self.size = keys, size
        self.dense = size <= min(_DENSE_CELLS, 8 * len(keys) + 1024)
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
class _Purchases:
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
    cells: _Groups
    customer: np.ndarray
    period: np.ndarray

    @property
    def index(self) -> pd.PeriodIndex:
        ordinals = np.arange(self.first, self.first + self.count)
        return pd.PeriodIndex.from_ordinals(ordinals, freq=self.freq, name="period")

    def per_period(self, periods: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Counts (or sums of weights) per period; periods past the last one are left out."""
        return np.bincount(periods, weights, minlength=self.count + 1)[: self.count].astype(float)


def _purchases(transactions: pd.DataFrame, freq: str) -> _Purchases:
    customers = _codes(transactions["customer_id"])
    days = day_numbers(transactions["date"])
    first_day = int(days.min())
    ordinals = _ordinals(np.arange(first_day, int(days.max()) + 1), freq)
    first, count = int(ordinals[0]), int(ordinals[-1] - ordinals[0]) + 1
    periods = (ordinals - first)[days - first_day]
    cells = _Groups(customers * count + periods, (int(customers.max()) + 1) * count)
    return _Purchases(
        freq, first, count, customers, days, periods, cells, cells.keys // count, cells.keys % count
    )


def _gaps_in_cells(purchases: _Purchases) -> tuple[np.ndarray, np.ndarray]:
    """For each cell: periods since the customer's previous cell and until the next one (a large number if none)."""
    same = purchases.customer[1:] == purchases.customer[:-1]
    steps = np.diff(purchases.period)
    never = np.full(1, np.iinfo(np.int64).max // 2)
    since = np.concatenate([never, np.where(same, steps, never)])
    until = np.concatenate([np.where(same, steps, never), never])
    return since, until


def _customer_fields(purchases: _Purchases, active_window: int) -> dict[str, np.ndarray]:
    """S, E, N, A per period from the active spans: runs of cells at most ``active_window`` periods apart."""
    since, until = _gaps_in_cells(purchases)
    period = purchases.period
    starts = since > active_window
    first_cell = np.concatenate([[True], purchases.customer[1:] != purchases.customer[:-1]])
    ends = until > active_window
    leaving = period[ends] + active_window
    end = np.cumsum(purchases.per_period(period[starts]) - purchases.per_period(leaving))
    return {
        "customers_start": np.concatenate([[0.0], end[:-1]]),
        "customers_end": end,
        "new_customers": purchases.per_period(period[starts & first_cell]),
        "reactivated_customers": purchases.per_period(period[starts & ~first_cell]),
    }


def _revenue_fields(purchases: _Purchases, revenue: np.ndarray, active_window: int) -> dict[str, np.ndarray]:
    """R0, churned, contraction, expansion and existing revenue per period (rules in the module docstring)."""
    since, until = _gaps_in_cells(purchases)
    period = purchases.period
    stays = (until == 1) | (active_window >= 2)
    retained = since <= active_window
    previous = np.concatenate([[0.0], revenue[:-1]])
    change_here = revenue - np.where(since == 1, previous, 0.0)
    drop_next = stays & (until != 1)
    changes = np.concatenate([change_here[retained], -revenue[drop_next]])
    change_periods = np.concatenate([period[retained], period[drop_next] + 1])
    start = purchases.per_period(period + 1, revenue)
    return {
        "revenue_start": start,
        "churned_revenue": purchases.per_period(period[~stays] + 1, revenue[~stays]),
        "contraction_revenue": purchases.per_period(change_periods, np.maximum(-changes, 0.0)),
        "expansion_revenue": purchases.per_period(change_periods, np.maximum(changes, 0.0)),
        "existing_revenue_previous": start,
        "existing_revenue_current": purchases.per_period(period[retained], revenue[retained]),
    }


def _orders_per_cell(transactions: pd.DataFrame, purchases: _Purchases) -> np.ndarray:
    """Distinct order ids in each cell, or rows where there is no order_id column.

    When the rows are sorted by order id, as exports usually are, the lines of one order in one cell are next to each
    other and are found by comparing neighbours; otherwise the ids of the rows that share their cell with another
    row are hashed.
    """
    rows = purchases.cells.sum()
    if "order_id" not in transactions.columns:
        return rows
    ids = pa.array(transactions["order_id"], from_pandas=True)
    cells = purchases.cells.rows
    same_id = pc.equal(ids[1:], ids[:-1]).to_numpy(zero_copy_only=False)
    if not pc.any(pc.less(ids[1:], ids[:-1])).as_py() and not (same_id & (cells[1:] < cells[:-1])).any():
        repeat = np.concatenate([[False], same_id & (cells[1:] == cells[:-1])])
        return rows - np.rint(purchases.cells.sum(repeat.astype(float))).astype(np.int64)
    shared = np.flatnonzero(purchases.cells.rows_in_group() > 1)
    orders = _codes(transactions["order_id"].iloc[shared])
    kinds = int(orders.max(initial=0)) + 1
    distinct = _distinct(purchases.cells.rows[shared] * kinds + orders) // kinds
    counts = np.bincount(np.searchsorted(purchases.cells.keys, distinct), minlength=len(rows))
    return np.where(rows > 1, counts, rows)


def _purchase_fields(
    transactions: pd.DataFrame, purchases: _Purchases, loyal_window: int, loyal_threshold: int
) -> dict[str, np.ndarray]:
    """orders, buyers, repeat buyers (two orders or more by the end of t) and loyal customers per period."""
    period = purchases.period
    orders = _orders_per_cell(transactions, purchases)
    total = np.cumsum(orders)
    first_cell = np.concatenate([[True], purchases.customer[1:] != purchases.customer[:-1]])
    before = np.maximum.accumulate(np.where(first_cell, np.arange(len(orders)), 0))
    orders_so_far = total - total[before] + orders[before]
    keys = purchases.cells.keys
    window_start = keys - np.minimum(period, loyal_window - 1)
    periods_bought = np.arange(len(keys)) - np.searchsorted(keys, window_start) + 1
    return {
        "buyers": purchases.per_period(period),
        "repeat_buyers": purchases.per_period(period[orders_so_far >= 2]),
        "orders": purchases.per_period(period, orders),
        "loyal_customers": purchases.per_period(period[periods_bought >= loyal_threshold]),
    }


def _purchase_days(customers: np.ndarray, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(day of each repeat purchase, days since the customer's previous purchase day), sorted by customer."""
    first = days.min()
    span = int(days.max() - first) + 1
    keys = _distinct(customers * span + (days - first))
    customer, day = keys // span, keys % span + first
    repeat = np.concatenate([[False], customer[1:] == customer[:-1]])
    return day[repeat], np.diff(day, prepend=day[0])[repeat]


def days_between_purchases(transactions: pd.DataFrame) -> pd.Series:
    """The exact days between each customer's consecutive purchase days: the distribution, one value per gap.

    Orders on the same day count as one purchase day, so every gap is at least 1 day. The mean of the series is
    the exact ``average_days_between_purchases`` of DESIGN §2.

    >>> orders = pd.DataFrame({
    ...     "customer_id": ["ann", "ann", "ann", "bob", "ann"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-11", "2024-01-05", "2024-01-31"]),
    ... })
    >>> days_between_purchases(orders).tolist()
    [10, 20]
    """
    check_order_log(transactions)
    _, gaps = _purchase_days(_codes(transactions["customer_id"]), day_numbers(transactions["date"]))
    return pd.Series(gaps, name="days_between_purchases")


def _average_gap(purchases: _Purchases) -> np.ndarray:
    """Mean days since the previous purchase day, over the repeat purchase days of each period (NaN if none)."""
    days, gaps = _purchase_days(purchases.row_customer, purchases.row_day)
    periods = _ordinals(days, purchases.freq) - purchases.first
    with np.errstate(invalid="ignore", divide="ignore"):
        return purchases.per_period(periods, gaps) / purchases.per_period(periods)


def _unit_fields(transactions: pd.DataFrame, purchases: _Purchases) -> dict[str, np.ndarray]:
    columns = {"units_sold": "quantity", "units_returned": "returned_quantity"}
    return {
        field: purchases.per_period(purchases.row_period, transactions[column].fillna(0).to_numpy(float))
        for field, column in columns.items()
        if column in transactions.columns
    }


def _as_kind(name: str, values: np.ndarray) -> np.ndarray:
    """Counts as whole numbers, money rounded to cents (sums of cents carry float noise such as 14843.210000000005)."""
    kind = FIELDS_BY_NAME[name].kind
    if kind == "count":
        return values.round().astype(np.int64)
    return values.round(2) if kind == "money" else values


def with_metrics(table: pd.DataFrame, freq: str = "M", period_days: float | None = None) -> pd.DataFrame:
    """The table of input fields (one row per period) with one more column per metric key (its ``.value``).

    ``freq`` ("W", "M", "Q" or "Y") sets the calculator period; ``period_days`` overrides its length. Empty cells
    are missing inputs, and a metric that needs them is NaN. Raises InputError, naming the period, for a row with
    impossible numbers.
    """
    period = FREQUENCIES[_frequency(freq)]
    fields = [name for name in table.columns if name in FIELD_NAMES]
    values = {key: [] for key in METRIC_KEYS}
    for label, row in zip(table.index, table[fields].to_dict("records"), strict=True):
        inputs = {name: value for name, value in row.items() if not pd.isna(value)}
        try:
            results = compute_metrics(inputs, period, period_days)
        except InputError as error:
            raise InputError(
                {name: _message("in_period", period=label, message=text) for name, text in error.messages.items()}
            ) from None
        for key in METRIC_KEYS:
            values[key].append(np.nan if results[key].value is None else results[key].value)
    return table.assign(**values)


def period_table(
    transactions: pd.DataFrame,
    freq: str = "M",
    active_window: int = 1,
    loyal_window: int = 3,
    loyal_threshold: int = 3,
) -> pd.DataFrame:
    """One row per period from the first to the last order: the DESIGN §2 input fields and every metric.

    freq: "W" (weeks from Monday), "M", "Q" or "Y". active_window: a customer is active at the end of t when they
    bought in one of the ``active_window`` periods ending with t. Loyal customers at t bought in t and in at least
    ``loyal_threshold`` of the ``loyal_window`` periods ending with t (default: in each of the last 3 periods).
    ``orders`` counts the distinct order ids of each customer in the period (rows, without an ``order_id``
    column); ``units_sold`` and ``units_returned`` sum the ``quantity`` and ``returned_quantity`` columns where
    present.
    ``average_days_between_purchases`` is exact: the mean days since the previous purchase day, over the repeat
    purchase days in the period. The settings are kept in ``table.attrs``.
    """
    check_order_log(transactions, needs_amount=True)
    for name, value in (("active_window", active_window), ("loyal_window", loyal_window)):
        if value < 1:
            raise InputError({name: _message("window_below_one")})
    if not 1 <= loyal_threshold <= loyal_window:
        raise InputError({"loyal_threshold": _message("loyal_threshold", window=loyal_window)})
    purchases = _purchases(transactions, _frequency(freq))
    revenue = purchases.cells.sum(transactions["amount"].to_numpy(float))
    fields = (
        _customer_fields(purchases, active_window)
        | _revenue_fields(purchases, revenue, active_window)
        | _purchase_fields(transactions, purchases, loyal_window, loyal_threshold)
        | {"revenue": purchases.per_period(purchases.period, revenue)}
        | _unit_fields(transactions, purchases)
    )
    inputs = pd.DataFrame(
        {name: _as_kind(name, fields[name]) for name in FIELD_NAMES if name in fields}, index=purchases.index
    )
    table = with_metrics(inputs, freq)
    table["average_days_between_purchases"] = _average_gap(purchases)
    table.attrs = {
        "freq": freq,
        "active_window": active_window,
        "loyal_window": loyal_window,
        "loyal_threshold": loyal_threshold,
    }
    return table


def partly_covered(transactions: pd.DataFrame, freq: str = "M") -> dict[pd.Period, str]:
    """The periods the log covers only in part, each with a note for people: the first period when the first order
    comes after its first day, the last when the last order comes before its last day (an export taken mid-month).
    Their figures hold only part of a period's buyers and revenue.

    >>> orders = pd.DataFrame({"customer_id": ["ann", "bob"], "date": pd.to_datetime(["2024-01-01", "2024-03-14"]),
    ...                        "amount": [10.0, 20.0]})
    >>> notes = partly_covered(orders)
    >>> list(notes), notes[pd.Period("2024-03", "M")].split(":")[0]
    ([Period('2024-03', 'M')], 'Your orders end on 2024-03-14, partway through the month 2024-03')
    """
    check_order_log(transactions)
    period = FREQUENCIES[_frequency(freq)]
    days = day_numbers(transactions["date"])
    first, last = day_date(days.min()), day_date(days.max())  # midnights
    notes = {}
    if first > (start := first.to_period(freq)).start_time:
        notes[start] = _message("partly_covered_start", date=first.date(), period=start, unit=period)
    if last < (end := last.to_period(freq)).end_time.normalize():
        notes[end] = _message("partly_covered_end", date=last.date(), period=end, unit=period)
    return notes


def cohort_matrix(transactions: pd.DataFrame, freq: str = "M") -> pd.DataFrame:
    """Cohorts by period of first purchase: their size and the share of each buying k periods later.

    One row per cohort (index ``cohort``); the column ``customers`` is the cohort size, the columns 0, 1, 2, ...
    the share of the cohort that bought in the k-th period after its first (1.0 at k = 0). Periods after the end of
    the log are NaN, not 0.

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
    purchases = _purchases(check_order_log(transactions), _frequency(freq))
    count = purchases.count
    first_cell = np.concatenate([[True], purchases.customer[1:] != purchases.customer[:-1]])
    cohort = purchases.period[first_cell][np.cumsum(first_cell) - 1]
    buyers = np.bincount(cohort * count + purchases.period - cohort, minlength=count * count).reshape(count, count)
    sizes = buyers[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = buyers / sizes[:, None]
    shares[np.arange(count)[:, None] + np.arange(count)[None, :] >= count] = np.nan
    matrix = pd.DataFrame(shares, index=purchases.index.rename("cohort"), columns=range(count))
    matrix.insert(0, "customers", sizes)
    return matrix[sizes > 0]


@dataclass(frozen=True)
class Concentration:
    """How concentrated revenue is on the best customers.

    top_share: the share of customers looked at (0.2 for the 80/20 rule); top_customers: how many customers that is
    (rounded up); top_revenue_share: their share of the revenue; curve: the Pareto curve, columns
    ``customer_share`` (0..1, best customers first) and ``revenue_share`` (cumulative, 0..1).
    """

    top_share: float
    customers: int
    top_customers: int
    top_revenue_share: float
    curve: pd.DataFrame


def revenue_concentration(transactions: pd.DataFrame, top_share: float = 0.2, points: int = 101) -> Concentration:
    """The share of revenue from the top ``top_share`` of customers (by revenue), and the Pareto curve.

    The curve has ``points`` evenly spaced customer shares from 0 to 1, each with the exact cumulative revenue
    share of the best customers up to that share.

    >>> orders = pd.DataFrame({
    ...     "customer_id": ["a", "b", "c", "d", "e", "a"],
    ...     "date": pd.to_datetime(["2024-01-01"] * 6),
    ...     "amount": [50.0, 10.0, 10.0, 10.0, 10.0, 10.0],
    ... })
    >>> result = revenue_concentration(orders)
    >>> result.top_customers, result.top_revenue_share
    (1, 0.6)

    One customer of five (20 %) brought 60 of the 100 in revenue.
    """
    check_order_log(transactions, needs_amount=True)
    if not 0 < top_share <= 1:
        raise InputError({"top_share": _message("top_share")})
    customers = _codes(transactions["customer_id"])
    totals = np.bincount(customers, transactions["amount"].to_numpy(float))[np.bincount(customers) > 0]
    revenue = np.sort(totals)[::-1]
    cumulative = np.concatenate([[0.0], np.cumsum(revenue)])
    total = cumulative[-1]
    count = len(revenue)
    top = math.ceil(round(top_share * count, 9))
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.linspace(0.0, 1.0, points)
        curve = pd.DataFrame(
            {"customer_share": shares, "revenue_share": cumulative[np.round(shares * count).astype(int)] / total}
        )
        return Concentration(top_share, count, top, float(cumulative[top] / total), curve)
