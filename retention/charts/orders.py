"""Charts of an order log: trends per period, the customer bridge per period, cohorts, purchase gaps, the 80/20 view.

Builders take the frames of :mod:`retention.orders` and return Altair charts; titles state the finding with
the user's numbers, axes carry units, every mark has a tooltip, colours are Okabe-Ito (colour-blind safe) and
series are also told apart by their labels in the legend and tooltips.
"""

import altair as alt
import numpy as np
import pandas as pd

from retention.charts.common import AUTOSIZE, KIND_COLOURS, title_lines
from retention.formatting import format_number, format_value
from retention.orders.habits import Concentration
from retention.words import Words, words

__all__ = [
    "TREND_METRICS",
    "bridge_by_period_chart",
    "cohort_curves_chart",
    "cohort_heatmap",
    "gaps_histogram",
    "pareto_chart",
    "rate_trend_chart",
]

#: The rates drawn on the trend chart, in legend order.
TREND_METRICS = ("retention_rate", "net_revenue_retention", "repeat_purchase_rate", "churn_rate")
#: Okabe-Ito colours for up to four series.
SERIES_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00")
#: Heatmap cells carry their percentage as text up to this many columns (beyond, the tooltip gives it).
MAX_LABELLED_COLUMNS = 13
#: Height of the charts with one bar or point per period (their rotated period labels and legend take room).
PERIOD_CHART_HEIGHT = 260
#: Cohort curves drawn individually (the most recent ones); the average is always drawn.
CURVE_COHORTS = 8


def _text() -> Words:
    return words("data_charts")


def _period_labels(index: pd.Index) -> list[str]:
    return [str(period) for period in index]


def rate_trend_chart(table: pd.DataFrame, period: str = "month") -> alt.Chart:
    """Lines of the key rates per period; the title gives the average and latest retention."""
    text = _text()
    labels = words("metrics")
    rows = [
        {"period": label, "metric": labels[key]["label"], "value": value, "shown": format_value(value, "fraction")}
        for key in TREND_METRICS
        for label, value in zip(_period_labels(table.index), table[key], strict=True)
        if pd.notna(value)
    ]
    data = pd.DataFrame(rows, columns=["period", "metric", "value", "shown"])
    retention = table["retention_rate"].dropna()
    if retention.empty:
        title = text["trend_empty"]
    else:
        title = text["trend"].format(
            average=format_value(retention.mean(), "fraction"), latest=format_value(retention.iloc[-1], "fraction"),
            when=str(retention.index[-1]), period=words("format")["period_singular"][period],
        )
    domain = [labels[key]["label"] for key in TREND_METRICS]
    encoding = {
        "x": alt.X("period:O", title=text["axis_period"], sort=_period_labels(table.index),
                   axis=alt.Axis(labelAngle=-45)),
        "y": alt.Y("value:Q", title=text["axis_rate"], axis=alt.Axis(format="%")),
        "color": alt.Color("metric:N", title=None, scale=alt.Scale(domain=domain, range=list(SERIES_COLOURS)),
                           legend=alt.Legend(orient="bottom", columns=2)),
        "tooltip": [alt.Tooltip("period:O", title=text["axis_period"]), alt.Tooltip("metric:N", title=text["metric"]),
                    alt.Tooltip("shown:N", title=text["value"])],
    }
    lines = alt.Chart().mark_line(point=True).encode(**encoding)
    return alt.layer(lines, data=data, title=title_lines(title), height=PERIOD_CHART_HEIGHT, autosize=AUTOSIZE)


