"""Which of several amount columns holds what an order is worth, chosen from the values of the first rows.

A file may have several columns that could be the amount ("Subtotal" and "Total", "Gross" and "Net", "Price" and
"Line total", "Order Total" and "Item Price": names of ``[header_names]`` amount and ``[unit_price_names]``). Each
such column whose cells read as numbers is read as an amount per order:

- where order numbers repeat over line items, a column filled on each order's first row only, or the same on
  every row of each order, is order-level and counts once per order, as the loader counts it
  (:func:`~retention.io._line_items.order_level`); a price per unit (by its name, or because another column is
  that price times the quantity on every row) is never order-level;
- a line-level column adds up over the order's rows, a price per unit times the quantity;
- order-level columns beat line-level ones (an order's total beats a price); among them, the one at least as large
  as each other one in every order (amounts compared without their sign) is the amount: a total includes what a
  subtotal or a net amount leaves out. Ties go to a column that is not a price per unit, then to the name guess.

The reason is said: the other order-level columns (up to three, none larger than the chosen one) that the chosen
one adds to another candidate ("Shipping", "Taxes") where its values show that, else that it is written once per
order, or that it is the price times the quantity, or that it is the largest. Without a column that wins, nothing
is chosen and the guess from the names stands.

>>> rows = pd.DataFrame({"Name": ["#1", "#1", "#2"], "Subtotal": ["33", None, "12.5"], "Shipping": ["4.9", None, "0"],
...                      "Total": ["37.9", None, "12.5"], "Lineitem price": ["12.5", "8", "12.5"],
...                      "Lineitem quantity": ["2", "1", "1"]})
>>> choice = amount_choice(rows, {"Name": "order_id", "Total": "amount", "Lineitem quantity": "quantity"}, False)
>>> choice.column, choice.reason, choice.extras, choice.others
('Total', 'includes', ('Shipping',), ('Subtotal', 'Lineitem price'))
"""

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from retention.io._cell_values import number_texts
from retention.io._header_names import named_key
from retention.io._line_items import order_level
from retention.io._reading_words import header_key
from retention.words import words

#: How far apart two amounts may be and still be equal (rounding to cents).
_CENTS = 0.011
_SHARE = 0.9
#: The most other order-level columns tried as what a total adds to another candidate, and the most added at once.
_EXTRAS = 6
_EXTRAS_AT_ONCE = 3


@dataclass(frozen=True)
class AmountChoice:
    """The chosen amount column, the candidates left out and why (a key of the ``amount_*`` reasons in the readers'
    ``[assumed]`` words; ``extras`` are the columns a total "includes")."""

    column: str
    others: tuple[str, ...]
    reason: str
    extras: tuple[str, ...] = ()


def _numbers(rows: pd.DataFrame, columns: list[str], comma_first: bool) -> dict[str, pd.Series]:
    """{column: its numbers, NaN for empty cells} for the columns whose filled cells read as numbers (nine in ten);
    the distinct texts of all the columns are read in one go."""
    texts = {column: rows[column].fillna("").astype(str).str.strip() for column in columns}
    if not texts:
        return {}
    distinct = pd.Index(pd.unique(np.concatenate([column.to_numpy(dtype=object) for column in texts.values()])))
    values, found = number_texts(pd.Series(distinct, dtype=object), allow_percent=False, comma_first=comma_first)
    numbers = {}
    for column, cells in texts.items():
        codes, filled = distinct.get_indexer(cells), cells.ne("").to_numpy()
        if filled.any() and (~found["invalid"][codes][filled]).mean() >= _SHARE:
            numbers[column] = pd.Series(values[codes], index=cells.index)
    return numbers


def _may_be_numbers(texts: pd.Series) -> bool:
    """Whether a column's filled cells could be numbers (a digit, three letters at most as in "EUR", no time or
    date separators): a quick look that spares reading texts, names and dates as numbers."""
    filled = {text.strip() for text in texts.dropna() if text.strip()}
    return bool(filled) and all(
        any(char.isdigit() for char in text) and sum(char.isalpha() for char in text) <= 3
        and ":" not in text and "/" not in text and text.count("-") <= 1 for text in filled)


def _order_codes(rows: pd.DataFrame, column: str | None) -> np.ndarray:
    """A code per row: its order's, or a code of its own where there is no order number."""
    own = np.arange(len(rows)) + len(rows)
    if column is None:
        return own
    texts = rows[column].fillna("").astype(str).str.strip()
    return np.where(texts.eq("").to_numpy(), own, pd.factorize(texts)[0])


