"""The one-page report: the answer on one A4 page at 10 pt or more.

It holds the date and settings, the headline figures with their verdicts, how the figures compare (for the business
type of the settings), the customer bridge chart, the what-if cases (the named scenarios kept, else the baseline and
the scenario of the levers now) and the link back to these numbers. Every text in it, the user's and ours, is escaped
with :func:`html.escape`, and the chart is embedded as an SVG image (:mod:`retention.charts.pictures`), never as
markup. Every figure, formula and definition is in the CSV and Excel downloads.
"""

import base64
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from retention.charts.pictures import chart_svg, chart_title
from retention.comparison import Comparison, business_type_label, compare, summary
from retention.formatting import format_date, format_number, format_value
from retention.metrics.benchmarks import headline, with_period
from retention.metrics.computing import MetricResult
from retention.periods import DEFAULT_SETTINGS, PeriodSettings
from retention.whatif import OUTCOME_FIGURES, Outcome
from retention.words import Words, current_language, words

if TYPE_CHECKING:  # charts are drawn under retention.charts; the report only embeds them as pictures
    import altair as alt

__all__ = ["REPORT_CSS", "WhatIfCases", "escaped", "report_html", "safe_link"]


@dataclass(frozen=True)
class WhatIfCases:
    """The what-if cases of the report, side by side: (name, outcome) each, the baseline first; ``horizon`` in
    words ("36 months")."""

    horizon: str
    cases: Sequence[tuple[str, Outcome]]


def _text() -> Words:
    return words("exports")["report"]


#: 10 pt is the smallest text anywhere; the page is A4 with 10 mm margins (190 x 277 mm).
REPORT_CSS = """
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10pt; line-height: 1.2; color: #1a1a1a;
       margin: 0 auto; max-width: 190mm; padding: 6mm 0; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 15pt; margin: 0; }
h2 { font-size: 11pt; margin: 5pt 0 1pt; border-bottom: 1px solid #ccc; break-after: avoid; }
p { margin: 1pt 0 2pt; }
.muted { color: #555; }
.hint { background: #eef5fb; border: 1px solid #cfe3f3; padding: 2pt 4pt; border-radius: 4px; }
.link { word-break: break-all; }
.strip { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3pt; }
.figure { border: 1px solid #ddd; border-radius: 3px; padding: 2pt 4pt; break-inside: avoid; }
.figure .value { font-size: 13pt; font-weight: bold; }
.good { color: #006d4f; } .attention { color: #a13f00; } .neutral { color: #333; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.5pt 3pt; border-bottom: 1px solid #e2e2e2; vertical-align: top; }
td.number { text-align: right; white-space: nowrap; } td.verdict, .cases td:first-child { white-space: nowrap; }
figure { margin: 0; break-inside: avoid; text-align: center; }
figure img { max-width: 100%; max-height: 48mm; }
@media print { .hint { display: none; } body { padding: 0; } }
@media (max-width: 600px) { .strip { grid-template-columns: 1fr 1fr; } }
"""
_VERDICT_SIGNS = {"good": "✓", "attention": "!", "neutral": "i"}
_STANDING_CLASSES = {"better": "good", "worse": "attention"}


def escaped(text) -> str:
    """Escaped text: the one way any text enters the report."""
    return html.escape(str(text), quote=True)


def safe_link(link: str) -> str:
    if link.startswith(("http://", "https://")):
        return f'<a class="link" href="{escaped(link)}">{escaped(link)}</a>'
    return f'<span class="link">{escaped(link)}</span>'


def _headline_section(results: Mapping[str, MetricResult], found: Comparison) -> str:
    """The headline strip: each figure with its period and its verdict in words, with the reason unless the
    figure's row under "How you compare" gives it."""
    text = _text()
    boxes = []
    for result, first in headline(results, found.business_type):
        if result.status == "missing":  # what it needs instead of a verdict
            boxes.append(f'<div class="figure"><div>{escaped(result.label)}</div>'
                         f'<div class="value">{escaped(text["empty"])}</div><div>{escaped(result.note)}</div></div>')
            continue
        verdict = first.verdict if first else "neutral"
        reason = f"<div>{escaped(first.text if first else text['no_verdict'])}</div>"
        reason = "" if result.key in found.standings else reason
        boxes.append(f'<div class="figure"><div>{escaped(result.label)}</div>'
                     f'<div class="value">{escaped(with_period(result.formatted, result.metric, result.period))}</div>'
                     f'<div class="{verdict}">{_VERDICT_SIGNS[verdict]} {escaped(text["verdicts"][verdict])}</div>'
                     f"{reason}</div>")
    return f'<div class="strip">{"".join(boxes)}</div>'


