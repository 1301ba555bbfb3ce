"""Per-period figures from an order log (DESIGN §3); cohorts and buying habits are :mod:`retention.orders.cohorts`
and :mod:`retention.orders.habits`.

=========================  ==========================================================================================
function                   what it gives
=========================  ==========================================================================================
period_table               one row per week, month, quarter or year: the DESIGN §2 input fields and every metric
partly_covered             the first and last periods that the orders cover only in part, with a note for each
with_metrics               any table of input fields (say an uploaded period table) plus one column per metric
=========================  ==========================================================================================

The order log has the columns of :func:`retention.io.readers.load_transactions`: ``customer_id``, ``date``,
``amount``, and optionally ``order_id``, ``quantity`` and ``returned_quantity``.

Rules of DESIGN §3, with ``w`` the active window: a customer is *active* at the end of period t when they bought in
one of the w periods ending with t. By default w comes from the shop's buying cycle
(:func:`retention.orders.habits.buying_cycle_window`: the periods within which 80% of repeat purchases come, 1 when
there are too few repeat purchases to tell, as in the small log below). Then S = active at the end of t - 1,
E = active at the end of t, new customers N = active at t with their first purchase in t, won back A = active at t,
not new, not active at t - 1, lost = S - retained, so that S - lost + N + A = E always. R0 is the revenue in t - 1
of the customers active at the end of t - 1; churned revenue is the t - 1 revenue of the lost ones; the retained
ones add max(0, revenue in t - revenue in t - 1) to expansion and max(0, revenue in t - 1 - revenue in t) to
contraction, so that R0 - churned - contraction + expansion = existing_revenue_current, their revenue in t.

A small log: Ann buys in January and February, Bob in January only, Cy in February and Ann comes back in April.

>>> orders = pd.DataFrame({
...     "customer_id": ["ann", "bob", "ann", "cy", "ann"],
...     "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03", "2024-02-10", "2024-04-01"]),
...     "amount": [10.0, 20.0, 15.0, 5.0, 30.0],
... })
>>> table = period_table(orders)
>>> table.attrs["active_window"], table.attrs["buying_cycle"]["gaps"]
(1, 2)
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

In February Ann stayed and Bob left: retention (2 - 1 - 0) / 2 = 50%; the January revenue R0 = 30 lost Bob's 20
and gained 5 from Ann (10 -> 15).
"""


from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from retention.errors import InputError
from retention.fields import FIELD_NAMES, FIELDS_BY_NAME
from retention.formatting import format_date
from retention.metrics.computing import compute_metrics
from retention.metrics.registry import METRIC_KEYS
from retention.orders.cells import (
    FREQUENCIES,
    Purchases,
    codes,
    distinct,
    frequency,
    ordinals,
    purchase_cells,
    purchase_days,
)
from retention.orders.habits import BuyingCycle, buying_cycle
from retention.orders.order_log import check_order_log, day_date, day_numbers, has_amounts, is_ibis_table
from retention.words import words

if TYPE_CHECKING:
    import ibis

__all__ = ["MEASURED", "MONEY_FIELDS", "partly_covered", "period_table", "with_metrics"]

#: The metrics :func:`period_table` measures from the orders instead of estimating them from the period's totals.
MEASURED = ("average_days_between_purchases",)
#: The fields :func:`period_table` sums from the amounts: NaN for a log without amounts.
MONEY_FIELDS = ("revenue_start", "churned_revenue", "contraction_revenue", "expansion_revenue",
                "existing_revenue_previous", "existing_revenue_current", "revenue")

def _message(key: str, **values) -> str:
    return words("transactions")[key].format(**values)


