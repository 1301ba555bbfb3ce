"""How you compare: each figure against the published benchmark for the user's industry or business type.

The reference figures are the project's benchmarks (``retention/data/benchmarks.csv``, each with its source and
year, read through :mod:`retention.benchmarks`). A business type names, for each metric, the benchmark segment that
fits it best (``BUSINESS_TYPES``); the rules of thumb apply to every business. A user's figure is converted to the
benchmark's period first (a monthly retention of 87.5 % kept for a year is 0.875 ** 12 = 20.2 %), exactly as the
cards' assessments do (:func:`retention.benchmarks.comparable_value`).

Every figure ends up in one of three places: a :class:`Standing` (compared, with a chart), ``not_comparable``
(published figures exist but for another period length) or ``no_benchmark`` (nothing published).

>>> from retention.example import EXAMPLE_INPUTS
>>> from retention.metrics import compute_metrics
>>> found = compare(compute_metrics(EXAMPLE_INPUTS), "retail")
>>> standing = found.standings["retention_rate"]
>>> standing.reference.segment, round(standing.yours, 3), standing.verdict
('Retail', 0.201, 'worse')
"""

from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import pandas as pd

from retention.benchmarks import Benchmark, benchmarks, benchmarks_for, comparable_value
from retention.charts import AUTOSIZE
from retention.fields import PERIODS
from retention.formatting import format_value
from retention.metrics import MetricResult
from retention.registry import METRICS
from retention.whatif_charts import _room_for_labels, wrapped_title
from retention.words import words

__all__ = [
    "BUSINESS_TYPES",
    "Comparison",
    "Standing",
    "business_type_label",
    "compare",
    "standing_chart",
    "standing_data",
]

#: Business type -> {metric key: the benchmark segment (benchmarks.csv) that fits it}. Labels live in
#: ``words/comparison.toml``; keys are stable (they appear in shared links as ``industry``).
BUSINESS_TYPES: dict[str, dict[str, str]] = {
    "online_shop": {
        "retention_rate": "Retail", "repeat_purchase_rate": "E-commerce average",
        "product_return_rate": "US online retail",
    },
    "retail": {"retention_rate": "Retail", "product_return_rate": "US retail (all channels)"},
    "grocery": {"retention_rate": "Retail", "net_promoter_score": "US grocers (highest industry)"},
    "saas_small_business": {
        "retention_rate": "IT and software", "churn_rate": "B2B subscription (average)",
        "net_revenue_retention": "SaaS small business median", "gross_revenue_retention": "Private B2B SaaS median",
    },
    "saas_mid_market": {
        "retention_rate": "IT and software", "churn_rate": "B2B subscription (average)",
        "net_revenue_retention": "SaaS mid-market median", "gross_revenue_retention": "Private B2B SaaS median",
    },
    "saas_enterprise": {
        "retention_rate": "IT and software", "churn_rate": "B2B subscription (average)",
        "net_revenue_retention": "SaaS enterprise median", "gross_revenue_retention": "Private B2B SaaS median",
    },
    "consumer_subscription": {"retention_rate": "Consumer services", "churn_rate": "B2C subscription (average)"},
    "consumer_payments": {
        "retention_rate": "Financial services", "net_promoter_score": "US consumer payments (lowest industry)",
    },
    "media": {"retention_rate": "Media"},
    "professional_services": {
        "retention_rate": "Professional services", "days_sales_outstanding": "Business services (average)",
    },
    "it_services": {"retention_rate": "IT services", "days_sales_outstanding": "Business services (average)"},
    "automotive": {"retention_rate": "Automotive"},
    "insurance": {"retention_rate": "Insurance"},
    "construction": {"retention_rate": "Construction", "days_sales_outstanding": "Construction (average)"},
    "financial_services": {"retention_rate": "Financial services"},
    "banking": {"retention_rate": "Banking"},
    "telecom": {"retention_rate": "Telecom"},
    "healthcare": {"retention_rate": "Healthcare"},
    "manufacturing": {"retention_rate": "Manufacturing", "days_sales_outstanding": "US B2B small firms (median)"},
    "consumer_services": {"retention_rate": "Consumer services"},
    "hospitality": {"retention_rate": "Hospitality, travel and restaurants"},
}