def _verdicts_section(found: Comparison) -> str:
    """How you compare: the count sentence and one row per figure compared, in the user's period."""
    if not found.standings:
        return ""
    text = _text()
    rows = []
    for standing in found.standings.values():
        reference = standing.reference.benchmark
        name = words("comparison")["rule_of_thumb"] if reference.is_rule_of_thumb else reference.label
        rows.append(f"<tr><td>{escaped(standing.label)}</td><td class=\"number\">{escaped(standing.yours_text)}</td>"
                    f"<td>{escaped(name)}: {escaped(standing.reference.text)}</td>"
                    f'<td class="verdict {_STANDING_CLASSES[standing.verdict]}">{escaped(text[standing.verdict])}</td>'
                    f"<td>{escaped(reference.citation)}</td></tr>")
    head = "".join(f"<th>{escaped(text[name])}</th>" for name in ("figure", "yours", "benchmark", "verdict", "source"))
    return (f'<h2>{escaped(text["compare"])}</h2><p>{escaped(summary(found))}</p>'
            f'<table><tr>{head}</tr>{"".join(rows)}</table>')


def _bridge_section(bridge: "alt.TopLevelMixin | None") -> str:
    if bridge is None:
        return ""
    svg = base64.b64encode(chart_svg(bridge).encode("utf-8")).decode("ascii")
    return (f'<h2>{escaped(_text()["bridge"])}</h2>'
            f'<figure><img alt="{escaped(chart_title(bridge))}" src="data:image/svg+xml;base64,{svg}"></figure>')


def _rounded(value: float | None, unit: str) -> float | None:
    """Counts of customers as whole people."""
    return round(value) if value is not None and unit == "count" else value


def _whatif_section(whatif: WhatIfCases | None, currency: str, period: str) -> str:
    """The cases side by side, one column each, one row per outcome figure."""
    if whatif is None or len(whatif.cases) < 2:
        return ""
    text, labels = _text(), words("whatif")["figures"]
    body = "".join(
        f"<tr><td>{escaped(labels[key])}</td>" + "".join(
            f'<td class="number">{escaped(format_value(_rounded(case.value(key), unit), unit, currency, period))}</td>'
            for _, case in whatif.cases) + "</tr>"
        for key, unit in OUTCOME_FIGURES
    )
    head = "".join(f"<th>{escaped(name)}</th>" for name in (text["figure"], *(name for name, _ in whatif.cases)))
    return (f'<h2>{escaped(text["whatif"].format(horizon=whatif.horizon))}</h2>'
            f'<table class="cases"><tr>{head}</tr>{body}</table>')


def report_html(
    results: Mapping[str, MetricResult], *, settings: PeriodSettings = DEFAULT_SETTINGS, created: date | None = None,
    bridge: "alt.TopLevelMixin | None" = None, link: str = "", whatif: WhatIfCases | None = None,
) -> str:
    """The one-page report as a self-contained HTML document that prints on one A4 page at 10 pt or more.

    It holds the date and settings, the headline figures with their verdicts, how the figures compare for
    ``settings.business_type``, the customer bridge chart (``bridge``), the what-if cases and the link back.
    """
    text = _text()
    period, currency, business_type = settings.period, settings.currency, settings.business_type
    created = created or date.today()
    business = business_type_label(business_type) if business_type else text["no_business_type"]
    subtitle = text["subtitle"].format(date=format_date(created), period=words("format")["period_singular"][period],
                                       days=format_number(settings.days, None), currency=currency,
                                       business_type=business)
    link_part = f'<p>{escaped(text["link"])} {safe_link(link)}</p>' if link else ""
    found = compare(results, business_type)
    body = "".join([
        f'<h1>{escaped(text["title"])}</h1><p class="muted">{escaped(subtitle)}</p>',
        f'<p class="hint">{escaped(text["print_hint"])}</p>',
        _headline_section(results, found),
        _verdicts_section(found),
        _bridge_section(bridge),
        _whatif_section(whatif, currency, period),
        link_part,
    ])
    return (f'<!DOCTYPE html><html lang="{current_language()}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escaped(text['title'])}</title><style>{REPORT_CSS}</style></head><body>{body}</body></html>")
