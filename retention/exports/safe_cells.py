"""Spreadsheet-safe exports: cells that a spreadsheet would run as a formula are neutralised.

A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return, or the full-width ``＝＋－＠`` that
some spreadsheets read too) can run as a formula when a CSV is opened in a spreadsheet ("CSV injection"). Text
cells that start so get a leading apostrophe, which spreadsheets show as text; numbers are left as numbers (a
negative number is not text, so it is not touched).

>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise("-5 units"), neutralise(-5), neutralise("Ann")
("'-5 units", -5, 'Ann')
>>> neutralise("\uff1dHYPERLINK(1)")
"'＝HYPERLINK(1)"
>>> to_csv_bytes(pd.DataFrame({"customer": ["@evil", "ann"], "value": [1.5, -2]})).decode()
"customer,value\\n'@evil,1.5\\nann,-2.0\\n"
"""

import pandas as pd

__all__ = ["FORMULA_STARTS", "neutralise", "neutralise_frame", "to_csv_bytes"]

#: Text that a spreadsheet would read as the start of a formula (with the full-width forms some read too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value):
    """The value, with an apostrophe in front when it is text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame with every text cell, and every column name, neutralised."""
    safe = frame.copy()
    safe.columns = [neutralise(str(name)) for name in safe.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_datetime64_any_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def to_csv_bytes(frame: pd.DataFrame, index: bool = False) -> bytes:
    """The frame as UTF-8 CSV (with a byte order mark-free header), every text cell neutralised."""
    return neutralise_frame(frame).to_csv(index=index).encode("utf-8")
