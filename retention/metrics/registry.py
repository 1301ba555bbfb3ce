"""The metric registry: each metric of DESIGN §2 defined once.

A :class:`Metric` names its formula function (from :mod:`retention.metrics.formulas`), whose parameter names say which
fields and earlier metrics it needs; its unit; which direction is better; how it scales with the period length
(for benchmark comparisons); and its alternative definitions. Its words (label, meaning, formula in words, what
moves it) live in ``retention/words/metrics.toml`` under the same key. The page, the explanations, the exports and
the tests all read this one registry.
"""

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from retention.metrics import formulas

__all__ = ["METRICS", "METRIC_KEYS", "Alternative", "Metric", "parameters"]


@functools.cache
def parameters(formula: Callable) -> tuple[tuple[str, ...], Mapping[str, float]]:
    """The names a formula needs, and the names it can do without with their defaults, from its signature.

    Read once per formula (it is asked on every evaluation); the defaults come back read-only.
    """
    signature = inspect.signature(formula).parameters.values()
    required = tuple(p.name for p in signature if p.default is inspect.Parameter.empty)
    optional = {p.name: p.default for p in signature if p.default is not inspect.Parameter.empty}
    return required, MappingProxyType(optional)


@dataclass(frozen=True)
class Alternative:
    """Another definition practitioners use for the same figure, computed on the same numbers."""

    key: str
    formula: Callable
    unit: str


@dataclass(frozen=True)
class Metric:
    """One metric of DESIGN §2.

    unit: fraction, count, money, periods, days, score or ratio.
    better: "higher", "lower" or None (neither is better in itself).
    scaling: how the figure changes with the period length, for comparisons with benchmarks of another period:
      "compound" (a per-period rate that compounds: annual = monthly ** 12), "churn" (a loss rate that compounds
      through its complement: annual = 1 - (1 - monthly) ** 12), "periods" (a number of periods),
      "none" (independent of the period length) or "window" (depends on the period, not convertible).
    threshold: a line that holds by definition (net revenue retention 100%, NPS 0), where "better" starts;
      rules of thumb and measured benchmarks come from ``data/benchmarks.csv`` (see
      :mod:`retention.metrics.benchmarks`).
    """

    key: str
    group: str
    formula: Callable
    unit: str
    better: str | None
    scaling: str = "none"
    alternatives: tuple[Alternative, ...] = ()
    threshold: float | None = None

    @property
    def needs(self) -> tuple[str, ...]:
        """Fields and metric keys the formula requires."""
        return parameters(self.formula)[0]

    def is_better(self, value: float, reference: float) -> bool:
        """Whether ``value`` is at least as good as ``reference``: as high or higher when higher is better, else as low.

        >>> METRICS_BY_KEY["churn_rate"].is_better(0.05, 0.07), METRICS_BY_KEY["retention_rate"].is_better(0.8, 0.9)
        (True, False)
        """
        return value >= reference if self.better == "higher" else value <= reference


METRICS: tuple[Metric, ...] = (
    Metric("lost_customers", "customers", formulas.lost_customers, "count", "lower", "window"),
    Metric("retention_rate", "customers", formulas.retention_rate, "fraction", "higher", "compound"),
    Metric(
        "churn_rate", "customers", formulas.churn_rate, "fraction", "lower", "churn",
        alternatives=(
            Alternative("churn_without_new", formulas.churn_rate_without_new_customers, "fraction"),
            Alternative("churn_of_all_customers", formulas.churn_rate_of_all_customers, "fraction"),
        ),
    ),
    Metric("end_to_start_ratio", "customers", formulas.end_to_start_ratio, "fraction", None, "compound"),
    Metric(
        "net_customer_growth", "customers", formulas.net_customer_growth, "fraction", "higher", "window", threshold=0
    ),
    Metric("gross_revenue_churn", "revenue", formulas.gross_revenue_churn, "fraction", "lower", "churn"),
    Metric("gross_revenue_retention", "revenue", formulas.gross_revenue_retention, "fraction", "higher", "compound"),
    Metric(
        "net_revenue_retention", "revenue", formulas.net_revenue_retention, "fraction", "higher", "compound",
        threshold=1,
    ),
    Metric(
        "existing_customer_revenue_growth", "revenue", formulas.existing_customer_revenue_growth,
        "fraction", "higher", "window", threshold=0,
    ),
    Metric("repeat_purchase_rate", "purchases", formulas.repeat_purchase_rate, "fraction", "higher", "window"),
    Metric("purchase_frequency", "purchases", formulas.purchase_frequency, "count", "higher", "window"),
    Metric("average_order_value", "purchases", formulas.average_order_value, "money", "higher"),
    Metric(
        "average_days_between_purchases", "purchases", formulas.average_days_between_purchases,
        "days", "lower",
    ),
    Metric("loyal_customer_rate", "purchases", formulas.loyal_customer_rate, "fraction", "higher", "window"),
    Metric("product_return_rate", "returns", formulas.product_return_rate, "fraction", "lower"),
    Metric("days_sales_outstanding", "receivables", formulas.days_sales_outstanding, "days", "lower"),
    Metric("net_promoter_score", "survey", formulas.net_promoter_score, "score", "higher", threshold=0),
    Metric(
        "customer_lifetime_value", "economics", formulas.customer_lifetime_value, "money", "higher", "window",
        alternatives=(
            Alternative("clv_first_period_not_counted", formulas.clv_first_period_not_counted, "money"),
            Alternative("clv_without_margin", formulas.customer_lifetime_revenue, "money"),
            Alternative("clv_from_order_habits", formulas.clv_from_order_habits, "money"),
        ),
    ),
    Metric("customer_lifetime_revenue", "economics", formulas.customer_lifetime_revenue, "money", "higher", "window"),
    Metric(
        "average_customer_lifetime", "economics", formulas.average_customer_lifetime, "periods", "higher", "periods"
    ),
    Metric("ltv_to_cac", "economics", formulas.ltv_to_cac, "ratio", "higher", "window"),
    Metric("cac_payback_periods", "economics", formulas.cac_payback_periods, "periods", "lower", "periods"),
    Metric("value_lost_to_churn", "economics", formulas.value_lost_to_churn, "money", "lower", "window"),
)

METRICS_BY_KEY: dict[str, Metric] = {metric.key: metric for metric in METRICS}
METRIC_KEYS: tuple[str, ...] = tuple(METRICS_BY_KEY)
