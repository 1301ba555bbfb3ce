"""Real export layouts (tests/data/exports/layouts.py) load to their ground truth without any mapping given."""

import pytest

from retention.errors import InputError
from retention.io.readers import load_transactions, preview_file
from tests.data.exports import layouts
from tests.files import xlsx_bytes

CASES = [
    # (the export, its layout's note, whether its amount holds the shipping, the currency it names)
    (layouts.shopify_orders, "a Shopify orders export", True, "EUR"),
    (layouts.xero_invoices, "a Xero invoices export", False, "EUR"),
    (layouts.etsy_sold_items, "an Etsy sold order items export", False, "EUR"),
    (layouts.stripe_payments, "a Stripe payments export", True, "EUR"),
    (layouts.woocommerce_orders, "a WooCommerce orders export", True, None),
    (layouts.paypal_activity, "a PayPal activity download", True, "EUR"),
    (layouts.square_transactions, "a Square transactions export", False, "USD"),
    (layouts.amazon_order_report, "an Amazon order report", False, "EUR"),
    (layouts.lightspeed_sales, "a Lightspeed sales history export", True, None),
    (layouts.etsy_orders, "an Etsy orders export", True, "GBP"),
]


@pytest.mark.parametrize(("export", "layout", "shipping", "currency"), CASES, ids=[case[0].__name__ for case in CASES])
def test_each_export_loads_to_its_total_customers_orders_and_dates(export, layout, shipping, currency):
    loaded = load_transactions(export())
    truth = layouts.truth(with_shipping=shipping)
    frame = loaded.frame
    assert frame["amount"].sum() == pytest.approx(truth.total)
    assert frame["customer_id"].nunique() == truth.customers
    assert frame["order_id"].nunique() == truth.orders
    assert frame["date"].min().strftime("%Y-%m-%d") == truth.first
    assert frame["date"].max().strftime("%Y-%m-%d") == truth.last
    assert loaded.currency == currency
    notes = {note.key: note.message for note in loaded.assumptions}
    assert notes["layout"] == f"This looks like {layout}: its columns are read the way that system writes them."



@pytest.mark.parametrize(("export", "layout", "shipping", "currency"), CASES, ids=[case[0].__name__ for case in CASES])
def test_each_export_of_many_orders_loads_to_their_total_and_customers(export, layout, shipping, currency):
    orders = layouts.many_orders(150)
    loaded = load_transactions(export(orders))
    truth = layouts.truth(with_shipping=shipping, orders=orders)
    assert loaded.frame["amount"].sum() == pytest.approx(truth.total)
    assert loaded.frame["customer_id"].nunique() == truth.customers
    assert loaded.frame["order_id"].nunique() == truth.orders
    assert loaded.frame["date"].min().strftime("%Y-%m-%d") == truth.first == "2025-01-02"  # order 0 is unpaid
    assert loaded.frame["date"].max().strftime("%Y-%m-%d") == truth.last == "2025-05-30"


def test_many_orders_are_dated_one_calendar_day_apart_through_2025():
    days = [order.date for order in layouts.many_orders(400)]
    assert days[:3] == ["2025-01-01", "2025-01-02", "2025-01-03"]
    assert days[30:33] == ["2025-01-31", "2025-02-01", "2025-02-02"]  # every day of the month, the 31st too
    assert days[364:366] == ["2025-12-31", "2025-01-01"]  # and round the year again


LOCAL = [
    # (the export, whether its amount holds the shipping, how many times the orders' totals it writes, currency)
    (layouts.german_shop_orders, False, 1, None),
    (layouts.german_invoices_with_sum_line, True, 100, "EUR"),
    (layouts.japanese_shop_orders, True, 100, "JPY"),
]


@pytest.mark.parametrize(("export", "shipping", "scale", "currency"), LOCAL, ids=[case[0].__name__ for case in LOCAL])
def test_each_local_export_loads_to_its_total_customers_orders_and_dates(export, shipping, scale, currency):
    loaded = load_transactions(export())
    truth = layouts.truth(with_shipping=shipping)
    frame = loaded.frame
    assert frame["amount"].sum() == pytest.approx(scale * truth.total)
    assert frame["customer_id"].nunique() == truth.customers
    assert (frame["order_id"].nunique() if "order_id" in frame else len(frame)) == truth.orders
    assert frame["date"].min().strftime("%Y-%m-%d") == truth.first
    assert frame["date"].max().strftime("%Y-%m-%d") == truth.last
    assert loaded.currency == currency


