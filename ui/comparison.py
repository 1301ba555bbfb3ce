"""The "How you compare" section: where each figure stands against the published figure for the business type
chosen in the sidebar and the rules of thumb, one chart per figure compared.

The comparison itself (which benchmark applies, conversions to the user's period) is :mod:`retention.comparison`,
its chart :mod:`retention.charts.comparison`; this module only draws it.
"""

import altair as alt
import streamlit as st

from retention.charts.comparison import standing_chart
from retention.comparison import Comparison, compare, no_benchmark, not_comparable, summary
from retention.words import words
from ui.charts_view import share_charts, show_chart
from ui.markdown import escape
from ui.results import CalculatorView
from ui.state import kept


def comparison(view: CalculatorView) -> tuple[Comparison, list[alt.LayerChart]]:
    """The comparison of a calculator view's figures for its business type, and its charts (one per standing);
    made once per set of numbers and kept like the view (shared by every session for the worked example's)."""
    def make() -> tuple[Comparison, list[alt.LayerChart]]:
        found = compare(view.results, view.settings.business_type)
        charts = [standing_chart(standing) for standing in found.standings.values()]
        if view.shared:
            share_charts(charts)
        return found, charts

    return kept("comparison", view.key, make, shared=view.shared)


def draw_comparison(view: CalculatorView) -> tuple[Comparison, list[alt.LayerChart]]:
    """The section for the sidebar's business type; returns the comparison and its charts (one per standing, for
    the downloads)."""
    text = words("comparison")
    st.header(text["heading"])
    st.markdown(escape(text["intro"]))
    found, charts = comparison(view)
    if not found.standings and not found.no_benchmark and not found.not_comparable:
        st.info(escape(text["no_figures"]))
        return found, []
    st.markdown(escape(summary(found)))
    if not found.business_type:
        st.info(escape(text["choose_hint"]), icon=":material/travel_explore:")
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
