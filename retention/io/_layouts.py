"""Exports recognised by their header: the first of ``[layouts]`` (the readers' words) whose identifying
``columns`` the header has every one of, in the header names' form (:func:`header_key`).

>>> layout(["Name", "Email", "Financial Status", "Lineitem quantity", "Lineitem price", "Total"])["name"]
'a Shopify orders export'
>>> layout(["Customer", "Date", "Total"]) is None
True
"""

from collections.abc import Sequence

from retention.io._reading_words import header_key
from retention.words import words


def layout(names: Sequence[str]) -> dict | None:
    """The layout of the export with these column names, or None for a file no layout describes."""
    keys = {header_key(name) for name in names}
    return next((found for found in words("readers")["layouts"].values() if set(found["columns"]) <= keys), None)
