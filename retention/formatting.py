"""Numbers, money and dates formatted for people in the current language, by Babel from the CLDR data.

Percentages have one decimal, money none from 1,000 on (or in a currency without cents), periods and days one.

>>> format_value(0.79, "fraction")
'79.0%'
>>> format_value(1234.5, "money", currency="EUR")
'€1,234'
>>> format_value(4.0, "periods", period="month")
'4.0 months'
>>> format_value(float("inf"), "periods", period="month")
'no limit'
>>> format_value(float("nan"), "money"), format_value(None, "fraction")
('–', '–')
>>> from retention.words import in_language
>>> with in_language("nb"):
...     format_value(0.875, "fraction"), format_value(1234.5, "money", currency="NOK")
('87,5\xa0%', '1\xa0234\xa0kr')
"""

import copy
import datetime as dt
import decimal
import math
import re
from functools import cache

from babel import Locale
from babel.dates import format_skeleton
from babel.lists import format_list as babel_list
from babel.numbers import format_decimal, get_currency_name, get_currency_precision, get_currency_symbol

from retention.fields import FIELDS_BY_NAME
from retention.metrics.registry import METRICS_BY_KEY
from retention.words import current_language, plural, words

__all__ = [
    "CURRENCIES", "currency_name", "currency_symbol", "format_date", "format_list", "format_money", "format_month",
    "format_number", "format_percent", "format_quantity", "format_value", "horizon_text", "locale", "signed_percent",
    "unit_of",
]

#: The CLDR locale whose list patterns a language of the app follows, where it is not the language's own.
LIST_LOCALES = {"en": "en_GB"}
#: The currencies a user can choose, by ISO code.
CURRENCIES = (
    "USD", "EUR", "GBP", "JPY", "INR", "CHF", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN", "NOK", "SEK", "DKK", "ISK",
    "PLN", "BRL",
)


def locale(language: str | None = None) -> Locale:
    """The Babel locale of a language of the app (the current one by default)."""
    return _locale(language or current_language())


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def currency_symbol(code: str) -> str:
    """The sign of a currency as the current language writes it: "$", "€", "kr", "¥" (the code when it has none)."""
    return get_currency_symbol(code, locale=locale())


def currency_name(code: str) -> str:
    """A currency in words with its code, "euros (EUR)"; the code alone for one without a name.

    >>> currency_name("EUR"), currency_name("XAF")
    ('euros (EUR)', 'Central African CFA francs (XAF)')
    """
    name = get_currency_name(code, count=2, locale=locale())
    return words("format")["currency_name"].format(name=name, code=code) if name != code else code


@cache
def _pattern(language: str, kind: str, decimals: int | None):
    here = locale(language)
    pattern = copy.copy(here.currency_formats["standard"] if kind == "money" else
                        here.percent_formats[None] if kind == "percent" else here.decimal_formats[None])
    pattern.frac_prec = (0, 6) if decimals is None else (decimals, decimals)
    return pattern


def _apply(pattern, value: float, **options) -> str:
    """Babel's formatting of a pattern with room for any float's digits (decimal's default 28 digits overflow on
    1e28 with one decimal)."""
    with decimal.localcontext() as context:
        context.prec = 400
        return pattern.apply(value, locale(), **options)


def format_number(value: float, decimals: int | None = 0) -> str:
    """A number with the local decimal sign and thousands separator: "1,234.5", "1 234,5"; with ``decimals``
    None, as many decimals as it has (up to 6), as a person types it: "0.4", "12"."""
    return _apply(_pattern(current_language(), "number", decimals), value)


def format_significant(value: float, digits: int) -> str:
    """A number to at most ``digits`` significant digits, the local way, as model estimates are shown: "0.2426",
    "0,2426".

    >>> format_significant(0.242612, 4), format_significant(4.41, 4), format_significant(12345.6, 3)
    ('0.2426', '4.41', '12300')
    """
    if not math.isfinite(value):
        return "–"
    return format_decimal(value, format="@" + "#" * (digits - 1), locale=locale())


def format_percent(fraction: float, decimals: int | None = 1) -> str:
    """A fraction as a percentage the local way: "87.5%", "87,5 %"; with ``decimals`` None, as a person types it:
    0.4 -> "40%", 0.004 -> "0.4%"."""
    return _apply(_pattern(current_language(), "percent", decimals), fraction)


