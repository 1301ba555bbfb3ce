"""Customers compared by a column of the order log (channel, country, plan, store, first product): the period table
and the cohorts per group, and which groups keep their customers better or worse than the rest of the shop.

A customer belongs to the group of their first order (ties on the first day: the first such row), so the groups
share out the shop's customers; a column with more than :data:`MAX_GROUPS` values keeps its :data:`TOP_GROUPS`
largest (by orders) and puts the rest in "other". Every group is counted over the shop's periods with the shop's
active window (one rule for all: the window of the whole log's buying cycle, or the one the user chose), never with
a window of its own.

Ann and Bob came through the web shop, Cy through the newsletter; Ann's second order, at the store, stays with her
first group:

>>> orders = pd.DataFrame({
...     "customer_id": ["ann", "bob", "cy", "ann", "cy"],
...     "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-01-10", "2024-02-03", "2024-02-10"]),
...     "amount": [10.0, 20.0, 5.0, 15.0, 5.0],
... })
>>> groups = customer_groups(orders, pd.Series(["web", "web", "newsletter", "store", "newsletter"]))
>>> groups.tolist()
['web', 'web', 'newsletter', 'web', 'newsletter']
>>> tables = group_period_tables(orders, groups, "M", active_window=1)
>>> tables[["customers_start", "customers_end", "retention_rate"]]  # doctest: +NORMALIZE_WHITESPACE
                    customers_start  customers_end  retention_rate
group      period
web        2024-01                0              2             NaN
           2024-02                2              1             0.5
newsletter 2024-01                0              1             NaN
           2024-02                1              1             1.0
"""

from collections.abc import Iterator

import numpy as np
import pandas as pd
from scipy.stats import norm

from retention.formatting import format_number
from retention.orders.cells import codes, frequency, purchase_cells
from retention.orders.cohorts import cohort_matrix
from retention.orders.order_log import check_order_log, day_numbers
from retention.orders.period_table import period_table
from retention.words import words

__all__ = ["MAX_GROUPS", "SIGNIFICANCE", "TOP_GROUPS", "chance_in_words", "compare_groups", "customer_groups",
           "group_cohorts", "group_period_tables"]

#: A column with more distinct values than this is cut to its TOP_GROUPS largest values and "other".
MAX_GROUPS = 50
TOP_GROUPS = 12
#: The chance of calling any group different when none is, shared among the groups (Bonferroni): p < 0.05 / groups.
SIGNIFICANCE = 0.05


def _names(distinct: np.ndarray) -> np.ndarray:
    """The group name of each distinct value, then of an empty cell (code -1): blanks are "not given"."""
    not_given = words("groups")["not_given"]
    names = pd.Series(distinct, dtype="string").str.strip().replace("", pd.NA).fillna(not_given)
    return np.append(names.to_numpy(object), not_given)


def _largest(names: pd.Series) -> pd.Series:
    """The names, or beyond MAX_GROUPS distinct ones the TOP_GROUPS most frequent and "other" for the rest."""
    sizes = names.value_counts()
    if len(sizes) <= MAX_GROUPS:
        return names
    return names.where(names.isin(sizes.index[:TOP_GROUPS]), words("groups")["other"])


def customer_groups(transactions: pd.DataFrame, values: pd.Series) -> pd.Series:
    """Each row's group: the value of ``values`` (one per row, in the rows' order) on its customer's first order.

    A categorical in order of group size (customers); with more than MAX_GROUPS groups, the TOP_GROUPS largest
    and "other".
    """
    check_order_log(transactions)
    value, distinct = pd.factorize(pd.Series(values))
    customer = codes(transactions["customer_id"])
    first_row = pd.Series(day_numbers(transactions["date"])).groupby(customer).idxmin()
    names = _largest(pd.Series(_names(distinct)[value[first_row.to_numpy()]], index=first_row.index))
    kinds = pd.Categorical(names, categories=names.value_counts().index)
    group = np.full(int(customer.max()) + 1, -1)
    group[names.index] = kinds.codes
    return pd.Series(pd.Categorical.from_codes(group[customer], dtype=kinds.dtype), transactions.index, name="group")


def _parts(transactions: pd.DataFrame, groups: pd.Series) -> Iterator[tuple[str, pd.DataFrame]]:
    """(group, its rows) per group, rows sorted by group once; each part's customers get their own compact codes,
    so that a part is counted like a log of its own."""
    group = groups.cat.codes.to_numpy()
    order = np.argsort(group, kind="stable")
    rows = transactions.take(order)
    customer = codes(rows["customer_id"])
    bounds = np.searchsorted(group[order], np.arange(len(groups.cat.categories) + 1))
    for name, start, stop in zip(groups.cat.categories, bounds[:-1], bounds[1:], strict=True):
        if start == stop:
            continue
        local, distinct = pd.factorize(customer[start:stop])
        part = rows.iloc[start:stop].copy(deep=False)
        part["customer_id"] = pd.Categorical.from_codes(local, categories=pd.Index(distinct), validate=False)
        yield name, part


