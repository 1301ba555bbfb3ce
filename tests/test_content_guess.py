"""Columns chosen from their content: the amount that makes orders add up, a date column most orders fill, e-mails
over a guest id, and merged Excel cells filled over their rows.

Every file is built here from a list of orders, and the ground truth (total, customers, orders, dates) is computed
from the same list. The layouts follow public exports: Shopify's orders export writes Subtotal, Shipping, Taxes and
Total on an order's first row and "Lineitem price" on every row (help.shopify.com, "Exporting orders"); PayPal's
activity download has "From Email Address", Gross, Fee and Net, the fee negative so that Gross + Fee = Net
(developer.paypal.com, "Download History Fields"; trestlefinance.com, "Convert PayPal Activity Download CSV to
QuickBooks Online"); Stripe's payments.csv ends with "Disputed Amount, Dispute Status, Dispute Reason, Dispute Date
(UTC), Dispute Evidence Due (UTC)", filled only for disputed charges, and the shop's own "(metadata)" columns, such
as "timestamp (metadata)" (the header as public scripts that read the export quote it).
"""

import io
from dataclasses import dataclass
from datetime import date, timedelta

import openpyxl
import pytest

from retention.io._amount_choice import amount_choice
from retention.io.readers import load_transactions, preview_file
from tests.files import csv_bytes, xlsx_bytes


@dataclass(frozen=True)
class Sale:
    order: str
    email: str
    date: str
    lines: tuple[tuple[int, float], ...]  # (quantity, unit price)
    shipping: float = 0.0

    @property
    def items(self) -> float:
        return round(sum(quantity * price for quantity, price in self.lines), 2)

    @property
    def total(self) -> float:
        return round(self.items + self.shipping, 2)


SALES = (
    Sale("5001", "ann@shop.example", "2025-01-05", ((2, 12.5), (1, 8.0)), shipping=4.9),
    Sale("5002", "bob@shop.example", "2025-01-09", ((1, 12.5),)),
    Sale("5003", "ann@shop.example", "2025-02-14", ((1, 35.0), (3, 8.0), (2, 6.0)), shipping=4.9),
    Sale("5004", "cy@shop.example", "2025-02-20", ((2, 8.0),), shipping=3.5),
    Sale("5005", "bob@shop.example", "2025-03-02", ((4, 6.0), (1, 12.5))),
)


def note(loaded, key: str) -> str:
    return next(note.message for note in loaded.assumptions if note.key == key)


def assert_truth(loaded, sales=SALES, total: float | None = None) -> None:
    frame = loaded.frame
    expected = round(sum(sale.total for sale in sales), 2) if total is None else total
    assert round(frame["amount"].sum(), 2) == expected
    assert frame["customer_id"].nunique() == len({sale.email for sale in sales})
    orders = frame["order_id"].nunique() if "order_id" in frame else len(frame)
    assert orders == len(sales)
    assert str(frame["date"].min().date()) == min(sale.date for sale in sales)
    assert str(frame["date"].max().date()) == max(sale.date for sale in sales)


# --- the amount that makes orders add up ---------------------------------------------------------------------------


def test_a_total_that_adds_shipping_to_the_items_beats_the_subtotal_and_the_line_price():
    # Shopify's columns without "Financial Status" (so no known layout applies): order-level fields on the first row.
    header = ["Order ID", "Email", "Created at", "Subtotal", "Shipping", "Taxes", "Total", "Lineitem quantity",
              "Lineitem price"]
    rows = []
    for sale in SALES:
        for position, (quantity, price) in enumerate(sale.lines):
            first = position == 0
            order_fields = [sale.email, sale.date, f"{sale.items:.2f}", f"{sale.shipping:.2f}", "0.00",
                            f"{sale.total:.2f}"] if first else [""] * 6
            rows.append([sale.order, *order_fields, quantity, f"{price:.2f}"])
    loaded = load_transactions(csv_bytes(rows, header))
    assert loaded.mapping["Total"] == "amount"
    assert note(loaded, "amount_choice") == (
        "Amounts are taken from “Total” (it includes “Shipping” and matches each order); “Subtotal” and "
        "“Lineitem price” are left out."
    )
    assert_truth(loaded)


