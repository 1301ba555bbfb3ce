"""Download buttons: figures as CSV and Excel, the one-page report, every chart as PNG and SVG.

Files are made only when a button is clicked (Streamlit's deferred downloads: ``data`` is a function), so drawing
the page costs nothing, and a click does not rerun the page. The files themselves come from
:mod:`retention.exports`.
"""

from collections.abc import Callable, Mapping, Sequence
from datetime import date

import altair as alt
import streamlit as st

from retention.charts.metrics import customer_bridge_chart, customer_bridge_data
from retention.exports import (
    WhatIfCases,
    chart_png,
    chart_svg,
    chart_title,
    metrics_csv,
    metrics_xlsx,
    report_html,
)
from retention.formatting import horizon_text
from retention.metrics.computing import MetricResult, derived_inputs
from retention.periods import PeriodSettings
from retention.whatif import DEFAULT_HORIZON_YEARS, apply_levers, baseline_from_inputs, horizon_periods, outcome
from retention.words import Words, words
from ui.markdown import escape
from ui.sharing import current_levers
from ui.state import HORIZON, SCENARIOS

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text() -> Words:
    return words("exports")


def _download(label: str, data: Callable[[], bytes | str], file_name: str, mime: str, key: str,
              help_text: str | None = None, icon: str = ":material/download:") -> None:
    st.download_button(label, data=data, file_name=file_name, mime=mime, key=key, help=help_text, icon=icon,
                       on_click="ignore", width="stretch")


def whatif_cases(inputs: Mapping[str, float], settings: PeriodSettings) -> WhatIfCases | None:
    """The report's what-if: the baseline and each named scenario kept, else the baseline and the levers now, over
    the what-if's horizon; None when the numbers do not make a baseline."""
    baseline = baseline_from_inputs(inputs, settings.period, settings.period_days).baseline
    if baseline is None:
        return None
    periods = horizon_periods(int(st.session_state.get(HORIZON) or DEFAULT_HORIZON_YEARS), settings.period)
    cases = words("whatif")["cases"]
    named = [(scenario.name, scenario.levers) for scenario in st.session_state.get(SCENARIOS, ())]
    kept = [(cases["baseline"], None), *(named or [(cases["scenario"], current_levers())])]
    return WhatIfCases(horizon_text(periods, settings.period), [
        (name, outcome(baseline if levers is None else apply_levers(baseline, levers), periods))
        for name, levers in kept])


def _report(results: Mapping[str, MetricResult], typed: Mapping[str, float], settings: PeriodSettings,
            created: date, link: str, whatif: WhatIfCases | None) -> str:
    """The one-page report of these numbers, with the customer bridge and the what-if cases."""
    bridge = None
    if results["retention_rate"].status == "ok":
        usable = derived_inputs(typed, settings.period, settings.period_days)
        bridge = customer_bridge_chart(customer_bridge_data(usable))
    return report_html(results, settings=settings, created=created, bridge=bridge, link=link,
                       whatif=whatif)


def draw_figure_downloads(
    results: Mapping[str, MetricResult], inputs: Mapping[str, float | None], *, settings: PeriodSettings,
    link: str, key: str = "calculator",
) -> None:
    """Three buttons: the figures as CSV and as Excel, and the one-page report."""
    text, files = _text(), _text()["files"]
    typed = {name: value for name, value in inputs.items() if value is not None}
    today = date.today()
    whatif = whatif_cases(typed, settings)  # read from the session now: the report is made later, on a click
    columns = st.columns(3)
    with columns[0]:
        _download(text["csv"], lambda: metrics_csv(results, settings.business_type), files["metrics_csv"],
                  "text/csv", f"{key}_csv", text["csv_help"])
    with columns[1]:
        _download(text["xlsx"], lambda: metrics_xlsx(results, typed, settings=settings, created=today, link=link),
                  files["metrics_xlsx"], XLSX_MIME, f"{key}_xlsx", text["csv_help"])
    with columns[2]:
        _download(text["report_button"], lambda: _report(results, typed, settings, today, link, whatif),
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