def test_a_german_menge_and_preis_are_multiplied_and_storniert_orders_left_out():
    loaded = load_transactions(layouts.german_shop_orders())
    notes = {note.key: note.message for note in loaded.assumptions}
    assert notes["unit_price"] == (
        "Column “Preis” is a price per unit: each row's amount is that price times column “Menge”.")
    assert notes["encoding"].startswith("Text encoding: Windows-1252 (Western European)")
    [status] = [note.message for note in loaded.dropped]
    assert status.startswith("3 rows are not sales (rows 8, 11 and 12): column “Zahlungsstatus” says “storniert” (3).")


def test_a_summe_line_at_the_end_is_a_total_left_out_not_a_refusal():
    loaded = load_transactions(layouts.german_invoices_with_sum_line())
    assert [note.message for note in loaded.dropped] == [
        "1 row is a total, not an order (row 6, “Summe”), and was left out."]


def test_a_shift_jis_japanese_export_reads_its_names_yen_and_cancelled_orders():
    loaded = load_transactions(layouts.japanese_shop_orders())
    assert loaded.mapping == {"日付": "date", "注文番号": "order_id", "メールアドレス": "customer_id",
                              "合計金額": "amount"}
    assert loaded.assumptions[0].message == (
        "Text encoding: Shift_JIS (Japanese, Windows CP932), as the file's letters show. Check that names and "
        "accented letters look right in the preview.")
    assert loaded.column_texts("注文者").tolist()[:2] == ["山田 太郎", "鈴木 花子"]
    assert [note.message for note in loaded.dropped] == [
        ("2 rows are not sales (rows 5 and 7): column “処理状況” says “注文キャンセル” (2). They were left out; "
         "count them as sales below if they are.")]


def test_shopify_line_items_take_the_order_fields_of_the_first_row():
    loaded = load_transactions(layouts.shopify_orders())
    assert "no_customer" not in {note.key for note in loaded.dropped}
    first = loaded.frame[loaded.frame["order_id"] == "#1003"]
    assert first["customer_id"].astype(str).tolist() == ["ann@shop.example"] * 3
    assert first["amount"].tolist() == [75.9, 0.0, 0.0]
    assert first["quantity"].tolist() == [1, 3, 2]
    assert {note.key for note in loaded.assumptions} >= {"order_first_row"}
    [voided] = [note for note in loaded.dropped if note.key == "status"]
    assert voided.rows == 3  # order 1004 (one line) and 1006 (two lines)


def test_a_xero_total_repeated_on_each_line_counts_once():
    loaded = load_transactions(layouts.xero_invoices())
    notes = {note.key: note.message for note in loaded.assumptions}
    assert notes["order_every_row"] == (
        "Column “Total” repeats each order's amount on every row of the order (3 orders have several rows): it "
        "counts once per order, not once per row."
    )


def test_etsy_unit_prices_are_multiplied_by_the_quantity():
    loaded = load_transactions(layouts.etsy_sold_items())
    notes = {note.key: note.message for note in loaded.assumptions}
    assert notes["unit_price"] == (
        "Column “Price” is a price per unit: each row's amount is that price times column “Quantity”."
    )
    assert loaded.frame["order_id"].nunique() == 4 and len(loaded.frame) == 8


def test_a_shopify_file_of_one_line_per_order_is_read_as_written():
    header, *rows = layouts.shopify_orders().decode().splitlines()
    single = "\n".join([header, rows[2]]).encode()  # order 1002: one line
    loaded = load_transactions(single)
    assert loaded.frame["amount"].tolist() == [12.5]
    assert "order_first_row" not in {note.key for note in loaded.assumptions}


def test_a_quickbooks_report_reads_below_its_title_with_customers_from_the_headings():
    loaded = load_transactions(layouts.quickbooks_sales_by_customer())
    truth = layouts.truth(with_shipping=False)
    frame = loaded.frame
    assert frame["amount"].sum() == pytest.approx(truth.total)
    assert frame["customer_id"].nunique() == truth.customers
    assert set(frame["customer_id"].astype(str)) == {"Ann", "Bob"}
    assert loaded.mapping["Num"] == "order_id"  # QuickBooks' transaction number: an invoice of several lines
    assert frame["order_id"].nunique() == truth.orders
    assert frame["date"].min().strftime("%Y-%m-%d") == truth.first
    assert frame["date"].max().strftime("%Y-%m-%d") == truth.last
    notes = {note.key: note.message for note in loaded.assumptions}
    assert notes["title"] == (
        "The first 3 lines are the report's title, not the table (“Craig's Design and Landscaping Services · Sales "
        "by Customer Detail · January 1 -…”): the column names are on line 5."
    )
    assert notes["lone_lines"].startswith("1 line holds a single text and no order, “Friday, Jan 09, 2026")
    dropped = {note.key: note.rows for note in loaded.dropped}
    assert dropped["heading"] == 2 and dropped["totals"] == 3