def _span(transactions: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    return transactions["date"].min(), transactions["date"].max()


def group_period_tables(
    transactions: pd.DataFrame, groups: pd.Series, freq: str, active_window: int, loyal_window: int = 3,
    loyal_threshold: int = 3,
) -> pd.DataFrame:
    """:func:`~retention.orders.period_table.period_table` of each group (index: group, period), every group over
    the shop's periods and with the one ``active_window`` given (the shop's, from its ``attrs``), in ``attrs``."""
    span = _span(transactions)
    tables = {
        name: period_table(part, freq, active_window, loyal_window, loyal_threshold, span=span)
        for name, part in _parts(transactions, groups)
    }
    table = pd.concat(tables, names=["group", "period"])
    table.attrs = {"freq": freq, "active_window": active_window, "windows": {
        name: part.attrs["active_window"] for name, part in tables.items()
    }}
    return table


def group_cohorts(transactions: pd.DataFrame, groups: pd.Series, freq: str = "M") -> pd.DataFrame:
    """:func:`~retention.orders.cohorts.cohort_matrix` of each group (index: group, cohort), over the shop's
    periods."""
    span = _span(transactions)
    return pd.concat(
        {name: cohort_matrix(part, freq, span) for name, part in _parts(transactions, groups)},
        names=["group", "cohort"],
    )


def _customer_periods(transactions: pd.DataFrame, freq: str, active_window: int) -> tuple[np.ndarray, np.ndarray]:
    """Per customer (in the order of their codes): (s, r), the periods they started active and the periods they
    stayed active through, as the period table counts them: sum(s) = sum of customers_start, sum(r) = sum of the
    retained (customers_start - lost_customers).

    An active span runs from a purchase period p to the last purchase period q before a gap of more than w
    periods and keeps the customer active until q + w - 1 (at most the last period, C - 1); it gives
    s = min(q + w - 1, C - 2) - p + 1 starts and r = min(q + w - 1, C - 1) - p periods kept.
    """
    purchases = purchase_cells(transactions, frequency(freq))
    customer, period, last = purchases.customer, purchases.period, purchases.count - 1
    new_customer = np.concatenate([[True], customer[1:] != customer[:-1]])
    starts = new_customer | (np.diff(period, prepend=0) > active_window)
    ends = np.concatenate([starts[1:], [True]])
    first, kept_until = period[starts], period[ends] + active_window - 1
    size = int(customer.max()) + 1
    started = np.bincount(customer[starts], np.minimum(kept_until, last - 1) - first + 1, size)
    stayed = np.bincount(customer[starts], np.minimum(kept_until, last) - first, size)
    return started, stayed


def _ratio_variance(started: np.ndarray, stayed: np.ndarray) -> tuple[float, float]:
    """(p, var p) of p = sum(r) / sum(s), with the variance over customers: sum((r - p s)^2) / sum(s)^2."""
    total = started.sum()
    if not total:
        return np.nan, np.nan
    rate = stayed.sum() / total
    return rate, float(((stayed - rate * started) ** 2).sum() / total**2)


def compare_groups(transactions: pd.DataFrame, groups: pd.Series, freq: str, active_window: int) -> pd.DataFrame:
    """Each group's retention against the rest of the shop's, and whether the difference is more than chance.

    Retention pools customer-periods: of all (customer, period) pairs where the customer was active at the start,
    the share still active at its end, p = sum(r) / sum(s) over the group's customers (see
    :func:`_customer_periods`; the same counts as :func:`group_period_tables`, one ``active_window`` for all).
    The periods of one customer are not independent, so the test counts customers, not customer-periods: a
    two-proportion z test of the group against the rest, z = (p_g - p_rest) / sqrt(V_g + V_rest), with the
    ratio-estimator variance V = sum((r_i - p s_i)^2) / sum(s)^2 over the customers i (their periods taken
    together; with one period each it is the textbook p (1 - p) / n). p_value = 2 (1 - Phi(|z|)); a group
    ``differs`` when p_value < SIGNIFICANCE / the number of groups tested (Bonferroni).

    Columns: customers, customer_periods (sum s), retained (sum r), retention, rest_retention, difference,
    z, p_value, differs; one row per group, best retention first.
    """
    started, stayed = _customer_periods(transactions, freq, active_window)
    first_group = pd.Series(groups.cat.codes.to_numpy()).groupby(codes(transactions["customer_id"])).first()
    group = first_group.reindex(range(len(started))).to_numpy()
    rows = []
    for code, name in enumerate(groups.cat.categories):
        inside = group == code
        rate, variance = _ratio_variance(started[inside], stayed[inside])
        rest_rate, rest_variance = _ratio_variance(started[~inside], stayed[~inside])
        with np.errstate(invalid="ignore", divide="ignore"):
            z = (rate - rest_rate) / np.sqrt(variance + rest_variance)
        rows.append({"group": name, "customers": int(inside.sum()), "customer_periods": int(started[inside].sum()),
                     "retained": int(stayed[inside].sum()), "retention": rate, "rest_retention": rest_rate,
                     "difference": rate - rest_rate, "z": z, "p_value": 2 * norm.sf(abs(z))})
    table = pd.DataFrame(rows).set_index("group").sort_values("retention", ascending=False)
    tested = int(table["p_value"].notna().sum())
    table["differs"] = table["p_value"] < SIGNIFICANCE / max(tested, 1)
    table.attrs = {"active_window": active_window, "freq": freq, "threshold": SIGNIFICANCE / max(tested, 1)}
    return table


def chance_in_words(p_value: float) -> str:
    """How often chance alone would give a difference this large: "less than 1 time in 1,000" below 0.001, "about
    1 time in round(1 / p)" below 0.1, "about round(10 p) times in 10" below 0.95, else "could easily".

    >>> [chance_in_words(p).split("chance ")[1] for p in (0.0002, 0.02, 0.3)]
    ['less than 1 time in 1,000', 'about 1 time in 50', 'about 3 times in 10']
    """
    text = words("groups")["chance"]
    if p_value < 0.001:
        return text["below"].format(count="1,000")
    if p_value < 0.1:
        return text["one_in"].format(count=format_number(round(1 / p_value)))
    return text["in_ten"].format(count=round(10 * p_value)) if p_value < 0.95 else text["always"]
