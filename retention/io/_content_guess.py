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

- a date column that most orders leave empty (a dispute date, a refund date), that holds one date on every row
  of ``_SAME_FROM`` orders or more (the day of the report), or whose dates lie mostly after tomorrow (a delivery or
  due date) gives way to a column of several dates that most orders fill, mostly not after tomorrow;
- a customer column of free text (a buyer's note: most orders leave it empty, or most of its texts are sentences
  of ``_NOTE_WORDS`` words or more that no two orders share) gives way to a column of e-mail addresses, else to one
  named as the customer, that nearly every order fills;
- a customer column that gives one value, and one only (a guest id "0"), to rows of several e-mail addresses
  gives way to the column of those addresses (ids of accounts shared by several addresses are left as they are);
- an amount column named as a part of an order's amount (``[amount_parts]``: a discount, a tax, shipping) gives
  way to the largest column named as an amount, no part itself, that is at least as large in every order (the
  total it is part of).

>>> rows = pd.DataFrame({"0": ["00001", "00002", "00001"], "1": ["19970101", "19970112", "19970302"],
...                      "2": ["1", "2", "1"], "3": ["11.77", "29.33", "9.99"]})
>>> content_mapping(rows, {})
{'1': 'date', '3': 'amount', '0': 'customer_id'}
>>> rows = pd.DataFrame({"Customer ID": ["0", "0", "7"], "Email": ["ann@x.no", "bob@x.no", "cy@x.no"],
...                      "Dispute date": [None, "2024-02-01", None],
...                      "Paid at": ["2024-01-05", "2024-01-09", "2024-01-12"]})
>>> mapping, replaced = checked_mapping(rows, {"Customer ID": "customer_id", "Dispute date": "date"})
>>> mapping
{'Email': 'customer_id', 'Paid at': 'date'}
>>> replaced["date"], replaced["customer_id"]
(('date_checked', 'Dispute date', '67%'), ('customer_id_checked', 'Customer ID', '“0”'))
>>> is_data_line(["00001", "19970101", "1", "11.77"]), is_data_line(["customer", "date", "cds", "dollars"])
(True, False)
"""

from collections.abc import Mapping, Sequence, Set
from datetime import date, timedelta

import pandas as pd

from retention.formatting import format_percent
from retention.io._cell_values import LOOKS_LIKE_DATE, date_texts, number_texts
from retention.io._header_names import named_key
from retention.io._reading_words import header_key, quote
from retention.words import words

#: The rows whose values decide.
SAMPLE_ROWS = 200
_SHARE = 0.9
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
#: How many orders one date must cover before it is the report's day rather than the orders'.
_SAME_FROM = 10
#: How many words a text has at least to be a sentence (a note) rather than a name.
_NOTE_WORDS = 3
#: How far apart two amounts may be and still be equal (rounding to cents).
_CENTS = 0.011


def _filled(texts: pd.Series) -> pd.Series:
    texts = texts.dropna().astype(str).str.strip()
    return texts[texts != ""]


def _dates(texts: pd.Series) -> pd.Series:
    """Each filled text as a date, NaT where it reads as none; only texts shaped like a date are parsed (parsing
    costs milliseconds)."""
    texts = _filled(texts)
    shaped = texts.str.contains(LOOKS_LIKE_DATE, regex=True)
    dates = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[us]")
    if shaped.any():
        dates[shaped] = date_texts(texts[shaped], dayfirst=True)
    return dates


def _reads_as_dates(texts: pd.Series) -> pd.Series:
    """Whether each filled text reads as a date."""
    return _dates(texts).notna()


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


def _named(column: str, target: str) -> bool:
    """Whether a column's name is one of ``[header_names]`` of the target or holds one of its ``[header_words]``."""
    key, reader_words = header_key(column), words("readers")
    return named_key(column) in {header_key(name) for name in reader_words["header_names"][target]} or any(
        header_key(part) in key for part in reader_words["header_words"][target])


def _a_part(column: str) -> bool:
    """Whether a column's name holds a word of ``[amount_parts]``: a discount, a tax, shipping, a fee."""
    key = header_key(column)
    return any(header_key(part) in key for part in words("readers")["amount_parts"]["words"])


def _future(dates: pd.Series) -> float:
    """The share of the dates after tomorrow."""
    return float((dates.dropna().dt.normalize() > pd.Timestamp(date.today() + timedelta(days=1))).mean())


def _date_reason(sample: pd.DataFrame, column: str, orders: pd.Series) -> tuple[str, str] | None:
    """(the note's key, what shows it) when a date column's values show it is not the order date: most orders
    leave it empty, it holds one date on every row of many orders, or most of its dates lie after tomorrow."""
    empty, days = 1 - _filled_by_order(sample, column, orders), _filled(sample[column]).unique()
    if empty > 0.5:
        return "date_checked", format_percent(empty, 0)
    if len(days) == 1 and orders.nunique() >= _SAME_FROM:
        return "date_same", quote(days[0])
    if (future := _future(_dates(sample[column]))) > 0.5:
        return "date_future", format_percent(future, 0)
    return None


def _order_date(sample: pd.DataFrame, free: list[str], orders: pd.Series) -> str | None:
    """The free column that most orders fill with several dates, most of them not after tomorrow; None if none."""
    filled = {column: _filled_by_order(sample, column, orders) for column in free}
    fits = []
    for column in (column for column in free if filled[column] >= 0.5 and _filled(sample[column]).nunique() > 1):
        dates = _dates(sample[column])
        if dates.notna().mean() >= _SHARE and _future(dates) <= 0.5:
            fits.append(column)
    return max(fits, key=filled.get) if fits else None