def test_a_total_beside_its_shipping_beats_a_line_amount_that_the_names_would_choose():
    # A Norwegian shop: "Beløp" is each line's amount (listed before "Totalbeløp" among the amount names), the order's
    # "Totalbeløp" and "Frakt" (shipping) are repeated on every row of the order.
    rows = [[sale.order, sale.email, sale.date, f"{quantity * price:.2f}".replace(".", ","),
             f"{sale.shipping:.2f}".replace(".", ","), f"{sale.total:.2f}".replace(".", ",")]
            for sale in SALES for quantity, price in sale.lines]
    file = csv_bytes(rows, ["Ordrenummer", "E-post", "Ordredato", "Beløp", "Frakt", "Totalbeløp"], delimiter=";")
    loaded = load_transactions(file)
    assert loaded.mapping == {"Ordrenummer": "order_id", "E-post": "customer_id", "Ordredato": "date",
                              "Totalbeløp": "amount"}
    assert note(loaded, "amount_choice") == (
        "Amounts are taken from “Totalbeløp” (it includes “Frakt” and matches each order); “Beløp” is left out."
    )
    assert_truth(loaded)
    assert "order_every_row" in [note.key for note in loaded.assumptions]


def test_an_order_total_beats_an_item_price_and_counts_once_per_order():
    rows = [[sale.order, sale.email, sale.date, f"{price:.2f}", quantity, f"{sale.total:.2f}"]
            for sale in SALES for quantity, price in sale.lines]
    loaded = load_transactions(csv_bytes(rows, ["Order ID", "Customer Email", "Order Date", "Item Price",
                                                "Quantity", "Order Total"]))
    assert loaded.mapping["Order Total"] == "amount"
    assert note(loaded, "amount_choice") == (
        "Amounts are taken from “Order Total” (it is written once for each order and covers all of the order's "
        "items); “Item Price” is left out."
    )
    assert_truth(loaded)


def test_a_line_total_beats_the_unit_price_it_multiplies():
    # A German shop's lines without order numbers: each row is an order of one article.
    sales = [Sale(str(number), sale.email, sale.date, (line,)) for number, sale in enumerate(SALES)
             for line in sale.lines[:1]]
    rows = [[sale.email, ".".join(reversed(sale.date.split("-"))), f"{sale.lines[0][1]:.2f}".replace(".", ","),
             sale.lines[0][0], f"{sale.items:.2f}".replace(".", ",")] for sale in sales]
    loaded = load_transactions(csv_bytes(rows, ["Kunde", "Datum", "Preis", "Menge", "Betrag"], delimiter=";"))
    assert loaded.mapping == {"Kunde": "customer_id", "Datum": "date", "Menge": "quantity", "Betrag": "amount"}
    assert note(loaded, "amount_choice") == (
        "Amounts are taken from “Betrag” (it is the price times the quantity on each row); “Preis” is left out."
    )
    assert_truth(loaded, sales)


def test_gross_beats_net_where_the_fee_makes_the_difference():
    rows = [[sale.date, sale.email, f"{sale.total:.2f}", f"{-round(0.35 + sale.total * 0.029, 2):.2f}",
             f"{sale.total - round(0.35 + sale.total * 0.029, 2):.2f}"] for sale in SALES]
    loaded = load_transactions(csv_bytes(rows, ["Date", "From Email Address", "Gross", "Fee", "Net"]))
    assert loaded.mapping["Gross"] == "amount"
    assert note(loaded, "amount_choice") == (
        "Amounts are taken from “Gross” (it includes “Fee” and matches each order); “Net” is left out."
    )
    assert_truth(loaded)


