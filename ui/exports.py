"""Download buttons: figures as CSV and Excel, the one-page report, every chart as PNG and SVG.

Files are made only when a button is clicked (Streamlit's deferred downloads: ``data`` is a function), so drawing
the page costs nothing, and a click does not rerun the page. The files themselves come from
:mod:`retention.exports`.
"""

from collections.abc import Callable, Mapping, Sequence
from datetime import date

import altair as alt
import streamlit as st

from retention.comparison import Comparison
from retention.exports import (
    chart_png,
    chart_svg,
    chart_title,
    metrics_csv,
    metrics_xlsx,
    report_html,
)
from retention.metrics.computing import MetricResult
from retention.periods import PeriodSettings
from retention.whatif import ComparisonRow
from retention.words import Words, words
from ui.markdown import escape

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text() -> Words:
    return words("exports")


def _download(label: str, data: Callable[[], bytes | str], file_name: str, mime: str, key: str,
              help_text: str | None = None, icon: str = ":material/download:") -> None:
    st.download_button(label, data=data, file_name=file_name, mime=mime, key=key, help=help_text, icon=icon,
                       on_click="ignore", width="stretch")


def draw_figure_downloads(
    results: Mapping[str, MetricResult], inputs: Mapping[str, float | None], *, settings: PeriodSettings,
    charts: Sequence[alt.TopLevelMixin], link: str,
    comparison: Comparison | None = None, whatif: tuple[str, str, str, Sequence[ComparisonRow]] | None = None,
    key: str = "calculator",
) -> None:
    """Three buttons: the figures as CSV and as Excel, and the one-page report."""
    text, files = _text(), _text()["files"]
    typed = {name: value for name, value in inputs.items() if value is not None}
    today = date.today()
    columns = st.columns(3)
    with columns[0]:
        _download(text["csv"], lambda: metrics_csv(results), files["metrics_csv"], "text/csv", f"{key}_csv",
                  text["csv_help"])
    with columns[1]:
        _download(text["xlsx"], lambda: metrics_xlsx(results, typed, settings=settings, created=today, link=link),
                  files["metrics_xlsx"], XLSX_MIME, f"{key}_xlsx", text["csv_help"])
    with columns[2]:
        _download(text["report_button"], lambda: report_html(results, typed, settings=settings, created=today,
                                                             charts=charts, link=link, comparison=comparison,
                                                             whatif=whatif),
                  files["report"], "text/html", f"{key}_report", text["report_help"], ":material/description:")


def draw_chart_downloads(charts: Sequence[alt.TopLevelMixin], key: str) -> None:
    """Pick any chart of the page by its title; download it as PNG or SVG."""
    if not charts:
        return
    text, files = _text(), _text()["files"]
    titles = [chart_title(chart) for chart in charts]
    st.markdown(f"**{escape(text['charts'])}**")
    choice = st.selectbox(text["charts"], range(len(charts)), format_func=lambda index: titles[index],
                          key=f"{key}_chart_choice", label_visibility="collapsed")
    chart = charts[choice if choice is not None and choice < len(charts) else 0]
    number = (choice or 0) + 1
    left, right = st.columns(2)
    with left:
        _download(text["chart_png"], lambda: chart_png(chart),
                  files["chart"].format(number=number, extension="png"), "image/png", f"{key}_png",
                  text["chart_help"], ":material/image:")
    with right:
        _download(text["chart_svg"], lambda: chart_svg(chart),
                  files["chart"].format(number=number, extension="svg"), "image/svg+xml", f"{key}_svg",
                  text["chart_help"], ":material/image:")
