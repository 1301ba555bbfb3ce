"""Reading uploaded files: an order log or a table of periods, from CSV, TSV, TXT or .xlsx.

=================  ===============================================================================================
function           what it does
=================  ===============================================================================================
load_transactions  an order log as a frame with ``customer_id``, ``date``, ``amount`` (and ``order_id``,
                   ``quantity``, ``returned_quantity`` where present), plus a report of what was assumed and dropped
load_period_table  a table with one row per period: a ``period`` column and any DESIGN §2 field names
preview_file       the columns, the first rows and the guessed mapping, even when the file cannot be loaded yet
guess_mapping      which file column holds which normalised column, guessed from the header names
=================  ===============================================================================================

A source is a path, bytes or a binary file-like object (an upload). The readers detect the text encoding (UTF-8
with or without a byte order mark, UTF-16, Windows-1252), the separator (comma, semicolon, tab, vertical bar),
decimal commas, thousands separators, currency signs, and whether dates have the day or the month first; each
assumption is reported in words. Whatever a reader cannot use raises :class:`~retention.errors.InputError` with a
message naming the row and the column; these rows are left out instead, counted, and reported:

- blank rows, and exact copies of an earlier row (every cell the same);
- rows without a customer (guest orders): they cannot be followed over time;
- refund lines (negative amounts): the revenue figures are sales before refunds; returned units come from the
  ``returned_quantity`` column;
- rows dated after tomorrow (a typing error in the year, usually).

Files over ``MAX_FILE_BYTES``, lines over ``MAX_LINE_BYTES`` and workbooks that would unpack to more than
``MAX_XLSX_UNPACKED_BYTES`` (or more than ``MAX_XLSX_RATIO`` times their size) are refused before they are parsed.
Column names are kept as plain text, never interpreted; messages quote them with control characters removed.

>>> loaded = load_transactions(b"Customer;Order date;Total\\nann;31/01/2024;12,50\\nbob;01/02/2024;1.234,00\\n")
>>> loaded.mapping
{'Customer': 'customer_id', 'Order date': 'date', 'Total': 'amount'}
>>> loaded.frame["amount"].tolist(), loaded.frame["date"].dt.strftime("%d %b").tolist()
([12.5, 1234.0], ['31 Jan', '01 Feb'])
>>> [note.key for note in loaded.assumptions]
['encoding', 'delimiter', 'day_first', 'decimal_comma', 'thousands']
"""

import codecs
import csv
import io
import os
import re
import unicodedata
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from retention.errors import InputError
from retention.fields import FIELD_NAMES, FIELDS_BY_NAME
from retention.words import words

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_LINE_BYTES",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_UNPACKED_BYTES",
    "PERIOD_TABLE_COLUMNS",
    "REQUIRED_TRANSACTION_COLUMNS",
    "TRANSACTION_COLUMNS",
    "FilePreview",
    "LoadedTable",
    "Note",
    "guess_mapping",
    "load_period_table",
    "load_transactions",
    "preview_file",
]

#: The largest file accepted, in bytes (the app's upload limit is set to the same 200 MB).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: The longest line (or row) accepted, in bytes.
MAX_LINE_BYTES = 1024 * 1024
#: The most an .xlsx may unpack to, in bytes, and the largest unpacked / packed ratio once it unpacks to 10 MB.
MAX_XLSX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_XLSX_RATIO = 100
_RATIO_CHECKED_FROM = 10 * 1024 * 1024

TRANSACTION_COLUMNS = ("customer_id", "date", "amount", "order_id", "quantity", "returned_quantity")
REQUIRED_TRANSACTION_COLUMNS = ("customer_id", "date", "amount")
PERIOD_TABLE_COLUMNS = ("period", *FIELD_NAMES)

