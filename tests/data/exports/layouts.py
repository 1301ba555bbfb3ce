"""Exports in the layouts real systems write, built from one list of orders with a known ground truth.

Each layout follows its system's public documentation of the export's columns:

- Shopify "Export orders" (help.shopify.com, "Exporting orders"): one row per line item; the order-level fields
  (Email, Financial Status, Subtotal, Shipping, Taxes, Total, Created at) on the order's first row only;
- Xero "Export invoices" (central.xero.com, "Import and export sales invoices"): one row per invoice line, the
  invoice's ``Total`` repeated on every line, starred required columns (``*InvoiceNumber``, ``*InvoiceDate``);
- Etsy "Sold Order Items" (help.etsy.com, "How to Download Your Etsy Shop Data"): one row per item sold, a unit
  ``Price`` and a ``Quantity``, the ``Order ID`` shared by the items of an order;
- Stripe "Payments" export (stripe.com/docs, "Payments: exporting"): one row per charge, ``Captured`` false and
  ``Status`` Failed for payments that did not go through;
- WooCommerce orders from "Advanced Order Export For WooCommerce" (wordpress.org/plugins/woo-order-export-lite, the
  most used order export; its default fields in ``classes/core/class-wc-order-export-data-extractor-ui.php``, fields
  with ``'checked' => 1``): one row per product, the order's fields repeated on each of its rows, the status as
  WooCommerce names it ("Completed", "Failed", "Cancelled");
- PayPal "Activity download" CSV, default fields of the 2018 format (as in hledger's
  ``examples/csv/paypal-2018.csv.rules`` and ``examples/csv/other/paypal-custom.csv``, github.com/simonmichael/hledger):
  every movement of the balance is a row, the payments received with a positive ``Gross`` and the payer in ``From
  Email Address``; the payments the shop sent, its withdrawals and refunds negative, funding from a bank with no
  payer, ``Status`` Pending or Denied for money that did not arrive; dates month first; ``Type`` names the movement,
  money the shop moves in from its bank or card ("Bank Deposit to PP Account", T-code T0300; "General Card
  Deposit", T0700: developer.paypal.com/docs/reports/reference/tcodes) being no sale whatever its status;
- Square "Transactions CSV" (squareup.com/dashboard/sales/transactions, Export > Transactions CSV; its 55-column
  header as public tools that read it quote it, e.g. the comments of github.com/StThereseInstitute/
  SquareStatementGenerator's readers): one row per payment, money written "$12.50" and "-$1.85", ``Net Sales`` the
  sale after discounts (before the ``Service Charges``, tax and tip that make ``Total Collected``), ``Event Type``
  Refund rows negative, and walk-in payments without a ``Customer ID``; declined payments are not in this export;
- Amazon "Order Report" of the seller-fulfilled orders (sellercentral.amazon.co.uk/gp/help/external/201648780,
  "Order report fields"; Amazon's "All Orders" report has no buyer and cannot serve): a tab-separated flat file, one
  row per item, the buyer's e-mail an anonymous ``...@marketplace.amazon.de`` address, ``item-price`` "aggregate of
  the quantity, not unit prices" though its name says price, shipping on its own column; and the "All Orders"
  report (sellercentral.amazon.com/gp/help/external/200547170): "does not include customer-identifying
  information", ``order-status`` Shipped, Pending or Cancelled;
- Lightspeed Retail X-Series (formerly Vend) Sales History export (Sell > Sales History > Export): a "Sale" row
  with the sale's total, then its "Sale Line" rows and its "Payment" rows, all under the sale's ``Receipt Number``
  (the column names as Vend's export writes them: the search tool found no public copy, so they follow the export
  as its users know it); ``Status`` CLOSED for a sale, VOIDED for one cancelled (the statuses of Vend's sale API,
  gist.github.com/pzurek/c86b7e917ae1b6f76fb2fdf00b456255); dates day first; walk-in sales without a customer;
- Etsy "Orders" export (help.etsy.com, "How to Download Your Etsy Shop Data": EtsySoldOrders*.csv, its 36
  columns as public readers of it quote them): one row per order, the buyer's Etsy user name in ``Buyer User ID``,
  ``Order Value`` the items, ``Order Total`` with shipping, ``Adjusted Order Total`` after a refund, ``Status``
  Canceled for an order that did not go through; dates month first with a two-digit year.

:func:`truth` is what every layout must load to: the sales (orders that went through) with their totals.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Order:
    number: str
    email: str
    date: str
    lines: tuple[tuple[str, int, float], ...]  # (item, quantity, unit price)
    shipping: float = 0.0
    paid: bool = True

    @property
    def subtotal(self) -> float:
        return round(sum(quantity * price for _, quantity, price in self.lines), 2)

    @property
    def total(self) -> float:
        return round(self.subtotal + self.shipping, 2)


ORDERS = (
    Order("1001", "ann@shop.example", "2025-01-05", (("Mug", 2, 12.5), ("Tea", 1, 8.0)), shipping=4.9),
    Order("1002", "bob@shop.example", "2025-01-09", (("Mug", 1, 12.5),)),
    Order("1003", "ann@shop.example", "2025-02-14", (("Pot", 1, 35.0), ("Tea", 3, 8.0), ("Cup", 2, 6.0)), 4.9),
    Order("1004", "cy@shop.example", "2025-02-20", (("Tea", 2, 8.0),), paid=False),
    Order("1005", "bob@shop.example", "2025-03-02", (("Cup", 4, 6.0), ("Mug", 1, 12.5))),
    Order("1006", "dee@shop.example", "2025-03-15", (("Pot", 1, 35.0), ("Mug", 2, 12.5)), shipping=4.9,
          paid=False),
)


@dataclass(frozen=True)
class Truth:
    total: float
    customers: int
    orders: int
    first: str
    last: str


def many_orders(count: int) -> tuple[Order, ...]:
    """``count`` orders cycling through :data:`ORDERS`' baskets, numbered and dated one day apart from 1 January
    2025 (every day of the calendar, the 29th to the 31st too), cycling through 2025 beyond 365 orders, for
    benchmarks."""
    return tuple(
        Order(str(2000 + number), f"c{number % 97}@shop.example",
              (date(2025, 1, 1) + timedelta(days=number % 365)).isoformat(), ORDERS[number % len(ORDERS)].lines,
              ORDERS[number % len(ORDERS)].shipping, number % 9 != 0)
        for number in range(count)
    )


def truth(with_shipping: bool = True, orders: tuple[Order, ...] = ORDERS) -> Truth:
    """The sales of ``orders``: orders paid for, each counted once at its total (or its items' value)."""
    sales = [order for order in orders if order.paid]
    return Truth(
        round(sum(order.total if with_shipping else order.subtotal for order in sales), 2),
        len({order.email for order in sales}),
        len(sales),
        min(order.date for order in sales),
        max(order.date for order in sales),
    )


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def shopify_orders(orders: tuple[Order, ...] = ORDERS) -> bytes:
    header = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Currency", "Subtotal",
              "Shipping", "Taxes", "Total", "Discount Code", "Created at", "Lineitem quantity", "Lineitem name",
              "Lineitem price", "Billing Name", "Id"]
    rows = []
    for number, order in enumerate(orders, start=5_412_000_000):
        status = "paid" if order.paid else "voided"
        for position, (item, quantity, price) in enumerate(order.lines):
            first = position == 0
            created = f"{order.date} 10:15:00 +0100"
            rows.append([
                f"#{order.number}", order.email if first else "", status if first else "",
                created if first and order.paid else "", "fulfilled" if first else "", "EUR" if first else "",
                f"{order.subtotal:.2f}" if first else "", f"{order.shipping:.2f}" if first else "",
                "0.00" if first else "", f"{order.total:.2f}" if first else "", "", created if first else "",
                quantity, item, f"{price:.2f}", order.email.split("@")[0].title() if first else "",
                number if first else "",
            ])
    return _csv(header, rows)


