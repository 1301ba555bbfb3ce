"""The readers: every format feature reads the same small order log back, and reports what it assumed."""

import datetime
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retention.errors import InputError
from retention.io.readers import (
    LoadedTable,
    guess_mapping,
    load_period_table,
    load_transactions,
    preview_file,
)
from retention.io.sample_orders import sample_orders
from tests.files import ORDERS, csv_bytes, xlsx_bytes

DATA = Path(__file__).resolve().parent.parent / "retention" / "data"
EXPECTED = pd.DataFrame({
    "customer_id": ["Zoé", "Ann", "Zoé"],
    "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03"]),
    "amount": [10.5, 20.0, 15.25],
})


def assert_orders(loaded: LoadedTable, expected: pd.DataFrame = EXPECTED) -> None:
    frame = loaded.frame
    assert frame["customer_id"].astype(str).tolist() == expected["customer_id"].tolist()
    assert frame["date"].tolist() == expected["date"].tolist()
    assert frame["amount"].tolist() == expected["amount"].tolist()


def keys(notes) -> list[str]:
    return [note.key for note in notes]


def note(notes, key: str) -> str:
    return next(note.message for note in notes if note.key == key)


# --- encodings and separators -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (csv_bytes(), "utf-8"),
        (b"\xef\xbb\xbf" + csv_bytes(), "utf-8-sig"),
        (csv_bytes(encoding="utf-16"), "utf-16"),
        (csv_bytes(encoding="utf-16-le"), "utf-16"),
        (csv_bytes(encoding="utf-16-be"), "utf-16"),
        (csv_bytes(encoding="cp1252"), "cp1252"),
        (csv_bytes(newline="\r\n"), "utf-8"),
        (csv_bytes(newline="\r"), "utf-8"),
    ],
)
def test_every_encoding_and_line_ending_reads_the_same_orders(encoded, encoding):
    loaded = load_transactions(encoded)
    assert_orders(loaded)
    assert loaded.detected["encoding"] == encoding
    assert loaded.assumptions[0].key == "encoding"


def test_windows_1252_is_named_with_a_check_of_accents():
    loaded = load_transactions(csv_bytes(encoding="cp1252"))
    assert "Windows-1252" in note(loaded.assumptions, "encoding")
    assert "accented letters" in note(loaded.assumptions, "encoding")


@pytest.mark.parametrize(("delimiter", "word"), [(",", "commas"), (";", "semicolons"), ("\t", "tabs"), ("|", "bars")])
def test_every_separator_is_detected(delimiter, word):
    loaded = load_transactions(csv_bytes(delimiter=delimiter))
    assert_orders(loaded)
    assert loaded.detected["delimiter"] == delimiter
    assert word in note(loaded.assumptions, "delimiter")


def test_quoted_cells_may_hold_the_separator_and_line_breaks():
    data = b'customer_id,date,amount,note\n"Doe, Jane",2024-01-05,"1,234.50","two\nlines"\nAnn,2024-01-06,2,x\n'
    loaded = load_transactions(data)
    assert loaded.frame["customer_id"].tolist() == ["Doe, Jane", "Ann"]
    assert loaded.frame["amount"].tolist() == [1234.5, 2.0]
    assert loaded.dropped == ()


# --- numbers ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "delimiter", "values", "found"),
    [
        (["10,50", "20", "15,25"], ";", [10.5, 20.0, 15.25], ["decimal_comma"]),
        (["1,234.50", "20", "15.25"], ";", [1234.5, 20.0, 15.25], ["thousands"]),
        (["1.234,50", "20", "15,25"], ";", [1234.5, 20.0, 15.25], ["decimal_comma", "thousands"]),
        (["1 234,50", "2\u00a0000", "15,25"], ";", [1234.5, 2000.0, 15.25], ["decimal_comma"]),
        (["1'234.50", "1’000", "0.5"], ";", [1234.5, 1000.0, 0.5], []),
        (['"1,234"', "20", '"12,000"'], ",", [1234.0, 20.0, 12000.0], ["separator_guessed"]),
        (["1.010", "2.500", "20"], ";", [1010.0, 2500.0, 20.0], ["separator_guessed"]),
        (["1,234", "2,5", "20"], ";", [1.234, 2.5, 20.0], ["decimal_comma"]),
        (["12,34,567.00", "1", "2"], ";", [1234567.0, 1.0, 2.0], ["thousands"]),
        (["€10.50", "20.00 EUR", "€15.25"], ";", [10.5, 20.0, 15.25], ["currency", "currency_found"]),
        (["10,50 kr", "kr 20", "15,25 kr."], ";", [10.5, 20.0, 15.25], ["currency", "decimal_comma"]),
        (["3,790円", "1,200円", "980円"], ";", [3790.0, 1200.0, 980.0], ["currency", "thousands", "currency_found"]),
        (["¥3.790", "¥1.200", "¥980"], ";", [3790.0, 1200.0, 980.0], ["currency", "thousands", "currency_found"]),
        (["$3,790", "$1,200", "$980"], ";", [3.79, 1.2, 980.0], ["currency", "separator_guessed", "currency_assumed"]),
        (["+10.5", "20", ".5"], ";", [10.5, 20.0, 0.5], []),
        ([" 10.5 ", "20", "15.25"], ",", [10.5, 20.0, 15.25], []),
    ],
)
def test_amounts_with_separators_and_currency_signs(cells, delimiter, values, found):
    rows = [(customer, day, cell) for (customer, day, _), cell in zip(ORDERS, cells, strict=True)]
    loaded = load_transactions(csv_bytes(rows, delimiter=delimiter))
    assert loaded.frame["amount"].tolist() == values
    assert [key for key in keys(loaded.assumptions) if key not in ("encoding", "delimiter")] == found