def format_money(value: float, currency: str, whole: bool = False) -> str:
    """An amount in a currency the local way, without cents from 1,000 on, when ``whole``, or in a currency
    without cents: "$12.50", "€1,234", "1 234 kr", "￥1,234"."""
    decimals = 0 if whole or abs(value) >= 1_000 or get_currency_precision(currency) == 0 else 2
    text = _apply(_pattern(current_language(), "money", decimals), value, currency=currency, currency_digits=False)
    return _CURRENCY_SPACING.sub("\u00a0", text)


#: CLDR's currency spacing, which Babel leaves out: a sign made of letters is kept apart from the digits ("NOK 12").
_CURRENCY_SPACING = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def format_value(value: float | None, unit: str, currency: str = "USD", period: str = "month") -> str:
    """One value in its unit (fraction, count, money, periods, days, score or ratio); None and NaN (a figure the
    data cannot give, such as revenue from orders without amounts) are shown as a dash."""
    text = words("format")
    if value is None or math.isnan(value):
        return "–"
    if math.isinf(value):
        return text["unbounded"]
    if unit == "fraction":
        return format_percent(value)
    if unit == "money":
        return format_money(value, currency)
    if unit == "count":
        return format_number(value, 0 if float(value).is_integer() else 2)
    if unit == "periods":
        return plural(text["period_count"][period], value).format(count=format_number(value, 1))
    if unit == "days":
        return plural(text["day_count"], value).format(count=format_number(value, 1))
    if unit == "score":
        return ("+" if value > 0 else "") + format_number(value, 1)
    if unit == "ratio":
        return text["ratio"].format(value=format_number(value, 1))
    raise ValueError(f"unknown unit {unit!r}")


def format_date(day: dt.date, month_in_words: bool = False) -> str:
    """A day the local way: 01/15/2025, 15.01.2025, 2025/01/15; with the month in words as the tables write
    their dates: Jan 15, 2025, 15. jan. 2025, 2025年1月15日."""
    return format_skeleton("yMMMd" if month_in_words else "yMMdd", day, locale=locale())


def format_month(day: dt.date) -> str:
    """A month the local way: Jan 2025, jan. 2025, 2025年1月."""
    return format_skeleton("yMMM", day, locale=locale())


#: The skeleton a period's name is written with: "Jun 2024", "Q2 2024", "2024" (a week by its first day).
PERIOD_SKELETONS = {"week": "yMMdd", "month": "yMMM", "quarter": "yQQQ", "year": "y"}


def format_period(day: dt.date, period: str) -> str:
    """The period (week, month, quarter or year) a day falls in, the local way; a week by its first day.

    >>> format_period(dt.date(2024, 6, 15), "month"), format_period(dt.date(2024, 6, 15), "quarter")
    ('Jun 2024', 'Q2 2024')
    """
    if period == "week":
        day -= dt.timedelta(days=day.weekday())
    return format_skeleton(PERIOD_SKELETONS[period], day, locale=locale())


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
    '40.0%'
    """
    return format_value(value, unit_of(name), currency, period)


def horizon_text(periods: int, period: str) -> str:
    """A horizon in words: "36 months", "1 year".

    >>> horizon_text(36, "month"), horizon_text(1, "year")
    ('36 months', '1 year')
    """
    return plural(words("format")["period_count"][period], periods).format(count=format_number(periods))


def format_list(items, more: str = "") -> str:
    """Items joined as the current language writes a list ("a, b and c"; Japanese "a、b、c"), by CLDR's rules;
    ``more`` ("2 more") ends a list that names only its first items. English lists have no serial comma, as the
    app's other English messages ("rows 3, 4, 5 and 17 more").

    >>> format_list(["revenue", "margin", "customers"]), format_list(["retention"])
    ('revenue, margin and customers', 'retention')
    >>> from retention.words import in_language
    >>> with in_language("ja"):
    ...     format_list(["売上", "粗利益率"], more="ほか2件")
    '売上、粗利益率、ほか2件'
    """
    language = current_language()
    return babel_list([*items, *([more] if more else [])], locale=LIST_LOCALES.get(language, language))


def signed_percent(value: float, decimals: int = 1) -> str:
    """A relative change with its sign, as the app writes percentages.

    >>> signed_percent(0.707), signed_percent(-0.05, 0)
    ('+70.7%', '-5%')
    """
    return ("+" if value > 0 else "") + format_percent(value, decimals)
