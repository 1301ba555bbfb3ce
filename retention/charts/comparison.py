"""The "How you compare" chart: the user's figure among the published ones (:mod:`retention.comparison`).

>>> from retention.comparison import compare
>>> from retention.metrics.computing import compute_metrics
>>> from retention.metrics.example import EXAMPLE_INPUTS
>>> standing = compare(compute_metrics(EXAMPLE_INPUTS), "retail").standings["retention_rate"]
>>> data = standing_data(standing)  # highest first: Retail's 63% a year is 96.2% a month, the user's 87.5%
>>> list(data["name"]), list(data["label"])
(['Retail', 'You'], ['96.2%', '87.5%'])
"""

import altair as alt
import pandas as pd

from retention.charts.common import AUTOSIZE, room_for_labels, wrapped_title
from retention.comparison import Standing
from retention.words import Words, words

__all__ = ["standing_chart", "standing_data"]

#: Colours (Okabe-Ito): the user's figure, the reference that gives the verdict, the other references drawn.
KIND_COLOURS = {"yours": "#0072B2", "reference": "#E69F00", "other": "#B8B8B8"}
#: Pixels per bar.
BAR_STEP = 22


def _text() -> Words:
    return words("comparison")


def standing_data(standing: Standing) -> pd.DataFrame:
    """One bar per reference (in the user's period) and one for the user's figure, highest first.

    Columns: name, value, kind ("yours", "reference" or "other"), published (as published and converted), source
    (with year), label (the value formatted).
    """
    text = _text()
    rows = [{"name": text["yours"], "value": standing.yours, "kind": "yours", "published": standing.yours_text,
             "source": text["your_numbers"]}]
    for reference in standing.published:
        row = reference.benchmark
        kind = "reference" if reference == standing.reference else "other"
        name = text["rule_of_thumb"] if row.is_rule_of_thumb else row.label
        rows.append({"name": name, "value": reference.value, "kind": kind, "published": reference.text,
                     "source": row.citation})
    data = pd.DataFrame(rows).sort_values("value", ascending=False, kind="stable").reset_index(drop=True)
    return data.assign(label=[standing.shown(value) for value in data["value"]])


def _title_text(standing: Standing) -> str:
    text, reference = _text(), standing.reference
    name = text["rule_of_thumb"].lower() if reference.benchmark.is_rule_of_thumb else reference.benchmark.label
    return text["title_" + standing.verdict].format(metric=standing.label, yours=standing.yours_text,
                                                    reference=reference.text, segment=name)


def standing_chart(standing: Standing) -> alt.LayerChart:
    """Horizontal bars: the user's figure among the published ones, the business type's benchmark highlighted.

    The title states the finding (better or worse than the reference, both in the user's period);
    the bars are labelled with their values, names are on the axis, so colour never carries meaning alone.
    """
    text = _text()
    data = standing_data(standing)
    kinds = text["kinds"]
    data = data.assign(kind_label=data["kind"].map(kinds))
    present = [kind for kind in KIND_COLOURS if kind in set(data["kind"])]
    y = alt.Y("name:N", sort=list(data["name"]), title=None, axis=alt.Axis(labelLimit=150))
    unit_axis = {"fraction": text["axis_percent"], "days": text["axis_days"], "score": text["axis_score"],
                 "ratio": text["axis_ratio"], "periods": text["axis_months"]}.get(standing.unit, "")
    fraction = standing.unit == "fraction"
    x = alt.X("value:Q", title=unit_axis, axis=alt.Axis(format="%") if fraction else alt.Axis(),
              scale=room_for_labels(data["value"]))
    colour = alt.Color(
        "kind_label:N", title=None,
        scale=alt.Scale(domain=[kinds[k] for k in present], range=[KIND_COLOURS[k] for k in present]),
        legend=alt.Legend(orient="bottom", columns=2),  # two columns fit a phone
    )
    tooltip = [
        alt.Tooltip("name:N", title=text["tooltip_name"]),
        alt.Tooltip("published:N", title=text["tooltip_value"]),
        alt.Tooltip("source:N", title=text["tooltip_source"]),
    ]
    base = alt.Chart().encode(y=y, tooltip=tooltip)
    bars = base.mark_bar().encode(x=x, color=colour)
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(x=alt.X("value:Q"), text=alt.Text("label:N"))
    # A step per bar, so the height follows the number of published figures.
    return alt.layer(bars, labels, data=data, title=wrapped_title(_title_text(standing)), height=alt.Step(BAR_STEP),
                     autosize=AUTOSIZE)
