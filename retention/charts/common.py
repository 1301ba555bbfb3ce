"""What every chart shares: the autosize that fits a page, titles in short lines, room for bar labels.

Colours come from the Okabe-Ito palette (colour-blind safe), and every chart also labels in words or signs, so
colour never carries meaning alone.
"""

import textwrap

import altair as alt

__all__ = ["AUTOSIZE", "KIND_COLOURS", "TITLE_LINE_LENGTH", "accessible", "chart_data", "room_for_labels",
           "title_lines", "wrapped_title"]

TITLE_LINE_LENGTH = 48
#: The width follows the page and the height is the plot's own: without "fit-x", Streamlit's stretched width
#: makes Vega fit title, axes and legend into the height too, which crushes the plot and clips long titles.
AUTOSIZE = alt.AutoSizeParams(type="fit-x", contains="padding")

#: Okabe-Ito colours: levels, losses, gains.
KIND_COLOURS = {"level": "#0072B2", "loss": "#D55E00", "gain": "#009E73"}


def title_lines(text: str) -> alt.TitleParams:
    """A chart title in short lines, so it fits a phone screen, anchored left."""
    return alt.TitleParams(textwrap.wrap(text, TITLE_LINE_LENGTH), anchor="start", fontSize=14)


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
    """The chart with its legend below the plot (it fits a phone) and no action menu (it covered the title on a
    phone); ui/accessibility.py names its drawing after its title."""
    return chart.properties(usermeta={"embedOptions": {"actions": False}}).configure_legend(orient="bottom")


def accessible_spec(spec: dict) -> dict:
    """:func:`accessible` on a chart's Vega-Lite spec, in place: the same settings without copying the Altair
    object twice (each copy of a layered chart cost more than its conversion)."""
    spec["usermeta"] = {**spec.get("usermeta", {}), "embedOptions": {"actions": False}}
    config = spec.setdefault("config", {})
    config["legend"] = {**config.get("legend", {}), "orient": "bottom"}
    return spec
