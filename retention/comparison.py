"""How you compare: each figure against the published benchmark for the user's business type and the rules of thumb.

The reference figures are the project's benchmarks (``retention/data/benchmarks.csv``, each with its source and
year, read through :mod:`retention.metrics.benchmarks`). A business type names, for each metric, the benchmark
segment that fits it (``BUSINESS_TYPES``): a shop is never compared with subscription figures. The rules of thumb
apply to every business; lifetime value is judged by the LTV:CAC rule (at least 3 * CAC). Every benchmark is
converted to the user's period, exactly as on the cards (:func:`retention.metrics.benchmarks.in_period`): a
yearly retention of 63% is 0.63 ** (1/12) = 96.2% a month.

Every figure ends up in one of three places: a :class:`Standing` (compared, one chart each), ``not_comparable``
(its references are for another period length and cannot be converted) or ``no_benchmark`` (nothing published
for this business type, and no rule of thumb).

>>> from retention.metrics.example import EXAMPLE_INPUTS
>>> from retention.metrics.computing import compute_metrics
>>> found = compare(compute_metrics(EXAMPLE_INPUTS), "retail")
>>> standing = found.standings["retention_rate"]
>>> standing.reference.benchmark.segment, round(standing.reference.value, 3), standing.yours, standing.verdict
('Retail', 0.962, 0.875, 'worse')
"""

from collections.abc import Mapping
from dataclasses import dataclass

from retention.formatting import format_list, format_value
from retention.metrics.benchmarks import (
    BUSINESS_TYPES,
    Benchmark,
    in_period,
    published_text,
    references_for,
    with_period,
)
from retention.metrics.computing import MetricResult
from retention.metrics.registry import METRICS, METRICS_BY_KEY, Metric
from retention.words import words

__all__ = [
    "BUSINESS_TYPES", "SUBSCRIPTIONS", "Comparison", "Reference", "Standing", "business_type_label", "compare",
    "no_benchmark", "not_comparable", "summary",
]

#: The business types that sell subscriptions: a customer who stops paying does not come back, so the what-if
#: projects their customers with the sBG model (:func:`retention.whatif.survival`).
SUBSCRIPTIONS = frozenset({"saas_small_business", "saas_mid_market", "saas_enterprise", "consumer_subscription"})


def business_type_label(key: str) -> str:
    """The business type's name for people, e.g. "Online shop (e-commerce)"."""
    return words("comparison")["business_types"][key]


@dataclass(frozen=True)
class Reference:
    """A benchmark with its figure in the user's period (``value``) and in words as published and converted
    (``text``: "63.0% a year, that is 96.2% a month")."""

    benchmark: Benchmark
    value: float
    text: str


@dataclass(frozen=True)
class Standing:
    """Where one figure stands, all in the user's period.

    yours: the user's figure; unit and period: how to format it (as in :mod:`retention.formatting`); reference: the
    business type's published figure, else the rule of thumb; verdict: "better" or "worse" than the reference;
    published: every reference drawn beside yours (the business type's figure and the rules of thumb).
    """

    key: str
    yours: float
    unit: str
    period: str
    reference: Reference
    verdict: str
    published: tuple[Reference, ...]
    currency: str = "USD"

    @property
    def label(self) -> str:
        return words("metrics")[self.key]["label"]

    @property
    def metric(self) -> Metric:
        return METRICS_BY_KEY[self.key]

    def shown(self, value: float) -> str:
        return format_value(value, self.unit, self.currency, self.period)

    @property
    def yours_text(self) -> str:
        """The user's figure with its period: "87.5% a month"."""
        return with_period(self.shown(self.yours), self.metric, self.period)


@dataclass(frozen=True)
class Comparison:
    """The figures compared (by metric key, one chart each), those whose references are for another period, those
    with none; ``better``: how many standings beat their reference."""

    business_type: str | None
    standings: dict[str, Standing]
    not_comparable: tuple[str, ...]
    no_benchmark: tuple[str, ...]

    @property
    def better(self) -> int:
        return sum(standing.verdict == "better" for standing in self.standings.values())


def _standing(result: MetricResult, rows: tuple[Benchmark, ...]) -> Standing | None:
    references = tuple(Reference(row, value, published_text(row, result))
                       for row in rows if (value := in_period(result, row)) is not None)
    if not references:
        return None
    measured = [reference for reference in references if not reference.benchmark.is_rule_of_thumb]
    reference = (measured or references)[0]
    verdict = "better" if result.metric.is_better(result.value, reference.value) else "worse"
    return Standing(result.key, result.value, result.metric.unit, result.period, reference, verdict, references,
                    result.currency)


def compare(results: Mapping[str, MetricResult], business_type: str | None = None) -> Comparison:
    """Each figure with a value and a direction (higher or lower is better) against the rules of thumb and, for a
    business type of ``BUSINESS_TYPES``, its published figure; without a type, against the rules of thumb alone."""
    business_type = business_type if business_type in BUSINESS_TYPES else None
    standings, not_comparable, no_benchmark = {}, [], []
    for metric in METRICS:
        result = results.get(metric.key)
        if result is None or result.status != "ok" or metric.better is None:
            continue
        rows = references_for(result, business_type, results)
        if business_type is None:
            rows = tuple(row for row in rows if row.is_rule_of_thumb)
        standing = _standing(result, rows)
        if standing is not None:
            standings[metric.key] = standing
        elif rows:
            not_comparable.append(metric.key)
        else:
            no_benchmark.append(metric.key)
    return Comparison(business_type, standings, tuple(not_comparable), tuple(no_benchmark))


def _labels(keys) -> str:
    return format_list(words("metrics")[key]["label"] for key in keys)


def not_comparable(found: Comparison) -> str:
    """The figures whose references are for another period length."""
    return words("comparison")["not_comparable"].format(metrics=_labels(found.not_comparable))


def no_benchmark(found: Comparison) -> str:
    """The figures with neither a published figure for the business type nor a rule of thumb."""
    text, metrics = words("comparison"), _labels(found.no_benchmark)
    if found.business_type:
        return text["no_benchmark"].format(metrics=metrics, business_type=business_type_label(found.business_type))
    return text["no_benchmark_none"].format(metrics=metrics)


def summary(found: Comparison) -> str:
    """The count sentence: how many figures are drawn and how many beat their reference."""
    text, count = words("comparison"), len(found.standings)
    worse = count - found.better
    if found.business_type:
        return text["summary"].format(count=count, better=found.better, worse=worse,
                                      business_type=business_type_label(found.business_type))
    return text["summary_none"].format(count=count, better=found.better, worse=worse)
