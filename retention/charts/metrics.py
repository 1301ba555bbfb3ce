"""Chart builders: data frames in, Altair charts out. Titles state the finding; axes carry units; tooltips.

Each chart has a ``*_data`` function that turns the user's numbers into a small data frame and a ``*_chart``
function that draws it, so both can be tested without a browser (``chart.to_dict()``). Colours come from the
Okabe-Ito palette (colour-blind safe) and every bar is also labelled in words or signs, so colour never carries
meaning alone.
"""

from collections.abc import Mapping

import altair as alt
import pandas as pd

from retention.charts.common import AUTOSIZE, KIND_COLOURS, title_lines
from retention.formatting import currency_symbol, format_money, format_number, format_value
from retention.words import Words, words

__all__ = [
    "clv_buildup_chart",
    "clv_buildup_data",
    "customer_bridge_chart",
    "customer_bridge_data",
    "nps_split_chart",
    "nps_split_data",
    "revenue_bridge_chart",
    "revenue_bridge_data",
]

NPS_COLOURS = {"detractors": "#D55E00", "passives": "#999999", "promoters": "#009E73"}


#: Step names may hold "\n": each part is drawn on a line of its own, so labels fit a phone screen.
STEP_AXIS = alt.Axis(labelAngle=0, labelExpr="split(datum.label, '\\n')", labelOverlap=False)


def _text() -> Words:
    return words("charts")


def _waterfall_frame(steps: list[tuple[str, float, str]]) -> pd.DataFrame:
    """Steps (label, amount, kind) of a bridge with the bar ends: levels stand on 0, changes move the total."""
    rows, total = [], 0.0
    for label, amount, kind in steps:
        if kind == "level":
            bottom, top, total = 0.0, amount, amount
        else:
            signed = -amount if kind == "loss" else amount
            bottom, top = sorted((total, total + signed))
            total += signed
        rows.append({"step": label, "amount": amount, "kind": kind, "bottom": bottom, "top": top})
    return pd.DataFrame(rows)


def _waterfall_chart(data: pd.DataFrame, title: str, axis_title: str, currency: str | None = None) -> alt.Chart:
    """Steps from a start to an end level, each labelled in customers or, with a currency, in money."""
    text = _text()
    data = data.assign(
        kind_label=data["kind"].map(text["kinds"]),
        label=[
            ("−" if kind == "loss" else "+" if kind == "gain" else "")
            + (format_money(amount, currency, whole=True) if currency else format_number(amount))
            for kind, amount in zip(data["kind"], data["amount"], strict=True)
        ],
    )
    x = alt.X("step:N", sort=list(data["step"]), title=None, axis=STEP_AXIS)
    colour = alt.Color(
        "kind_label:N",
        title=None,
        scale=alt.Scale(domain=[text["kinds"][k] for k in KIND_COLOURS], range=list(KIND_COLOURS.values())),
        legend=alt.Legend(orient="bottom"),
    )
    tooltip = [alt.Tooltip("step:N", title=text["tooltip_step"]), alt.Tooltip("label:N", title=text["tooltip_amount"])]
    base = alt.Chart().encode(x=x, tooltip=tooltip)
    bars = base.mark_bar().encode(y=alt.Y("bottom:Q", title=axis_title), y2=alt.Y2("top:Q"), color=colour)
    labels = base.mark_text(dy=-6, fontSize=12).encode(y=alt.Y("top:Q"), text=alt.Text("label:N"))
    return alt.layer(bars, labels, data=data, title=title_lines(title), height=220, autosize=AUTOSIZE)


def customer_bridge_data(inputs: Mapping[str, float]) -> pd.DataFrame:
    """The customer bridge: start, lost, new, won back, end (needs customers_start, customers_end, new_customers)."""
    names = _text()["customer_steps"]
    start, end, new = inputs["customers_start"], inputs["customers_end"], inputs["new_customers"]
    won_back = inputs.get("reactivated_customers") or 0.0
    lost = start + new + won_back - end
    return _waterfall_frame([
        (names["start"], start, "level"),
        (names["lost"], lost, "loss"),
        (names["new"], new, "gain"),
        (names["won_back"], won_back, "gain"),
        (names["end"], end, "level"),
    ])


def customer_bridge_chart(data: pd.DataFrame) -> alt.Chart:
    """Waterfall of the customer bridge; the title says how many were kept and how much new ones hid."""
    text = _text()
    start, lost, new, won_back, end = data["amount"]
    kept = start - lost
    title_key = "customer_bridge_hidden" if end >= start and lost > 0 else "customer_bridge"
    title = text[title_key].format(
        kept=format_number(kept), start=format_number(start), lost=format_number(lost),
        gained=format_number(new + won_back),
    )
    return _waterfall_chart(data, title, text["axis_customers"])


def revenue_bridge_data(inputs: Mapping[str, float]) -> pd.DataFrame:
    """The revenue bridge behind net revenue retention: start, churned, downgrades, upgrades, now."""
    names = _text()["revenue_steps"]
    start, churned = inputs["revenue_start"], inputs["churned_revenue"]
    contraction = inputs.get("contraction_revenue") or 0.0
    expansion = inputs.get("expansion_revenue") or 0.0
    return _waterfall_frame([
        (names["start"], start, "level"),
        (names["churned"], churned, "loss"),
        (names["contraction"], contraction, "loss"),
        (names["expansion"], expansion, "gain"),
        (names["end"], start - churned - contraction + expansion, "level"),
    ])


