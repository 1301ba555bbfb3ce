"""What a column holds, read from its values, for the columns whose names do not tell.

Used for a file whose first line is already an order (no header line) and for columns named in words the
readers do not know. On the first ``SAMPLE_ROWS`` rows:

- a line of column names has no cell that reads as a date or a number; a first line where half of the filled cells
  do is an order, not names (:func:`is_data_line`);
- the date is the first column whose filled cells read as dates, nine in ten at least;
- the amount is, among the columns whose filled cells read as numbers (nine in ten), the first with a fraction
  (12.50) or a currency sign, else the last one: a log lists ids and counts before money;
- the customer is the first remaining column holding e-mail addresses, else the first remaining column of words,
  else the first remaining column of numbers (ids written as numbers).

>>> rows = pd.DataFrame({"0": ["00001", "00002", "00001"], "1": ["19970101", "19970112", "19970302"],
...                      "2": ["1", "2", "1"], "3": ["11.77", "29.33", "9.99"]})
>>> content_mapping(rows, {})
{'1': 'date', '3': 'amount', '0': 'customer_id'}
>>> is_data_line(["00001", "19970101", "1", "11.77"]), is_data_line(["customer", "date", "cds", "dollars"])
(True, False)
"""

from collections.abc import Mapping, Sequence

import pandas as pd

from retention.io._cell_values import LOOKS_LIKE_DATE, date_texts, number_texts

#: The rows whose values decide.
SAMPLE_ROWS = 200
_SHARE = 0.9
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


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
    """(whether each text reads as a number, whether it shows money: a fraction or a currency sign)."""
    values, found = number_texts(texts, allow_percent=False, comma_first=False)
    values = pd.Series(values, index=texts.index)
    signs = found["signs"].ne("")
    return values.notna(), values.notna() & ((values % 1 != 0) | signs)


def is_data_line(cells: Sequence[object]) -> bool:
    """Whether a first line holds values rather than column names: half of its filled cells read as dates or
    numbers (a header like "2024 sales" reads as neither)."""
    texts = _filled(pd.Series(list(cells), dtype=object))
    if texts.empty:
        return False
    values = _reads_as_dates(texts) | _reads_as_numbers(texts)[0]
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
    numbers, money = [], []
    for column, texts in samples.items():
        if column in dates:
            continue
        number, shows_money = _reads_as_numbers(texts)
        if number.mean() >= _SHARE:
            numbers.append(column)
            if shows_money.any():
                money.append(column)
    if "date" not in found.values() and dates:
        found[dates[0]] = "date"
    if "amount" not in found.values() and numbers:
        found[(money or numbers[::-1])[0]] = "amount"
    if "customer_id" not in found.values():
        rest = [column for column in samples if column not in found]
        emails = [column for column in rest if samples[column].str.match(_EMAIL).mean() >= _SHARE]
        words = [column for column in rest if column not in numbers and column not in dates]
        ids = [column for column in rest if column not in dates]
        if emails or words or ids:
            found[(emails or words or ids)[0]] = "customer_id"
    return found