@pytest.mark.parametrize(("net", "tax", "gross"), [
    ("Subtotal", "Tax", "Total"),
    ("Netto", "MwSt", "Brutto"),
    ("Total HT", "TVA", "Total TTC"),
    ("Subtotal", "IVA", "Total"),
    ("Nettobeløp", "MVA", "Totalbeløp"),
    ("Καθαρό ποσό", "ΦΠΑ", "Σύνολο"),
    ("Suma be PVM", "PVM", "Suma su PVM"),
    ("税抜金額", "消費税", "税込金額"),
])
def test_the_amount_with_tax_is_chosen_in_the_readers_languages(net, tax, gross):
    rows = [[sale.email, sale.date, f"{sale.items:.2f}", f"{sale.shipping:.2f}", f"{sale.total:.2f}"]
            for sale in SALES]
    loaded = load_transactions(csv_bytes(rows, ["Email", "Date", net, tax, gross], delimiter="\t"))
    assert loaded.mapping == {"Email": "customer_id", "Date": "date", gross: "amount"}
    assert note(loaded, "amount_choice") == (
        f"Amounts are taken from “{gross}” (it includes “{tax}” and matches each order); “{net}” is left out."
    )
    assert_truth(loaded)


def test_in_a_file_without_names_the_line_total_beats_the_unit_price_before_it():
    lines = [(sale, quantity, price) for sale in SALES for quantity, price in sale.lines[:1]]
    rows = [[sale.email, sale.date, f"{price:.2f}", str(quantity), f"{quantity * price:.2f}"]
            for sale, quantity, price in lines]
    loaded = load_transactions(csv_bytes(rows[1:], rows[0]))
    assert loaded.mapping == {"Column 1": "customer_id", "Column 2": "date", "Column 5": "amount"}
    assert round(loaded.frame["amount"].sum(), 2) == round(sum(quantity * price for _, quantity, price in lines), 2)


def test_the_note_goes_when_the_user_chooses_another_amount_and_their_choice_is_used():
    rows = [[sale.email, sale.date, f"{sale.items:.2f}", f"{sale.total:.2f}"] for sale in SALES]
    file = csv_bytes(rows, ["Email", "Date", "Subtotal", "Total"])
    assert "Amounts are taken from “Total”" in note(load_transactions(file), "amount_choice")
    chosen = load_transactions(file, {"Email": "customer_id", "Date": "date", "Subtotal": "amount"})
    assert "amount_choice" not in [note.key for note in chosen.assumptions]
    assert round(chosen.frame["amount"].sum(), 2) == round(sum(sale.items for sale in SALES), 2)


def test_no_choice_is_made_between_equal_columns_or_for_a_single_candidate():
    both = csv_bytes([[sale.email, sale.date, sale.total, sale.total] for sale in SALES],
                     ["Email", "Date", "Total", "Amount paid"])
    assert "amount_choice" not in [note.key for note in load_transactions(both).assumptions]
    single = csv_bytes([[sale.email, sale.date, sale.total] for sale in SALES], ["Email", "Date", "Total"])
    preview = preview_file(single)
    assert preview.mapping["Total"] == "amount"
    assert amount_choice(preview.first_rows, preview.mapping, False) is None


# --- dates most orders fill, e-mails over a guest id -----------------------------------------------------------------


def test_a_mostly_empty_dispute_date_gives_way_to_the_payment_date():
    # Stripe's payments.csv with only some of its columns chosen ("Created (UTC)" left out).
    rows = [[f"ch_{sale.order}", f"{sale.total:.2f}", sale.email, "2025-03-20 11:02" if sale.order == "5002" else "",
             f"{sale.date} 09:12:44"] for sale in SALES]
    header = ["id", "Amount", "Customer Email", "Dispute Date (UTC)", "timestamp (metadata)"]
    loaded = load_transactions(csv_bytes(rows, header))
    assert loaded.mapping == {"Amount": "amount", "Customer Email": "customer_id", "timestamp (metadata)": "date"}
    assert note(loaded, "date_checked") == (
        "Dates are taken from column “timestamp (metadata)”: column “Dispute Date (UTC)” is empty in 80% of the "
        "orders, as a dispute or refund date is, so it is not the order date."
    )
    assert_truth(loaded)


