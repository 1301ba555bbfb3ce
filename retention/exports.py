"""Exports: the figures as CSV and Excel, charts as PNG and SVG, and a one-page HTML report (no streamlit).

=======================================  ==============================================================
function                                 what it makes
=======================================  ==============================================================
metrics_table(results)                   one row per figure: value, definition, formula, your numbers
metrics_csv(results)                     that table as CSV (UTF-8 with a byte-order mark, for Excel)
metrics_xlsx(results, inputs, ...)       the figures, your numbers and the settings as an Excel workbook
projection_csv(first, second, ...)       a what-if projection of two cases, period by period
chart_svg(chart), chart_png(chart)       a chart as a picture
report_html(results, inputs, ...)        the one-page report: numbers, cards, charts, definitions
neutralise(text)                         text a spreadsheet would run as a formula, made harmless
=======================================  ==============================================================

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and tab or carriage
return) as a formula. Every text cell of every export goes through :func:`neutralise`, which puts an apostrophe in
front of such text, so it is shown and never run; the workbook also stores every text cell as text. Numbers stay
numbers (a negative number is not a formula). The report is HTML: every text in it, the user's and ours, is escaped
with :func:`html.escape`, and charts are embedded as images, never as markup.
"""

import base64
import csv
import html
import io
import math
from collections.abc import Mapping, Sequence
from datetime import date

import altair as alt
import pandas as pd

from retention.benchmarks import assess
from retention.comparison import Comparison, business_type_label
from retention.fields import DEFAULT_PERIOD_DAYS, FIELDS, GROUPS
from retention.formatting import format_quantity, format_value
from retention.metrics import MetricResult
from retention.registry import METRICS
from retention.validation import field_label
from retention.whatif import ComparisonRow
from retention.whatif_charts import signed_percent
from retention.words import words

__all__ = [
    "chart_png",
    "chart_svg",
    "inputs_table",
    "metrics_csv",
    "metrics_table",
    "metrics_xlsx",
    "neutralise",
    "projection_csv",
    "report_html",
]

#: Text that a spreadsheet would read as the start of a formula (with the full-width forms some read too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

#: The columns of the figures table, in order.
METRIC_COLUMNS = ("metric", "label", "value", "unit", "shown", "status", "note", "meaning", "formula", "worked",
                  "judged", "sources", "period", "currency")

#: Width of charts drawn as pictures, in pixels (the report shows two side by side).
CHART_WIDTH = 560


def _text() -> dict:
    return words("exports")


def neutralise(value):
    """Text that starts like a formula gets a leading apostrophe; numbers and other text are unchanged.

    >>> neutralise("=HYPERLINK(\\"http://example.com\\")"), neutralise("-$1,234"), neutralise("Retail")
    ('\\'=HYPERLINK("http://example.com")', "'-$1,234", 'Retail')
    >>> neutralise(-0.05)
    -0.05
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _minus(text: str) -> str:
    """A formatted number with a true minus sign (as the worked formulas write it): -4.2 % becomes −4.2 %.

    >>> _minus("-4.2 %"), _minus("$12")
    ('−4.2 %', '$12')
    """
    return "\u2212" + text[1:] if text.startswith("-") else text


def _number(value: float | None) -> float | None:
    """A value a spreadsheet can hold as a number (None for no value, unbounded or undefined)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return float(value)


def _judged(result: MetricResult) -> tuple[str, str]:
    found = assess(result)
    return " ".join(item.text for item in found), "; ".join(dict.fromkeys(item.source for item in found))


def metrics_table(results: Mapping[str, MetricResult]) -> pd.DataFrame:
    """One row per figure (in the registry's order) with its definition and formula beside its value.

    Columns: metric (the stable key), label, value (a number; empty when there is none), unit, shown (formatted for
    people), status, note, meaning (the definition), formula (in words), worked (with the user's numbers), judged
    (rules of thumb and benchmarks), sources, period and currency. Headings are the keys of ``METRIC_COLUMNS``.

    >>> from retention.metrics import compute_metrics
    >>> table = metrics_table(compute_metrics({"customers_start": 100, "customers_end": 99, "new_customers": 20}))
    >>> row = table.set_index("metric").loc["retention_rate"]
    >>> float(row["value"]), row["shown"], row["worked"]
    (0.79, '79.0 %', '(99 − 20 − 0) / 100 = 79.0 %')
    """
    statuses = _text()["statuses"]
    rows = []
    for metric in METRICS:
        result = results[metric.key]
        judged, sources = _judged(result)
        rows.append({
            "metric": metric.key, "label": result.label, "value": _number(result.value), "unit": metric.unit,
            "shown": _minus(result.formatted), "status": statuses[result.status], "note": result.note,
            "meaning": result.meaning, "formula": result.formula, "worked": result.worked, "judged": judged,
            "sources": sources, "period": result.period, "currency": result.currency,
        })
    return pd.DataFrame(rows, columns=list(METRIC_COLUMNS))


