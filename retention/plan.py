"""The action plan (issue 19): which of the user's figures to work on first, and what each step is worth.

A *topic* groups the figures one kind of work moves (keeping customers moves retention and churn). A topic's verdict
is the worst verdict of its figures that have one (:func:`retention.metrics.benchmarks.assess`: "attention" before
"neutral" before "good"); topics are ranked by that verdict, then in the order of :data:`TOPICS` (the order of what a
small business gains most from). A topic none of whose figures
has a verdict is never recommended: :func:`unlocks` names the fields that would give it one.

A step's worth is the what-if of its lever set to a modest effect (:attr:`Topic.effect`): the profit over the
horizon with the lever moved, less the profit without (:func:`step_worth`).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from retention.metrics.benchmarks import Assessment, assess
from retention.metrics.computing import MetricResult
from retention.whatif import Baseline, Levers, apply_levers, outcome

__all__ = ["PLAN_STEPS", "TOPICS", "JudgedTopic", "Topic", "rank_topics", "step_worth", "unlocks"]

#: How many steps the plan names.
PLAN_STEPS = 3
VERDICT_ORDER = {"attention": 0, "neutral": 1, "good": 2}


@dataclass(frozen=True)
class Topic:
    """One kind of work: the figures it moves, the what-if lever that stands for it with a modest ``effect`` in the
    lever's units (None: no lever models it), and the customer lists (:mod:`retention.orders.customer_lists`) of
    who to start with."""

    key: str
    metrics: tuple[str, ...]
    lever: str | None = None
    effect: float = 0.0
    lists: tuple[str, ...] = ()


TOPICS = (
    Topic("keep_customers", ("retention_rate", "churn_rate"), "retention_points", 2.0, ("quiet", "at_risk", "top")),
    Topic("grow_existing", ("net_revenue_retention", "existing_customer_revenue_growth", "gross_revenue_retention"),
          "revenue_per_customer_pct", 5.0, ("top",)),
    Topic("buy_again", ("repeat_purchase_rate", "loyal_customer_rate", "purchase_frequency",
                        "average_days_between_purchases"), "retention_points", 1.0, ("one_time",)),
    Topic("worth_more", ("customer_lifetime_value", "ltv_to_cac", "cac_payback_periods"), "acquisition_cost_pct",
          -10.0),
    Topic("fewer_returns", ("product_return_rate",), "gross_margin_points", 1.0),
    Topic("paid_sooner", ("days_sales_outstanding",)),
    Topic("listen", ("net_promoter_score",)),
)


@dataclass(frozen=True)
class JudgedTopic:
    """A topic with its figures that have a verdict (each with its first, main, assessment) and its verdict."""

    topic: Topic
    figures: tuple[tuple[MetricResult, Assessment], ...]

    @property
    def verdict(self) -> str:
        return min((assessment.verdict for _, assessment in self.figures), key=VERDICT_ORDER.__getitem__)


def rank_topics(results: Mapping[str, MetricResult], business_type: str | None = None) -> list[JudgedTopic]:
    """The topics with at least one judged figure, the worst first (see the module's docstring).

    >>> from retention.metrics.computing import compute_available_metrics
    >>> from retention.metrics.example import EXAMPLE_INPUTS
    >>> results, _ = compute_available_metrics(EXAMPLE_INPUTS)
    >>> [(judged.topic.key, judged.verdict) for judged in rank_topics(results)]
    [('keep_customers', 'attention'), ('grow_existing', 'attention'), ('worth_more', 'attention'), \
('fewer_returns', 'good'), ('paid_sooner', 'good'), ('listen', 'good')]
    """
    judged = []
    for topic in TOPICS:
        figures = []
        for key in topic.metrics:
            found = assess(results[key], business_type, results) if key in results else ()
            if found:
                figures.append((results[key], found[0]))
        if figures:
            judged.append(JudgedTopic(topic, tuple(figures)))
    order = {topic.key: index for index, topic in enumerate(TOPICS)}
    return sorted(judged, key=lambda item: (VERDICT_ORDER[item.verdict], order[item.topic.key]))


def unlocks(results: Mapping[str, MetricResult]) -> dict[str, tuple[str, ...]]:
    """{topic key: the fields still needed} for each topic none of whose figures has a value yet."""
    found = {}
    for topic in TOPICS:
        known = [results[key] for key in topic.metrics if key in results]
        if known and all(result.status == "missing" for result in known):
            found[topic.key] = tuple(dict.fromkeys(name for result in known for name in result.missing))
    return found


def step_worth(baseline: Baseline, topic: Topic, periods: int) -> float | None:
    """The profit over ``periods`` with the topic's lever moved by its effect, less the profit without; None for a
    topic no lever models.

    >>> shop = Baseline(retention_rate=0.8, revenue_per_customer=100, gross_margin=0.5, acquisition_cost=50,
    ...                 new_customers=20, customers=200)
    >>> round(step_worth(shop, TOPICS[0], 2), 2)  # customers 184 and 170.88, not 180 and 164: 0.5 * 100 * 10.88
    544.0
    """
    if topic.lever is None:
        return None
    moved = apply_levers(baseline, Levers(**{topic.lever: topic.effect}))
    return outcome(moved, periods).profit - outcome(baseline, periods).profit
