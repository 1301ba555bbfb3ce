"""The "Compare groups by" control of "Your data" and the group view it opens: the groups ranked by retention with
the test's verdict in words (:mod:`retention.orders.groups`), every period per group and one group's cohorts, each
table with a CSV download. The session key of the control is ``data_group_by`` (empty: no groups)."""

import pandas as pd
import streamlit as st

from retention.charts.groups import group_ranking_chart, verdicts
from retention.charts.orders import cohort_heatmap
from retention.exports import to_csv_bytes
from retention.formatting import format_list, format_number, format_significant, format_value, horizon_text
from retention.io.readers import LoadedTable
from retention.orders.cells import FREQUENCIES
from retention.orders.groups import (
    MAX_GROUPS,
    TOP_GROUPS,
    chance_in_words,
    compare_groups,
    customer_groups,
    group_cohorts,
    group_period_tables,
)
from retention.words import Words, words
from ui.charts_view import show_chart
from ui.exports import draw_chart_downloads
from ui.markdown import escape
from ui.results import column_config
from ui.state import settings
from ui.tables import show_table

GROUP_KEY = "data_group_by"


def _text() -> Words:
    return words("groups")["page"]


def _csv_button(label: str, table: pd.DataFrame, file_name: str) -> None:
    st.download_button(label, to_csv_bytes(table), file_name=file_name, mime="text/csv", icon=":material/download:")


def _flat(table: pd.DataFrame) -> pd.DataFrame:
    """The table with its index as columns of text, as the page shows and exports it."""
    return table.reset_index().astype(dict.fromkeys(table.index.names, str))


def draw_groups(table: LoadedTable, periods: pd.DataFrame) -> None:
    """The control (the file's columns not used as order columns, "none" first) and, once one is chosen, the group
    view, with the settings of ``periods`` (the shop's period table: its frequency, window and loyalty rule)."""
    text = _text()
    columns = ["", *(name for name in table.columns if name not in table.mapping)]
    column = st.selectbox(text["control"], columns, key=GROUP_KEY, help=text["control_help"],
                          format_func=lambda name: name or text["none"])
    if column:
        _group_view(table, periods, column)


def _findings(comparison: pd.DataFrame, period: str) -> None:
    """One sentence per group that differs from the rest by more than chance, then the others in one line."""
    text = _text()
    for name, row in comparison[comparison["differs"]].iterrows():
        st.markdown(escape(text["differs"].format(
            group=name, rate=format_value(row["retention"], "fraction"), period=words("format")["period_singular"][
                period], rest=format_value(row["rest_retention"], "fraction"), chance=chance_in_words(row["p_value"]),
        )))
    within = [str(name) for name in comparison.index[verdicts(comparison).eq("same") & comparison["p_value"].notna()]]
    if within:
        st.markdown(escape(text["within"].format(names=format_list(within))))


def _group_view(table: LoadedTable, periods: pd.DataFrame, column: str) -> None:
    text, attrs, frame = _text(), periods.attrs, table.frame
    freq, window = attrs["freq"], attrs["active_window"]
    period = FREQUENCIES[freq]
    values = table.column_texts(column)
    groups = customer_groups(frame, values)
    st.header(escape(text["heading"].format(column=column)))
    if values.nunique() > MAX_GROUPS:
        st.caption(escape(text["many"].format(column=column, count=format_number(values.nunique()), top=TOP_GROUPS,
                                              other=words("groups")["other"])))
    comparison = compare_groups(frame, groups, freq, window)
    shop_rate = comparison["retained"].sum() / comparison["customer_periods"].sum()
    if pd.isna(shop_rate):
        st.info(text["no_periods"])
        return
    chart = group_ranking_chart(comparison, period, column, shop_rate)
    show_chart(chart)
    _findings(comparison, period)
    st.caption(escape(text["method"].format(
        period=words("format")["period_singular"][period], window=horizon_text(window, period),
        groups=int(comparison["p_value"].notna().sum()), threshold=format_significant(comparison.attrs["threshold"], 3),
    )))
    show_table(_flat(comparison), hide_index=True)
    _csv_button(text["download_compare"], _flat(comparison), "groups.csv")
    tables = group_period_tables(frame, groups, freq, window, attrs["loyal_window"], attrs["loyal_threshold"])
    st.markdown(f"**{escape(text['periods'])}**")
    shown = _flat(tables)
    show_table(shown, height=360, hide_index=True,
                 column_config=column_config(shown.columns, currency=settings().currency))
    _csv_button(text["download_periods"], shown, "periods_per_group.csv")
    st.markdown(f"**{escape(text['cohorts'])}**")
    matrices = group_cohorts(frame, groups, freq)
    chosen = st.selectbox(text["cohort_group"], list(matrices.index.unique("group")), key="data_group_cohort")
    heatmap = cohort_heatmap(matrices.loc[chosen], period)
    show_chart(heatmap)
    _csv_button(text["download_cohorts"], _flat(matrices), "cohorts_per_group.csv")
    draw_chart_downloads([chart, heatmap], key="data_groups")
