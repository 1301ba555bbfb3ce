"""What a column holds, read from its values, for the columns whose names do not tell.

Used for a file whose first line is already an order (no header line) and for columns named in words the
readers do not know. On the first ``SAMPLE_ROWS`` rows:

- a line of column names has no cell that reads as a date or a number; a first line where half of the filled cells
  do is an order, not names (:func:`is_data_line`);
- the date is the first column whose filled cells read as dates, nine in ten at least;
- the amount is, among the columns whose filled cells read as numbers (nine in ten), the one with a fraction
  (12.50) or a currency sign whose values add up to the most (a line's total beats its unit price; the first on a
  tie), else the last one: a log lists ids and counts before money;
- the customer is the first remaining column holding e-mail addresses, else the first remaining column of words,
  else the first remaining column of numbers (ids written as numbers).

Columns found by their names are checked against their values too (:func:`checked_mapping`):

- a date column that most orders leave empty (a dispute date, a refund date), or that holds one date on every row
  of ``_SAME_FROM`` orders or more (the day of the report), gives way to a column of several dates that most
  orders fill;
- a customer column that gives one value, and one only (a guest id "0"), to rows of several e-mail addresses
  gives way to the column of those addresses (ids of accounts shared by several addresses are left as they are).

>>> rows = pd.DataFrame({"0": ["00001", "00002", "00001"], "1": ["19970101", "19970112", "19970302"],
...                      "2": ["1", "2", "1"], "3": ["11.77", "29.33", "9.99"]})
>>> content_mapping(rows, {})
{'1': 'date', '3': 'amount', '0': 'customer_id'}
>>> rows = pd.DataFrame({"Customer ID": ["0", "0", "7"], "Email": ["ann@x.no", "bob@x.no", "cy@x.no"],
...                      "Dispute date": [None, "2024-02-01", None],
...                      "Paid at": ["2024-01-05", "2024-01-09", "2024-01-12"]})
>>> mapping, replaced = checked_mapping(rows, {"Customer ID": "customer_id", "Dispute date": "date"})
>>> mapping, replaced["date"], replaced["customer_id"]
({'Email': 'customer_id', 'Paid at': 'date'}, ('empty', 'Dispute date', '67%'), ('guest', 'Customer ID', '“0”'))
>>> is_data_line(["00001", "19970101", "1", "11.77"]), is_data_line(["customer", "date", "cds", "dollars"])
(True, False)
"""

from collections.abc import Mapping, Sequence, Set

import pandas as pd

from retention.formatting import format_percent
from retention.io._cell_values import LOOKS_LIKE_DATE, date_texts, number_texts
from retention.io._reading_words import quote

#: The rows whose values decide.
SAMPLE_ROWS = 200
_SHARE = 0.9
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
#: How many orders one date must cover before it is the report's day rather than the orders'.
_SAME_FROM = 10


def _filled(texts: pd.Series) -> pd.Series:
    texts = texts.dropna().astype(str).str.strip()
    return texts[texts != ""]


def _reads_as_dates(texts: pd.Series) -> pd.Series:
    """Whether each text reads as a date; only texts shaped like one are parsed (parsing costs milliseconds)."""
    shaped = texts.str.contains(LOOKS_LIKE_DATE, regex=True)
    reads = pd.Series(False, index=texts.index)
    if shaped.any():
        reads[shaped] = date_texts(texts[shaped], dayfirst=True).notna()
    return reads


