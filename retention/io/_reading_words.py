"""The readers' shared wording: their texts from ``words("readers")``, quoted names, lists of rows, file sizes.

>>> quote("Total\\x00 (EUR)"), quoted_list(["a", "b", "c"], limit=2)
('“Total (EUR)”', '“a”, “b”, …')
>>> row_list([5], 1), row_list([5, 9, 12], 3), row_list([5, 9, 12], 43)
('Row 5', 'Rows 5, 9 and 12', 'Rows 5, 9, 12 and 40 more')
>>> readable_size(250 * 1024 * 1024), readable_size(12_345), readable_size(10)
('250 MB', '12 KB', '10 bytes')
"""

import re
import unicodedata
from collections.abc import Sequence

from retention.formatting import format_number
from retention.words import plural, words

#: How many rows a message names before "and 40 more".
ROWS_NAMED = 3
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def phrase(section: str, key: str, **values) -> str:
    """The text ``key`` of ``section`` in ``retention/words/readers.toml``, filled in with ``values``; a number as
    ``count`` picks the plural form for it and is written the local way."""
    message = words("readers")[section][key]
    if isinstance(values.get("count"), int | float):
        message = plural(message, values["count"])
        values["count"] = format_number(values["count"])
    return message.format(**values)


def header_key(name: str) -> str:
    """A header name or a cell's word as the readers' word lists write it: lower case, letters and digits of any
    script, accents and signs left out ("Customer ID" -> "customerid", "Währung" -> "wahrung", "Κατάσταση" ->
    "κατασταση", "注文日" -> "注文日")."""
    return "".join(char for char in unicodedata.normalize("NFKD", name).casefold() if char.isalnum())


def quote(text: object, limit: int = 40) -> str:
    """A column name or cell as plain text in quotes: control characters removed, long texts cut."""
    clean = " ".join(_CONTROL.sub(" ", str(text)).split())
    return f"“{clean[:limit]}…”" if len(clean) > limit else f"“{clean}”"


def quoted_list(names: Sequence[str], limit: int = 8) -> str:
    """The first ``limit`` names quoted, separated by commas, and "…" when there are more."""
    shown = ", ".join(quote(name) for name in names[:limit])
    return shown + (", …" if len(names) > limit else "")


def row_list(numbers: Sequence[int], total: int) -> str:
    """'Row 5', 'Rows 5, 9 and 12' or 'Rows 5, 9, 12 and 40 more'."""
    rows = words("readers")["rows"]
    listed = [format_number(number) for number in numbers]
    if total == 1:
        return rows["one"].format(row=listed[0])
    if total == len(listed):
        return rows["some"].format(rows=rows["separator"].join(listed[:-1]), last=listed[-1])
    return rows["many"].format(rows=rows["separator"].join(listed), more=format_number(total - len(listed)))


def readable_size(count: float) -> str:
    """A number of bytes for people: "250 MB", "12 KB", "10 bytes"."""
    units = words("readers")["units"]
    if count >= 1024**2:
        return units["megabytes"].format(count=format_number(count / 1024 ** 2))
    if count >= 1024:
        return units["kilobytes"].format(count=format_number(count / 1024))
    return units["bytes"].format(count=format_number(count))