def test_a_spreadsheet_with_a_title_row_and_a_total_row_reads_its_orders():
    loaded = load_transactions(xlsx_bytes(layouts.spreadsheet_with_title_and_total()))
    truth = layouts.truth()
    assert loaded.mapping == {"Order": "order_id", "Customer": "customer_id", "Date": "date", "Total": "amount"}
    assert loaded.frame["amount"].sum() == pytest.approx(truth.total)
    assert loaded.frame["order_id"].nunique() == truth.orders
    assert loaded.frame["customer_id"].nunique() == truth.customers
    assert loaded.frame["date"].min().strftime("%Y-%m-%d") == truth.first
    assert loaded.frame["date"].max().strftime("%Y-%m-%d") == truth.last
    assert {note.key: note.rows for note in loaded.dropped}["totals"] == 1
    assert "title" in {note.key for note in loaded.assumptions}


def test_woocommerce_orders_that_failed_or_were_cancelled_are_left_out_by_name():
    loaded = load_transactions(layouts.woocommerce_orders())
    [status] = [note for note in loaded.dropped if note.key == "status"]
    assert status.message == (
        "3 rows are not sales (rows 8, 11 and 12): column “Order Status” says “Cancelled” (2), “Failed” (1). They "
        "were left out; count them as sales below if they are."
    )
    kept = load_transactions(layouts.woocommerce_orders(), keep_non_sales=True)
    assert kept.frame["amount"].sum() == pytest.approx(sum(order.total for order in layouts.ORDERS))



def test_woocommerce_orders_awaiting_payment_are_not_sales_in_that_export():
    loaded = load_transactions(layouts.woocommerce_orders(statuses=("Pending payment", "On hold")))
    assert loaded.frame["amount"].sum() == pytest.approx(layouts.truth().total)
    [status] = [note for note in loaded.dropped if note.key == "status"]
    assert "“On hold” (2), “Pending payment” (1)" in status.message
    header, *rows = layouts.woocommerce_orders(statuses=("Pending payment",)).decode().splitlines()
    header = header.replace("Order Total Amount", "Total").replace("Email (Billing)", "Email")
    other = "\n".join([header, *rows]).encode()  # no longer WooCommerce's layout: its pending orders count
    assert "status" not in {note.key for note in load_transactions(other).dropped}


def test_paypal_payments_that_did_not_arrive_or_went_out_are_not_sales():
    loaded = load_transactions(layouts.paypal_activity())
    assert [note.message for note in loaded.dropped if note.key == "status"] == [
        # money the shop added from its bank: no payer, and no sale, as the Type says (before its Status, Pending)
        ("1 row is not a sale (row 11): column “Type” says “Bank Deposit to PP Account” (1). It was left out; count "
         "it as a sale below if it is one."),
        ("2 rows are not sales (rows 5 and 7): column “Status” says “Denied” (1), “Pending” (1). They were left "
        "out; count them as sales below if they are."),
        # the refund, the payment to a supplier and the withdrawal: money the shop paid out
        ("3 rows are not sales (rows 8, 9 and 10): column “Balance Impact” says “Debit” (3). They were left out; "
        "count them as sales below if they are."),
    ]
    assert [note.key for note in loaded.dropped] == ["status"] * 3  # none said to be a guest order
    assert "shop@teaandmugs.example" not in set(loaded.frame["customer_id"].astype(str))


def test_paypal_money_moved_from_a_bank_is_not_a_sale_even_when_completed():
    data = layouts.paypal_activity().replace(b",Bank Deposit to PP Account ,Pending,",
                                             b",Bank Deposit to PP Account ,Completed,")
    loaded = load_transactions(data)
    assert loaded.frame["amount"].sum() == pytest.approx(layouts.truth().total)
    [deposit, *_] = [note for note in loaded.dropped if note.key == "status"]
    assert deposit.message.startswith("1 row is not a sale (row 11): column “Type” says “Bank Deposit to PP Account”")
    kept = load_transactions(data, keep_non_sales=True)  # counted back in: still nobody's order
    assert {note.key: note.rows for note in kept.dropped}["no_customer"] == 1