def test_currency_note_lists_the_signs_removed():
    rows = [("a", "2024-01-05", "€10.50"), ("b", "2024-01-06", "20.00 EUR"), ("c", "2024-01-07", "1 €")]
    loaded = load_transactions(csv_bytes(rows, delimiter=";"))
    assert note(loaded.assumptions, "currency") == "Currency signs in column “amount” were removed: EUR, €."


def test_negative_numbers_in_brackets_or_with_a_trailing_minus_are_refunds():
    rows = [("a", "2024-01-05", "(12.50)"), ("b", "2024-01-06", "7.50-"), ("c", "2024-01-07", "−3"), *ORDERS]
    loaded = load_transactions(csv_bytes(rows, delimiter=";"))
    assert_orders(loaded)
    assert loaded.dropped[0].rows == 3
    assert "-23.00 in all" in loaded.dropped[0].message
    assert "bracketed" in keys(loaded.assumptions)


# --- dates --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "key"),
    [
        (["05/01/2024", "20/01/2024", "03/02/2024"], "day_first"),
        (["05.01.2024", "20.01.2024", "03.02.2024"], "day_first"),
        (["05-01-24", "20-01-24", "03-02-24"], "day_first"),
        (["01/05/2024", "01/20/2024", "02/03/2024"], "month_first"),
        (["2024-01-05", "2024-01-20", "2024-02-03"], None),
        (["2024/01/05", "2024/01/20", "2024/02/03"], None),
        (["20240105", "20240120", "20240203"], None),
        (["5 Jan 2024", "20 January 2024", "3 Feb 2024"], None),
        (["Jan 5, 2024", "Jan 20, 2024", "Feb 3, 2024"], None),
        (["2024-01-05 23:59:59", "2024-01-20T08:00", "2024-02-03 00:00"], None),
    ],
)
def test_date_formats_are_read_and_the_day_order_reported(cells, key):
    rows = [(customer, cell, amount) for (customer, _, amount), cell in zip(ORDERS, cells, strict=True)]
    loaded = load_transactions(csv_bytes(rows, delimiter=";"))
    assert loaded.frame["date"].dt.normalize().tolist() == EXPECTED["date"].tolist()
    order_keys = [k for k in keys(loaded.assumptions) if "first" in k]
    assert order_keys == ([key] if key else [])


def test_a_number_readable_two_ways_is_reported_with_the_value_used():
    rows = [("a", "2024-01-05", '"1,234"'), ("b", "2024-01-06", "20")]
    message = note(load_transactions(csv_bytes(rows)).assumptions, "separator_guessed")
    assert message.startswith(
        "Numbers in column “amount” such as “1,234” could be read two ways; we read “1,234” as 1,234."
    )


def test_ambiguous_dates_are_read_day_first_and_say_so():
    rows = [("a", "03/04/2024", "1"), ("b", "04/03/2024", "2")]
    loaded = load_transactions(csv_bytes(rows))
    assert loaded.frame["date"].tolist() == [pd.Timestamp("2024-04-03"), pd.Timestamp("2024-03-04")]
    message = note(loaded.assumptions, "day_first_guessed")
    assert "“03/04/2024”" in message and "month first" in message


def test_the_day_order_can_be_chosen():
    rows = [("a", "03/04/2024", "1"), ("b", "04/03/2024", "2")]
    loaded = load_transactions(csv_bytes(rows), dayfirst=False)
    assert loaded.frame["date"].tolist() == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-04-03")]
    assert "month_first_chosen" in keys(loaded.assumptions)


def test_year_first_dates_are_never_swapped_by_the_day_order():
    rows = [("a", "2024-01-05", "1"), ("b", "2024-02-03", "2")]
    assert load_transactions(csv_bytes(rows), dayfirst=True).frame["date"].dt.month.tolist() == [1, 2]


def test_time_zones_are_ignored_and_reported():
    rows = [("a", "2024-01-05T23:30:00+02:00", "1"), ("b", "2024-01-06T01:00:00Z", "2")]
    loaded = load_transactions(csv_bytes(rows))
    assert loaded.frame["date"].tolist() == [pd.Timestamp("2024-01-05 23:30"), pd.Timestamp("2024-01-06 01:00")]
    assert "time_zones" in keys(loaded.assumptions)


