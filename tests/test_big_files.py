"""Big order logs read by embedded DuckDB (retention/io/big_files.py): the same figures as the pandas reader, and
the checks that matter (mapping, dates, amounts, blank and refund rows)."""

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from retention import InputError
from retention.io.big_files import BIG_FILE_BYTES, is_big_file, load_big, preview_big
from retention.io.readers import load_transactions
from retention.orders.cohorts import cohort_matrix
from retention.orders.period_table import period_table
from retention.words import in_language, language_words
from ui.orders import SAMPLE_ORDERS

SAMPLE_MAPPING = {"Order ID": "order_id", "Customer ID": "customer_id", "Order date": "date", "Amount": "amount",
                  "Quantity": "quantity", "Returned quantity": "returned_quantity"}


def write(tmp_path, text: str, name: str = "orders.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_which_files_are_big():
    assert is_big_file("orders.parquet", 10)
    assert is_big_file("ORDERS.PARQUET", 10)
    assert not is_big_file("orders.csv", BIG_FILE_BYTES)
    assert is_big_file("orders.csv", BIG_FILE_BYTES + 1)


def test_the_sample_gives_the_pandas_readers_figures():
    preview = preview_big(SAMPLE_ORDERS)
    assert preview.mapping == SAMPLE_MAPPING
    assert len(preview.first_rows) == 20
    big = load_big(SAMPLE_ORDERS, preview.mapping)
    frame = load_transactions(SAMPLE_ORDERS).frame
    assert big.orders == frame["order_id"].nunique() == 22_000
    assert big.customers == frame["customer_id"].nunique() == 4_000
    assert (big.first_day, big.last_day) == (frame["date"].min(), frame["date"].max())
    assert "order_id" not in big.table.columns  # every row its own order: counting rows gives the same
    pd.testing.assert_frame_equal(period_table(big.table), period_table(frame))
    pd.testing.assert_frame_equal(period_table(big.table, "W", 2), period_table(frame, "W", 2))
    pd.testing.assert_frame_equal(cohort_matrix(big.table, "Q"), cohort_matrix(frame, "Q"))


def test_refund_lines_are_left_out_and_counted():
    big = load_big(SAMPLE_ORDERS, SAMPLE_MAPPING)
    refunds = (pd.read_csv(SAMPLE_ORDERS)["Amount"] < 0).sum()
    assert refunds > 0
    assert big.rows_read == 22_000 + refunds
    assert big.dropped == ((f"Rows left out because the amount is negative (refunds; the revenue figures are sales "
                            f"before refunds): {refunds:,}."),)


def test_parquet_and_csv_agree(tmp_path):
    path = tmp_path / "orders.parquet"
    pq.write_table(pa.Table.from_pandas(pd.read_csv(SAMPLE_ORDERS, parse_dates=["Order date"])), path)
    from_parquet = load_big(path, SAMPLE_MAPPING)
    pd.testing.assert_frame_equal(period_table(from_parquet.table), period_table(load_big(SAMPLE_ORDERS,
                                                                                          SAMPLE_MAPPING).table))


def test_blank_rows_are_counted_and_line_items_counted_once(tmp_path):
    path = write(tmp_path, "order,customer,day,total\n"
                           "1,ann,2024-01-03,10\n1,ann,2024-01-03,5\n2,ann,2024-02-01,7\n"
                           ",,,\n3,,2024-02-02,4\n4,bob,,4\n5,bob,2024-02-05,\n6,bob,2024-02-06,8\n")
    big = load_big(path, {"order": "order_id", "customer": "customer_id", "day": "date", "total": "amount"})
    assert big.rows_read == 8
    assert big.dropped == ("Rows left out because the customer, the date or the amount is blank: 4.",)
    with in_language("nb"):  # read once, said in the language of now
        assert big.dropped == (language_words("big_files", "nb")["blank_rows"].format(count="4"),)
    assert (big.orders, big.customers) == (3, 2)
    assert "order_id" in big.table.columns  # order 1 has two lines
    table = period_table(big.table)
    assert table["orders"].tolist() == [1, 2]
    assert table["revenue"].tolist() == [15.0, 15.0]


def test_dates_that_are_not_dates_stop_the_reading(tmp_path):
    path = write(tmp_path, "customer,date,amount\nann,2024-01-03,10\nbob,31/01/2024,5\ncy,soon,3\n")
    with pytest.raises(InputError) as raised:
        load_big(path, {"customer": "customer_id", "date": "date", "amount": "amount"})
    assert raised.value.messages == {"date": "Column date has values that are not dates (rows: 2), such as "
                                             "31/01/2024. Big files need dates written as 2024-03-31."}


def test_amounts_with_currency_signs_stop_the_reading(tmp_path):
    path = write(tmp_path, "customer,date,amount\nann,2024-01-03,10\nbob,2024-01-04,€ 12\n")
    with pytest.raises(InputError) as raised:
        load_big(path, {"customer": "customer_id", "date": "date", "amount": "amount"})
    assert raised.value.messages["amount"].startswith("Column amount has values that are not plain numbers "
                                                      "(rows: 1), such as € 12.")


def test_a_missing_column_is_named(tmp_path):
    path = write(tmp_path, "customer,date,amount\nann,2024-01-03,10\n")
    with pytest.raises(InputError) as raised:
        load_big(path, {"date": "date", "amount": "amount"})
    assert raised.value.messages == {"customer_id": "Choose the column that holds customer_id."}


def test_only_refunds_leave_nothing(tmp_path):
    path = write(tmp_path, "customer,date,amount\nann,2024-01-03,-10\n")
    with pytest.raises(InputError) as raised:
        load_big(path, {"customer": "customer_id", "date": "date", "amount": "amount"})
    assert raised.value.messages == {"transactions": "No orders are left once blank rows and refunds are left out."}


def test_a_file_duckdb_cannot_read_gets_a_message_without_its_path(tmp_path):
    path = tmp_path / "orders.parquet"
    path.write_bytes(b"not a parquet file")
    with pytest.raises(InputError) as raised:
        preview_big(path)
    [message] = raised.value.messages.values()
    assert message.startswith("This file could not be read as a table: ")
    assert str(tmp_path) not in message


def test_ids_padded_with_spaces_tabs_or_newlines_are_one_id(tmp_path):
    path = write(tmp_path, 'order,customer,date,amount\n'
                           '"1 ","ann",2024-01-03,10\n" 1","\tann",2024-01-03,5\n'
                           '"2","ann\n",2024-02-01,7\n"3"," bob ",2024-02-05,8\n"4","b ob",2024-02-06,1\n')
    big = load_big(path, {"order": "order_id", "customer": "customer_id", "date": "date", "amount": "amount"})
    assert (big.orders, big.customers) == (4, 3)  # order 1 twice, ann three times; "b ob" is not "bob"
    assert period_table(big.table)["orders"].tolist() == [1, 3]


@pytest.mark.parametrize(("column", "rows"), [
    ("customer_id", "1,ann,2024-01-03,10\n2,bob,2024-01-04,5\n"),  # ann and bob share a hash
    ("order_id", "A1,al,2024-01-03,10\nB1,bob,2024-01-04,5\nB1,bob,2024-01-04,1\n"),  # A1 and B1 do
])
def test_two_ids_with_one_hash_stop_the_reading(tmp_path, monkeypatch, column, rows):
    import retention.io.big_files as big_files

    keys = big_files._keys

    def shared(value):  # ids of one length share their first hash; the check hash stays the real one
        return value.length().cast("int64"), keys(value)[1]

    monkeypatch.setattr(big_files, "_keys", shared)
    path = write(tmp_path, "order,customer,date,amount\n" + rows)
    with pytest.raises(InputError) as raised:
        big_files.load_big(path, {"order": "order_id", "customer": "customer_id", "date": "date",
                                  "amount": "amount"})
    assert raised.value.messages == {column: language_words("big_files", "en")["clash"]}