#: Colours (Okabe-Ito): the user's figure, the benchmark for their business type, every other published figure.
KIND_COLOURS = {"yours": "#0072B2", "reference": "#E69F00", "other": "#B8B8B8"}
#: Pixels per bar.
BAR_STEP = 22


def _text() -> dict:
    return words("comparison")


def business_type_label(key: str) -> str:
    """The business type's name for people, e.g. "Online shop (e-commerce)"."""
    return _text()["business_types"][key]


@dataclass(frozen=True)
class Standing:
    """Where one figure stands.

    yours: the user's figure in the references' period and unit; unit: how to format it (as in
    :mod:`retention.formatting`) and period: the period it is expressed in; reference: the benchmark for the chosen
    business type (or the rule of thumb when there is none; None when neither applies); verdict: "better",
    "worse" or None (no reference); published: every comparable published figure, reference included.
    """

    key: str
    yours: float
    unit: str
    period: str
    reference: Benchmark | None
    verdict: str | None
    published: tuple[Benchmark, ...]
    currency: str = "USD"

    @property
    def label(self) -> str:
        return words("metrics")[self.key]["label"]

    @property
    def better(self) -> str:
        return next(metric.better for metric in METRICS if metric.key == self.key)

    def shown(self, value: float) -> str:
        return format_value(value, self.unit, self.currency, self.period)


@dataclass(frozen=True)
class Comparison:
    """The figures compared (by metric key), those whose references are for another period, those with none."""

    business_type: str | None
    standings: dict[str, Standing]
    not_comparable: tuple[str, ...]
    no_benchmark: tuple[str, ...]


def _frame_period(benchmark: Benchmark, result: MetricResult) -> str:
    """The period a benchmark's figure is expressed in ("period" and blanks mean the user's own)."""
    return benchmark.period if benchmark.period in PERIODS else result.period


def _unit(benchmark: Benchmark, result: MetricResult) -> str:
    """How a compared value is formatted: months are periods of a month; the rest keep the metric's unit."""
    return {"months": "periods", "days": "days", "score": "score"}.get(benchmark.unit, result.metric.unit)


def _is_better(value: float, reference: float, better: str) -> bool:
    return value >= reference if better == "higher" else value <= reference


def _standing(result: MetricResult, rows: tuple[Benchmark, ...], segment: str | None) -> Standing | None:
    comparable = [row for row in rows if comparable_value(result, row) is not None]
    chosen = next((row for row in comparable if row.segment == segment), None)
    rule = next((row for row in comparable if row.is_rule_of_thumb), None)
    reference = chosen or rule
    anchor = reference or next((row for row in comparable if not row.is_rule_of_thumb), None)
    if anchor is None:
        return None
    frame = (_frame_period(anchor, result), anchor.unit)
    published = tuple(row for row in comparable if (_frame_period(row, result), row.unit) == frame)
    yours = comparable_value(result, anchor)
    verdict = None
    if reference is not None:
        verdict = "better" if _is_better(yours, reference.value, result.metric.better) else "worse"
    period = "month" if anchor.unit == "months" else frame[0]
    return Standing(result.key, yours, _unit(anchor, result), period, reference, verdict, published, result.currency)