def revenue_bridge_chart(data: pd.DataFrame, currency: str = "USD") -> alt.Chart:
    """Waterfall of the revenue bridge; the title gives net revenue retention and what drove it."""
    text = _text()
    start, churned, contraction, expansion, end = data["amount"]
    retention = end / start if start else 0.0
    title = text["revenue_bridge_up" if end >= start else "revenue_bridge_down"].format(
        nrr=format_value(retention, "fraction"),
        lost=format_value(churned + contraction, "money", currency),
        gained=format_value(expansion, "money", currency),
    )
    axis = text["axis_revenue"].format(currency=currency_symbol(currency))
    return _waterfall_chart(data, title, axis, currency)


def nps_split_data(inputs: Mapping[str, float]) -> pd.DataFrame:
    """Shares of detractors, passives and promoters among everyone who answered."""
    names = _text()["nps_groups"]
    counts = {group: float(inputs[group]) for group in ("detractors", "passives", "promoters")}
    answers = sum(counts.values())
    return pd.DataFrame(
        [
            {"group": names[group], "key": group, "answers": count, "share": count / answers if answers else 0.0}
            for group, count in counts.items()
        ]
    )


def nps_split_chart(data: pd.DataFrame) -> alt.Chart:
    """One bar per answer group (share of all answers, labelled); the title reads the score off it."""
    text = _text()
    shares = dict(zip(data["key"], data["share"], strict=True))
    score = 100 * (shares["promoters"] - shares["detractors"])
    title = text["nps_split"].format(
        score=format_value(score, "score"),
        promoters=format_value(shares["promoters"], "fraction"),
        detractors=format_value(shares["detractors"], "fraction"),
    )
    data = data.assign(label=[format_value(share, "fraction") for share in data["share"]])
    y = alt.Y("group:N", sort=list(data["group"]), title=None, axis=alt.Axis(labelLimit=160))
    colour = alt.Color(
        "group:N",
        scale=alt.Scale(domain=list(data["group"]), range=[NPS_COLOURS[key] for key in data["key"]]),
        legend=None,
    )
    tooltip = [
        alt.Tooltip("group:N", title=text["tooltip_group"]),
        alt.Tooltip("answers:Q", title=text["tooltip_answers"], format=",.0f"),
        alt.Tooltip("share:Q", title=text["tooltip_share"], format=".1%"),
    ]
    x = alt.X("share:Q", title=text["axis_share"], axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
    base = alt.Chart().encode(y=y, tooltip=tooltip)
    bars = base.mark_bar().encode(x=x, color=colour)
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(x=alt.X("share:Q"), text=alt.Text("label:N"))
    return alt.layer(bars, labels, data=data, title=title_lines(title), height=120, autosize=AUTOSIZE)


def clv_buildup_data(inputs: Mapping[str, float], retention_rate: float) -> pd.DataFrame:
    """Revenue per customer per period, its margin, and the margin over the expected lifetime (the CLV)."""
    names = _text()["clv_steps"]
    revenue = inputs["revenue_per_customer"]
    margin = inputs["gross_margin"] * revenue
    discount = inputs.get("discount_rate") or 0.0
    periods = (1 + discount) / (1 + discount - retention_rate)
    return pd.DataFrame([
        {"step": names["revenue"], "amount": revenue, "periods": 1.0},
        {"step": names["margin"], "amount": margin, "periods": 1.0},
        {"step": names["lifetime"], "amount": margin * periods, "periods": periods},
    ])


def clv_buildup_chart(data: pd.DataFrame, currency: str = "USD", period: str = "month") -> alt.Chart:
    """Three bars from revenue per period to lifetime value; the title gives the CLV and how it is made."""
    text = _text()
    _revenue, margin, clv = data["amount"]
    periods = data["periods"].iloc[-1]
    title = text["clv_buildup"].format(
        clv=format_value(clv, "money", currency),
        margin=format_value(margin, "money", currency),
        period=words("format")["period_singular"][period],
        lifetime=format_value(periods, "periods", currency, period),
    )
    data = data.assign(label=[format_value(amount, "money", currency) for amount in data["amount"]])
    x = alt.X("step:N", sort=list(data["step"]), title=None, axis=STEP_AXIS)
    y = alt.Y("amount:Q", title=text["axis_money_per_customer"].format(currency=currency_symbol(currency)))
    tooltip = [alt.Tooltip("step:N", title=text["tooltip_step"]), alt.Tooltip("label:N", title=text["tooltip_amount"])]
    base = alt.Chart().encode(x=x, y=y, tooltip=tooltip)
    bars = base.mark_bar(color=KIND_COLOURS["level"])
    labels = base.mark_text(dy=-6, fontSize=12).encode(text=alt.Text("label:N"))
    return alt.layer(bars, labels, data=data, title=title_lines(title), height=220, autosize=AUTOSIZE)
