"""Compute every metric of the registry from whatever fields the user gave.

>>> results = compute_metrics({"customers_start": 100, "customers_end": 99, "new_customers": 20})
>>> round(results["retention_rate"].value, 4)
0.79
>>> results["retention_rate"].worked
'(99 − 20 − 0) / 100 = 79.0%'
>>> results["net_promoter_score"].missing
('promoters', 'passives', 'detractors')
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from retention.errors import InputError
from retention.fields import DEFAULT_PERIOD_DAYS, PERIODS
from retention.formatting import format_list, format_quantity, format_value
from retention.metrics.registry import METRICS, METRICS_BY_KEY, Metric, parameters
from retention.metrics.validation import validate
from retention.words import words

__all__ = [
    "AlternativeResult",
    "MetricResult",
    "compute_available_metrics",
    "compute_metrics",
    "derived_inputs",
    "estimated_fields",
    "with_measured",
]


@dataclass(frozen=True)
class AlternativeResult:
    """Another practitioners' definition of a metric, evaluated on the same numbers."""

    key: str
    value: float | None
    worked: str

    @property
    def label(self) -> str:
        return words("metrics")["alternatives"][self.key]["label"]

    @property
    def who_uses_it(self) -> str:
        return words("metrics")["alternatives"][self.key]["who"]


@dataclass(frozen=True)
class MetricResult:
    """The outcome of one metric.

    status: "ok" (value is a float), "unbounded" (value is infinity: no customer is lost), "undefined" (value is
    None: a zero denominator, say no customers at the start) or "missing" (value is None: ``missing`` names the
    fields still needed). ``assumed``: the fields the formula took at their default (:data:`ASSUMED_DEFAULTS`)
    because they were not given, or estimated from other fields (:func:`estimated_fields`). ``measured``: the value
    was measured from an order log instead of the formula (:func:`with_measured`); its words come from the metric's
    ``measured`` table.
    """

    key: str
    value: float | None
    status: str
    missing: tuple[str, ...] = ()
    worked: str = ""
    alternatives: tuple[AlternativeResult, ...] = ()
    currency: str = "USD"
    period: str = "month"
    assumed: tuple[str, ...] = ()
    measured: bool = False

    @property
    def metric(self) -> Metric:
        return METRICS_BY_KEY[self.key]

    @property
    def _words(self):
        text = words("metrics")[self.key]
        return text["measured"] if self.measured else text

    @property
    def label(self) -> str:
        return self._words["label"]

    @property
    def meaning(self) -> str:
        """One sentence saying what the figure means."""
        return self._words["meaning"]

    @property
    def formula(self) -> str:
        """The formula in words."""
        return words("metrics")[self.key]["formula"]

    @property
    def formatted(self) -> str:
        """The value formatted for people."""
        return format_value(self.value, self.metric.unit, self.currency, self.period)

    @property
    def note(self) -> str:
        """Why there is no ordinary value (needs, undefined, unbounded), or an empty string."""
        text = words("metrics")
        if self.status == "missing":
            needs = format_list(words("fields")[name]["needs"] for name in self.missing)
            return text["status"]["missing"].format(needs=needs)
        if self.status in ("undefined", "unbounded"):
            return text[self.key].get(self.status, text["status"][self.status])
        return ""

    @property
    def assumption(self) -> str:
        """What the figure assumed because it was not given ("Assumed, since not given: no discounting."), or ""."""
        if not self.assumed or self.status == "missing":
            return ""
        assumed = format_list(words("fields")[name]["assumed"] for name in self.assumed)
        return words("metrics")["status"]["assumed"].format(assumed=assumed)

    @property
    def explanation(self) -> str:
        """The meaning and the formula with the user's numbers, or what is still needed."""
        if self.status == "missing":
            return f"{self.meaning} {self.note}"
        return f"{self.meaning} {self.formula}: {self.worked}. {self.note}".strip()


#: The fields a formula may do without, and the value it then assumes (the card says so).
ASSUMED_DEFAULTS = {"reactivated_customers": 0.0, "discount_rate": 0.0}


def derived_inputs(clean: Mapping[str, float], period: str, period_days: float | None) -> dict[str, float]:
    """The fields with their defaults (:data:`ASSUMED_DEFAULTS`: no won-back customers, no discounting) and the
    values derived from others.

    revenue_per_customer defaults to revenue / buyers, else to revenue / the mean of customers at the start and at
    the end (an estimate, see :func:`estimated_fields`); period_days to 7, 30, 91 or 365 for a week, month, quarter
    or year.
    """
    values = {**ASSUMED_DEFAULTS, **clean}
    values["period_days"] = float(period_days) if period_days else float(DEFAULT_PERIOD_DAYS[period])
    if "revenue_per_customer" not in values and "revenue" in values:
        customers = values.get("buyers") or _mean_customers(values)
        if customers:
            values["revenue_per_customer"] = values["revenue"] / customers
    return values


def _mean_customers(values: Mapping[str, float]) -> float | None:
    """The mean of customers at the start and at the end, or None when either is unknown."""
    if "customers_start" in values and "customers_end" in values:
        return (values["customers_start"] + values["customers_end"]) / 2
    return None


def estimated_fields(clean: Mapping[str, float]) -> tuple[str, ...]:
    """The derived fields that are estimates for these numbers: revenue per customer from the customer counts,
    when neither it nor the buyers are given (DESIGN §2)."""
    if "revenue_per_customer" in clean or clean.get("buyers") or "revenue" not in clean:
        return ()
    return ("revenue_per_customer",) if _mean_customers(clean) else ()


