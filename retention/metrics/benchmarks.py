"""Is this good? Rules of thumb and published benchmarks, always with their source and year.

The reference figures live in ``retention/data/benchmarks.csv`` (copied from the project's reference data). Each
benchmark is converted to the user's period before it is compared, so a verdict speaks of one period: a yearly
retention of 63% is 0.63 ** (1/12) = 96.2% a month, a yearly churn C is 1 - (1 - C) ** (1/12) a month, 12 months
are 4 quarters. A business type (``BUSINESS_TYPES``) picks the published figure that fits it; the rules of thumb
apply to every business. Lifetime value is judged by the LTV:CAC rule: at least 3 times the acquisition cost.

>>> from retention.metrics.computing import compute_metrics
>>> results = compute_metrics({"customers_start": 100, "customers_end": 99, "new_customers": 20})
>>> [assessment.verdict for assessment in assess(results["churn_rate"])]
['attention', 'attention']
"""

import csv
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from retention.fields import PERIODS
from retention.formatting import format_value
from retention.metrics.computing import MetricResult
from retention.metrics.registry import Metric
from retention.periods import convert_churn, convert_periods, convert_rate
from retention.words import words

__all__ = [
    "BUSINESS_TYPES", "HEADLINE", "PER_PERIOD", "Assessment", "Benchmark", "assess", "benchmarks", "benchmarks_for",
    "headline", "in_period", "lifetime_value_rule", "published_text", "references_for", "with_period",
]

BENCHMARKS_CSV = Path(__file__).resolve().parent.parent / "data" / "benchmarks.csv"

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

#: Scalings of per-period rates, whose value says its period ("12.5% a month").
PER_PERIOD = ("compound", "churn")
#: The headline figures (DESIGN §5, "the answer comes first"), in order; LTV:CAC only where known.
HEADLINE = ("retention_rate", "churn_rate", "customer_lifetime_value", "ltv_to_cac")


@dataclass(frozen=True)
class Benchmark:
    """One row of the reference data: a figure for a segment, with its unit, period, source and year."""

    metric: str
    segment: str
    value: float
    unit: str
    period: str
    source: str
    year: str
    note: str

    @property
    def citation(self) -> str:
        """"Source, year", or the source alone when the year is unknown."""
        return f"{self.source}, {self.year}" if self.year else self.source

    @property
    def label(self) -> str:
        """The segment's name in the current language."""
        return words("comparison")["segments"][self.segment]

    @property
    def is_rule_of_thumb(self) -> bool:
        return self.segment.lower().startswith("rule of thumb")


@dataclass(frozen=True)
class Assessment:
    """A verdict on one figure: "good", "attention" or "neutral", in words, with the source named ("" for none)."""

    verdict: str
    text: str
    source: str


@cache
def benchmarks() -> tuple[Benchmark, ...]:
    """Every reference figure (read once: the file ships with the package and never changes)."""
    with BENCHMARKS_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Benchmark(
                row["metric"], row["segment"], float(row["value"]), row["unit"], row["period"], row["source"],
                row["year"], row["note"],
            )
            for row in csv.DictReader(handle)
        )


def benchmarks_for(metric_key: str) -> tuple[Benchmark, ...]:
    """The reference figures of one metric."""
    return tuple(row for row in benchmarks() if row.metric == metric_key)


def lifetime_value_rule(results: Mapping[str, MetricResult] | None) -> Benchmark | None:
    """The LTV:CAC rule of thumb (3 or more) as a lifetime value in money: 3 * CAC, with CAC = CLV / (LTV:CAC).

    None unless both lifetime value and LTV:CAC have a value (LTV:CAC not 0).
    """
    clv, ratio = (results or {}).get("customer_lifetime_value"), (results or {}).get("ltv_to_cac")
    if clv is None or ratio is None or clv.status != "ok" or ratio.status != "ok" or not ratio.value:
        return None
    rule = _ltv_rule()
    return replace(rule, metric=clv.key, value=rule.value * clv.value / ratio.value)


