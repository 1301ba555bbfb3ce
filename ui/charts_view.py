"""Every chart on the page the same way (issue 15 point 7): named after its title, which states its finding
(ui/accessibility.py), its legend below, no action menu, and its data as a table behind "Show the numbers".

Cheaper pages (issue 15 point 8): a chart's Vega-Lite spec is made once per chart object and kept in the session
(:data:`SPECS`, the spec dict with its data as Arrow bytes, not the Altair object's later conversions), and made
without Altair's JSON-schema validation: the specs are ours, built by :mod:`retention.charts` and checked by the
tests (``tests/test_charts.py`` converts them with validation). For the same reason the server turns off Altair's
"debug mode", which checks every part of a chart against the schema as it is made (a third of the time of making a
chart: 14 ms -> 9.5 ms for the calculator's two bridges). The views that hold the charts are themselves kept
per set of numbers (:func:`ui.results.calculator_view`, the what-if's ``whatif_view``), so a rerun with the same
numbers draws the kept specs and builds nothing.
"""

import threading
from collections import OrderedDict
from contextlib import nullcontext

import altair as alt
import streamlit as st
from altair.utils import schemapi
from streamlit import dataframe_util

from retention.charts.common import accessible_spec, chart_data
from retention.words import words
from ui.tables import show_table

#: Session key: ``{id(chart): (chart, spec)}``, the latest :data:`KEPT` specs (the chart is kept so its id stays its
#: own).
SPECS = "_chart_specs"
KEPT = 64
#: Altair's data transformers and themes are global to the process: one conversion at a time.
_ALTAIR_GLOBALS = threading.Lock()


def _to_arrow(data, datasets: dict):
    """Data transformer: a frame becomes Arrow IPC bytes in ``datasets``, referenced by name (as Streamlit does)."""
    name = f"data-{len(datasets)}-{id(data):x}"
    datasets[name] = dataframe_util.convert_anything_to_arrow_bytes(data)
    return {"name": name}


alt.data_transformers.register("retention_arrow", _to_arrow)
schemapi.disable_debug_mode()


def chart_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart as Streamlit draws it (accessible, no Altair theme), not validated against the schema."""
    datasets: dict = {}
    with _ALTAIR_GLOBALS:
        theme = alt.theme.enable("none") if alt.theme.active == "default" else nullcontext()
        with theme, alt.data_transformers.enable("retention_arrow", datasets=datasets):
            spec = accessible_spec(chart.to_dict(validate=False))
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


#: The specs of the charts of shared views (the worked example's, :func:`ui.state.kept`), for every session.
_SHARED_SPECS: OrderedDict = OrderedDict()
_SHARED_LOCK = threading.Lock()


def share_charts(charts) -> None:
    """Make the specs of the charts of a view shared by every session (the worked example's, see
    :func:`ui.state.kept`) once, for every session."""
    made = {id(chart): (chart, chart_spec(chart)) for chart in charts if chart is not None}
    with _SHARED_LOCK:
        _SHARED_SPECS.update(made)
        while len(_SHARED_SPECS) > KEPT:
            _SHARED_SPECS.popitem(last=False)


def kept_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's spec, made on its first drawing in this session and kept for the next reruns (a chart of a
    shared view: made once for every session, :func:`share_charts`)."""
    with _SHARED_LOCK:
        entry = _SHARED_SPECS.get(id(chart))
    if entry is not None and entry[0] is chart:
        return entry[1]
    kept = st.session_state.setdefault(SPECS, OrderedDict())
    entry = kept.get(id(chart))
    if entry is None or entry[0] is not chart:
        entry = kept[id(chart)] = (chart, chart_spec(chart))
        while len(kept) > KEPT:
            kept.popitem(last=False)
    kept.move_to_end(id(chart))
    return entry[1]


def show_chart(chart: alt.TopLevelMixin) -> None:
    """The chart across the width, then the numbers it draws, folded."""
    st.vega_lite_chart(kept_spec(chart), width="stretch")
    data = chart_data(chart)
    if data is not None:
        with st.expander(words("app")["charts"]["show_numbers"]):
            show_table(data, hide_index=True)
