"""The calculator (home page): a form grouped by topic, a card per metric and the charts that explain them."""

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
from retention.metrics import compute_available_metrics, derived_inputs
from retention.registry import METRICS
from retention.validation import field_label
from retention.words import words
from ui.cards import metric_cards
from ui.markdown import escape
from ui.state import clear_inputs, current_inputs, is_fraction, load_example, settings

EXPANDED_GROUPS = ("customers", "economics")


def _input_form(errors: dict[str, str]) -> None:
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
                        step=1.0, format="%g",
                        placeholder=text["placeholder"], persist_state="session",
                    )
                    if field.name in errors:
                        st.error(escape(errors[field.name]), icon=":material/error:")
        st.form_submit_button(text["submit"], type="primary", width="stretch")


def _charts(inputs: dict[str, float], results) -> None:
    """The explanatory charts whose numbers are known (inputs with defaults and derived values filled in)."""
    text = words("app")["calculator"]
    period, _, currency = settings()
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
    if not charts:
        st.info(text["no_charts"])
    for chart in charts:
        st.altair_chart(chart, width="stretch")


def render() -> None:
    """Draw the calculator page."""
    text = words("app")["calculator"]
    st.title(text["title"])
    st.markdown(text["intro"])
    period, period_days, currency = settings()
    inputs = current_inputs()
    results, errors = compute_available_metrics(inputs, period, period_days, currency)

    if {name: value for name, value in inputs.items() if value is not None} == EXAMPLE_INPUTS:
        st.info(text["example_notice"], icon=":material/lightbulb:")
    left, right = st.columns(2)
    left.button(text["blank"], on_click=clear_inputs, width="stretch")
    right.button(text["example"], on_click=load_example, width="stretch")
    if errors:
        st.warning(text["errors_summary"].format(count=len(errors)), icon=":material/warning:")

    form_column, results_column = st.columns([2, 3], gap="large")
    with form_column:
        _input_form(errors)
    with results_column:
        usable = {name: value for name, value in inputs.items() if value is not None and name not in errors}
        _charts(derived_inputs(usable, period, period_days), results)

    for group in GROUPS:
        keys = [metric.key for metric in METRICS if metric.group == group]
        if keys:
            st.subheader(words("fields")["groups"][group])
            metric_cards(results, keys)
