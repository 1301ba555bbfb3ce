"""Line items to orders: exports that write one row per item of an order, with the order's own fields written once
or on each row.

- an order's customer, date or status left blank on its later rows (Shopify writes them on the first row only)
  is the one of its first row (:func:`filled_by_order`);
- an amount written on the first row of each order only, or the same on every row of each order (an invoice total
  repeated on each line, as in Xero), is the order's amount and counts once (:func:`order_level`);
- where the amount is a price per unit, each row's amount is price x quantity (:func:`is_unit_price`);
- a row without an order number among rows that have one (a sale at the till, a phone order) is an order of its own
  (:func:`unnumbered`, :func:`numbered`).

The rows of an order are found by :func:`order_codes`, which spares hashing order numbers of one width.

>>> orders = np.array([0, 0, 1, 1, 1, 2])
>>> filled_by_order(np.array([4, -1, 7, -1, -1, 9]), orders).tolist()
[4, 4, 7, 7, 7, 9]
>>> way, once = order_level(np.array([30.0, np.nan, 12.0, np.nan, np.nan, 5.0]), orders)
>>> way, once.tolist()
('first_row', [30.0, 0.0, 12.0, 0.0, 0.0, 5.0])
>>> order_level(np.array([30.0, 30.0, 12.0, 12.0, 12.0, 5.0]), orders)[0]
'every_row'
>>> order_level(np.array([10.0, 20.0, 4.0, 4.0, 4.0, 5.0]), orders)
(None, None)
>>> order_codes(pa.chunked_array([["A-1", "A-2", None, "A-1", "B-2"]])).tolist()
[0, 2, -1, 0, 5]
>>> column = pa.chunked_array([["A-1", "", "A-2", None, " "]])
>>> positions = unnumbered(column, np.array([0, 1, 2, 4]))
>>> positions.tolist(), numbered(column, np.array([0, 1, 2, 4]), positions, [3, 6]).to_pylist()
([1, 3], ['A-1', 'row 3', 'A-2', None, 'row 6'])
>>> is_unit_price("Item price", ["Order", "Item price", "Qty"]), is_unit_price("Total", ["Order", "Total", "Qty"])
(True, False)
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from retention.io._header_names import named_key
from retention.io._layouts import layout
from retention.io._reading_words import header_key
from retention.words import words

#: The most bytes in which order numbers of one width may differ for :func:`order_codes` to compare them as numbers.
_KEY_BYTES = 8


def order_codes(column: pa.ChunkedArray) -> np.ndarray:
    """A code per cell of a column of order numbers, the same for the same text (-1 for an empty cell). Where every
    number has the same width and they differ in at most ``_KEY_BYTES`` of its positions ("SO-0000001"), those bytes
    are read as one integer per row and sorted: the numbers that repeat are numbered 0, 1, ..., the others take
    their row's position after them. Otherwise the texts are hashed."""
    keys = _fixed_width_keys(column.combine_chunks())
    if keys is None:
        return pc.dictionary_encode(column).combine_chunks().indices.fill_null(-1).to_numpy(
            zero_copy_only=False).astype(np.int64)
    filled, keys = keys
    ordered = np.sort(keys)
    repeated = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    in_repeated = pd.Series(keys).isin(repeated).to_numpy()
    filled_codes = len(repeated) + np.flatnonzero(filled)
    filled_codes[in_repeated] = np.searchsorted(repeated, keys[in_repeated])
    codes = np.full(len(filled), -1, np.int64)
    codes[filled] = filled_codes
    return codes


def _fixed_width_keys(texts: pa.StringArray) -> tuple[np.ndarray, np.ndarray] | None:
    """(whether each cell is filled, an integer per filled cell equal for equal texts) when the filled cells have
    one width and differ in at most ``_KEY_BYTES`` positions; else None."""
    filled = texts.is_valid().to_numpy(zero_copy_only=False)
    if not filled.any() or not pa.types.is_string(texts.type):
        return None
    offsets = np.frombuffer(texts.buffers()[1], np.int32, len(texts) + 1, texts.offset * 4)
    lengths = np.diff(offsets)
    width = int(lengths[np.argmax(filled)])
    if width == 0 or (lengths[filled] != width).any() or lengths[~filled].any():
        return None
    data = np.frombuffer(texts.buffers()[2], np.uint8, offsets[-1] - offsets[0], offsets[0])
    cells = data.reshape(-1, width)
    differ = np.flatnonzero((cells != cells[0]).any(axis=0))
    if len(differ) > _KEY_BYTES:
        return None
    packed = np.zeros((len(cells), _KEY_BYTES), np.uint8)
    packed[:, : len(differ)] = cells[:, differ]
    return filled, packed.view(np.uint64).ravel()