def _ltv_rule() -> Benchmark:
    """The LTV:CAC rule of thumb of benchmarks.csv (3 or more is healthy)."""
    return next(row for row in benchmarks_for("ltv_to_cac") if row.is_rule_of_thumb)


def references_for(result: MetricResult, business_type: str | None = None,
                   results: Mapping[str, MetricResult] | None = None) -> tuple[Benchmark, ...]:
    """The reference figures that judge one result: its rules of thumb (for lifetime value, the LTV:CAC rule in
    money), then the published figures of the business type's segment, or all of them when no type is chosen."""
    rows = benchmarks_for(result.key)
    rules = [row for row in rows if row.is_rule_of_thumb]
    if result.key == "customer_lifetime_value":
        rules += [rule for rule in (lifetime_value_rule(results),) if rule is not None]
    measured = [row for row in rows if not row.is_rule_of_thumb]
    if business_type in BUSINESS_TYPES:
        segment = BUSINESS_TYPES[business_type].get(result.key)
        measured = [row for row in measured if row.segment == segment]
    return (*rules, *measured)


def _source_period(benchmark: Benchmark, result: MetricResult) -> str:
    """The period a benchmark is published in: months for "months"; the user's own for "period", blanks and figures
    that do not depend on the period (a return rate)."""
    if benchmark.unit == "months":
        return "month"
    convertible = benchmark.period in PERIODS and result.metric.scaling != "none"
    return benchmark.period if convertible else result.period


def in_period(result: MetricResult, benchmark: Benchmark) -> float | None:
    """The benchmark's figure in the result's period and unit, or None when it cannot be converted.

    Rates compound (a yearly R is R ** (1/12) a month), churn through its retention (1 - (1 - C) ** (1/12)),
    months scale (12 months = 4 quarters); a figure that depends on the period otherwise ("window") converts only to
    its own period.

    >>> from retention.metrics.computing import compute_metrics
    >>> monthly = compute_metrics({"customers_start": 100, "customers_end": 99, "new_customers": 20})
    >>> retail = next(row for row in benchmarks_for("retention_rate") if row.segment == "Retail")
    >>> round(in_period(monthly["retention_rate"], retail), 4)  # 0.63 ** (1 / 12)
    0.9622
    """
    source, target, scaling = _source_period(benchmark, result), result.period, result.metric.scaling
    if benchmark.unit == "months":
        return convert_periods(benchmark.value, "month", target)
    if scaling == "compound":
        return convert_rate(benchmark.value, source, target)
    if scaling == "churn":
        return convert_churn(benchmark.value, source, target)
    if scaling in ("window", "periods"):
        return benchmark.value if source == target else None
    return benchmark.value


def with_period(shown: str, metric: Metric, period: str) -> str:
    """A formatted per-period rate with its period ("12.5% a month"); any other figure as it is."""
    if metric.scaling not in PER_PERIOD:
        return shown
    singular = words("format")["period_singular"][period]
    return words("assessment")["per_period"].format(value=shown, period=singular)


def _shown(value: float, result: MetricResult, period: str | None = None) -> str:
    """A value of the result's kind in words, in ``period`` (the result's own by default)."""
    period = period or result.period
    return with_period(format_value(value, result.metric.unit, result.currency, period), result.metric, period)


def published_text(benchmark: Benchmark, result: MetricResult) -> str:
    """The benchmark as published and, when its period is not the user's, converted: "63.0% a year, that is
    96.2% a month"."""
    source = _source_period(benchmark, result)
    published = _shown(benchmark.value, result, source)
    if source == result.period:
        return published
    return words("assessment")["that_is"].format(published=published,
                                                 converted=_shown(in_period(result, benchmark), result))


def _threshold_assessment(result: MetricResult) -> Assessment | None:
    metric = result.metric
    if metric.threshold is None:
        return None
    text = words("assessment")["thresholds"][metric.key]
    good = metric.is_better(result.value, metric.threshold)
    return Assessment("good" if good else "attention", text["good" if good else "attention"], text["source"])


