"""Bytes to cells: an uploaded file read as a table of text cells, or refused with a message saying why.

The file's size is checked before it is read (``MAX_FILE_BYTES``); a text file's encoding, separator and header line
are detected and its rows parsed by pyarrow, with messages for lines over ``MAX_LINE_BYTES`` and rows with the wrong
number of cells; an .xlsx workbook is opened only when it would not unpack to more than
``MAX_XLSX_UNPACKED_BYTES`` (or ``MAX_XLSX_RATIO`` times its size). Column names are cleaned and made unique. What
the cells mean is for :mod:`retention.io.readers` to find out.
"""

import codecs
import csv
import io
import os
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from string import ascii_letters

import charset_normalizer
import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
from charset_normalizer.constant import FREQUENCIES
from openpyxl.utils import get_column_letter

from retention.errors import InputError
from retention.formatting import format_number
from retention.io._content_guess import is_data_line
from retention.io._reading_words import (
    ROWS_NAMED,
    phrase,
    quote,
    quoted_list,
    readable_size,
    row_list,
)
from retention.notes import Note
from retention.words import words

#: The largest file accepted, in bytes (the app's upload limit is set to the same 200 MB).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: The longest line (or row) accepted, in bytes.
MAX_LINE_BYTES = 1024 * 1024
#: The most an .xlsx may unpack to, in bytes, and the largest unpacked / packed ratio once it unpacks to 10 MB.
MAX_XLSX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_XLSX_RATIO = 100
_RATIO_CHECKED_FROM = 10 * 1024 * 1024

_DELIMITERS = (",", ";", "\t", "|")
#: The separator of a text aligned in columns (runs of spaces, or of tabs and spaces), read as tabs.
_SPACES = " "
_SNIFF_BYTES = 64 * 1024
_PREVIEW_ROWS = 20
#: How many lines at the top of a file may be a title block above the column names.
_TITLE_LINES = 15
_TEXT_BYTES = bytes(byte for byte in range(256) if byte >= 0x20 or byte in (9, 10, 13))
#: The most bytes of non-ASCII lines given to the encoding detector, and how much messier than its best match an
#: encoding may read and still be weighed by its letters, and how much worse than the best its letters may fit a
#: language and still count as a tie (Lithuanian in Windows-1257 fits 0.27 better than read as Windows-1252).
_DETECTOR_BYTES = 256 * 1024
_CHAOS_SLACK = 0.1
_FIT_SLACK = 0.2
_SCAN_BYTES = 4 * 1024 * 1024
#: The encodings preferred among near ties, most common first, and the name systems usually write for an encoding
#: the detector names by its subset or superset (Shift_JIS files come from Windows as CP932).
_COMMON_FIRST = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1257", "cp1254", "cp1255", "cp1256", "cp1258", "cp932",
                 "euc_jp", "gb18030", "big5", "euc_kr", "cp949")
_USUAL_NAME = {"shift_jis": "cp932", "euc_jis_2004": "euc_jp", "euc_jisx0213": "euc_jp", "latin_1": "cp1252",
               "iso8859_1": "cp1252"}
_LANGUAGE_LETTERS = tuple(frozenset(letters) - frozenset(ascii_letters) for letters in FREQUENCIES.values())
_MARKUP = re.compile(r"<[^>]*>|\]\(|javascript:|&#?\w+;", re.IGNORECASE)


@dataclass(frozen=True)
class Cells:
    """A file read as text cells: one string column per name (the pyarrow columns are named "0", "1", ...).

    row_numbers: the file's line (or sheet row) numbers of records, for messages. detected: see
    :class:`retention.io.readers.FilePreview`. blank_lines: the blank lines between the rows, left out of ``table``.
    """

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


def file_error(key: str, **values) -> InputError:
    """An InputError about the file as a whole, with the text ``key`` of the "file" words."""
    return InputError({"file": phrase("file", key, **values)})


def _too_large(size: int, max_bytes: int) -> InputError:
    return file_error("too_large", size=readable_size(size), limit=readable_size(max_bytes))


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
            raise file_error("too_large_stream", limit=readable_size(max_bytes))
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return data


