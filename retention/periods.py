"""Period conversions: rates compound, lifetimes scale.

A monthly retention rate r becomes r ** 12 over a year, never 12 * r; a churn rate converts through its retention
(1 - (1 - c) ** n); a number of periods (a lifetime, a payback) scales with the length of the period.

>>> round(convert_rate(0.95, "month", "year"), 4)
0.5404
>>> round(convert_churn(0.05, "month", "year"), 4)
0.4596
>>> convert_periods(6, "month", "year")
0.5

The settings the numbers are read with travel as one :class:`PeriodSettings`.
"""

from dataclasses import dataclass

from retention.fields import DEFAULT_PERIOD_DAYS, PERIODS_PER_YEAR

__all__ = ["DEFAULT_SETTINGS", "PeriodSettings", "convert_churn", "convert_periods", "convert_rate", "periods_between"]


@dataclass(frozen=True)
class PeriodSettings:
    """The period the numbers cover, its length in days when not the default, the currency of the amounts and the
    business type the figures are judged for (a key of ``retention.metrics.benchmarks.BUSINESS_TYPES``, or None).

    >>> PeriodSettings("quarter").days, PeriodSettings("quarter", period_days=90).days
    (91.0, 90.0)
    """

    period: str = "month"
    period_days: float | None = None
    currency: str = "USD"
    business_type: str | None = None

    @property
    def days(self) -> float:
        """The length of the period in days: ``period_days``, else the period's default (30 for a month)."""
        return float(self.period_days or DEFAULT_PERIOD_DAYS[self.period])


#: A month of 30 days, amounts in US dollars.
DEFAULT_SETTINGS = PeriodSettings()


def periods_between(source: str, target: str) -> float:
    """How many source periods fit in one target period (month -> year: 12; year -> month: 1/12)."""
    return PERIODS_PER_YEAR[source] / PERIODS_PER_YEAR[target]


def convert_rate(rate: float, source: str, target: str) -> float:
    """A compounding per-period rate (retention, revenue retention) over another period: rate ** n."""
    return rate ** periods_between(source, target)


def convert_churn(churn: float, source: str, target: str) -> float:
    """A churn rate over another period: 1 - (1 - churn) ** n."""
    return 1 - convert_rate(1 - churn, source, target)


def convert_periods(count: float, source: str, target: str) -> float:
    """A number of source periods (a lifetime, a payback time) expressed in target periods."""
    return count / periods_between(source, target)
