"""The groups ranked by retention (:func:`retention.orders.groups.compare_groups`): one bar per group, best first,
a rule at the whole shop's retention, and each bar labelled with its figure and the verdict's sign (the legend and
the tooltip say it in words; the colour repeats it, it never carries it alone)."""

import altair as alt
import pandas as pd

from retention.charts.common import AUTOSIZE, KIND_COLOURS, room_for_labels, wrapped_title
from retention.formatting import format_number, format_value
from retention.orders.groups import chance_in_words
from retention.words import words

__all__ = ["BAR_HEIGHT", "group_ranking_chart", "ranking_title", "verdicts"]

#: Height per bar, in pixels.
BAR_HEIGHT = 34
VERDICT_COLOURS = {"higher": KIND_COLOURS["gain"], "lower": KIND_COLOURS["loss"], "same": "#999999"}


def verdicts(comparison: pd.DataFrame) -> pd.Series:
    """Per group: "higher" or "lower" than the rest by more than chance, else "same"."""
    direction = comparison["difference"].gt(0).map({True: "higher", False: "lower"})
    return direction.where(comparison["differs"], "same")


def ranking_title(comparison: pd.DataFrame, period: str) -> str:
    """The finding: which groups differ from the rest by more than chance, and which keeps most."""
    text = words("groups")["chart"]
    best = comparison["retention"].dropna()
    differing = [str(name) for name in comparison.index[comparison["differs"]]]
    values = {"best": str(best.index[0]), "rate": format_value(best.iloc[0], "fraction"),
              "period": words("format")["period_singular"][period]}
    if differing:
        names = ", ".join(differing[:-1]) + text["last_joiner"] + differing[-1] if len(differing) > 1 else differing[0]
        return text["title_some"].format(names=names, **values)
    return text["title_none"].format(**values)


def _ranking_data(comparison: pd.DataFrame) -> pd.DataFrame:
    text = words("groups")["chart"]
    verdict = verdicts(comparison)
    return pd.DataFrame({
        "group": [str(name) for name in comparison.index],
        "retention": comparison["retention"].to_numpy(float),
        "verdict": [text["verdict"][kind] for kind in verdict],
        "label": [text["label"].format(rate=format_value(rate, "fraction"), sign=text["sign"][kind])
                  for rate, kind in zip(comparison["retention"], verdict, strict=True)],
        "shown": [format_value(rate, "fraction") for rate in comparison["retention"]],
        "rest": [format_value(rate, "fraction") for rate in comparison["rest_retention"]],
        "customers": [format_number(count) for count in comparison["customers"]],
        "periods": [format_number(count) for count in comparison["customer_periods"]],
        "chance": [chance_in_words(p) if pd.notna(p) else "" for p in comparison["p_value"]],
    }).dropna(subset=["retention"])


def group_ranking_chart(comparison: pd.DataFrame, period: str, column: str, shop_rate: float) -> alt.LayerChart:
    """Bars of pooled retention per group, best first, labelled "78.0% ▲" (▲ higher, ▼ lower than the rest, =
    within chance: the legend says it in words, the colour repeats it); ``column`` names
    the group axis, ``shop_rate`` (the whole shop's pooled retention) draws the rule."""
    text = words("groups")["chart"]
    data = _ranking_data(comparison)
    order = data["group"].tolist()
    kinds = ("higher", "same", "lower")
    y = alt.Y("group:N", title=column, sort=order, axis=alt.Axis(labelLimit=160))
    x = alt.X("retention:Q", title=text["axis_retention"].format(period=words("format")["period_singular"][period]),
              axis=alt.Axis(format="%"), scale=room_for_labels([*data["retention"], shop_rate]))
    tooltip = [alt.Tooltip(f"{name}:N", title=text[f"tip_{key}"]) for name, key in (
        ("group", "group"), ("shown", "retention"), ("rest", "rest"), ("customers", "customers"),
        ("periods", "periods"), ("chance", "chance"))]
    scale = alt.Scale(domain=[text["verdict"][kind] for kind in kinds], range=[VERDICT_COLOURS[kind] for kind in kinds])
    colour = alt.Color("verdict:N", title=text["legend"], legend=alt.Legend(orient="bottom", columns=1), scale=scale)
    bars = alt.Chart().mark_bar().encode(x=x, y=y, color=colour, tooltip=tooltip)
    labels = alt.Chart().mark_text(align="left", dx=4).encode(x=x, y=y, text="label:N", tooltip=tooltip)
    shop = alt.Chart(pd.DataFrame({"retention": [shop_rate],
                                   "label": [text["shop"].format(rate=format_value(shop_rate, "fraction"))]}))
    rule = shop.mark_rule(strokeDash=[4, 3], color="#000000").encode(x="retention:Q", tooltip="label:N")
    return alt.layer(bars, labels, rule, data=data, title=wrapped_title(ranking_title(comparison, period)),
                     height=BAR_HEIGHT * max(len(data), 1), autosize=AUTOSIZE)