def _rule_assessment(result: MetricResult, rule: Benchmark) -> Assessment | None:
    reference = in_period(result, rule)
    if reference is None:
        return None
    good = result.metric.is_better(result.value, reference)
    text = words("assessment")
    if rule.metric == "customer_lifetime_value":
        sentence = text["lifetime_value_rule"].format(times=format_value(_ltv_rule().value, "count"),
                                                      reference=published_text(rule, result))
    else:
        sentence = text["rules"][result.key].format(reference=published_text(rule, result))
    sentence = text["rule"].format(verdict=text["good" if good else "attention"], rule=sentence,
                                   yours=_shown(result.value, result))
    return Assessment("good" if good else "attention", sentence, rule.citation)


def _range_assessment(result: MetricResult, measured: tuple[Benchmark, ...]) -> Assessment | None:
    comparable = [(row, in_period(result, row)) for row in measured]
    comparable = [(row, value) for row, value in comparable if value is not None]
    if not comparable:
        return None
    text = words("assessment")
    yours = _shown(result.value, result)
    low, high = min(comparable, key=lambda pair: pair[1]), max(comparable, key=lambda pair: pair[1])
    if len(comparable) == 1:
        sentence = text["single"].format(segment=low[0].label, reference=published_text(low[0], result), yours=yours)
    else:
        source = _source_period(low[0], result)
        converted = ""
        if source != result.period:
            converted = text["converted_range"].format(low=format_value(low[1], result.metric.unit, result.currency),
                                                       high=_shown(high[1], result))
        sentence = text["range"].format(
            low_segment=low[0].label, high_segment=high[0].label, yours=yours, converted=converted,
            low=format_value(low[0].value, result.metric.unit, result.currency, source),
            high=_shown(high[0].value, result, source),
        )
    better = [result.metric.is_better(result.value, value) for _, value in comparable]
    verdict = "good" if all(better) else "attention" if not any(better) else "neutral"
    return Assessment(verdict, sentence, "; ".join(sorted({row.citation for row, _ in comparable})))


def _no_figure(result: MetricResult, business_type: str | None) -> Assessment | None:
    """"No published figure for online shops", when the metric has published figures but none for this type."""
    if business_type not in BUSINESS_TYPES or result.key in BUSINESS_TYPES[business_type]:
        return None
    if not any(not row.is_rule_of_thumb for row in benchmarks_for(result.key)):
        return None
    business = words("comparison")["business_types"][business_type]
    return Assessment("neutral", words("assessment")["no_figure"].format(business_type=business), "")


def assess(result: MetricResult, business_type: str | None = None,
           results: Mapping[str, MetricResult] | None = None) -> tuple[Assessment, ...]:
    """What the figure means against the line that defines it, the rules of thumb and the published benchmarks of
    the business type (of every business when none is given), each benchmark converted to the figure's period.

    ``results``: the other figures, for lifetime value's LTV:CAC rule. Empty when the figure has no value or no
    reference applies.
    """
    if result.status != "ok" or result.metric.better is None:
        return ()
    rows = references_for(result, business_type, results)
    found = [_threshold_assessment(result)]
    found += [_rule_assessment(result, row) for row in rows if row.is_rule_of_thumb]
    found.append(_range_assessment(result, tuple(row for row in rows if not row.is_rule_of_thumb)))
    found.append(_no_figure(result, business_type))
    return tuple(assessment for assessment in found if assessment is not None)


def headline(results: Mapping[str, MetricResult],
             business_type: str | None = None) -> tuple[tuple[MetricResult, Assessment | None], ...]:
    """The headline figures (LTV:CAC only where known), each with its first verdict: the line that defines it, its
    rule of thumb, else the published figures; None when no reference applies."""
    return tuple((results[key], next(iter(assess(results[key], business_type, results)), None)) for key in HEADLINE
                 if key != "ltv_to_cac" or results[key].status != "missing")
