"""Exports recognised by their header: the first of ``[layouts]`` (the readers' words) whose identifying
``columns`` the header has every one of, in the header names' form (:func:`header_key`). A layout's
``order_rows`` names the column whose values mark the rows that are orders, where the export writes rows detailing
an order below the order's own row (:func:`order_rows`); its ``non_sales`` names columns and the values of them
that mark rows that are no sale in that export, beside the status words of every file (:func:`non_sales`); a
layout with a ``refusal`` is an export that cannot serve as an order log, refused in those (translated) words.

>>> layout(["Name", "Email", "Financial Status", "Lineitem quantity", "Lineitem price", "Total"])["name"]
'a Shopify orders export'
>>> layout(["Customer", "Date", "Total"]) is None
True
>>> order_rows(["Date", "Receipt Number", "Line Type", "Customer Code", "Total", "Status"])
('Line Type', frozenset({'sale'}))
>>> paypal = non_sales(["Date", "Gross", "Fee", "Net", "From Email Address", "Transaction ID", "Balance Impact"])
>>> paypal["balanceimpact"], "bankdeposittoppaccount" in paypal["type"]
(frozenset({'debit'}), True)
"""

from collections.abc import Sequence

from retention.io._reading_words import header_key
from retention.words import words


def layout(names: Sequence[str]) -> dict | None:
    """The layout of the export with these column names, or None for a file no layout describes."""
    keys = {header_key(name) for name in names}
    return next((found for found in words("readers")["layouts"].values() if set(found["columns"]) <= keys), None)


def order_rows(names: Sequence[str]) -> tuple[str, frozenset[str]] | None:
    """(the column, the values that mark an order's own row, in header-key form) for an export whose layout has
    ``order_rows`` (Lightspeed X-Series writes a "Sale" row, then "Sale Line" and "Payment" rows); None otherwise."""
    found = layout(names)
    if found is None or "order_rows" not in found:
        return None
    [(key, values)] = found["order_rows"].items()
    return next(name for name in names if header_key(name) == key), frozenset(values)


def non_sales(names: Sequence[str]) -> dict[str, frozenset[str]]:
    """{column, in header-key form: the values that mark a row that is no sale} of the export's layout (PayPal's
    "Debit" rows are money the shop paid out, its "Bank Deposit to PP Account" rows money it moved in;
    WooCommerce's "Pending payment" orders are not paid), else {}."""
    found = layout(names) or {}
    return {key: frozenset(values) for key, values in found.get("non_sales", {}).items()}
