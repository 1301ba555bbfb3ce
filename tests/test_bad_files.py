"""Every bad file of issue 3 point 4 gets its own friendly message (or a note), never a traceback."""

import codecs
import csv
import io

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from retention.errors import InputError
from retention.io import _file_cells as file_cells
from retention.io.readers import load_period_table, load_transactions, preview_file
from tests.files import HEADER, ORDERS, csv_bytes, xlsx_bomb, xlsx_bytes, zip_bytes


def message(data, field: str = "file", **options) -> str:
    with pytest.raises(InputError) as caught:
        load_transactions(data, **options)
    return caught.value.messages[field]


def notes(loaded, kind: str) -> dict[str, str]:
    return {note.key: note.message for note in getattr(loaded, kind)}


@pytest.mark.parametrize("data", [b"", b"\n\n  \r\n\t", b"\xef\xbb\xbf", "\ufeff\n".encode("utf-16")])
def test_an_empty_file(data):
    assert message(data) == "The file is empty. Export your data again and upload the new file."


@pytest.mark.parametrize("data", [csv_bytes(rows=()), csv_bytes(rows=()) + b"\n\n", xlsx_bytes([HEADER])])
def test_a_header_without_rows(data):
    assert message(data) == (
        "The file has column names (“customer_id”, “date”, “amount”) but no rows of data below them."
    )


