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
with or without a byte order mark, UTF-16, and any other through charset-normalizer: Windows-125x, ISO-8859-x,
Shift_JIS, EUC-JP, ...), the separator (comma, semicolon, tab, vertical bar, or runs of spaces in a text aligned in
columns), decimal commas, thousands separators, currency signs (and the currency they name), and whether dates have
the day or the month first; each assumption is reported in words. Whatever a reader cannot use raises
:class:`~retention.errors.InputError` with a message naming the row and the column; these rows are left out
instead, counted, and reported:

- blank rows, and exact copies of an earlier row (every cell the same);
- rows without a customer (guest orders): they cannot be followed over time; so too the rows of a guest id, a
  placeholder ("0", "guest", "N/A") carrying far more orders than the typical customer
  (:mod:`retention.io._customer_keys`, which also warns when the keys are people's names);
- refund lines (negative amounts): the revenue figures are sales before refunds; returned units come from the
  ``returned_quantity`` column;
- rows that detail an order written on a row of its own, where the export's layout says which rows are orders
  (Lightspeed X-Series' "Sale Line" and "Payment" rows below its "Sale" row);
- continuation lines of a line-item export: a later row of an order with neither an amount nor a quantity (Amazon's
  Order Report writes an order's further promotions so);
- rows that a status column marks as no sale (failed, declined, pending, voided, cancelled or refunded;
  ``[status_columns]`` and ``[non_sales]`` of the readers' words, and a layout's own ``non_sales``), unless
  ``keep_non_sales`` is set;
- rows dated after tomorrow (a typing error in the year, usually);
- totals rows of a report or a spreadsheet: no date, and a first filled cell starting with a totals word
  ("Summe", "Total for Alice", "合計"; ``[totals_words]`` of the readers' words).

A row without an order number among rows that have one (a sale at the till, a phone order) is an order of its own,
numbered after its row in the file ("row 12") and said in a note.
A list of customers (lifetime totals, or contact details without order dates) is refused as not an order log
(:mod:`retention.io._file_kinds`).
An export whose layout cannot serve as an order log (its ``refusal``: Amazon's "All Orders" report names no buyer)
is refused with a message that says which export would.

Files over ``MAX_FILE_BYTES``, lines over ``MAX_LINE_BYTES`` and workbooks that would unpack to more than
``MAX_XLSX_UNPACKED_BYTES`` (or more than ``MAX_XLSX_RATIO`` times their size) are refused before they are parsed.
Column names are kept as plain text, never interpreted; messages quote them with control characters removed.

The work is shared by modules that the readers alone use: :mod:`retention.io._file_cells` (bytes to cells: size limits,
encodings, separators, .xlsx), :mod:`retention.io._cell_values` (cell texts to numbers and dates),
:mod:`retention.io._reading_words` (the shared wording) and :mod:`retention.notes` (the :class:`Note` of every report).

>>> loaded = load_transactions(b"Customer;Order date;Total\\nann;31/01/2024;12,50\\nbob;01/02/2024;1.234,00\\n")
>>> loaded.mapping
{'Customer': 'customer_id', 'Order date': 'date', 'Total': 'amount'}
>>> loaded.frame["amount"].tolist(), loaded.frame["date"].dt.strftime("%d %b").tolist()
([12.5, 1234.0], ['31 Jan', '01 Feb'])
>>> [note.key for note in loaded.assumptions]
['encoding', 'delimiter', 'day_first', 'decimal_comma', 'thousands']
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from retention.errors import InputError
from retention.fields import FIELD_NAMES, FIELDS_BY_NAME
from retention.formatting import format_list, format_number
from retention.io._amount_choice import AmountChoice, amount_choice
from retention.io._cell_values import (
    comma_decimals,
    date_texts,
    number_notes,
    number_texts,
    without_time_zones,
)
from retention.io._content_guess import SAMPLE_ROWS, checked_mapping, content_mapping
from retention.io._currencies import file_currency, is_currency_column, token
from retention.io._customer_keys import guest_note, guest_rows, names_warning
from retention.io._file_cells import (
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNPACKED_BYTES,
    Cells,
    file_error,
    read_cells,
)
from retention.io._file_kinds import refuse_customer_lists
from retention.io._header_names import named_key
from retention.io._layouts import layout, order_rows
from retention.io._layouts import non_sales as layout_non_sales
from retention.io._line_items import (
    filled_by_order,
    is_unit_price,
    numbered,
    order_codes,
    order_level,
    unnumbered,
)
from retention.io._reading_words import ROWS_NAMED, header_key, phrase, quote, quoted_list, row_list
from retention.notes import Note
from retention.words import plural, words

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

TRANSACTION_COLUMNS = ("customer_id", "date", "amount", "order_id", "quantity", "returned_quantity")
REQUIRED_TRANSACTION_COLUMNS = ("customer_id", "date")
PERIOD_TABLE_COLUMNS = ("period", *FIELD_NAMES)


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
    :class:`FilePreview`, and for an order log whose dates have the day and the month as numbers, "day_order" and
    "day_first" (see :func:`load_transactions`). assumptions, dropped and warnings: notes to show ("What we
    assumed", "What we left out", "Please check"); ``Note.rows`` counts the rows each dropped note concerns.
    rows_read: the data rows in the file, blank ones included. currency: the ISO 4217 code the amounts are in, as
    the file says (signs or codes beside the amounts, or a currency column), None when it does not tell.
    :meth:`column_texts` gives any other column of the file, aligned with ``frame``'s rows.
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
    currency: str | None = None
    #: The file's cells and the record of each row of ``frame`` in them (order logs only), for :meth:`column_texts`.
    cells: Cells | None = field(default=None, repr=False, compare=False)
    records: np.ndarray | None = field(default=None, repr=False, compare=False)

    def column_texts(self, name: str) -> pd.Series:
        """The texts of the file's column ``name`` in ``frame``'s rows, stripped (order logs only).

        >>> loaded = load_transactions(b"customer,date,amount,Via\\na,2024-01-01,1,web\\n,,,\\nb,2024-01-02,2, shop")
        >>> loaded.column_texts("Via").tolist()
        ['web', 'shop']
        """
        column = self.cells.table.column(str(self.cells.names.index(name))).take(pa.array(self.records))
        return column.to_pandas().str.strip().set_axis(self.frame.index)

    @property
    def rows_dropped(self) -> int:
        """How many rows of the file were left out, for every reason together."""
        return sum(note.rows for note in self.dropped)


# --- mapping -----------------------------------------------------------------------------------------------------


def _label(target: str) -> str:
    """A normalised column as messages name it: "customers at the start", "customer"."""
    if target in FIELDS_BY_NAME:
        return words("fields")[target]["label"].lower()
    return words("readers")["columns"][target]


def _targets(kind: str) -> tuple[str, ...]:
    if kind == "transactions":
        return TRANSACTION_COLUMNS
    if kind == "periods":
        return PERIOD_TABLE_COLUMNS
    raise ValueError(f"kind must be 'transactions' or 'periods', not {kind!r}")


def guess_mapping(columns: Sequence[str], kind: str = "transactions") -> dict[str, str]:
    """{file column: normalised column} guessed from the header names; columns not recognised are left out.

    Each normalised column takes the file column whose name comes first in its list of ``[header_names]`` (so
    "Total" beats "Subtotal" and "Price", "Order ID" beats "Transaction ID"), else one whose name holds a word of
    ``[header_words]``. A currency or a unit after a name costs it nothing (:mod:`retention.io._header_names`: "Total
    (EUR)" beats "Subtotal").

    kind: "transactions" (customer_id, date, amount, order_id, quantity, returned_quantity) or "periods" (period and
    the DESIGN §2 field names, which may also be written as their labels, "Customers at the start").

    >>> guess_mapping(["Order ID", "Customer Email", "Created at", "Total (EUR)", "Notes"])
    {'Order ID': 'order_id', 'Customer Email': 'customer_id', 'Created at': 'date', 'Total (EUR)': 'amount'}
    """
    targets = _targets(kind)
    known = words("readers")["header_names"]
    exact = {target: [header_key(name) for name in known.get(target, ())] for target in targets}
    for name in FIELD_NAMES if kind == "periods" else ():
        exact[name] = [header_key(name), header_key(words("fields")[name]["label"])]
    mapping: dict[str, str] = {}
    for target in targets:
        ranked = [(exact[target].index(named_key(column)), column) for column in columns
                  if column not in mapping and named_key(column) in exact[target]]
        if ranked:
            mapping[min(ranked)[1]] = target
    for target, parts in words("readers")["header_words"].items():
        if target not in targets or target in mapping.values():
            continue
        parts = [header_key(part) for part in parts]
        column = next((c for c in columns if c not in mapping and any(p in header_key(c) for p in parts)), None)
        if column is not None:
            mapping[column] = target
    return {column: mapping[column] for column in columns if column in mapping}


def _checked_mapping(names: Sequence[str], mapping: Mapping[str, str], kind: str) -> dict[str, str]:
    """The mapping to use, or an InputError naming what is missing or wrong."""
    targets = _targets(kind)
    mapping = {source: target for source, target in mapping.items() if target}
    errors: dict[str, str] = {}
    chosen: dict[str, str] = {}
    for source, target in mapping.items():
        if target not in targets:
            errors[str(target)] = phrase(
                "mapping", "unknown_target", target=quote(target), targets=", ".join(targets[:6]) + ", …"
            )
        elif source not in names:
            errors[target] = phrase(
                "mapping", "unknown_source", column=quote(source), label=_label(target), columns=quoted_list(names)
            )
        elif target in chosen:
            errors[target] = phrase(
                "mapping", "chosen_twice", first=quote(chosen[target]), second=quote(source), label=_label(target)
            )
        else:
            chosen[target] = source
    required = REQUIRED_TRANSACTION_COLUMNS if kind == "transactions" else ("period",)
    for target in required:
        if target not in chosen and target not in errors:
            errors[target] = phrase("mapping", "not_found", label=_label(target), columns=quoted_list(names))
    if kind == "periods" and not errors and len(chosen) == 1:
        errors["file"] = phrase(
            "mapping", "no_fields", columns=quoted_list(names), examples=", ".join(FIELD_NAMES[:3])
        )
    if errors:
        raise InputError(errors)
    return {source: mapping[source] for source in names if source in mapping}


# --- rows: screening them, reading their values ------------------------------------------------------------------


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
    #: What the values showed, added to the file's ``detected``.
    detected: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Rows:
    """The rows still in use, as their record numbers in the cells of the file."""

    cells: Cells
    records: np.ndarray
    #: {column: its cells as floats, or None; ("comma", column): its decimal commas read, or None}, shared by the
    #: rows kept from these (see :meth:`floats` and :meth:`comma_decimals`).
    cast: dict = field(default_factory=dict, repr=False, compare=False)

    def column(self, name: str) -> pa.ChunkedArray:
        """The whole column of the file (every record, in use or not)."""
        return self.cells.table.column(str(self.cells.names.index(name)))

    def floats(self, name: str) -> np.ndarray | None:
        """The whole column as floats (NaN for empty cells) as pyarrow reads them, or None when it cannot read a
        cell; cast once for all the rows kept from these."""
        if name not in self.cast:
            try:
                self.cast[name] = pc.cast(self.column(name), pa.float64()).to_numpy()
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                self.cast[name] = None
        return self.cast[name]

    def comma_decimals(self, name: str) -> tuple[np.ndarray, dict] | None:
        """:func:`~retention.io._cell_values.comma_decimals` of the whole column, found once for all the rows kept
        from these."""
        if ("comma", name) not in self.cast:
            self.cast["comma", name] = comma_decimals(self.column(name))
        return self.cast["comma", name]

    def kept(self, keep: np.ndarray) -> "_Rows":
        return _Rows(self.cells, self.records[keep], self.cast)

    def where(self, positions: np.ndarray) -> str:
        """'Row 5', 'Rows 5, 9 and 12' or 'Rows 5, 9, 12 and 40 more', for positions among these rows."""
        numbers = self.cells.row_numbers(self.records[positions[:ROWS_NAMED]])
        return row_list(numbers, len(positions))

    def value(self, name: str, position: int) -> str:
        return quote(self.column(name)[int(self.records[position])].as_py())


def _repeated(keys: np.ndarray) -> np.ndarray:
    """Whether each key occurs more than once: sorting finds the repeated keys (usually few), which are then looked
    up in a hash table of them (faster than a binary search per key)."""
    ordered = np.sort(keys)
    repeated = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if not len(repeated):
        return np.zeros(len(keys), bool)
    return pd.Series(keys).isin(repeated).to_numpy()


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
        report.dropped.append(Note("blank", phrase("dropped", "blank", count=count), count))
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
    report.dropped.append(Note(key, phrase("dropped", key, count=count, rows=where, **values), count))
    return rows.kept(~drop)


def _numbers(rows: _Rows, name: str, report: _Report, allow_percent: bool = False) -> np.ndarray:
    """The rows' numbers in a column (NaN for empty cells); unreadable ones raise an InputError naming their rows."""
    return _signed_numbers(rows, name, report, allow_percent)[0]


def _signed_numbers(rows: _Rows, name: str, report: _Report, allow_percent: bool = False):
    """:func:`_numbers`, and the currency each row's number is written with: None for a column of plain numbers,
    else (code per row, -1 for none; the distinct tokens of :func:`~retention.io._currencies.token`)."""
    column = rows.column(name)
    comma_first = rows.cells.detected.get("delimiter") == ";"
    values = rows.floats(name)
    plain = values is not None and not np.isinf(values).any() and np.isnan(values).sum() == column.null_count
    if plain and not (comma_first and _grouped(column)):
        return values[rows.records], None
    fast = rows.comma_decimals(name)
    if fast is not None:
        values, found = fast
        values, codes = values[rows.records], np.where(np.isnan(values), -1, 0)[rows.records]  # its one sign
    else:
        codes, texts = _encode(column)
        codes = codes[rows.records]
        unique_values, found = number_texts(texts, allow_percent, comma_first)
        invalid = np.flatnonzero(np.append(found["invalid"], False)[codes])
        if len(invalid):
            raise InputError({name: phrase(
                "values", "not_a_number", rows=rows.where(invalid), column=quote(name),
                value=rows.value(name, invalid[0]),
            )})
        values = np.append(unique_values, np.nan)[codes]
    report.assumptions.extend(number_notes(name, found))
    signs = found["signs"]
    token_codes, tokens = pd.factorize(signs.map({sign: token(sign) for sign in signs.unique()}))
    return values, (np.append(token_codes, -1)[codes], tokens)


def _grouped(column: pa.ChunkedArray) -> bool:
    """Whether a cell looks like a whole number grouped by dots (1.234), which a decimal comma file means as
    thousands; only a column with a dot can hold one."""
    if not pc.any(pc.match_substring(column, ".")).as_py():
        return False
    return pc.any(pc.match_substring_regex(column, r"^\d{1,3}(?:\.\d{3})+$")).as_py()


def _counts(tokens: Sequence[str], codes: np.ndarray) -> dict[str, int]:
    """{token: rows} for rows given as codes into ``tokens`` (-1 for none)."""
    counts: dict[str, int] = {}
    for name, count in zip(tokens, np.bincount(codes[codes >= 0], minlength=len(tokens)), strict=True):
        counts[name] = counts.get(name, 0) + int(count)
    return counts


def _currency(rows: _Rows, mapping: Mapping[str, str], signs, report: _Report) -> str | None:
    """The currency of the rows in use: from a currency column when the file has one, else from the signs and codes
    beside the amounts (``signs`` as :func:`_signed_numbers` gives them)."""
    column = next((name for name in rows.cells.names if name not in mapping and is_currency_column(name)), None)
    if column is not None:
        codes, texts = _encode(rows.column(column))
        found = file_currency(_counts(texts.map(token), codes[rows.records]), quote(column), "column")
    elif signs is not None:
        amount = next(name for name, target in mapping.items() if target == "amount")
        found = file_currency(_counts(signs[1], signs[0]), quote(amount), "signs")
    else:
        return None
    report.assumptions.extend(found.assumptions)
    report.warnings.extend(found.warnings)
    return found.code


def _day_first(rows: _Rows, name: str, codes: np.ndarray, texts: pd.Series, dayfirst: bool | None, report) -> bool:
    """Whether dates have the day first: as the dates of the rows in use show, else as chosen, else day first
    (reported). ``report.detected`` records whether the dates showed the order ("day_order": "shown") or left it
    open ("open"), and the order used ("day_first": "yes" or "no")."""
    parts = texts.str.extract(r"^(\d{1,2})[./-](\d{1,2})[./-](?:\d{4}|\d{2})\b").astype(float)
    parts[np.bincount(codes[codes >= 0], minlength=len(texts)) == 0] = np.nan  # only in rows left out: no say
    numeric = parts[0].notna().to_numpy()
    if not numeric.any():
        return True if dayfirst is None else dayfirst
    column = quote(name)
    day_shows = np.flatnonzero(((parts[0] > 12) & (parts[1] <= 12)).to_numpy())  # 13/13/2024 shows nothing
    month_shows = np.flatnonzero(((parts[1] > 12) & (parts[0] <= 12)).to_numpy())
    if len(day_shows) and len(month_shows):
        first_row = {k: rows.where(np.flatnonzero(codes == k)[:1]).lower() for k in (day_shows[0], month_shows[0])}
        raise InputError({name: phrase(
            "values", "mixed_date_order", column=column,
            day_first=quote(texts[day_shows[0]]), day_first_row=first_row[day_shows[0]],
            month_first=quote(texts[month_shows[0]]), month_first_row=first_row[month_shows[0]],
        )})
    if len(day_shows) or len(month_shows):
        key, shown = ("day_first", day_shows[0]) if len(day_shows) else ("month_first", month_shows[0])
        note = phrase("assumed", key, column=column, example=quote(texts[shown]))
    elif dayfirst is not None:
        key = "day_first_chosen" if dayfirst else "month_first_chosen"
        note = phrase("assumed", key, column=column)
    else:
        key = "day_first_guessed"
        note = phrase("assumed", key, column=column, example=quote(texts[np.flatnonzero(numeric)[0]]))
    report.assumptions.append(Note(key, note))
    first = key.startswith("day")
    report.detected |= {"day_order": "shown" if key in ("day_first", "month_first") else "open",
                        "day_first": "yes" if first else "no"}
    return first


def _dates(rows: _Rows, name: str, encoded, dayfirst: bool | None, report: _Report) -> np.ndarray:
    """The rows' dates in a column (NaT for empty cells); unreadable ones raise an InputError naming their rows.

    encoded: the column as :func:`_encode` returns it.
    """
    codes, texts = encoded
    codes = codes[rows.records]
    plain = without_time_zones(texts)
    if plain.ne(texts).any():
        report.assumptions.append(Note("time_zones", phrase("assumed", "time_zones", column=quote(name))))
    parsed = date_texts(plain, _day_first(rows, name, codes, plain, dayfirst, report))
    invalid = np.flatnonzero(np.append((parsed.isna() & plain.ne("")).to_numpy(), False)[codes])
    if len(invalid):
        raise InputError({name: phrase(
            "values", "not_a_date", rows=rows.where(invalid), column=quote(name), value=rows.value(name, invalid[0])
        )})
    return np.append(parsed.to_numpy(dtype="datetime64[us]"), np.datetime64("NaT"))[codes]


def _require(rows: _Rows, name: str, target: str, missing: np.ndarray) -> None:
    """An InputError naming the rows where a needed cell is empty."""
    positions = np.flatnonzero(missing)
    if len(positions):
        raise InputError({target: plural(words("readers")["values"]["missing"], len(positions)).format(
            rows=rows.where(positions), label=_label(target), column=quote(name),
        )})


def _reject(rows: _Rows, name: str, target: str, bad: np.ndarray, key: str) -> None:
    """An InputError for the rows whose number breaks a rule (negative, not whole, above one)."""
    positions = np.flatnonzero(bad)
    if len(positions):
        raise InputError({target: phrase(
            "values", key, rows=rows.where(positions), column=quote(name), value=rows.value(name, positions[0]),
            label=_label(target),
        )})


# --- loading -----------------------------------------------------------------------------------------------------


def preview_file(source, kind: str = "transactions", *, max_bytes: int | None = None) -> FilePreview:
    """The columns, the first rows as text and the guessed mapping, for the page to show and correct.

    Raises InputError only for files that cannot be read as a table at all (empty, too large, not text, ...).
    """
    cells = read_cells(source, max_bytes)
    return FilePreview(
        cells.names, cells.first_rows(), _guessed(cells, kind)[0], cells.detected, cells.assumptions, cells.warnings
    )


def _guessed(cells: Cells, kind: str, in_use: Mapping[str, str] | None = None) -> tuple[dict[str, str], list[Note]]:
    """The mapping guessed from the header names and, for an order log, checked and completed from the values of
    the first rows: a date or customer column the values show to be wrong replaced and the amount chosen among
    several candidates (:mod:`retention.io._content_guess`, :mod:`retention.io._amount_choice`, neither against a
    recognised export), columns whose names do not tell found. Each such finding has its note, as a recognised
    export has; a note is kept only where ``in_use`` (the mapping the user confirmed, the guess by default) agrees."""
    if kind != "transactions":
        return guess_mapping(cells.names, kind), []
    layout, by_layout = _layout_mapping(cells.names)
    rows = cells.table.slice(0, SAMPLE_ROWS).to_pandas().set_axis(list(cells.names), axis=1)
    by_name = by_layout | {column: target for column, target in guess_mapping(cells.names).items()
                           if column not in by_layout and target not in by_layout.values()}
    by_name, checked = checked_mapping(rows, by_name, kept=set(by_layout.values()))
    choice = amount_choice(rows, by_name, cells.detected.get("delimiter") == ";")
    if choice is not None and by_layout.get(choice.column, "amount") == "amount" and (
            choice.column in by_layout or "amount" not in by_layout.values()):
        by_name = {column: target for column, target in by_name.items() if target != "amount"}
        by_name[choice.column] = "amount"
    else:
        choice = None
    mapping = content_mapping(rows, by_name)
    in_use = mapping if in_use is None else in_use
    notes = _checked_notes(mapping, checked, in_use) + _amount_notes(choice, in_use)
    notes += [
        Note("content_guess", phrase(
            "assumed", "content_guess", column=quote(column), label=_label(target),
            example=quote(_filled_example(rows[column])),
        ))
        for column in cells.names
        if column in mapping and column not in by_name and in_use.get(column) == (target := mapping[column])
    ]
    if layout and all(in_use.get(column) == target for column, target in _layout_mapping(cells.names)[1].items()):
        notes.insert(0, Note("layout", phrase("assumed", "layout", layout=layout)))
    return {column: mapping[column] for column in cells.names if column in mapping}, notes


def _checked_notes(mapping: Mapping[str, str], checked: Mapping[str, tuple], in_use: Mapping[str, str]) -> list[Note]:
    """A note for each column the values showed to be wrong (:func:`~retention.io._content_guess.checked_mapping`),
    kept while the column put in its place is in use."""
    notes = []
    for column, target in mapping.items():
        if target in checked and in_use.get(column) == target:
            key, other, shown = checked[target]
            notes.append(Note(key, phrase("assumed", key, column=quote(column), other=quote(other), shown=shown)))
    return notes


def _amount_notes(choice: AmountChoice | None, in_use: Mapping[str, str]) -> list[Note]:
    """The note saying which amount column was chosen and why (:mod:`retention.io._amount_choice`), kept while it
    is the one in use."""
    if choice is None or in_use.get(choice.column) != "amount":
        return []
    if choice.reason == "includes":
        reason = phrase("assumed", "amount_includes", extras=_listed(choice.extras))
    else:
        reason = phrase("assumed", f"amount_because_{choice.reason}")
    message = plural(words("readers")["assumed"]["amount_choice"], len(choice.others))
    return [Note("amount_choice", message.format(column=quote(choice.column), reason=reason,
                                                 others=_listed(choice.others)))]


def _listed(names: Sequence[str]) -> str:
    """Column names quoted and listed as the language does: "“Shipping” and “Taxes”", Japanese "“送料”、“税”"."""
    return format_list([quote(name) for name in names])


def _layout_mapping(names: Sequence[str]) -> tuple[str | None, dict[str, str]]:
    """(the export's name, its mapping) when the header is that of a known export (``[layouts]``), else (None, {})."""
    found = layout(names)
    if found is None:
        return None, {}
    column_of = {header_key(name): name for name in reversed(names)}
    return found["name"], {column_of[key]: target for key, target in found["mapping"].items() if key in column_of}


def _filled_example(texts: pd.Series) -> str:
    filled = texts.dropna().str.strip()
    return filled[filled != ""].iloc[0]


def _start(source, mapping, kind: str, max_bytes: int | None):
    """The cells of the file, the mapping to use, {normalised column: file column} and an empty report."""
    cells = read_cells(source, max_bytes)
    if cells.table.num_rows == 0:
        raise file_error("no_rows", columns=quoted_list(cells.names))
    export = layout(cells.names) if kind == "transactions" else None
    if export is not None and "refusal" in export:
        raise InputError({"file": export["refusal"]})
    guess, guessed = _guessed(cells, kind, mapping)
    if kind == "transactions":
        refuse_customer_lists(cells, guess if mapping is None else mapping)
    mapping = _checked_mapping(cells.names, guess if mapping is None else mapping, kind)
    report = _Report(list(cells.assumptions) + guessed, [], list(cells.warnings))
    source_of = {target: column for column, target in mapping.items()}
    return cells, mapping, source_of, report, _Rows(cells, np.arange(cells.table.num_rows))


def _loaded(cells: Cells, frame: pd.DataFrame, mapping, report: _Report, records=None,
            currency: str | None = None) -> LoadedTable:
    return LoadedTable(
        frame, mapping, cells.names, cells.first_rows(), cells.detected | report.detected, tuple(report.assumptions),
        tuple(report.dropped), tuple(report.warnings), cells.table.num_rows + cells.blank_lines, currency,
        cells=cells, records=records,
    )


def _screen(rows: _Rows, first: np.ndarray, second: np.ndarray, amounts: str | None) -> np.ndarray:
    """One integer key per row that exact copies share (different rows may share one too; the rows are compared
    cell by cell after): two columns of codes (-1 for empty cells), the length of the whole row and, when the
    column reads as plain numbers (decimal point or comma), the amount."""
    length = np.zeros(len(first), np.int64)
    for column in rows.cells.table.columns:
        length += pc.fill_null(pc.binary_length(column), -1).to_numpy(zero_copy_only=False)
    key = ((first + 1) * (int(second.max(initial=0)) + 2) + second + 1) * 1_000_003 + length
    if amounts is None:
        return key
    amount = rows.floats(amounts)
    if amount is None:
        comma = rows.comma_decimals(amounts)
        if comma is None:
            return key
        amount = comma[0]
    return key * 31 + np.nan_to_num(amount).view(np.int64)


def load_transactions(
    source, mapping: Mapping[str, str] | None = None, *, dayfirst: bool | None = None, max_bytes: int | None = None,
    keep_non_sales: bool = False,
) -> LoadedTable:
    """An order log as a normalised frame, with the report of what was assumed and left out.

    mapping: {file column: normalised column}, as from :func:`guess_mapping` (the default) and corrected by the
    user; other columns are ignored. dayfirst: whether dates have the day or the month first where the dates do not
    tell (no day above 12): None reads them day first, True or False decides; ``detected["day_order"]`` says
    whether the question was open ("open") or the dates showed the order ("shown"). max_bytes: the size limit,
    ``MAX_FILE_BYTES`` unless given. keep_non_sales: count the rows a status column calls failed, pending, ... as
    sales after all; ``detected["non_sales"]`` is "yes" when the file has such rows, left out or kept.

    The frame has ``customer_id`` (categorical text), ``date`` (datetime64), ``amount`` (float) and, where mapped,
    ``order_id`` (text), ``quantity`` and ``returned_quantity`` (floats, NaN when empty). A log without an amount
    column mapped is read too: every row is an order, ``amount`` is NaN on every row and ``detected["amounts"]`` is
    "missing" (a warning says which figures need an amount column).
    """
    cells, mapping, source_of, report, rows = _start(source, mapping, "transactions", max_bytes)
    customer = source_of["customer_id"]
    customers, names = _encode(rows.column(customer))
    no_customer = _blank(names)
    dates = _encode(rows.column(source_of["date"]))
    screen = _screen(rows, customers, dates[0], source_of.get("amount"))
    rows = _blank_and_duplicates(rows, screen, no_customer[customers], report)
    rows = _detail_rows(rows, report)
    orders = _line_item_orders(rows, source_of)
    if orders is not None:
        in_use = orders[rows.records]
        blank = np.where(no_customer[customers[rows.records]], -1, customers[rows.records])
        customers[rows.records] = np.where(blank < 0, filled_by_order(blank, in_use), customers[rows.records])
        dates[0][rows.records] = filled_by_order(dates[0][rows.records], in_use)
    rows = _continuations(rows, source_of, orders, report)
    rows = _totals(rows, dates, report)
    rows = _headings(rows, source_of, customers, no_customer, dates, report)
    rows = _non_sales(rows, mapping, report, keep_non_sales, orders)
    missing = no_customer[customers[rows.records]]
    if missing.all():
        _require(rows, customer, "customer_id", missing)
    rows = _drop(rows, missing, "no_customer", report)
    guests = guest_rows(names, customers[rows.records])
    if guests.any():
        in_use = None if orders is None else _own_orders(orders[rows.records])
        report.dropped.append(guest_note(names, customers[rows.records], guests, in_use, rows.where, quote(customer)))
        rows = rows.kept(~guests)
    values = {"date": _dates(rows, source_of["date"], dates, dayfirst, report)}
    values["amount"], signs = _amounts(rows, source_of, report)
    if signs is not None:
        values["currency"], tokens = signs
    values |= {target: _numbers(rows, source_of[target], report) for target in ("quantity", "returned_quantity")
               if target in source_of}
    values["amount"] = _line_amounts(rows, source_of, values, orders, report)
    for target in ("date", "amount"):
        if target in source_of:
            _require(rows, source_of[target], target, pd.isna(values[target]))
    refunds = values["amount"] < 0
    rows, values = _drop_with(rows, values, refunds, "refund", report,
                                  total=format_number(values["amount"][refunds].sum(), 2))
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
            raise InputError({"returned_quantity": phrase(
                "values", "returned_above_sold", rows=rows.where(more), returned=format_number(returned, None),
                sold=format_number(sold, None),
            )})
    signs = (values["currency"], tokens) if "currency" in values else None
    currency = _currency(rows, mapping, signs, report) if "amount" in source_of else None
    rows = _numbered_orders(rows, source_of, report)
    frame = _transactions_frame(rows, source_of, customers[rows.records], names, values)
    report.warnings.extend(_thin_data_warnings(frame))
    report.warnings.extend(names_warning(frame["customer_id"].cat.categories, quote(customer)))
    return _loaded(cells, frame, mapping, report, rows.records, currency)


def _headings(rows: _Rows, source_of: Mapping[str, str], customers: np.ndarray, no_customer: np.ndarray, dates,
              report: _Report) -> _Rows:
    """The rows without heading rows, a customer's name alone above their orders (QuickBooks' "Sales by Customer
    Detail"); the orders below a heading without a customer of their own take its name (``customers`` is
    updated in place)."""
    in_use = customers[rows.records]
    blank = no_customer[in_use]
    if not blank.any():
        return rows
    heading = ~blank & _blank(dates[1])[dates[0][rows.records]]
    if "amount" in source_of:
        amounts = _encode(rows.column(source_of["amount"]))
        heading &= _blank(amounts[1])[amounts[0][rows.records]]
    if not heading.any():
        return rows
    last = np.maximum.accumulate(np.where(heading, np.arange(len(heading)), -1))
    below = blank & (last >= 0)
    customers[rows.records[below]] = in_use[last[below]]
    return _drop(rows, heading, "heading", report)


def _detail_rows(rows: _Rows, report: _Report) -> _Rows:
    """The rows without those that detail an order written on a row of its own, in an export whose layout says
    which rows are the orders (:func:`~retention.io._layouts.order_rows`)."""
    marked = order_rows(rows.cells.names)
    if marked is None:
        return rows
    column, order_values = marked
    codes, texts = _encode(rows.column(column))
    in_use = codes[rows.records]
    is_order = np.append(texts.map(header_key).isin(order_values).to_numpy(), False)[in_use]
    if not is_order.any():
        return rows
    said = texts.iloc[in_use[~is_order & (in_use >= 0)]].value_counts()
    values = ", ".join(f"{quote(text)} ({format_number(count)})" for text, count in said.items())
    return _drop(rows, ~is_order, "detail", report, column=quote(column), values=values,
                 order=quote(texts.iloc[in_use[np.argmax(is_order)]]))


def _continuations(rows: _Rows, source_of: Mapping[str, str], orders, report: _Report) -> _Rows:
    """The rows without continuation lines: a later row of an order with neither an amount nor a quantity, which
    adds no item to it (Amazon's Order Report writes an order's further promotions on such lines, "leaving most of
    the columns blank"). Order codes number the orders by their first row, so a later row of an order is one whose
    code is no higher than one above it (a running maximum spares hashing every row)."""
    if orders is None or not {"amount", "quantity"} <= source_of.keys():
        return rows
    in_use = orders[rows.records]
    above = np.maximum.accumulate(np.concatenate([[-1], in_use[:-1]]))
    later = np.flatnonzero((in_use >= 0) & (in_use <= above))
    for target in ("amount", "quantity"):
        cells = rows.column(source_of[target]).take(pa.array(rows.records[later]))
        later = later[pc.fill_null(pc.equal(pc.utf8_trim_whitespace(cells), ""), True).to_numpy(zero_copy_only=False)]
    continued = np.zeros(len(rows.records), bool)
    continued[later] = True
    return _drop(rows, continued, "continued", report, amount=quote(source_of["amount"]),
                 quantity=quote(source_of["quantity"]))


def _line_item_orders(rows: _Rows, source_of: Mapping[str, str]) -> np.ndarray | None:
    """The order code of each record of the file (-1 for none) when the file writes orders as line items: an order
    number repeated on the next row. None otherwise, which spares hashing a million distinct order numbers; orders
    whose rows are not next to each other are then counted row by row, as before."""
    if "order_id" not in source_of:
        return None
    column = rows.column(source_of["order_id"])
    if len(column) < 2 or not pc.any(pc.equal(column[1:], column[:-1])).as_py():
        return None
    return order_codes(column)


def _amounts(rows: _Rows, source_of: Mapping[str, str], report: _Report):
    """:func:`_signed_numbers` of the amount column; for a log without one, NaN on every row (every row an order,
    ``detected["amounts"]`` "missing") and a note that the customer figures are computed, the revenue ones not,
    and, where copies of rows were left out and no order number tells orders apart, that they may be real orders
    (two orders of a customer on one day)."""
    if "amount" in source_of:
        return _signed_numbers(rows, source_of["amount"], report)
    report.detected["amounts"] = "missing"
    report.warnings.append(Note("no_amount", phrase("warnings", "no_amount")))
    copies = sum(note.rows for note in report.dropped if note.key == "duplicate")
    if copies and "order_id" not in source_of:
        report.warnings.append(Note("copies_without_amounts", phrase("warnings", "copies_without_amounts",
                                                                     count=copies)))
    return np.full(len(rows.records), np.nan), None


def _line_amounts(rows: _Rows, source_of: Mapping[str, str], values: dict, orders, report: _Report) -> np.ndarray:
    """Each row's amount once line items are seen (:mod:`retention.io._line_items`): an order's amount counted once
    where the file writes it on the order's first row or on each of its rows, else price x quantity where the
    amount is a price per unit."""
    if "amount" not in source_of:
        return values["amount"]
    amounts, column = values["amount"], quote(source_of["amount"])
    if orders is not None:
        in_use = orders[rows.records]
        way, once = order_level(amounts, in_use)
        if way:
            several = int((pd.Series(in_use).value_counts() > 1).sum())
            report.assumptions.append(Note(f"order_{way}", phrase("assumed", f"order_{way}", column=column,
                                                                   count=several)))
            return once
    if "quantity" in values and is_unit_price(source_of["amount"], rows.cells.names):
        report.assumptions.append(Note("unit_price", phrase("assumed", "unit_price", column=column,
                                                            quantity=quote(source_of["quantity"]))))
        return amounts * np.nan_to_num(values["quantity"], nan=1.0)
    return amounts


def _numbered_orders(rows: _Rows, source_of: Mapping[str, str], report: _Report) -> _Rows:
    """The rows with each one that has no order number an order of its own, numbered after its row in the file
    (:func:`~retention.io._line_items.numbered`), and a note saying so. Such a row has its own customer, date and
    amount by now (a sale at the till, a phone order): a continuation line without them has been left out or
    refused before."""
    name = source_of.get("order_id")
    positions = np.empty(0, np.int64) if name is None else unnumbered(rows.column(name), rows.records)
    if not len(positions):
        return rows
    report.assumptions.append(Note("own_orders", phrase(
        "assumed", "own_orders", count=len(positions), column=quote(name), rows=rows.where(positions).lower())))
    index = rows.cells.names.index(name)
    filled = numbered(rows.column(name), rows.records, positions, rows.cells.row_numbers(rows.records[positions]))
    cells = replace(rows.cells, table=rows.cells.table.set_column(index, str(index), filled))
    cast = {key: value for key, value in rows.cast.items() if key not in (name, ("comma", name))}
    return _Rows(cells, rows.records, cast)


def _own_orders(orders: np.ndarray) -> np.ndarray:
    """Order codes with each row without an order number (-1) an order of its own."""
    return np.where(orders < 0, -1 - np.arange(len(orders)), orders)


def _non_sales(rows: _Rows, mapping: Mapping[str, str], report: _Report, keep: bool, orders) -> _Rows:
    """The rows without those a status column calls no sale (or with them, noted, when ``keep``); where the file
    has order numbers, a status written on an order's first row holds for all its rows, and the note counts each
    row under that status."""
    of_layout = layout_non_sales(rows.cells.names)
    names = {header_key(name) for name in words("readers")["status_columns"]["names"]} | of_layout.keys()
    non_sales = {header_key(value) for value in words("readers")["non_sales"]["values"]}
    drop = np.zeros(len(rows.records), bool)
    for column in (name for name in rows.cells.names if name not in mapping and header_key(name) in names):
        codes, texts = _encode(rows.column(column))
        says_no_sale = non_sales | of_layout.get(header_key(column), frozenset())
        says = np.append(texts.map(header_key).isin(says_no_sale).to_numpy(), False)[codes[rows.records]] & ~drop
        status = np.where(says, codes[rows.records], -1)
        if orders is not None:
            status = filled_by_order(status, orders[rows.records])
        here = (status >= 0) & ~drop
        if not here.any():
            continue
        said = texts.iloc[status[here]].value_counts()
        values = ", ".join(f"{quote(text)} ({format_number(count)})" for text, count in said.items())
        report.detected["non_sales"] = "yes"
        if keep:
            report.assumptions.append(Note("status_kept", phrase("assumed", "status_kept", column=quote(column),
                                                                 values=values)))
        else:
            report.dropped.append(Note("status", phrase(
                "dropped", "status", count=int(here.sum()),
                rows=rows.where(np.flatnonzero(here)).lower(), column=quote(column), values=values,
            ), int(here.sum())))
        drop |= here
    return rows if keep else rows.kept(~drop)


def _totals(rows: _Rows, dates, report: _Report) -> _Rows:
    """The rows without totals rows: no date, and a first filled cell starting with a totals word as a whole word
    ("Summe", "Total for Alice", "TOTAL" in the order column)."""
    undated = np.flatnonzero(_blank(dates[1])[dates[0][rows.records]])
    if not len(undated):
        return rows
    cells = rows.cells.table.take(pa.array(rows.records[undated])).to_pandas()
    first = cells.bfill(axis=1).iloc[:, 0].fillna("").str.strip()
    words_ = sorted(words("readers")["totals_words"]["words"], key=len, reverse=True)
    pattern = "|".join(re.escape(word) for word in words_)
    is_total = first.str.casefold().str.match(rf"(?:{pattern})(?:\W|$)").to_numpy(bool)
    totals = np.zeros(len(rows.records), bool)
    totals[undated[is_total]] = True
    example = quote(first[is_total].iloc[0]) if is_total.any() else ""
    return _drop(rows, totals, "totals", report, name=example)


def _drop_with(rows: _Rows, values: dict, drop: np.ndarray, key: str, report: _Report, **texts):
    """:func:`_drop` for the rows and their parsed values together."""
    if not drop.any():
        return rows, values
    return _drop(rows, drop, key, report, **texts), {target: array[~drop] for target, array in values.items()}


def _nothing_left(report: _Report) -> InputError:
    reasons = words("readers")["file"]["all_reasons_separator"].join(
        phrase("dropped", f"reason_{note.key}", count=note.rows) for note in report.dropped
    )
    return file_error("nothing_left", reasons=reasons)


def _transactions_frame(rows: _Rows, source_of, customers: np.ndarray, names: pd.Series, values) -> pd.DataFrame:
    """The normalised frame: customers as categories of their stripped ids, order ids as text. Its columns are
    the arrays made for it, not copied."""
    stripped = pc.dictionary_encode(pa.array(names))
    codes = stripped.indices.to_numpy()[customers]
    distinct = stripped.dictionary.to_pandas()
    used = np.zeros(len(distinct), bool)
    used[codes] = True
    if not used.all():
        codes, distinct = (np.cumsum(used) - 1)[codes], distinct[used]
    columns = {
        "customer_id": pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(pd.Index(distinct)),
                                                 validate=False),
        "date": values["date"],
        "amount": values["amount"],
    }
    if "order_id" in source_of:
        orders = rows.column(source_of["order_id"])
        if len(rows.records) < len(orders):
            orders = orders.take(pa.array(rows.records))
        orders = pc.utf8_trim_whitespace(orders)
        _require(rows, source_of["order_id"], "order_id",
                 pc.fill_null(pc.equal(orders, ""), True).to_numpy(zero_copy_only=False))
        columns["order_id"] = orders.to_pandas()
    columns |= {target: values[target] for target in ("quantity", "returned_quantity") if target in values}
    return pd.DataFrame(columns, copy=False)


def _thin_data_warnings(frame: pd.DataFrame) -> list[Note]:
    """Warnings for logs that are valid but too thin for rates: one customer, or one day."""
    notes = []
    customers = frame["customer_id"].cat.categories
    if len(customers) == 1:
        notes.append(Note("single_customer", phrase("warnings", "single_customer", customer=quote(customers[0]))))
    days = frame["date"].to_numpy().astype("datetime64[D]")
    if days.min() == days.max():
        notes.append(Note("single_day", phrase("warnings", "single_day", date=str(days.min()))))
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
        period = quote(labels[codes[repeated[0]]])
        raise InputError({"period": phrase("values", "duplicate_period", period=period, rows=rows.where(same).lower())})
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
        report.warnings.append(Note("single_period", phrase("warnings", "single_period")))
    return _loaded(cells, frame, mapping, report)