def xero_invoices(orders: tuple[Order, ...] = ORDERS) -> bytes:
    header = ["*ContactName", "EmailAddress", "*InvoiceNumber", "Reference", "*InvoiceDate", "*DueDate", "Total",
              "*Description", "*Quantity", "*UnitAmount", "Discount", "*AccountCode", "*TaxType", "Currency",
              "Status"]
    rows = []
    for order in orders:
        day, month, year = order.date[8:], order.date[5:7], order.date[:4]
        for item, quantity, price in order.lines:
            rows.append([
                order.email.split("@")[0].title(), order.email, f"INV-{order.number}", "", f"{day}/{month}/{year}",
                f"{day}/{month}/{year}", f"{order.subtotal:.2f}", item, quantity, f"{price:.2f}", "", "200",
                "Tax Exempt", "EUR", "PAID" if order.paid else "VOIDED",
            ])
    return _csv(header, rows)


def etsy_sold_items(orders: tuple[Order, ...] = ORDERS) -> bytes:
    header = ["Sale Date", "Item Name", "Buyer", "Quantity", "Price", "Coupon Code", "Discount Amount",
              "Order Shipping", "Transaction ID", "Listing ID", "Date Paid", "Order ID", "Currency"]
    rows = []
    transaction = 3_100_000_000
    for order in (order for order in orders if order.paid):
        month, day, year = order.date[5:7], order.date[8:], order.date[2:4]
        for item, quantity, price in order.lines:
            transaction += 1
            rows.append([f"{month}/{day}/{year}", item, order.email, quantity, f"{price:.2f}", "", "0",
                         f"{order.shipping:.2f}", transaction, 1_200_000_000, f"{month}/{day}/{year}",
                         f"29{order.number}", "EUR"])
    return _csv(header, rows)