def test_a_date_the_same_on_every_row_gives_way_to_the_dates_of_the_orders():
    # A report that writes the day it was run beside each order ("Report date"), then the order's own date.
    sales = [Sale(f"7{number:03}", SALES[number % 5].email, f"2025-01-{number + 1:02}", ((1, 10.0 + number),))
             for number in range(12)]
    rows = [["2025-04-01", sale.order, sale.email, sale.date, f"{sale.total:.2f}"] for sale in sales]
    loaded = load_transactions(csv_bytes(rows, ["Report date", "Order", "Customer", "Booked", "Amount"]))
    assert loaded.mapping == {"Order": "order_id", "Customer": "customer_id", "Booked": "date", "Amount": "amount"}
    assert note(loaded, "date_same") == (
        "Dates are taken from column “Booked”: column “Report date” holds one date, “2025-04-01”, on every row, as "
        "the day of a report does, so it is not the order date."
    )
    assert_truth(loaded, sales)


def test_a_lithuanian_refund_date_gives_way_to_the_payment_date():
    rows = [[sale.order, sale.email, "" if sale.order != "5004" else "2025-03-01", sale.date,
             f"{sale.total:.2f}".replace(".", ",")] for sale in SALES]
    header = ["Užsakymo nr.", "Pirkėjo el. paštas", "Grąžinimo data", "Apmokėjimo data", "Suma"]
    loaded = load_transactions(csv_bytes(rows, header, delimiter=";"))
    assert loaded.mapping == {"Pirkėjo el. paštas": "customer_id", "Apmokėjimo data": "date", "Suma": "amount"}
    assert note(loaded, "date_checked").startswith("Dates are taken from column “Apmokėjimo data”: column "
                                                   "“Grąžinimo data” is empty in 80% of the orders")
    assert_truth(loaded)


def test_an_id_column_whose_guest_value_covers_several_emails_gives_way_to_the_emails():
    # A Japanese shop: 顧客ID "0" for guest checkouts, each with its own e-mail address; amounts like 8,620円.
    ids = {"ann@shop.example": "0", "bob@shop.example": "1042", "cy@shop.example": "0"}
    rows = [[ids[sale.email], sale.email, sale.date.replace("-", "/"), f"{round(sale.total * 100):,}円"]
            for sale in SALES]
    loaded = load_transactions(csv_bytes(rows, ["顧客ID", "メールアドレス", "注文日", "金額"], delimiter="\t"))
    assert loaded.mapping == {"メールアドレス": "customer_id", "注文日": "date", "金額": "amount"}
    assert note(loaded, "customer_id_checked") == (
        "Customers are told apart by column “メールアドレス”: column “顧客ID” gives the same value “0” to orders "
        "from different e-mail addresses (a guest's id), so it cannot tell customers apart."
    )
    assert_truth(loaded, total=round(sum(round(sale.total * 100) for sale in SALES), 2))


@pytest.mark.parametrize("shared", [(), ("bob@shop.example", "cy@shop.example")])
def test_an_id_column_of_real_ids_stays_the_customer(shared):
    # Real account ids, one per address, or two accounts each shared by two addresses (a company's buyers).
    ids = {"ann@shop.example": "C1", "bob@shop.example": "C2", "cy@shop.example": "C3"}
    ids |= {"dee@shop.example": "C1", "eve@shop.example": "C2"} if shared else {}
    sales = (*SALES, *(Sale("6001", email, "2025-03-20", ((1, 5.0),)) for email in ids if email[0] in "de"))
    rows = [[ids[sale.email], sale.email, sale.date, sale.total] for sale in sales]
    loaded = load_transactions(csv_bytes(rows, ["Customer ID", "Email", "Date", "Total"]))
    assert loaded.mapping["Customer ID"] == "customer_id"
    assert sorted(loaded.frame["customer_id"].unique()) == ["C1", "C2", "C3"]


# --- a note is no customer, a discount no amount, a delivery date no order date ---------------------------------------

#: Notes buyers wrote at checkout, by order (WooCommerce's "Customer Note" column, most orders leaving it empty).
NOTES = {"5001": "Please gift wrap the mugs", "5003": "Leave it at the back door", "5004": "Call before delivery"}