@pytest.mark.parametrize(
    ("data", "start"),
    [
        (bytes(range(256)) * 4, "This file is neither a table of text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "This file is neither a table of text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\x00\x01\x02>>\nstream\n\x00\x9d\x81" * 20, "This file is neither"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "This is an old Excel file (.xls)"),
        (zip_bytes({"orders.csv": csv_bytes()}), "This is a zip archive, not an Excel workbook"),
        (b"PK\x03\x04" + bytes(100), "This Excel workbook could not be opened"),
        (zip_bytes({"xl/workbook.xml": b"<not a workbook"}), "This Excel workbook could not be opened"),
    ],
)
def test_a_file_that_is_neither_text_nor_a_spreadsheet(data, start):
    assert message(data).startswith(start)


def test_an_xlsx_decompression_bomb_is_refused_before_it_is_opened(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a bomb")

    monkeypatch.setattr(file_cells.openpyxl, "load_workbook", never)
    text = message(xlsx_bomb(40_000_000))
    assert text.startswith("This workbook would unpack to 38 MB (")
    assert "times its file size), more than can safely be opened" in text


def test_an_xlsx_that_unpacks_to_more_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(file_cells, "MAX_XLSX_UNPACKED_BYTES", 1000)
    assert message(xlsx_bytes([HEADER, *ORDERS])).startswith("This workbook would unpack to")


def test_a_real_workbook_passes_the_bomb_check():
    assert len(load_transactions(xlsx_bytes([HEADER, *ORDERS])).frame) == 3


class Upload(io.BytesIO):
    """Like Streamlit's UploadedFile: a binary file that knows its size."""

    size = 10**12


class Stream(io.BytesIO):
    """A binary stream that cannot seek."""

    def seekable(self):
        return False


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    expected = "The file is 46 bytes; the limit is 20 bytes. Upload a shorter time span, or only the columns you need"
    assert message(csv_bytes(rows=ORDERS[:1]), max_bytes=20).startswith(expected)
    monkeypatch.setattr(file_cells, "MAX_FILE_BYTES", 20)
    assert message(csv_bytes(rows=ORDERS[:1])).startswith(expected)
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes(rows=ORDERS[:1]))
    assert message(path).startswith(expected)
    assert message(Upload(b"")).startswith("The file is 953,674 MB; the limit is 20 bytes")
    assert message(io.BytesIO(csv_bytes())).startswith("The file is 89 bytes; the limit is 20 bytes")
    assert message(Stream(csv_bytes())).startswith("The file is larger than the limit of 20 bytes.")


def test_no_recognisable_customer_or_date_column():
    with pytest.raises(InputError) as caught:
        load_transactions(csv_bytes([("10.50",), ("20.00",)], header=("amount",)))
    assert caught.value.messages == {
        "customer_id": "We could not find the customer column among the columns of the file (“amount”). "
        "Choose it in the list.",
        "date": "We could not find the date column among the columns of the file (“amount”). Choose it in the list.",
    }


def test_unparseable_dates_name_the_rows_the_column_and_the_value():
    rows = [("a", "2024-01-05", "1"), ("b", "next friday", "2"), ("c", "2024-13-45", "3"), ("d", "12.50", "4")]
    assert message(csv_bytes(rows), "date") == (
        "Rows 3, 4 and 5, column “date”: “next friday” is not a date we can read. "
        "Write dates like 2024-03-31 or 31/03/2024."
    )


def test_dates_mixing_day_first_and_month_first():
    rows = [("a", "31/01/2024", "1"), ("b", "01/31/2024", "2")]
    assert message(csv_bytes(rows), "date") == (
        "Column “date” mixes dates with the day first (“31/01/2024”, row 2) and with the month first "
        "(“01/31/2024”, row 3). Use one order for all dates."
    )


def test_non_numeric_amounts():
    rows = [("a", "2024-01-05", "1"), ("b", "2024-01-06", "twelve"), ("c", "2024-01-07", "12abc")]
    assert message(csv_bytes(rows), "amount") == (
        "Rows 3 and 4, column “amount”: “twelve” is not a number we can read. Write numbers like 1234.50 or 1.234,50."
    )


def test_missing_dates_and_amounts():
    assert message(csv_bytes([("a", "", "1"), ("b", "2024-01-06", "2")]), "date") == (
        "Row 2 has no date in column “date”. Fill it in, or delete that row."
    )
    assert message(csv_bytes([("a", "2024-01-05", ""), ("b", "2024-01-06", "")]), "amount") == (
        "Rows 2 and 3 have no amount in column “amount”. Fill them in, or delete those rows."
    )


def test_negative_amounts_are_refunds_left_out_and_totalled():
    loaded = load_transactions(csv_bytes([*ORDERS, ("Ann", "2024-01-25", "-20.00")]))
    assert len(loaded.frame) == 3
    assert notes(loaded, "dropped")["refund"] == (
        "1 refund line (a negative amount, -20.00; row 5) was left out: the revenue figures are sales before refunds."
    )


def test_only_negative_amounts_leave_nothing_to_use():
    rows = [("a", "2024-01-05", "-1"), ("b", "2024-01-06", "-2")]
    assert message(csv_bytes(rows)) == "No usable rows are left: 2 refund lines. Check the file."


def test_missing_customer_ids_are_left_out_and_counted():
    loaded = load_transactions(csv_bytes([*ORDERS, ("", "2024-01-25", "5"), ("  ", "2024-01-26", "6")]))
    assert len(loaded.frame) == 3
    assert notes(loaded, "dropped")["no_customer"].startswith("2 rows have no customer (rows 5 and 6)")


def test_no_customer_ids_at_all():
    assert message(csv_bytes([("", "2024-01-05", "1"), ("", "2024-01-06", "2")]), "customer_id") == (
        "Rows 2 and 3 have no customer in column “customer_id”. Fill them in, or delete those rows."
    )


def test_dates_in_the_future_are_left_out_and_counted():
    rows = [*ORDERS, ("a", "2999-03-01", "5"), ("b", "3000-01-01", "6")]
    loaded = load_transactions(csv_bytes(rows))
    assert len(loaded.frame) == 3
    assert notes(loaded, "dropped")["future"] == (
        "2 rows are dated after today (rows 5 and 6; the earliest 2999-03-01) and were left out. "
        "Check the year of these dates."
    )


def test_only_future_dates_leave_nothing_to_use():
    assert message(csv_bytes([("a", "2999-01-05", "1")])) == (
        "No usable rows are left: 1 dated in the future. Check the file."
    )


def test_a_single_customer_is_valid_with_a_warning():
    loaded = load_transactions(csv_bytes([("Ann", "2024-01-05", "1"), ("Ann", "2024-03-05", "2")]))
    assert notes(loaded, "warnings") == {
        "single_customer": "All rows belong to one customer (“Ann”): the figures describe that customer only, and "
        "rates such as retention need many customers to mean much."
    }


def test_a_single_day_is_valid_with_a_warning():
    loaded = load_transactions(csv_bytes([("Ann", "2024-01-05", "1"), ("Bob", "2024-01-05 18:00", "2")]))
    assert notes(loaded, "warnings") == {
        "single_day": "All rows are from one day (2024-01-05): retention needs purchases in at least two periods, "
        "so most rates cannot be computed yet."
    }


def test_a_line_of_several_megabytes():
    data = csv_bytes(rows=ORDERS[:2]) + b"c,2024-01-05," + b"9" * 3_000_000 + b"\n"
    assert message(data) == (
        "Line 4 of the file is 3 MB long. Lines of an export are short (a few hundred characters), so this is "
        "probably not a table, or a value has a broken quote. Check the file and upload it again."
    )
    assert message(b"x" * 2_000_000).startswith("Line 1 of the file is 2 MB long.")


def test_a_quote_that_is_never_closed():
    data = csv_bytes(rows=ORDERS[:1]) + b'b,2024-01-06,"2\n' + b"more text\n" * 150_000
    assert message(data) == (
        "A quote (\") opened near line 3 is never closed, so the rest of the file would be read as one value. "
        "Check that line and upload the file again."
    )


def test_a_row_with_more_values_than_column_names():
    data = csv_bytes([("a", "2024-01-05", "1"), ("b", "2024-01-06", "1,234.50"), ("c", "2024-01-07", "2,5")])
    assert message(data) == (
        "Rows 3 and 4: 4 values where there are 3 column names. A value probably contains the separator (“,”): "
        "put such values in quotes, or export the file again."
    )


def test_duplicate_column_names_are_renamed_and_reported():
    header = ("customer_id", "date", "amount", "date")
    rows = [(*order, "2020-01-01") for order in ORDERS]
    loaded = load_transactions(csv_bytes(rows, header=header))
    assert loaded.columns == ("customer_id", "date", "amount", "date (2)")
    assert loaded.frame["date"].dt.year.tolist() == [2024, 2024, 2024]
    assert notes(loaded, "warnings")["duplicate_names"] == (
        "Several columns are called “date” (columns 2, 4); they are shown as “date”, “date (2)”. "
        "Check that the right one is chosen."
    )
    chosen = {"customer_id": "customer_id", "date (2)": "date", "amount": "amount"}
    assert load_transactions(csv_bytes(rows, header=header), chosen).frame["date"].dt.year.tolist() == [2020] * 3


def test_column_names_with_markup_stay_plain_text_and_are_quoted_safely():
    header = ("<script>alert(1)</script>", "![x](http://example.com/t.png)", "amount", "date\x07\x1b[31m")
    rows = [(customer, amount, amount, day) for customer, day, amount in ORDERS]
    preview = preview_file(csv_bytes(rows, header=header))
    assert preview.columns == header
    assert [note.key for note in preview.warnings] == ["markup", "markup"]
    assert preview.warnings[0].message == (
        "The column name “<script>alert(1)</script>” looks like web code. It is shown as plain text and never run."
    )
    dates_and_amounts = [(amount, day) for _, day, amount in ORDERS]
    text = message(csv_bytes(dates_and_amounts, header=(header[0], header[3])), "customer_id")
    assert "“date [31m”" in text and "\x1b" not in text and "\x07" not in text
    loaded = load_transactions(
        csv_bytes(rows, header=header), {header[0]: "customer_id", header[3]: "date", "amount": "amount"}
    )
    assert loaded.frame["customer_id"].tolist() == ["Zoé", "Ann", "Zoé"]


def test_long_values_in_messages_are_cut():
    rows = [("a", "2024-01-05", "x" * 500)]
    assert "“xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…”" in message(csv_bytes(rows), "amount")


def test_impossible_quantities():
    header = (*HEADER, "quantity", "returned_quantity")
    rows = [("a", "2024-01-05", "10", "2", "3")]
    assert message(csv_bytes(rows, header=header), "returned_quantity") == (
        "Row 2: more units returned (3) than bought (2). Check the quantity and the returned quantity."
    )
    rows = [("a", "2024-01-05", "10", "-2", "0")]
    assert message(csv_bytes(rows, header=header), "quantity") == (
        "Row 2, column “quantity”: “-2” is negative; the quantity cannot be below zero."
    )


def test_a_period_table_with_bad_files_gets_the_same_messages():
    with pytest.raises(InputError) as caught:
        load_period_table(b"")
    assert caught.value.messages["file"].startswith("The file is empty.")
    with pytest.raises(InputError) as caught:
        load_period_table(csv_bytes(rows=(), header=("period", "customers_start")))
    assert "but no rows of data below them" in caught.value.messages["file"]


def test_lines_may_end_with_a_lone_carriage_return_among_other_line_ends():
    data = "customer_id,date,amount\r\nZoé,2024-01-05,10.50\rAnn,2024-01-20,20.00\n\rZoé,2024-02-03,15.25\r".encode()
    loaded = load_transactions(data)
    assert loaded.frame["amount"].tolist() == [10.5, 20.0, 15.25]
    assert notes(loaded, "dropped") == {"blank": "1 blank row was left out."}
    assert message(b"customer_id,date,amount\r\na,2024-01-05,1\rb,2024-01-06,x\r\n", "amount").startswith("Row 3,")


def test_a_utf8_byte_order_mark_before_windows_1252_text():
    loaded = load_transactions(codecs.BOM_UTF8 + csv_bytes(encoding="cp1252"))
    assert loaded.frame["customer_id"].tolist() == ["Zoé", "Ann", "Zoé"]
    assert loaded.detected["encoding"] == "cp1252"


def test_a_column_name_longer_than_the_csv_modules_own_limit():
    previous = csv.field_size_limit(131_072)  # its default, as in a fresh process: the header is read first
    try:
        loaded = load_transactions(csv_bytes([(*order, "x") for order in ORDERS], header=(*HEADER, "n" * 200_000)))
    finally:
        csv.field_size_limit(previous)
    assert len(loaded.frame) == 3 and len(loaded.columns[3]) == 200_000


def test_time_zones_and_nanoseconds_are_left_out_of_the_times():
    rows = [("a", "2024-01-05T10:00:00.123456789Z", "1"), ("b", "2024-01-06 20:24+01", "2"),
            ("c", "2024-01-07 10:00+02", "3")]
    assert load_transactions(csv_bytes(rows)).frame["date"].tolist() == [
        pd.Timestamp("2024-01-05 10:00:00.123456"), pd.Timestamp("2024-01-06 20:24"), pd.Timestamp("2024-01-07 10:00")
    ]
    assert load_transactions(csv_bytes(rows[1:2])).frame["date"].tolist() == [pd.Timestamp("2024-01-06 20:24")]


def test_rows_left_out_do_not_decide_the_date_order():
    rows = [("a", "05/01/2024", "1"), ("", "31/01/2024", "2"), ("", "01/31/2024", "3")]
    assert load_transactions(csv_bytes(rows)).frame["date"].tolist() == [pd.Timestamp("2024-01-05")]
    assert message(csv_bytes([("a", "13/13/2024", "1")]), "date").startswith("Row 2, column “date”: “13/13/2024”")


# --- anything at all: a table or an InputError, never another exception -------------------------------------------


def loads_or_explains(data: bytes) -> None:
    for load in (load_transactions, load_period_table):
        try:
            load(data)
            continue
        except InputError as error:
            messages = error.messages
        assert messages and all(isinstance(text, str) and text.strip() for text in messages.values())


@given(st.binary(max_size=400))
@example(b"\n\r\x01")  # a lone \r in the header line reached csv.reader
@example(b"\xef\xbb\xbf\xdauantit\xc3\xa9y")  # a UTF-8 byte order mark before text that is not UTF-8
@example(b"customer_id,date,amount," + b"n" * 200_000 + b"\na,2024-01-05,1,x\n")  # over csv's limit in a new process
def test_any_bytes_give_a_table_or_an_input_error(data):
    loads_or_explains(data)


PIECES = [
    ",", ";", "\t", "|", '"', "'", "\r", "\n", "\r\n", " ", "\x00", "\ufeff", "€", "$", "£", "%", "(", ")", "-", ".",
    "/", ":", "é", "0", "1", "12", "2024", "1.234,50", "(12,5)", "1e400", "nan", "2024-01-05", "31/01/2024",
    "01/31/2024", "13/13/2024", "2024-01-05 10:00 UTC", "10:00+01", "1970-01-01T00:00:00.123456789Z", "20240105",
    "customer_id", "date", "amount", "quantity", "returned_quantity", "period", "customers_start", "gross_margin",
]
HEADERS = ["", "customer_id,date,amount\n", "customer_id;date;amount;quantity;returned_quantity\r\n",
           "period\tcustomers_start\tgross_margin\tnew_customers\r"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "cp1253", "cp1257", "cp932", "euc_jp"]


@given(st.sampled_from(HEADERS), st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=60),
       st.sampled_from(ENCODINGS))
@example(HEADERS[1], ["a,", "1970-01-01T00:00:00.123456789Z", ",1"], "utf-8")  # nanoseconds
@example(HEADERS[1], ["a,2024-01-05 20:24+01,1"], "utf-8")  # a time zone that pandas kept
@example(HEADERS[1], ["a,2024-01-05 20:24+01,1\nb,2024-01-06 10:00+02,2"], "utf-8")  # two such time zones
@example(HEADERS[1], ["a,05/01/2024,1\n,31/01/2024,2\n,01/31/2024,3"], "utf-8")  # dates only in rows left out
def test_any_text_gives_a_table_or_an_input_error(header, pieces, encoding):
    loads_or_explains((header + "".join(pieces)).encode(encoding, "replace"))


def test_a_header_shorter_than_its_rows_is_refused_not_taken_for_a_title():
    data = "顧客,注文日,金額\r\n山田太郎,2025年1月15日,8,620円\r\n鈴木花子,2025年1月20日,12,000円\r\n".encode("cp932")
    assert message(data).startswith("Rows 2 and 3: 4 values where there are 3 column names.")
