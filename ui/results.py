"""What the calculator shows for one set of numbers, made once and drawn anywhere (calculator, your data).

:func:`calculator_view` does all the work (metrics, messages, headline, cards, charts); :func:`draw_charts` and
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
from retention.formatting import format_number, unit_of
from retention.metrics.computing import MetricResult, compute_available_metrics, derived_inputs, with_measured
from retention.metrics.example import EXAMPLE_INPUTS
from retention.metrics.registry import METRICS
from retention.periods import PeriodSettings
from retention.words import plural, words
from ui.cards import CardContent, card_content, draw_cards
from ui.charts_view import share_charts, show_chart
from ui.headline import HeadlineFigure, headline_figures
from ui.markdown import escape
from ui.state import kept
from ui.tables import number_column


@dataclass(frozen=True)
class CalculatorView:
    """Everything the page shows for one set of numbers: ``cards`` per topic have values, ``missing`` still need
    numbers; ``settings`` and ``key`` (numbers, settings and measured figures) are what it was made from, ``shared``
    says whether every session shares it (the worked example's, see :func:`ui.state.kept`)."""

    is_example: bool
    results: dict[str, MetricResult]
    errors: dict[str, str]
    charts: list[alt.TopLevelMixin]
    cards: dict[str, list[CardContent]]
    missing: list[CardContent]
    headline: tuple[HeadlineFigure, ...]
    settings: PeriodSettings
    key: tuple
    shared: bool


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


def _made_from(inputs: dict[str, float | None], settings: PeriodSettings,
               measured: Mapping[str, float] | None) -> tuple[tuple, bool]:
    """(the key of a view's numbers and settings, whether the view is nobody's own: the worked example's)."""
    key = (tuple(inputs.items()), settings, tuple((measured or {}).items()))
    example = not measured and {name: value for name, value in inputs.items() if value is not None} == EXAMPLE_INPUTS
    return key, example


def calculator_view(inputs: dict[str, float | None], settings: PeriodSettings,
                    measured: Mapping[str, float] | None = None) -> CalculatorView:
    """Metrics, messages, cards and charts for the typed numbers; ``measured`` figures of an order log (see
    :func:`retention.metrics.computing.with_measured`) replace their estimates. Made once per set of numbers and
    kept in the session (:func:`ui.state.kept`)."""
    key, shared = _made_from(inputs, settings, measured)

    def make() -> CalculatorView:
        view = make_calculator_view(inputs, settings, measured)
        if shared:
            share_charts(view.charts)
        return view

    return kept("calculator", key, make, shared=shared)


def make_calculator_view(inputs: dict[str, float | None], settings: PeriodSettings,
                         measured: Mapping[str, float] | None = None) -> CalculatorView:
    """:func:`calculator_view` made now."""
    period, period_days, currency = settings.period, settings.period_days, settings.currency
    results, errors = compute_available_metrics(inputs, period, period_days, currency)
    results = with_measured(results, measured or {})
    usable = {name: value for name, value in inputs.items() if value is not None and name not in errors}
    charts = explanatory_charts(derived_inputs(usable, period, period_days), results, currency, period)
    contents = [(metric.group, card_content(results[metric.key], settings.business_type, results))
                for metric in METRICS]
    cards = {group: [card for of, card in contents if of == group and not card.missing] for group in GROUPS}
    missing = [card for _, card in contents if card.missing]
    is_example = {name: value for name, value in inputs.items() if value is not None} == EXAMPLE_INPUTS
    shown_cards = {group: cards[group] for group in GROUPS if cards[group]}
    return CalculatorView(is_example, results, errors, charts, shown_cards, missing,
                          headline_figures(results, settings.business_type), settings,
                          *_made_from(inputs, settings, measured))


def draw_charts(charts: list[alt.TopLevelMixin]) -> None:
    """The explanatory charts one under the other, or a note on what they need."""
    if not charts:
        st.info(words("app")["calculator"]["no_charts"])
    for chart in charts:
        show_chart(chart)


def draw_card_groups(view: CalculatorView) -> None:
    """The cards with values under a heading per topic, then one fold naming what each missing figure needs."""
    for group, group_cards in view.cards.items():
        st.header(words("fields")["groups"][group])
        draw_cards(group_cards)
    draw_missing_cards(view.missing)


def draw_missing_cards(cards: list[CardContent]) -> None:
    """"Add these numbers to see N more figures", with each figure and what it needs, folded."""
    if not cards:
        return
    text = words("app")["calculator"]
    heading = plural(text["missing"], len(cards)).format(count=format_number(len(cards)))
    with st.expander(heading, key="missing_figures"):
        st.markdown("\n".join(f"- **{escape(card.label)}**: {card.captions[0]}" for card in cards))


def column_config(columns, measured: Sequence[str] = (), currency: str | None = None) -> dict:
    """Streamlit column settings for a table of fields and metrics: labels for people, numbers the local way in
    their unit (money in ``currency`` when given); the ``measured`` metrics get their measured label."""
    config = {}
    for name in columns:
        try:
            unit = unit_of(name)
        except KeyError:
            continue
        text = words("metrics").get(name) or words("fields")[name]
        if name in measured:
            text = text["measured"]
        config[name] = number_column(text["label"], unit, currency)
    return config
