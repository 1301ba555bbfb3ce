"""Numbers formatted for people: percentages with one decimal, money with the currency, thousands separators.

>>> format_value(0.79, "fraction")
'79.0 %'
>>> format_value(1234.5, "money", currency="EUR")
'€1,234'
>>> format_value(4.0, "periods", period="month")
'4.0 months'
>>> format_value(float("inf"), "periods", period="month")
'no limit'
"""

import math

from retention.fields import FIELDS_BY_NAME
from retention.metrics.registry import METRICS_BY_KEY
from retention.words import words

__all__ = [
    "CURRENCIES", "currency_name", "format_quantity", "format_value", "horizon_text", "signed_percent", "unit_of",
]

#: Currency code -> symbol shown before amounts.
CURRENCIES = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "CHF": "CHF ",
    "CAD": "CA$",
    "AUD": "A$",
    "NZD": "NZ$",
    "HKD": "HK$",
    "SGD": "S$",
    "MXN": "MX$",
    "NOK": "NOK ",
    "SEK": "SEK ",
    "DKK": "DKK ",
    "ISK": "ISK ",
    "PLN": "PLN ",
    "BRL": "R$",
}


def currency_name(code: str) -> str:
    """A currency in words with its code, "euros (EUR)"; the code alone for one without words.

    >>> currency_name("EUR"), currency_name("XAF")
    ('euros (EUR)', 'XAF')
    """
    return words("format")["currency_names"].get(code, code)


def _number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def format_value(value: float | None, unit: str, currency: str = "USD", period: str = "month") -> str:
    """One value in its unit (fraction, count, money, periods, days, score or ratio); None is shown as a dash."""
    text = words("format")
    if value is None:
        return "–"
    if math.isinf(value):
        return text["unbounded"]
    if unit == "fraction":
        return f"{_number(100 * value, 1)} %"
    if unit == "money":
        sign = "-" if value < 0 else ""
        decimals = 0 if abs(value) >= 1_000 or currency == "JPY" else 2
        return f"{sign}{CURRENCIES.get(currency, '$')}{_number(abs(value), decimals)}"
    if unit == "count":
        return _number(value, 0 if float(value).is_integer() else 2)
    if unit == "periods":
        name = text["period_singular" if value == 1 else "period_plural"][period]
        return f"{_number(value, 1)} {name}"
    if unit == "days":
        return f"{_number(value, 1)} {text['days']}"
    if unit == "score":
        return f"{value:+.1f}" if value else "0.0"
    if unit == "ratio":
        return f"{_number(value, 1)}×"
    raise ValueError(f"unknown unit {unit!r}")


def unit_of(name: str) -> str:
    """The unit of a field, of a metric or of period_days, by name."""
    if name in FIELDS_BY_NAME:
        return FIELDS_BY_NAME[name].kind
    if name in METRICS_BY_KEY:
        return METRICS_BY_KEY[name].unit
    if name == "period_days":
        return "days"
    raise KeyError(name)


def format_quantity(name: str, value: float | None, currency: str = "USD", period: str = "month") -> str:
    """A field's or metric's value formatted in its unit.

    >>> format_quantity("customers_start", 1200)
    '1,200'
    >>> format_quantity("gross_margin", 0.4)
    '40.0 %'
    """
    return format_value(value, unit_of(name), currency, period)


def horizon_text(periods: int, period: str) -> str:
    """A horizon in words: "36 months", "1 year".

    >>> horizon_text(36, "month"), horizon_text(1, "year")
    ('36 months', '1 year')
    """
    names = words("format")["period_singular" if periods == 1 else "period_plural"]
    return f"{periods:,} {names[period]}"


def signed_percent(value: float, decimals: int = 1) -> str:
    """A relative change with its sign, as the app writes percentages.

    >>> signed_percent(0.707), signed_percent(-0.05, 0)
    ('+70.7 %', '-5 %')
    """
    return f"{100 * value:+,.{decimals}f} %"