def inputs_table(inputs: Mapping[str, float | None], currency: str = "USD", period: str = "month") -> pd.DataFrame:
    """The typed numbers: field (the stable name), label, number (fractions 0-1) and how the form shows it."""
    rows = []
    for fld in FIELDS:
        value = inputs.get(fld.name)
        if value is None:
            continue
        rows.append({"field": fld.name, "label": field_label(fld.name), "number": _number(value),
                     "shown": _minus(format_quantity(fld.name, value, currency, period))})
    return pd.DataFrame(rows, columns=["field", "label", "number", "shown"])


def _headings(columns: Sequence[str]) -> list[str]:
    return [_text()["columns"][column] for column in columns]


def _csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as CSV with every text cell neutralised; numbers written exactly, no value as an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(heading) for heading in _headings(table.columns)])
    for row in table.itertuples(index=False):
        cells = []
        for cell in row:
            if cell is None or (isinstance(cell, float) and math.isnan(cell)):
                cells.append("")
            elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
                cells.append(repr(float(cell)) if not float(cell).is_integer() else str(int(cell)))
            else:
                cells.append(neutralise(str(cell)))
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


def metrics_csv(results: Mapping[str, MetricResult]) -> bytes:
    """The figures table (:func:`metrics_table`) as CSV bytes, ready to download."""
    return _csv_bytes(metrics_table(results))


def projection_csv(cases: Mapping[str, pd.DataFrame]) -> bytes:
    """Projections of several cases (name -> :func:`retention.whatif.project` table) as one CSV, case by case."""
    columns = ["case", "projection_period", "customers", "revenue", "acquisition", "profit", "discounted_profit",
               "cumulative_profit"]
    frames = [
        projection.rename(columns={"period": "projection_period"}).assign(case=name)[columns]
        for name, projection in cases.items()
    ]
    return _csv_bytes(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns))


# Excel ---------------------------------------------------------------------------------------------------------

_NUMBER_FORMATS = {"fraction": "0.0%", "money": "#,##0.00", "count": "#,##0.##", "ratio": "0.00",
                   "periods": "0.0", "days": "0.0", "score": "0.0"}


