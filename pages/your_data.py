"""Your data: upload an order log or a table of periods (or try the sample) and get every figure per period.

The page reads the file with :mod:`retention.io.readers`, lets the user correct the guessed columns, and draws the
figures of :mod:`retention.orders` with the charts of :mod:`retention.charts.orders` and the calculator's
cards. The file stays in this session (see :mod:`ui.orders`).
"""

from dataclasses import replace

import pandas as pd
import streamlit as st

from retention import FIELD_NAMES, InputError
from retention.charts.orders import (
    bridge_by_period_chart,
    cohort_curves_chart,
    cohort_heatmap,
    gaps_histogram,
    pareto_chart,
    rate_trend_chart,
)
from retention.exports import periods_csv, to_csv_bytes
from retention.formatting import CURRENCIES, currency_name, format_date, format_number, horizon_text
from retention.io.big_files import is_big_file
from retention.io.readers import (
    PERIOD_TABLE_COLUMNS,
    TRANSACTION_COLUMNS,
    LoadedTable,
    guess_mapping,
    load_period_table,
    load_transactions,
    preview_file,
)
from retention.metrics.validation import field_label
from retention.orders.cells import FREQUENCIES
from retention.orders.cohorts import cohort_matrix
from retention.orders.habits import CYCLE_MIN_GAPS, MAX_WINDOW, days_between_purchases, revenue_concentration
from retention.orders.order_log import has_amounts, order_count
from retention.orders.period_table import partly_covered, period_table, with_metrics
from retention.orders.sample_size import small_sample_notes, thin_note, thin_period_note
from retention.words import Words, words
from ui.accessibility import SCROLL_TOP
from ui.big_orders import big_preview, draw_big_orders
from ui.charts_view import share_charts, show_chart
from ui.economics import economics_boxes
from ui.exports import draw_chart_downloads
from ui.groups import draw_groups
from ui.markdown import escape
from ui.navigation import link_to
from ui.orders import ORDERS, current_orders, sample_orders, shipped_file, use_orders
from ui.results import calculator_view, column_config, draw_card_groups, draw_charts
from ui.state import kept, load_inputs, own_economics, settings
from ui.subscriptions import use_order_curve
from ui.tables import show_table
from ui.warehouse import OrdersConnection, orders_connection

TEMPLATES = {"transactions": "template_orders.csv", "periods": "template_periods.csv"}
NOT_MAPPED = ""
#: The session key of the "Active for (periods)" box: empty (None) follows the buying cycle.
WINDOW_KEY = "data_window"


def _text() -> Words:
    return words("your_data")


def _show_error(error: InputError) -> None:
    for message in error.messages.values():
        st.error(escape(message), icon=":material/error:")


def _notes(table: LoadedTable, day_month_key: str, non_sales_key: str) -> None:
    """What was assumed, what was left out and what to check, in the user's words; beside the assumptions, the
    day/month control when the dates leave the order open; below the rows left out, the choice to count the rows a
    status column calls no sale."""
    text = _text()
    if table.assumptions:
        st.markdown(f"**{escape(text['assumed'])}**")
        st.markdown("\n".join(f"- {escape(note.message)}" for note in table.assumptions))
    if table.detected.get("day_order") == "open":
        _day_month_control(table.detected["day_first"] == "yes", day_month_key)
    for note in table.dropped:
        st.warning(escape(note.message), icon=":material/filter_alt:")
    if table.detected.get("non_sales") == "yes":
        st.checkbox(text["non_sales"]["label"], key=non_sales_key, help=text["non_sales"]["help"])
    for note in table.warnings:
        st.warning(escape(note.message), icon=":material/warning:")
    if table.currency in CURRENCIES:
        sentence = text["currency"]["from_file"].format(currency=currency_name(table.currency))
        st.info(escape(sentence), icon=":material/payments:")


def _dayfirst(key: str) -> bool | None:
    """The day order chosen in the day/month control ``key`` (read before the file is): False for month first,
    else None, the reader's own assumption (day first), so that its note keeps saying it was assumed."""
    return False if st.session_state.get(key) == "month" else None