def notes_and_discounts_sheet(notes: dict[str, str]) -> bytes:
    """A shop's own sheet: the buyer's note before the e-mail, a coupon discount and the VAT (20 %, included in the
    total) before the total, named as no list of names has it ("Total (EUR)" would be found by its name); each
    order's paid total is its sale's total."""
    rows = [["Order", "Date", "Customer Note", "Buyer E-mail Address", "Discount Amount", "Tax Amount",
             "Total paid (EUR)"]]
    rows += [[sale.order, sale.date, notes.get(sale.order), sale.email, 2.5 if sale.order in "5001 5005" else 0,
              round(sale.total / 6, 2), sale.total] for sale in SALES]
    return xlsx_bytes(rows)


def test_a_note_is_not_the_customer_and_a_discount_is_not_the_amount_when_a_total_exists():
    loaded = load_transactions(notes_and_discounts_sheet(NOTES))
    assert loaded.mapping == {"Order": "order_id", "Date": "date", "Buyer E-mail Address": "customer_id",
                              "Total paid (EUR)": "amount"}
    assert note(loaded, "customer_id_note") == (
        "Customers are told apart by column “Buyer E-mail Address”: column “Customer Note” holds notes such as "
        "“Please gift wrap the mugs”, not who bought."
    )
    assert note(loaded, "amount_part") == (
        "Amounts are taken from column “Total paid (EUR)”: column “Discount Amount” holds a part of an order's amount "
        "(a discount, a tax, shipping or a fee), and “Total paid (EUR)” is at least as large in every order."
    )
    assert_truth(loaded)
    assert loaded.dropped == ()


def test_a_note_column_most_orders_leave_empty_is_not_the_customer():
    loaded = load_transactions(notes_and_discounts_sheet({"5003": "Leave it at the back door"}))
    assert loaded.mapping["Buyer E-mail Address"] == "customer_id"
    assert note(loaded, "customer_id_empty") == (
        "Customers are told apart by column “Buyer E-mail Address”: column “Customer Note” is empty in 80% of the "
        "orders, as a note is, so it cannot say who bought them."
    )
    assert_truth(loaded)


def test_names_of_several_words_that_repeat_over_orders_stay_the_customer():
    names = {"ann@shop.example": "Ann Marie Lee", "bob@shop.example": "Bob de la Cruz", "cy@shop.example": "Cy Young"}
    rows = [[sale.order, sale.date, names[sale.email], sale.email, sale.total] for sale in SALES]
    loaded = load_transactions(csv_bytes(rows, ["Order", "Date", "Customer Name", "Buyer E-mail Address", "Total"]))
    assert loaded.mapping["Customer Name"] == "customer_id"
    assert {note.key for note in loaded.warnings} == {"names_as_keys"}
    assert_truth(loaded)


def test_a_discount_without_a_larger_amount_beside_it_stays_the_amount():
    rows = [[sale.order, sale.date, sale.email, sale.total, 0.5 * sale.total] for sale in SALES]
    loaded = load_transactions(csv_bytes(rows, ["Order", "Date", "Email", "Discount Amount", "Paid Amount"]))
    assert loaded.mapping["Discount Amount"] == "amount"  # "Paid Amount" is smaller: no total the discount is part of
    assert "amount_part" not in {note.key for note in loaded.assumptions}


def made_to_order(today: date) -> tuple[list[Sale], list[str]]:
    """A workshop's orders of the last weeks, each with the delivery date it was promised: all but the first lie
    after tomorrow."""
    sales = [Sale(sale.order, sale.email, (today - timedelta(days=40 - 8 * number)).isoformat(), sale.lines)
             for number, sale in enumerate(SALES)]
    delivery = [(today + timedelta(days=-5 if number == 0 else 3 + 5 * number)).isoformat() for number in range(5)]
    return sales, delivery


def test_a_delivery_date_mostly_after_tomorrow_gives_way_to_the_date_the_order_was_placed():
    sales, delivery = made_to_order(date.today())
    rows = [[sale.order, sale.email, due, sale.date, sale.total] for sale, due in zip(sales, delivery, strict=True)]
    loaded = load_transactions(csv_bytes(rows, ["Order", "Customer", "Delivery date", "Placed on", "Total"]))
    assert loaded.mapping == {"Order": "order_id", "Customer": "customer_id", "Placed on": "date", "Total": "amount"}
    assert note(loaded, "date_future") == (
        "Dates are taken from column “Placed on”: 80% of the dates in column “Delivery date” are after tomorrow, as "
        "delivery or due dates are, so it is not the order date."
    )
    assert_truth(loaded, sales)
    assert loaded.dropped == ()


