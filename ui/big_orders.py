"""A big order log on "Your data" (issue 18 point 2): read by embedded DuckDB (:mod:`retention.io.big_files`) with a
progress bar, and its period table and cohorts computed inside DuckDB.

Session-state key:

- ``big_order_preview``: (the upload's file id, its :class:`~retention.io.big_files.BigPreview`);
- ``big_order_log``: {"id": the upload's file id and mapping, "orders": the :class:`~retention.io.big_files.BigOrders`,
  "tables": {(freq, window, loyal): period table}, "cohorts": {freq: cohort matrix}}. Only the last big file is
  kept; its DuckDB database lives in this session's memory. The uploaded bytes go, for DuckDB to read them, to a
  file in ``/dev/shm`` (memory, not disk, on Linux; the system's temporary folder where it is missing), deleted as
  soon as they are read.

The other pages (Forecast, What if) and the per-period cards, buying habits and groups work on files read by the
pandas reader only; for a big file the page says so.
"""

import os
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from retention import InputError
from retention.charts.orders import cohort_heatmap, rate_trend_chart
from retention.exports import periods_csv
from retention.formatting import format_date, format_number
from retention.io.big_files import LOAD_STEPS, BigPreview, load_big, preview_big
from retention.orders.cells import FREQUENCIES
from retention.orders.cohorts import cohort_matrix
from retention.orders.period_table import period_table
from retention.words import words
from ui.charts_view import show_chart
from ui.markdown import escape
from ui.state import settings
from ui.tables import show_table

BIG_ORDERS, BIG_PREVIEW = "big_order_log", "big_order_preview"


def _text():
    return words("your_data")["big"]


def _show_error(error: InputError) -> None:
    for message in error.messages.values():
        st.error(escape(message), icon=":material/error:")


def _saved(upload) -> Path:
    """The upload's bytes in a temporary file of the same suffix, for DuckDB to read (deleted by the caller)."""
    memory = Path("/dev/shm")
    folder = str(memory) if memory.is_dir() and os.access(memory, os.W_OK) else None
    handle, name = tempfile.mkstemp(suffix=Path(upload.name).suffix.lower() or ".csv", dir=folder)
    with os.fdopen(handle, "wb") as file:
        file.write(upload.getbuffer())
    return Path(name)


def big_preview(upload) -> BigPreview | None:
    """The first rows and the guessed mapping of a big upload (read once per upload), or None after showing why it
    cannot be read."""
    kept = st.session_state.get(BIG_PREVIEW)
    if kept is not None and kept[0] == upload.file_id:
        return kept[1]
    path = _saved(upload)
    try:
        preview = preview_big(path)
        st.session_state[BIG_PREVIEW] = (upload.file_id, preview)
        return preview
    except InputError as error:
        _show_error(error)
        return None
    finally:
        path.unlink(missing_ok=True)


def _loaded(upload, mapping: dict[str, str]):
    """The big log of this upload and mapping, read once per session with a progress bar."""
    key = (upload.file_id, tuple(sorted(mapping.items())))
    kept = st.session_state.get(BIG_ORDERS)
    if kept is not None and kept["id"] == key:
        return kept["orders"]
    st.session_state.pop(BIG_ORDERS, None)  # frees the last big file's database first
    text = _text()
    bar = st.progress(0.0, text=text["steps"]["save"])
    path = _saved(upload)

    def step(name: str) -> None:
        bar.progress((LOAD_STEPS.index(name) + 1) / (len(LOAD_STEPS) + 1), text=text["steps"][name])

    try:
        orders = load_big(path, mapping, step)
    finally:
        path.unlink(missing_ok=True)
    bar.empty()
    st.session_state[BIG_ORDERS] = {"id": key, "orders": orders, "tables": {}, "cohorts": {}}
    return orders


def draw_big_orders(upload, mapping: dict[str, str]) -> None:
    """Read the big upload (once) and draw its figures: the table of every period, the trend and the cohorts."""
    text = _text()
    try:
        orders = _loaded(upload, mapping)
    except InputError as error:
        _show_error(error)
        return
    for note in orders.dropped:
        st.warning(escape(note), icon=":material/filter_alt:")
    if "amount" not in orders.table.columns:
        st.warning(escape(words("readers")["warnings"]["no_amount"]), icon=":material/warning:")
    st.info(text["not_checked"], icon=":material/info:")
    page = words("your_data")
    st.header(escape(page["results"].format(name=upload.name)))
    st.caption(escape(page["summary"].format(
        orders=format_number(orders.orders), customers=format_number(orders.customers),
        first=format_date(orders.first_day.date()), last=format_date(orders.last_day.date()),
    )))
    columns = st.columns(3)
    freq = columns[0].selectbox(page["freq"], list(FREQUENCIES), index=1, key="big_freq",
                                format_func=lambda code: page["freqs"][code])
    window = columns[1].number_input(page["active_window"], min_value=1, max_value=12, value=None, step=1,
                                     key="big_window", help=page["active_window_help"])
    loyal = columns[2].number_input(page["loyal_window"], min_value=1, max_value=24, value=3, step=1,
                                    key="big_loyal", help=page["loyal_window_help"])
    kept = st.session_state[BIG_ORDERS]
    settings_key = (freq, window, int(loyal))
    try:
        if settings_key not in kept["tables"]:
            with st.spinner(text["computing"]):
                kept["tables"][settings_key] = period_table(orders.table, freq, window, int(loyal), int(loyal))
        table = kept["tables"][settings_key]
    except InputError as error:
        _show_error(error)
        return
    period = FREQUENCIES[freq]
    st.caption(escape(text["window"].format(window=table.attrs["active_window"])))
    show_chart(rate_trend_chart(table, period))
    shown = table.copy()
    shown.index = shown.index.astype(str)
    show_table(shown, height=360)
    currency = settings().currency
    st.download_button(page["download_periods"], periods_csv(table, currency), file_name="periods.csv",
                       mime="text/csv", icon=":material/download:")
    if freq != "Y":
        if freq not in kept["cohorts"]:
            with st.spinner(text["computing"]):
                kept["cohorts"][freq] = cohort_matrix(orders.table, freq)
        matrix: pd.DataFrame = kept["cohorts"][freq]
        show_chart(cohort_heatmap(matrix, period))
    st.caption(text["only_here"])
