"""The "How you compare" section: pick a business type, see where each figure stands against published benchmarks.

The comparison itself (which benchmark applies, conversions to its period) is :mod:`retention.comparison`,
its chart :mod:`retention.charts.comparison`; this module only draws it.
"""

from collections.abc import Mapping

import altair as alt
import streamlit as st

from retention.charts.comparison import standing_chart
from retention.comparison import (
    BUSINESS_TYPES,
    Comparison,
    business_type_label,
    compare,
)
from retention.metrics.computing import MetricResult
from retention.words import words
from ui.charts_view import show_chart
from ui.markdown import escape
from ui.state import INDUSTRY


def _labels(keys) -> str:
    return ", ".join(words("metrics")[key]["label"] for key in keys)


def draw_comparison(results: Mapping[str, MetricResult]) -> tuple[Comparison, list[alt.LayerChart]]:
    """The section; returns the comparison and its charts (for the downloads and the report)."""
    text = words("comparison")
    st.header(text["heading"])
    st.markdown(escape(text["intro"]))
    if st.session_state.get(INDUSTRY) not in BUSINESS_TYPES:
        st.session_state[INDUSTRY] = None
    business_type = st.selectbox(
        text["choose"], list(BUSINESS_TYPES), index=None, key=INDUSTRY, format_func=business_type_label,
        placeholder=text["choose_placeholder"], help=text["choose_help"],
    )
    found = compare(results, business_type)
    if not found.standings and not found.no_benchmark and not found.not_comparable:
        st.info(escape(text["no_figures"]))
        return found, []
    if not found.business_type:  # the charts wait for a choice: the cards already judge by the rules of thumb
        st.info(escape(text["summary_none"]), icon=":material/travel_explore:")
        return found, []
    measured = [standing for standing in found.standings.values()
                if standing.reference is not None and not standing.reference.is_rule_of_thumb]
    better = sum(standing.verdict == "better" for standing in measured)
    st.markdown(escape(text["summary"].format(better=better, count=len(measured),
                                              business_type=business_type_label(found.business_type))))
    charts = [standing_chart(standing) for standing in found.standings.values()]
    keys = list(found.standings)
    for start in range(0, len(charts), 2):
        for column, chart, key in zip(st.columns(2), charts[start:start + 2], keys[start:start + 2], strict=False):
            with column, st.container(key=f"compare_{key}"):
                show_chart(chart)
                standing = found.standings[key]
                if standing.reference is None:
                    st.caption(escape(text["no_reference"].format(
                        metric=standing.label, business_type=business_type_label(found.business_type))))
                sources = "; ".join(dict.fromkeys(row.citation for row in standing.published))
                st.caption(escape(text["sources"].format(sources=sources)))
    if found.not_comparable:
        st.caption(escape(text["not_comparable"].format(metrics=_labels(found.not_comparable))))
    if found.no_benchmark:
        st.caption(escape(text["no_benchmark"].format(metrics=_labels(found.no_benchmark))))
    return found, charts
