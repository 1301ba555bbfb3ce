"""What if we kept more customers? Projection, levers, sensitivity and named scenarios (no streamlit).

The what-if starts from the calculator's numbers (a :class:`Baseline`), changes some of them with
:class:`Levers` and projects customers, revenue and profit period by period over a horizon.

===================================  ====================================================================
name                                 what it does
===================================  ====================================================================
baseline_from_inputs(inputs, ...)    the starting point from the calculator's fields, or what is missing
apply_levers(baseline, levers)       the scenario: the baseline with the levers applied (kept in range)
project(baseline, periods)           customers, revenue and profit per period over the horizon
outcome(baseline, periods)           CLV, LTV:CAC, payback and the horizon's totals of one case
compare_outcomes(a, b)               the same figures side by side, with differences in money and percent
sensitivity(baseline, periods)       which lever matters most: the same 10% improvement in each lever
retention_effect(baseline, periods)  +1 to +10 points of retention: the change in CLV and in profit
Scenario, add_scenario(...)          named scenarios a person keeps to compare any two
===================================  ====================================================================

The projection, per period t = 1 .. H, with customers_0 the customers at the end of the calculator's period::

    customers_t         = customers_0 * S(t) + (N + A) * (S(0) + ... + S(t-1))
                                                             N new, A won back per period, each period's
                                                             joiners a group of their own
    S(t)                = r ** t                             constant retention r: customers_(t-1) * r + N + A
    S(t)                = B(a, b + t) / B(a, b)              a subscription (sBG, Fader and Hardie 2007):
                          a = k (1 - r), b = k r             retention rises with age, (b + t - 1) / (k + t - 1),
                                                             from r in a group's first period; k = a + b
    revenue_t           = customers_t * ARPC                 ARPC revenue per customer per period
    acquisition_t       = CAC * N                            only new customers cost money to win
    profit_t            = m * revenue_t - acquisition_t      m gross margin
    discounted_profit_t = profit_t / (1 + d) ** t            d discount rate per period
    cumulative_profit_t = discounted_profit_1 + ... + discounted_profit_t

Customers count from the period they join (the first period is counted, as in the CLV formula), so one
customer's discounted margin over an endless horizon is exactly
:func:`retention.metrics.formulas.customer_lifetime_value`.
Metrics are never re-defined here: CLV, LTV:CAC and payback come from :mod:`retention.metrics.formulas`.

>>> shop = Baseline(retention_rate=0.8, revenue_per_customer=100, gross_margin=0.5, acquisition_cost=50,
...                 new_customers=20, customers=200)
>>> project(shop, 2)[["customers", "revenue", "profit", "cumulative_profit"]].values.tolist()
[[180.0, 18000.0, 8000.0, 8000.0], [164.0, 16400.0, 7200.0, 15200.0]]
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from retention.btyd.sbg import SBG
from retention.fields import PERIODS_PER_YEAR
from retention.formatting import format_number, signed_percent
from retention.metrics import formulas
from retention.metrics.computing import compute_metrics, derived_inputs
from retention.metrics.validation import validate
from retention.words import plural, words

__all__ = [
    "BASELINE_NEEDS",
    "CASES",
    "DEFAULT_HORIZON_YEARS",
    "IMPLIED_HETEROGENEITY",
    "LEVERS",
    "LEVER_LIMITS",
    "MAX_SCENARIOS",
    "OUTCOME_FIGURES",
    "SENSITIVITY_STEP",
    "Baseline",
    "BaselineResult",
    "ComparisonRow",
    "Levers",
    "Outcome",
    "Scenario",
    "add_scenario",
    "apply_levers",
    "baseline_from_inputs",
    "compare_outcomes",
    "horizon_periods",
    "improvement_levers",
    "lever_text",
    "outcome",
    "project",
    "retention_effect",
    "sensitivity",
    "survival",
]

#: The fields a what-if cannot do without (retention needs the customers; revenue per customer can come from
#: revenue / customers who bought).
BASELINE_NEEDS = ("customers_start", "customers_end", "new_customers", "revenue_per_customer", "gross_margin")

#: The relative change the sensitivity chart applies to every lever: 10% better.
SENSITIVITY_STEP = 0.10

#: α + β of a subscription's sBG model when no curve was fitted: between Fader and Hardie's (2007) "Regular"
#: (1.9) and "High End" (4.5) customers. The smaller, the more customers differ and the faster retention rises.
IMPLIED_HETEROGENEITY = 3.0

#: How many named scenarios a person can keep.
MAX_SCENARIOS = 5

#: The cases there are to compare besides the named scenarios s1 .. s5: the calculator's numbers and the levers as
#: they are now. They are the two compared unless a person picks others (and a link then leaves the choice out).
CASES = ("baseline", "scenario")


@dataclass(frozen=True)
class Baseline:
    """The numbers a what-if starts from, all per period.

    retention_rate r (0-1), revenue_per_customer ARPC (money), gross_margin m (0-1), acquisition_cost CAC (money
    per new customer, 0 when unknown), new_customers N and reactivated_customers A (won back, at no acquisition
    cost) per period, customers now (the customers at the end of the calculator's period) and discount_rate d.
    heterogeneity k = α + β of a subscription's sBG model whose first-period retention is r (see :func:`survival`),
    or None for constant retention.
    """

    retention_rate: float
    revenue_per_customer: float
    gross_margin: float
    acquisition_cost: float = 0.0
    new_customers: float = 0.0
    customers: float = 0.0
    reactivated_customers: float = 0.0
    discount_rate: float = 0.0
    heterogeneity: float | None = None


@dataclass(frozen=True)
class Levers:
    """Changes to the baseline, in the units the what-if page shows them.

    Points are percentage points added to a rate (retention_points=5 takes 80% to 85%); pct fields are relative
    changes in percent (revenue_per_customer_pct=10 is 10% more revenue per customer). All zero: no change.
    """

    retention_points: float = 0.0
    revenue_per_customer_pct: float = 0.0
    gross_margin_points: float = 0.0
    acquisition_cost_pct: float = 0.0
    new_customers_pct: float = 0.0
    discount_rate_points: float = 0.0

    @property
    def is_neutral(self) -> bool:
        return all(getattr(self, name) == 0 for name in LEVERS)

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in LEVERS}


#: The lever names, in the order the page shows them (they are also their names in shared links).
LEVERS: tuple[str, ...] = tuple(field.name for field in fields(Levers))

#: Each lever's range and step, and the horizon's (in years): one source for the sliders and for links.
LEVER_LIMITS: dict[str, tuple[float, float, float]] = {
    "retention_points": (-30.0, 30.0, 0.5),
    "revenue_per_customer_pct": (-50.0, 100.0, 1.0),
    "gross_margin_points": (-30.0, 30.0, 0.5),
    "acquisition_cost_pct": (-75.0, 100.0, 1.0),
    "new_customers_pct": (-75.0, 200.0, 1.0),
    "discount_rate_points": (-10.0, 10.0, 0.1),
    "horizon_years": (1.0, 10.0, 1.0),
}
#: The horizon the page starts with and a link leaves out, in years.
DEFAULT_HORIZON_YEARS = 3


def lever_text(name: str, value: float) -> str:
    """A lever's position the local way: "+10 %" for a relative change, "+1,5 poeng" for percentage points.

    >>> lever_text("revenue_per_customer_pct", 10.0), lever_text("retention_points", 1.5)
    ('+10%', '+1.5 points')
    """
    if name.endswith("_pct"):
        return signed_percent(value / 100, 0)
    return plural(words("whatif")["points"], value).format(count=("+" if value > 0 else "") + format_number(value, 1))


def _clip(value: float, low: float, high: float = math.inf) -> float:
    return min(max(value, low), high)


def apply_levers(baseline: Baseline, levers: Levers) -> Baseline:
    """The scenario: the baseline with each lever applied, kept within what the numbers allow.

    Retention and margin stay within 0-100%, money and customers never go below 0, the discount rate never
    below 0.

    >>> shop = Baseline(retention_rate=0.8, revenue_per_customer=100, gross_margin=0.5, acquisition_cost=50,
    ...                 new_customers=20, customers=200)
    >>> scenario = apply_levers(shop, Levers(retention_points=5, revenue_per_customer_pct=10))
    >>> round(scenario.retention_rate, 4), round(scenario.revenue_per_customer, 2)
    (0.85, 110.0)
    >>> apply_levers(shop, Levers(retention_points=30)).retention_rate
    1.0
    """
    return replace(
        baseline,
        retention_rate=_clip(baseline.retention_rate + levers.retention_points / 100, 0.0, 1.0),
        revenue_per_customer=_clip(baseline.revenue_per_customer * (1 + levers.revenue_per_customer_pct / 100), 0.0),
        gross_margin=_clip(baseline.gross_margin + levers.gross_margin_points / 100, 0.0, 1.0),
        acquisition_cost=_clip(baseline.acquisition_cost * (1 + levers.acquisition_cost_pct / 100), 0.0),
        new_customers=_clip(baseline.new_customers * (1 + levers.new_customers_pct / 100), 0.0),
        discount_rate=_clip(baseline.discount_rate + levers.discount_rate_points / 100, 0.0),
    )


def horizon_periods(years: float, period: str) -> int:
    """The horizon in periods: 3 years are 36 months, 12 quarters or 3 years.

    >>> horizon_periods(3, "month"), horizon_periods(3, "quarter"), horizon_periods(3, "year")
    (36, 12, 3)
    """
    return max(1, round(years * PERIODS_PER_YEAR[period]))


@dataclass(frozen=True)
class BaselineResult:
    """A baseline, or the fields still needed (missing or impossible) before a what-if can start."""

    baseline: Baseline | None
    missing: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()


def baseline_from_inputs(
    inputs: Mapping[str, float | None], period: str = "month", period_days: float | None = None
) -> BaselineResult:
    """The what-if's starting point from the calculator's fields (fractions 0-1, as in the Python API).

    Retention is the calculator's retention rate (E - N - A) / S; revenue per customer is the field, or revenue /
    customers who bought; customers now are the customers at the end. Acquisition cost and won-back customers
    default to 0, the discount rate to 0.

    >>> result = baseline_from_inputs({"customers_start": 100, "customers_end": 99, "new_customers": 20,
    ...                                "revenue_per_customer": 50, "gross_margin": 0.4})
    >>> round(result.baseline.retention_rate, 4), result.baseline.customers
    (0.79, 99.0)
    >>> baseline_from_inputs({"customers_start": 100}).missing
    ('customers_end', 'new_customers', 'revenue_per_customer', 'gross_margin')
    """
    clean, errors = validate(inputs)
    usable = {name: value for name, value in clean.items() if name not in errors}
    results = compute_metrics(usable, period, period_days, worked=False)
    values = derived_inputs(usable, period, period_days)
    bad = tuple(name for name in BASELINE_NEEDS if name in errors)
    missing = tuple(name for name in BASELINE_NEEDS if name not in values and name not in bad)
    if missing or bad or results["retention_rate"].status != "ok":
        if not missing and not bad:  # retention undefined: no customers at the start
            bad = ("customers_start",)
        return BaselineResult(None, missing, bad)
    baseline = Baseline(
        retention_rate=results["retention_rate"].value,
        revenue_per_customer=values["revenue_per_customer"],
        gross_margin=values["gross_margin"],
        acquisition_cost=values.get("acquisition_cost", 0.0),
        new_customers=values["new_customers"],
        customers=values["customers_end"],
        reactivated_customers=values.get("reactivated_customers", 0.0),
        discount_rate=values.get("discount_rate", 0.0),
    )
    return BaselineResult(baseline)


def survival(baseline: Baseline, periods: int) -> np.ndarray:
    """S(0 .. periods), the share of a group of customers still there after t periods: r ** t, or for a
    subscription (``heterogeneity`` k) the sBG's B(α, β + t) / B(α, β) with α = k (1 - r), β = k r, so that
    α / (α + β), a new group's average churn, is the baseline's 1 - r (r of 0 or 1 stays constant).

    >>> survival(Baseline(0.5, 1, 1), 3).tolist()
    [1.0, 0.5, 0.25, 0.125]
    >>> survival(Baseline(2 / 3, 1, 1, heterogeneity=3), 3).round(4).tolist()  # α 1, β 2: S(t) = 2 / (2 + t)
    [1.0, 0.6667, 0.5, 0.4]
    """
    rate, spread, t = baseline.retention_rate, baseline.heterogeneity, np.arange(periods + 1)
    if spread is None or not 0 < rate < 1:
        return rate ** t.astype(float)
    return np.asarray(SBG(spread * (1 - rate), spread * rate).survival(t), float)


def project(baseline: Baseline, periods: int) -> pd.DataFrame:
    """Customers, revenue and profit per period over the horizon (see the module docstring for the formulas).

    Columns: period (1..H), customers (at the end of the period), revenue, acquisition (spend on new customers),
    profit, discounted_profit and cumulative_profit (the running sum of discounted profit). With a discount rate
    of 0, discounted profit is the profit.

    >>> steady = Baseline(retention_rate=0.8, revenue_per_customer=100, gross_margin=0.5, new_customers=20,
    ...                   customers=100)
    >>> project(steady, 3)["customers"].tolist()  # 100 * 0.8 + 20 = 100: as many join as leave
    [100.0, 100.0, 100.0]
    """
    rows, cumulative = [], 0.0
    joining = baseline.new_customers + baseline.reactivated_customers
    acquisition = baseline.acquisition_cost * baseline.new_customers
    kept = survival(baseline, periods)
    joined = np.cumsum(kept)
    for period in range(1, periods + 1):
        customers = float(baseline.customers * kept[period] + joining * joined[period - 1])
        revenue = customers * baseline.revenue_per_customer
        profit = baseline.gross_margin * revenue - acquisition
        discounted = profit / (1 + baseline.discount_rate) ** period
        cumulative += discounted
        rows.append({"period": period, "customers": customers, "revenue": revenue, "acquisition": acquisition,
                     "profit": profit, "discounted_profit": discounted, "cumulative_profit": cumulative})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Outcome:
    """What one case (baseline or scenario) is worth.

    customer_lifetime_value, ltv_to_cac and cac_payback_periods as the calculator defines them (None when
    undefined, infinity when unbounded); customers at the end of the horizon; revenue (undiscounted) and profit
    (discounted, after acquisition spend) summed over the horizon; the projection itself.
    """

    baseline: Baseline
    periods: int
    customer_lifetime_value: float
    ltv_to_cac: float | None
    cac_payback_periods: float | None
    customers: float
    revenue: float
    profit: float
    projection: pd.DataFrame

    def value(self, key: str) -> float | None:
        return getattr(self, key)


#: The figures of an outcome shown side by side, with their units (as in retention.formatting).
OUTCOME_FIGURES = (
    ("customer_lifetime_value", "money"),
    ("ltv_to_cac", "ratio"),
    ("cac_payback_periods", "periods"),
    ("customers", "count"),
    ("revenue", "money"),
    ("profit", "money"),
)


def outcome(baseline: Baseline, periods: int) -> Outcome:
    """CLV, LTV:CAC, payback and the horizon's totals of one case.

    >>> shop = Baseline(retention_rate=0.8, revenue_per_customer=100, gross_margin=0.5, acquisition_cost=50,
    ...                 new_customers=20, customers=200)
    >>> result = outcome(shop, 2)
    >>> round(result.customer_lifetime_value, 2), round(result.ltv_to_cac, 2), result.cac_payback_periods
    (250.0, 5.0, 1.0)
    >>> result.customers, result.revenue, result.profit
    (164.0, 34400.0, 15200.0)
    """
    clv = formulas.customer_lifetime_value(
        gross_margin=baseline.gross_margin, revenue_per_customer=baseline.revenue_per_customer,
        retention_rate=baseline.retention_rate, discount_rate=baseline.discount_rate,
    )
    ratio = formulas.ltv_to_cac(customer_lifetime_value=clv, acquisition_cost=baseline.acquisition_cost)
    payback = formulas.cac_payback_periods(
        acquisition_cost=baseline.acquisition_cost, gross_margin=baseline.gross_margin,
        revenue_per_customer=baseline.revenue_per_customer,
    )
    if not baseline.acquisition_cost:
        ratio = payback = None  # no acquisition cost known: nothing to pay back
    projection = project(baseline, periods)
    return Outcome(
        baseline=baseline, periods=periods, customer_lifetime_value=clv, ltv_to_cac=ratio,
        cac_payback_periods=payback, customers=float(projection["customers"].iloc[-1]),
        revenue=float(projection["revenue"].sum()), profit=float(projection["cumulative_profit"].iloc[-1]),
        projection=projection,
    )


def _change(before: float | None, after: float | None) -> tuple[float | None, float | None]:
    """(difference, relative difference) of two values; None where it is not defined."""
    if before is None or after is None or math.isinf(before) or math.isinf(after):
        return None, None
    difference = after - before
    relative = difference / abs(before) if before else None
    return difference, relative


@dataclass(frozen=True)
class ComparisonRow:
    """One figure of two cases side by side: key, unit, the two values, their difference and relative difference."""

    key: str
    unit: str
    first: float | None
    second: float | None
    difference: float | None
    relative: float | None


def compare_outcomes(first: Outcome, second: Outcome) -> list[ComparisonRow]:
    """The figures of two cases side by side, with the difference (second - first) and the relative difference.

    >>> shop = Baseline(retention_rate=0.8, revenue_per_customer=100, gross_margin=0.5, new_customers=20,
    ...                 customers=100)
    >>> rows = compare_outcomes(outcome(shop, 12), outcome(apply_levers(shop, Levers(retention_points=10)), 12))
    >>> clv = rows[0]
    >>> clv.key, round(clv.first, 2), round(clv.second, 2), round(clv.difference, 2), round(clv.relative, 4)
    ('customer_lifetime_value', 250.0, 500.0, 250.0, 1.0)
    """
    rows = []
    for key, unit in OUTCOME_FIGURES:
        before, after = first.value(key), second.value(key)
        difference, relative = _change(before, after)
        rows.append(ComparisonRow(key, unit, before, after, difference, relative))
    return rows


def improvement_levers(baseline: Baseline, step: float = SENSITIVITY_STEP) -> dict[str, Levers]:
    """For each lever, the levers that make it ``step`` (10%) better, and nothing else.

    Better means: 10% fewer customers lost (retention r becomes 1 - 0.9 * (1 - r)), 10% more revenue per
    customer, 10% higher margin, 10% lower acquisition cost, 10% more new customers, 10% lower discount rate.

    >>> shop = Baseline(retention_rate=0.8, revenue_per_customer=100, gross_margin=0.5)
    >>> round(improvement_levers(shop)["retention_points"].retention_points, 6)  # 20% lost -> 18%: +2 points
    2.0
    """
    percent = 100 * step
    return {
        "retention_points": Levers(retention_points=percent * (1 - baseline.retention_rate)),
        "revenue_per_customer_pct": Levers(revenue_per_customer_pct=percent),
        "gross_margin_points": Levers(gross_margin_points=percent * baseline.gross_margin),
        "acquisition_cost_pct": Levers(acquisition_cost_pct=-percent),
        "new_customers_pct": Levers(new_customers_pct=percent),
        "discount_rate_points": Levers(discount_rate_points=-percent * baseline.discount_rate),
    }


def sensitivity(baseline: Baseline, periods: int, step: float = SENSITIVITY_STEP) -> pd.DataFrame:
    """Which lever matters most: the change in CLV and in profit over the horizon from a 10% better lever.

    Columns: lever, clv_change and profit_change (money), clv_change_pct and profit_change_pct (fractions; None
    when the baseline's value is 0, negative or unbounded, where a percentage would mislead). Sorted by the
    change in profit, largest first (the ranking the chart shows).

    >>> shop = Baseline(retention_rate=0.8, revenue_per_customer=100, gross_margin=0.5, acquisition_cost=50,
    ...                 new_customers=20, customers=100)
    >>> table = sensitivity(shop, 12).set_index("lever")  # over a year, 10% more revenue beats 10% fewer lost
    >>> list(table.index)  # doctest: +NORMALIZE_WHITESPACE
    ['revenue_per_customer_pct', 'gross_margin_points', 'retention_points', 'new_customers_pct',
     'acquisition_cost_pct', 'discount_rate_points']
    >>> round(float(table.loc["retention_points", "clv_change_pct"]), 4)  # churn 20% -> 18%: CLV 250 -> 277.78
    0.1111
    >>> table.loc["acquisition_cost_pct", ["clv_change", "profit_change"]].tolist()  # 12 * 20 * 50 * 10%
    [0.0, 1200.0]
    """
    base = outcome(baseline, periods)
    rows = []
    for lever, levers in improvement_levers(baseline, step).items():
        better = outcome(apply_levers(baseline, levers), periods)
        clv_change, clv_pct = _change(base.customer_lifetime_value, better.customer_lifetime_value)
        profit_change, profit_pct = _change(base.profit, better.profit)
        if base.profit <= 0:
            profit_pct = None
        rows.append({"lever": lever, "clv_change": clv_change, "profit_change": profit_change,
                     "clv_change_pct": clv_pct, "profit_change_pct": profit_pct})
    table = pd.DataFrame(rows)
    order = table["profit_change"].fillna(-math.inf).sort_values(ascending=False, kind="stable").index
    return table.loc[order].reset_index(drop=True)


def retention_effect(baseline: Baseline, periods: int, points: Sequence[int] = range(1, 11)) -> pd.DataFrame:
    """What +1 to +10 points of retention are worth: CLV and profit over the horizon, and their changes.

    Columns: points, retention_rate, clv, clv_change_pct, profit, profit_change_pct (fractions; profit_change_pct is
    None when the baseline's profit is 0 or negative). Points that would take retention to 100% or beyond are left
    out: nobody would ever leave and the lifetime value would have no limit.

    >>> shop = Baseline(retention_rate=0.8, revenue_per_customer=100, gross_margin=0.5, new_customers=20,
    ...                 customers=100)
    >>> table = retention_effect(shop, 12, points=[5, 10])
    >>> [round(value, 4) for value in table["clv_change_pct"]]  # churn 20% -> 15%: CLV 250 -> 333.33
    [0.3333, 1.0]
    """
    base = outcome(baseline, periods)
    rows = []
    for point in points:
        if baseline.retention_rate + point / 100 >= 1:
            continue
        better = outcome(apply_levers(baseline, Levers(retention_points=point)), periods)
        _, clv_pct = _change(base.customer_lifetime_value, better.customer_lifetime_value)
        _, profit_pct = _change(base.profit, better.profit)
        rows.append({"points": point, "retention_rate": better.baseline.retention_rate,
                     "clv": better.customer_lifetime_value, "clv_change_pct": clv_pct, "profit": better.profit,
                     "profit_change_pct": profit_pct if base.profit > 0 else None})
    columns = ["points", "retention_rate", "clv", "clv_change_pct", "profit", "profit_change_pct"]
    return pd.DataFrame(rows, columns=columns)


# Named scenarios -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """A set of levers a person kept under a name of their own (at most 40 characters, shown as plain text)."""

    name: str
    levers: Levers


NAME_LENGTH = 40


def clean_name(name: str) -> str:
    """A scenario name as it is kept: control characters removed, spaces collapsed, at most 40 characters.

    >>> clean_name("  Loyalty\\n programme  ")
    'Loyalty programme'
    """
    printable = "".join(character if character.isprintable() else " " for character in str(name))
    return " ".join(printable.split())[:NAME_LENGTH].rstrip()


def add_scenario(scenarios: Sequence[Scenario], name: str, levers: Levers) -> tuple[Scenario, ...]:
    """The scenarios with one more kept: a scenario of the same name is replaced; beyond the limit, the oldest goes.

    >>> kept = add_scenario((), "Loyalty", Levers(retention_points=5))
    >>> kept = add_scenario(kept, "Price", Levers(revenue_per_customer_pct=5))
    >>> [scenario.name for scenario in add_scenario(kept, "Loyalty", Levers(retention_points=3))]
    ['Price', 'Loyalty']
    """
    name = clean_name(name)
    if not name:
        return tuple(scenarios)
    kept = [scenario for scenario in scenarios if scenario.name != name]
    kept.append(Scenario(name, levers))
    return tuple(kept[-MAX_SCENARIOS:])
