"""Is this good? Rules of thumb and published benchmarks, always with their source and year.

The reference figures live in ``retention/data/benchmarks.csv`` (copied from the project's reference data). A
user's figure is converted to the benchmark's period before it is compared: a monthly retention of 95 % is
compared with annual benchmarks as 0.95 ** 12 = 54 %.

>>> from retention.metrics.computing import compute_metrics
>>> results = compute_metrics({"customers_start": 100, "customers_end": 99, "new_customers": 20})
>>> [assessment.verdict for assessment in assess(results["churn_rate"])]
['attention', 'attention']
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from retention.fields import PERIODS
from retention.formatting import format_value
from retention.metrics.computing import MetricResult
from retention.periods import convert_churn, convert_periods, convert_rate
from retention.words import words

__all__ = ["Assessment", "Benchmark", "assess", "benchmarks", "benchmarks_for", "comparable_value"]

BENCHMARKS_CSV = Path(__file__).resolve().parent.parent / "data" / "benchmarks.csv"


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
    def is_rule_of_thumb(self) -> bool:
        return self.segment.lower().startswith("rule of thumb")


@dataclass(frozen=True)
class Assessment:
    """A verdict on one figure: "good", "attention" or "neutral", in words, with the source named."""

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


def comparable_value(result: MetricResult, benchmark: Benchmark) -> float | None:
    """The user's figure in the benchmark's period and unit, or None when the two cannot be compared."""
    scaling, value, period = result.metric.scaling, result.value, result.period
    target = benchmark.period if benchmark.period in PERIODS else period
    if benchmark.unit == "months":
        return convert_periods(value, period, "month")
    if scaling == "compound":
        return convert_rate(value, period, target) if value >= 0 else None
    if scaling == "churn":
        return convert_churn(value, period, target) if value <= 1 else None
    if scaling in ("window", "periods"):
        return value if target == period else None
    return value


def _unit_of(benchmark: Benchmark, result: MetricResult) -> str:
    return {"ratio": result.metric.unit, "days": "days", "score": "score", "months": "periods"}[benchmark.unit]


def _format(value: float, benchmark: Benchmark, result: MetricResult) -> str:
    period = "month" if benchmark.unit == "months" else result.period
    return format_value(value, _unit_of(benchmark, result), result.currency, period)


def _period_phrase(benchmark: Benchmark, result: MetricResult) -> str:
    text = words("assessment")
    converts = result.metric.scaling in ("compound", "churn")
    if converts and benchmark.period in PERIODS and benchmark.period != result.period:
        return text["converted"].format(period=words("format")["period_singular"][benchmark.period])
    return ""


def _threshold_assessment(result: MetricResult) -> Assessment | None:
    metric = result.metric
    if metric.threshold is None:
        return None
    text = words("assessment")["thresholds"][metric.key]
    good = metric.is_better(result.value, metric.threshold)
    return Assessment("good" if good else "attention", text["good" if good else "attention"], text["source"])


def _rule_assessment(result: MetricResult, rule: Benchmark) -> Assessment | None:
    value = comparable_value(result, rule)
    if value is None:
        return None
    good = result.metric.is_better(value, rule.value)
    text = words("assessment")
    text = text["rule"].format(
        verdict=text["good" if good else "attention"],
        rule=text["rules"][result.key].format(reference=_format(rule.value, rule, result)),
        yours=_format(value, rule, result),
        converted=_period_phrase(rule, result),
    )
    return Assessment("good" if good else "attention", text, rule.citation)


def _range_assessment(result: MetricResult, measured: tuple[Benchmark, ...]) -> Assessment | None:
    comparable = [(row, comparable_value(result, row)) for row in measured]
    comparable = [(row, value) for row, value in comparable if value is not None]
    if not comparable:
        return None
    low = min(comparable, key=lambda pair: pair[0].value)
    high = max(comparable, key=lambda pair: pair[0].value)
    yours = comparable[0][1]
    text = words("assessment")
    if len(comparable) == 1:
        sentence = text["single"].format(
            segment=low[0].segment, reference=_format(low[0].value, low[0], result),
            yours=_format(yours, low[0], result), converted=_period_phrase(low[0], result),
        )
    else:
        sentence = text["range"].format(
            low_segment=low[0].segment, low=_format(low[0].value, low[0], result),
            high_segment=high[0].segment, high=_format(high[0].value, high[0], result),
            yours=_format(yours, low[0], result), converted=_period_phrase(low[0], result),
        )
    beats_all = all(result.metric.is_better(yours, row.value) for row, _ in comparable)
    beats_none = not any(result.metric.is_better(yours, row.value) for row, _ in comparable)
    verdict = "good" if beats_all else "attention" if beats_none else "neutral"
    citations = sorted({row.citation for row, _ in comparable})
    return Assessment(verdict, sentence, "; ".join(citations))


def assess(result: MetricResult) -> tuple[Assessment, ...]:
    """What the figure means against the line that defines it, the rules of thumb and the published benchmarks.

    Empty when the figure has no value or no reference applies.
    """
    if result.status != "ok" or result.metric.better is None:
        return ()
    rows = benchmarks_for(result.key)
    found = [_threshold_assessment(result)]
    found += [_rule_assessment(result, row) for row in rows if row.is_rule_of_thumb]
    found.append(_range_assessment(result, tuple(row for row in rows if not row.is_rule_of_thumb)))
    return tuple(assessment for assessment in found if assessment is not None)