def _day_month_control(day_first: bool, key: str) -> None:
    """How dates like 03/04/2024 are read, preset to what the reader assumed; a change re-reads the file."""
    text = _text()["day_month"]
    st.radio(text["label"], ["day", "month"], index=0 if day_first else 1, key=key, horizontal=True,
             format_func=lambda order: text[order], help=text["help"])


def _mapping_controls(columns: tuple[str, ...], guessed: dict[str, str], kind: str, upload_id: str) -> dict:
    """One dropdown per normalised column, preset to the guess; returns {file column: normalised column}."""
    text = _text()
    targets = TRANSACTION_COLUMNS if kind == "transactions" else PERIOD_TABLE_COLUMNS
    source_of = {target: column for column, target in guessed.items()}
    options = [NOT_MAPPED, *columns]
    chosen: dict[str, str] = {}
    shown = targets if kind == "transactions" else [t for t in targets if t == "period" or t in source_of]
    grid = st.columns(3)
    for position, target in enumerate(shown):
        label = text["columns"].get(target) or field_label(target)
        with grid[position % 3]:
            column = st.selectbox(
                label, options, index=options.index(source_of.get(target, NOT_MAPPED)),
                format_func=lambda name: text["not_in_file"] if name == NOT_MAPPED else name,
                key=f"map_{upload_id}_{target}",
            )
        if column != NOT_MAPPED:
            chosen[column] = target
    return chosen


def _show_first_rows(rows: pd.DataFrame) -> None:
    """The first rows of a file as it holds them: an empty cell is shown empty (not "None")."""
    st.dataframe(rows.fillna(""), hide_index=True, height=220)


def _choose_data(kind: str) -> tuple[LoadedTable | None, str]:
    """The upload area and the sample button; returns the table read (or already chosen) and its name. A big order
    log (:func:`~retention.io.big_files.is_big_file`) is read and drawn here by DuckDB (:mod:`ui.big_orders`), and
    then (None, its name) is returned."""
    text = _text()
    upload = st.file_uploader(text["upload"], type=["csv", "tsv", "txt", "xlsx", "parquet"], key=f"upload_{kind}",
                              help=text["upload_help"])
    left, right = st.columns(2)
    template = TEMPLATES[kind]
    left.download_button(text["template"][kind], shipped_file(template).read_bytes(), file_name=template,
                         mime="text/csv", width="stretch")
    if kind == "transactions" and right.button(text["sample"], width="stretch", type="primary"):
        use_orders(sample_orders(), text["sample_name"])
    if upload is None:
        table, name = current_orders()
        if kind == "periods" or table is None:
            return None, ""
        return table, name
    if kind == "transactions" and is_big_file(upload.name, upload.size):
        _big_upload(upload)
        return None, upload.name
    data = upload.getvalue()
    try:  # an upload is read once per way of reading it, not on every rerun of the page
        preview = kept("upload_preview", (upload.file_id, kind), lambda: preview_file(data, kind), views=1)
    except InputError as error:
        _show_error(error)
        return None, ""
    with st.expander(text["check_reading"], expanded=True):
        st.caption(escape(text["preview"].format(name=upload.name)))
        _show_first_rows(preview.first_rows)
        mapping = _mapping_controls(preview.columns, preview.mapping, kind, upload.file_id)
        day_month_key, non_sales_key = f"day_month_{upload.file_id}", f"non_sales_{upload.file_id}"
        try:
            dayfirst, keep_non_sales = _dayfirst(day_month_key), st.session_state.get(non_sales_key, False)
            table = kept("upload_table", (upload.file_id, kind, tuple(mapping.items()), dayfirst, keep_non_sales),
                         lambda: load_transactions(data, mapping, dayfirst=dayfirst, keep_non_sales=keep_non_sales)
                         if kind == "transactions" else load_period_table(data, mapping), views=1)
        except InputError as error:
            _show_error(error)
            return None, ""
        _notes(table, day_month_key, non_sales_key)
    if kind == "transactions":
        use_orders(table, upload.name, upload.file_id)
    return table, upload.name


