"""Charts of a forecast (:mod:`retention.btyd.forecast`): data frames in, Altair charts out.

=================================  ==============================================================================
builder                            what it shows
=================================  ==============================================================================
clv_distribution_chart             how many customers are worth how much (a histogram of predicted CLV)
value_concentration_chart          the share of the predicted value held by the top customers, top 20% marked
probability_alive_chart            the model's chance of still being a customer by repeat purchases and time since
                                   the last purchase, at one customer age (a heatmap of the model's own matrix)
fit_check_chart                    customers with 0, 1, 2, ... repeat purchases: actual against predicted
holdout_chart                      purchases after the check date: predicted against actual, as running totals
=================================  ==============================================================================

Each builder has a ``*_data`` function that aggregates first (the heatmap's is
:func:`retention.btyd.alive_matrix.alive_matrix`), so the chart carries a few hundred rows at most whatever the
number of customers, and both can be tested without a browser (``chart.to_dict()``). Titles state the finding with
the user's numbers; axes say their units; every mark has a tooltip; colours are Okabe-Ito or a single-hue scale
(colour-blind safe), and every series is also told apart by its legend, its labels or its dash, so colour never
carries meaning alone. Charts fill the width they are given and stay readable 390 px wide.
"""

import json
import math

import altair as alt
import numpy as np
import pandas as pd

from retention.btyd.customer_summary import time_unit_days
from retention.btyd.forecast import (
    TOP_SHARE,
    HoldoutCheck,
    format_duration,
    misplaced_share,
    top_value_share,
)
from retention.charts.common import AUTOSIZE, title_lines
from retention.formatting import currency_symbol, format_date, format_money, format_number, format_value
from retention.words import Words, words

__all__ = [
    "clv_distribution_chart",
    "clv_distribution_data",
    "fit_check_chart",
    "fit_check_data",
    "holdout_chart",
    "holdout_data",
    "probability_alive_chart",
    "value_concentration_chart",
    "value_concentration_data",
]

#: Okabe-Ito: actual figures in blue, the model's in orange; the curve of value in blue, its marker vermillion.
ACTUAL_COLOUR, PREDICTED_COLOUR, MARKER_COLOUR, REFERENCE_COLOUR = "#0072B2", "#E69F00", "#D55E00", "#999999"
#: Bars of the CLV histogram, and the share of customers drawn in bars (the rest fall in the last, open bar).
CLV_BINS = 20
CLV_SHOWN_QUANTILE = 95
#: The probability-alive heatmap writes each cell's percentage in it up to this many columns of repeat purchases.
LABELLED_COLUMNS = 16


