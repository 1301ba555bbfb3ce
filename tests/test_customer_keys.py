"""Weak customer keys (a guest id carrying many orders, names as keys) and files that are customer lists, not order
logs (issue 13, point 5). Every fixture is made here from its records, and the ground truth from the same records."""

import csv
import io
from datetime import date, timedelta

import pytest

from retention.errors import InputError
from retention.io.readers import load_transactions
from retention.words import in_language
from tests.apptest import app_test, plain


def table(header, rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().encode()


def refusal(data: bytes, **options) -> str:
    with pytest.raises(InputError) as caught:
        load_transactions(data, **options)
    return caught.value.messages["file"]


def notes(loaded, kind: str) -> dict[str, str]:
    return {note.key: note.message for note in getattr(loaded, kind)}


def day(number: int) -> str:
    return (date(2025, 1, 1) + timedelta(days=number % 300)).isoformat()


# --- guest ids -----------------------------------------------------------------------------------------------------

#: WooCommerce writes 0 as the customer of a guest checkout: its REST API documents the order's ``customer_id`` as
#: "User ID who owns the order. 0 for guests." (woocommerce.github.io/woocommerce-rest-api-docs, "Order
#: properties"), and the Customer/Order CSV Export takes the same ``customer_id`` (woocommerce.com, "Customer /
#: Order / Coupon Export developer documentation"). 40 customers with 1 to 4 orders each, and 312 guest orders.
WOO_HEADER = ["order_id", "order_number", "order_date", "status", "order_total", "customer_id", "billing_email"]
CUSTOMER_ORDERS = [(f"{100 + customer}", 1 + customer % 4) for customer in range(40)]
GUEST_ORDERS = 312


def woocommerce_orders(guest: str = "0", guests: int = GUEST_ORDERS) -> tuple[bytes, list[tuple]]:
    records = [(customer, day(7 * number + int(customer)), 20.0 + number) for customer, count in CUSTOMER_ORDERS
               for number in range(count)]
    records += [(guest, day(number), 10.0 + number % 7) for number in range(guests)]
    rows = [(5000 + index, 5000 + index, when, "completed", f"{amount:.2f}", customer, f"shopper{index}@mail.example")
            for index, (customer, when, amount) in enumerate(records)]
    return table(WOO_HEADER, rows), records


def test_a_guest_id_0_carrying_many_orders_is_left_out_as_guest_checkouts_and_said():
    data, records = woocommerce_orders()
    loaded = load_transactions(data, {"order_id": "order_id", "order_date": "date", "order_total": "amount",
                                      "customer_id": "customer_id"})
    customers = [record for record in records if record[0] != "0"]
    assert loaded.frame["customer_id"].nunique() == len(CUSTOMER_ORDERS) == 40
    assert len(loaded.frame) == len(customers) == sum(count for _, count in CUSTOMER_ORDERS) == 100
    assert loaded.frame["amount"].sum() == pytest.approx(sum(amount for _, _, amount in customers))
    assert "0" not in set(loaded.frame["customer_id"])
    assert notes(loaded, "dropped") == {"guest": (
        "312 orders from guest checkouts (customer “0” in column “customer_id”; rows 102, 103, 104 and 309 more) are "
        "left out of the figures: that id is shared by many buyers, who cannot be told apart or followed over time."
    )}
    assert loaded.rows_dropped == GUEST_ORDERS


@pytest.mark.parametrize("guest", ["guest", "N/A", "-", "unknown", "anonymous", "000", "Gast", "invité", "Invitado",
                                   "gjest", "Επισκέπτης", "svečias", "ゲスト"])
def test_placeholders_of_the_eight_languages_are_guest_ids(guest):
    data, _ = woocommerce_orders(guest, guests=30)
    loaded = load_transactions(data, {"order_date": "date", "order_total": "amount", "customer_id": "customer_id"})
    assert loaded.frame["customer_id"].nunique() == 40
    assert [(note.key, note.rows) for note in loaded.dropped] == [("guest", 30)]
    assert f"(customer “{guest}” in column “customer_id”" in loaded.dropped[0].message


def test_a_placeholder_with_no_more_orders_than_a_customer_is_kept_as_one():
    """"unknown" with 3 orders, where the median customer has 2: it may be a real account, and stays a customer."""
    data, records = woocommerce_orders("unknown", guests=3)
    loaded = load_transactions(data, {"order_date": "date", "order_total": "amount", "customer_id": "customer_id"})
    assert loaded.frame["customer_id"].nunique() == 41
    assert len(loaded.frame) == len(records) == 103
    assert loaded.dropped == ()


def test_a_real_customer_with_many_orders_is_not_a_guest():
    data, _ = woocommerce_orders("c-777", guests=312)
    loaded = load_transactions(data, {"order_date": "date", "order_total": "amount", "customer_id": "customer_id"})
    assert (loaded.frame["customer_id"] == "c-777").sum() == 312
    assert loaded.dropped == ()


def test_guest_orders_of_several_lines_are_counted_as_orders():
    """A Shopify-like line-item export: each guest order has two rows (the order number repeated), the total on the
    first; 10 guest orders are 20 rows."""
    header = ["Order", "Customer", "Created at", "Total", "Lineitem name"]
    rows = []
    for number in range(30):
        rows.append((f"#{1000 + number}", f"c{number % 10}@shop.example", day(3 * number), "25.00", "Mug"))
    for number in range(10):
        order = f"#{2000 + number}"
        rows += [(order, "guest", day(number), "18.00", "Tea"), (order, "", "", "", "Cup")]
    loaded = load_transactions(table(header, rows))
    assert loaded.frame["customer_id"].nunique() == 10
    assert loaded.frame["order_id"].nunique() == 30
    assert loaded.frame["amount"].sum() == pytest.approx(30 * 25.0)
    guest = loaded.dropped[-1]
    assert (guest.key, guest.rows) == ("guest", 20)
    assert guest.message.startswith("10 orders from guest checkouts (customer “guest” in column “Customer”; rows 32, "
                                    "33, 34 and 17 more)")


def test_a_file_of_guests_only_leaves_nothing_to_use():
    data, _ = woocommerce_orders()
    only_guests = b"\n".join(line for line in data.split(b"\n") if b",0,shopper" in line or line.startswith(b"order_"))
    assert refusal(only_guests, mapping={"order_date": "date", "order_total": "amount",
                                          "customer_id": "customer_id"}) == (
        "No usable rows are left: 312 from guest checkouts. Check the file."
    )


def test_the_guest_note_in_japanese():
    data, _ = woocommerce_orders()
    with in_language("ja"):
        loaded = load_transactions(data, {"order_date": "date", "order_total": "amount",
                                          "customer_id": "customer_id"})
    assert loaded.dropped[0].message.startswith(
        "ゲスト購入の注文 312 件（“customer_id” 列の顧客 “0”、102、103、104行目ほか309行）"  # noqa: RUF001
    )


# --- names as keys -------------------------------------------------------------------------------------------------

NAMES = ["Ann Lee", "Bo Ek", "Mary-Ann O'Hara", "Jean Dupont", "Dimitris Papadopoulos", "Ona Kazlauskienė",
         "山田 太郎", "Kari Nordmann"]


def test_names_used_as_customer_keys_get_a_warning_that_namesakes_count_as_one():
    rows = [(name, day(11 * index + turn), "12.50") for index, name in enumerate(NAMES) for turn in range(2)]
    loaded = load_transactions(table(["Customer", "Date", "Amount"], rows))
    assert loaded.frame["customer_id"].nunique() == len(NAMES)
    assert notes(loaded, "warnings") == {"names_as_keys": (
        "Column “Customer” holds people's names, such as “Ann Lee”, not customer numbers or e-mails: namesakes count "
        "as one customer, and one person written two ways counts as two. If the file has a customer number or an "
        "e-mail column, choose it as the customer."
    )}


@pytest.mark.parametrize("keys", [["ann@shop.example", "bo@shop.example", "cy@shop.example"], ["C-1001", "C-1002",
                                  "C-1003"], ["Ann", "Bo", "Cy"], ["Ann Lee", "bo@shop.example", "C-1003", "Cy"]])
def test_ids_e_mails_and_a_few_names_among_them_get_no_warning(keys):
    rows = [(key, day(5 * index + turn), "9.90") for index, key in enumerate(keys) for turn in range(2)]
    loaded = load_transactions(table(["Customer", "Date", "Amount"], rows))
    assert "names_as_keys" not in notes(loaded, "warnings")


# --- files that are not order logs ---------------------------------------------------------------------------------

#: Shopify's customers export (Customers → Export), one row per customer with lifetime totals; columns as the
#: export writes them (help.shopify.com, "Exporting customers"; the same list in the public repository
#: BenDrabeck/Customer-Data-Pipeline-Analysis, import_hashed_shopify_customers_from_csv_updated.sql).
SHOPIFY_CUSTOMERS = ["Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing",
                     "Default Address Company", "Default Address Address1", "Default Address Address2",
                     "Default Address City",
                     "Default Address Province Code", "Default Address Country Code", "Default Address Zip",
                     "Default Address Phone", "Phone", "Accepts SMS Marketing", "Total Spent", "Total Orders", "Note",
                     "Tax Exempt", "Tags"]
SUMMARY_MESSAGE = (
    "This looks like a customer list (one row per customer, with lifetime totals such as “Total Spent”, “Total "
    "Orders”): the calculator needs one row per order. Export your orders instead, for example Shopify: Orders → "
    "Export."
)


def shopify_customers() -> bytes:
    people = [("Ann", "Lee", 3, 112.40), ("Bo", "Ek", 1, 35.00), ("Cy", "Moss", 0, 0.0), ("Dee", "Ray", 7, 640.15)]
    rows = [(f"'{7000 + index}", first, last, f"{first.lower()}@shop.example", "yes", "", "1 High St", "", "Leeds",
             "", "GB", "LS1 1AA", "", "+44 113 496 0000", "no", f"{spent:.2f}", orders, "", "no", "")
            for index, (first, last, orders, spent) in enumerate(people)]
    return table(SHOPIFY_CUSTOMERS, rows)


def test_a_shopify_customers_export_is_refused_word_for_word():
    assert refusal(shopify_customers()) == SUMMARY_MESSAGE


def test_a_customer_summary_is_refused_even_with_a_mapping_that_would_load_it():
    """"Last order date" and "Total spent" would make a log of one order per customer: silently wrong figures."""
    rows = [(f"c{index}@shop.example", day(index), f"{10 * index + 5}.00", index + 1) for index in range(6)]
    data = table(["Email", "Last order date", "Total spent", "Orders count"], rows)
    assert refusal(data, mapping={"Email": "customer_id", "Last order date": "date", "Total spent": "amount"}) == (
        "This looks like a customer list (one row per customer, with lifetime totals such as “Last order date”, "
        "“Total spent”, “Orders count”): the calculator needs one row per order. Export your orders instead, for "
        "example Shopify: Orders → Export."
    )


def test_a_german_customer_summary_is_refused():
    rows = [(f"K{index}", f"k{index}@laden.example", f"{index * 12},50", index) for index in range(1, 5)]
    assert refusal(table(["Kundennummer", "E-Mail", "Gesamtumsatz", "Anzahl Bestellungen"], rows)).startswith(
        "This looks like a customer list (one row per customer, with lifetime totals such as “Gesamtumsatz”, "
        "“Anzahl Bestellungen”)"
    )


#: A Mailchimp audience export (Audience → All contacts → Export Audience), one row per contact; its columns as the
#: export writes them (mailchimp.com/help, "View or export an audience"): the merge fields, then MEMBER_RATING,
#: OPTIN_TIME, CONFIRM_TIME, ..., LAST_CHANGED. The only dates are the signup's.
MAILCHIMP = ["Email Address", "First Name", "Last Name", "Address", "Phone Number", "MEMBER_RATING", "OPTIN_TIME",
             "OPTIN_IP", "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE", "LONGITUDE", "GMTOFF", "DSTOFF", "TIMEZONE", "CC",
             "REGION", "LAST_CHANGED", "LEID", "EUID", "NOTES", "TAGS"]


def test_a_mailchimp_audience_is_refused_as_a_contact_list_with_only_a_signup_date():
    rows = [(f"p{index}@mail.example", "Pat", f"Doe{index}", "", "", 2 + index % 3, f"{day(index)} 10:1{index}:00",
             "", f"{day(index)} 10:2{index}:00", "203.0.113.9", "51.5", "-0.12", "0", "1", "Europe/London", "GB", "",
             f"{day(index + 9)} 08:00:00", str(100 + index), f"e{index}", "", "")
            for index in range(5)]
    assert refusal(table(MAILCHIMP, rows)) == (
        "This looks like a contact list (one row per customer, with “First Name”, “Last Name”, “Address”, … and only "
        "a signup date, “OPTIN_TIME”): the calculator needs one row per order, with its date. Export your orders "
        "instead, for example Shopify: Orders → Export."
    )


def test_a_contact_list_without_any_date_is_refused():
    rows = [(f"c{index}@mail.example", f"Name{index}", f"+47 22 00 00 0{index}", "Oslo", 100 + index)
            for index in range(5)]
    assert refusal(table(["E-post", "Fornavn", "Telefon", "Poststed", "Sum"], rows)) == (
        "This looks like a contact list (one row per customer, with “Fornavn”, “Telefon”, “Poststed” and no order "
        "date): the calculator needs one row per order, with its date. Export your orders instead, for example "
        "Shopify: Orders → Export."
    )


def test_an_order_log_with_contact_columns_and_one_order_per_customer_loads():
    rows = [(f"c{index}@mail.example", "Pat", "+1 555 0100", day(index), f"{20 + index}.00") for index in range(5)]
    loaded = load_transactions(table(["Email", "First Name", "Phone", "Order date", "Total"], rows))
    assert (loaded.frame["customer_id"].nunique(), len(loaded.frame)) == (5, 5)
    assert loaded.frame["amount"].sum() == pytest.approx(sum(20 + index for index in range(5)))


def test_contact_columns_without_a_date_but_repeated_customers_get_the_usual_missing_date_message():
    rows = [(f"c{index % 2}@mail.example", "+47 22 00 00 00", 100 + index) for index in range(4)]
    with pytest.raises(InputError) as caught:
        load_transactions(table(["E-post", "Telefon", "Sum"], rows))
    assert caught.value.messages == {"date": (
        "We could not find the date column among the columns of the file (“E-post”, “Telefon”, “Sum”). Choose it "
        "in the list."
    )}


def test_an_order_log_with_a_lifetime_column_and_repeat_customers_loads():
    """One row per order (customers repeat), with the customer's total orders beside each: not a customer list."""
    rows = [(f"c{index % 3}@mail.example", day(index), "15.00", 2) for index in range(6)]
    loaded = load_transactions(table(["Email", "Date", "Total", "Total orders"], rows))
    assert (loaded.frame["customer_id"].nunique(), len(loaded.frame)) == (3, 6)


@pytest.mark.parametrize("language", ["el", "nb", "lt", "ja"])
def test_the_refusal_speaks_the_language_and_names_the_columns(language):
    with in_language(language):
        message = refusal(shopify_customers())
    assert "“Total Spent”, “Total Orders”" in message and "Shopify" in message and message != SUMMARY_MESSAGE


# --- on the Your data page -----------------------------------------------------------------------------------------


def test_the_page_says_which_guest_orders_are_left_out_and_refuses_a_customer_list():
    page = app_test("your_data").run()
    data, records = woocommerce_orders()
    page.file_uploader(key="upload_transactions").upload("woo.csv", data, "text/csv").run()
    assert not page.exception
    warnings = [plain(warning.value) for warning in page.warning]
    assert any(text.startswith("312 orders from guest checkouts (customer “0” in column “customer_id”") for text in
               warnings)
    [counted] = [plain(caption.value) for caption in page.caption if "orders from" in caption.value]
    assert counted.startswith(f"{len(records) - GUEST_ORDERS} orders from 40 customers")
    page.file_uploader(key="upload_transactions").upload("customers.csv", shopify_customers(), "text/csv").run()
    assert not page.exception
    assert SUMMARY_MESSAGE in [plain(error.value) for error in page.error]