# --- column mapping -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Customer ID", "Order Date", "Total"], ["customer_id", "date", "amount"]),
        (["customer", "purchase_date", "revenue"], ["customer_id", "date", "amount"]),
        (["Email", "Created at", "Grand total (€)"], ["customer_id", "date", "amount"]),
        (["Client No.", "Invoice date", "Amount in EUR"], ["customer_id", "date", "amount"]),
        (["Kundennummer", "Datum", "Betrag"], ["customer_id", "date", "amount"]),
        (["USER_ID", "TIMESTAMP", "VALUE"], ["customer_id", "date", "amount"]),
    ],
)
def test_common_header_names_are_recognised(header, expected):
    assert list(guess_mapping(header).values()) == expected
    loaded = load_transactions(csv_bytes(header=header))
    assert_orders(loaded)


def test_optional_columns_are_recognised_and_returned():
    header = ["Order Number", "Customer", "Date", "Amount", "Qty", "Returned qty", "Notes"]
    rows = [["SO-1", "a", "2024-01-05", "10", "2", "1", "x"], ["SO-2", "b", "2024-01-06", "5", "1", "", "y"]]
    loaded = load_transactions(csv_bytes(rows, header=header))
    assert loaded.mapping == {
        "Order Number": "order_id", "Customer": "customer_id", "Date": "date", "Amount": "amount",
        "Qty": "quantity", "Returned qty": "returned_quantity",
    }
    assert list(loaded.frame.columns) == [
        "customer_id", "date", "amount", "order_id", "quantity", "returned_quantity"
    ]
    assert loaded.frame["order_id"].tolist() == ["SO-1", "SO-2"]
    assert loaded.frame["quantity"].tolist() == [2.0, 1.0]
    assert loaded.frame["returned_quantity"].fillna(-1).tolist() == [1.0, -1.0]


def test_an_explicit_mapping_replaces_the_guess():
    header = ["Kd", "Tag", "Wert", "amount"]
    rows = [(customer, day, amount, "999") for customer, day, amount in ORDERS]
    loaded = load_transactions(csv_bytes(rows, header=header), {"Kd": "customer_id", "Tag": "date", "Wert": "amount"})
    assert_orders(loaded)
    assert loaded.mapping == {"Kd": "customer_id", "Tag": "date", "Wert": "amount"}
    assert loaded.columns == ("Kd", "Tag", "Wert", "amount")


def test_a_mapping_may_leave_a_column_out_with_an_empty_choice():
    header = ["customer_id", "date", "amount", "order_id"]
    rows = [(*order, "") for order in ORDERS]
    mapping = {"customer_id": "customer_id", "date": "date", "amount": "amount", "order_id": None}
    loaded = load_transactions(csv_bytes(rows, header=header), mapping)
    assert "order_id" not in loaded.frame.columns


@pytest.mark.parametrize(
    ("mapping", "field", "words"),
    [
        ({"customer_id": "customer_id", "amount": "amount"}, "date", "could not find the date column"),
        ({"nope": "customer_id", "date": "date", "amount": "amount"}, "customer_id", "“nope” chosen for the customer"),
        ({"customer_id": "customer_id", "date": "date", "amount": "price"}, "price", "“price” is not a column"),
        ({"customer_id": "customer_id", "date": "amount", "amount": "amount"}, "amount", "Both “date” and “amount”"),
    ],
)
def test_a_wrong_mapping_says_what_to_choose(mapping, field, words):
    with pytest.raises(InputError) as caught:
        load_transactions(csv_bytes(), mapping)
    assert words in caught.value.messages[field]


def test_the_preview_shows_columns_rows_and_the_guess_even_when_loading_would_fail():
    file = csv_bytes([row[1:] for row in ORDERS], header=["Order date", "Total"])
    preview = preview_file(file)
    assert preview.columns == ("Order date", "Total")
    assert preview.mapping == {"Order date": "date", "Total": "amount"}
    assert preview.first_rows.iloc[0].tolist() == ["2024-01-05", "10.50"]
    with pytest.raises(InputError) as caught:
        load_transactions(file)
    assert "could not find the customer column" in caught.value.messages["customer_id"]


# --- columns found from their values -------------------------------------------------------------------------------


def test_columns_whose_names_do_not_tell_are_found_from_their_values_and_said():
    loaded = load_transactions(csv_bytes(header=["who", "Zeitpunkt", "Wert"]))
    assert loaded.mapping == {"who": "customer_id", "Zeitpunkt": "date", "Wert": "amount"}
    assert_orders(loaded)
    notes = {note.message for note in loaded.assumptions if note.key == "content_guess"}
    assert notes == {
        "Column “who” was taken as the customer from its values, such as “Zoé”: its name does not say.",
        "Column “Zeitpunkt” was taken as the date from its values, such as “2024-01-05”: its name does not say.",
        "Column “Wert” was taken as the amount from its values, such as “10.50”: its name does not say.",
    }