def test_square_sales_are_net_sales_without_walk_ins_and_refunds():
    loaded = load_transactions(layouts.square_transactions())
    assert {column for column, target in loaded.mapping.items() if target == "amount"} == {"Net Sales"}
    dropped = {note.key: note.rows for note in loaded.dropped}
    assert dropped == {"no_customer": 1, "refund": 1}
    assert "currency_assumed" in {note.key for note in loaded.assumptions}


def test_an_amazon_item_price_is_the_price_of_the_whole_quantity():
    loaded = load_transactions(layouts.amazon_order_report())
    assert "unit_price" not in {note.key for note in loaded.assumptions}
    assert loaded.frame["quantity"].sum() == sum(
        quantity for order in layouts.ORDERS if order.paid for _, quantity, _ in order.lines)
    header, *rows = layouts.amazon_order_report().decode().splitlines()
    unknown = "\n".join([header.replace("order-item-id", "line"), *rows]).encode()  # no longer Amazon's layout
    assert "unit_price" in {note.key for note in load_transactions(unknown).assumptions}


def test_an_amazon_continuation_line_of_an_order_adds_nothing_to_it_and_is_said():
    loaded = load_transactions(layouts.amazon_order_report(promotions=layouts.PROMOTIONS))
    truth = layouts.truth(with_shipping=False)
    frame = loaded.frame
    assert frame["amount"].sum() == pytest.approx(truth.total)
    assert (frame["customer_id"].nunique(), frame["order_id"].nunique()) == (truth.customers, truth.orders)
    assert frame["date"].min().strftime("%Y-%m-%d") == truth.first
    assert frame["date"].max().strftime("%Y-%m-%d") == truth.last
    assert [note.message for note in loaded.dropped] == [
        ("1 row continues an order written above it (row 6): it has the order's number but no amount in column "
         "“item-price” and no quantity in column “quantity-purchased”, as Amazon writes an order's further "
         "promotions. It was left out; the order counts from its item rows."),
    ]


def test_a_later_line_item_without_an_amount_but_with_a_quantity_is_still_asked_for():
    header, *rows = layouts.amazon_order_report().decode().splitlines()
    cells = rows[1].split("\t")
    cells[11] = ""  # the second item of order 1001 lost its item-price, not its quantity
    with pytest.raises(InputError) as caught:
        load_transactions("\n".join([header, rows[0], "\t".join(cells), *rows[2:]]).encode())
    assert caught.value.messages == {"amount": (
        "Row 3 has no amount in column “item-price”. Fill it in, or delete that row.")}


def test_lightspeed_sale_lines_and_payments_detail_the_sale_row_and_count_once():
    loaded = load_transactions(layouts.lightspeed_sales())
    notes = {note.key: note.message for note in loaded.dropped}
    assert notes["detail"] == (
        "20 rows detail orders written on rows of their own (rows 3, 4, 5 and 17 more): column “Line Type” says "
        "“Sale Line” (15), “Payment” (5). They were left out; each order counts once, from its “Sale” row."
    )
    assert notes["status"].startswith("2 rows are not sales (rows 19 and 25): column “Status” says “VOIDED” (2).")
    voided_back = load_transactions(layouts.lightspeed_sales(), keep_non_sales=True)
    assert voided_back.frame["amount"].sum() == pytest.approx(sum(order.total for order in layouts.ORDERS))


def test_etsy_orders_count_the_order_total_before_refunds_and_leave_canceled_orders_out():
    loaded = load_transactions(layouts.etsy_orders())
    assert {column for column, target in loaded.mapping.items() if target == "amount"} == {"Order Total"}
    [canceled] = [note for note in loaded.dropped if note.key == "status"]
    assert canceled.rows == 2 and "“Canceled” (2)" in canceled.message


def test_an_amazon_all_orders_report_names_no_buyer_and_is_refused_with_the_export_that_serves():
    data = layouts.amazon_all_orders_report()
    assert preview_file(data).mapping["amazon-order-id"] == "order_id"  # shown, to be seen
    with pytest.raises(InputError) as refused:
        load_transactions(data, {"amazon-order-id": "order_id", "purchase-date": "date", "item-price": "amount",
                                 "order-status": "customer_id"})
    assert refused.value.messages == {"file": (
        "This looks like Amazon's “All Orders” report: it has no buyer column (Amazon leaves buyers out of it), so "
        "customers cannot be followed over time. Download the Order Report instead (Seller Central: Orders > Order "
        "Reports), which names the buyer of each order."
    )}