def _per_order(values: pd.Series, orders: np.ndarray, order_level: bool) -> pd.Series:
    """Each order's amount by a column, without its sign: its first filled value where the column is order-level,
    else the sum over the order's rows."""
    grouped = values.groupby(orders)
    return (grouped.first() if order_level else grouped.sum()).fillna(0.0).abs()


def _is_order_level(values: pd.Series, orders: np.ndarray) -> bool:
    """Whether the loader counts the column once per order (:func:`~retention.io._line_items.order_level`)."""
    return order_level(values.to_numpy(), orders)[0] is not None


def amount_choice(rows: pd.DataFrame, mapping: Mapping[str, str], comma_first: bool) -> AmountChoice | None:
    """The amount column that makes the orders of ``rows`` (the first rows of the file, as text) add up, among the
    columns named like an amount or a price and not mapped to another column; None when fewer than two such
    columns hold numbers or none wins."""
    reader_words = words("readers")
    named = {header_key(name) for name in reader_words["header_names"]["amount"]}
    unit_names = {header_key(name) for name in reader_words["unit_price_names"]["names"]}
    source_of = {target: column for column, target in mapping.items()}
    free = [column for column in rows.columns if mapping.get(column, "amount") == "amount"]
    named_free = [column for column in free if named_key(column) in named | unit_names]
    if len(named_free) < 2:
        return None
    counted = [source_of["quantity"]] if "quantity" in source_of else []
    others = [column for column in free if column not in named_free and _may_be_numbers(rows[column])]
    numbers = _numbers(rows, named_free + others + counted, comma_first)
    candidates = [column for column in named_free if column in numbers]
    if len(candidates) < 2:
        return None
    quantity = pd.Series(1.0, index=rows.index)
    if counted and counted[0] in numbers:
        quantity = numbers.pop(counted[0]).fillna(1.0)
    orders = _order_codes(rows, source_of.get("order_id"))
    unit = {column for column in candidates if named_key(column) in unit_names}
    if quantity.ne(1).any():
        unit |= {price for price in candidates for line in candidates if line != price and np.allclose(
            numbers[price].to_numpy() * quantity.to_numpy(), numbers[line].to_numpy(), atol=_CENTS, equal_nan=True)}
    line_items = bool(pd.Series(orders).duplicated().any())
    level = {column: column not in unit and (not line_items or _is_order_level(numbers[column], orders))
             for column in numbers}
    per_order = {column: _per_order(numbers[column] * (quantity if column in unit else 1.0), orders, level[column])
                 for column in numbers}
    pool = [column for column in candidates if level[column]] if line_items else []
    pool = pool or candidates
    top = [column for column in pool
           if all((per_order[column] >= per_order[other] - _CENTS).all() for other in pool if other != column)]
    if not top:
        return None
    guessed = source_of.get("amount")
    chosen = min(top, key=lambda column: (column in unit, column != guessed, candidates.index(column)))
    others = tuple(column for column in candidates if column != chosen)
    if all(np.allclose(per_order[chosen], per_order[other], atol=_CENTS) for other in others) and not (
            unit - {chosen}):
        return None
    extras = [column for column in numbers if column not in candidates and level[column]
              and (per_order[column] <= per_order[chosen]).all()][:_EXTRAS]
    if added := _added(per_order, chosen, others, extras):
        return AmountChoice(chosen, others, "includes", added)
    if line_items and level[chosen] and not all(level[other] for other in others):
        return AmountChoice(chosen, others, "order_total")
    if any(np.allclose(per_order[chosen], per_order[other], atol=_CENTS) for other in unit - {chosen}):
        return AmountChoice(chosen, others, "line_total")
    return AmountChoice(chosen, others, "largest")


def _added(per_order: Mapping[str, pd.Series], chosen: str, others: tuple[str, ...], extras: list[str]) -> tuple:
    """The fewest of ``extras`` (up to ``_EXTRAS_AT_ONCE``) that the chosen column adds to another candidate in
    every order, not all zero ("Shipping", "Taxes"); () when none do."""
    for count in range(1, _EXTRAS_AT_ONCE + 1):
        for added in combinations(extras, count):
            more = sum(per_order[column] for column in added)
            if more.gt(_CENTS).any() and any(
                    np.allclose(per_order[chosen], per_order[other] + more, atol=_CENTS) for other in others):
                return added
    return ()
