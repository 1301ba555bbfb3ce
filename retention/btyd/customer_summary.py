"""One row per customer from an order log: what the BG/NBD and Gamma-Gamma models need (DESIGN §4).

==========================  ==================================================================================
function                    what it gives
==========================  ==================================================================================
customer_summary            ``frequency``, ``recency``, ``T`` and ``monetary_value`` per customer
calibration_holdout_split   the same up to a split date, plus what each customer did after it (the holdout)
==========================  ==================================================================================

Definitions (Fader, Hardie and Lee 2005), for one customer observed until ``observation_end``:

- purchases are counted per day: several purchases by one customer on one day are merged into one, their amounts
  summed, because the models describe when customers come back, not how they split a basket;
- ``frequency`` x: the number of purchase days after the first one (repeat purchases);
- ``recency`` t_x: time from the first to the last purchase (0 without repeat purchases);
- ``T``: time from the first purchase to ``observation_end`` (the customer's age);
- ``monetary_value``: the mean amount of the repeat purchases; the first purchase is left out, as in the
  Gamma-Gamma model; 0 without repeat purchases.

Times are in ``time_unit``: ``"D"`` days, ``"W"`` weeks of 7 days, ``"M"`` average calendar months of 365.25 / 12 =
30.4375 days. The returned frame records its settings in ``frame.attrs``: ``time_unit``, ``observation_end`` and
``merged_same_day``, the number of purchases that were merged into another one on the same day (with an
``order_id`` column a purchase is a distinct order; without it, a row).

>>> orders = pd.DataFrame({
...     "customer_id": ["ann", "ann", "ann", "ann", "bob"],
...     "date": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-08", "2024-01-29", "2024-01-15"]),
...     "amount": [10.0, 20.0, 5.0, 15.0, 40.0],
... })
>>> summary = customer_summary(orders, observation_end="2024-02-05", time_unit="W")
>>> summary  # doctest: +NORMALIZE_WHITESPACE
             frequency  recency    T  monetary_value
customer_id
ann                  2      4.0  5.0            20.0
bob                  0      0.0  3.0             0.0
>>> summary.attrs["merged_same_day"]
1

Ann bought on 1, 8 (twice, merged: 25) and 29 January: 2 repeat purchases, the last 4 weeks after the first, she
is 5 weeks old on 5 February, and her repeat purchases average (25 + 15) / 2 = 20.
"""

from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from retention.errors import InputError
from retention.formatting import format_date
from retention.orders.order_log import check_order_log, day_date, day_number, day_numbers, is_ibis_table
from retention.words import words

if TYPE_CHECKING:
    import ibis

__all__ = ["TIME_UNIT_DAYS", "calibration_holdout_split", "customer_summary", "time_unit_days"]

#: Length of each time unit in days: a day, a week, an average calendar month (365.25 / 12 days).
TIME_UNIT_DAYS = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}

def time_unit_days(time_unit: str) -> float:
    """The length of the time unit in days (``"W"`` -> 7.0), or an InputError for an unknown unit."""
    if time_unit not in TIME_UNIT_DAYS:
        raise InputError({"time_unit": words("forecast")["unknown_time_unit"].format(time_unit=time_unit)})
    return TIME_UNIT_DAYS[time_unit]


def _end_day(first_day: int, last_day: int, observation_end) -> int:
    """The day number of ``observation_end`` (default the last order's day), or an InputError before any order."""
    end_day = last_day if observation_end is None else day_number(observation_end)
    if end_day < first_day:
        raise InputError({"observation_end": words("forecast")["no_orders_before_end"].format(
            date=format_date(day_date(end_day)), first=format_date(day_date(first_day)))})
    return end_day


class _PurchaseDays(NamedTuple):
    """Every customer's purchases merged per day, sorted by customer then day, observed until ``end_day``."""

    customers: pd.Index  # the distinct customers, sorted
    customer: np.ndarray  # each purchase day's customer, as a position in ``customers``
    day: np.ndarray  # day numbers since 1970-01-01
    amount: np.ndarray  # amount spent that day
    purchases: np.ndarray  # purchases merged into that day (1 when it was alone)
    end_day: int