def bridge_by_period_chart(table: pd.DataFrame) -> alt.Chart:
    """Stacked bars per period: customers kept, new and won back above zero, customers lost below."""
    text = _text()
    parts = text["bridge_parts"]
    kept = table["customers_start"] - table["lost_customers"]
    won_back = table["reactivated_customers"].fillna(0) if "reactivated_customers" in table else 0 * kept
    columns = {"kept": kept, "new": table["new_customers"], "won_back": won_back, "lost": -table["lost_customers"]}
    periods = _period_labels(table.index)
    data = pd.DataFrame([
        {"period": label, "part": parts[name], "customers": float(value), "shown": format_number(abs(value))}
        for name, values in columns.items()
        for label, value in zip(periods, values, strict=True)
    ])
    title = text["bridge"].format(
        lost=format_number(table['lost_customers'].mean()),
        gained=format_number((table['new_customers'] + won_back).mean()),
    )
    domain = [parts[name] for name in columns]
    colours = [KIND_COLOURS["level"], KIND_COLOURS["gain"], "#56B4E9", KIND_COLOURS["loss"]]
    bars = alt.Chart().mark_bar().encode(
        x=alt.X("period:O", title=text["axis_period"], sort=periods, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("customers:Q", title=text["axis_customers"], stack="zero"),
        color=alt.Color("part:N", title=None, scale=alt.Scale(domain=domain, range=colours),
                        legend=alt.Legend(orient="bottom", columns=2)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("period:O", title=text["axis_period"]), alt.Tooltip("part:N", title=text["part"]),
                 alt.Tooltip("shown:N", title=text["axis_customers"])],
    )
    data["order"] = data["part"].map({name: position for position, name in enumerate(domain)})
    return alt.layer(bars, data=data, title=title_lines(title), height=PERIOD_CHART_HEIGHT, autosize=AUTOSIZE)


def _cohort_long(matrix: pd.DataFrame) -> pd.DataFrame:
    shares = matrix.drop(columns="customers")
    data = shares.stack().rename("share").reset_index()
    data.columns = ["cohort", "after", "share"]
    data["cohort"] = data["cohort"].astype(str)
    data["after"] = data["after"].astype(int)
    data["size"] = data["cohort"].map(dict(zip(_period_labels(matrix.index), matrix["customers"], strict=True)))
    data["shown"] = [format_value(share, "fraction") for share in data["share"]]
    return data


def _average_curve(matrix: pd.DataFrame) -> pd.Series:
    """Share still buying k periods later, over all cohorts old enough, weighted by cohort size."""
    shares = matrix.drop(columns="customers")
    sizes = matrix["customers"].to_numpy(float)
    weights = np.where(shares.notna(), sizes[:, None], 0.0)
    buying = np.nansum(shares.to_numpy(float) * weights, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.Series(buying / weights.sum(axis=0), index=shares.columns.astype(int))


def _cohort_title(matrix: pd.DataFrame, period: str) -> str:
    average = _average_curve(matrix)
    later = average.drop(index=0, errors="ignore").dropna()
    text = _text()
    if later.empty:
        return text["cohorts_young"]
    after = min(3, int(later.index.max()))
    return text["cohorts"].format(
        share=format_value(later.loc[after], "fraction"), after=after,
        periods=words("format")["period_singular" if after == 1 else "period_plural"][period],
    )


def cohort_heatmap(matrix: pd.DataFrame, period: str = "month") -> alt.Chart:
    """One row per cohort, one column per period since the first purchase, shaded by the share buying then."""
    text = _text()
    data = _cohort_long(matrix)
    encoding = {
        "x": alt.X("after:O", title=text["axis_after"].format(periods=words("format")["period_plural"][period])),
        "y": alt.Y("cohort:O", title=text["axis_cohort"], sort=_period_labels(matrix.index)),
        "tooltip": [alt.Tooltip("cohort:O", title=text["axis_cohort"]),
                    alt.Tooltip("size:Q", title=text["size"], format=","),
                    alt.Tooltip("after:O", title=text["after"]), alt.Tooltip("shown:N", title=text["share"])],
    }
    data = data.dropna(subset=["share"])
    later = data.loc[data["after"] > 0, "share"]
    top = float(later.max()) if len(later) and later.max() > 0 else 1.0
    cells = alt.Chart().mark_rect().encode(
        color=alt.Color("share:Q", title=text["share"], legend=alt.Legend(format="%", orient="bottom"),
                        scale=alt.Scale(scheme="blues", domain=[0, top], clamp=True)),
        **encoding,
    )
    layers = [cells]
    if matrix.shape[1] - 1 <= MAX_LABELLED_COLUMNS:
        layers.append(alt.Chart().mark_text(fontSize=10).encode(
            text=alt.Text("shown:N"),
            color=alt.condition(alt.datum.share > top / 2, alt.value("white"), alt.value("#222222")),
            **encoding,
        ))
    height = max(200, 18 * len(matrix))
    return alt.layer(*layers, data=data, title=title_lines(_cohort_title(matrix, period)), height=height,
                     autosize=AUTOSIZE)


def cohort_curves_chart(matrix: pd.DataFrame, period: str = "month") -> alt.Chart:
    """Share of each recent cohort still buying k periods later, with the size-weighted average in bold."""
    text = _text()
    recent = matrix.iloc[-CURVE_COHORTS:]
    data = _cohort_long(recent).dropna(subset=["share"])
    average = _average_curve(matrix).dropna()
    average_data = pd.DataFrame({"after": average.index, "share": average.to_numpy(),
                                 "shown": [format_value(share, "fraction") for share in average],
                                 "cohort": text["average"]})
    x = alt.X("after:Q", title=text["axis_after"].format(periods=words("format")["period_plural"][period]))
    y = alt.Y("share:Q", title=text["axis_share_buying"], axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
    tooltip = [alt.Tooltip("cohort:N", title=text["axis_cohort"]), alt.Tooltip("after:Q", title=text["after"]),
               alt.Tooltip("shown:N", title=text["share"])]
    cohorts = alt.Chart(data).mark_line(strokeWidth=1, opacity=0.6).encode(
        x=x, y=y, detail=alt.Detail("cohort:N"), color=alt.value("#999999"), tooltip=tooltip
    )
    mean = alt.Chart(average_data).mark_line(strokeWidth=3, point=True).encode(
        x=x, y=y, color=alt.value(SERIES_COLOURS[0]), tooltip=tooltip
    )
    title = text["curves"].format(count=len(recent))
    return alt.layer(cohorts, mean, title=title_lines(title), height=240, autosize=AUTOSIZE)


def gaps_histogram(gaps: pd.Series) -> alt.Chart:
    """How many repeat purchases came how many days after the previous one (a histogram of exact gaps)."""
    text = _text()
    days = gaps.to_numpy(float)
    upper = float(np.percentile(days, 99)) if len(days) else 1.0
    edges = np.histogram_bin_edges(np.clip(days, 0, upper), bins=30)
    counts, _ = np.histogram(np.clip(days, 0, upper), bins=edges)
    data = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "purchases": counts})
    data["shown"] = [f"{format_number(start)}–{format_number(end)}"
                     for start, end in zip(data["start"], data["end"], strict=True)]
    title = text["gaps"].format(median=format_number(np.median(days)) if len(days) else "–",
                                mean=format_number(days.mean(), 1) if len(days) else "–")
    bars = alt.Chart().mark_bar(color=SERIES_COLOURS[0]).encode(
        x=alt.X("start:Q", bin="binned", title=text["axis_days"]),
        x2=alt.X2("end:Q"),
        y=alt.Y("purchases:Q", title=text["axis_purchases"]),
        tooltip=[alt.Tooltip("shown:N", title=text["axis_days"]),
                 alt.Tooltip("purchases:Q", title=text["axis_purchases"], format=",")],
    )
    return alt.layer(bars, data=data, title=title_lines(title), height=220, autosize=AUTOSIZE)


def pareto_chart(concentration: Concentration) -> alt.Chart:
    """Cumulative share of revenue against the share of customers, best customers first; the top 20% marked."""
    text = _text()
    curve = concentration.curve.assign(
        customers_shown=[format_value(v, "fraction") for v in concentration.curve["customer_share"]],
        revenue_shown=[format_value(v, "fraction") for v in concentration.curve["revenue_share"]],
    )
    marker = pd.DataFrame({"customer_share": [concentration.top_share],
                           "revenue_share": [concentration.top_revenue_share],
                           "label": [text["pareto_marker"].format(
                               customers=format_value(concentration.top_share, "fraction"),
                               revenue=format_value(concentration.top_revenue_share, "fraction"))]})
    x = alt.X("customer_share:Q", title=text["axis_customer_share"], axis=alt.Axis(format="%"))
    y = alt.Y("revenue_share:Q", title=text["axis_revenue_share"], axis=alt.Axis(format="%"))
    line = alt.Chart(curve).mark_line(color=SERIES_COLOURS[0], strokeWidth=3).encode(
        x=x, y=y, tooltip=[alt.Tooltip("customers_shown:N", title=text["axis_customer_share"]),
                           alt.Tooltip("revenue_shown:N", title=text["axis_revenue_share"])],
    )
    point = alt.Chart(marker).mark_point(color=KIND_COLOURS["loss"], size=90, filled=True).encode(x=x, y=y)
    label = alt.Chart(marker).mark_text(align="left", dx=8, dy=12, fontSize=12).encode(
        x=x, y=y, text=alt.Text("label:N")
    )
    title = text["pareto"].format(
        top=format_value(concentration.top_share, "fraction"),
        revenue=format_value(concentration.top_revenue_share, "fraction"),
    )
    return alt.layer(line, point, label, title=title_lines(title), height=240, autosize=AUTOSIZE)