def _text() -> Words:
    return words("forecast")["charts"]


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least ``raw`` (> 0).

    >>> _nice_step(0.7), _nice_step(3.2), _nice_step(40)
    (1.0, 5.0, 50.0)
    """
    power = 10.0 ** math.floor(math.log10(raw))
    return next(factor * power for factor in (1, 2, 2.5, 5, 10) if factor * power >= raw * (1 - 1e-12))


def _money(value: float, currency: str) -> str:
    return format_value(float(value), "money", currency)


def _money_edge(value: float, currency: str) -> str:
    """A bin edge as money, without cents when it is whole: $120, $2.50."""
    if float(value).is_integer():
        return format_money(float(value), currency, whole=True)
    return _money(value, currency)


def _percent(share: float) -> str:
    return format_value(float(share), "fraction")


# --- distribution of predicted CLV -----------------------------------------------------------------------------


def clv_distribution_data(customers: pd.DataFrame, currency: str = "USD", bins: int = CLV_BINS) -> pd.DataFrame:
    """Customers per range of predicted CLV: ``start``, ``end``, ``customers``, ``range`` (in words), ``open``.

    The bars cover 0 to about the 95th percentile in round steps; customers above fall into one last, open bar
    ("$60 or more") of the same width, so a few very valuable customers do not squash the others into one bar.
    Customers without a value (NaN) are left out.
    """
    text = _text()
    values = customers["predicted_clv"].dropna().to_numpy(float)
    columns = ["start", "end", "customers", "range", "open"]
    if len(values) == 0:
        return pd.DataFrame(columns=columns)
    upper = float(np.percentile(values, CLV_SHOWN_QUANTILE)) if len(values) >= bins else float(values.max())
    upper = upper if upper > 0 else max(float(values.max()), 1.0)
    step = _nice_step(upper / bins)
    edges = np.arange(math.ceil(upper / step - 1e-9) + 1) * step
    is_open = bool(values.max() > edges[-1])
    if is_open:
        edges = np.append(edges, edges[-1] + step)
        counts, _ = np.histogram(np.minimum(values, edges[-2]), edges)
    else:
        counts, _ = np.histogram(values, edges)
    starts, ends = edges[:-1], edges[1:]
    ranges = [text["range_label"].format(low=_money_edge(low, currency), high=_money_edge(high, currency))
              for low, high in zip(starts, ends, strict=True)]
    if is_open:
        ranges[-1] = text["open_label"].format(low=_money_edge(starts[-1], currency))
    flags = [False] * (len(starts) - 1) + [is_open]
    return pd.DataFrame({"start": starts, "end": ends, "customers": counts, "range": ranges, "open": flags},
                        columns=columns)


def clv_distribution_chart(customers: pd.DataFrame, currency: str = "USD") -> alt.LayerChart:
    """A histogram of predicted CLV; the title gives the median and the value that the top tenth exceed."""
    text = _text()
    data = clv_distribution_data(customers, currency)
    values = customers["predicted_clv"].dropna()
    if len(values):
        title = text["clv_distribution"].format(median=_money(values.median(), currency),
                                                top_tenth=_money(values.quantile(0.9), currency))
    else:
        title = text["clv_distribution_empty"]
    symbol = currency_symbol(currency)
    x = alt.X("start:Q", bin="binned", title=text["axis_clv"].format(currency=symbol),
              axis=alt.Axis(labelOverlap=True, tickCount=6))
    y = alt.Y("customers:Q", title=text["axis_customers"])
    tooltip = [alt.Tooltip("range:N", title=text["tooltip_range"]),
               alt.Tooltip("customers:Q", title=text["tooltip_customers"], format=",")]
    bars = alt.Chart().mark_bar(color=ACTUAL_COLOUR).encode(x=x, x2=alt.X2("end:Q"), y=y, tooltip=tooltip)
    # The open last bar says what it holds ("$120+"), above it.
    open_label = alt.Chart().transform_filter(alt.datum.open).transform_calculate(
        middle="(datum.start + datum.end) / 2").mark_text(dy=-7, fontSize=11).encode(
        x=alt.X("middle:Q"), y=y, text=alt.Text("range:N"), tooltip=tooltip)
    return alt.layer(bars, open_label, data=data, title=title_lines(title), height=240, autosize=AUTOSIZE)


# --- share of value held by the top customers ----------------------------------------------------------------


def value_concentration_data(customers: pd.DataFrame, points: int = 100) -> pd.DataFrame:
    """The cumulative share of predicted value against the share of customers, most valuable first.

    Columns ``customer_share`` (0, 0.01, ..., 1), ``value_share``, ``equal_share`` (the same as customer_share: the
    line if every customer were worth the same) and ``marker`` (True at the top 20%). The top k of n customers
    are the first ceil(k / 100 · n), as in :func:`retention.btyd.forecast.top_value_share`.
    """
    values = np.sort(customers["predicted_clv"].dropna().to_numpy(float))[::-1]
    shares = np.linspace(0, 1, points + 1)
    total = values.sum()
    if len(values) == 0 or total <= 0:
        value_share = shares.copy()
    else:
        cumulative = np.concatenate(([0.0], np.cumsum(values) / total))
        value_share = cumulative[np.ceil(np.round(shares * len(values), 9)).astype(int)]
    return pd.DataFrame({"customer_share": shares, "value_share": value_share, "equal_share": shares,
                         "marker": np.isclose(shares, TOP_SHARE)})


def value_concentration_chart(customers: pd.DataFrame) -> alt.LayerChart:
    """The cumulative share curve, the equal-value diagonal dashed, and the top 20% point labelled in words."""
    text = _text()
    data = value_concentration_data(customers)
    top = top_value_share(customers["predicted_clv"], TOP_SHARE)
    top = 0.0 if math.isnan(top) else top
    data["label"] = np.where(data["marker"], text["value_concentration_marker"].format(share=_percent(top)), "")
    data["customers_shown"] = [_percent(share) for share in data["customer_share"]]
    data["value_shown"] = [_percent(share) for share in data["value_share"]]
    x = alt.X("customer_share:Q", title=text["axis_customer_share"], axis=alt.Axis(format="%"),
              scale=alt.Scale(domain=[0, 1]))
    y = alt.Y("value_share:Q", title=text["axis_value_share"], axis=alt.Axis(format="%"),
              scale=alt.Scale(domain=[0, 1]))
    tooltip = [alt.Tooltip("customers_shown:N", title=text["tooltip_customer_share"]),
               alt.Tooltip("value_shown:N", title=text["tooltip_value_share"])]
    equal = alt.Chart().mark_line(color=REFERENCE_COLOUR, strokeDash=[4, 4]).encode(
        x=x, y=alt.Y("equal_share:Q"), tooltip=[alt.Tooltip("customers_shown:N", title=text["equal_share"])],
    )
    curve = alt.Chart().mark_line(color=ACTUAL_COLOUR, strokeWidth=3).encode(x=x, y=y, tooltip=tooltip)
    marked = alt.Chart().transform_filter(alt.datum.marker)
    point = marked.mark_point(color=MARKER_COLOUR, size=90, filled=True).encode(x=x, y=y, tooltip=tooltip)
    label = marked.mark_text(align="left", dx=10, dy=10, fontSize=13, fontWeight="bold").encode(
        x=x, y=y, text=alt.Text("label:N"))
    title = text["value_concentration"].format(share=_percent(top))
    return alt.layer(equal, curve, point, label, data=data, title=title_lines(title), height=260, autosize=AUTOSIZE)


# --- the model's chance still a customer, by repeat purchases and time since the last purchase ---------------


def _probability_title(matrix: pd.DataFrame, time_unit: str, frequency: int) -> str:
    """Where the chance of a customer with ``frequency`` repeat purchases drops below one in two, in words."""
    text = _text()
    age = format_duration(float(matrix["T"].iloc[0]) * time_unit_days(time_unit), time_unit)
    frequency = min(frequency, int(matrix["frequency"].max()))
    row = matrix[matrix["frequency"] == frequency].sort_values("since_last")
    below = row[row["probability"] < 0.5]
    if below.empty:
        return text["probability_alive_stays"].format(age=age, purchases=frequency + 1)
    gap = format_duration(float(below["since_last"].iloc[0]) * time_unit_days(time_unit), time_unit)
    return text["probability_alive"].format(age=age, purchases=frequency + 1, gap=gap)


def probability_alive_chart(matrix: pd.DataFrame, time_unit: str, frequency: int) -> alt.LayerChart:
    """A heatmap of the model's chance still a customer (:func:`retention.btyd.alive_matrix.alive_matrix`): repeat
    purchases across, time since the last purchase down (most recent first); the value is in each cell's tooltip
    and, rounded, in the cell while the grid is narrow enough to read, with a legend for the colours. The title
    tells when a customer with ``frequency`` repeat purchases (the typical repeat customer's) is probably gone."""
    text = _text()
    units = words("forecast")["unit_plural"][time_unit]
    data = matrix.assign(shown=[_percent(p) for p in matrix["probability"]],
                         label=[format_number(100 * p) for p in matrix["probability"]])
    encoding = {
        "x": alt.X("frequency:O", title=text["axis_repeat_purchases"],
                   axis=alt.Axis(labelAngle=0, labelOverlap=True, orient="top")),
        "y": alt.Y("since_last:O", title=text["axis_since_last"].format(units=units.capitalize())),
        "tooltip": [alt.Tooltip("frequency:O", title=text["tooltip_repeat"]),
                    alt.Tooltip("since_last:O", title=f"{text['tooltip_since_last']} ({units})"),
                    alt.Tooltip("shown:N", title=text["tooltip_probability"])],
    }
    cells = alt.Chart().mark_rect().encode(
        color=alt.Color("probability:Q", title=text["legend_probability"],
                        scale=alt.Scale(scheme="blues", domain=[0, 1]),
                        legend=alt.Legend(format="%", orient="bottom", gradientLength=160)),
        **encoding,
    )
    layers = [cells]
    if matrix["frequency"].nunique() <= LABELLED_COLUMNS:
        layers.append(alt.Chart().mark_text(fontSize=10).encode(
            text=alt.Text("label:N"),
            color=alt.condition(alt.datum.probability > 0.55, alt.value("white"), alt.value("#222222")),
            **encoding,
        ))
    height = 26 * max(1, matrix["since_last"].nunique())
    title = _probability_title(matrix, time_unit, frequency)
    return alt.layer(*layers, data=data, title=title_lines(title), height=height, autosize=AUTOSIZE)


# --- fit check: customers by repeat purchases, actual and predicted ------------------------------------------


def fit_check_data(fit_check: pd.DataFrame) -> pd.DataFrame:
    """The fit check in long form: ``group`` (repeat purchases), ``source`` (Actual, Predicted), ``customers``,
    ``shown`` (rounded, with thousands separators)."""
    text = _text()
    rows = [
        {"group": group, "source": text[source], "customers": float(count), "shown": format_number(count)}
        for group, actual, predicted in fit_check[["repeat_purchases", "actual", "predicted"]].itertuples(index=False)
        for source, count in (("actual", actual), ("predicted", predicted))
    ]
    return pd.DataFrame(rows, columns=["group", "source", "customers", "shown"])


def fit_check_chart(fit_check: pd.DataFrame) -> alt.LayerChart:
    """Horizontal grouped bars (phone-friendly), one pair per number of repeat purchases, each bar labelled."""
    text = _text()
    data = fit_check_data(fit_check)
    share = misplaced_share(fit_check)
    title = text["fit_check_off" if share > 0.10 else "fit_check"].format(share=_percent(share))
    sources = [text["actual"], text["predicted"]]
    top = float(data["customers"].max()) if len(data) else 1.0
    encoding = {
        "y": alt.Y("group:N", sort=list(fit_check["repeat_purchases"]), title=text["axis_repeat_purchases"]),
        "yOffset": alt.YOffset("source:N", sort=sources),
        "x": alt.X("customers:Q", title=text["axis_customers"], scale=alt.Scale(domain=[0, top * 1.2], nice=False),
                   axis=alt.Axis(tickCount=4, labelOverlap=True)),
        "tooltip": [alt.Tooltip("group:N", title=text["tooltip_repeat"]),
                    alt.Tooltip("source:N", title=text["tooltip_source"]),
                    alt.Tooltip("shown:N", title=text["tooltip_customers"])],
    }
    bars = alt.Chart().mark_bar().encode(
        color=alt.Color("source:N", title=None, scale=alt.Scale(domain=sources, range=[ACTUAL_COLOUR,
                                                                                       PREDICTED_COLOUR]),
                        legend=alt.Legend(orient="bottom")),
        **encoding,
    )
    labels = alt.Chart().mark_text(align="left", dx=3, fontSize=10).encode(text=alt.Text("shown:N"), **encoding)
    height = 34 * len(fit_check)
    return alt.layer(bars, labels, data=data, title=title_lines(title), height=height, autosize=AUTOSIZE)


# --- holdout check: purchases after the check date, predicted and actual ------------------------------------


def holdout_data(holdout: HoldoutCheck) -> pd.DataFrame:
    """The running totals in long form: ``date``, ``source`` (Actual, Predicted), ``purchases``, ``shown``,
    ``last`` (True on the final date, where the lines are labelled)."""
    text = _text()
    tracking = holdout.tracking
    last = tracking["date"] == tracking["date"].max()
    frames = [
        pd.DataFrame({"date": tracking["date"], "source": text[source], "purchases": tracking[source].astype(float),
                      "shown": [format_number(value) for value in tracking[source]], "last": last})
        for source in ("actual", "predicted")
    ]
    return pd.concat(frames, ignore_index=True)


def holdout_chart(holdout: HoldoutCheck) -> alt.LayerChart:
    """Two running totals after the check date, the model's dashed; the title gives both totals and the gap."""
    text = _text()
    data = holdout_data(holdout)
    sources = [text["actual"], text["predicted"]]
    difference = holdout.difference
    if math.isnan(difference) or abs(difference) < 0.0005:
        gap = text["holdout_exact"]
    else:
        gap = text["holdout_more" if difference > 0 else "holdout_fewer"].format(share=_percent(abs(difference)))
    split = format_date(holdout.calibration_end)
    title = text["holdout_check"].format(
        split=split, predicted=format_number(holdout.predicted_purchases),
        actual=format_number(holdout.actual_purchases),
        duration=format_duration(holdout.duration * time_unit_days(holdout.time_unit), holdout.time_unit),
        difference=gap,
    )
    totals = {text["actual"]: format_number(holdout.actual_purchases),
              text["predicted"]: format_number(holdout.predicted_purchases)}
    legend_labels = " : ".join(f"datum.label == {json.dumps(source)} ? {json.dumps(f'{source}: {total}')}"
                               for source, total in totals.items()) + " : datum.label"
    x = alt.X("date:T", title=text["axis_date"], axis=alt.Axis(format="%b %Y", labelOverlap=True, tickCount=4))
    y = alt.Y("purchases:Q", title=text["axis_cumulative"].format(split=split))
    # One legend for colour and dash (the same field and legend), each line named with its total.
    legend = alt.Legend(orient="bottom", labelExpr=legend_labels, symbolStrokeWidth=3, symbolType="stroke",
                        symbolSize=400)
    colour = alt.Color("source:N", title=None, legend=legend,
                       scale=alt.Scale(domain=sources, range=[ACTUAL_COLOUR, PREDICTED_COLOUR]))
    dash = alt.StrokeDash("source:N", title=None, legend=legend,
                          scale=alt.Scale(domain=sources, range=[[1, 0], [6, 4]]))
    tooltip = [alt.Tooltip("date:T", title=text["tooltip_date"], format="%x"),
               alt.Tooltip("source:N", title=text["tooltip_source"]),
               alt.Tooltip("shown:N", title=text["tooltip_purchases"])]
    lines = alt.Chart().mark_line(strokeWidth=3).encode(x=x, y=y, color=colour, strokeDash=dash, tooltip=tooltip)
    return alt.layer(lines, data=data, title=title_lines(title), height=280, autosize=AUTOSIZE)