def _purchase_days(transactions: pd.DataFrame, observation_end) -> _PurchaseDays:
    """Merge each customer's purchases of one day, for the orders on or before ``observation_end``."""
    day = day_numbers(check_order_log(transactions, needs_amount=True)["date"])
    end_day = _end_day(int(day.min()), int(day.max()), observation_end)
    kept = day <= end_day
    day = day[kept]
    customer, customer_of = _sorted_codes(transactions["customer_id"], kept)
    first_day = int(day.min())
    days_spanned = end_day - first_day + 1
    key = customer * days_spanned + (day - first_day)
    keys, key_of_row = np.unique(key, return_inverse=True)
    if "order_id" in transactions.columns:
        order, _ = _sorted_codes(transactions["order_id"], kept)
        orders_spanned = int(order.max()) + 1
        day_orders = np.sort(key_of_row.astype(np.int64) * orders_spanned + order)
        distinct = np.concatenate(([True], day_orders[1:] != day_orders[:-1]))
        purchases = np.bincount(day_orders[distinct] // orders_spanned, minlength=len(keys))
    else:
        purchases = np.bincount(key_of_row, minlength=len(keys))
    amount = np.bincount(key_of_row, weights=transactions["amount"].to_numpy(float)[kept], minlength=len(keys))
    code = keys // days_spanned
    new_customer = np.concatenate(([True], code[1:] != code[:-1]))
    customers = pd.Index(customer_of(code[new_customer]), name="customer_id")
    return _PurchaseDays(customers, np.cumsum(new_customer) - 1, keys % days_spanned + first_day, amount, purchases,
                         end_day)


def _sorted_codes(values: pd.Series, kept: np.ndarray):
    """(a code per kept row, in the order of the values, with ties equal; the function from codes back to values).

    Whole numbers are their distance to the smallest (no hashing: a million ids cost a subtraction); categories
    are their rank among the sorted categories; anything else is factorized and sorted."""
    if pd.api.types.is_integer_dtype(values.dtype):
        numbers = values.to_numpy(np.int64)[kept]
        smallest = int(numbers.min())
        return numbers - smallest, lambda codes: codes + smallest
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = values.cat.categories
        order = np.argsort(categories.to_numpy(), kind="stable")
        rank = np.empty(len(order), np.int64)
        rank[order] = np.arange(len(order))
        ordered = categories[order]
        return rank[values.cat.codes.to_numpy()[kept]], lambda codes: ordered[codes]
    codes, uniques = pd.factorize(values.to_numpy()[kept], sort=True, use_na_sentinel=False)
    return codes.astype(np.int64), lambda found: uniques[found]


def _dense_codes(codes: np.ndarray) -> tuple[np.ndarray, int, np.ndarray | None]:
    """(codes renumbered 0 .. slots - 1 in the same order, slots, the original code of each slot or None when the
    codes are kept as they are). Codes spanning up to a few times the number of rows are kept (tables of that many
    slots are cheap); sparser ones, such as shop order numbers in the billions, are ranked."""
    slots = int(codes.max()) + 1
    if slots <= 4 * len(codes) + 1024:
        return codes, slots, None
    present, dense = np.unique(codes, return_inverse=True)
    return dense.astype(np.int64), len(present), present


def _distinct_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values of a sorted array (np.unique without its sort)."""
    distinct = np.empty(len(values), bool)
    distinct[:1] = True
    np.not_equal(values[1:], values[:-1], out=distinct[1:])
    return values[distinct]


def _order_days(transactions: pd.DataFrame, kept: np.ndarray, key: np.ndarray) -> int:
    """How many distinct (order, customer's purchase day) pairs the kept rows hold: the rows themselves when no
    order id repeats (one row per order), else counted by sorting the pairs."""
    order, _ = _sorted_codes(transactions["order_id"], kept)
    order, orders, _ = _dense_codes(order)
    if np.bincount(order, minlength=orders).max() <= 1:
        return len(order)
    key = key.astype(np.int64)
    if int(key.max()) < np.iinfo(np.int64).max // orders:
        return len(_distinct_sorted(np.sort(key * orders + order)))
    return len(pd.DataFrame({"key": key, "order": order}).drop_duplicates())


def _frame_summary(transactions: pd.DataFrame, observation_end, unit_days: float) -> tuple[pd.DataFrame, int, int]:
    """(the summary of a pandas order log, the observation's end day, the same-day purchases merged).

    The same figures as :func:`_summarise` of :func:`_purchase_days`, without sorting the rows: only the keys
    customer × day are sorted (as values, not positions), which gives each customer's distinct purchase days, first
    and last; the amounts are summed per customer in the rows' order, less the amount of the first day."""
    day = day_numbers(check_order_log(transactions, needs_amount=True)["date"])
    end_day = _end_day(int(day.min()), int(day.max()), observation_end)
    kept = day <= end_day
    everything = bool(kept.all())
    if not everything:
        day = day[kept]
    code, customer_of = _sorted_codes(transactions["customer_id"], kept)
    customer, slots, slot_code = _dense_codes(code)
    amount = transactions["amount"].to_numpy(float)
    if not everything:
        amount = amount[kept]
    first_day = int(day.min())
    days_spanned = end_day - first_day + 1
    offset = day - first_day
    key = customer * days_spanned + offset
    if slots * days_spanned < 2**32:
        key = key.astype(np.uint32)
    keys = _distinct_sorted(np.sort(key))
    owner = keys // days_spanned
    starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
    ends = np.append(starts[1:], len(keys)) - 1
    present = owner[starts].astype(np.int64)
    first = (keys[starts] % days_spanned).astype(np.int64)
    last = (keys[ends] % days_spanned).astype(np.int64)
    first_of_slot = np.full(slots, -1, np.int64)
    first_of_slot[present] = first
    on_first = offset == first_of_slot[customer]
    repeat_amount = (np.bincount(customer, amount, slots)[present]
                     - np.bincount(customer[on_first], amount[on_first], slots)[present])
    present_codes = present if slot_code is None else slot_code[present]
    customers = pd.Index(customer_of(present_codes), name="customer_id")
    summary = _summary(customers, ends - starts + 1, first + first_day, last + first_day, repeat_amount, end_day,
                       unit_days)
    purchases = _order_days(transactions, kept, key) if "order_id" in transactions.columns else len(key)
    return summary, end_day, purchases - len(keys)


def _summarise(days: _PurchaseDays, selected: np.ndarray, end_day: int, unit_days: float) -> pd.DataFrame:
    """The summary, observed until ``end_day``, of the selected purchase days' customers."""
    customer, day, amount = days.customer[selected], days.day[selected], days.amount[selected]
    days_per_customer = np.bincount(customer, minlength=len(days.customers))
    present = np.flatnonzero(days_per_customer)
    days_per_customer = days_per_customer[present]
    last = np.cumsum(days_per_customer) - 1
    first = last - days_per_customer + 1
    repeat_amount = np.bincount(customer, weights=amount, minlength=len(days.customers))[present] - amount[first]
    return _summary(days.customers[present], days_per_customer, day[first], day[last], repeat_amount, end_day,
                    unit_days)


def _summary(customers: pd.Index, days: np.ndarray, first: np.ndarray, last: np.ndarray, repeat_amount: np.ndarray,
             end_day: int, unit_days: float) -> pd.DataFrame:
    """frequency = purchase days - 1, recency = (last - first) / unit, T = (end - first) / unit, monetary value =
    repeat amount / frequency (0 without repeat purchases), per customer."""
    frequency = days - 1
    monetary_value = np.divide(repeat_amount, frequency, out=np.zeros(len(customers)), where=frequency > 0)
    return pd.DataFrame(
        {
            "frequency": frequency,
            "recency": (last - first) / unit_days,
            "T": (end_day - first) / unit_days,
            "monetary_value": monetary_value,
        },
        index=customers,
    )


def customer_summary(
    transactions: "pd.DataFrame | ibis.Table", observation_end=None, time_unit: str = "W"
) -> pd.DataFrame:
    """Frequency, recency, T and monetary value per customer, with same-day purchases merged (module docstring).

    ``transactions`` has the columns ``customer_id``, ``date`` (datetime64) and ``amount``, optionally
    ``order_id``; other columns are ignored; it may be an ibis table, summed inside its engine
    (:mod:`retention.orders.ibis_engine`). ``observation_end`` (a date, default the last order's date) is the
    day the observation stops: orders after it are left out, orders on it count. Returns a frame indexed by
    ``customer_id``, sorted, with ``attrs`` ``time_unit``, ``observation_end`` and ``merged_same_day``.
    """
    unit_days = time_unit_days(time_unit)
    if is_ibis_table(transactions):
        from retention.orders.ibis_engine import checked_days, customer_days

        end_day = _end_day(*checked_days(transactions, needs_amount=True), observation_end)
        found = customer_days(transactions, end_day)
        summary = _summary(found.index, found["days"].to_numpy(np.int64), found["first"].to_numpy(np.int64),
                           found["last"].to_numpy(np.int64), found["repeat_amount"].to_numpy(float), end_day,
                           unit_days)
        merged = int(found["merged"].sum())
    else:
        summary, end_day, merged = _frame_summary(transactions, observation_end, unit_days)
    summary.attrs = {"time_unit": time_unit, "observation_end": day_date(end_day), "merged_same_day": merged}
    return summary


def calibration_holdout_split(transactions: pd.DataFrame, calibration_end, observation_end=None,
                              time_unit: str = "W") -> pd.DataFrame:
    """The customer summary up to ``calibration_end`` plus what each of those customers did after it.

    Fit a model on the calibration columns (``frequency``, ``recency``, ``T``, ``monetary_value``, observed until
    ``calibration_end``), predict ``duration_holdout`` time units ahead, and compare with ``frequency_holdout``
    (purchase days in the holdout, after ``calibration_end`` up to ``observation_end``) and
    ``monetary_value_holdout`` (their mean amount, 0 without purchases). Customers whose first purchase comes after
    ``calibration_end`` are left out: the model knows nothing about them. ``attrs`` hold ``time_unit``,
    ``observation_end`` (the calibration end), ``holdout_end``, ``merged_same_day`` (calibration) and
    ``merged_same_day_holdout``.

    >>> orders = pd.DataFrame({
    ...     "customer_id": [1, 1, 1, 2, 3],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-15", "2024-02-12", "2024-01-08", "2024-02-05"]),
    ...     "amount": [10.0, 20.0, 30.0, 5.0, 8.0],
    ... })
    >>> split = calibration_holdout_split(orders, "2024-01-29", "2024-02-26", time_unit="W")
    >>> split[["frequency", "frequency_holdout", "monetary_value_holdout"]]  # doctest: +NORMALIZE_WHITESPACE
                 frequency  frequency_holdout  monetary_value_holdout
    customer_id
    1                    1                  1                    30.0
    2                    0                  0                     0.0
    >>> split["duration_holdout"].iloc[0], split.attrs["holdout_end"]
    (np.float64(4.0), Timestamp('2024-02-26 00:00:00'))

    Customer 3 first bought after the split date, so the split leaves them out.
    """
    unit_days = time_unit_days(time_unit)
    days = _purchase_days(transactions, observation_end)
    calibration_day = day_number(calibration_end)
    if not days.day.min() <= calibration_day < days.end_day:
        raise InputError({"calibration_end": words("forecast")["calibration_end_outside"].format(
            first=format_date(day_date(days.day.min())), end=format_date(day_date(days.end_day)))})
    in_calibration = days.day <= calibration_day
    summary = _summarise(days, in_calibration, calibration_day, unit_days)
    row_of_customer = np.full(len(days.customers), -1)
    row_of_customer[days.customers.get_indexer(summary.index)] = np.arange(len(summary))
    row = row_of_customer[days.customer]
    in_holdout = (row >= 0) & ~in_calibration
    frequency_holdout = np.bincount(row[in_holdout], minlength=len(summary))
    amount_holdout = np.bincount(row[in_holdout], weights=days.amount[in_holdout], minlength=len(summary))
    summary["frequency_holdout"] = frequency_holdout
    summary["monetary_value_holdout"] = np.divide(amount_holdout, frequency_holdout,
                                                  out=np.zeros(len(summary)), where=frequency_holdout > 0)
    summary["duration_holdout"] = (days.end_day - calibration_day) / unit_days
    extra = days.purchases - 1
    summary.attrs = {
        "time_unit": time_unit,
        "observation_end": day_date(calibration_day),
        "holdout_end": day_date(days.end_day),
        "merged_same_day": int(extra[in_calibration].sum()),
        "merged_same_day_holdout": int(extra[in_holdout].sum()),
    }
    return summary
