"""The order log's rules shared by the period table and the forecast: what it must hold, which day an order falls on.

An order's day is the local calendar day the shop saw: its wall-clock date, with the time of day and any time zone
dropped (never the date in UTC). Days are numbered from 1970-01-01 = 0.

>>> late = pd.Timestamp("2024-03-01 23:30", tz="America/New_York")  # 2024-03-02 04:30 in UTC
>>> day_number(late), day_date(day_number(late))
(19783, Timestamp('2024-03-01 00:00:00'))
>>> day_numbers(pd.Series([late, late + pd.Timedelta(hours=1)])).tolist()
[19783, 19784]
"""

import sys

import numpy as np
import pandas as pd

from retention.errors import InputError
from retention.words import words

__all__ = ["check_order_log", "day_date", "day_number", "day_numbers", "has_amounts", "is_ibis_table", "order_count"]


def is_ibis_table(transactions) -> bool:
    """Whether the order log is an ibis table, to be computed inside its engine (:mod:`retention.orders.ibis_engine`).

    Read without importing ibis: a log can only be an ibis table once ibis is imported."""
    ibis = sys.modules.get("ibis")
    return ibis is not None and isinstance(transactions, ibis.Table)


def day_numbers(dates: pd.Series) -> np.ndarray:
    """The day number of each date: its wall-clock date, time of day and time zone dropped."""
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    return dates.to_numpy("datetime64[D]").astype(np.int64)


def day_number(date) -> int:
    """The day number of one date (a Timestamp, a datetime or a text such as "2024-03-01"), by the same rule."""
    return int(np.datetime64(pd.Timestamp(date).tz_localize(None), "D").astype(np.int64))


def day_date(day: int) -> pd.Timestamp:
    """The midnight (without time zone) that starts the day with this number."""
    return pd.Timestamp(int(day), unit="D")


def order_count(transactions: pd.DataFrame) -> int:
    """How many orders the log holds: its distinct order ids (the rows of one order's line items count once), or its
    rows when it has no ``order_id`` column."""
    return int(transactions["order_id"].nunique()) if "order_id" in transactions.columns else len(transactions)


def has_amounts(transactions: pd.DataFrame) -> bool:
    """Whether the log has amounts: an ``amount`` column with a value in it. A log without (no such column, or
    NaN on every row, as :func:`~retention.io.readers.load_transactions` reads a file without one) gives every
    customer figure; its revenue figures are missing, never 0.

    >>> has_amounts(pd.DataFrame({"amount": [float("nan")] * 2})), has_amounts(pd.DataFrame({"amount": [1.0]}))
    (False, True)
    """
    return "amount" in transactions.columns and bool(transactions["amount"].notna().any())


def check_order_log(transactions: pd.DataFrame, needs_amount: bool = False) -> pd.DataFrame:
    """The order log, or an InputError naming what makes it unusable.

    It must have the columns ``customer_id`` and ``date`` (and ``amount`` when ``needs_amount``: a log without
    amounts, see :func:`has_amounts`, is refused with a message saying what the figure needs), at least one row,
    datetime64 dates (with or without a time zone), and no empty cell in those columns or in ``order_id``.

    >>> orders = pd.DataFrame({"customer_id": ["ann", None], "date": pd.to_datetime(["2024-01-01", "2024-01-02"])})
    >>> check_order_log(orders)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    retention.errors.InputError: Some orders have no customer_id (1 in all). Fill them in or remove those orders, ...
    """
    text = words("transactions")
    required = ("customer_id", "date", "amount") if needs_amount else ("customer_id", "date")
    missing = [name for name in required if name not in transactions.columns]
    if missing:
        raise InputError({name: text["missing_column"].format(column=name) for name in missing})
    if transactions.empty:
        raise InputError({"transactions": text["no_orders"]})
    if needs_amount and not has_amounts(transactions):
        raise InputError({"amount": text["no_amounts"]})
    if not pd.api.types.is_datetime64_any_dtype(transactions["date"]):
        raise InputError({"date": text["not_dates"]})
    for name in (*required, "order_id"):
        count = int(transactions[name].isna().sum()) if name in transactions.columns else 0
        if count:
            raise InputError({name: text["missing_values"].format(column=name, count=count)})
    return transactions
