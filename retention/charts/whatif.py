"""Charts of the what-if page: data frames in, Altair charts out (titles state the finding with the user's numbers).

- :func:`projection_chart`: customers, revenue or cumulative profit per period, baseline against scenario;
- :func:`sensitivity_chart`: which lever matters most (the same 10% improvement in each);
- :func:`retention_effect_chart`: +1 to +10 points of retention, beside the often-quoted claim of +25% to +95%.

Colours are Okabe-Ito (colour-blind safe); the two cases also differ by line style and are labelled at their ends,
and bars carry their values, so colour never carries meaning alone.
"""

from collections.abc import Mapping

import altair as alt
import pandas as pd

from retention.charts.common import AUTOSIZE, room_for_labels, wrapped_title
from retention.formatting import currency_symbol, format_value, horizon_text, signed_percent
from retention.words import Words, words

__all__ = [
    "projection_chart",
    "projection_data",
    "retention_effect_chart",
    "sensitivity_chart",
]

#: Okabe-Ito: baseline blue (dashed), scenario orange (solid); lifetime value blue, profit vermilion.
CASE_COLOURS = ("#0072B2", "#E69F00")
MEASURE_COLOURS = {"clv": "#0072B2", "profit": "#D55E00"}
CLAIM_COLOUR = "#999999"
HIGHLIGHT, PLAIN = "#D55E00", "#0072B2"
#: The claim: 5 points more retention, 25% to 95% more profit.
CLAIM_POINTS, CLAIM_LOW, CLAIM_HIGH = 5, 0.25, 0.95
#: Pixels per bar of a grouped bar chart.
OFFSET_STEP = 14


def _text() -> Words:
    return words("whatif")["charts"]


def _shown(value: float, unit: str, currency: str, period: str) -> str:
    """A projected value for people: customers are whole people."""
    return format_value(round(value) if unit == "count" else value, unit, currency, period)


def _symbol(currency: str) -> str:
    return currency_symbol(currency)