def stripe_payments(orders: tuple[Order, ...] = ORDERS) -> bytes:
    header = ["id", "Created (UTC)", "Amount", "Amount Refunded", "Currency", "Captured", "Converted Amount",
              "Fee", "Description", "Customer Email", "Status", "Card Brand"]
    rows = [
        [f"ch_3P{order.number}", f"{order.date} 09:12:44", f"{order.total:.2f}", "0.00", "eur",
         "true" if order.paid else "false", f"{order.total:.2f}", "0.50", f"Order {order.number}", order.email,
         "Paid" if order.paid else "Failed", "visa"]
        for order in orders
    ]
    return _csv(header, rows)


def woocommerce_orders(orders: tuple[Order, ...] = ORDERS, statuses: tuple[str, ...] = ("Failed", "Cancelled")) \
        -> bytes:
    """The plugin's default columns; the unpaid orders take ``statuses`` in turn."""
    header = ["Order Number", "Order Status", "Order Date", "Customer Note", "First Name (Billing)",
              "Last Name (Billing)", "Email (Billing)", "Phone (Billing)", "Item #", "SKU", "Item Name", "Quantity",
              "Item Cost", "Coupon Code", "Discount Amount", "Payment Method Title", "Cart Discount Amount",
              "Order Subtotal Amount", "Order Shipping Amount", "Order Refund Amount", "Order Total Amount",
              "Order Total Tax Amount"]
    rows = []
    unpaid = iter(statuses * len(orders))
    for order in orders:
        status = "Completed" if order.paid else next(unpaid)
        for line, (item, quantity, price) in enumerate(order.lines, start=1):
            rows.append([
                order.number, status, f"{order.date} 14:03", "", order.email.split("@")[0].title(), "Example",
                order.email, "", line, item.upper(), item, quantity, f"{price:.2f}", "", "", "Direct bank transfer",
                "0.00", f"{order.subtotal:.2f}", f"{order.shipping:.2f}", "0.00", f"{order.total:.2f}", "0.00",
            ])
    return _csv(header, rows)


