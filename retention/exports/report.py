"""The one-page HTML report: numbers, cards, charts, how you compare, the what-if, definitions.

The report is HTML: every text in it, the user's and ours, is escaped with :func:`html.escape`, and charts are
embedded as images (:mod:`retention.charts.pictures`), never as markup.
"""

import base64
import html
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from retention.charts.pictures import chart_svg, chart_title
from retention.comparison import Comparison, business_type_label
from retention.exports.tables import inputs_table
from retention.fields import GROUPS
from retention.formatting import format_value, signed_percent
from retention.metrics.benchmarks import assess
from retention.metrics.computing import MetricResult
from retention.metrics.registry import METRICS
from retention.periods import DEFAULT_SETTINGS, PeriodSettings
from retention.whatif import ComparisonRow
from retention.words import Words, words

if TYPE_CHECKING:  # charts are drawn under retention.charts; the report only embeds them as pictures
    import altair as alt

__all__ = ["report_html"]


def _text() -> Words:
    return words("exports")


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


def _charts_section(charts: Sequence["alt.TopLevelMixin"]) -> str:
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
    results: Mapping[str, MetricResult], inputs: Mapping[str, float | None], *,
    settings: PeriodSettings = DEFAULT_SETTINGS, created: date | None = None,
    charts: Sequence["alt.TopLevelMixin"] = (), link: str = "", comparison: Comparison | None = None,
    whatif: tuple[str, str, str, Sequence[ComparisonRow]] | None = None,
) -> str:
    """The one-page report as a self-contained HTML document that prints cleanly to PDF (A4).

    It holds the date, the settings, the link back to the calculator, the typed numbers, a card per figure (value,
    formula with the user's numbers, is it good), the charts (as SVG pictures), how the figures compare, the what-if
    cases when given, and the definitions used. Every text is escaped.
    """
    text = _text()["report"]
    period, currency = settings.period, settings.currency
    created = created or date.today()
    subtitle = text["subtitle"].format(date=created.isoformat(), period=words("format")["period_singular"][period],
                                       days=f"{settings.days:g}", currency=currency)
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
        _definitions_section(results, period, settings.days),
        f'<footer>{_e(text["footer"])}</footer>',
    ])
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(text['title'])}</title><style>{_REPORT_CSS}</style></head><body>{body}</body></html>")
