"""Every chart on the page the same way (issue 15 point 7): named after its title, which states its finding
(ui/accessibility.py), its legend below, no action menu, and its data as a table behind "Show the numbers"."""

import altair as alt
import streamlit as st

from retention.charts.common import accessible, chart_data
from retention.words import words


def show_chart(chart: alt.TopLevelMixin) -> None:
    """The chart across the width, then the numbers it draws, folded."""
    st.altair_chart(accessible(chart), width="stretch")
    data = chart_data(chart)
    if data is not None:
        with st.expander(words("app")["charts"]["show_numbers"]):
            st.dataframe(data, hide_index=True)