def _customer_reason(sample: pd.DataFrame, column: str, orders: pd.Series) -> tuple[str, str] | None:
    """(the note's key, what shows it) when a customer column holds free text, a note rather than who bought:
    most orders leave it empty, or most of its texts are sentences (``_NOTE_WORDS`` words or more) that no two
    orders share."""
    empty, texts = 1 - _filled_by_order(sample, column, orders), _filled(sample[column])
    if empty > 0.5:
        return "customer_id_empty", format_percent(empty, 0)
    sentences = texts[texts.str.split().str.len() >= _NOTE_WORDS]
    in_orders = pd.DataFrame({"text": texts, "order": orders[texts.index]}).drop_duplicates()
    if len(sentences) * 2 > len(texts) and not in_orders["text"].duplicated().any():
        return "customer_id_note", quote(sentences.iloc[0])
    return None


def _customer(sample: pd.DataFrame, free: list[str], orders: pd.Series) -> str | None:
    """The free column that tells customers apart instead: one of e-mail addresses, else one named as the customer,
    that nearly every order fills and that is no note itself; None if none."""
    fits = [column for column in free if _filled_by_order(sample, column, orders) >= _SHARE
            and _customer_reason(sample, column, orders) is None]
    emails = [column for column in fits if _emails(_filled(sample[column]))]
    named = [column for column in fits if _named(column, "customer_id")]
    return (emails or named or [None])[0]


def _guest_email(sample: pd.DataFrame, column: str, free: list[str]) -> tuple[str, str] | None:
    """(the column of e-mail addresses, the guest value quoted) when a customer id gives one value, and one only,
    to rows of several addresses (a guest id "0"); ids shared by several addresses are left as they are."""
    ids = sample[column].fillna("").astype(str).str.strip()
    for other in free:
        addresses = sample[other].fillna("").astype(str).str.strip()
        if not _emails(_filled(addresses)):
            continue
        shared = addresses[addresses.ne("")].groupby(ids[addresses.ne("")]).nunique()
        shared = shared[shared.index != ""]
        if shared.gt(1).sum() == 1:
            return other, quote(shared.idxmax())
    return None


def _per_order(sample: pd.DataFrame, column: str, orders: pd.Series) -> pd.Series | None:
    """Each order's largest amount in a column, without its sign (0 where empty); None unless the column's filled
    cells read as numbers (nine in ten)."""
    texts = _filled(sample[column])
    if texts.empty:
        return None
    values = _reads_as_numbers(texts)[0]
    if values.notna().mean() < _SHARE:
        return None
    return values.abs().reindex(sample.index).groupby(orders.to_numpy()).max().fillna(0.0)


def _whole_amount(sample: pd.DataFrame, part: str, free: list[str], orders: pd.Series) -> str | None:
    """The free column named as an amount, no part of one itself, that is at least as large as the ``part`` column
    in every order and larger in some (the total that the discount, tax or shipping is part of); the largest of
    them, None if none."""
    part_values = _per_order(sample, part, orders)
    if part_values is None:
        return None
    wholes = {}
    for column in (column for column in free if _named(column, "amount") and not _a_part(column)):
        values = _per_order(sample, column, orders)
        if values is not None and (values >= part_values - _CENTS).all() and (values > part_values + _CENTS).any():
            wholes[column] = values.sum()
    return max(wholes, key=wholes.get) if wholes else None


def checked_mapping(rows: pd.DataFrame, mapping: Mapping[str, str], kept: Set[str] = frozenset()
                    ) -> tuple[dict[str, str], dict[str, tuple]]:
    """The mapping with a date, customer or amount column that its values show to be wrong replaced (unless its
    target is ``kept``), and {target: (the key of the note in the readers' ``[assumed]`` words, the column replaced,
    what shows it: a share of orders, a date or a value quoted)}."""
    found, replaced = dict(mapping), {}
    source_of = {target: column for column, target in found.items()}
    sample = rows.head(SAMPLE_ROWS)
    order = source_of.get("order_id")
    orders = (sample[order].fillna("").astype(str).str.strip() if order else pd.Series("", index=sample.index))
    orders = orders.where(orders.ne(""), pd.Series(range(len(sample)), index=sample.index).astype(str) + "\0")
    free = [column for column in sample.columns if column not in found]

    def replace(target: str, column: str | None, key: str, shown: str) -> None:
        if column is not None:
            found[column] = found.pop(source_of[target])
            replaced[target] = (key, source_of[target], shown)
            free.remove(column)

    if (date := source_of.get("date")) is not None and "date" not in kept and (
            reason := _date_reason(sample, date, orders)):
        replace("date", _order_date(sample, free, orders), *reason)
    customer = source_of.get("customer_id")
    if customer is not None and "customer_id" not in kept and not _emails(_filled(sample[customer])):
        reason = _customer_reason(sample, customer, orders)
        if reason and (instead := _customer(sample, free, orders)):
            replace("customer_id", instead, *reason)
        elif guest := _guest_email(sample, customer, free):
            replace("customer_id", guest[0], "customer_id_checked", guest[1])
    if (amount := source_of.get("amount")) is not None and "amount" not in kept and _a_part(amount):
        replace("amount", _whole_amount(sample, amount, free, orders), "amount_part", "")
    return {column: found[column] for column in rows.columns if column in found}, replaced
