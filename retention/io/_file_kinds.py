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

import pyarrow.compute as pc

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

    source_of = {target: column for column, target in mapping.items() if target}
    date = source_of.get("date") if source_of.get("date") in cells.names else None
    totals, contacts = named("lifetime_totals"), named("contact_columns")
    if totals:
        error = file_error("customer_summary", columns=quoted_list(totals, _NAMED))
    elif not contacts or "order_id" in source_of or (date is not None and date not in named("signup_dates")):
        return
    elif date is not None:
        error = file_error("contact_list_signup", columns=quoted_list(contacts, _NAMED), date=quote(date))
    else:
        error = file_error("contact_list", columns=quoted_list(contacts, _NAMED))
    if _one_row_each(cells, source_of.get("customer_id")):
        raise error


def _one_row_each(cells: Cells, customer: str | None) -> bool:
    """Whether the column ``customer`` has filled cells, all different."""
    if customer not in cells.names:
        return False
    texts = pc.utf8_trim_whitespace(cells.table.column(str(cells.names.index(customer))))
    filled = texts.filter(pc.fill_null(pc.not_equal(texts, ""), False))
    return len(filled) > 0 and pc.count_distinct(filled).as_py() == len(filled)
