"""Exports: the figures as CSV and Excel, charts as PNG and SVG, and a one-page HTML report (no streamlit).

=======================================  ==============================================================
name                                     what it makes
=======================================  ==============================================================
metrics_table(results)                   one row per figure: value, definition, formula, your numbers
metrics_csv(results)                     that table as CSV
metrics_xlsx(results, inputs, ...)       the figures, your numbers and the settings as an Excel workbook
projection_csv(cases)                    a what-if projection of named cases, period by period
customers_csv(forecast)                  every customer of a forecast
win_back_csv(slipping)                   the forecast's "win back first" list
periods_csv(table, currency)             a table of periods, with the currency of its money columns
readable_customers(customers)            a forecast's customers with dates, bands and "none expected" in words
chart_svg(chart), chart_png(chart)       a chart as a picture (:mod:`retention.charts.pictures`)
report_html(results, ...)                the one-page report: headline, verdicts, bridge, what-if, link
neutralise(text), to_csv_bytes(frame)    text a spreadsheet would run as a formula, made harmless
=======================================  ==============================================================

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and tab, carriage
return or their full-width forms) as a formula. Every text cell of every download goes through the one
:func:`~retention.exports.safe_cells.neutralise`, which puts an apostrophe in front of such text, so it is shown
and never run.
"""

from retention.charts.pictures import chart_png, chart_svg, chart_title
from retention.exports.report import WhatIfCases, report_html
from retention.exports.safe_cells import neutralise, neutralise_frame, to_csv_bytes
from retention.exports.tables import (
    customers_csv,
    inputs_table,
    metrics_csv,
    metrics_table,
    metrics_xlsx,
    periods_csv,
    projection_csv,
    readable_customers,
    win_back_csv,
)

__all__ = [
    "WhatIfCases",
    "chart_png",
    "chart_svg",
    "chart_title",
    "customers_csv",
    "inputs_table",
    "metrics_csv",
    "metrics_table",
    "metrics_xlsx",
    "neutralise",
    "neutralise_frame",
    "periods_csv",
    "projection_csv",
    "readable_customers",
    "report_html",
    "to_csv_bytes",
    "win_back_csv",
]
