"""Cell texts to values: numbers (decimal comma or point, thousands separators, currency signs, percent, negative
amounts in brackets) and dates (year, day or month first; time zones), with the notes saying what was assumed.

Each function reads the distinct texts of a column at once, so a million rows with a few thousand distinct texts
cost a few thousand conversions.

>>> values, found = number_texts(pd.Series(["1.234,50 €", "(12,5)", ""]), allow_percent=False, comma_first=False)
>>> values.tolist()[:2], [note.key for note in number_notes("Total", found)]
([1234.5, -12.5], ['currency', 'decimal_comma', 'thousands', 'bracketed'])
>>> date_texts(without_time_zones(pd.Series(["2024-01-31 10:00 UTC", "05/02/2024"])), dayfirst=True).tolist()
[Timestamp('2024-01-31 10:00:00'), Timestamp('2024-02-05 00:00:00')]
>>> date_texts(pd.Series(["2025年1月15日", "2025年2月3日 10:30"]), dayfirst=True).tolist()
[Timestamp('2025-01-15 00:00:00'), Timestamp('2025-02-03 10:30:00')]
"""

import re
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from babel.numbers import get_currency_precision

from retention.formatting import format_number
from retention.io._currencies import AMBIGUOUS, token
from retention.io._reading_words import phrase, quote
from retention.notes import Note

_CURRENCY = r"\b[A-Z]{1,3}\$|[$€£¥￥円元₹₩₽₺₴₪฿₫₦₱¢]|\b(?:[A-Z]{3}|kr|zł|Kč|Fr|Ft|lei|R)\b\.?"
_JAPANESE_DATE = r"^(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日\s*"
_TIME_ZONE = r"(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})$"
#: The shape of a date: three groups of digits, 8 digits alone, or a month's name beside a year.
LOOKS_LIKE_DATE = r"\d{1,4}\D+\d{1,2}\D+\d{1,4}|^\d{8}$|[A-Za-z]{3,}.*\d{4}|\d{4}.*[A-Za-z]{3,}"


def _decimal_separator(digits: pd.Series, comma_first: bool) -> tuple[str, bool]:
    """The decimal separator ("." or ","), and whether the numbers left it open (they all look like 1,234 or 1.234).

    Where a number has both separators, the last one is the decimal separator; a number like 12,5 or 0.25 shows it
    too. When none tells, ``comma_first`` (files separated by semicolons) chooses the decimal comma.
    """
    comma = digits.str.contains(",", regex=False)
    dot = digits.str.contains(".", regex=False)
    both = comma & dot
    if both.any():
        comma_last = digits[both].str.rfind(",") > digits[both].str.rfind(".")
        return ("," if comma_last.mean() > 0.5 else "."), False
    comma_decimal = (comma & ~digits.str.fullmatch(r"\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})*,\d{3}")).any()
    dot_decimal = (dot & ~digits.str.fullmatch(r"\d{1,3}(?:\.\d{3})+")).any()
    if comma_decimal != dot_decimal:
        return ("," if comma_decimal else "."), False
    open_question = not comma_decimal and bool((comma | dot).any())
    return ("," if comma_first and open_question else "."), open_question


def _without_cents(signs: list[str]) -> bool:
    """Whether the currency signs found all stand for one currency without decimals (yen, won), so that 3,790 or
    3.790 can only be thousands."""
    codes = {token(sign) for sign in signs}
    return len(codes) == 1 and not codes & {"", *AMBIGUOUS} and get_currency_precision(codes.pop()) == 0