def read_cells(source, max_bytes: int | None) -> Cells:
    """The file as text cells, a workbook's first sheet or a text table; an InputError when it is neither, is empty
    or is larger than ``max_bytes`` (``MAX_FILE_BYTES`` when None)."""
    data = _read_bytes(source, MAX_FILE_BYTES if max_bytes is None else max_bytes)
    if not re.search(rb"[^\s\x00\xef\xbb\xbf\xfe\xff]", data):
        raise file_error("empty")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise file_error("old_excel")
    return _read_text(data)


def _transcoded(data: bytes, encoding: str) -> bytes:
    try:
        return data.decode(encoding).encode("utf-8")
    except UnicodeError:
        raise file_error("not_text") from None


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
    """The text as UTF-8 bytes, and the name of the encoding it was written in.

    Byte order marks and UTF-16 come first, then strict UTF-8 (so plain UTF-8 files stay fast); only a text that is
    none of these goes to the detector (:func:`_detected`). A UTF-8 byte order mark is believed only when the rest
    is UTF-8.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
        return (data, "utf-8-sig") if _is_utf8(data) else _detected(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _transcoded(data, "utf-16"), "utf-16"
    head = data[:4096]
    if len(head) >= 4 and head.count(0) > len(head) // 4:
        little_endian = head[1::2].count(0) > head[0::2].count(0)
        return _transcoded(data, "utf-16-le" if little_endian else "utf-16-be"), "utf-16"
    if _is_utf8(data):
        return data, "utf-8"
    return _detected(data)


def _detector_sample(data: bytes) -> bytes:
    """The lines that hold bytes beyond ASCII (about ``_DETECTOR_BYTES`` of them): what tells encodings apart.
    The file is scanned in blocks, so that a long file whose first lines tell costs only those blocks."""
    if len(data) <= _DETECTOR_BYTES:
        return data
    codes = np.frombuffer(data, np.uint8)
    newlines = np.flatnonzero(codes == 10)
    starts, ends = np.append(0, newlines + 1), np.append(newlines + 1, len(data))
    lines, size, last = [], 0, -1
    for block in range(0, len(data), _SCAN_BYTES):
        high = np.flatnonzero(codes[block : block + _SCAN_BYTES] >= 0x80) + block
        for line in np.unique(np.searchsorted(newlines, high)):
            if line > last:
                lines.append(data[starts[line] : ends[line]])
                size, last = size + len(lines[-1]), line
            if size >= _DETECTOR_BYTES:
                return b"".join(lines)
    return b"".join(lines)


def _letters_fit(text: str) -> float:
    """The share of the characters beyond ASCII that are currency signs or frequent letters of one language, the
    one that fits best (by charset-normalizer's letter frequencies); spaces aside."""
    counts = Counter(char.lower() for char in text if not char.isascii() and unicodedata.category(char) != "Zs")
    total = sum(counts.values())
    if not total:
        return 0.0
    signs = sum(count for char, count in counts.items() if len(char) == 1 and unicodedata.category(char) == "Sc")
    return (signs + max(sum(counts[letter] for letter in letters) for letters in _LANGUAGE_LETTERS)) / total


def _preference(encoding: str) -> int:
    """How common an encoding is in shop exports, for the detector's near ties: Windows-1252 first, then the other
    Windows and East Asian code pages, ISO-8859, the rest, and Mac and DOS code pages last (the detector's own
    order stays within each)."""
    if encoding in _COMMON_FIRST:
        return min(_COMMON_FIRST.index(encoding), 1)
    if encoding.startswith("iso8859"):
        return 2
    return 4 if encoding.startswith(("mac_", "cp4", "cp7", "cp8")) else 3


def _candidates(sample: bytes) -> list[str]:
    """charset-normalizer's encodings for the sample, best first.

    Among those about as clean as its best match, the ones whose letters fit a language about as well as the best
    come first, by how common they are (short texts of names rarely tell Windows-1252 from Windows-1257 by their mess
    alone, and a Western shop's names come from several languages); a more common encoding that reads the sample the
    same as the best comes before it.
    """
    matches = list(charset_normalizer.from_bytes(sample))
    if not matches:
        return []
    cleanest = min(match.chaos for match in matches)
    close = [match for match in matches if match.chaos <= cleanest + _CHAOS_SLACK]
    fits = {match.encoding: _letters_fit(str(match)) for match in close}
    best = max(fits.values())
    close.sort(key=lambda match: (fits[match.encoding] < best - _FIT_SLACK, _preference(match.encoding),
                                  -fits[match.encoding]))
    ranked = [match.encoding for match in close + [match for match in matches if match not in close]]
    same = [encoding for encoding in _COMMON_FIRST if _reads_as(sample, encoding, str(close[0]))]
    return [name for encoding in same + ranked for name in (_USUAL_NAME.get(encoding), encoding) if name]


def _reads_as(sample: bytes, encoding: str, text: str) -> bool:
    try:
        return sample.decode(encoding) == text
    except UnicodeError:
        return False


def _detected(data: bytes) -> tuple[bytes, str]:
    """The text as UTF-8 bytes, and the encoding charset-normalizer found: the first of its candidates that decodes
    the whole file; an InputError when none does."""
    for encoding in _candidates(_detector_sample(data)):
        try:
            return data.decode(encoding).encode("utf-8"), encoding
        except UnicodeError:
            continue
    raise file_error("not_text")


def _encoding_note(encoding: str) -> Note:
    """The note on the encoding: its name and, for an encoding the detector found, to check the letters."""
    name = words("readers")["encodings"].get(encoding, encoding.upper().replace("_", "-"))
    key = "encoding" if encoding.startswith("utf") else "encoding_detected"
    return Note("encoding", phrase("assumed", key, encoding=name))


def _csv_reader(lines, delimiter: str):
    """``csv.reader`` for cells of any length (the csv module refuses cells over 128 KB unless told)."""
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    return csv.reader(lines, delimiter=delimiter)


def _sniff_delimiter(sample: str) -> str | None:
    """The separator that splits the first lines into the same number (two or more) of cells, else ``_SPACES``
    when runs of spaces do, or None."""
    lines = [line.rstrip("\r") for line in sample.split("\n") if line.strip()][:50]
    best, best_score = None, (0.0, 1)
    if not lines:
        return None
    for delimiter in _DELIMITERS:
        try:
            counts = [len(cells) for cells in _csv_reader(lines, delimiter)]
        except csv.Error:
            continue
        score = (counts.count(counts[0]) / len(counts), counts[0])
        if counts[0] > 1 and score > best_score:
            best, best_score = delimiter, score
    return _SPACES if best is None and _aligned_by_spaces(lines) else best


def _aligned_by_spaces(lines: Sequence[str]) -> bool:
    """Whether runs of spaces (or of tabs and spaces) split every line into the same number (two or more) of cells:
    a text aligned in columns."""
    counts = {len(line.split()) for line in lines}
    return len(counts) == 1 and counts.pop() > 1


def _runs_as_tabs(data: bytes) -> bytes:
    """The lines with their leading and trailing spaces left out and each run of spaces and tabs made one tab."""
    return re.sub(rb"[ \t]+", b"\t", re.sub(rb"(?m)^[ \t]+|[ \t]+(?=\r?$)", b"", data))


def _clean_names(raw: Sequence[object]) -> tuple[tuple[str, ...], list[Note]]:
    """Column names as plain text, made unique, with warnings for duplicates, markup and missing names."""
    names, notes = [], []
    for position, name in enumerate(raw, start=1):
        name = " ".join(str(name if name is not None else "").split())
        if not name:
            name = phrase("warnings", "unnamed_column", position=position)
            notes.append(Note("unnamed", phrase("warnings", "unnamed", position=position, column=quote(name))))
        elif _MARKUP.search(name):
            notes.append(Note("markup", phrase("warnings", "markup", column=quote(name))))
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
                phrase(
                    "warnings", "duplicate_names", column=quote(name),
                    positions=", ".join(str(index + 1) for index in positions), names=quoted_list(renamed),
                ),
            )
        )
    return tuple(names), notes