def _big_upload(upload) -> None:
    """A big order log: the first rows and the column mapping, then its figures computed inside DuckDB."""
    text = _text()
    preview = big_preview(upload)
    if preview is None:
        return
    with st.expander(text["check_reading"], expanded=True):
        st.caption(escape(text["preview"].format(name=upload.name)))
        _show_first_rows(preview.first_rows)
        mapping = _mapping_controls(preview.columns, preview.mapping, "transactions", upload.file_id)
    draw_big_orders(upload, mapping)


def _period_inputs(table: pd.DataFrame, period: object) -> dict[str, float]:
    row = table.loc[period]
    return {name: float(row[name]) for name in FIELD_NAMES if name in row.index and pd.notna(row[name])}


def _measured(table: pd.DataFrame, period: object) -> dict[str, float]:
    """The figures the period table measured from the orders (none for an uploaded table of periods)."""
    return {name: float(table.at[period, name]) for name in table.attrs.get("measured", ())}


def _load_period_into_calculator(inputs: dict[str, float], period: str, label: str, name: str) -> None:
    """Button callback (it runs before any widget exists): the period's numbers replace the whole form, with the
    user's own margin, acquisition cost and discount rate (never the worked example's)."""
    load_inputs({**own_economics(), **inputs}, sent_period={"period": label, "name": name})
    st.session_state["period"] = period
    st.session_state[SCROLL_TOP] = True


def _warn(note) -> None:
    if note is not None:
        st.warning(escape(note.message), icon=":material/groups:")


def _draw_open_tab(key: str, draws: dict) -> None:
    """Tabs named by the words of ``draws``' keys; only the open tab's drawing runs (choosing another reruns the
    page), so a cohort matrix or a database query is made only for someone who looks at it."""
    text = _text()
    tabs = st.tabs([text[name] for name in draws], key=key, on_change="rerun")
    for tab, draw in zip(tabs, draws.values(), strict=True):
        if tab.open:
            with tab:
                draw()


def _every_period(table: pd.DataFrame, period: str, partial: dict[pd.Period, str], frame: pd.DataFrame | None = None,
                  key: tuple = ()) -> None:
    """Charts of the periods the orders cover in full (all periods when none is), then the table of every period;
    for an order log ``frame`` (the period table made of it with ``key``), its charts kept (:func:`_kept_charts`)."""
    text = _text()
    _warn(thin_note(table))
    charted = table.drop(index=list(partial))
    if charted.empty:
        charted = table
    for label, note in partial.items():
        st.caption(escape(note + (" " + text["left_out_of_charts"] if label not in charted.index else "")))
    def make() -> list:
        return [rate_trend_chart(charted, period), *(
            [bridge_by_period_chart(charted)] if {"customers_start", "lost_customers"} <= set(table.columns) else [])]

    charts = make() if frame is None else _kept_charts("every", frame, key, make)
    for chart in charts:
        show_chart(chart)
    draw_chart_downloads(charts, key="data_every")
    shown = table.copy()
    shown.index = shown.index.astype(str)
    currency = settings().currency
    show_table(shown, height=360,
                 column_config=column_config(shown.columns, table.attrs.get("measured", ()), currency))
    st.download_button(text["download_periods"], periods_csv(table, currency), file_name="periods.csv",
                       mime="text/csv", icon=":material/download:")


def _one_period(table: pd.DataFrame, period: str, freq: str, partial: dict[pd.Period, str], name: str) -> None:
    """One period's cards and charts; it opens on the last period the orders cover in full. The money figures use
    the user's own margin, acquisition cost and discount rate, asked here when not given yet."""
    text = _text()
    labels = [str(label) for label in table.index]
    notes = {str(label): note for label, note in partial.items()}
    full = [position for position, label in enumerate(labels) if label not in notes]

    def shown(label: str) -> str:
        return text["partly"].format(period=label) if label in notes else label

    chosen = st.selectbox(text["which_period"], labels, index=full[-1] if full else len(labels) - 1,
                          key="data_period", format_func=shown)
    if chosen in notes:
        st.warning(escape(notes[chosen]), icon=":material/date_range:")
    position = labels.index(chosen)
    inputs = _period_inputs(table, table.index[position])
    _warn(thin_period_note(inputs.get("customers_start", 0.0)))
    calculator_period = FREQUENCIES[freq]
    st.caption(escape(text["economics_note"]))
    economics_boxes("data")
    view = calculator_view({**own_economics(), **inputs},
                           replace(settings(), period=calculator_period, period_days=None),
                           _measured(table, table.index[position]))
    if st.button(text["send"], icon=":material/send:", on_click=_load_period_into_calculator,
                 args=(inputs, calculator_period, chosen, name)):
        st.switch_page(link_to("calculator"))
    draw_charts(view.charts)
    if view.charts:
        draw_chart_downloads(view.charts, key="data_one")
    draw_card_groups(view)