def _reads_as_numbers(texts: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(each text's number, NaN where it reads as none; whether it shows money: a fraction or a currency sign)."""
    values, found = number_texts(texts, allow_percent=False, comma_first=False)
    values = pd.Series(values, index=texts.index)
    signs = found["signs"].ne("")
    return values, values.notna() & ((values % 1 != 0) | signs)


def is_data_line(cells: Sequence[object]) -> bool:
    """Whether a first line holds values rather than column names: half of its filled cells read as dates or
    numbers (a header like "2024 sales" reads as neither)."""
    texts = _filled(pd.Series(list(cells), dtype=object))
    if texts.empty:
        return False
    values = _reads_as_dates(texts) | _reads_as_numbers(texts)[0].notna()
    return bool(values.sum() * 2 >= len(texts))


def content_mapping(rows: pd.DataFrame, mapping: Mapping[str, str]) -> dict[str, str]:
    """The mapping with the date, amount and customer columns it lacks found from the values of ``rows`` (the
    first rows of the file, one text column per file column); columns already mapped are kept."""
    found = dict(mapping)
    if {"date", "amount", "customer_id"} <= set(found.values()):
        return found
    free = [column for column in rows.columns if column not in found]
    samples = {column: _filled(rows[column].head(SAMPLE_ROWS)) for column in free}
    samples = {column: texts for column, texts in samples.items() if not texts.empty}
    dates = [column for column, texts in samples.items() if _reads_as_dates(texts).mean() >= _SHARE]
    numbers, money = [], {}
    for column, texts in samples.items():
        if column in dates:
            continue
        values, shows_money = _reads_as_numbers(texts)
        if values.notna().mean() >= _SHARE:
            numbers.append(column)
            if shows_money.any():
                money[column] = values.abs().sum()
    if "date" not in found.values() and dates:
        found[dates[0]] = "date"
    if "amount" not in found.values() and numbers:
        found[max(money, key=money.get) if money else numbers[-1]] = "amount"
    if "customer_id" not in found.values():
        rest = [column for column in samples if column not in found]
        emails = [column for column in rest if samples[column].str.match(_EMAIL).mean() >= _SHARE]
        words = [column for column in rest if column not in numbers and column not in dates]
        ids = [column for column in rest if column not in dates]
        if emails or words or ids:
            found[(emails or words or ids)[0]] = "customer_id"
    return found


def _emails(texts: pd.Series) -> bool:
    return bool(texts.str.match(_EMAIL).mean() >= _SHARE)


def _filled_by_order(rows: pd.DataFrame, column: str, orders: pd.Series) -> float:
    """The share of orders (rows where there is no order number) with a filled cell in the column."""
    filled = rows[column].fillna("").astype(str).str.strip().ne("")
    return float(filled.groupby(orders.to_numpy()).any().mean())


def checked_mapping(rows: pd.DataFrame, mapping: Mapping[str, str], kept: Set[str] = frozenset()
                    ) -> tuple[dict[str, str], dict[str, tuple]]:
    """The mapping with a date or customer column that its values show to be wrong replaced (unless its target is
    ``kept``), and {target: (what shows it, "empty", "same" or "guest"; the column replaced; the share of orders
    without a date, the one date or the guest value quoted)}."""
    found, replaced = dict(mapping), {}
    source_of = {target: column for column, target in found.items()}
    sample = rows.head(SAMPLE_ROWS)
    order = source_of.get("order_id")
    orders = (sample[order].fillna("").astype(str).str.strip() if order else pd.Series("", index=sample.index))
    orders = orders.where(orders.ne(""), pd.Series(range(len(sample)), index=sample.index).astype(str) + "\0")
    free = [column for column in sample.columns if column not in found]
    date = source_of.get("date")
    if date is not None and "date" not in kept:
        empty, days = 1 - _filled_by_order(sample, date, orders), _filled(sample[date]).unique()
        if empty > 0.5 or (len(days) == 1 and orders.nunique() >= _SAME_FROM):
            filled = {column: _filled_by_order(sample, column, orders) for column in free}
            dated = [column for column in free if filled[column] >= 0.5 and _filled(sample[column]).nunique() > 1
                     and _reads_as_dates(_filled(sample[column])).mean() >= _SHARE]
            if dated:
                found[max(dated, key=filled.get)] = found.pop(date)
                replaced["date"] = (("empty", date, format_percent(empty, 0)) if empty > 0.5
                                    else ("same", date, quote(days[0])))
    customer = source_of.get("customer_id")
    if customer is not None and "customer_id" not in kept and not _emails(_filled(sample[customer])):
        ids = sample[customer].fillna("").astype(str).str.strip()
        for column in (column for column in free if column not in found):
            addresses = sample[column].fillna("").astype(str).str.strip()
            if not _emails(_filled(addresses)):
                continue
            shared = addresses[addresses.ne("")].groupby(ids[addresses.ne("")]).nunique()
            shared = shared[shared.index != ""]
            if shared.gt(1).sum() == 1:
                found[column] = found.pop(customer)
                replaced["customer_id"] = ("guest", customer, quote(shared.idxmax()))
                break
    return {column: found[column] for column in rows.columns if column in found}, replaced