def _names(first: Sequence[object], headerless: bool) -> tuple[tuple[str, ...], list[Note]]:
    """The column names from the first line, or "Column 1", "Column 2", ... when that line is already an order."""
    if not headerless:
        return _clean_names(first)
    return tuple(phrase("warnings", "unnamed_column", position=position) for position in range(1, len(first) + 1)), []


def _no_header_note(headerless: bool) -> list[Note]:
    return [Note("no_header", phrase("assumed", "no_header"))] if headerless else []


def _records(data: bytes, offset: int, delimiter: str, first_line: int):
    """(line number, cells) of each record after ``offset``, read with Python's csv module (slow, exact)."""
    raw = io.BytesIO(data)  # shares the bytes of the file, where a slice would copy them
    raw.seek(offset)
    handle = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    reader = _csv_reader(handle, delimiter)
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
        wanted = sorted({int(record) for record in records})
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
        return file_error("long_line", line=format_number(longest + 1), size=readable_size(lengths[longest]))
    for line, cells in _records(data, offset, delimiter, first_line):
        if sum(map(len, cells)) > MAX_LINE_BYTES:
            return file_error("open_quote", line=format_number(line))
    return file_error("unreadable")


def _header_line(data: bytes) -> tuple[int, int, int]:
    """(start, end, line number) of the first line that is not blank: the column names."""
    first = re.search(rb"\S", data)
    if first is None:
        raise file_error("empty")
    start = data.rfind(b"\n", 0, first.start()) + 1
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    line = data.count(b"\n", 0, start) + 1
    if end - start > MAX_LINE_BYTES:
        raise file_error("long_line", line=format_number(line), size=readable_size(end - start))
    return start, end, line


