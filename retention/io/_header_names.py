"""Header names as the readers rank them: a currency or a unit written after the name, in brackets or after a
comma, costs it nothing. "Total (EUR)", "Total [USD]", "Total, EUR" and "Betrag (€)" are named as "Total" and
"Betrag" are, so that a total with its currency beats an exact "Subtotal"; "Menge (Stk.)" is a "Menge". A currency
there is an ISO 4217 code in capitals or a sign of :data:`~retention.io._currencies.SIGNS`, a unit a word of
``[header_units]``; anything else in brackets is part of the name ("Created (UTC)", "Total (excl. VAT)").

>>> [named_key(name) for name in ("Total (EUR)", "Total [USD]", "Total, EUR", "Betrag (€)", "Menge (Stk.)")]
['total', 'total', 'total', 'betrag', 'menge']
>>> [named_key(name) for name in ("Created (UTC)", "Total (net)", "Name, first", "Customer ID")]
['createdutc', 'totalnet', 'namefirst', 'customerid']
"""

import re

from babel.numbers import list_currencies

from retention.io._currencies import AMBIGUOUS, SIGNS
from retention.io._reading_words import header_key
from retention.words import words

#: A name, then one part in brackets or after a comma at its end.
_TAIL = re.compile(r"(?P<name>.*?\S)\s*(?:\((?P<round>[^()]*)\)|\[(?P<square>[^\[\]]*)\]|,(?P<comma>[^,]*))\s*")
_CODES = frozenset(list_currencies())


def _currency_or_unit(text: str) -> bool:
    text = text.strip()
    if text in _CODES or text in SIGNS or text in AMBIGUOUS or text.removesuffix(".") in AMBIGUOUS:
        return True
    return bool(header_key(text)) and header_key(text) in {
        header_key(word) for word in words("readers")["header_units"]["words"]}


def named_key(name: str) -> str:
    """:func:`~retention.io._reading_words.header_key` of a column name without a currency or a unit at its end."""
    match = _TAIL.fullmatch(name)
    if match is not None:
        tail = next(part for part in match.group("round", "square", "comma") if part is not None)
        if _currency_or_unit(tail):
            return header_key(match["name"])
    return header_key(name)
