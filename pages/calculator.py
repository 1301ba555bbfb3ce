"""The calculator (home page): a form grouped by topic, a card per metric and the charts that explain them.

The page is made in two steps: :func:`calculator_view` does all the work (metrics, cards, charts) from the typed
numbers and the settings, :func:`draw` puts the result on the page.
"""

from dataclasses import dataclass

import altair as alt
import streamlit as st

from retention import FIELDS, GROUPS
from retention.charts import (
    clv_buildup_chart,
    clv_buildup_data,
    customer_bridge_chart,
    customer_bridge_data,
    nps_split_chart,
    nps_split_data,
    revenue_bridge_chart,
    revenue_bridge_data,
)
from retention.example import EXAMPLE_INPUTS
from retention.metrics import MetricResult, compute_available_metrics, derived_inputs
from retention.registry import METRICS
from retention.validation import field_label
from retention.words import words
from ui.cards import CardContent, card_content, draw_cards
from ui.markdown import escape
from ui.state import clear_inputs, current_inputs, load_example, settings

EXPANDED_GROUPS = ("customers", "economics")


@dataclass(frozen=True)
class CalculatorView:
    """Everything the page shows for one set of numbers."""

    is_example: bool
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


def calculator_view(inputs: dict[str, float | None], period: str, period_days: float | None, currency: str):
    """Metrics, messages, cards and charts for the typed numbers."""
    results, errors = compute_available_metrics(inputs, period, period_days, currency)
    usable = {name: value for name, value in inputs.items() if value is not None and name not in errors}
    charts = explanatory_charts(derived_inputs(usable, period, period_days), results, currency, period)
    cards = {
        group: [card_content(results[metric.key]) for metric in METRICS if metric.group == group]
        for group in GROUPS
    }
    is_example = {name: value for name, value in inputs.items() if value is not None} == EXAMPLE_INPUTS
    return CalculatorView(is_example, errors, charts, {group: cards[group] for group in GROUPS if cards[group]})


def input_form(errors: dict[str, str]) -> None:
    """The form of every input field, grouped by topic, with each error message right under its field."""
    text = words("app")["calculator"]
    field_words = words("fields")
    with st.form("calculator_form", border=False):
        for group in GROUPS:
            fields = [field for field in FIELDS if field.group == group]
            has_error = any(field.name in errors for field in fields)
            with st.expander(field_words["groups"][group], expanded=has_error or group in EXPANDED_GROUPS):
                for field in fields:
                    st.number_input(
                        field_label(field.name), key=field.name, help=field_words[field.name]["help"],
                        step=1.0, format="%g", placeholder=text["placeholder"], persist_state="session",
                    )
                    if field.name in errors:
                        st.error(escape(errors[field.name]), icon=":material/error:")
        st.form_submit_button(text["submit"], type="primary", width="stretch")


def draw(view: CalculatorView) -> None:
    """Put a calculator view on the page."""
    text = words("app")["calculator"]
    st.title(text["title"])
    st.markdown(text["intro"])
    if view.is_example:
        st.info(text["example_notice"], icon=":material/lightbulb:")
    left, right = st.columns(2)
    left.button(text["blank"], on_click=clear_inputs, width="stretch")
    right.button(text["example"], on_click=load_example, width="stretch")
    if view.errors:
        st.warning(text["errors_summary"].format(count=len(view.errors)), icon=":material/warning:")
    form_column, results_column = st.columns([2, 3], gap="large")
    with form_column:
        input_form(view.errors)
    with results_column:
        if not view.charts:
            st.info(text["no_charts"])
        for chart in view.charts:
            st.altair_chart(chart, width="stretch")
    for group, cards in view.cards.items():
        st.subheader(words("fields")["groups"][group])
        draw_cards(cards)


def render() -> None:
    """Draw the calculator page for the numbers typed so far."""
    period, period_days, currency = settings()
    draw(calculator_view(current_inputs(), period, period_days, currency))