def _lines_from(data: bytes, start: int, count: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of the next ``count`` lines that are not blank."""
    lines, position = [], start
    while position < len(data) and len(lines) < count:
        end = data.find(b"\n", position)
        end = len(data) if end < 0 else end
        text = data[position:end].decode("utf-8", "replace").rstrip("\r")
        if text.strip():
            lines.append((position, end, text))
        position = end + 1
    return lines


def _filled_cells(text: str, delimiter: str) -> list[str]:
    try:
        return next(_csv_reader([text], delimiter), [])
    except csv.Error:
        return []


def _table_width(line: str, following: list[str]) -> int:
    """The number of cells of a line that starts the table (0 if it does not): with some separator, it has two
    filled cells or more and the next line has as many cells."""
    for delimiter in _DELIMITERS:
        cells = _filled_cells(line, delimiter)
        if sum(bool(cell.strip()) for cell in cells) >= 2 and all(
            len(_filled_cells(other, delimiter)) == len(cells) for other in following[:1]
        ):
            return len(cells)
    return 0


def _below_title(data: bytes, start: int, end: int, line: int) -> tuple[int, int, int, list[str]]:
    """(start, end, line number) of the column names below a title block, and the title's lines: a report's first
    lines (its name, the company, the dates) hold one text each. The first line is kept when no line within
    ``_TITLE_LINES`` starts a table (a file of one column), and when a line above the table holds several cells
    (column names whose row has another length, a damaged file) or as many words as the table has columns (the
    names of a text aligned by spaces)."""
    lines = _lines_from(data, start, _TITLE_LINES + 2)
    texts = [text for _, _, text in lines]
    for position, (begin, finish, text) in enumerate(lines[:_TITLE_LINES]):
        width = _table_width(text, texts[position + 1:])
        if width:
            if not position or any(len(title.split()) == width or _table_width(title, []) for title in
                                   texts[:position]):
                break
            titles = [" ".join(cell for cell in _filled_cells(title, ",") if cell.strip())
                      for title in texts[:position]]
            return begin, finish, data.count(b"\n", 0, begin) + 1, titles
    return start, end, line, []


def _title_note(titles: list[str], header_line: int) -> list[Note]:
    if not titles:
        return []
    return [Note("title", phrase("assumed", "title", count=len(titles), title=quote(" · ".join(titles), 80),
                                 line=header_line))]


def _read_text(data: bytes) -> Cells:
    data, encoding = _decoded(data)
    controls = data.translate(None, _TEXT_BYTES)
    if b"\x00" in controls or len(controls) > max(8, len(data) // 1000):
        raise file_error("not_text")
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")  # a lone \r ends a line, as in old Mac files
    start, end, header_line = _header_line(data)
    start, end, header_line, titles = _below_title(data, start, end, header_line)
    sample = data[start : start + _SNIFF_BYTES]
    if len(sample) == _SNIFF_BYTES and b"\n" in sample:
        sample = sample[: sample.rfind(b"\n")]
    delimiter = _sniff_delimiter(sample.decode("utf-8", "replace"))
    if delimiter == _SPACES:
        data = _runs_as_tabs(data)
        start, end, header_line = _header_line(data)
    separator = "\t" if delimiter == _SPACES else delimiter or ","
    first = next(_csv_reader([data[start:end].decode("utf-8").rstrip("\r")], separator))
    headerless = is_data_line(first)
    names, notes = _names(first, headerless)
    offset = start if headerless else min(end + 1, len(data))
    header_line -= headerless
    lone: list[str] = []
    table = _parse_csv(data, offset, separator, len(names), header_line, lone)
    lines = data.count(b"\n", offset) + (0 if data.endswith(b"\n") or offset >= len(data) else 1)
    inner = 0
    if lines != table.num_rows:
        if any((pc.max(pc.binary_length(column)).as_py() or 0) > MAX_LINE_BYTES for column in table.columns):
            raise _long_line_error(data, offset, separator, header_line)
        inner = sum(pc.sum(pc.count_substring(column, "\n")).as_py() or 0 for column in table.columns)
    assumptions = [_encoding_note(encoding), *_title_note(titles, header_line), *_no_header_note(headerless)]
    if lone:
        assumptions.append(Note("lone_lines", phrase("assumed", "lone_lines", count=len(lone),
                                                     example=quote(lone[0], 80))))
    if delimiter:
        assumptions.append(Note("delimiter", phrase("assumed", "delimiter", delimiter=phrase("delimiters", delimiter))))
    else:
        assumptions.append(Note("one_column", phrase("assumed", "one_column")))
    return Cells(
        names,
        table,
        _text_row_numbers(data, offset, separator, len(names), header_line),
        {"format": "text", "encoding": encoding, "delimiter": delimiter or ""},
        tuple(assumptions),
        tuple(notes),
        max(0, lines - table.num_rows - inner - len(lone)),
    )


def _parse_csv(data: bytes, offset: int, delimiter: str, width: int, header_line: int, lone: list[str]) -> pa.Table:
    """Every cell after the header as text (empty cells are null), read by pyarrow on all cores; a line holding a
    single text (a report's footer: "Accrual basis, printed on ...") is left out and added to ``lone``."""
    wrong: list = []

    def invalid_row(row) -> str:
        if not row.text.strip():
            return "skip"
        if sum(bool(cell.strip()) for cell in _filled_cells(row.text, delimiter)) == 1:
            lone.append(row.text.strip().strip('"'))
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
        raise file_error("unreadable") from None


def _wrong_count_error(data: bytes, offset: int, delimiter: str, width: int, header_line: int) -> InputError:
    bad = [
        (line, len(cells))
        for line, cells in _records(data, offset, delimiter, header_line)
        if cells and len(cells) != width and "".join(cells).strip()
    ]
    if not bad:
        return file_error("unreadable")
    count = bad[0][1]
    count_text = phrase("file", "value_count", count=count)
    return file_error(
        "wrong_count",
        rows=row_list([line for line, _ in bad[:ROWS_NAMED]], len(bad)),
        count_text=count_text,
        expected=width,
        delimiter=quote(delimiter),
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


_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
_MERGE_SCAN = 16 * 1024 * 1024


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _merged_ranges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """(first row, last row, first column, last column), counted from 1, of the sheet's merged cells that span
    several rows. openpyxl's read-only sheets do not read them; they are listed after the rows in the sheet's XML,
    which is scanned in blocks (each starting with the end of the one before, so that no range is cut in two)."""
    found, tail = [], b""
    with archive.open(path.lstrip("/")) as member:
        while block := member.read(_MERGE_SCAN):
            text = tail + block
            for match in _MERGE_CELL.finditer(text) if b"mergeCell" in text else ():
                first, last = int(match[2]), int(match[4])
                if last > first:
                    found.append((first, last, _column_number(match[1]), _column_number(match[3])))
            tail = text[-256:]
    return sorted(set(found))


def _fill_merged(rows: list[tuple[int, list[str | None]]], merged: list[tuple[int, int, int, int]]) -> list[Note]:
    """Fill each merged cell that spans several rows (a customer written once beside their orders) over its whole
    range: Excel shows its value in every row, openpyxl gives it to the top-left cell only. A merge within one row
    (a title or a label over several columns) keeps its value in its first cell. ``rows`` holds every row of the
    sheet from row 1 and every cell from column A, as openpyxl reads them; the note says how many were filled."""
    count, example = 0, ""
    for top, bottom, left, right in merged:
        if top > len(rows) or left > len(rows[top - 1][1]) or rows[top - 1][1][left - 1] is None:
            continue
        value = rows[top - 1][1][left - 1]
        for _, cells in rows[top - 1 : bottom]:
            cells.extend([None] * (right - len(cells)))
            cells[left - 1 : right] = [value] * (right - left + 1)
        count += 1
        example = example or f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"
    if not count:
        return []
    return [Note("merged", phrase("assumed", "merged", count=count, example=quote(example)))]


def _read_xlsx(data: bytes) -> Cells:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise file_error("bad_xlsx") from None
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise file_error("not_xlsx")
    unpacked = sum(member.file_size for member in members)
    ratio = unpacked / len(data)
    if unpacked > MAX_XLSX_UNPACKED_BYTES or (unpacked > _RATIO_CHECKED_FROM and ratio > MAX_XLSX_RATIO):
        raise file_error("bomb", size=readable_size(unpacked), ratio=phrase("file", "ratio", ratio=ratio))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        rows = [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        sheet_count = len(workbook.worksheets)
        merged = _merged_ranges(archive, sheet._worksheet_path)
        workbook.close()
    except Exception:  # noqa: BLE001 - a damaged workbook fails inside openpyxl in many ways; each means "damaged"
        raise file_error("bad_xlsx") from None
    filled = _fill_merged(rows, merged)
    rows = [(number, cells) for number, cells in rows if any(cell is not None for cell in cells)]
    blank_lines = (rows[-1][0] - rows[0][0] + 1 - len(rows)) if rows else 0
    if not rows:
        raise file_error("empty")
    first = next((position for position, (_, cells) in enumerate(rows[:_TITLE_LINES])
                  if sum(cell is not None and bool(cell.strip()) for cell in cells) >= 2), 0)
    titles = [" ".join(cell for cell in cells if cell) for _, cells in rows[:first]]
    header_line, header = rows[first]
    rows = rows[first:]
    width = max(len(header), *(len(cells) for _, cells in rows))
    headerless = is_data_line(header)
    names, notes = _names(header + [None] * (width - len(header)), headerless)
    body = rows if headerless else rows[1:]
    columns = {
        str(position): pa.array([cells[position] if position < len(cells) else None for _, cells in body], pa.string())
        for position in range(width)
    }
    line_numbers = np.array([number for number, _ in body], dtype=np.int64)
    assumptions = [*_title_note(titles, header_line), *_no_header_note(headerless), *filled]
    if sheet_count > 1:
        assumptions.append(Note("sheet", phrase("assumed", "sheet", sheet=quote(sheet.title), count=sheet_count)))
    return Cells(
        names,
        pa.table(columns),
        lambda records: [int(line_numbers[record]) for record in records],
        {"format": "xlsx", "sheet": sheet.title},
        tuple(assumptions),
        tuple(notes),
        blank_lines,
    )