def _kept_for(name: str, frame: pd.DataFrame, key: tuple, make):
    """``make()`` of this order log, made once per log and ``key`` (:func:`ui.state.kept`): per session for an
    upload, once for every session for the sample, which is nobody's data (issue 15 point 8). ``make()``'s result
    is read, never changed, by the page."""
    def made() -> tuple:
        return frame, make()

    kept_frame, value = kept(f"data_{name}", (id(frame), *key), made, shared=frame is sample_orders().frame)
    return value if kept_frame is frame else make()  # another log now has the id of the one this was made of


def _kept_charts(name: str, frame: pd.DataFrame, key: tuple, make) -> list:
    """``make()``'s charts of this order log, kept as :func:`_kept_for` keeps them (the sample's shared)."""
    def made() -> list:
        charts = make()
        if frame is sample_orders().frame:
            share_charts(charts)
        return charts

    return _kept_for(f"charts_{name}", frame, key, made)


def _cohorts(matrix_of, frame: pd.DataFrame | None = None) -> None:
    """The cohort charts and table of ``matrix_of(freq)``; for an order log ``frame``, its charts kept
    (:func:`_kept_charts`) and the way to the subscription curve."""
    text = _text()
    freq = st.segmented_control(text["cohort_freq"], ["W", "M", "Q"], default="M", key="cohort_freq",
                                format_func=lambda code: text["freqs"][code])
    freq = freq or "M"
    try:
        matrix = matrix_of(freq)
    except InputError as error:
        _show_error(error)
        return
    period = {"W": "week", "M": "month", "Q": "quarter"}[freq]
    def make() -> list:
        return [cohort_heatmap(matrix, period), cohort_curves_chart(matrix, period)]

    charts = make() if frame is None else _kept_charts("cohorts", frame, (freq,), make)
    for chart in charts:
        show_chart(chart)
    draw_chart_downloads(charts, key="data_cohorts")
    exported = matrix.copy()
    exported.index = exported.index.astype(str)
    st.download_button(text["download_cohorts"], to_csv_bytes(exported.reset_index()), file_name="cohorts.csv",
                       mime="text/csv", icon=":material/download:")
    if frame is not None and st.button(text["to_subscriptions"], on_click=use_order_curve, args=(period,),
                                   icon=":material/autorenew:", help=text["to_subscriptions_help"]):
        st.switch_page(link_to("forecast"))


def _habits(frame: pd.DataFrame) -> None:
    """The buying habits' charts; a log without amounts gets, instead of the 80/20 chart, what it needs."""
    amounts = has_amounts(frame)
    charts = list(_kept_charts("habits", frame, (), lambda: _habit_charts(frame, amounts)))
    if len(charts) == amounts:  # no gaps chart before the 80/20 one
        st.info(_text()["no_repeat"])
    if not amounts:
        st.info(escape(_text()["no_amounts"]["concentration"]), icon=":material/payments:")
    for chart in charts:
        show_chart(chart)
    draw_chart_downloads(charts, key="data_habits")


def _habit_charts(frame: pd.DataFrame, amounts: bool) -> list:
    """The gaps between purchases (when anyone bought twice) and, when the log has amounts, the 80/20 chart."""
    gaps = days_between_purchases(frame)
    return [*([gaps_histogram(gaps)] if len(gaps) else []),
            *([pareto_chart(revenue_concentration(frame))] if amounts else [])]