def paypal_activity(orders: tuple[Order, ...] = ORDERS, statuses: tuple[str, ...] = ("Denied", "Pending")) -> bytes:
    """The sales as "Express Checkout Payment" rows (the unpaid ones with ``statuses`` in turn), and after them the
    movements that are not sales: a refund, a payment sent, a withdrawal and a bank deposit."""
    header = ["Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net",
              "From Email Address", "To Email Address", "Transaction ID", "Shipping Address", "Address Status",
              "Item Title", "Item ID", "Shipping and Handling Amount", "Insurance Amount", "Sales Tax",
              "Option 1 Name", "Option 1 Value", "Option 2 Name", "Option 2 Value", "Reference Txn ID",
              "Invoice Number", "Custom Number", "Quantity", "Receipt ID", "Balance", "Address Line 1",
              "Address Line 2/District/Neighborhood", "Town/City",
              "/".join(("State", "Province", "Region", "County", "Territory", "Prefecture", "Republic")),
              "Zip/Postal Code", "Country", "Contact Phone Number", "Subject", "Note", "Country Code", "Balance Impact"]
    shop = "shop@teaandmugs.example"

    def row(day: str, name: str, kind: str, status: str, gross: float, payer: str, payee: str, number: str,
            item: str = "", reference: str = "") -> list[object]:
        fee = -round(0.35 + gross * 0.029, 2) if gross > 0 and kind.endswith("Checkout Payment") else 0.0
        impact = "Credit" if gross > 0 else "Debit"
        return [f"{day[5:7]}/{day[8:]}/{day[:4]}", "11:02:37", "CET", name, kind, status, "EUR", f"{gross:,.2f}",
                f"{fee:.2f}", f"{gross + fee:,.2f}", payer, payee, number, "", "", item, "", "0.00", "", "0.00", "",
                "", "", "", reference, number[-4:] if payer != shop else "", "", "", "", "", "", "", "", "", "", "",
                "", item, "", "", impact]

    unpaid = iter(statuses * len(orders))
    rows = [
        row(order.date, order.email.split("@")[0].title(), "Express Checkout Payment",
            "Completed" if order.paid else next(unpaid), order.total, order.email, shop, f"7VX{order.number}A",
            f"Order {order.number}")
        for order in orders
    ]
    last = max(order.date for order in orders)
    rows += [
        row(last, "Bob", "Payment Refund", "Completed", -12.5, shop, "bob@shop.example", "9RF1002B", "Order 1002",
            "7VX1002A"),
        row(last, "Tea Supplies Ltd", "Express Checkout Payment", "Completed", -64.0, shop, "sales@tea.example",
            "4KS7781C", "Green tea, 2 kg"),
        row(last, "Bank Account", "General Withdrawal", "Completed", -100.0, shop, "", "2WD5510D"),
        row(last, "", "Bank Deposit to PP Account ", "Pending", 50.0, "", shop, "8BD4402E"),
    ]
    return _csv(header, rows)


def square_transactions(orders: tuple[Order, ...] = ORDERS) -> bytes:
    """The paid orders as payments (shipping as a service charge, a tip on some), a walk-in payment without a
    customer and a refund of order 1002."""
    header = ["Date", "Time", "Time Zone", "Gross Sales", "Discounts", "Service Charges", "Net Sales",
              "Gift Card Sales", "Tax", "Tip", "Partial Refunds", "Total Collected", "Source", "Card",
              "Card Entry Methods", "Cash", "Square Gift Card", "Other Tender", "Other Tender Type", "Tender Note",
              "Fees", "Net Total", "Transaction ID", "Payment ID", "Card Brand", "PAN Suffix", "Device Name",
              "Staff Name", "Staff ID", "Details", "Description", "Event Type", "Location", "Dining Option",
              "Customer ID", "Customer Name", "Customer Reference ID", "Device Nickname", "Third Party Fees",
              "Deposit ID", "Deposit Date", "Deposit Details", "Fee Percentage Rate", "Fee Fixed Rate",
              "Refund Reason", "Discount Name", "Transaction Status", "Cash App", "Order Reference ID",
              "Fulfillment Note", "Free Processing Applied", "Channel", "Unattributed Tips", "Table Info",
              "International Fee"]
    customers = {email: f"K{position:02d}QX7R3BZ" for position, email in enumerate(dict.fromkeys(
        order.email for order in orders))}

    def money(value: float) -> str:
        return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"

    def row(day: str, sale: float, service: float, tip: float, number: str, event: str, email: str = "",
            reason: str = "") -> list[object]:
        collected = sale + service + tip
        fee = -round(collected * 0.026 + 0.1, 2) if event == "Payment" else 0.0
        return [day, "14:21:09", "Pacific Time (US & Canada)", money(sale), "$0.00", money(service), money(sale),
                "$0.00", "$0.00", money(tip), "$0.00", money(collected), "Point of Sale", money(collected), "Tapped",
                "$0.00", "$0.00", "$0.00", "", "", money(fee), money(collected + fee), f"{number}Zq1", f"{number}Pm",
                "Visa", "4242", "Counter iPad", "Sam", "TM01", "", "Items", event, "Tea & Mugs", "",
                customers.get(email, ""), email.split("@")[0].title(), "", "", "$0.00", "", "", "", "2.6%", "$0.10",
                reason, "", "Complete", "", "", "", "No", "Point of Sale", "$0.00", "", "$0.00"]

    rows = [row(order.date, order.subtotal, order.shipping, 2.0 if order.shipping else 0.0, f"Tx{order.number}",
                "Payment", order.email) for order in orders if order.paid]
    rows.insert(1, row(orders[0].date, 9.5, 0.0, 0.0, "Tx0000", "Payment"))
    refunded = next(order for order in orders if order.paid and len(order.lines) == 1)
    rows.append(row(max(order.date for order in orders), -refunded.subtotal, 0.0, 0.0, f"Tx{refunded.number}R",
                    "Refund", refunded.email, "Returned goods"))
    return _csv(header, rows)


