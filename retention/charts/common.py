"""What every chart shares: the autosize that fits a page, titles in short lines, room for bar labels.

Colours come from the Okabe-Ito palette (colour-blind safe), and every chart also labels in words or signs, so
colour never carries meaning alone.
"""

import re
import textwrap
import unicodedata
from functools import cache

import altair as alt
from babel.dates import get_date_format, get_day_names, get_month_names, get_period_names, get_time_format
from babel.numbers import get_decimal_symbol, get_group_symbol

from retention.formatting import locale
from retention.words import current_language

__all__ = ["AUTOSIZE", "KIND_COLOURS", "TITLE_LINE_LENGTH", "accessible", "chart_data", "chart_locale",
           "room_for_labels", "title_lines", "wrapped_title"]

TITLE_LINE_LENGTH = 48
#: The width follows the page and the height is the plot's own: without "fit-x", Streamlit's stretched width
#: makes Vega fit title, axes and legend into the height too, which crushes the plot and clips long titles.
AUTOSIZE = alt.AutoSizeParams(type="fit-x", contains="padding")

#: Okabe-Ito colours: levels, losses, gains.
KIND_COLOURS = {"level": "#0072B2", "loss": "#D55E00", "gain": "#009E73"}


def title_lines(text: str) -> alt.TitleParams:
    """A chart title in short lines, so it fits a phone screen, anchored left; a line of wide letters (Japanese)
    holds half as many, and a text without spaces breaks between letters."""
    wide = any(unicodedata.east_asian_width(char) in "WF" for char in text)
    lines = textwrap.wrap(text, TITLE_LINE_LENGTH // 2 if wide else TITLE_LINE_LENGTH, break_long_words=wide)
    return alt.TitleParams(lines, anchor="start", fontSize=14)


def wrapped_title(text: str) -> alt.TitleParams:
    """A chart title in short lines (:func:`title_lines`), never broken between a number and its per cent sign.

    >>> wrapped_title("Profit +70.7 % over 36 months").text
    ['Profit +70.7\xa0% over 36 months']
    """
    return title_lines(text.replace(" %", "\u00a0%"))


def room_for_labels(values) -> alt.Scale:
    """A scale from 0 that leaves a fifth more room on the right for the labels written after the bars."""
    values = [float(value) for value in values] or [0.0]
    low, high = min(0.0, *values), max(0.0, *values)
    return alt.Scale(domain=[low, high * 1.2 if high else 1.0], nice=False)


def _parts(chart) -> list:
    """The chart and the charts it is made of (layers, concatenations), outermost first."""
    parts = [chart]
    for name in ("layer", "hconcat", "vconcat", "concat"):
        for part in getattr(chart, name, None) or []:
            parts.extend(_parts(part))
    return parts


def chart_data(chart):
    """The table the chart draws (the first data of the chart or its parts), None when it has none."""
    for part in _parts(chart):
        data = getattr(part, "data", alt.Undefined)
        if hasattr(data, "columns"):
            return data
    return None


def accessible(chart):
    """The chart with its legend below the plot (it fits a phone), no action menu (it covered the title on a
    phone) and the numbers and dates of its axes and tooltips in the current language; ui/accessibility.py names
    its drawing after its title."""
    chart = chart.properties(usermeta={"embedOptions": {"actions": False}})
    return chart.configure(locale=chart_locale(current_language())).configure_legend(orient="bottom")


_DATE_FIELDS = {"yyyy": "%Y", "yy": "%y", "y": "%Y", "MMMM": "%B", "MMM": "%b", "MM": "%m", "M": "%-m", "dd": "%d",
                "d": "%-d", "HH": "%H", "H": "%-H", "hh": "%I", "h": "%-I", "mm": "%M", "ss": "%S", "a": "%p"}


def _d3_date(pattern: str) -> str:
    """A CLDR date pattern as a d3 time format: "dd.MM.y" -> "%d.%m.%Y"; quoted text kept, other fields dropped."""
    tokens = re.finditer(r"'([^']*)'|(([A-Za-z])\3*)|([^A-Za-z']+)", pattern)
    out = []
    for token in tokens:
        literal, field, _, other = token.groups()
        out.append(literal if literal is not None else _DATE_FIELDS.get(field, "") if field else other)
    return "".join(out).strip(" ,")


@cache
def chart_locale(language: str) -> dict:
    """Vega's number and time locale for a language, from the CLDR data: decimal sign, thousands separator, month
    and day names, the short date ("%x") and time ("%X") formats."""
    here = locale(language)
    days = get_day_names("wide", locale=here)
    short_days = get_day_names("abbreviated", locale=here)
    sunday_first = [6, 0, 1, 2, 3, 4, 5]
    periods = get_period_names("abbreviated", locale=here)
    return {
        "number": {"decimal": get_decimal_symbol(here), "thousands": get_group_symbol(here), "grouping": [3],
                   "currency": ["", ""]},
        "time": {
            "dateTime": "%x %X",
            "date": _d3_date(get_date_format("short", locale=here).pattern),
            "time": _d3_date(get_time_format("short", locale=here).pattern),
            "periods": [periods.get("am", "AM"), periods.get("pm", "PM")],
            "days": [days[i] for i in sunday_first],
            "shortDays": [short_days[i] for i in sunday_first],
            "months": [get_month_names("wide", "stand-alone", locale=here)[m] for m in range(1, 13)],
            "shortMonths": [get_month_names("abbreviated", "stand-alone", locale=here)[m] for m in range(1, 13)],
        },
    }


def accessible_spec(spec: dict) -> dict:
    """:func:`accessible` on a chart's Vega-Lite spec, in place: the same settings without copying the Altair
    object twice (each copy of a layered chart cost more than its conversion)."""
    spec["usermeta"] = {**spec.get("usermeta", {}), "embedOptions": {"actions": False}}
    config = spec.setdefault("config", {})
    config["legend"] = {**config.get("legend", {}), "orient": "bottom"}
    config["locale"] = chart_locale(current_language())
    return spec