def _first_row(orders: np.ndarray) -> np.ndarray:
    return ~pd.Series(orders).duplicated().to_numpy()


def filled_by_order(codes: np.ndarray, orders: np.ndarray) -> np.ndarray:
    """Codes (-1 for a blank cell) with each blank taken from the first filled row of the same order; rows without
    an order (-1) are left as they are."""
    if not ((codes < 0) & (orders >= 0)).any():
        return codes
    values = pd.Series(np.where(codes < 0, np.nan, codes))
    first = values.groupby(np.where(orders < 0, np.nan, orders)).transform("first")
    return np.where((codes < 0) & (orders >= 0), first.fillna(-1).to_numpy(), codes).astype(np.int64)


def order_level(amounts: np.ndarray, orders: np.ndarray) -> tuple[str | None, np.ndarray | None]:
    """("first_row" or "every_row", the amounts with the order's amount on its first row and 0 on the others) when
    every order of several rows writes its amount that way, and the rows show it: an order whose later rows are
    blank, or two orders whose rows repeat one amount. (None, None) otherwise."""
    sizes = np.bincount(orders[orders >= 0], minlength=1)  # minlength: no row in use may have an order number
    in_several = (orders >= 0) & (sizes[orders.clip(min=0)] > 1)
    if not in_several.any():
        return None, None
    several = pd.DataFrame({"order": orders[in_several], "amount": amounts[in_several]})
    first = ~several["order"].duplicated()
    later_blank = several.loc[~first, "amount"].isna().groupby(several.loc[~first, "order"]).all()
    repeated = several.groupby("order")["amount"].nunique(dropna=False).eq(1)
    if later_blank.all():
        way = "first_row"
    elif repeated.all() and len(repeated) >= 2:
        way = "every_row"
    else:
        return None, None
    return way, np.where(_first_row(orders) | (orders < 0), amounts, 0.0)


def is_unit_price(column: str, names: Sequence[str]) -> bool:
    """Whether a column of the file with these column ``names`` holds a price per unit: its name says so ("Price",
    "Lineitem price", "Preis", "単価"), unless the file is an export whose layout lists that column among its
    ``line_totals`` (Amazon's "item-price" is the price of the row's whole quantity)."""
    found = layout(names)
    if found is not None and header_key(column) in found.get("line_totals", ()):
        return False
    return named_key(column) in {header_key(name) for name in words("readers")["unit_price_names"]["names"]}


def unnumbered(column: pa.ChunkedArray, records: np.ndarray) -> np.ndarray:
    """The positions among ``records`` (the rows in use) whose cell of the order number column is empty; a column
    without any empty cell is told by one look at the whole column, sparing the rows' texts."""
    if not column.null_count and not pc.any(pc.or_(pc.equal(column, ""), pc.utf8_is_space(column))).as_py():
        return np.empty(0, np.int64)
    cells = pc.utf8_trim_whitespace(column.take(pa.array(records)))
    return np.flatnonzero(pc.fill_null(pc.equal(cells, ""), True).to_numpy(zero_copy_only=False))


def numbered(column: pa.ChunkedArray, records: np.ndarray, positions: np.ndarray, rows: Sequence[int]) -> pa.Array:
    """The order number column with the cells of ``records[positions]`` (in increasing order) numbered after their
    ``rows`` in the file, "row 12", so that each is an order of its own; "#" goes before those numbers until none
    is an order number of the file."""
    made = [f"row {row}" for row in rows]
    stripped = pc.utf8_trim_whitespace(column)
    while pc.any(pc.is_in(stripped, value_set=pa.array(made, column.type))).as_py():
        made = [f"#{number}" for number in made]
    mask = np.zeros(len(column), bool)
    mask[records[positions]] = True
    return pc.replace_with_mask(column.combine_chunks(), pa.array(mask), pa.array(made, column.type))