#: Shipping promotions of an order, by order number: (the promotion's id, its discount). Amazon writes an order's
#: second promotion on a line of its own, "a continuation of the same order information", "leaving most of the
#: columns blank" (sellercentral.amazon.in/gp/help/external/help.html?itemID=651, "Download an Order Report"): the
#: order-id, the order-item-id and the promotion's columns. Here two promotions make the shipping of order 1003 free.
PROMOTIONS = {"1003": (("Core Free Shipping", -2.9), ("Prime Shipping Bonus", -2.0))}


def amazon_order_report(orders: tuple[Order, ...] = ORDERS, promotions=None) -> bytes:
    """The paid orders (the report lists the orders to ship), tab-separated; the promotion columns sit after
    ``ship-phone-number`` as in the Order Report's field list. ``promotions`` (as :data:`PROMOTIONS`) gives an
    order's first item row its first promotion and a continuation line to each further one."""
    header = ["order-id", "order-item-id", "purchase-date", "payments-date", "buyer-email", "buyer-name",
              "buyer-phone-number", "sku", "product-name", "quantity-purchased", "currency", "item-price", "item-tax",
              "shipping-price", "shipping-tax", "ship-service-level", "recipient-name", "ship-address-1",
              "ship-address-2", "ship-address-3", "ship-city", "ship-state", "ship-postal-code", "ship-country",
              "ship-phone-number", "item-promotion-discount", "item-promotion-id", "ship-promotion-discount",
              "ship-promotion-id", "delivery-start-date", "delivery-end-date", "delivery-time-zone",
              "delivery-Instructions", "sales-channel"]
    promotions = promotions or {}
    buyers = {email: f"{position + 10:x}7c2d9e41b0a{position}@marketplace.amazon.de" for position, email in
              enumerate(dict.fromkeys(order.email for order in orders))}
    lines = []
    for order in (order for order in orders if order.paid):
        placed, number = f"{order.date}T09:41:12+00:00", f"302-{order.number}417-66{order.number}21"
        first, *more = promotions.get(order.number, (("", ""),))
        for line, (item, quantity, price) in enumerate(order.lines):
            name = order.email.split("@")[0].title()
            promotion = first if line == 0 else ("", "")
            lines.append("\t".join(str(cell) for cell in [
                number, f"{order.number}0377{line}8815", placed, placed, buyers[order.email], name, "", item.upper(),
                item, quantity, "EUR", f"{quantity * price:.2f}", "0.00", f"{order.shipping if line == 0 else 0:.2f}",
                "0.00", "Standard", name, "Hauptstr. 1", "", "", "Berlin", "", "10115", "DE", "",
                *_promotion(*promotion), "", "", "", "", "Amazon.de",
            ]))
            if line == 0:
                lines += ["\t".join([number, f"{order.number}0377{line}8815", *[""] * 23, *_promotion(*promotion),
                                     *[""] * 5]) for promotion in more]
    return ("\r\n".join(["\t".join(header), *lines]) + "\r\n").encode("utf-8")


def _promotion(promotion_id: str, discount: float | str) -> list[str]:
    """The four promotion cells of an Amazon order line, for a shipping promotion (blank without one)."""
    return ["", "", f"{discount:.2f}" if promotion_id else "", promotion_id]


