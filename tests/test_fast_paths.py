"""The readers' fast paths (issue 13, "Performance") give what the careful paths give: the same frame, the same notes
and the same refusals, on logs that mix the cells each fast path takes with those it leaves to the careful one.

- :func:`~retention.io._cell_values.comma_decimals`: a column of plain decimal-comma numbers read by pyarrow, against
  :func:`~retention.io._cell_values.number_texts` on its distinct texts;
- :func:`~retention.io._line_items.order_codes`: order numbers of one width compared as integers, against hashing
  their texts.
"""

from unittest import mock

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import example, given
from hypothesis import strategies as st

from retention.errors import InputError
from retention.io import readers
from retention.io._cell_values import comma_decimals, number_notes, number_texts
from retention.io._line_items import order_codes
from retention.io.readers import load_transactions

#: Amount cells: plain decimal-comma numbers (the fast path's), and others that only the careful path reads.
PLAIN_AMOUNTS = st.from_regex(r"\A-?\d{1,5}(,\d{1,3})?\Z")
OTHER_AMOUNTS = st.sampled_from(["1,234", "1.234,50", "12,5 €", " 7,5", "(3,5)", "4,5-", "−2,5", "+1,5", "abc", ""])
#: Order numbers: one width (the fast path's), another width, or none.
ORDER_IDS = st.sampled_from(["SO-01", "SO-02", "SO-03", "XO-01", "SO-1", ""])
ROW = st.tuples(st.sampled_from(["ann", "bob", "cy", ""]), st.sampled_from(["03/01/2024", "15/02/2024", ""]),
                PLAIN_AMOUNTS | OTHER_AMOUNTS, ORDER_IDS)


def careful_order_codes(column: pa.ChunkedArray) -> np.ndarray:
    """The order codes by hashing the texts, as before the fast path."""
    encoded = pc.dictionary_encode(column.combine_chunks())
    return encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def log(rows) -> bytes:
    lines = [f"{order};{who};{day};{amount}" for who, day, amount, order in rows]
    lines.insert(0, "Order ID;Customer;Order date;Amount")
    return "\n".join(lines).encode()


def outcome(data: bytes):
    """The frame and every note of the loaded log, or the refusal's messages."""
    try:
        loaded = load_transactions(data)
    except InputError as error:
        return error.messages
    notes = [(note.key, note.message, note.rows) for kind in ("assumptions", "dropped", "warnings")
             for note in getattr(loaded, kind)]
    return loaded.frame, notes, loaded.currency, loaded.detected


@given(st.lists(ROW, min_size=1, max_size=30))
@example([("ann", "03/01/2024", "11,07", "SO-01"), ("bob", "15/02/2024", "-11,07", "SO-01")])
@example([("ann", "03/01/2024", "1,234", ""), ("", "03/01/2024", "1,234", "SO-01"),
          ("", "03/01/2024", "1,234", "SO-01")])  # the only order number is on rows left out: none in use
@example([("ann", "03/01/2024", "1234,5", "SO-01"), ("ann", "03/01/2024", "", "SO-01"),
          ("bob", "15/02/2024", "5", "SO-02")])
def test_the_fast_paths_load_as_the_careful_ones(rows):
    data = log(rows)
    fast = outcome(data)
    with (mock.patch.object(readers, "comma_decimals", return_value=None),
          mock.patch.object(readers, "order_codes", careful_order_codes)):
        careful = outcome(data)
    if isinstance(careful, dict):
        assert fast == careful
        return
    pd.testing.assert_frame_equal(fast[0], careful[0])
    assert fast[1:] == careful[1:]


@given(st.lists(st.none() | PLAIN_AMOUNTS | OTHER_AMOUNTS, min_size=1, max_size=30))
def test_comma_decimals_read_as_number_texts(cells):
    column = pa.chunked_array([[cell or None for cell in cells]], pa.string())
    fast = comma_decimals(column)
    if fast is None:
        return
    texts = pd.Series([cell for cell in dict.fromkeys(cells) if cell], dtype=object)
    values, found = number_texts(texts, allow_percent=False, comma_first=True)
    by_text = dict(zip(texts, values, strict=True))
    expected = [by_text[cell] if cell else np.nan for cell in cells]
    np.testing.assert_array_equal(fast[0], np.array(expected))
    assert number_notes("Total", fast[1]) == number_notes("Total", found)
    assert fast[1]["example"] == found["example"] and fast[1]["signs"].tolist() == found["signs"].unique().tolist()


def test_comma_decimals_take_a_column_of_decimal_commas_only():
    """The fast path is taken where it can be (so that the comparisons above compare it), and left where a cell
    alone cannot tell the separators or is written otherwise."""
    values, found = comma_decimals(pa.chunked_array([["11,07", "-3", None, "1234,5", "11,07"]]))
    assert values[[0, 1, 3, 4]].tolist() == [11.07, -3.0, 1234.5, 11.07] and np.isnan(values[2])
    assert found["example"] == ("11,07", 11.07) and found["decimal_comma"]
    assert comma_decimals(pa.chunked_array([["1,234", "12,500"]])) is None  # thousands or decimals: open
    assert comma_decimals(pa.chunked_array([["11,07", "1.234,50"]])) is None
    assert comma_decimals(pa.chunked_array([["11,07", " 3"]])) is None


@given(st.lists(ORDER_IDS, min_size=1, max_size=40))
def test_order_codes_group_as_the_texts(ids):
    column = pa.chunked_array([[text or None for text in ids]], pa.string())
    codes, careful = order_codes(column), careful_order_codes(column)
    assert ((codes < 0) == (careful < 0)).all()
    pairs = set(zip(codes.tolist(), careful.tolist(), strict=True))
    assert len({code for code, _ in pairs}) == len(pairs) == len({code for _, code in pairs})


def test_order_codes_of_one_width():
    """Repeated numbers first (0, 1, ...), then each other number its row's position after them."""
    column = pa.chunked_array([["SO-0000002", "SO-0000001", None], ["SO-0000002", "SO-0000003"]])
    assert order_codes(column).tolist() == [0, 2, -1, 0, 5]