def _gaps_in_cells(purchases: Purchases) -> tuple[np.ndarray, np.ndarray]:
    """For each cell: periods since the customer's previous cell and until the next one (a large number if none)."""
    same = purchases.customer[1:] == purchases.customer[:-1]
    steps = np.diff(purchases.period)
    never = np.full(1, np.iinfo(np.int64).max // 2)
    since = np.concatenate([never, np.where(same, steps, never)])
    until = np.concatenate([np.where(same, steps, never), never])
    return since, until


def _customer_fields(purchases: Purchases, active_window: int) -> dict[str, np.ndarray]:
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


def _revenue_fields(purchases: Purchases, revenue: np.ndarray, active_window: int) -> dict[str, np.ndarray]:
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


def _money_fields(transactions: pd.DataFrame, purchases: Purchases, active_window: int,
                  amounts: bool) -> dict[str, np.ndarray]:
    """Revenue and the revenue fields per period; NaN in every period for a log without amounts (missing inputs,
    so the metrics that need them are missing too, never 0)."""
    if not amounts:
        return dict.fromkeys(MONEY_FIELDS, np.full(purchases.count, np.nan))
    revenue = purchases.cells.sum(transactions["amount"].to_numpy(float))
    return _revenue_fields(purchases, revenue, active_window) | {
        "revenue": purchases.per_period(purchases.period, revenue)
    }


def _orders_per_cell(transactions: pd.DataFrame, purchases: Purchases) -> np.ndarray:
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
    orders = codes(transactions["order_id"].iloc[shared])
    kinds = int(orders.max(initial=0)) + 1
    cells_with_order = distinct(purchases.cells.rows[shared] * kinds + orders) // kinds
    counts = np.bincount(np.searchsorted(purchases.cells.keys, cells_with_order), minlength=len(rows))
    return np.where(rows > 1, counts, rows)


def _purchase_fields(
    transactions: pd.DataFrame, purchases: Purchases, loyal_window: int, loyal_threshold: int
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


def _average_gap(purchases: Purchases, days: np.ndarray, gaps: np.ndarray) -> np.ndarray:
    """Mean days since the previous purchase day, over the repeat purchase days of each period (NaN if none)."""
    periods = ordinals(days, purchases.freq) - purchases.first
    with np.errstate(invalid="ignore", divide="ignore"):
        return purchases.per_period(periods, gaps) / purchases.per_period(periods)


def _unit_fields(transactions: pd.DataFrame, purchases: Purchases) -> dict[str, np.ndarray]:
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
    period = FREQUENCIES[frequency(freq)]
    fields = [name for name in table.columns if name in FIELD_NAMES]
    values = {key: [] for key in METRIC_KEYS}
    for label, row in zip(table.index, table[fields].to_dict("records"), strict=True):
        inputs = {name: value for name, value in row.items() if not pd.isna(value)}
        try:
            results = compute_metrics(inputs, period, period_days, worked=False)
        except InputError as error:
            raise InputError(
                {name: _message("in_period", period=label, message=text) for name, text in error.messages.items()}
            ) from None
        for key in METRIC_KEYS:
            values[key].append(np.nan if results[key].value is None else results[key].value)
    metrics = pd.DataFrame(values, index=table.index)
    return pd.concat([table.drop(columns=list(values), errors="ignore"), metrics], axis=1)


def period_table(
    transactions: "pd.DataFrame | ibis.Table",
    freq: str = "M",
    active_window: int | None = None,
    loyal_window: int = 3,
    loyal_threshold: int = 3,
    span: tuple | None = None,
) -> pd.DataFrame:
    """One row per period from the first to the last order: the DESIGN §2 input fields and every metric.

    freq: "W" (weeks from Monday), "M", "Q" or "Y". active_window: a customer is active at the end of t when they
    bought in one of the ``active_window`` periods ending with t; None (the default) takes it from the buying cycle
    (:func:`retention.orders.habits.buying_cycle_window`). Loyal customers at t bought in t and in at least
    ``loyal_threshold`` of the ``loyal_window`` periods ending with t (default: in each of the last 3 periods).
    ``orders`` counts the distinct order ids of each customer in the period (rows, without an ``order_id``
    column); ``units_sold`` and ``units_returned`` sum the ``quantity`` and ``returned_quantity`` columns where
    present.
    ``average_days_between_purchases`` is exact: the mean days since the previous purchase day, over the repeat
    purchase days in the period (``attrs["measured"]`` names such figures, :data:`MEASURED`). The settings are kept
    in ``table.attrs``: ``active_window`` is the window used, and
    ``buying_cycle`` the :class:`~retention.orders.habits.BuyingCycle` of the log as a dict (its ``window`` is the
    one used when ``active_window`` is None). span: (first day, last day) the periods must cover when wider than
    the log (a part of a shop counted over the shop's periods, :mod:`retention.orders.groups`). ``transactions``
    may be an ibis table instead of a pandas frame: the figures are then computed inside its engine
    (:mod:`retention.orders.ibis_engine`) and are the same.
    """
    for name, value in (("active_window", active_window), ("loyal_window", loyal_window)):
        if value is not None and value < 1:
            raise InputError({name: _message("window_below_one")})
    if not 1 <= loyal_threshold <= loyal_window:
        raise InputError({"loyal_threshold": _message("loyal_threshold", window=loyal_window)})
    if is_ibis_table(transactions):
        from retention.orders.ibis_engine import period_fields
    else:
        period_fields = _period_fields
    index, fields, average_gap, cycle = period_fields(
        transactions, frequency(freq), span, active_window, loyal_window, loyal_threshold
    )
    inputs = pd.DataFrame({name: _as_kind(name, fields[name]) for name in FIELD_NAMES if name in fields}, index=index)
    table = with_metrics(inputs, freq)
    table["average_days_between_purchases"] = average_gap
    table.attrs = {
        "freq": freq,
        "measured": MEASURED,
        "active_window": cycle.window if active_window is None else active_window,
        "loyal_window": loyal_window,
        "loyal_threshold": loyal_threshold,
        "buying_cycle": cycle.as_dict(),
    }
    return table


def _period_fields(
    transactions: pd.DataFrame, freq: str, span: tuple | None, active_window: int | None, loyal_window: int,
    loyal_threshold: int,
) -> tuple[pd.PeriodIndex, dict[str, np.ndarray], np.ndarray, BuyingCycle]:
    """The periods, the input fields per period, the average days between purchases and the buying cycle, from a
    pandas log (the ibis one is :func:`retention.orders.ibis_engine.period_fields`)."""
    amounts = has_amounts(transactions)
    check_order_log(transactions, needs_amount=amounts)
    purchases = purchase_cells(transactions, freq, span)
    days, gaps = purchase_days(purchases.row_customer, purchases.row_day)
    cycle: BuyingCycle = buying_cycle(gaps, freq)
    if active_window is None:
        active_window = cycle.window
    fields = (
        _customer_fields(purchases, active_window)
        | _money_fields(transactions, purchases, active_window, amounts)
        | _purchase_fields(transactions, purchases, loyal_window, loyal_threshold)
        | _unit_fields(transactions, purchases)
    )
    return purchases.index, fields, _average_gap(purchases, days, gaps), cycle


def partly_covered(transactions: pd.DataFrame, freq: str = "M") -> dict[pd.Period, str]:
    """The periods the log covers only in part, each with a note for people: the first period when the first order
    comes after its first day, the last when the last order comes before its last day (an export taken mid-month).
    Their figures hold only part of a period's buyers and revenue.

    >>> orders = pd.DataFrame({"customer_id": ["ann", "bob"], "date": pd.to_datetime(["2024-01-01", "2024-03-14"]),
    ...                        "amount": [10.0, 20.0]})
    >>> notes = partly_covered(orders)
    >>> list(notes), notes[pd.Period("2024-03", "M")].split(":")[0]
    ([Period('2024-03', 'M')], 'Your orders end on 3/14/2024, partway through the month 2024-03')
    """
    check_order_log(transactions)
    period = words("format")["period_singular"][FREQUENCIES[frequency(freq)]]
    days = day_numbers(transactions["date"])
    first, last = day_date(days.min()), day_date(days.max())  # midnights
    notes = {}
    if first > (start := first.to_period(freq)).start_time:
        notes[start] = _message("partly_covered_start", date=format_date(first.date()), period=start, unit=period)
    if last < (end := last.to_period(freq)).end_time.normalize():
        notes[end] = _message("partly_covered_end", date=format_date(last.date()), period=end, unit=period)
    return notes


