"""Line items to orders: exports that write one row per item of an order, with the order's own fields written once
or on each row.

- an order's customer, date or status left blank on its later rows (Shopify writes them on the first row only)
  is the one of its first row (:func:`filled_by_order`);
- an amount written on the first row of each order only, or the same on every row of each order (an invoice total
  repeated on each line, as in Xero), is the order's amount and counts once (:func:`order_level`);
- where the amount is a price per unit, each row's amount is price x quantity (:func:`is_unit_price`).

>>> orders = np.array([0, 0, 1, 1, 1, 2])
>>> filled_by_order(np.array([4, -1, 7, -1, -1, 9]), orders).tolist()
[4, 4, 7, 7, 7, 9]
>>> way, once = order_level(np.array([30.0, np.nan, 12.0, np.nan, np.nan, 5.0]), orders)
>>> way, once.tolist()
('first_row', [30.0, 0.0, 12.0, 0.0, 0.0, 5.0])
>>> order_level(np.array([30.0, 30.0, 12.0, 12.0, 12.0, 5.0]), orders)[0]
'every_row'
>>> order_level(np.array([10.0, 20.0, 4.0, 4.0, 4.0, 5.0]), orders)
(None, None)
>>> is_unit_price("Item price", ["Order", "Item price", "Qty"]), is_unit_price("Total", ["Order", "Total", "Qty"])
(True, False)
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from retention.io._layouts import layout
from retention.io._reading_words import header_key
from retention.words import words


def _first_row(orders: np.ndarray) -> np.ndarray:
    return ~pd.Series(orders).duplicated().to_numpy()


def filled_by_order(codes: np.ndarray, orders: np.ndarray) -> np.ndarray:
    """Codes (-1 for a blank cell) with each blank taken from the first filled row of the same order; rows without
    an order (-1) are left as they are."""
    if not ((codes < 0) & (orders >= 0)).any():
        return codes
    values = pd.Series(np.where(codes < 0, np.nan, codes))
    first = values.groupby(np.where(orders < 0, np.nan, orders)).transform("first")
    return np.where((codes < 0) & (orders >= 0), first.fillna(-1).to_numpy(), codes).astype(np.int64)


def order_level(amounts: np.ndarray, orders: np.ndarray) -> tuple[str | None, np.ndarray | None]:
    """("first_row" or "every_row", the amounts with the order's amount on its first row and 0 on the others) when
    every order of several rows writes its amount that way, and the rows show it: an order whose later rows are
    blank, or two orders whose rows repeat one amount. (None, None) otherwise."""
    sizes = np.bincount(orders[orders >= 0])
    in_several = (orders >= 0) & (sizes[orders.clip(min=0)] > 1)
    if not in_several.any():
        return None, None
    several = pd.DataFrame({"order": orders[in_several], "amount": amounts[in_several]})
    first = ~several["order"].duplicated()
    later_blank = several.loc[~first, "amount"].isna().groupby(several.loc[~first, "order"]).all()
    repeated = several.groupby("order")["amount"].nunique(dropna=False).eq(1)
    if later_blank.all():
        way = "first_row"
    elif repeated.all() and len(repeated) >= 2:
        way = "every_row"
    else:
        return None, None
    return way, np.where(_first_row(orders) | (orders < 0), amounts, 0.0)


def is_unit_price(column: str, names: Sequence[str]) -> bool:
    """Whether a column of the file with these column ``names`` holds a price per unit: its name says so ("Price",
    "Lineitem price", "Preis", "単価"), unless the file is an export whose layout lists that column among its
    ``line_totals`` (Amazon's "item-price" is the price of the row's whole quantity)."""
    found = layout(names)
    if found is not None and header_key(column) in found.get("line_totals", ()):
        return False
    return header_key(column) in {header_key(name) for name in words("readers")["unit_price_names"]["names"]}