def amazon_all_orders_report(orders: tuple[Order, ...] = ORDERS) -> bytes:
    """Every item of every order, tab-separated, the unpaid orders Cancelled: no buyer anywhere."""
    header = ["amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
              "fulfillment-channel", "sales-channel", "order-channel", "url", "ship-service-level", "product-name",
              "sku", "asin", "item-status", "quantity", "currency", "item-price", "item-tax", "shipping-price",
              "shipping-tax", "gift-wrap-price", "gift-wrap-tax", "item-promotion-discount", "ship-promotion-discount",
              "ship-city", "ship-state", "ship-postal-code", "ship-country", "promotion-ids", "is-business-order",
              "purchase-order-number", "price-designation"]
    lines = []
    for order in orders:
        placed, status = f"{order.date}T09:41:12+00:00", "Shipped" if order.paid else "Cancelled"
        for item, quantity, price in order.lines:
            lines.append("\t".join(str(cell) for cell in [
                f"302-{order.number}417-66{order.number}21", "", placed, placed, status, "Merchant", "Amazon.de", "",
                "", "Standard", item, item.upper(), "B0TEA00001", status, quantity, "EUR", f"{quantity * price:.2f}",
                "0.00", "0.00", "0.00", "", "", "", "", "Berlin", "", "10115", "DE", "", "false", "", "",
            ]))
    return ("\r\n".join(["\t".join(header), *lines]) + "\r\n").encode("utf-8")


def lightspeed_sales(orders: tuple[Order, ...] = ORDERS) -> bytes:
    """Each order as its Sale row, its lines (shipping as a "Delivery" line) and its payment; the unpaid ones
    VOIDED; a walk-in sale after the first order."""
    header = ["Date", "Receipt Number", "Line Type", "Customer Code", "Customer Name", "Note", "Quantity",
              "Subtotal", "Sales Tax", "Discount", "Loyalty", "Total", "Paid", "Details", "Register", "User",
              "Status", "Sku", "AccountCodeSale", "AccountCodePurchase"]
    codes = {email: f"{email.split('@')[0].upper()}-{position:04d}" for position, email in enumerate(
        dict.fromkeys(order.email for order in orders), start=1)}

    def sale(day: str, number: str, email: str, lines, status: str) -> list[list[object]]:
        when = f"{day[8:]}/{day[5:7]}/{day[:4]} 10:42:17"
        total = round(sum(quantity * price for _, quantity, price in lines), 2)
        paid = f"{total:.2f}" if status == "CLOSED" else "0.00"
        name = email.split("@")[0].title()
        rows = [[when, number, "Sale", codes.get(email, ""), name if email else "", "",
                 sum(quantity for _, quantity, _ in lines), f"{total:.2f}", "0.00", "0.00", "0.00", f"{total:.2f}",
                 paid, "", "Main Register", "Sam", status, "", "", ""]]
        rows += [[when, number, "Sale Line", "", "", "", quantity, f"{quantity * price:.2f}", "0.00", "0.00", "0.00",
                  f"{quantity * price:.2f}", "", item, "Main Register", "Sam", status, item.upper(), "200", "300"]
                 for item, quantity, price in lines]
        if status == "CLOSED":
            rows.append([when, number, "Payment", "", "", "", "", "", "", "", "", paid, paid, "Card", "Main Register",
                         "Sam", status, "", "", ""])
        return rows

    rows = []
    for order in orders:
        lines = order.lines + ((("Delivery", 1, order.shipping),) if order.shipping else ())
        rows += sale(order.date, f"TM-{order.number}", order.email, lines, "CLOSED" if order.paid else "VOIDED")
        if order is orders[0]:
            rows += sale(order.date, "TM-0999", "", (("Tea", 1, 8.0),), "CLOSED")
    return _csv(header, rows)


def etsy_orders(orders: tuple[Order, ...] = ORDERS) -> bytes:
    """Every order, the unpaid ones Canceled; order 1002 refunded in part (its adjusted total lower)."""
    header = ["Sale Date", "Order ID", "Buyer User ID", "Full Name", "First Name", "Last Name", "Number of Items",
              "Payment Method", "Date Shipped", "Street 1", "Street 2", "Ship City", "Ship State", "Ship Zipcode",
              "Ship Country", "Currency", "Order Value", "Coupon Code", "Coupon Details", "Discount Amount",
              "Shipping Discount", "Shipping", "Sales Tax", "Order Total", "Status", "Card Processing Fees",
              "Order Net", "Adjusted Order Total", "Adjusted Card Processing Fees", "Adjusted Net Order Amount",
              "Buyer", "Order Type", "Payment Type", "InPerson Discount", "InPerson Location", "SKU"]
    rows = []
    for order in orders:
        day = f"{order.date[5:7]}/{order.date[8:]}/{order.date[2:4]}"
        name = order.email.split("@")[0].title()
        fee = round(0.2 + order.total * 0.03, 2)
        adjusted = round(order.total - 12.5, 2) if order.number == "1002" else 0.0
        rows.append([
            day, f"3{order.number}88412", f"{name.lower()}shop", f"{name} Example", name, "Example",
            sum(quantity for _, quantity, _ in order.lines), "Credit Card", day if order.paid else "", "1 Main St",
            "", "Leeds", "", "LS1 1AA", "United Kingdom", "GBP", f"{order.subtotal:.2f}", "", "", "0.00", "0.00",
            f"{order.shipping:.2f}", "0.00", f"{order.total:.2f}", "Completed" if order.paid else "Canceled",
            f"{fee:.2f}", f"{order.total - fee:.2f}", f"{adjusted:.2f}", "0.00", "0.00", name.lower(), "online",
            "online_cc", "", "", "",
        ])
    return _csv(header, rows)


