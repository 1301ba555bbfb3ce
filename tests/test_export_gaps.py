"""Three gaps of the export reader (issue 13): sales without an order number among numbered ones, the counts of the
non-sales note, and a total with its currency in its name beside a subtotal."""

import csv
import io

import pytest

from retention.io.readers import guess_mapping, load_transactions
from retention.orders.order_log import order_count
from tests.data.exports import layouts


def test_rows_without_an_order_number_each_count_as_an_order_of_their_own():
    loaded = load_transactions(layouts.spreadsheet_with_unnumbered_sales())
    truth = layouts.truth(orders=layouts.ORDERS + layouts.UNNUMBERED)
    frame = loaded.frame
    assert (frame["amount"].sum(), frame["customer_id"].nunique(), order_count(frame)) == (
        pytest.approx(truth.total), truth.customers, truth.orders)
    assert (truth.total, truth.customers, truth.orders) == (pytest.approx(217.8), 3, 7)
    assert (frame["date"].min().strftime("%Y-%m-%d"), frame["date"].max().strftime("%Y-%m-%d")) == (
        truth.first, truth.last)
    ann = frame[(frame["customer_id"] == "ann@shop.example") & (frame["date"] == "2025-01-05")]
    assert ann["amount"].tolist() == [37.9, 8.0] and ann["order_id"].nunique() == 2
    notes = {note.key: note.message for note in loaded.assumptions}
    assert notes["own_orders"] == (
        "3 rows have no order number in column “Order No” (rows 3, 5 and 8): each was counted as an order of "
        "its own.")
    assert not loaded.dropped


def _listed(numbers: list[int]) -> str:
    """Rows as the notes name three of them: "rows 8, 11 and 12"."""
    assert len(numbers) == 3
    return f"rows {numbers[0]}, {numbers[1]} and {numbers[2]}"


def _shopify_rows_of_unpaid_orders() -> list[int]:
    """The file's row numbers (the header is row 1) of every line item of the unpaid orders."""
    lines = [order.paid for order in layouts.ORDERS for _ in order.lines]
    return [row for row, paid in enumerate(lines, start=2) if not paid]


def test_the_shopify_non_sales_note_counts_every_line_of_a_voided_order_under_its_status():
    rows = _shopify_rows_of_unpaid_orders()
    loaded = load_transactions(layouts.shopify_orders())
    [status] = [note for note in loaded.dropped if note.key == "status"]
    assert (status.rows, status.message) == (len(rows), (
        f"3 rows are not sales ({_listed(rows)}): column “Financial Status” says “voided” (3). They were left out; "
        "count them as sales below if they are."))
    assert loaded.rows_read == len(loaded.frame) + loaded.rows_dropped
    kept = load_transactions(layouts.shopify_orders(), keep_non_sales=True)
    assert [note.message for note in kept.assumptions if note.key == "status_kept"] == [
        "Rows whose column “Financial Status” says “voided” (3) are counted as sales, as you chose."]


def test_each_line_of_an_order_counts_under_its_own_order_s_status():
    refunded = next(order for order in layouts.ORDERS if not order.paid and len(order.lines) == 1)
    header, *lines = layouts.shopify_orders().decode().split("\r\n")
    lines = [line.replace(",voided,", ",refunded,") if line.startswith(f"#{refunded.number},") else line
             for line in lines]
    loaded = load_transactions("\r\n".join([header, *lines]).encode())
    [status] = [note.message for note in loaded.dropped if note.key == "status"]
    assert status.startswith(f"3 rows are not sales ({_listed(_shopify_rows_of_unpaid_orders())}): column "
                             "“Financial Status” says “voided” (2), “refunded” (1).")


def test_the_lightspeed_non_sales_note_counts_the_voided_sale_rows():
    cells = list(csv.DictReader(io.StringIO(layouts.lightspeed_sales().decode())))
    voided = [row for row, cell in enumerate(cells, start=2) if cell["Line Type"] == "Sale"
              and cell["Status"] == "VOIDED"]
    assert len(voided) == sum(not order.paid for order in layouts.ORDERS) == 2
    loaded = load_transactions(layouts.lightspeed_sales())
    [status] = [note for note in loaded.dropped if note.key == "status"]
    assert (status.rows, status.message) == (2, (
        f"2 rows are not sales (rows {voided[0]} and {voided[1]}): column “Status” says “VOIDED” (2). They were "
        "left out; count them as sales below if they are."))
    assert loaded.rows_read == len(cells) == len(loaded.frame) + loaded.rows_dropped


TOTALS = ["Total (EUR)", "Total [USD]", "Total, EUR", "Total (€)"]


@pytest.mark.parametrize("total", TOTALS)
def test_a_total_with_its_currency_in_its_name_beats_an_exact_subtotal(total):
    assert guess_mapping(["Order", "Customer", "Date", "Subtotal", "Shipping", total])[total] == "amount"
    loaded = load_transactions(layouts.spreadsheet_with_subtotal(total))
    assert [column for column, target in loaded.mapping.items() if target == "amount"] == [total]
    assert loaded.frame["amount"].sum() == pytest.approx(layouts.truth().total)
    notes = {note.key: note.message for note in loaded.assumptions}
    assert notes["amount_choice"] == (
        f"Amounts are taken from “{total}” (it includes “Shipping” and matches each order); “Subtotal” is left out.")


@pytest.mark.parametrize("total", TOTALS[:3])
def test_a_shopify_total_with_its_currency_in_its_name_is_the_amount(total):
    header, rest = layouts.shopify_orders().decode().split("\r\n", 1)
    renamed = header.replace(",Total,", f',"{total}",')  # quoted: "Total, EUR" holds a comma
    loaded = load_transactions(f"{renamed}\r\n{rest}".encode())
    assert [column for column, target in loaded.mapping.items() if target == "amount"] == [total]
    truth = layouts.truth()
    assert (loaded.frame["amount"].sum(), order_count(loaded.frame)) == (pytest.approx(truth.total), truth.orders)


def test_a_unit_after_the_quantity_and_a_currency_after_the_unit_price_cost_them_nothing():
    data = layouts.german_shop_orders().replace(b";Menge;Preis;", b";Menge (Stk.);Preis (EUR);")
    loaded = load_transactions(data)
    assert {"Menge (Stk.)": "quantity", "Preis (EUR)": "amount"}.items() <= loaded.mapping.items()
    assert loaded.frame["amount"].sum() == pytest.approx(layouts.truth(with_shipping=False).total)
    assert "unit_price" in {note.key for note in loaded.assumptions}


def test_columns_named_in_a_note_are_listed_as_the_language_writes_lists():
    from retention.io.readers import _listed
    from retention.words import in_language

    assert _listed(["Shipping", "Taxes", "Subtotal"]) == "“Shipping”, “Taxes” and “Subtotal”"
    with in_language("ja"):
        assert _listed(["Shipping", "Taxes", "Subtotal"]) == "“Shipping”、“Taxes”、“Subtotal”"
    with in_language("el"):
        assert _listed(["Shipping", "Taxes"]) == "“Shipping” και “Taxes”"


def test_one_order_of_several_rows_is_said_in_the_singular():
    loaded = load_transactions(b"order,customer,date,total\n1,ann,2024-01-05,30\n1,,,\n2,bob,2024-01-06,10\n")
    assert loaded.frame["amount"].sum() == 40
    assert [note.message for note in loaded.assumptions if note.key == "order_first_row"] == [
        ("Column “total” gives each order's amount on the order's first row only (1 order has several rows): it "
         "counts once per order, and the order's customer and date come from that row where later rows leave them "
         "blank.")]