def _chosen_window() -> int | None:
    """The active window typed into the "Active for" box (read before the box is drawn, since the box's placeholder
    names the buying cycle the period table finds), or None for the buying cycle: the box is empty or out of range.
    """
    chosen = st.session_state.get(WINDOW_KEY)
    return int(chosen) if chosen is not None and 1 <= chosen <= MAX_WINDOW else None


def _window_control(cycle: dict, period: str, chosen: int | None) -> None:
    """The "Active for" box, empty for the buying cycle, and beside it the window in words with the shop's numbers
    (DESIGN §3); a number outside 1..12 gets a message and the figures keep the buying cycle. ``chosen`` is
    :func:`_chosen_window`, read from the same box before it is drawn."""
    text = _text()
    typed = st.number_input(
        text["active_window"], value=None, step=1, key=WINDOW_KEY, help=text["active_window_help"],
        placeholder=text["active_window_placeholder"].format(window=cycle["window"]),
    )
    cycle_kept = horizon_text(cycle["window"], period)
    if typed is not None and chosen is None:
        st.error(escape(text["window_outside"].format(low=1, high=MAX_WINDOW, cycle=cycle_kept)),
                 icon=":material/error:")
    if chosen is not None:
        sentence = text["window_chosen"].format(kept=horizon_text(chosen, period), cycle=cycle_kept)
    elif not cycle["enough"]:
        sentence = text["window_too_few"].format(gaps=format_number(cycle["gaps"]), needed=CYCLE_MIN_GAPS,
                                                 kept=cycle_kept)
    else:
        key = "window_longest" if cycle["p80_days"] > MAX_WINDOW * cycle["period_days"] else "window_cycle"
        sentence = text[key].format(kept=cycle_kept, days=format_number(cycle['p80_days']))
    st.caption(escape(sentence))


def _period_controls() -> tuple[list, str, int, int | None]:
    """The three columns of the period settings, with the frequency and loyalty boxes drawn (the "Active for" box
    goes in the middle one once the buying cycle is known): (columns, frequency, loyal window, chosen window)."""
    text = _text()
    columns = st.columns(3)
    freq = columns[0].selectbox(text["freq"], list(FREQUENCIES), index=1, key="data_freq",
                                format_func=lambda code: text["freqs"][code])
    loyal = columns[2].number_input(text["loyal_window"], min_value=1, max_value=24, value=3, step=1,
                                    key="data_loyal", help=text["loyal_window_help"])
    return columns, freq, int(loyal), _chosen_window()


def _analyse_orders(table: LoadedTable, name: str) -> None:
    text = _text()
    st.header(escape(text["results"].format(name=name)))
    st.caption(escape(text["summary"].format(
        orders=format_number(order_count(table.frame)), customers=format_number(table.frame['customer_id'].nunique()),
        first=format_date(table.frame["date"].min().date()), last=format_date(table.frame["date"].max().date()),
    )))
    columns, freq, loyal, chosen = _period_controls()
    try:
        table_of_periods = _kept_for("periods", table.frame, (freq, chosen, loyal),
                                     lambda: period_table(table.frame, freq, chosen, loyal, loyal))
    except InputError as error:
        _show_error(error)
        return
    period = FREQUENCIES[freq]
    with columns[1]:
        _window_control(table_of_periods.attrs["buying_cycle"], period, chosen)
    for note in small_sample_notes(table.frame["customer_id"].nunique(), len(table_of_periods)):
        _warn(note)
    partial = partly_covered(table.frame, freq)
    _draw_open_tab("orders_tab", {
        "tab_every": lambda: _every_period(table_of_periods, period, partial, table.frame, (freq, chosen, loyal)),
        "tab_one": lambda: _one_period(table_of_periods, period, freq, partial, name),
        "tab_cohorts": lambda: _cohorts(lambda freq: _kept_for("cohort_matrix", table.frame, (freq,),
                                                               lambda: cohort_matrix(table.frame, freq)), table.frame),
        "tab_habits": lambda: _habits(table.frame),
    })
    draw_groups(table, table_of_periods)