def quickbooks_sales_by_customer() -> bytes:
    """QuickBooks Online's "Sales by Customer Detail" report exported to CSV (quickbooks.intuit.com, "Run a sales
    by customer detail report"): a title block, each customer's name as a heading row above their lines, a total
    per customer, a grand total and a footer; dates month first, amounts with a dollar sign on the totals."""
    header = ["", "Date", "Transaction Type", "Num", "Product/Service", "Memo/Description", "Qty", "Sales Price",
              "Amount", "Balance"]
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for title in ("Craig's Design and Landscaping Services", "Sales by Customer Detail",
                  "January 1 - December 31, 2025"):
        writer.writerow([title])
    out.write("\r\n")
    writer.writerow(header)
    sales = [order for order in ORDERS if order.paid]
    for email in dict.fromkeys(order.email for order in sales):
        name = email.split("@")[0].title()
        writer.writerow([name] + [""] * 9)
        balance = 0.0
        for order in (order for order in sales if order.email == email):
            month, day, year = order.date[5:7], order.date[8:], order.date[:4]
            for item, quantity, price in order.lines:
                balance += quantity * price
                writer.writerow(["", f"{month}/{day}/{year}", "Invoice", order.number, item, "", quantity,
                                 f"{price:.2f}", f"{quantity * price:.2f}", f"{balance:.2f}"])
        writer.writerow([f"Total for {name}"] + [""] * 7 + [f"${balance:,.2f}", ""])
    writer.writerow(["TOTAL"] + [""] * 7 + [f"${truth(with_shipping=False).total:,.2f}", ""])
    out.write("\r\n")
    writer.writerow(["Friday, Jan 09, 2026 09:15:22 AM GMT-08:00 - Accrual Basis"])
    return out.getvalue().encode("utf-8")


def spreadsheet_with_title_and_total() -> list[list[object]]:
    """A shop's own sheet as people keep one in Excel or Google Sheets: a title row, a blank row, the column
    names, one row per order and a TOTAL row at the bottom (rows for :func:`tests.files.xlsx_bytes`)."""
    sales = [order for order in ORDERS if order.paid]
    rows: list[list[object]] = [["Orders 2025 – Tea & Mugs"], [], ["Order", "Customer", "Date", "Total"]]
    rows += [[order.number, order.email, order.date, order.total] for order in sales]
    rows.append(["TOTAL", "", "", truth().total])
    return rows


def german_shop_orders(orders: tuple[Order, ...] = ORDERS) -> bytes:
    """A German shop's order lines as the shop software writes them for import elsewhere (DreamRobot's "Standard-CSV"
    convention, dreamrobot.de/info/handbuch, "Standard-CSV-Importe": semicolons, CRLF, one row per position with the
    order number repeated on consecutive rows): the unit ``Preis`` beside the ``Menge``, decimal commas, dates day
    first, the unpaid orders "storniert" in ``Zahlungsstatus``. Windows-1252, as German Excel saves CSV."""
    header = ["Bestellnummer", "Bestelldatum", "Kunde", "E-Mail", "Artikel", "Menge", "Preis", "Zahlungsstatus"]
    rows = [[f"B-{order.number}", f"{order.date[8:]}.{order.date[5:7]}.{order.date[:4]}",
             f"{order.email.split('@')[0].title()} Müller", order.email, item, quantity,
             f"{price:.2f}".replace(".", ","), "bezahlt" if order.paid else "storniert"]
            for order in orders for item, quantity, price in order.lines]
    return "".join(";".join(str(cell) for cell in row) + "\r\n" for row in [header, *rows]).encode("cp1252")


