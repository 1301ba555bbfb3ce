"""Files that are not order logs but lists of customers, refused with what the file is and which export serves.

Both kinds have one row per customer: the filled cells of the customer column are all different.

- A **customer summary** has a column of lifetime totals (``[customer_files] lifetime_totals`` of the readers'
  words: "Total Spent", "Total Orders", "Last order date", as Shopify's customers export writes them).
- A **contact list** has columns of contact details (``contact_columns``: first name, phone, address, ...), no
  order number and no order date: no date column, or only a signup date (``signup_dates``: "OPTIN_TIME" of a
  Mailchimp audience, "Sign up" of WooCommerce's customers).

Order logs pass untouched: a log where each customer bought once has an order date (or an order number).
"""

from collections.abc import Mapping

from retention.io._file_cells import Cells, file_error
from retention.io._reading_words import header_key, quote, quoted_list
from retention.words import words

#: How many of the telling columns a message names.
_NAMED = 3


def refuse_customer_lists(cells: Cells, mapping: Mapping[str, str]) -> None:
    """Raise an InputError when the file, read with ``mapping`` ({file column: normalised column}), is a customer
    summary or a contact list; return otherwise."""
    known = words("readers")["customer_files"]

    def named(table: str) -> list[str]:
        listed = {header_key(name) for name in known[table]}
        return [name for name in cells.names if header_key(name) in listed]

    totals, contacts = named("lifetime_totals"), named("contact_columns")
    source_of = {target: column for column, target in mapping.items() if target}
    if not (totals or contacts) or not _one_row_each(cells, source_of.get("customer_id")):
        return
    if totals:
        raise file_error("customer_summary", columns=quoted_list(totals, _NAMED))
    date = source_of.get("date")
    if "order_id" in source_of or (date in cells.names and date not in named("signup_dates")):
        return
    if date in cells.names:
        raise file_error("contact_list_signup", columns=quoted_list(contacts, _NAMED), date=quote(date))
    raise file_error("contact_list", columns=quoted_list(contacts, _NAMED))


def _one_row_each(cells: Cells, customer: str | None) -> bool:
    """Whether the column ``customer`` has filled cells, all different."""
    if customer not in cells.names:
        return False
    texts = cells.table.column(str(cells.names.index(customer))).to_pandas().str.strip()
    texts = texts[texts.fillna("") != ""]
    return not texts.empty and not texts.duplicated().any()
