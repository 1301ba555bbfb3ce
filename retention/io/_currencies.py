"""The file's currency: the ISO 4217 code its amounts are in, from the signs and codes written beside them or from a
currency column, and the notes or the refusal that say so.

>>> file_currency({"EUR": 3, "": 1}, quote("Betrag"), "signs").code
'EUR'
>>> file_currency({"$": 2}, quote("Total"), "signs").assumptions[0].key
'currency_assumed'
>>> file_currency({"kr": 2}, quote("Beløp"), "signs").code is None
True
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from retention.errors import InputError
from retention.formatting import CURRENCIES, currency_name
from retention.io._reading_words import header_key, phrase, quote
from retention.notes import Note
from retention.words import words

#: Signs written beside amounts and the code each stands for ("kr" alone and "$" alone are in ``AMBIGUOUS``).
SIGNS = {
    "€": "EUR", "£": "GBP", "¥": "JPY", "￥": "JPY", "円": "JPY", "元": "CNY", "₹": "INR", "₩": "KRW", "₽": "RUB",
    "₺": "TRY", "₴": "UAH", "₪": "ILS", "฿": "THB", "₫": "VND", "₦": "NGN", "₱": "PHP", "zł": "PLN", "Kč": "CZK",
    "Fr": "CHF", "Ft": "HUF", "lei": "RON", "R": "ZAR", "R$": "BRL", "US$": "USD", "CA$": "CAD", "C$": "CAD",
    "A$": "AUD", "AU$": "AUD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "MX$": "MXN",
}
#: Signs that several currencies write: the codes they may stand for, the first one assumed when it is the only sign
#: ("kr" alone is assumed to be none of its currencies: the user chooses).
AMBIGUOUS = {"$": ("USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN"), "kr": ("NOK", "SEK", "DKK", "ISK")}
_ASSUMED = {"$": "USD"}
_CODE = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class FileCurrency:
    """The code the amounts are in (None when the file does not tell), and the notes that say how it was found."""

    code: str | None
    assumptions: tuple[Note, ...] = ()
    warnings: tuple[Note, ...] = ()


def token(text: str) -> str:
    """A sign or code as the file wrote it, as a code or an ambiguous sign ("" for none or an unknown sign).

    >>> [token(text) for text in ("€", "usd", " EUR ", "kr.", "$", "¢", "")]
    ['EUR', 'USD', 'EUR', 'kr', '$', '', '']
    """
    text = text.strip().removesuffix(".")
    if _CODE.fullmatch(text.upper()):
        return text.upper()
    if text in AMBIGUOUS:
        return text
    return SIGNS.get(text, "")


def is_currency_column(name: str) -> bool:
    """Whether a header names the currency of the amounts: "Currency", "Währung", "Νόμισμα", "通貨", ...

    >>> [is_currency_column(name) for name in ("Currency", "Währung", "Νόμισμα", "通貨", "Amount")]
    [True, True, True, True, False]
    """
    return header_key(name) in {header_key(known) for known in words("readers")["currency_column"]["names"]}


def _rows_text(code: str, count: int) -> str:
    name = code if _CODE.fullmatch(code) else quote(code)
    return phrase("values", "currency_rows", count=count, currency=name)


def _several(counts: Mapping[str, int], column: str) -> InputError:
    """The refusal of a file whose amounts are in several currencies, naming each with its rows."""
    listed = ", ".join(_rows_text(code, count) for code, count in sorted(counts.items(), key=lambda item: -item[1]))
    return InputError({"amount": phrase("values", "several_currencies", column=column, currencies=listed)})


def file_currency(counts: Mapping[str, int], column: str, how: str) -> FileCurrency:
    """The currency of rows counted by :func:`token` ({token: rows}; "" for rows that name none), found in
    ``column`` (quoted) by ``how``: "signs" (beside the amounts) or "column" (a currency column).

    A file in several currencies raises an InputError: its amounts cannot be added up. "$" alone is taken as US
    dollars and said; "kr" alone names no currency, and a warning asks the user to choose.
    """
    counts = {code: count for code, count in counts.items() if code and count}
    codes = {code for code in counts if code not in AMBIGUOUS}
    if len(codes) == 1:
        code = next(iter(codes))
        if any(code not in AMBIGUOUS[sign] for sign in counts.keys() - codes):
            raise _several(counts, column)
    elif codes or len(counts) > 1:
        raise _several(counts, column)
    elif not counts:
        return FileCurrency(None)
    else:
        sign = next(iter(counts))
        if sign not in _ASSUMED:
            return FileCurrency(None, (), (Note("currency_ambiguous", phrase(
                "warnings", "currency_ambiguous", column=column, sign=quote(sign),
                options=", ".join(currency_name(option) for option in AMBIGUOUS[sign]),
            )),))
        code = _ASSUMED[sign]
        note = Note("currency_assumed", phrase("assumed", "currency_assumed", column=column,
                                               currency=currency_name(code)))
        return FileCurrency(code, (note,), _unknown(code))
    key = "currency_signs" if how == "signs" else "currency_column"
    note = Note("currency_found", phrase("assumed", key, column=column, currency=currency_name(code)))
    return FileCurrency(code, (note,), _unknown(code))


def _unknown(code: str) -> tuple[Note, ...]:
    """A warning when the app cannot show amounts in ``code``."""
    if code in CURRENCIES:
        return ()
    return (Note("currency_unknown", phrase("warnings", "currency_unknown", code=code)),)