def number_texts(texts: pd.Series, allow_percent: bool, comma_first: bool) -> tuple[np.ndarray, dict]:
    """Numbers from distinct texts (NaN when empty or unreadable), and what was found: ``found["invalid"]`` marks
    the unreadable texts, ``found["signs"]`` holds the first currency sign or code of each text; currency signs,
    decimal comma, thousands separator, percent and brackets are noted."""
    text = texts.str.strip()
    percent = text.str.endswith("%") & allow_percent
    text = text.where(~percent, text.str[:-1])
    signs = text.str.findall(_CURRENCY)
    found: dict = {
        "currency": sorted({sign for each in signs for sign in each}),
        "signs": signs.str[0].astype(object).fillna(""),
    }
    text = text.str.replace(_CURRENCY, "", regex=True).str.replace(r"[\s\u00a0\u202f'’]", "", regex=True)
    text = text.str.replace("−", "-", regex=False)
    bracketed = text.str.fullmatch(r"\(.*\)")
    text = text.where(~bracketed, text.str[1:-1])
    trailing = text.str.endswith("-") & ~text.str.startswith("-")
    text = text.where(~trailing, text.str[:-1])
    negative = (text.str.startswith("-") | bracketed | trailing).to_numpy()
    digits = text.str.replace(r"^[+-]", "", regex=True)
    shaped = digits.str.fullmatch(r"[\d.,]*\d[\d.,]*")
    decimal, open_question = _decimal_separator(digits[shaped], comma_first)
    if open_question and _without_cents(found["currency"]):  # 3,790円: yen have no decimals
        decimal, open_question = ("." if digits[shaped].str.contains(",", regex=False).any() else ","), False
    thousands = "." if decimal == "," else ","
    t, d = re.escape(thousands), re.escape(decimal)
    pattern = rf"(?:\d+|\d{{1,3}}(?:{t}\d{{3}})+|\d{{1,2}}(?:{t}\d{{2}})*{t}\d{{3}})(?:{d}\d+)?|{d}\d+"
    valid = shaped & digits.str.fullmatch(pattern)
    plain = digits.where(valid, "nan").str.replace(thousands, "", regex=False).str.replace(decimal, ".", regex=False)
    values = plain.astype(float).to_numpy() * np.where(negative, -1.0, 1.0) / np.where(percent, 100.0, 1.0)
    found["invalid"] = ~valid.to_numpy() & text.ne("").to_numpy()
    separated = (valid & digits.str.contains(r"[.,]", regex=True)).to_numpy()
    found["example"] = (texts[separated].iloc[0], values[separated][0]) if separated.any() else None
    found["open_question"] = open_question
    found["decimal_comma"] = decimal == "," and bool((valid & digits.str.contains(",", regex=False)).any())
    with_thousands = valid & digits.str.contains(thousands, regex=False)
    found["thousands"] = texts[with_thousands].iloc[0] if with_thousands.any() else None
    found["separator"] = thousands
    found["percent"] = bool((percent & valid).any())
    found["bracketed"] = bool((bracketed & valid).any())
    return values, found


#: Cells a whole column may hold for :func:`comma_decimals`: digits with a decimal comma or none, a leading minus;
#: and those that show the comma is decimal (not 1,234, which may be a thousands separator).
_COMMA_NUMBER = r"^-?\d+(?:,\d+)?$"
_COMMA_DECIMAL = r"^-?(?:\d+,(?:\d{1,2}|\d{4,})|\d{4,},\d+)$"


def comma_decimals(column: pa.ChunkedArray) -> tuple[np.ndarray, dict] | None:
    """The fast path of :func:`number_texts` for a whole column of plain decimal-comma numbers ("11,07", "-3",
    "1234,5"; empty cells are null): its distinct texts converted by pyarrow at once, the numbers of the cells (NaN
    for empty ones), and what ``number_texts`` finds in such texts, its ``signs`` those of the one text without a
    sign. None when a text is written otherwise or none shows the comma to be decimal: then only ``number_texts``
    can tell.

    >>> values, found = comma_decimals(pa.chunked_array([["11,07", None, "-3", "1234,5", "-3"]]))
    >>> values.tolist(), [note.key for note in number_notes("Total", found)]
    ([11.07, nan, -3.0, 1234.5, -3.0], ['decimal_comma'])
    >>> comma_decimals(pa.chunked_array([["1,234", "12"]])) is None, comma_decimals(pa.chunked_array([["1,5 €"]]))
    (True, None)
    """
    encoded = pc.dictionary_encode(column.combine_chunks())
    texts = encoded.dictionary
    if not pc.all(pc.match_substring_regex(texts, _COMMA_NUMBER)).as_py():
        return None
    if not pc.any(pc.match_substring_regex(texts, _COMMA_DECIMAL)).as_py():
        return None
    distinct = pc.cast(pc.replace_substring(texts, ",", "."), pa.float64()).to_numpy()
    first = pc.index(pc.match_substring(texts, ","), True).as_py()
    found = {"currency": [], "signs": pd.Series([""], dtype=object), "invalid": np.zeros(1, bool),
             "example": (texts[first].as_py(), float(distinct[first])), "open_question": False,
             "decimal_comma": True, "thousands": None, "separator": ".", "percent": False, "bracketed": False}
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    return np.append(distinct, np.nan)[codes], found