def test_an_email_column_is_the_customer_and_money_beats_a_count():
    rows = [("A-1", "3", "ann@shop.no", "2024-01-05", "120,50"), ("A-2", "1", "bob@shop.no", "2024-01-06", "99,00")]
    loaded = load_transactions(csv_bytes(rows, header=["Ref", "Antall", "Hvem", "Tid", "Beløp"], delimiter=";"))
    assert loaded.mapping == {"Antall": "quantity", "Hvem": "customer_id", "Tid": "date", "Beløp": "amount"}
    assert loaded.frame["amount"].tolist() == [120.5, 99.0]
    assert loaded.frame["customer_id"].tolist() == ["ann@shop.no", "bob@shop.no"]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_file_without_a_header_line_keeps_its_first_order(suffix):
    file = xlsx_bytes([list(row) for row in ORDERS]) if suffix == "xlsx" else csv_bytes(ORDERS[1:], header=ORDERS[0])
    loaded = load_transactions(file)
    assert loaded.columns == ("Column 1", "Column 2", "Column 3")
    assert_orders(loaded)
    assert "no_header" in {note.key for note in loaded.assumptions}


def test_the_cdnow_log_without_a_header_reads_its_ids_dates_and_dollars():
    text = "00001 19970101  1  11.77\n00002 19970112  2  29.33\n00001 19970302  1   9.99\n"
    loaded = load_transactions(text.encode())
    assert loaded.mapping == {"Column 1": "customer_id", "Column 2": "date", "Column 4": "amount"}
    assert loaded.frame["amount"].sum() == pytest.approx(51.09)
    assert loaded.frame["customer_id"].nunique() == 2
    assert loaded.frame["date"].dt.strftime("%Y-%m-%d").tolist() == ["1997-01-01", "1997-01-12", "1997-03-02"]


def test_totals_rows_are_left_out_and_said_in_any_language():
    rows = [*ORDERS, ("Summe", "", "45.75"), ("Total for Ann", "", "20.00"), ("合計", "", "45.75")]
    loaded = load_transactions(csv_bytes(rows))
    assert_orders(loaded)
    [note] = [note for note in loaded.dropped if note.key == "totals"]
    assert note.rows == 3
    assert note.message == "3 rows are totals, not orders (rows 5, 6 and 7, for example “Summe”), and were left out."


def test_a_customer_whose_name_starts_with_total_is_kept_when_the_row_has_a_date():
    loaded = load_transactions(csv_bytes([*ORDERS, ("Total Wine", "2024-03-01", "5")]))
    assert "Total Wine" in set(loaded.frame["customer_id"])


# --- sources ------------------------------------------------------------------------------------------------------