def test_future_dates_stay_the_order_date_when_no_other_date_column_fits():
    sales, delivery = made_to_order(date.today())
    rows = [[sale.order, sale.email, due, sale.total] for sale, due in zip(sales, delivery, strict=True)]
    loaded = load_transactions(csv_bytes(rows, ["Order", "Customer", "Delivery date", "Total"]))
    assert loaded.mapping["Delivery date"] == "date"
    assert {note.key: note.rows for note in loaded.dropped} == {"future": 4}  # typing errors in the year, it seems


# --- merged cells ---------------------------------------------------------------------------------------------------


def merged_workbook() -> bytes:
    """A sheet kept by hand: a title merged across the columns, then each customer's name merged down over their
    orders, and the date merged over two orders of one day."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Orders 2025"])
    sheet.merge_cells("A1:D1")
    sheet.append(["Customer", "Order", "Date", "Total"])
    by_customer = {}
    for sale in SALES:
        by_customer.setdefault(sale.email, []).append(sale)
    for email, sales in by_customer.items():
        top = sheet.max_row + 1
        for sale in sales:
            sheet.append([email if sale is sales[0] else None, sale.order, sale.date, sale.total])
        if len(sales) > 1:
            sheet.merge_cells(f"A{top}:A{top + len(sales) - 1}")
    sheet.append(["dee@shop.example", "5006", "2025-03-15", 20.0])
    sheet.append([None, "5007", None, 30.0])
    sheet.merge_cells("A8:A9")
    sheet.merge_cells("C8:C9")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_merged_cells_over_order_rows_give_every_row_its_customer_and_date():
    loaded = load_transactions(merged_workbook())
    sales = [*SALES, Sale("5006", "dee@shop.example", "2025-03-15", ((1, 20.0),)),
             Sale("5007", "dee@shop.example", "2025-03-15", ((1, 30.0),))]
    expected = {sale.order: (sale.email, sale.date, sale.total) for sale in sales}
    got = {order: (customer, str(date.date()), amount) for order, customer, date, amount in zip(
        loaded.frame["order_id"], loaded.frame["customer_id"], loaded.frame["date"], loaded.frame["amount"],
        strict=True)}
    assert got == expected
    assert_truth(loaded, sales)
    assert note(loaded, "merged") == (
        "4 merged cells (such as “A3:A4”) cover several rows: each of those rows takes the merged cell's value."
    )
    assert note(loaded, "title").startswith("The first line is the report's title, not the table (“Orders 2025”)")
    assert loaded.dropped == ()


@pytest.mark.parametrize("header_row", [1, 3])
def test_a_merge_within_one_row_is_not_filled_and_merges_in_a_sheet_starting_lower_are(header_row):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.cell(header_row, 2, "Customer")
    sheet.cell(header_row, 3, "Date")
    sheet.cell(header_row, 4, "Total")
    for offset, sale in enumerate(SALES, start=1):
        sheet.cell(header_row + offset, 2, sale.email)
        sheet.cell(header_row + offset, 3, sale.date)
        sheet.cell(header_row + offset, 4, sale.total)
    sheet.merge_cells(start_row=header_row + 1, end_row=header_row + 1, start_column=2, end_column=3)
    sheet.cell(header_row + 3, 2).value = None  # the third order's customer comes from a merge over two rows
    sheet.merge_cells(start_row=header_row + 2, end_row=header_row + 3, start_column=2, end_column=2)
    buffer = io.BytesIO()
    book.save(buffer)
    preview = preview_file(buffer.getvalue())
    assert preview.first_rows.iloc[:3, 1:3].fillna("").values.tolist() == [
        ["ann@shop.example", ""], [SALES[1].email, SALES[1].date], [SALES[1].email, SALES[2].date]]
    merged = f"“B{header_row + 2}:B{header_row + 3}”"
    assert [note.message for note in preview.assumptions if note.key == "merged"] == [
        f"1 merged cell ({merged}) covers several rows: each of those rows takes its value.",
    ]