def projection_data(cases: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Projections of named cases (first the baseline, then the scenario) as one long table.

    Columns: case, period, measure (customers, revenue, cumulative_profit) and value.
    """
    frames = [
        projection.melt(id_vars="period", value_vars=["customers", "revenue", "cumulative_profit"],
                        var_name="measure", value_name="value").assign(case=name)
        for name, projection in cases.items()
    ]
    return pd.concat(frames, ignore_index=True)[["case", "period", "measure", "value"]]


_MEASURE_UNITS = {"customers": "count", "revenue": "money", "cumulative_profit": "money"}
_MEASURE_TITLES = {"customers": "projection_customers", "revenue": "projection_revenue",
                   "cumulative_profit": "projection_profit"}
_MEASURE_AXES = {"customers": "axis_customers", "revenue": "axis_revenue", "cumulative_profit": "axis_profit"}


def _total(data: pd.DataFrame, measure: str) -> float:
    """What the title reads off a case: customers at the end, revenue summed, profit accumulated."""
    values = data.sort_values("period")["value"]
    return float(values.sum() if measure == "revenue" else values.iloc[-1])


def projection_chart(data: pd.DataFrame, measure: str, currency: str = "USD", period: str = "month") -> alt.LayerChart:
    """One line per case over the horizon for one measure; the title gives the scenario's total and difference."""
    text = _text()
    unit = _MEASURE_UNITS[measure]
    rows = data[data["measure"] == measure]
    cases = list(dict.fromkeys(rows["case"]))
    periods = int(rows["period"].max())
    horizon = horizon_text(periods, period)
    totals = [_total(rows[rows["case"] == case], measure) for case in cases]
    shown = _shown(totals[-1], unit, currency, period)
    if len(cases) > 1 and totals[-1] != totals[0]:
        difference = totals[-1] - totals[0]
        difference_text = ("+" if difference > 0 else "") + _shown(difference, unit, currency, period)
        heading = text[_MEASURE_TITLES[measure]].format(case=cases[-1], value=shown, horizon=horizon,
                                                      difference=difference_text)
    else:
        heading = text["projection_same"].format(value=shown, horizon=horizon)
    rows = rows.assign(label=[_shown(value, unit, currency, period) for value in rows["value"]])
    colour = alt.Color("case:N", title=None, scale=alt.Scale(domain=cases, range=list(CASE_COLOURS[: len(cases)])),
                       legend=alt.Legend(orient="bottom", labelLimit=260))
    dash = alt.StrokeDash("case:N", scale=alt.Scale(domain=cases, range=[[6, 4], [1, 0]][-len(cases):]),
                          legend=None)
    x = alt.X("period:Q", title=text["axis_periods"].format(periods=words("format")["period_plural"][period]),
              axis=alt.Axis(tickMinStep=1, format="d"), scale=alt.Scale(domain=[1, max(periods, 2)]))
    y = alt.Y("value:Q", title=text[_MEASURE_AXES[measure]].format(currency=_symbol(currency)),
              scale=alt.Scale(zero=measure != "customers"))
    tooltip = [alt.Tooltip("case:N", title=text["tooltip_case"]),
               alt.Tooltip("period:Q", title=text["tooltip_period"]),
               alt.Tooltip("label:N", title=text["tooltip_value"])]
    lines = alt.Chart().mark_line(strokeWidth=2.5).encode(x=x, y=y, color=colour, strokeDash=dash,
                                                          tooltip=tooltip)
    points = alt.Chart().mark_point(filled=True, size=18, opacity=0).encode(x=x, y=y, tooltip=tooltip)
    ends = (
        alt.Chart().transform_filter(alt.datum.period == periods)
        .mark_text(align="right", dy=-8, fontSize=11)
        .encode(x=x, y=y, text=alt.Text("label:N"), color=alt.Color("case:N", legend=None,
                                                                    scale=alt.Scale(domain=cases,
                                                                                    range=list(CASE_COLOURS))))
    )
    return alt.layer(lines, points, ends, data=rows, title=wrapped_title(heading), height=260,
                     autosize=AUTOSIZE)


def sensitivity_chart(table: pd.DataFrame, currency: str = "USD", horizon: str = "") -> alt.LayerChart:
    """Grouped bars per lever (best first): the change in lifetime value and in profit from a 10% better lever.

    ``table`` is :func:`retention.whatif.sensitivity`; profit bars are left out when the baseline profit is not
    positive (a percentage of it would mislead).
    """
    text = _text()
    names = text["lever_names"]
    measures = {"clv": text["measure_clv"], "profit": text["measure_profit"]}
    rows = []
    for record in table.to_dict("records"):
        for measure in ("clv", "profit"):
            change = record[f"{measure}_change_pct"]
            if change is None or pd.isna(change):
                continue
            money = record[f"{measure}_change"]
            rows.append({"lever": names[record["lever"]], "measure": measures[measure], "key": measure,
                         "change": change, "label": signed_percent(change),
                         "money": format_value(money, "money", currency) if money is not None else ""})
    data = pd.DataFrame(rows, columns=["lever", "measure", "key", "change", "label", "money"])
    top = table.iloc[0]
    if top["profit_change"] and top["profit_change"] > 0:
        heading = text["sensitivity_title"].format(lever=names[top["lever"]], horizon=horizon,
                                                 profit=format_value(top["profit_change"], "money", currency))
    else:
        best = table.sort_values("clv_change", ascending=False, kind="stable").iloc[0]
        if best["clv_change"] and best["clv_change"] > 0:
            heading = text["sensitivity_title_clv"].format(lever=names[best["lever"]],
                                                         clv=format_value(best["clv_change"], "money", currency))
        else:
            heading = text["sensitivity_none"]
    order = [names[lever] for lever in table["lever"]]
    present = [measures[key] for key in ("clv", "profit") if key in set(data["key"])]
    y = alt.Y("lever:N", sort=order, title=None, axis=alt.Axis(labelLimit=150))
    colour = alt.Color("measure:N", title=None,
                       scale=alt.Scale(domain=present, range=[MEASURE_COLOURS[key] for key in ("clv", "profit")
                                                              if measures[key] in present]),
                       legend=alt.Legend(orient="bottom", columns=1))  # one per line: fits a phone
    tooltip = [alt.Tooltip("lever:N", title=text["tooltip_lever"]),
               alt.Tooltip("measure:N", title=text["tooltip_measure"]),
               alt.Tooltip("label:N", title=text["tooltip_change"]),
               alt.Tooltip("money:N", title=text["tooltip_money"])]
    x = alt.X("change:Q", title=text["axis_change"], axis=alt.Axis(format="%"), scale=room_for_labels(data["change"]))
    base = alt.Chart().encode(y=y, yOffset=alt.YOffset("measure:N", sort=present), tooltip=tooltip)
    bars = base.mark_bar().encode(x=x, color=colour)
    labels = base.mark_text(align="left", dx=3, fontSize=10).encode(x=alt.X("change:Q"), text=alt.Text("label:N"))
    # A step per bar, so the height follows the number of levers and measures.
    height = alt.Step(OFFSET_STEP, **{"for": "offset"})
    return alt.layer(bars, labels, data=data, title=wrapped_title(heading), height=height,
                     autosize=AUTOSIZE)


def retention_effect_chart(table: pd.DataFrame, horizon: str = "") -> alt.LayerChart:
    """Bars for +1 to +10 points of retention (the change in profit, or in lifetime value when profit is not
    positive), +5 highlighted, with the claim's band of +25% to +95% drawn at +5.

    ``table`` is :func:`retention.whatif.retention_effect`.
    """
    text = _text()
    use_profit = table["profit_change_pct"].notna().all() and len(table) > 0
    column = "profit_change_pct" if use_profit else "clv_change_pct"
    data = pd.DataFrame({
        "points": [text["points_label"].format(points=int(point)) for point in table["points"]],
        "change": table[column].astype(float),
        "retention": [format_value(value, "fraction") for value in table["retention_rate"]],
        "highlight": [int(point) == CLAIM_POINTS for point in table["points"]],
    })
    data = data.assign(label=[signed_percent(change, 0) for change in data["change"]])
    five = table[table["points"] == CLAIM_POINTS]
    if len(five):
        change = signed_percent(float(five[column].iloc[0]))
        heading = text["effect_title_profit" if use_profit else "effect_title_clv"].format(change=change,
                                                                                        horizon=horizon)
    elif len(table):
        measure = text["measure_profit" if use_profit else "measure_clv"].lower()
        heading = text["effect_title_short"].format(change=signed_percent(float(table[column].iloc[-1]), 0),
                                                    measure=measure, points=int(table["points"].iloc[-1]))
    else:
        heading = ""
    order = list(data["points"])
    x = alt.X("points:N", sort=order, title=text["axis_points"], axis=alt.Axis(labelAngle=0))
    y = alt.Y("change:Q", title=text["axis_effect_profit" if use_profit else "axis_effect_clv"],
              axis=alt.Axis(format="%"))
    tooltip = [alt.Tooltip("points:N", title=text["tooltip_points"]),
               alt.Tooltip("retention:N", title=text["tooltip_retention"]),
               alt.Tooltip("label:N", title=text["tooltip_change"])]
    colour = alt.condition(alt.datum.highlight, alt.value(HIGHLIGHT), alt.value(PLAIN))
    bars = alt.Chart(data).mark_bar().encode(x=x, y=y, color=colour, tooltip=tooltip)
    labels = alt.Chart(data).mark_text(dy=-6, fontSize=10).encode(x=x, y=alt.Y("change:Q"),
                                                                  text=alt.Text("label:N"))
    layers = [bars, labels]
    claim_x = text["points_label"].format(points=CLAIM_POINTS)
    if claim_x in order:
        band = pd.DataFrame({"points": [claim_x], "low": [CLAIM_LOW], "high": [CLAIM_HIGH],
                             "label": [text["claim_band"]]})
        claim = alt.Chart(band).mark_bar(color=CLAIM_COLOUR, opacity=0.35, width={"band": 1.0}).encode(
            x=alt.X("points:N", sort=order), y=alt.Y("low:Q"), y2=alt.Y2("high:Q"),
            tooltip=[alt.Tooltip("label:N", title=text["tooltip_measure"])],
        )
        # The claim's words sit at the top left, clear of the bars' labels; the band itself stands at +5.
        note = pd.DataFrame({"points": [order[0]], "top": [max(CLAIM_HIGH, float(data["change"].max()))],
                             "label": [text["claim_band"]]})
        claim_text = alt.Chart(note).mark_text(align="left", dx=-12, dy=4, fontSize=10, color="#555555").encode(
            x=alt.X("points:N", sort=order), y=alt.Y("top:Q"), text=alt.Text("label:N"),
        )
        layers = [claim, bars, labels, claim_text]
    return alt.layer(*layers, title=wrapped_title(heading), height=260, autosize=AUTOSIZE)