def compare(results: Mapping[str, MetricResult], business_type: str | None = None) -> Comparison:
    """Each figure with a value against the benchmarks, for a business type of ``BUSINESS_TYPES`` (or none).

    Only figures with a value and a direction (higher or lower is better) are compared.
    """
    segments = BUSINESS_TYPES.get(business_type or "", {})
    standings, not_comparable, no_benchmark = {}, [], []
    for metric in METRICS:
        result = results.get(metric.key)
        if result is None or result.status != "ok" or metric.better is None:
            continue
        rows = benchmarks_for(metric.key)
        if not rows:
            no_benchmark.append(metric.key)
            continue
        standing = _standing(result, rows, segments.get(metric.key))
        if standing is None:
            not_comparable.append(metric.key)
        else:
            standings[metric.key] = standing
    return Comparison(business_type if segments else None, standings, tuple(not_comparable), tuple(no_benchmark))


def standing_data(standing: Standing) -> pd.DataFrame:
    """One bar per published figure and one for the user's, highest first.

    Columns: name, value, kind ("yours", "reference" or "other"), label (the value formatted), source (with year).
    """
    text = _text()
    rows = [{"name": text["yours"], "value": standing.yours, "kind": "yours", "source": text["your_numbers"]}]
    for row in standing.published:
        kind = "reference" if row == standing.reference else "other"
        name = text["rule_of_thumb"] if row.is_rule_of_thumb else row.segment
        rows.append({"name": name, "value": row.value, "kind": kind, "source": row.citation})
    data = pd.DataFrame(rows).sort_values("value", ascending=False, kind="stable").reset_index(drop=True)
    return data.assign(label=[standing.shown(value) for value in data["value"]])


def _title_text(standing: Standing) -> str:
    text = _text()
    converted = next(metric.scaling for metric in METRICS if metric.key == standing.key) in ("compound", "churn")
    metric = text["metric_over"].format(
        metric=standing.label, period=words("format")["period_singular"][standing.period]
    ) if converted else standing.label
    yours = standing.shown(standing.yours)
    if standing.reference is not None:
        name = text["rule_of_thumb"].lower() if standing.reference.is_rule_of_thumb else standing.reference.segment
        return text["title_" + standing.verdict].format(
            metric=metric, yours=yours, reference=standing.shown(standing.reference.value), segment=name,
        )
    others = [row for row in standing.published if not row.is_rule_of_thumb]
    beaten = sum(_is_better(standing.yours, row.value, standing.better) for row in others)
    return text["title_among"].format(metric=metric, yours=yours, beaten=beaten, count=len(others))


def standing_chart(standing: Standing) -> alt.LayerChart:
    """Horizontal bars: the user's figure among the published ones, the business type's benchmark highlighted.

    The title states the finding (better or worse than the benchmark, or how many published figures it beats);
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
              scale=_room_for_labels(data["value"]))
    colour = alt.Color(
        "kind_label:N", title=None,
        scale=alt.Scale(domain=[kinds[k] for k in present], range=[KIND_COLOURS[k] for k in present]),
        legend=alt.Legend(orient="bottom", columns=2),  # two columns fit a phone
    )
    tooltip = [
        alt.Tooltip("name:N", title=text["tooltip_name"]),
        alt.Tooltip("label:N", title=text["tooltip_value"]),
        alt.Tooltip("source:N", title=text["tooltip_source"]),
    ]
    base = alt.Chart().encode(y=y, tooltip=tooltip)
    bars = base.mark_bar().encode(x=x, color=colour)
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(x=alt.X("value:Q"), text=alt.Text("label:N"))
    # A step per bar, so the height follows the number of published figures.
    return alt.layer(bars, labels, data=data, title=wrapped_title(_title_text(standing)), height=alt.Step(BAR_STEP),
                     autosize=AUTOSIZE)


def check_business_types() -> list[str]:
    """Segments named in BUSINESS_TYPES that the benchmark data does not hold (empty when all are found)."""
    known = {(row.metric, row.segment) for row in benchmarks()}
    return [
        f"{key}: {metric} / {segment}"
        for key, segments in BUSINESS_TYPES.items()
        for metric, segment in segments.items()
        if (metric, segment) not in known
    ]
