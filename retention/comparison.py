"""How you compare: each figure against the published benchmark for the user's industry or business type.

The reference figures are the project's benchmarks (``retention/data/benchmarks.csv``, each with its source and
year, read through :mod:`retention.metrics.benchmarks`). A business type names, for each metric, the benchmark
segment that fits it best (``BUSINESS_TYPES``); the rules of thumb apply to every business. A user's figure is
converted to the benchmark's period first (a monthly retention of 87.5 % kept for a year is 0.875 ** 12 = 20.2 %),
exactly as the cards' assessments do (:func:`retention.metrics.benchmarks.comparable_value`).

Every figure ends up in one of three places: a :class:`Standing` (compared, with a chart), ``not_comparable``
(published figures exist but for another period length) or ``no_benchmark`` (nothing published).

>>> from retention.metrics.example import EXAMPLE_INPUTS
>>> from retention.metrics.computing import compute_metrics
>>> found = compare(compute_metrics(EXAMPLE_INPUTS), "retail")
>>> standing = found.standings["retention_rate"]
>>> standing.reference.segment, round(standing.yours, 3), standing.verdict
('Retail', 0.201, 'worse')
"""

from collections.abc import Mapping
from dataclasses import dataclass

from retention.fields import PERIODS
from retention.formatting import format_value
from retention.metrics.benchmarks import Benchmark, benchmarks_for, comparable_value
from retention.metrics.computing import MetricResult
from retention.metrics.registry import METRICS, METRICS_BY_KEY, Metric
from retention.words import Words, words

__all__ = ["BUSINESS_TYPES", "SUBSCRIPTIONS", "Comparison", "Standing", "business_type_label", "compare"]

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

#: The business types that sell subscriptions: a customer who stops paying does not come back, so the what-if
#: projects their customers with the sBG model (:func:`retention.whatif.survival`).
SUBSCRIPTIONS = frozenset({"saas_small_business", "saas_mid_market", "saas_enterprise", "consumer_subscription"})


def _text() -> Words:
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
    def metric(self) -> Metric:
        return METRICS_BY_KEY[self.key]

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
        verdict = "better" if result.metric.is_better(yours, reference.value) else "worse"
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
