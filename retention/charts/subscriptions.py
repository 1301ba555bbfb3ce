"""Charts of a subscription cohort (:mod:`retention.btyd.sbg`): data frames in, Altair charts out.

=======================  ========================================================================================
builder                  what it shows
=======================  ========================================================================================
survival_chart           customers still subscribed per period: the typed curve and the model's, projected on
retention_rate_chart     the share renewing each period, observed and projected: it rises as the cohort ages
=======================  ========================================================================================

Each takes the frame of :func:`retention.btyd.sbg.projection`, whose ``*_data`` builder turns it into long form
(``period``, ``source``, ``value``, ``shown``). Titles state the finding with the user's numbers, axes their units,
every point has a tooltip; observed is blue and solid with points, the model orange and dashed (Okabe-Ito), and
the legend names both, so colour never carries meaning alone.
"""

import altair as alt
import numpy as np
import pandas as pd

from retention.charts.common import AUTOSIZE, wrapped_title
from retention.formatting import format_number, format_value
from retention.words import Words, words

__all__ = ["retention_rate_chart", "retention_rate_data", "survival_chart", "survival_data"]

OBSERVED_COLOUR, PROJECTED_COLOUR = "#0072B2", "#E69F00"


def _text() -> Words:
    return words("subscriptions")["charts"]


def _long(frame: pd.DataFrame, observed: str, projected: str, unit: str) -> pd.DataFrame:
    """Two columns of a projection in long form, rows without a value left out."""
    text = _text()
    parts = [pd.DataFrame({"period": frame["period"], "source": text[source], "value": frame[column]})
             for source, column in (("observed", observed), ("projected", projected))]
    data = pd.concat(parts, ignore_index=True).dropna(subset=["value"])
    data["shown"] = [format_value(float(value), unit) for value in data["value"]]
    return data.reset_index(drop=True)


def survival_data(frame: pd.DataFrame) -> pd.DataFrame:
    """Customers still subscribed per period, observed and projected (``value`` in customers)."""
    return _long(frame, "observed", "projected", "count").assign(
        shown=lambda data: [format_number(value) for value in data["value"]])


def retention_rate_data(frame: pd.DataFrame) -> pd.DataFrame:
    """The share of customers renewing each period, observed and projected (``value`` a fraction), from period 1."""
    return _long(frame, "observed_retention", "projected_retention", "fraction")


def _lines(data: pd.DataFrame, y: alt.Y, period: str, value_title: str) -> list:
    """The observed line with points and the projected dashed line, one legend for both."""
    text = _text()
    sources = [text["observed"], text["projected"]]
    periods, singular = words("format")["period_plural"][period], words("format")["period_singular"][period]
    x = alt.X("period:Q", title=text["axis_period"].format(periods=periods.capitalize()),
              axis=alt.Axis(tickMinStep=1, format="d"))
    colour = alt.Color("source:N", title=None, legend=alt.Legend(orient="bottom"),
                       scale=alt.Scale(domain=sources, range=[OBSERVED_COLOUR, PROJECTED_COLOUR]))
    dash = alt.StrokeDash("source:N", title=None, legend=alt.Legend(orient="bottom"),
                          scale=alt.Scale(domain=sources, range=[[1, 0], [6, 4]]))
    tooltip = [alt.Tooltip("period:Q", title=text["tooltip_period"].format(period=singular.capitalize())),
               alt.Tooltip("source:N", title=text["tooltip_source"]),
               alt.Tooltip("shown:N", title=value_title)]
    base = alt.Chart().encode(x=x, y=y, color=colour, tooltip=tooltip)
    observed = alt.datum.source == text["observed"]
    return [base.mark_line(strokeWidth=3).encode(strokeDash=dash),
            base.transform_filter(observed).mark_point(filled=True, size=50)]


def survival_chart(frame: pd.DataFrame, period: str = "year") -> alt.LayerChart:
    """Customers still subscribed per period; the title gives the start, the last typed period and the last
    projected one."""
    text = _text()
    data = survival_data(frame)
    observed = frame.dropna(subset=["observed"])
    last_typed, last = observed.iloc[-1], frame.iloc[-1]
    title = text["survival_title"].format(
        start=format_number(observed['observed'].iloc[0]), typed=format_number(last_typed['observed']),
        typed_period=int(last_typed["period"]), projected=format_number(last['projected']),
        last_period=int(last["period"]), periods=words("format")["period_plural"][period])
    y = alt.Y("value:Q", title=text["axis_customers"], scale=alt.Scale(zero=True))
    return alt.layer(*_lines(data, y, period, text["tooltip_customers"]), data=data, title=wrapped_title(title),
                     height=260, autosize=AUTOSIZE)


def retention_rate_chart(frame: pd.DataFrame, period: str = "year") -> alt.LayerChart:
    """The share renewing each period; the title says it rises, from period 1 to the last projected one, and why."""
    text = _text()
    data = retention_rate_data(frame)
    rates = frame["projected_retention"].to_numpy(float)
    singular = words("format")["period_singular"][period]
    title = text["retention_title"].format(
        first=format_value(rates[1], "fraction"), last=format_value(rates[-1], "fraction"),
        last_period=int(frame["period"].iloc[-1]), period=singular)
    shown = data["value"].to_numpy(float)
    low = float(np.floor(20 * shown.min()) / 20) if len(shown) else 0.0
    y = alt.Y("value:Q", title=text["axis_retention"].format(period=singular), axis=alt.Axis(format="%"),
              scale=alt.Scale(domain=[low, 1]))
    return alt.layer(*_lines(data, y, period, text["tooltip_retention"]), data=data, title=wrapped_title(title),
                     height=240, autosize=AUTOSIZE)
