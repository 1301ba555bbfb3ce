"""The "How you compare" section: where each figure stands against the published figure for the business type
chosen in the sidebar and the rules of thumb, one chart per figure compared.

The comparison itself (which benchmark applies, conversions to the user's period) is :mod:`retention.comparison`,
its chart :mod:`retention.charts.comparison`; this module only draws it.
"""

from collections.abc import Mapping

import altair as alt
import streamlit as st

from retention.charts.comparison import standing_chart
from retention.comparison import Comparison, compare, no_benchmark, not_comparable, summary
from retention.metrics.computing import MetricResult
from retention.words import words
from ui.charts_view import show_chart
from ui.markdown import escape


def draw_comparison(results: Mapping[str, MetricResult],
                    business_type: str | None) -> tuple[Comparison, list[alt.LayerChart]]:
    """The section for the sidebar's business type; returns the comparison and its charts (one per standing, for
    the downloads)."""
    text = words("comparison")
    st.header(text["heading"])
    st.markdown(escape(text["intro"]))
    found = compare(results, business_type)
    if not found.standings and not found.no_benchmark and not found.not_comparable:
        st.info(escape(text["no_figures"]))
        return found, []
    st.markdown(escape(summary(found)))
    if not found.business_type:
        st.info(escape(text["choose_hint"]), icon=":material/travel_explore:")
    charts = [standing_chart(standing) for standing in found.standings.values()]
    keys = list(found.standings)
    for start in range(0, len(charts), 2):
        for column, chart, key in zip(st.columns(2), charts[start:start + 2], keys[start:start + 2], strict=False):
            with column, st.container(key=f"compare_{key}"):
                show_chart(chart)
                standing = found.standings[key]
                sources = "; ".join(dict.fromkeys(row.benchmark.citation for row in standing.published))
                st.caption(escape(text["sources"].format(sources=sources)))
    if found.not_comparable:
        st.caption(escape(not_comparable(found)))
    if found.no_benchmark:
        st.caption(escape(no_benchmark(found)))
    return found, charts
