"""A card per metric: value, meaning, formula with the user's numbers, is it good, what moves it."""

from collections.abc import Mapping

import streamlit as st

from retention.benchmarks import assess
from retention.metrics import MetricResult
from retention.words import words
from ui.markdown import escape

VERDICT_ICONS = {"good": ":material/check_circle:", "attention": ":material/warning:", "neutral": ":material/info:"}


def metric_card(result: MetricResult) -> None:
    """One bordered card; a metric still missing inputs says what it needs instead of showing zero."""
    text = words("app")["card"]
    with st.container(border=True, key=f"card_{result.key}"):
        st.metric(result.label, result.formatted if result.status != "missing" else text["missing_value"])
        st.markdown(escape(result.meaning))
        if result.status == "missing":
            st.caption(escape(result.note))
            return
        st.caption(f"**{escape(text['formula'])}** {escape(result.worked)}")
        if result.note:
            st.caption(escape(result.note))
        for assessment in assess(result):
            source = text["source"].format(source=assessment.source)
            st.caption(f"{VERDICT_ICONS[assessment.verdict]} {escape(assessment.text)} *{escape(source)}*")
        st.caption(f"**{escape(text['moves'])}** {escape(words('metrics')[result.key]['moves'])}")
        if result.alternatives:
            with st.expander(text["alternatives"]):
                for alternative in result.alternatives:
                    st.markdown(
                        f"**{escape(alternative.label)}**: {escape(alternative.worked)}  \n"
                        f"{escape(alternative.who_uses_it)}"
                    )


def metric_cards(results: Mapping[str, MetricResult], keys: list[str], columns: int = 2) -> None:
    """Cards in a grid (columns stack on a phone)."""
    for start in range(0, len(keys), columns):
        for column, key in zip(st.columns(columns), keys[start : start + columns]):
            with column:
                metric_card(results[key])