def _write_sheet(sheet, table: pd.DataFrame, widths: Mapping[str, int], units: Sequence[str] | None = None) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append([neutralise(heading) for heading in _headings(table.columns)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    for index, row in enumerate(table.itertuples(index=False)):
        values = []
        for cell in row:
            if cell is None or (isinstance(cell, float) and math.isnan(cell)):
                values.append(None)
            elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
                values.append(float(cell))
            else:
                values.append(neutralise(str(cell)))
        sheet.append(values)
        for column, cell in enumerate(sheet[sheet.max_row]):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, never a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif cell.value is not None and units is not None and table.columns[column] in ("value", "number"):
                cell.number_format = _NUMBER_FORMATS.get(units[index], "General")
    for column, name in enumerate(table.columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = widths.get(name, 14)
    sheet.freeze_panes = "A2"


def metrics_xlsx(
    results: Mapping[str, MetricResult], inputs: Mapping[str, float | None], *, period: str = "month",
    period_days: float | None = None, currency: str = "USD", created: date | None = None, link: str = "",
) -> bytes:
    """An Excel workbook: the figures with their definitions and formulas, the typed numbers, and the settings."""
    from openpyxl import Workbook

    text = _text()
    workbook = Workbook()
    metrics = workbook.active
    metrics.title = text["sheets"]["metrics"]
    table = metrics_table(results)
    _write_sheet(metrics, table, {"metric": 28, "label": 30, "shown": 14, "meaning": 60, "formula": 45,
                                  "worked": 45, "judged": 60, "sources": 40, "note": 40}, list(table["unit"]))
    typed = inputs_table(inputs, currency, period)
    units = [next(fld.kind for fld in FIELDS if fld.name == name) for name in typed["field"]]
    _write_sheet(workbook.create_sheet(text["sheets"]["inputs"]), typed,
                 {"field": 28, "label": 40, "number": 14, "shown": 16}, units)
    about = workbook.create_sheet(text["sheets"]["about"])
    days = period_days or DEFAULT_PERIOD_DAYS[period]
    rows = [
        (text["about"]["created"], (created or date.today()).isoformat()),
        (text["about"]["period"], words("format")["period_singular"][period]),
        (text["about"]["period_days"], float(days)),
        (text["about"]["currency"], currency),
        (text["about"]["link"], link),
        (text["about"]["rates"], ""),
        (text["about"]["cells"], ""),
    ]
    for name, value in rows:
        about.append([neutralise(name), neutralise(value)])
        for cell in about[about.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    about.column_dimensions["A"].width = 60
    about.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Charts as pictures --------------------------------------------------------------------------------------------


def _picture_spec(chart: alt.TopLevelMixin, width: int = CHART_WIDTH) -> dict:
    """The chart's Vega-Lite with a fixed width and a white background (a page has no Streamlit theme)."""
    spec = chart.to_dict()
    if "vconcat" not in spec and "hconcat" not in spec and "facet" not in spec:
        spec["width"] = width
    spec["background"] = "white"
    return spec


def chart_svg(chart: alt.TopLevelMixin, width: int = CHART_WIDTH) -> str:
    """The chart as SVG text (scales without blur)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(_picture_spec(chart, width))


def chart_png(chart: alt.TopLevelMixin, width: int = CHART_WIDTH, scale: float = 2) -> bytes:
    """The chart as a PNG picture, drawn at twice the pixels for sharp print."""
    import vl_convert

    return vl_convert.vegalite_to_png(_picture_spec(chart, width), scale=scale)


def chart_title(chart: alt.TopLevelMixin) -> str:
    """The chart's title as one line of text (for picture captions and alt texts).

    Read from the chart object itself: turning a chart into its specification to find the title costs ~20 ms.
    """
    title = getattr(chart, "title", alt.Undefined)
    if isinstance(title, alt.TitleParams):
        title = title.text
    if title is alt.Undefined:
        return ""
    text = " ".join(title) if isinstance(title, list) else str(title)
    return text.replace("\u00a0", " ")


# The one-page report -------------------------------------------------------------------------------------------

_REPORT_CSS = """
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 9pt; line-height: 1.3; color: #1a1a1a;
       margin: 0 auto; max-width: 190mm; padding: 6mm 0; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 16pt; margin: 0 0 1pt; }
h2 { font-size: 11.5pt; margin: 9pt 0 3pt; border-bottom: 1px solid #ccc; padding-bottom: 1pt;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 9.5pt; margin: 5pt 0 2pt; break-after: avoid; page-break-after: avoid; }
p { margin: 1pt 0 3pt; }
.muted { color: #555; font-size: 8pt; }
.hint { background: #eef5fb; border: 1px solid #cfe3f3; padding: 3pt 5pt; border-radius: 4px; }
.link { word-break: break-all; font-size: 7.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; }
th, td { text-align: left; padding: 1.5pt 3pt; border-bottom: 1px solid #e2e2e2; vertical-align: top; }
td.number { text-align: right; white-space: nowrap; }
.inputs { display: grid; grid-template-columns: repeat(3, 1fr); column-gap: 6mm; font-size: 8pt; }
.inputs div { display: flex; justify-content: space-between; gap: 4pt; border-bottom: 1px solid #eee; padding: 1pt 0; }
.inputs span:last-child { white-space: nowrap; font-weight: bold; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3pt; }
.card { border: 1px solid #ddd; border-radius: 3px; padding: 3pt 4pt; break-inside: avoid; page-break-inside: avoid; }
.card .label { font-size: 7.5pt; color: #444; }
.card .value { font-size: 11.5pt; font-weight: bold; margin: 0; }
.card .worked, .card .judged { font-size: 7pt; color: #333; }
.card .muted { font-size: 6.5pt; }
.good { color: #006d4f; } .attention { color: #a13f00; } .neutral { color: #333; }
.charts { display: grid; grid-template-columns: repeat(2, 1fr); gap: 4pt; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure img { width: 100%; height: auto; max-height: 75mm; object-fit: contain; border: 1px solid #eee; }
dl { margin: 0; font-size: 7.5pt; columns: 2; column-gap: 6mm; }
dt { font-weight: bold; break-after: avoid; } dd { margin: 0 0 2pt 0; break-inside: avoid; }
footer { margin-top: 8pt; font-size: 7.5pt; color: #555; }
@media print { .hint { display: none; } body { padding: 0; } }
@media (max-width: 600px) { .cards { grid-template-columns: 1fr 1fr; } .charts { grid-template-columns: 1fr; }
                            .inputs { grid-template-columns: 1fr; } dl { columns: 1; } }
"""
_VERDICT_CLASSES = {"good": "good", "attention": "attention", "neutral": "neutral"}
_VERDICT_SIGNS = {"good": "✓", "attention": "!", "neutral": "i"}


def _e(text) -> str:
    """Escaped text: the one way any text enters the report."""
    return html.escape(str(text), quote=True)


def _safe_link(link: str) -> str:
    if link.startswith(("http://", "https://")):
        return f'<a class="link" href="{_e(link)}">{_e(link)}</a>'
    return f'<span class="link">{_e(link)}</span>'


def _inputs_section(inputs, currency: str, period: str) -> str:
    text = _text()["report"]
    typed = inputs_table(inputs, currency, period)
    items = "".join(
        f"<div><span>{_e(label)}</span><span>{_e(shown)}</span></div>"
        for label, shown in zip(typed["label"], typed["shown"], strict=True)
    )
    return f'<h2>{_e(text["inputs"])}</h2><div class="inputs">{items}</div>'


def _card(result: MetricResult) -> str:
    judged = "".join(
        f'<div class="judged {_VERDICT_CLASSES[item.verdict]}">{_VERDICT_SIGNS[item.verdict]} {_e(item.text)} '
        f'<span class="muted">({_e(item.source)})</span></div>'
        for item in assess(result)
    )
    note = f'<div class="worked muted">{_e(result.note)}</div>' if result.note else ""
    return (f'<div class="card"><div class="label">{_e(result.label)}</div>'
            f'<div class="value">{_e(result.formatted)}</div>'
            f'<div class="worked">{_e(result.worked)}</div>{note}{judged}</div>')


def _figures_section(results: Mapping[str, MetricResult]) -> str:
    text = _text()["report"]
    parts = [f'<h2>{_e(text["figures"])}</h2>']
    shown = [results[m.key] for group in GROUPS for m in METRICS
             if m.group == group and results[m.key].status != "missing"]
    if shown:  # one grid in the registry's topic order: no half-empty rows on paper
        parts.append('<div class="cards">' + "".join(_card(result) for result in shown) + "</div>")
    missing = [results[m.key].label for m in METRICS if results[m.key].status == "missing"]
    if missing:
        parts.append(f'<p class="muted">{_e(text["not_computed"].format(labels=", ".join(missing)))}</p>')
    return "".join(parts)


def _charts_section(charts: Sequence[alt.TopLevelMixin]) -> str:
    if not charts:
        return ""
    figures = []
    for chart in charts:
        svg = base64.b64encode(chart_svg(chart).encode("utf-8")).decode("ascii")
        figures.append(f'<figure><img alt="{_e(chart_title(chart))}" src="data:image/svg+xml;base64,{svg}"></figure>')
    return f'<h2>{_e(_text()["report"]["charts"])}</h2><div class="charts">' + "".join(figures) + "</div>"


def _comparison_section(comparison: Comparison | None) -> str:
    if comparison is None or not comparison.standings:
        return ""
    text, words_compare = _text()["report"], words("comparison")
    if comparison.business_type:
        intro = text["compare_business"].format(business_type=business_type_label(comparison.business_type))
    else:
        intro = text["compare_none"]
    rows = []
    for standing in comparison.standings.values():
        reference = standing.reference
        shown_reference = (f"{standing.shown(reference.value)} ({reference.segment})" if reference
                           else text["empty"])
        verdict = words_compare["verdicts"][standing.verdict] if standing.verdict else text["empty"]
        source = reference.citation if reference else "; ".join(dict.fromkeys(r.citation for r in standing.published))
        rows.append(f"<tr><td>{_e(standing.label)}</td><td class=\"number\">{_e(standing.shown(standing.yours))}</td>"
                    f"<td>{_e(shown_reference)}</td><td>{_e(verdict)}</td><td class=\"muted\">{_e(source)}</td></tr>")
    head = "".join(f"<th>{_e(name)}</th>" for name in (text["figure"], text["yours"], text["benchmark"],
                                                        text["verdict"], _text()["columns"]["sources"]))
    no_benchmark = ""
    if comparison.no_benchmark:
        labels = ", ".join(words("metrics")[key]["label"] for key in comparison.no_benchmark)
        no_benchmark = f'<p class="muted">{_e(words_compare["no_benchmark"].format(metrics=labels))}</p>'
    return (f'<h2>{_e(text["compare"])}</h2><p>{_e(intro)}</p><table><tr>{head}</tr>{"".join(rows)}</table>'
            f"{no_benchmark}")


def _whatif_section(whatif: tuple[str, str, str, Sequence[ComparisonRow]] | None, currency: str, period: str) -> str:
    """whatif: (first case's name, second case's name, the horizon in words, the rows of compare_outcomes)."""
    if not whatif:
        return ""
    first, second, horizon, rows = whatif
    text, labels = _text()["report"], words("whatif")["figures"]
    body = []
    for row in rows:
        values = [format_value(value, row.unit, currency, period) for value in (row.first, row.second)]
        difference = text["empty"]
        if row.difference is not None:
            difference = format_value(row.difference, row.unit, currency, period)
            if row.relative is not None:
                difference += f" ({signed_percent(row.relative)})"
        body.append(f'<tr><td>{_e(labels[row.key])}</td><td class="number">{_e(values[0])}</td>'
                    f'<td class="number">{_e(values[1])}</td><td class="number">{_e(difference)}</td></tr>')
    head = "".join(f"<th>{_e(name)}</th>" for name in (text["figure"], first, second, text["difference"]))
    intro = text["whatif_cases"].format(first=first, second=second, horizon=horizon)
    return f'<h2>{_e(text["whatif"])}</h2><p>{_e(intro)}</p><table><tr>{head}</tr>{"".join(body)}</table>'


def _definitions_section(results: Mapping[str, MetricResult], period: str, days: float) -> str:
    text = _text()["report"]
    period_name = words("format")["period_singular"][period]
    items = "".join(
        f"<dt>{_e(results[m.key].label)}</dt><dd>{_e(results[m.key].meaning)} {_e(results[m.key].formula)}.</dd>"
        for m in METRICS if results[m.key].status != "missing"
    )
    intro = text["definitions_intro"].format(period=period_name, days=f"{days:g}")
    return f'<h2>{_e(text["definitions"])}</h2><p class="muted">{_e(intro)}</p><dl>{items}</dl>'


def report_html(
    results: Mapping[str, MetricResult], inputs: Mapping[str, float | None], *, period: str = "month",
    period_days: float | None = None, currency: str = "USD", created: date | None = None,
    charts: Sequence[alt.TopLevelMixin] = (), link: str = "", comparison: Comparison | None = None,
    whatif: tuple[str, str, str, Sequence[ComparisonRow]] | None = None,
) -> str:
    """The one-page report as a self-contained HTML document that prints cleanly to PDF (A4).

    It holds the date, the settings, the link back to the calculator, the typed numbers, a card per figure (value,
    formula with the user's numbers, is it good), the charts (as SVG pictures), how the figures compare, the what-if
    cases when given, and the definitions used. Every text is escaped.
    """
    text = _text()["report"]
    days = float(period_days or DEFAULT_PERIOD_DAYS[period])
    created = created or date.today()
    subtitle = text["subtitle"].format(date=created.isoformat(), period=words("format")["period_singular"][period],
                                       days=f"{days:g}", currency=currency)
    link_part = f'<p>{_e(text["link"])} {_safe_link(link)}</p>' if link else ""
    body = "".join([
        f'<h1>{_e(text["title"])}</h1><p class="muted">{_e(subtitle)}</p>',
        f'<p class="hint">{_e(text["print_hint"])}</p>',
        link_part,
        _inputs_section(inputs, currency, period),
        _figures_section(results),
        _charts_section(charts),
        _comparison_section(comparison),
        _whatif_section(whatif, currency, period),
        _definitions_section(results, period, days),
        f'<footer>{_e(text["footer"])}</footer>',
    ])
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(text['title'])}</title><style>{_REPORT_CSS}</style></head><body>{body}</body></html>")