def german_invoices_with_sum_line(orders: tuple[Order, ...] = ORDERS) -> bytes:
    """A German firm's list of invoices kept in Excel and saved as CSV: one row per paid order, its total (here a
    hundred times the order's, for thousands) written "3.790,00 €", and the sheet's sum as the last line,
    "Summe;;12.345,67 €" (issue 13)."""
    sales = [order for order in orders if order.paid]

    def euros(value: float) -> str:
        return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + " €"

    lines = ["Kunde;Datum;Betrag"]
    lines += [f"{order.email};{order.date[8:]}.{order.date[5:7]}.{order.date[:4]};{euros(100 * order.total)}"
              for order in sales]
    lines.append(f"Summe;;{euros(100 * truth().total)}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def japanese_shop_orders(orders: tuple[Order, ...] = ORDERS) -> bytes:
    """A Japanese shop's orders in Shift_JIS (CP932) with CRLF, as Japanese shop systems write their 受注データCSV
    (manual.aiship.jp, "CSVレイアウト(受注データ)": 文字コード Shift-JIS, 改行コード CRLF). The first columns follow
    MakeShop's order template (manual.makeshop.jp/hc/ja/articles/33957532168345: 日付 "2022/8/10", 注文時間 hhmmss,
    注文番号, 処理状況 with 注文キャンセル for a cancelled order, 注文者); the e-mail and the total (yen, "3,790円",
    here a hundred times the order's total) are named as such exports name them."""
    header = ["日付", "注文時間", "注文番号", "処理状況", "注文者", "メールアドレス", "合計金額"]
    people = ("山田 太郎", "鈴木 花子", "佐藤 次郎", "高橋 美咲")
    names = dict(zip(dict.fromkeys(order.email for order in orders), people, strict=False))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for number, order in enumerate(orders):
        year, month, day = (int(part) for part in order.date.split("-"))
        writer.writerow([f"{year}/{month}/{day}", f"1{number:01d}3309", f"P17132355114521{order.number}",
                         "配送" if order.paid else "注文キャンセル", names[order.email], order.email,
                         f"{round(100 * order.total):,}円"])
    return out.getvalue().encode("cp932")


#: Sales a shop keys into its own order sheet by hand, without an order number: a sale at the till, a phone order
#: (ann's on the day of her order 1001, so two orders of hers that day) and a market stall sale.
UNNUMBERED = (
    Order("", "ann@shop.example", "2025-01-05", (("Tea", 1, 8.0),)),
    Order("", "eve@shop.example", "2025-01-20", (("Cup", 2, 6.0),)),
    Order("", "bob@shop.example", "2025-03-10", (("Pot", 1, 35.0),)),
)


def spreadsheet_with_unnumbered_sales(orders: tuple[Order, ...] = ORDERS,
                                      unnumbered: tuple[Order, ...] = UNNUMBERED) -> bytes:
    """A shop's own order sheet saved as CSV (an order number, the customer, the date and the total per row), the
    paid ``orders`` and, among them by date, the ``unnumbered`` sales with their order number left empty."""
    sales = sorted((order for order in orders + unnumbered if order.paid), key=lambda order: order.date)
    return _csv(["Order No", "Customer", "Date", "Total"],
                [[order.number, order.email, order.date, f"{order.total:.2f}"] for order in sales])


def spreadsheet_with_subtotal(total: str = "Total", orders: tuple[Order, ...] = ORDERS) -> bytes:
    """A shop's own sheet of its paid orders: the items' value in "Subtotal", the "Shipping", and what the customer
    paid in a column named ``total`` (as "Total (EUR)", "Total [USD]" or "Total, EUR": a currency beside the name).
    Subtotal and Total as shop systems export them: "Subtotal: order total before tax & shipping", "Total: order
    total = subtotal + shipping + taxes" (Spiffy Stores' orders export, spiffystores.com.au/kb, "Downloading Your
    Orders"; Figure's "Order Totals Export", help.figurecommerce.com)."""
    return _csv(["Order", "Customer", "Date", "Subtotal", "Shipping", total],
                [[order.number, order.email, order.date, f"{order.subtotal:.2f}", f"{order.shipping:.2f}",
                  f"{order.total:.2f}"] for order in orders if order.paid])
