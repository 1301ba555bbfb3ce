"""Big order logs (issue 18 point 2): a CSV or Parquet file read by embedded DuckDB through ibis, so that the
period table, the cohorts and the customer summary run inside DuckDB (:mod:`retention.orders.ibis_engine`) instead
of on a pandas frame.

Above :data:`BIG_FILE_BYTES` (and for every Parquet file, which the pandas reader does not read) the page uses
:func:`preview_big` and :func:`load_big` instead of :func:`~retention.io.readers.load_transactions`. The size is
where, in ``bench/transactions.py`` and ``bench/warehouse.py`` (figures in ``bench/README.md``), the pandas path
stops being the better one: below it the pandas reader is fast enough and knows every rule of real exports; above
it, pandas needs about 320 bytes of memory an order, DuckDB about half.

What is checked here, as the pandas reader does: the column mapping (customer and date are required, no file column
twice; without an amount column the table has none, and its figures are the customer ones), dates and amounts (a
value that is not one stops the reading, naming the column, the count and an example), rows with a blank customer,
date or amount and rows with a negative amount (refund lines) left out and counted. What is not: the rules of real
exports (title blocks, heading and totals rows, status columns, line items, currency signs and thousands separators,
dates written with the day first, other encodings than UTF-8), listed for the user in
``words("big_files")["not_checked"]``.

The loaded table has the normalised columns; ``customer_id`` holds a whole number per customer (a 64-bit hash of the
id, checked to be one-to-one by a second hash), since DuckDB groups and sorts numbers several times faster than text,
and ``order_id`` is dropped when every row is its own order (counting rows then gives the same figures).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from retention.errors import InputError
from retention.formatting import format_number
from retention.io.readers import REQUIRED_TRANSACTION_COLUMNS, TRANSACTION_COLUMNS, guess_mapping
from retention.words import words

__all__ = ["BIG_FILE_BYTES", "LOAD_STEPS", "BigOrders", "is_big_file", "load_big", "preview_big"]

#: Files larger than this (in bytes) are read by DuckDB: 100 MB, about 1.7 million orders of a typical export.
BIG_FILE_BYTES = 100 * 1024 * 1024
#: DuckDB's own memory limit for a big file; past it DuckDB spills to a temporary folder instead of growing.
MEMORY_LIMIT = "1GB"
#: The steps :func:`load_big` reports to its ``progress`` callback, in order.
LOAD_STEPS = ("read", "check", "keys")
PREVIEW_ROWS = 20


def _text():
    return words("big_files")


def is_big_file(name: str, size: int) -> bool:
    """Whether a file of this name and size (bytes) is read by DuckDB: Parquet always, text above the limit."""
    return Path(name).suffix.lower() == ".parquet" or size > BIG_FILE_BYTES


def _connect():
    import ibis

    con = ibis.duckdb.connect(memory_limit=MEMORY_LIMIT, preserve_insertion_order=False)
    return con


def _source(con, path: Path):
    path = Path(path)
    import duckdb

    try:
        if path.suffix.lower() == ".parquet":
            return con.read_parquet(path)
        return con.read_csv(path)
    except duckdb.Error as error:  # DuckDB's own reading errors: not a table it can read
        raise _unreadable(error, path) from None


def _unreadable(error, path: Path) -> InputError:
    """DuckDB's reason, without the temporary file's path."""
    reason = str(error).splitlines()[0].replace(str(path), Path(path).suffix.lstrip(".").upper() or "file")
    return InputError({"file": _text()["unreadable"].format(reason=reason)})


@dataclass(frozen=True)
class BigPreview:
    """The columns, the first rows and the mapping guessed from the header names."""

    columns: tuple[str, ...]
    first_rows: pd.DataFrame
    mapping: dict[str, str]


def preview_big(path: Path) -> BigPreview:
    """The first rows of the file (read by DuckDB without reading the rest) and the guessed mapping."""
    con = _connect()
    source = _source(con, path)
    columns = tuple(source.columns)
    first_rows = source.head(PREVIEW_ROWS).to_pandas().astype(str)
    return BigPreview(columns, first_rows, guess_mapping(columns))


@dataclass
class BigOrders:
    """A big order log inside DuckDB: ``table`` is the ibis table of the normalised columns (see the module's
    docstring); ``left_out`` the rows left out, per reason; the counts and days describe what is kept."""

    table: object
    rows_read: int
    orders: int
    customers: int
    first_day: pd.Timestamp
    last_day: pd.Timestamp
    left_out: dict[str, int] = field(default_factory=dict)
    connection: object = field(default=None, repr=False)

    @property
    def dropped(self) -> tuple[str, ...]:
        """A note per reason rows were left out, in the language of now (a big file is read once)."""
        return tuple(_text()[reason].format(count=format_number(count)) for reason, count in self.left_out.items())


def _checked(columns: tuple[str, ...], mapping: Mapping[str, str]) -> dict[str, str]:
    """{normalised column: file column}; an InputError names what is missing or mapped twice."""
    text = _text()
    source_of: dict[str, str] = {}
    for column, target in mapping.items():
        if column not in columns:
            raise InputError({target: text["no_column"].format(column=column)})
        if target in source_of:
            raise InputError({target: text["mapped_twice"].format(label=target)})
        if target in TRANSACTION_COLUMNS:
            source_of[target] = column
    missing = [target for target in REQUIRED_TRANSACTION_COLUMNS if target not in source_of]
    if missing:
        raise InputError({target: text["missing"].format(label=target) for target in missing})
    return source_of


def _typed(raw, name: str, kind: str):
    """The column as a date or a number: kept when DuckDB read it so, else converted where it can be."""
    column = raw[name]
    if kind == "date":
        if column.type().is_date():
            return column
        if column.type().is_timestamp():
            return column.date()
        return column.cast("string").strip().try_cast("date")
    if column.type().is_numeric():
        return column.cast("float64")
    return column.cast("string").strip().nullif("").try_cast("float64")


def _bad_values(source, source_of: dict[str, str], kinds: dict[str, str]) -> None:
    """An InputError for the first column with values that are not dates or numbers, with the count and one.
    Only columns DuckDB did not read as dates or numbers are looked at (the file is read once more for them)."""
    text = _text()
    for target, kind in kinds.items():
        original = source[source_of[target]]
        if original.type().is_numeric() or original.type().is_temporal():
            continue
        filled = original.cast("string").strip().nullif("").notnull()
        bad = source.filter(filled & _typed(source, source_of[target], kind).isnull())
        count = int(bad.count().to_pandas())
        if count:
            example = bad.select(original).limit(1).to_pandas().iloc[0, 0]
            key = "not_dates" if target == "date" else "not_numbers"
            raise InputError({target: text[key].format(column=source_of[target], count=format_number(count),
                                                       example=example)})


#: What ibis' ``strip`` removes from both ends of a cell (DuckDB: ``TRIM(x, ' \t\n')``).
_SPACES = (" ", "\t", "\n")


def _stripped(text):
    """The cell without the spaces at its ends, NULL for a blank one. TRIM with a list of characters costs DuckDB
    more than the import of the rest of the row, so it runs only on cells that start or end with one of them (the
    same value, bench/README.md)."""
    import ibis

    text = text.cast("string")
    padded = ibis.or_(text.ascii_str().isin([ord(space) for space in _SPACES]),  # the first character's code
                      *(text.endswith(space) for space in _SPACES))
    return ibis.ifelse(padded, text.strip(), text).nullif("")


def _keys(value) -> tuple:
    """Two 64-bit hashes of a stripped text column (:func:`_stripped`), NULL for a blank cell: the first stands for
    the value, the second checks it (:func:`_clashes`)."""
    import ibis

    return (ibis.ifelse(value.isnull(), ibis.null("int64"), value.hash()),
            ibis.ifelse(value.isnull(), ibis.null("int64"), (value + "\x1f").hash()))


def _clashes(table, key: str, check: str) -> tuple[int, int]:
    """(distinct keys, keys shared by different values): a key whose rows carry two check hashes stands for two
    values (the chance that two values share both hashes is about 2^-64 a pair). One GROUP BY on 64-bit numbers,
    several times faster in DuckDB than COUNT(DISTINCT) of the texts."""
    import ibis

    filled = table.filter(table[key].notnull())
    groups = filled.group_by(key).aggregate(low=filled[check].min(), high=filled[check].max())
    found = groups.aggregate(groups=groups.count(), clashes=ibis.ifelse(groups.low != groups.high, 1, 0).sum(),
                             ).to_pandas().iloc[0]
    return int(found["groups"]), int(found["clashes"] or 0)


def load_big(path: Path, mapping: Mapping[str, str], progress: Callable[[str], None] | None = None) -> BigOrders:
    """The file at ``path`` read into an in-memory DuckDB table with the normalised columns, after the checks of the
    module's docstring. ``mapping``: {file column: normalised column}, as the page confirmed it. ``progress`` is
    called with each of :data:`LOAD_STEPS` as it starts.

    The file is parsed once, into a table of numbers and dates only (the ids as hashes), which is then trimmed in
    place: no second copy of the rows is ever held."""
    import ibis

    text = _text()
    report = progress or (lambda step: None)
    report("read")
    con = _connect()
    source = _source(con, path)
    source_of = _checked(tuple(source.columns), mapping)
    kinds = {target: kind for target, kind in (("date", "date"), ("amount", "number"), ("quantity", "number"),
                                               ("returned_quantity", "number")) if target in source_of}
    ids = [target for target in ("customer_id", "order_id") if target in source_of]
    cells = source.select(**{target: _stripped(source[source_of[target]]) for target in ids},
                          **{target: _typed(source, source_of[target], kind) for target, kind in kinds.items()})
    columns = {}
    for target in ids:
        columns[target], columns[target.replace("_id", "_check")] = _keys(cells[target])
    import duckdb

    try:
        raw = con.create_table("orders", cells.select(**columns, **{target: cells[target] for target in kinds}))
    except duckdb.Error as error:  # a row DuckDB's reader cannot parse, past the lines it sniffed
        raise _unreadable(error, path) from None
    report("check")
    _bad_values(source, source_of, kinds)
    amounts = "amount" in source_of
    blank = raw.customer_id.isnull() | raw.date.isnull() | (raw.amount.isnull() if amounts else False)
    sums = {"blank": ibis.ifelse(blank, 1, 0).sum()}
    if amounts:
        sums["refunds"] = ibis.ifelse(~blank & (raw.amount < 0), 1, 0).sum()
    counts = raw.aggregate(rows=raw.count(), **sums).to_pandas().iloc[0]
    left_out = {reason: int(counts[name]) for reason, name in (("blank_rows", "blank"), ("refund_rows", "refunds"))
                if counts.get(name)}
    if int(counts["rows"] - sum(left_out.values())) == 0:
        raise InputError({"transactions": text["no_orders"]})
    left = "customer_id IS NULL OR date IS NULL" + (" OR amount IS NULL OR amount < 0" if amounts else "")
    con.raw_sql(f"DELETE FROM orders WHERE {left}")
    report("keys")
    stats = raw.aggregate(first=raw.date.min(), last=raw.date.max(), rows=raw.count()).to_pandas().iloc[0]
    customers, clashes = _clashes(raw, "customer_id", "customer_check")
    drop = ["customer_check"]
    if clashes:  # two ids with one hash: about one log in 10^13 with a million customers
        raise InputError({"customer_id": text["clash"]})
    orders = int(stats["rows"])
    if "order_id" in source_of:
        drop.append("order_check")
        found = raw.aggregate(keys=raw.order_id.nunique(), filled=raw.order_id.count()).to_pandas().iloc[0]
        if int(found["keys"]) == int(found["filled"]) == orders:
            drop.append("order_id")  # every row its own order (one row a hash, so no clash): rows = orders
        else:
            orders, clashes = _clashes(raw, "order_id", "order_check")
            if clashes:
                raise InputError({"order_id": text["clash"]})
    for name in drop:
        con.raw_sql(f'ALTER TABLE orders DROP COLUMN "{name}"')
    table = con.table("orders")
    return BigOrders(table, int(counts["rows"]), orders, customers, pd.Timestamp(stats["first"]),
                     pd.Timestamp(stats["last"]), left_out, con)