def test_paths_file_objects_and_uploads_are_all_sources(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(csv_bytes())
    upload = io.BytesIO(csv_bytes())
    upload.read()
    for source in (path, str(path), upload, io.StringIO(csv_bytes().decode()), bytearray(csv_bytes())):
        assert_orders(load_transactions(source))


def test_an_xlsx_workbook_reads_dates_numbers_and_blank_rows():
    rows = [
        ["Customer", "Date", "Amount"],
        ["Zoé", datetime.datetime(2024, 1, 5, 14, 0), 10.5],
        [],
        [1001, datetime.date(2024, 1, 20), 20],
        ["Zoé", "03/02/2024", "15.25"],
    ]
    loaded = load_transactions(xlsx_bytes(rows, sheets=("Orders", "Notes")))
    assert loaded.frame["customer_id"].tolist() == ["Zoé", "1001", "Zoé"]
    assert loaded.frame["date"].tolist() == [
        pd.Timestamp("2024-01-05 14:00"), pd.Timestamp("2024-01-20"), pd.Timestamp("2024-02-03")
    ]
    assert loaded.frame["amount"].tolist() == [10.5, 20.0, 15.25]
    assert loaded.detected == {"format": "xlsx", "sheet": "Orders", "day_order": "open", "day_first": "yes"}
    assert note(loaded.assumptions, "sheet") == "Read the sheet “Orders” (the first of 2)."
    assert note(loaded.dropped, "blank") == "1 blank row was left out."
    assert loaded.rows_read == 4


# --- what is left out ---------------------------------------------------------------------------------------------


def test_blank_duplicate_guest_refund_and_future_rows_are_counted_with_their_row_numbers():
    data = csv_bytes([
        ("a", "2024-01-05", "10"),      # row 2
        ("b", "2024-01-06", "-4.50"),   # row 3: refund
        ("", "", ""),                   # row 4: blank
        ("a", "2024-01-05", "10"),      # row 5: copy of row 2
        (" ", "2024-01-07", "3"),       # row 6: no customer
        ("c", "2999-01-01", "4"),       # row 7: future
        ("d", "2024-02-01", "-1"),      # row 8: refund
    ]) + b"\n\n"
    loaded = load_transactions(data)
    assert loaded.frame["customer_id"].tolist() == ["a"]
    assert [(n.key, n.rows) for n in loaded.dropped] == [
        ("blank", 3), ("duplicate", 1), ("no_customer", 1), ("refund", 2), ("future", 1)
    ]
    assert note(loaded.dropped, "duplicate") == (
        "1 row was an exact copy of an earlier row and was left out (row 5)."
    )
    assert note(loaded.dropped, "refund").startswith("2 refund lines (negative amounts, -5.50 in all; rows 3 and 8)")
    assert note(loaded.dropped, "future") == (
        "1 row is dated after today (row 7, 2999-01-01) and was left out. Check the year of this date."
    )
    assert loaded.rows_dropped == 8
    assert loaded.rows_read == 9
    assert loaded.first_rows.iloc[1].tolist() == ["b", "2024-01-06", "-4.50"]


def test_rows_differing_in_any_column_are_not_duplicates():
    rows = [("a", "2024-01-05", "10", "SO-1"), ("a", "2024-01-05", "10", "SO-2")]
    loaded = load_transactions(csv_bytes(rows, header=("customer_id", "date", "amount", "order_id")))
    assert len(loaded.frame) == 2 and loaded.dropped == ()


def test_row_numbers_count_blank_lines_and_multi_line_cells():
    data = b'customer_id,date,amount,note\n\na,2024-01-05,1,"x\ny"\n\nb,2024-01-05,-2,z\n'
    loaded = load_transactions(data)
    assert "row 6" in note(loaded.dropped, "refund")
    assert note(loaded.dropped, "blank") == "2 blank rows were left out."


# --- period tables ------------------------------------------------------------------------------------------------


def test_a_period_table_reads_field_names_labels_percentages_and_empty_cells():
    data = csv_bytes(
        [("2024-01", "1.000", "1.010", "80", "40%", ""), ("2024-02", "1.010", "1.025", "95", "38,5%", "35,50 €")],
        header=("Month", "Customers at the start", "customers_end", "New customers", "gross_margin",
                "Acquisition cost"),
        delimiter=";",
    )
    loaded = load_period_table(data)
    assert loaded.mapping == {
        "Month": "period", "Customers at the start": "customers_start", "customers_end": "customers_end",
        "New customers": "new_customers", "gross_margin": "gross_margin", "Acquisition cost": "acquisition_cost",
    }
    frame = loaded.frame
    assert frame.index.tolist() == ["2024-01", "2024-02"]
    assert frame["customers_start"].tolist() == [1000.0, 1010.0]
    assert frame["gross_margin"].tolist() == [0.4, 0.385]
    assert np.isnan(frame.loc["2024-01", "acquisition_cost"]) and frame.loc["2024-02", "acquisition_cost"] == 35.5
    assert {"percent", "decimal_comma", "separator_guessed", "currency"} <= set(keys(loaded.assumptions))


@pytest.mark.parametrize(
    ("rows", "field", "words"),
    [
        ([("2024-01", "-5", "3")], "customers_start", "Row 2, column “customers_start”: “-5” is negative"),
        ([("2024-01", "5.5", "3")], "customers_start", "“5.5” is not a whole number"),
        ([("2024-01", "5", "1.2")], "gross_margin", "“1.2” is above 100%"),
        ([("2024-01", "5", "x")], "gross_margin", "“x” is not a number"),
        (
            [("2024-01", "5", "0.3"), ("2024-01", "6", "0.3")],
            "period",
            "The period “2024-01” appears more than once (rows 2 and 3)",
        ),
        ([("", "5", "0.3")], "period", "Row 2 has no period in column “period”"),
    ],
)
def test_impossible_period_tables_name_the_row_and_column(rows, field, words):
    with pytest.raises(InputError) as caught:
        load_period_table(csv_bytes(rows, header=("period", "customers_start", "gross_margin")))
    assert words in caught.value.messages[field]


def test_a_period_table_needs_a_period_and_at_least_one_figure():
    with pytest.raises(InputError) as caught:
        load_period_table(csv_bytes([("2024-01", "1")], header=("period", "colour")))
    assert "None of the columns" in caught.value.messages["file"]
    with pytest.raises(InputError) as caught:
        load_period_table(csv_bytes([("1", "2")], header=("customers_start", "customers_end")))
    assert "could not find the period column" in caught.value.messages["period"]


# --- the shipped files --------------------------------------------------------------------------------------------


def test_the_shipped_sample_loads_with_the_guessed_mapping_and_refunds_left_out():
    loaded = load_transactions(DATA / "sample_orders.csv")
    orders = sample_orders()
    assert len(loaded.frame) == int((orders["Amount"] > 0).sum()) == 22000
    assert loaded.frame["customer_id"].nunique() == 4000
    assert [n.key for n in loaded.dropped] == ["refund"]
    assert loaded.dropped[0].rows == int((orders["Amount"] < 0).sum())
    assert loaded.frame["amount"].sum() == pytest.approx(orders.loc[orders["Amount"] > 0, "Amount"].sum())


def test_the_shipped_sample_is_what_the_seeded_generator_makes():
    shipped = pd.read_csv(DATA / "sample_orders.csv", dtype=str, keep_default_na=False)
    made = sample_orders()
    assert shipped["Order ID"].tolist() == made["Order ID"].tolist()
    assert shipped["Order date"].tolist() == made["Order date"].dt.strftime("%Y-%m-%d").tolist()
    assert shipped["Amount"].astype(float).tolist() == made["Amount"].tolist()


def test_the_templates_and_the_period_sample_load():
    orders = load_transactions(DATA / "template_orders.csv")
    assert len(orders.frame) == 4 and set(orders.mapping.values()) == {
        "customer_id", "date", "amount", "order_id", "quantity", "returned_quantity"
    }
    periods = load_period_table(DATA / "template_periods.csv")
    assert periods.frame.index.tolist() == ["2024-01", "2024-02"]
    assert periods.frame.loc["2024-02", "new_customers"] == 95
    sample = load_period_table(DATA / "sample_periods.csv")
    assert len(sample.frame) == 36 and sample.frame["customers_start"].iloc[0] == 0


# --- anything at all ----------------------------------------------------------------------------------------------


def load_or_input_error(data: bytes):
    try:
        return load_transactions(data)
    except InputError as error:
        assert error.messages and all(isinstance(text, str) and text for text in error.messages.values())
        return error


@settings(max_examples=150)
@given(st.binary(max_size=600))
def test_random_bytes_give_a_table_or_an_input_error(data):
    load_or_input_error(data)


cell = st.text(alphabet=st.sampled_from(list('ab1209 -.,;:/"€$()%\t\r\n')), max_size=12)


@settings(max_examples=150)
@given(
    st.lists(st.lists(cell, min_size=1, max_size=5), min_size=1, max_size=8),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
def test_random_csv_like_text_gives_a_table_or_an_input_error(rows, delimiter, encoding):
    text = "customer_id,date,amount\n" + "\n".join(delimiter.join(row) for row in rows)
    result = load_or_input_error(text.encode(encoding, "replace"))
    if isinstance(result, LoadedTable):
        assert result.frame["amount"].ge(0).all()
        assert result.frame["date"].notna().all()


# --- the order of day and month -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dates", "dayfirst", "order", "months"),
    [
        (["03/04/2024", "04/03/2024"], None, {"day_order": "open", "day_first": "yes"}, [4, 3]),
        (["03/04/2024", "04/03/2024"], False, {"day_order": "open", "day_first": "no"}, [3, 4]),
        (["03/04/2024", "04/13/2024"], None, {"day_order": "shown", "day_first": "no"}, [3, 4]),
        (["03/04/2024", "13/04/2024"], False, {"day_order": "shown", "day_first": "yes"}, [4, 4]),
        (["2024-03-04", "2024-04-03"], None, {}, [3, 4]),
    ],
)
def test_the_reader_says_whether_the_dates_left_the_day_order_open(dates, dayfirst, order, months):
    rows = [("a", dates[0], "1"), ("b", dates[1], "2")]
    loaded = load_transactions(csv_bytes(rows), dayfirst=dayfirst)
    assert {key: loaded.detected[key] for key in ("day_order", "day_first") if key in loaded.detected} == order
    assert loaded.frame["date"].dt.month.tolist() == months


# --- text aligned in columns (CDNOW) ------------------------------------------------------------------------------

CDNOW = Path(__file__).resolve().parent / "data" / "CDNOW_sample.txt"


def cdnow_records(count: int = 60) -> pd.DataFrame:
    """Orders of 15 customers in 1997-1998 in the CDNOW columns, each (customer, day) once."""
    rng = np.random.default_rng(13)
    days = pd.Timestamp("1997-01-01") + pd.to_timedelta(rng.choice(540, count, replace=False), "D")
    return pd.DataFrame({
        "customer_id": [f"{number:05d}" for number in rng.integers(1, 16, count)],
        "date": days.strftime("%Y%m%d"),
        "number_of_cds": rng.integers(1, 6, count),
        "dollar_value": rng.integers(500, 9000, count) / 100,
    })


def aligned(records: pd.DataFrame, header: bool, gap: str = "  ") -> bytes:
    """The records as CDNOW writes them: padded cells, a leading space, Windows line ends."""
    lines = [" customer_id date number_of_cds dollar_value"] if header else []
    lines += [f" {r.customer_id}{gap}{r.date}{gap}{r.number_of_cds:2d}{gap}{r.dollar_value:8.2f}"
              for r in records.itertuples()]
    return "\r\n".join(lines).encode() + b"\r\n"


@pytest.mark.parametrize("gap", ["  ", " \t ", "\t  "])
def test_text_aligned_by_spaces_and_tabs_reads_the_cdnow_columns_with_8_digit_dates(gap):
    records = cdnow_records()
    loaded = load_transactions(aligned(records, header=True, gap=gap))
    assert loaded.mapping == {"customer_id": "customer_id", "date": "date", "number_of_cds": "quantity",
                              "dollar_value": "amount"}
    assert loaded.detected["delimiter"] == " "
    assert note(loaded.assumptions, "delimiter") == (
        "Columns are separated by runs of spaces (the file is aligned in columns)."
    )
    frame = loaded.frame
    assert len(frame) == 60 and frame["customer_id"].nunique() == records["customer_id"].nunique()
    assert frame["amount"].sum() == pytest.approx(records["dollar_value"].sum())
    assert frame["quantity"].sum() == records["number_of_cds"].sum()
    assert frame["date"].min() == pd.Timestamp(records["date"].min())
    assert frame["date"].max() == pd.Timestamp(records["date"].max())
    assert loaded.dropped == ()


def test_a_headerless_aligned_file_keeps_its_first_line_and_finds_its_columns():
    records = cdnow_records()
    data = aligned(records, header=False)
    preview = preview_file(data)
    assert preview.columns == ("Column 1", "Column 2", "Column 3", "Column 4")
    assert preview.mapping == {"Column 1": "customer_id", "Column 2": "date", "Column 4": "amount"}
    loaded = load_transactions(data)
    assert len(loaded.frame) == 60
    assert loaded.frame["amount"].sum() == pytest.approx(records["dollar_value"].sum())


def test_the_real_cdnow_sample_gives_the_totals_pandas_reads():
    preview = preview_file(CDNOW)
    assert preview.columns == tuple(f"Column {position}" for position in range(1, 6))
    assert preview.mapping == {"Column 1": "customer_id", "Column 3": "date", "Column 5": "amount"}
    assert preview.first_rows.iloc[0].tolist() == ["00004", "0001", "19970101", "2", "29.33"]
    truth = pd.read_csv(CDNOW, sep=r"\s+", dtype=str, header=None)
    truth = truth.drop_duplicates().set_axis(["customer", "sample_id", "date", "cds", "amount"], axis=1)
    loaded = load_transactions(CDNOW, {**preview.mapping, "Column 4": "quantity"})
    assert note(loaded.dropped, "duplicate").startswith("21 rows were exact copies")
    assert len(loaded.frame) == len(truth) == 6898
    assert loaded.frame["customer_id"].nunique() == truth["customer"].nunique() == 2357
    assert loaded.frame["amount"].sum() == pytest.approx(truth["amount"].astype(float).sum())
    assert loaded.frame["quantity"].sum() == truth["cds"].astype(int).sum()
    assert loaded.frame["date"].min() == pd.Timestamp("1997-01-01")
    assert loaded.frame["date"].max() == pd.Timestamp("1998-06-30")


def test_a_single_column_of_words_is_not_taken_for_aligned_text():
    loaded = preview_file(b"customer\nann smith\nbob\n")
    assert loaded.columns == ("customer",) and loaded.detected["delimiter"] == ""


# --- rows that are not sales ---------------------------------------------------------------------------------------

SHOPIFY_LIKE = [
    ("#1001", "ann@shop.no", "paid", "2024-01-05", "10.50"),
    ("#1002", "bob@shop.no", "voided", "2024-01-06", "99.00"),
    ("#1003", "ann@shop.no", "pending", "2024-01-07", "7.00"),
    ("#1004", "cy@shop.no", "refunded", "2024-01-08", "3.00"),
    ("#1005", "cy@shop.no", "paid", "2024-01-09", "4.00"),
]


def test_rows_a_status_column_calls_no_sale_are_left_out_counted_and_named():
    loaded = load_transactions(csv_bytes(SHOPIFY_LIKE, header=["Name", "Email", "Financial Status", "Created at",
                                                                "Total"]))
    assert loaded.frame["amount"].sum() == pytest.approx(14.5)
    [note] = [note for note in loaded.dropped if note.key == "status"]
    assert note.rows == 3
    assert note.message == (
        "3 rows are not sales (rows 3, 4 and 5): column “Financial Status” says “voided” (1), “pending” (1), "
        "“refunded” (1). They were left out; count them as sales below if they are."
    )
    assert loaded.detected["non_sales"] == "yes"


def test_non_sales_counted_back_in_when_asked_and_said():
    loaded = load_transactions(
        csv_bytes(SHOPIFY_LIKE, header=["Name", "Email", "Financial Status", "Created at", "Total"]),
        keep_non_sales=True,
    )
    assert loaded.frame["amount"].sum() == pytest.approx(123.5)
    assert "status" not in keys(loaded.dropped) and "status_kept" in keys(loaded.assumptions)


def test_rows_without_an_order_number_are_each_an_order_of_their_own_for_the_status():
    """A line-item export (order 1001 on two rows) with three rows that have no order number: the one that failed
    is not a sale, the other two are not left out with it but each counted as an order of its own, as if numbered."""
    rows = [("1001", "2025-01-05", "ann@x.io", "40.90", "paid"), ("1001", "2025-01-05", "ann@x.io", "", "paid"),
            ("", "2025-01-09", "bob@x.io", "12.50", "failed"), ("", "2025-01-10", "cy@x.io", "13.50", "paid"),
            ("", "2025-01-11", "dee@x.io", "14.50", "paid"), ("1003", "2025-02-14", "ann@x.io", "75.90", "paid")]
    data = csv_bytes(rows, header=["Order", "Date", "Email", "Total", "Status"])
    numbered = data.replace(b"\n,2025-01-10", b"\n1004,2025-01-10").replace(b"\n,2025-01-11", b"\n1005,2025-01-11")
    numbered = numbered.replace(b"\n,2025-01-09", b"\n1002,2025-01-09")
    for loaded in (load_transactions(data), load_transactions(numbered)):
        [status] = [note for note in loaded.dropped if note.key == "status"]
        assert (status.rows, loaded.frame["order_id"].nunique()) == (1, 4)
        assert loaded.frame["amount"].sum() == pytest.approx(40.90 + 13.50 + 14.50 + 75.90)
    assert [note.message for note in load_transactions(data).assumptions if note.key == "own_orders"] == [
        "2 rows have no order number in column “Order” (rows 5 and 6): each was counted as an order of its own."]


def test_guest_rows_without_an_order_number_are_each_counted_as_an_order():
    rows = [(f"{1000 + number}", f"2025-01-{1 + number:02}", f"c{number}@x.io", "25.00") for number in range(9)]
    rows.insert(1, ("1000", "", "", ""))  # order 1000 on two rows: a line-item export
    rows += [("", f"2025-02-{1 + number:02}", "guest", "18.00") for number in range(6)]
    loaded = load_transactions(csv_bytes(rows, header=["Order", "Date", "Customer", "Total"]))
    [guest] = [note for note in loaded.dropped if note.key == "guest"]
    assert (guest.rows, guest.message[:48]) == (6, "6 orders from guest checkouts (customer “guest” ")
    assert loaded.frame["order_id"].nunique() == 9


@pytest.mark.parametrize(("header", "value"), [("Zahlungsstatus", "Storniert"), ("Κατάσταση", "Ακυρώθηκε"),
                                                ("Būsena", "Atšaukta"), ("ステータス", "キャンセル"),
                                                ("Captured", "FALSE")])
def test_status_words_are_known_in_the_readers_languages(header, value):
    rows = [("ann", "2024-01-05", "10.50", "ok"), ("bob", "2024-01-06", "99.00", value)]
    loaded = load_transactions(csv_bytes(rows, header=["customer_id", "date", "amount", header]))
    assert loaded.frame["customer_id"].astype(str).tolist() == ["ann"]


def test_a_file_without_a_status_column_keeps_every_row():
    rows = [("ann", "2024-01-05", "10.50", "failed")]
    loaded = load_transactions(csv_bytes(rows, header=["customer_id", "date", "amount", "Note"]))
    assert len(loaded.frame) == 1 and "non_sales" not in loaded.detected


@pytest.mark.parametrize(
    "header",
    [
        ["Kundenummer", "Fakturadato", "Beløp"],
        ["Κωδικός πελάτη", "Ημερομηνία παραγγελίας", "Ποσό"],
        ["Kliento kodas", "Užsakymo data", "Suma"],
        ["顧客ID", "注文日", "金額"],
        ["From Email Address", "Created (UTC)", "dollar_value"],
    ],
)
def test_header_names_of_the_readers_languages_are_recognised_by_name(header):
    assert guess_mapping(header) == dict(zip(header, ("customer_id", "date", "amount"), strict=True))


def test_notes_of_the_guess_stay_when_the_user_confirms_it_and_go_when_they_change_it():
    header = ["who", "Zeitpunkt", "Wert"]
    confirmed = load_transactions(csv_bytes(header=header), {"who": "customer_id", "Zeitpunkt": "date",
                                                             "Wert": "amount"})
    assert keys(confirmed.assumptions).count("content_guess") == 3
    other = load_transactions(csv_bytes([(c, d, a, a) for c, d, a in ORDERS], header=[*header, "Paid"]),
                              {"who": "customer_id", "Zeitpunkt": "date", "Paid": "amount"})
    assert [note.message for note in other.assumptions if note.key == "content_guess"] == [
        "Column “who” was taken as the customer from its values, such as “Zoé”: its name does not say.",
        "Column “Zeitpunkt” was taken as the date from its values, such as “2024-01-05”: its name does not say.",
    ]