_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_BYTES = 64 * 1024
_PREVIEW_ROWS = 20
_EXAMPLES = 3
_TEXT_BYTES = bytes(byte for byte in range(256) if byte >= 0x20 or byte in (9, 10, 13))
_MARKUP = re.compile(r"<[^>]*>|\]\(|javascript:|&#?\w+;", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_CURRENCY = r"[$€£¥₹₩₽₺₴₪฿₫₦₱¢]|\b(?:[A-Z]{3}|kr|zł|Kč|Fr|Ft|lei|R)\b\.?"
_TIME_ZONE = r"(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})$"
_LOOKS_LIKE_DATE = r"\d{1,4}\D+\d{1,2}\D+\d{1,4}|^\d{8}$|[A-Za-z]{3,}.*\d{4}|\d{4}.*[A-Za-z]{3,}"


@dataclass(frozen=True)
class Note:
    """One line of a reading report: a stable ``key``, the ``message`` for people, and the ``rows`` concerned."""

    key: str
    message: str
    rows: int = 0


@dataclass(frozen=True)
class FilePreview:
    """What the page shows before (or instead of) loading: the columns, the first rows as text, the guessed mapping.

    detected: {"format": "text" or "xlsx", "encoding", "delimiter"} for text, {"format", "sheet"} for a workbook.
    """

    columns: tuple[str, ...]
    first_rows: pd.DataFrame
    mapping: dict[str, str]
    detected: dict[str, str]
    assumptions: tuple[Note, ...]
    warnings: tuple[Note, ...]


@dataclass(frozen=True)
class LoadedTable:
    """A file read into a normalised frame, with the report of how.

    frame: the normalised rows. mapping: {file column: normalised column} as used. columns: every column of the
    file (duplicate names made unique). first_rows: the first rows of the file as text. detected: see
    :class:`FilePreview`. assumptions, dropped and warnings: notes to show ("What we assumed", "What we left out",
    "Please check"); ``Note.rows`` counts the rows each dropped note concerns. rows_read: the data rows in the file,
    blank ones included.
    """

    frame: pd.DataFrame
    mapping: dict[str, str]
    columns: tuple[str, ...]
    first_rows: pd.DataFrame
    detected: dict[str, str]
    assumptions: tuple[Note, ...] = ()
    dropped: tuple[Note, ...] = ()
    warnings: tuple[Note, ...] = ()
    rows_read: int = 0

    @property
    def rows_dropped(self) -> int:
        """How many rows of the file were left out, for every reason together."""
        return sum(note.rows for note in self.dropped)


# --- words -------------------------------------------------------------------------------------------------------


def _text(section: str, key: str, **values) -> str:
    return words("readers")[section][key].format(**values)


def _quote(text: object, limit: int = 40) -> str:
    """A column name or cell as plain text in quotes: control characters removed, long texts cut."""
    clean = " ".join(_CONTROL.sub(" ", str(text)).split())
    return f"“{clean[:limit]}…”" if len(clean) > limit else f"“{clean}”"


def _quoted_list(names: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(_quote(name) for name in names[:limit])
    return shown + (", …" if len(names) > limit else "")


def _row_list(numbers: Sequence[int], total: int) -> str:
    """'Row 5', 'Rows 5, 9 and 12' or 'Rows 5, 9, 12 and 40 more'."""
    rows = words("readers")["rows"]
    listed = [f"{number:,}" for number in numbers]
    if total == 1:
        return rows["one"].format(row=listed[0])
    if total == len(listed):
        return rows["some"].format(rows=rows["separator"].join(listed[:-1]), last=listed[-1])
    return rows["many"].format(rows=rows["separator"].join(listed), more=f"{total - len(listed):,}")


def _size(count: float) -> str:
    """A number of bytes for people: "250 MB", "12 KB", "10 bytes"."""
    units = words("readers")["units"]
    if count >= 1024**2:
        return units["megabytes"].format(count=f"{count / 1024 ** 2:,.0f}")
    if count >= 1024:
        return units["kilobytes"].format(count=f"{count / 1024:,.0f}")
    return units["bytes"].format(count=f"{count:,.0f}")


def _label(target: str) -> str:
    if target in FIELDS_BY_NAME:
        return words("fields")[target]["label"].lower()
    return words("readers")["columns"][target]


# --- bytes to cells ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cells:
    """A file read as text cells: one string column per name (the pyarrow columns are named "0", "1", ...)."""

    names: tuple[str, ...]
    table: pa.Table
    row_numbers: Callable[[Sequence[int]], list[int]]
    detected: dict[str, str]
    assumptions: tuple[Note, ...]
    warnings: tuple[Note, ...]
    blank_lines: int

    def first_rows(self) -> pd.DataFrame:
        first = self.table.slice(0, _PREVIEW_ROWS).to_pandas()
        return first.set_axis(list(self.names), axis=1)


def _file_error(key: str, **values) -> InputError:
    return InputError({"file": _text("file", key, **values)})


def _too_large(size: int, max_bytes: int) -> InputError:
    return _file_error("too_large", size=_size(size), limit=_size(max_bytes))


def _read_bytes(source, max_bytes: int) -> bytes:
    """The whole file, refused before reading when it is larger than ``max_bytes``.

    A path's size comes from the file system, an upload's from its ``size`` or by seeking to its end; a stream that
    cannot seek is read up to one byte over the limit.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        if os.path.getsize(source) > max_bytes:
            raise _too_large(os.path.getsize(source), max_bytes)
        with open(source, "rb") as handle:
            data = handle.read()
    else:
        size = getattr(source, "size", None)
        seekable = getattr(source, "seekable", lambda: False)()
        if not isinstance(size, int) and seekable:
            size = source.seek(0, io.SEEK_END)
        if isinstance(size, int) and size > max_bytes:
            raise _too_large(size, max_bytes)
        if seekable:
            source.seek(0)
        data = source.read(max_bytes + 1)
        data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        if len(data) > max_bytes:
            raise _file_error("too_large_stream", limit=_size(max_bytes))
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return data


def _read_cells(source, max_bytes: int | None) -> _Cells:
    data = _read_bytes(source, MAX_FILE_BYTES if max_bytes is None else max_bytes)
    if not re.search(rb"[^\s\x00\xef\xbb\xbf\xfe\xff]", data):
        raise _file_error("empty")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _file_error("old_excel")
    return _read_text(data)


def _transcoded(data: bytes, encoding: str) -> bytes:
    try:
        return data.decode(encoding).encode("utf-8")
    except UnicodeError:
        raise _file_error("not_text") from None


def _is_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), 1 << 24):
            decoder.decode(view[start : start + (1 << 24)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _decoded(data: bytes) -> tuple[bytes, str]:
    """The text as UTF-8 bytes, and the name of the encoding it was written in."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:], "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _transcoded(data, "utf-16"), "utf-16"
    head = data[:4096]
    if len(head) >= 4 and head.count(0) > len(head) // 4:
        little_endian = head[1::2].count(0) > head[0::2].count(0)
        return _transcoded(data, "utf-16-le" if little_endian else "utf-16-be"), "utf-16"
    if _is_utf8(data):
        return data, "utf-8"
    return _transcoded(data, "cp1252"), "cp1252"


def _sniff_delimiter(sample: str) -> str | None:
    """The separator that splits the first lines into the same number (two or more) of cells, or None."""
    lines = [line.rstrip("\r") for line in sample.split("\n") if line.strip()][:50]
    best, best_score = None, (0.0, 1)
    if not lines:
        return None
    for delimiter in _DELIMITERS:
        try:
            counts = [len(cells) for cells in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        score = (counts.count(counts[0]) / len(counts), counts[0])
        if counts[0] > 1 and score > best_score:
            best, best_score = delimiter, score
    return best


def _clean_names(raw: Sequence[object]) -> tuple[tuple[str, ...], list[Note]]:
    """Column names as plain text, made unique, with warnings for duplicates, markup and missing names."""
    names, notes = [], []
    for position, name in enumerate(raw, start=1):
        name = " ".join(str(name if name is not None else "").split())
        if not name:
            name = _text("warnings", "unnamed_column", position=position)
            notes.append(Note("unnamed", _text("warnings", "unnamed", position=position, column=_quote(name))))
        elif _MARKUP.search(name):
            notes.append(Note("markup", _text("warnings", "markup", column=_quote(name))))
        names.append(name)
    counts = Counter(names)
    for name, count in counts.items():
        if count == 1:
            continue
        positions = [index for index, other in enumerate(names) if other == name]
        renamed = [name]
        for number, index in enumerate(positions[1:], start=2):
            while f"{name} ({number})" in counts:
                number += 1
            names[index] = f"{name} ({number})"
            renamed.append(names[index])
        notes.append(
            Note(
                "duplicate_names",
                _text(
                    "warnings", "duplicate_names", column=_quote(name),
                    positions=", ".join(str(index + 1) for index in positions), names=_quoted_list(renamed),
                ),
            )
        )
    return tuple(names), notes


def _records(data: bytes, offset: int, delimiter: str, first_line: int):
    """(line number, cells) of each record after ``offset``, read with Python's csv module (slow, exact)."""
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    handle = io.TextIOWrapper(io.BytesIO(data[offset:]), encoding="utf-8", newline="")
    reader = csv.reader(handle, delimiter=delimiter)
    while True:
        line = first_line + reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        yield line, cells


def _text_row_numbers(data: bytes, offset: int, delimiter: str, width: int, first_line: int):
    """A function from record numbers (as pyarrow counts them) to line numbers in the file."""

    def row_numbers(records: Sequence[int]) -> list[int]:
        wanted = sorted(set(int(record) for record in records))
        if not wanted:
            return []
        found, record = {}, 0
        for line, cells in _records(data, offset, delimiter, first_line):
            if len(cells) != width:
                continue
            if record in wanted:
                found[record] = line
                if len(found) == len(wanted):
                    break
            record += 1
        return [found.get(int(record), 0) for record in records]

    return row_numbers


def _long_line_error(data: bytes, offset: int, delimiter: str, first_line: int) -> InputError:
    """The message for a row too long to read: a very long line, or a quote that is never closed."""
    newlines = np.flatnonzero(np.frombuffer(data, np.uint8) == 10)
    lengths = np.diff(np.concatenate([[-1], newlines, [len(data)]])) - 1
    longest = int(np.argmax(lengths))
    if lengths[longest] > MAX_LINE_BYTES:
        return _file_error("long_line", line=f"{longest + 1:,}", size=_size(lengths[longest]))
    for line, cells in _records(data, offset, delimiter, first_line):
        if sum(map(len, cells)) > MAX_LINE_BYTES:
            return _file_error("open_quote", line=f"{line:,}")
    return _file_error("unreadable")


def _header_line(data: bytes) -> tuple[int, int, int]:
    """(start, end, line number) of the first line that is not blank: the column names."""
    first = re.search(rb"\S", data)
    if first is None:
        raise _file_error("empty")
    start = data.rfind(b"\n", 0, first.start()) + 1
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    line = data.count(b"\n", 0, start) + 1
    if end - start > MAX_LINE_BYTES:
        raise _file_error("long_line", line=f"{line:,}", size=_size(end - start))
    return start, end, line


def _read_text(data: bytes) -> _Cells:
    data, encoding = _decoded(data)
    controls = data.translate(None, _TEXT_BYTES)
    if b"\x00" in controls or len(controls) > max(8, len(data) // 1000):
        raise _file_error("not_text")
    if b"\n" not in data:
        data = data.replace(b"\r", b"\n")
    start, end, header_line = _header_line(data)
    sample = data[start : start + _SNIFF_BYTES]
    if len(sample) == _SNIFF_BYTES and b"\n" in sample:
        sample = sample[: sample.rfind(b"\n")]
    delimiter = _sniff_delimiter(sample.decode("utf-8", "replace"))
    separator = delimiter or ","
    names, notes = _clean_names(next(csv.reader([data[start:end].decode("utf-8").rstrip("\r")], delimiter=separator)))
    offset = min(end + 1, len(data))
    table = _parse_csv(data, offset, separator, len(names), header_line)
    lines = data.count(b"\n", offset) + (0 if data.endswith(b"\n") or offset >= len(data) else 1)
    inner = 0
    if lines != table.num_rows:
        if any((pc.max(pc.binary_length(column)).as_py() or 0) > MAX_LINE_BYTES for column in table.columns):
            raise _long_line_error(data, offset, separator, header_line)
        inner = sum(pc.sum(pc.count_substring(column, "\n")).as_py() or 0 for column in table.columns)
    assumptions = [Note("encoding", _text("assumed", "encoding", encoding=_text("encodings", encoding)))]
    if delimiter:
        assumptions.append(Note("delimiter", _text("assumed", "delimiter", delimiter=_text("delimiters", delimiter))))
    else:
        assumptions.append(Note("one_column", _text("assumed", "one_column")))
    return _Cells(
        names,
        table,
        _text_row_numbers(data, offset, separator, len(names), header_line),
        {"format": "text", "encoding": encoding, "delimiter": delimiter or ""},
        tuple(assumptions),
        tuple(notes),
        max(0, lines - table.num_rows - inner),
    )


def _parse_csv(data: bytes, offset: int, delimiter: str, width: int, header_line: int) -> pa.Table:
    """Every cell after the header as text (empty cells are null), read by pyarrow on all cores."""
    wrong: list = []

    def invalid_row(row) -> str:
        if not row.text.strip():
            return "skip"
        wrong.append(row)
        return "error"

    names = [str(position) for position in range(width)]
    if offset >= len(data):
        return pa.table({name: pa.array([], pa.string()) for name in names})
    try:
        return pcsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)[offset:]),
            read_options=pcsv.ReadOptions(column_names=names, block_size=MAX_LINE_BYTES),
            parse_options=pcsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, invalid_row_handler=invalid_row
            ),
            convert_options=pcsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except pa.ArrowInvalid as error:
        if wrong:
            raise _wrong_count_error(data, offset, delimiter, width, header_line) from None
        if "straddling" in str(error):
            raise _long_line_error(data, offset, delimiter, header_line) from None
        raise _file_error("unreadable") from None


def _wrong_count_error(data: bytes, offset: int, delimiter: str, width: int, header_line: int) -> InputError:
    bad = [
        (line, len(cells))
        for line, cells in _records(data, offset, delimiter, header_line)
        if cells and len(cells) != width and "".join(cells).strip()
    ]
    if not bad:
        return _file_error("unreadable")
    count = bad[0][1]
    count_text = _text("file", "wrong_count_one" if count == 1 else "wrong_count_many", count=count)
    return _file_error(
        "wrong_count",
        rows=_row_list([line for line, _ in bad[:_EXAMPLES]], len(bad)),
        count_text=count_text,
        expected=width,
        delimiter=_quote(delimiter),
    )


def _cell_text(value) -> str | None:
    """A spreadsheet cell as the text a CSV export would hold (dates as ISO dates, whole numbers without .0)."""
    if value is None:
        return None
    if isinstance(value, (datetime, date, time)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    text = str(value)
    return text if text.strip() else None


def _read_xlsx(data: bytes) -> _Cells:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _file_error("bad_xlsx") from None
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise _file_error("not_xlsx")
    unpacked = sum(member.file_size for member in members)
    ratio = unpacked / len(data)
    if unpacked > MAX_XLSX_UNPACKED_BYTES or (unpacked > _RATIO_CHECKED_FROM and ratio > MAX_XLSX_RATIO):
        raise _file_error("bomb", size=_size(unpacked), ratio=_text("file", "ratio", ratio=ratio))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        rows = [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        sheet_count = len(workbook.worksheets)
        workbook.close()
    except Exception:  # a damaged workbook can fail inside openpyxl in many ways; none is the user's fault alone
        raise _file_error("bad_xlsx") from None
    rows = [(number, cells) for number, cells in rows if any(cell is not None for cell in cells)]
    blank_lines = (rows[-1][0] - rows[0][0] + 1 - len(rows)) if rows else 0
    if not rows:
        raise _file_error("empty")
    header = rows[0][1]
    width = max(len(header), *(len(cells) for _, cells in rows))
    names, notes = _clean_names(header + [None] * (width - len(header)))
    body = rows[1:]
    columns = {
        str(position): pa.array([cells[position] if position < len(cells) else None for _, cells in body], pa.string())
        for position in range(width)
    }
    line_numbers = np.array([number for number, _ in body], dtype=np.int64)
    assumptions = []
    if sheet_count > 1:
        assumptions.append(Note("sheet", _text("assumed", "sheet", sheet=_quote(sheet.title), count=sheet_count)))
    return _Cells(
        names,
        pa.table(columns),
        lambda records: [int(line_numbers[record]) for record in records],
        {"format": "xlsx", "sheet": sheet.title},
        tuple(assumptions),
        tuple(notes),
        blank_lines,
    )


# --- mapping -----------------------------------------------------------------------------------------------------


def _key(name: str) -> str:
    """A header name reduced to lower-case letters and digits: "Customer ID" -> "customerid"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", plain)


def _targets(kind: str) -> tuple[str, ...]:
    if kind == "transactions":
        return TRANSACTION_COLUMNS
    if kind == "periods":
        return PERIOD_TABLE_COLUMNS
    raise ValueError(f"kind must be 'transactions' or 'periods', not {kind!r}")


def guess_mapping(columns: Sequence[str], kind: str = "transactions") -> dict[str, str]:
    """{file column: normalised column} guessed from the header names; columns not recognised are left out.

    kind: "transactions" (customer_id, date, amount, order_id, quantity, returned_quantity) or "periods" (period and
    the DESIGN §2 field names, which may also be written as their labels, "Customers at the start").

    >>> guess_mapping(["Order ID", "Customer Email", "Created at", "Total (EUR)", "Notes"])
    {'Order ID': 'order_id', 'Customer Email': 'customer_id', 'Created at': 'date', 'Total (EUR)': 'amount'}
    """
    targets = _targets(kind)
    known = words("readers")["header_names"]
    exact = {target: set(known.get(target, ())) for target in targets}
    for name in FIELD_NAMES if kind == "periods" else ():
        exact[name] = {_key(name), _key(words("fields")[name]["label"])}
    mapping: dict[str, str] = {}
    for column in columns:
        target = next((t for t in targets if _key(column) in exact[t] and t not in mapping.values()), None)
        if target:
            mapping[column] = target
    for target, parts in words("readers")["header_words"].items():
        if target not in targets or target in mapping.values():
            continue
        column = next((c for c in columns if c not in mapping and any(p in _key(c) for p in parts)), None)
        if column is not None:
            mapping[column] = target
    return {column: mapping[column] for column in columns if column in mapping}


def _checked_mapping(names: Sequence[str], mapping: Mapping[str, str] | None, kind: str) -> dict[str, str]:
    """The mapping to use (the guess when none is given), or an InputError naming what is missing or wrong."""
    targets = _targets(kind)
    if mapping is None:
        mapping = guess_mapping(names, kind)
    mapping = {source: target for source, target in mapping.items() if target}
    errors: dict[str, str] = {}
    chosen: dict[str, str] = {}
    for source, target in mapping.items():
        if target not in targets:
            errors[str(target)] = _text(
                "mapping", "unknown_target", target=_quote(target), targets=", ".join(targets[:6]) + ", …"
            )
        elif source not in names:
            errors[target] = _text(
                "mapping", "unknown_source", column=_quote(source), label=_label(target), columns=_quoted_list(names)
            )
        elif target in chosen:
            errors[target] = _text(
                "mapping", "chosen_twice", first=_quote(chosen[target]), second=_quote(source), label=_label(target)
            )
        else:
            chosen[target] = source
    required = REQUIRED_TRANSACTION_COLUMNS if kind == "transactions" else ("period",)
    for target in required:
        if target not in chosen and target not in errors:
            errors[target] = _text("mapping", "not_found", label=_label(target), columns=_quoted_list(names))
    if kind == "periods" and not errors and len(chosen) == 1:
        errors["file"] = _text(
            "mapping", "no_fields", columns=_quoted_list(names), examples=", ".join(FIELD_NAMES[:3])
        )
    if errors:
        raise InputError(errors)
    return {source: mapping[source] for source in names if source in mapping}


# --- cells to values ---------------------------------------------------------------------------------------------


def _encode(column: pa.ChunkedArray) -> tuple[np.ndarray, pd.Series]:
    """(code per row, -1 for an empty cell; the distinct texts, stripped)."""
    encoded = pc.dictionary_encode(column.combine_chunks())
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, encoded.dictionary.to_pandas().str.strip()


def _blank(texts: pd.Series) -> np.ndarray:
    """For each distinct text, then for code -1 (an empty cell): whether it is blank."""
    return np.append(texts.eq("").to_numpy(), True)


@dataclass
class _Report:
    """The notes collected while loading."""

    assumptions: list[Note] = field(default_factory=list)
    dropped: list[Note] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class _Rows:
    """The rows still in use, as their record numbers in the cells of the file."""

    cells: _Cells
    records: np.ndarray

    def column(self, name: str) -> pa.ChunkedArray:
        """The whole column of the file (every record, in use or not)."""
        return self.cells.table.column(str(self.cells.names.index(name)))

    def kept(self, keep: np.ndarray) -> "_Rows":
        return _Rows(self.cells, self.records[keep])

    def where(self, positions: np.ndarray) -> str:
        """'Row 5', 'Rows 5, 9 and 12' or 'Rows 5, 9, 12 and 40 more', for positions among these rows."""
        numbers = self.cells.row_numbers(self.records[positions[:_EXAMPLES]])
        return _row_list(numbers, len(positions))

    def value(self, name: str, position: int) -> str:
        return _quote(self.column(name)[int(self.records[position])].as_py())


def _repeated(keys: np.ndarray) -> np.ndarray:
    """Whether each key occurs more than once: sorting finds the repeated keys, which are then looked up (by binary
    search while they are few enough to stay in the processor's cache, else by hashing every key)."""
    ordered = np.sort(keys)
    repeated = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if not len(repeated):
        return np.zeros(len(keys), bool)
    if len(repeated) <= 1 << 16:
        return repeated[np.searchsorted(repeated, keys).clip(max=len(repeated) - 1)] == keys
    return pd.Series(keys).duplicated(keep=False).to_numpy()


def _blank_and_duplicates(rows: _Rows, screen: np.ndarray, candidates: np.ndarray, report: _Report) -> _Rows:
    """Leave out blank rows and exact copies of an earlier row.

    Only rows whose key column is blank (``candidates``) can be blank, and only rows sharing their ``screen`` key
    with another row can be copies; every cell of those few rows is then compared.
    """
    table = rows.cells.table
    blank = np.zeros(len(rows.records), bool)
    positions = np.flatnonzero(candidates)
    if len(positions):
        empty = np.ones(len(positions), bool)
        for column in table.take(pa.array(rows.records[positions])).columns:
            equal = pc.equal(pc.utf8_trim_whitespace(column), "")
            empty &= pc.fill_null(equal, True).to_numpy(zero_copy_only=False)
        blank[positions[empty]] = True
    count = int(blank.sum()) + rows.cells.blank_lines
    if count:
        message = _text("dropped", "blank_one") if count == 1 else _text("dropped", "blank", count=f"{count:,}")
        report.dropped.append(Note("blank", message, count))
    copies = np.zeros(len(rows.records), bool)
    positions = np.flatnonzero(_repeated(screen) & ~blank)
    if len(positions):
        frame = table.take(pa.array(rows.records[positions])).to_pandas()
        copies[positions[frame.duplicated(keep="first").to_numpy()]] = True
    rows = _drop(rows, copies, "duplicate", report)
    return rows.kept(~blank[~copies])


def _drop(rows: _Rows, drop: np.ndarray, key: str, report: _Report, **values) -> _Rows:
    """The rows without the dropped ones, with a note saying how many, which and why."""
    count = int(drop.sum())
    if not count:
        return rows
    where = rows.where(np.flatnonzero(drop)).lower()
    template = f"{key}_one" if count == 1 else key
    report.dropped.append(Note(key, _text("dropped", template, count=f"{count:,}", rows=where, **values), count))
    return rows.kept(~drop)


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


def _number_texts(texts: pd.Series, allow_percent: bool, comma_first: bool) -> tuple[np.ndarray, dict]:
    """Numbers from distinct texts (NaN when empty or unreadable), and what was found: ``found["invalid"]`` marks
    the unreadable texts; currency signs, decimal comma, thousands separator, percent and brackets are noted."""
    text = texts.str.strip()
    percent = text.str.endswith("%") & allow_percent
    text = text.where(~percent, text.str[:-1])
    found: dict = {"currency": sorted({sign for signs in text.str.findall(_CURRENCY) for sign in signs})}
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


def _number_notes(name: str, found: dict) -> list[Note]:
    column = _quote(name)
    notes = []
    if found["currency"]:
        symbols = ", ".join(found["currency"])
        notes.append(Note("currency", _text("assumed", "currency", column=column, symbols=symbols)))
    if found["open_question"]:
        text, value = found["example"]
        notes.append(Note("separator_guessed", _text(
            "assumed", "separator_guessed", column=column, example=_quote(text), value=f"{value:,.10g}"
        )))
    else:
        if found["decimal_comma"]:
            notes.append(Note("decimal_comma", _text("assumed", "decimal_comma", column=column)))
        if found["thousands"] is not None:
            separator, example = _quote(found["separator"]), _quote(found["thousands"])
            notes.append(Note("thousands", _text("assumed", "thousands", column=column, separator=separator,
                                                 example=example)))
    for key in ("percent", "bracketed"):
        if found[key]:
            notes.append(Note(key, _text("assumed", key, column=column)))
    return notes


def _numbers(rows: _Rows, name: str, report: _Report, allow_percent: bool = False) -> np.ndarray:
    """The rows' numbers in a column (NaN for empty cells); unreadable ones raise an InputError naming their rows."""
    column = rows.column(name)
    comma_first = rows.cells.detected.get("delimiter") == ";"
    grouped = comma_first and pc.any(pc.match_substring_regex(column, r"^\d{1,3}(?:\.\d{3})+$")).as_py()
    try:
        values = pc.cast(column, pa.float64()).to_numpy()
        plain = np.isnan(values).sum() == column.null_count and np.isfinite(values[~np.isnan(values)]).all()
        if plain and not grouped:
            return values[rows.records]
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    codes, texts = _encode(column)
    codes = codes[rows.records]
    unique_values, found = _number_texts(texts, allow_percent, comma_first)
    invalid = np.flatnonzero(np.append(found["invalid"], False)[codes])
    if len(invalid):
        raise InputError({name: _text(
            "values", "not_a_number", rows=rows.where(invalid), column=_quote(name), value=rows.value(name, invalid[0])
        )})
    report.assumptions.extend(_number_notes(name, found))
    return np.append(unique_values, np.nan)[codes]


def _day_first(rows: _Rows, name: str, codes: np.ndarray, texts: pd.Series, dayfirst: bool | None, report) -> bool:
    """Whether dates have the day first: as chosen, else as the dates show, else day first (reported)."""
    parts = texts.str.extract(r"^(\d{1,2})[./-](\d{1,2})[./-](?:\d{4}|\d{2})\b").astype(float)
    numeric = parts[0].notna().to_numpy()
    if not numeric.any():
        return True if dayfirst is None else dayfirst
    column = _quote(name)
    if dayfirst is not None:
        key = "day_first_chosen" if dayfirst else "month_first_chosen"
        report.assumptions.append(Note(key, _text("assumed", key, column=column)))
        return dayfirst
    day_shows = np.flatnonzero((parts[0] > 12).to_numpy())
    month_shows = np.flatnonzero((parts[1] > 12).to_numpy())
    if len(day_shows) and len(month_shows):
        first_row = {k: rows.where(np.flatnonzero(codes == k)[:1]).lower() for k in (day_shows[0], month_shows[0])}
        raise InputError({name: _text(
            "values", "mixed_date_order", column=column,
            day_first=_quote(texts[day_shows[0]]), day_first_row=first_row[day_shows[0]],
            month_first=_quote(texts[month_shows[0]]), month_first_row=first_row[month_shows[0]],
        )})
    if len(month_shows):
        example = _quote(texts[month_shows[0]])
        report.assumptions.append(Note("month_first", _text("assumed", "month_first", column=column, example=example)))
        return False
    key, shown = ("day_first", day_shows[0]) if len(day_shows) else ("day_first_guessed", np.flatnonzero(numeric)[0])
    report.assumptions.append(Note(key, _text("assumed", key, column=column, example=_quote(texts[shown]))))
    return True


def _date_texts(texts: pd.Series, dayfirst: bool) -> pd.Series:
    """Dates from distinct texts (NaT when empty or unreadable).

    Texts starting with the year (2024-01-31) are read year, month, day; the others with the day or the month first.
    Each group is read with the format of its first text, and texts in another format one by one.
    """
    parsed = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[us]")
    year_first = texts.str.match(r"\d{4}(?:\D|\d{4}$)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for group, first in ((year_first, False), (~year_first, dayfirst)):
            if group.any():
                parsed[group] = pd.to_datetime(texts[group], dayfirst=first, errors="coerce")
                retry = group & parsed.isna() & texts.ne("")
                if retry.any():
                    parsed[retry] = pd.to_datetime(texts[retry], dayfirst=first, format="mixed", errors="coerce")
    return parsed.where(texts.str.contains(_LOOKS_LIKE_DATE, regex=True))


def _dates(rows: _Rows, name: str, encoded, dayfirst: bool | None, report: _Report) -> np.ndarray:
    """The rows' dates in a column (NaT for empty cells); unreadable ones raise an InputError naming their rows.

    encoded: the column as :func:`_encode` returns it.
    """
    codes, texts = encoded
    codes = codes[rows.records]
    plain = texts.str.replace(_TIME_ZONE, r"\1", regex=True)
    if plain.ne(texts).any():
        report.assumptions.append(Note("time_zones", _text("assumed", "time_zones", column=_quote(name))))
    parsed = _date_texts(plain, _day_first(rows, name, codes, plain, dayfirst, report))
    invalid = np.flatnonzero(np.append((parsed.isna() & plain.ne("")).to_numpy(), False)[codes])
    if len(invalid):
        raise InputError({name: _text(
            "values", "not_a_date", rows=rows.where(invalid), column=_quote(name), value=rows.value(name, invalid[0])
        )})
    return np.append(parsed.to_numpy(dtype="datetime64[us]"), np.datetime64("NaT"))[codes]


def _require(rows: _Rows, name: str, target: str, missing: np.ndarray) -> None:
    """An InputError naming the rows where a needed cell is empty."""
    positions = np.flatnonzero(missing)
    if len(positions):
        many = "many" if len(positions) > 1 else "one"
        raise InputError({target: _text(
            "values", "missing", rows=rows.where(positions), label=_label(target), column=_quote(name),
            has=_text("values", f"missing_has_{many}"), it=_text("values", f"missing_it_{many}"),
            those=_text("values", f"missing_those_{many}"),
        )})


def _reject(rows: _Rows, name: str, target: str, bad: np.ndarray, key: str) -> None:
    """An InputError for the rows whose number breaks a rule (negative, not whole, above one)."""
    positions = np.flatnonzero(bad)
    if len(positions):
        raise InputError({target: _text(
            "values", key, rows=rows.where(positions), column=_quote(name), value=rows.value(name, positions[0]),
            label=_label(target),
        )})


# --- loading -----------------------------------------------------------------------------------------------------


def preview_file(source, kind: str = "transactions", *, max_bytes: int | None = None) -> FilePreview:
    """The columns, the first rows as text and the guessed mapping, for the page to show and correct.

    Raises InputError only for files that cannot be read as a table at all (empty, too large, not text, ...).
    """
    cells = _read_cells(source, max_bytes)
    return FilePreview(
        cells.names, cells.first_rows(), guess_mapping(cells.names, kind), cells.detected, cells.assumptions,
        cells.warnings,
    )


def _start(source, mapping, kind: str, max_bytes: int | None):
    """The cells of the file, the mapping to use, {normalised column: file column} and an empty report."""
    cells = _read_cells(source, max_bytes)
    if cells.table.num_rows == 0:
        raise _file_error("no_rows", columns=_quoted_list(cells.names))
    mapping = _checked_mapping(cells.names, mapping, kind)
    report = _Report(list(cells.assumptions), [], list(cells.warnings))
    source_of = {target: column for column, target in mapping.items()}
    return cells, mapping, source_of, report, _Rows(cells, np.arange(cells.table.num_rows))


def _loaded(cells: _Cells, frame: pd.DataFrame, mapping, report: _Report) -> LoadedTable:
    return LoadedTable(
        frame, mapping, cells.names, cells.first_rows(), cells.detected, tuple(report.assumptions),
        tuple(report.dropped), tuple(report.warnings), cells.table.num_rows + cells.blank_lines,
    )


def _screen(rows: _Rows, first: np.ndarray, second: np.ndarray, amounts: str) -> np.ndarray:
    """One integer key per row that exact copies share (different rows may share one too; the rows are compared
    cell by cell after): two columns of codes (-1 for empty cells), the length of the whole row and, when the
    column reads as plain numbers, the amount."""
    length = np.zeros(len(first), np.int64)
    for column in rows.cells.table.columns:
        length += pc.fill_null(pc.binary_length(column), -1).to_numpy(zero_copy_only=False)
    key = ((first + 1) * (int(second.max(initial=0)) + 2) + second + 1) * 1_000_003 + length
    try:
        amount = pc.cast(rows.column(amounts), pa.float64()).to_numpy()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return key
    return key * 31 + np.nan_to_num(amount).view(np.int64)


def load_transactions(
    source, mapping: Mapping[str, str] | None = None, *, dayfirst: bool | None = None, max_bytes: int | None = None
) -> LoadedTable:
    """An order log as a normalised frame, with the report of what was assumed and left out.

    mapping: {file column: normalised column}, as from :func:`guess_mapping` (the default) and corrected by the
    user; other columns are ignored. dayfirst: None detects whether dates have the day or the month first (day
    first when the dates do not tell); True or False decides. max_bytes: the size limit, ``MAX_FILE_BYTES`` unless
    given.

    The frame has ``customer_id`` (categorical text), ``date`` (datetime64), ``amount`` (float) and, where mapped,
    ``order_id`` (text), ``quantity`` and ``returned_quantity`` (floats, NaN when empty).
    """
    cells, mapping, source_of, report, rows = _start(source, mapping, "transactions", max_bytes)
    customer = source_of["customer_id"]
    customers, names = _encode(rows.column(customer))
    no_customer = _blank(names)
    dates = _encode(rows.column(source_of["date"]))
    screen = _screen(rows, customers, dates[0], source_of["amount"])
    rows = _blank_and_duplicates(rows, screen, no_customer[customers], report)
    missing = no_customer[customers[rows.records]]
    if missing.all():
        _require(rows, customer, "customer_id", missing)
    rows = _drop(rows, missing, "no_customer", report)
    values = {"date": _dates(rows, source_of["date"], dates, dayfirst, report)}
    values["amount"] = _numbers(rows, source_of["amount"], report)
    for target in ("date", "amount"):
        _require(rows, source_of[target], target, pd.isna(values[target]))
    values |= {target: _numbers(rows, source_of[target], report) for target in ("quantity", "returned_quantity")
               if target in source_of}
    refunds = values["amount"] < 0
    rows, values = _drop_with(rows, values, refunds, "refund", report, total=f"{values['amount'][refunds].sum():,.2f}")
    future = values["date"].astype("datetime64[D]") > np.datetime64(date.today(), "D") + 1
    first_future = str(values["date"][future].min().astype("datetime64[D]")) if future.any() else ""
    rows, values = _drop_with(rows, values, future, "future", report, date=first_future)
    if not len(rows.records):
        raise _nothing_left(report)
    for target in ("quantity", "returned_quantity"):
        if target in values:
            _reject(rows, source_of[target], target, values[target] < 0, "negative")
    if "quantity" in values and "returned_quantity" in values:
        more = np.flatnonzero(values["returned_quantity"] > values["quantity"])
        if len(more):
            returned, sold = values["returned_quantity"][more[0]], values["quantity"][more[0]]
            raise InputError({"returned_quantity": _text(
                "values", "returned_above_sold", rows=rows.where(more), returned=f"{returned:g}", sold=f"{sold:g}"
            )})
    frame = _transactions_frame(rows, source_of, customers[rows.records], names, values)
    report.warnings.extend(_thin_data_warnings(frame))
    return _loaded(cells, frame, mapping, report)


def _drop_with(rows: _Rows, values: dict, drop: np.ndarray, key: str, report: _Report, **texts):
    """:func:`_drop` for the rows and their parsed values together."""
    return _drop(rows, drop, key, report, **texts), {target: array[~drop] for target, array in values.items()}


def _nothing_left(report: _Report) -> InputError:
    reasons = words("readers")["file"]["all_reasons_separator"].join(
        _text("dropped", f"reason_{note.key}", count=f"{note.rows:,}") for note in report.dropped
    )
    return _file_error("nothing_left", reasons=reasons)


def _transactions_frame(rows: _Rows, source_of, customers: np.ndarray, names: pd.Series, values) -> pd.DataFrame:
    """The normalised frame: customers as categories of their stripped ids, order ids as text."""
    codes, distinct = pd.factorize(names)
    codes = codes[customers]
    used = np.zeros(len(distinct), bool)
    used[codes] = True
    if not used.all():
        codes, distinct = (np.cumsum(used) - 1)[codes], distinct[used]
    columns = {
        "customer_id": pd.Categorical.from_codes(codes, categories=distinct, validate=False),
        "date": values["date"],
        "amount": values["amount"],
    }
    if "order_id" in source_of:
        orders = rows.column(source_of["order_id"]).take(pa.array(rows.records)).to_pandas().str.strip()
        _require(rows, source_of["order_id"], "order_id", orders.fillna("").eq("").to_numpy())
        columns["order_id"] = orders
    columns |= {target: values[target] for target in ("quantity", "returned_quantity") if target in values}
    return pd.DataFrame(columns)


def _thin_data_warnings(frame: pd.DataFrame) -> list[Note]:
    """Warnings for logs that are valid but too thin for rates: one customer, or one day."""
    notes = []
    customers = frame["customer_id"].cat.categories
    if len(customers) == 1:
        notes.append(Note("single_customer", _text("warnings", "single_customer", customer=_quote(customers[0]))))
    days = frame["date"].to_numpy().astype("datetime64[D]")
    if days.min() == days.max():
        notes.append(Note("single_day", _text("warnings", "single_day", date=str(days.min()))))
    return notes


def load_period_table(
    source, mapping: Mapping[str, str] | None = None, *, max_bytes: int | None = None
) -> LoadedTable:
    """A table with one row per period, as a frame indexed by ``period`` (text) with one float column per field.

    mapping: {file column: "period" or a DESIGN §2 field name}, guessed from the header names by default (field
    names or their labels). Empty cells are missing inputs (NaN). Numbers may carry currency signs, separators and
    percent signs (35% -> 0.35). Raises InputError for a missing or repeated period, unreadable or negative numbers,
    fractions above 1 and counts that are not whole.
    """
    cells, mapping, source_of, report, rows = _start(source, mapping, "periods", max_bytes)
    codes, labels = _encode(rows.column(source_of["period"]))
    rows = _blank_and_duplicates(rows, codes, _blank(labels)[codes], report)
    codes = codes[rows.records]
    _require(rows, source_of["period"], "period", _blank(labels)[codes])
    repeated = np.flatnonzero(pd.Series(codes).duplicated().to_numpy())
    if len(repeated):
        same = np.flatnonzero(codes == codes[repeated[0]])
        period = _quote(labels[codes[repeated[0]]])
        raise InputError({"period": _text("values", "duplicate_period", period=period, rows=rows.where(same).lower())})
    columns = {}
    for name in (name for name in FIELD_NAMES if name in source_of):
        values = _numbers(rows, source_of[name], report, allow_percent=True)
        _reject(rows, source_of[name], name, values < 0, "negative")
        if FIELDS_BY_NAME[name].kind == "count":
            _reject(rows, source_of[name], name, ~np.isnan(values) & (values != np.round(values)), "not_whole")
        if FIELDS_BY_NAME[name].kind == "fraction":
            _reject(rows, source_of[name], name, values > 1, "above_one")
        columns[name] = values
    frame = pd.DataFrame(columns, index=pd.Index(labels.to_numpy()[codes], name="period"))
    if len(frame) == 1:
        report.warnings.append(Note("single_period", _text("warnings", "single_period")))
    return _loaded(cells, frame, mapping, report)