def _choose_source() -> tuple[OrdersConnection, str, dict] | None:
    """The connection set up in the secrets, the chosen table or view and its column mapping (None, with a message
    naming what to fix, when the database cannot be reached or holds no table)."""
    text = _text()
    try:
        connection = orders_connection()
        names = connection.sources()
    except InputError as error:
        _show_error(error)
        return None
    if not names:
        st.info(escape(text["database"]["no_tables"]), icon=":material/database:")
        return None
    source = st.selectbox(text["database"]["source"], names, key="db_source", help=text["database"]["source_help"])
    with st.expander(text["database"]["check_columns"], expanded=True):
        try:
            first_rows = connection.first_rows(source)
        except InputError as error:
            _show_error(error)
            return None
        st.caption(escape(text["database"]["preview"].format(source=source)))
        st.dataframe(first_rows, hide_index=True, height=220)
        columns = tuple(str(column) for column in first_rows.columns)
        mapping = _mapping_controls(columns, guess_mapping(columns), "transactions", f"db_{source}")
    return connection, source, mapping


def _database() -> None:
    """Orders kept in a database: the figures are computed there and only the results come to the app."""
    text = _text()
    st.caption(escape(text["database"]["intro"]))
    chosen_source = _choose_source()
    if chosen_source is None:
        return
    connection, source, mapping = chosen_source
    try:
        about = connection.summary(source, mapping)
    except InputError as error:
        _show_error(error)
        return
    first, last = pd.Timestamp(about["first"]), pd.Timestamp(about["last"])
    st.header(escape(text["results"].format(name=source)))
    st.caption(escape(text["summary"].format(orders=format_number(about["orders"]),
                                             customers=format_number(about["customers"]),
                                             first=format_date(first.date()), last=format_date(last.date()))))
    if "amount" not in mapping.values():
        st.warning(escape(text["database"]["no_amount"].format(source=source)), icon=":material/payments:")
    columns, freq, loyal, chosen = _period_controls()
    try:
        with st.spinner(escape(text["database"]["computing"].format(source=source))):
            table_of_periods = connection.period_table(source, mapping, freq, chosen, loyal, loyal)
    except InputError as error:
        _show_error(error)
        return
    period = FREQUENCIES[freq]
    with columns[1]:
        _window_control(table_of_periods.attrs["buying_cycle"], period, chosen)
    for note in small_sample_notes(about["customers"], len(table_of_periods)):
        _warn(note)
    ends = pd.DataFrame({"customer_id": ["first", "last"], "date": [first, last]})
    partial = partly_covered(ends, freq)
    _draw_open_tab("database_tab", {
        "tab_every": lambda: _every_period(table_of_periods, period, partial),
        "tab_one": lambda: _one_period(table_of_periods, period, freq, partial, source),
        "tab_cohorts": lambda: _cohorts(lambda cohort_freq: connection.cohort_matrix(source, mapping, cohort_freq)),
    })


def _analyse_periods(table: LoadedTable, name: str) -> None:
    text = _text()
    st.header(escape(text["results"].format(name=name)))
    freq = st.selectbox(text["table_freq"], ["M", "Q", "Y", "W"], key="periods_freq",
                        format_func=lambda code: text["freqs"][code])
    try:
        figures = with_metrics(table.frame, freq)
    except InputError as error:
        _show_error(error)
        return
    _draw_open_tab("periods_tab", {
        "tab_every": lambda: _every_period(figures, FREQUENCIES[freq], {}),
        "tab_one": lambda: _one_period(figures, FREQUENCIES[freq], freq, {}, name),
    })


def render() -> None:
    """Draw the "Your data" page."""
    text = _text()
    st.title(text["title"])
    st.markdown(text["intro"])
    st.info(text["privacy"], icon=":material/lock:")
    kind = st.radio(text["kind"], ["transactions", "periods", "database"], format_func=lambda k: text["kinds"][k],
                    horizontal=True, key="data_kind")
    if kind == "database":
        _database()
        return
    table, name = _choose_data(kind)
    if table is None:
        if kind == "transactions" and not name and st.session_state.get(ORDERS) is None:
            st.caption(text["nothing_yet"])
        return
    if kind == "transactions":
        _analyse_orders(table, name)
    else:
        _analyse_periods(table, name)


if __name__ == "__main__":
    from ui.legacy_pages import run_app

    run_app()