def number_notes(name: str, found: dict) -> list[Note]:
    """What :func:`number_texts` found in the column ``name``, as notes for "What we assumed"."""
    column = quote(name)
    notes = []
    if found["currency"]:
        symbols = ", ".join(found["currency"])
        notes.append(Note("currency", phrase("assumed", "currency", column=column, symbols=symbols)))
    if found["open_question"]:
        text, value = found["example"]
        notes.append(Note("separator_guessed", phrase(
            "assumed", "separator_guessed", column=column, example=quote(text), value=format_number(value, None)
        )))
    else:
        if found["decimal_comma"]:
            notes.append(Note("decimal_comma", phrase("assumed", "decimal_comma", column=column)))
        if found["thousands"] is not None:
            separator, example = quote(found["separator"]), quote(found["thousands"])
            notes.append(Note("thousands", phrase("assumed", "thousands", column=column, separator=separator,
                                                  example=example)))
    for key in ("percent", "bracketed"):
        if found[key]:
            notes.append(Note(key, phrase("assumed", key, column=column)))
    return notes


def date_texts(texts: pd.Series, dayfirst: bool) -> pd.Series:
    """Dates from distinct texts (NaT when empty or unreadable).

    Texts starting with the year (2024-01-31, 2024/01/31, 2024年1月31日) are read year, month, day; the others with
    the day or the month first. Each group is read with the format of its first text, and texts in another format
    one by one.
    """
    parsed = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[us]")
    texts = texts.str.replace(_JAPANESE_DATE, r"\1-\2-\3 ", regex=True).str.strip()
    year_first = texts.str.match(r"\d{4}(?:\D|\d{4}$)")
    for group, first in ((year_first, False), (~year_first, dayfirst)):
        if group.any():
            parsed[group] = _wall_clock(texts[group], first, None)
            retry = group & parsed.isna() & texts.ne("")
            if retry.any():
                parsed[retry] = _wall_clock(texts[retry], first, "mixed")
    return parsed.where(texts.str.contains(LOOKS_LIKE_DATE, regex=True))


def _wall_clock(texts: pd.Series, dayfirst: bool, format: str | None) -> pd.Series:
    """``pd.to_datetime`` as datetime64[us] at the times written: a time zone that :func:`without_time_zones` did
    not recognise is left out too ("10:00+01" is 10:00), and texts with different ones are read one by one."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = pd.to_datetime(texts, dayfirst=dayfirst, format=format, errors="coerce")
        except ValueError:  # pandas puts times of several time zones in no column
            one = [pd.to_datetime(text, dayfirst=dayfirst, format=format, errors="coerce") for text in texts]
            parsed = pd.Series([time.tz_localize(None) for time in one], index=texts.index, dtype="datetime64[us]")
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    return parsed.astype("datetime64[us]")


def without_time_zones(texts: pd.Series) -> pd.Series:
    """The texts with a time zone after the time left out: "2024-01-31 10:00 UTC" -> "2024-01-31 10:00"."""
    return texts.str.replace(_TIME_ZONE, r"\1", regex=True)