def _evaluate(formula, quantities: Mapping[str, float], template: str | None, currency: str, period: str,
              unit: str):
    """(value, worked text) of a formula on the known quantities, or None when a required quantity is unknown; the
    worked text is "" when ``template`` is None (nothing formatted)."""
    required, optional = parameters(formula)
    if any(quantities.get(name) is None for name in required):
        return None
    arguments = {name: quantities[name] for name in required}
    arguments |= {name: quantities.get(name, default) for name, default in optional.items()}
    value = formula(**arguments)
    value = None if value is None else float(value)
    if template is None:
        return value, ""
    shown = {name: format_quantity(name, number, currency, period) for name, number in arguments.items()}
    return value, template.format(**shown, value=format_value(value, unit, currency, period))


def _missing_fields(metric: Metric, quantities: Mapping[str, float], results: Mapping[str, MetricResult]):
    """The fields a metric still needs, following its dependencies on other metrics."""
    missing: list[str] = []
    for name in metric.needs:
        if name in results:
            missing += [field for field in results[name].missing if field not in missing]
        elif quantities.get(name) is None and name not in missing:
            missing.append(name)
    return tuple(missing)


def _alternatives(metric: Metric, quantities, currency: str, period: str) -> tuple[AlternativeResult, ...]:
    found = []
    for alternative in metric.alternatives:
        template = words("metrics")["alternatives"][alternative.key]["worked"]
        evaluated = _evaluate(alternative.formula, quantities, template, currency, period, alternative.unit)
        if evaluated is not None:
            found.append(AlternativeResult(alternative.key, *evaluated))
    return tuple(found)


def _compute(clean: Mapping[str, float], period: str, period_days: float | None, currency: str, worked: bool = True):
    if period not in PERIODS:
        raise InputError({"period": words("validation")["unknown_period"].format(period=period)})
    quantities = derived_inputs(clean, period, period_days)
    not_given = set(ASSUMED_DEFAULTS) - set(clean)
    estimated = estimated_fields(clean)
    results: dict[str, MetricResult] = {}
    texts = words("metrics")
    for metric in METRICS:
        template = texts[metric.key]["worked"] if worked else None
        evaluated = _evaluate(metric.formula, quantities, template, currency, period, metric.unit)
        if evaluated is None:
            missing = _missing_fields(metric, quantities, results)
            status = "missing" if missing else "undefined"
            results[metric.key] = MetricResult(metric.key, None, status, missing, currency=currency, period=period)
            continue
        value, text = evaluated
        status = "undefined" if value is None else "unbounded" if math.isinf(value) else "ok"
        required, optional = parameters(metric.formula)
        assumed = tuple(name for name in (*required, *optional) if name in not_given or name in estimated)
        results[metric.key] = MetricResult(metric.key, value, status, (), text, currency=currency, period=period,
                                           assumed=assumed)
        quantities[metric.key] = value
    for metric in METRICS if worked else ():
        if metric.alternatives and results[metric.key].status != "missing":
            alternatives = _alternatives(metric, quantities, currency, period)
            results[metric.key] = replace(results[metric.key], alternatives=alternatives)
    return results


def compute_metrics(
    inputs: Mapping[str, object], period: str = "month", period_days: float | None = None, currency: str = "USD",
    worked: bool = True,
) -> dict[str, MetricResult]:
    """Every metric of the registry from any subset of the DESIGN §2 fields.

    ``inputs`` maps field names to numbers; absent fields (or None) are missing, and metrics that need them come
    back with status "missing" and the fields they need. ``period`` is week, month, quarter or year; ``period_days``
    defaults to 30, 91 or 365. Raises :class:`InputError` with one message per offending field when a number is
    impossible. ``worked=False`` gives the values and statuses only (no worked texts, no alternatives), without
    formatting a number: for tables of many periods.
    """
    clean, errors = validate(inputs)
    if errors:
        raise InputError(errors)
    return _compute(clean, period, period_days, currency, worked)


def with_measured(results: Mapping[str, MetricResult], measured: Mapping[str, float]) -> dict[str, MetricResult]:
    """The results with the figures an order log measured exactly (``{metric key: value}``, NaN for none) in place
    of the formula's estimate, labelled as measured (the period table's ``attrs["measured"]`` names them)."""
    found = dict(results)
    for key, value in measured.items():
        if math.isnan(value):
            continue
        old = results[key]
        shown = format_value(value, old.metric.unit, old.currency, old.period)
        found[key] = replace(old, value=float(value), status="ok", missing=(), assumed=(), alternatives=(),
                             measured=True, worked=words("metrics")[key]["measured"]["worked"].format(value=shown))
    return found


def compute_available_metrics(
    inputs: Mapping[str, object], period: str = "month", period_days: float | None = None, currency: str = "USD"
) -> tuple[dict[str, MetricResult], dict[str, str]]:
    """Like :func:`compute_metrics`, but leaves the offending fields out instead of raising.

    Returns ``(results, errors)``: the metrics computed from every field that passed the checks, and one message
    per offending field, so a page can show both side by side.
    """
    clean, errors = validate(inputs)
    usable = {name: value for name, value in clean.items() if name not in errors}
    return _compute(usable, period, period_days, currency), errors
