"""What the calculator shows for one set of numbers, made once and drawn anywhere (calculator, your data).

:func:`calculator_view` does all the work (metrics, messages, cards, charts); :func:`draw_charts` and
:func:`draw_card_groups` put the result on a page.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import streamlit as st

from retention import GROUPS
from retention.charts.metrics import (
    clv_buildup_chart,
    clv_buildup_data,
    customer_bridge_chart,
    customer_bridge_data,
    nps_split_chart,
    nps_split_data,
    revenue_bridge_chart,
    revenue_bridge_data,
)
from retention.formatting import unit_of
from retention.metrics.computing import MetricResult, compute_available_metrics, derived_inputs, with_measured
from retention.metrics.example import EXAMPLE_INPUTS
from retention.metrics.registry import METRICS
from retention.periods import PeriodSettings
from retention.words import words
from ui.cards import CardContent, card_content, draw_cards


@dataclass(frozen=True)
class CalculatorView:
    """Everything the page shows for one set of numbers."""

    is_example: bool
    results: dict[str, MetricResult]
    errors: dict[str, str]
    charts: list[alt.TopLevelMixin]
    cards: dict[str, list[CardContent]]


def explanatory_charts(inputs: dict[str, float], results: dict[str, MetricResult], currency: str, period: str):
    """The charts whose numbers are known (inputs with their defaults and derived values filled in)."""
    charts = []
    if results["retention_rate"].status == "ok":
        charts.append(customer_bridge_chart(customer_bridge_data(inputs)))
    if results["net_revenue_retention"].status == "ok":
        charts.append(revenue_bridge_chart(revenue_bridge_data(inputs), currency))
    if results["net_promoter_score"].status == "ok":
        charts.append(nps_split_chart(nps_split_data(inputs)))
    if results["customer_lifetime_value"].status == "ok":
        retention = results["retention_rate"].value
        charts.append(clv_buildup_chart(clv_buildup_data(inputs, retention), currency, period))
    return charts


def calculator_view(inputs: dict[str, float | None], settings: PeriodSettings,
                    measured: Mapping[str, float] | None = None) -> CalculatorView:
    """Metrics, messages, cards and charts for the typed numbers; ``measured`` figures of an order log (see
    :func:`retention.metrics.computing.with_measured`) replace their estimates."""
    period, period_days, currency = settings.period, settings.period_days, settings.currency
    results, errors = compute_available_metrics(inputs, period, period_days, currency)
    results = with_measured(results, measured or {})
    usable = {name: value for name, value in inputs.items() if value is not None and name not in errors}
    charts = explanatory_charts(derived_inputs(usable, period, period_days), results, currency, period)
    cards = {
        group: [card_content(results[metric.key]) for metric in METRICS if metric.group == group]
        for group in GROUPS
    }
    is_example = {name: value for name, value in inputs.items() if value is not None} == EXAMPLE_INPUTS
    shown_cards = {group: cards[group] for group in GROUPS if cards[group]}
    return CalculatorView(is_example, results, errors, charts, shown_cards)


def draw_charts(charts: list[alt.TopLevelMixin]) -> None:
    """The explanatory charts one under the other, or a note on what they need."""
    if not charts:
        st.info(words("app")["calculator"]["no_charts"])
    for chart in charts:
        st.altair_chart(chart, width="stretch")


def draw_card_groups(cards: dict[str, list[CardContent]]) -> None:
    """The cards under a heading per topic."""
    for group, group_cards in cards.items():
        st.subheader(words("fields")["groups"][group])
        draw_cards(group_cards)


NUMBER_FORMATS = {"fraction": "percent", "days": "%.1f", "periods": "%.1f", "ratio": "%.2f", "score": "%.1f"}


def column_config(columns, measured: Sequence[str] = ()) -> dict:
    """Streamlit column settings for a table of fields and metrics: labels for people, units in the format; the
    ``measured`` metrics get their measured label."""
    config = {}
    for name in columns:
        try:
            unit = unit_of(name)
        except KeyError:
            continue
        text = words("metrics").get(name) or words("fields")[name]
        if name in measured:
            text = text["measured"]
        config[name] = st.column_config.NumberColumn(text["label"], format=NUMBER_FORMATS.get(unit, "localized"))
    return config
