"""The headline strip (DESIGN §5, "the answer comes first"): retention, churn, lifetime value and LTV:CAC with a
verdict in words, above the form.

Made in two steps like the cards: :func:`headline_figures` turns the results into the strings the strip shows,
:func:`draw_headline` puts them on the page.
"""

import html
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from retention.metrics.benchmarks import Assessment, headline, with_period
from retention.metrics.computing import MetricResult
from retention.words import words
from ui.cards import VERDICT_ICONS
from ui.markdown import escape

BADGE_COLOURS = {"good": "green", "attention": "orange", "neutral": "gray"}
#: A value with its period may be longer than a narrow box: it wraps instead of being cut.
STRIP_STYLE = """<style>
.st-key-headline [data-testid="stMetricValue"] :is(div, p) { white-space: normal; overflow: visible; }
.st-key-headline [data-testid="stMetricValue"] { font-size: 1.9rem; line-height: 1.2; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
</style>"""
#: The strip's figures in one sentence for screen readers, announced when they change.
LIVE_REGION = '<div class="visually-hidden" role="status" aria-live="polite" data-testid="headline-live">{text}</div>'


@dataclass(frozen=True)
class HeadlineFigure:
    """One figure of the strip, its texts already escaped (the value is ours); ``verdict`` is "good", "attention",
    "neutral" or "" (no value); ``source`` names where the verdict's yardstick comes from."""

    key: str
    label: str
    value: str
    verdict: str
    badge: str
    reason: str
    source: str = ""


def headline_value(result: MetricResult) -> str:
    """The formatted value, with its period for a per-period rate: "12.5% a month"."""
    return with_period(result.formatted, result.metric, result.period) if result.status == "ok" else result.formatted


def headline_figure(result: MetricResult, first: Assessment | None) -> HeadlineFigure:
    """The strip's figure for one result and its first verdict (:func:`retention.metrics.benchmarks.headline`):
    "no benchmark" when none applies, or what it still needs."""
    text = words("app")["headline"]
    label = text["labels"][result.key]
    if result.status == "missing":
        return HeadlineFigure(result.key, label, words("app")["card"]["missing_value"], "", "", escape(result.note))
    if first is None:
        return HeadlineFigure(result.key, label, headline_value(result), "neutral", text["no_benchmark"],
                              escape(text["no_benchmark_reason"]))
    source = words("app")["card"]["source"].format(source=first.source) if first.source else ""
    return HeadlineFigure(result.key, label, headline_value(result), first.verdict,
                          text["verdicts"][first.verdict], escape(first.text), source)


def headline_figures(results: Mapping[str, MetricResult],
                     business_type: str | None = None) -> tuple[HeadlineFigure, ...]:
    """The strip for these results, judged for the business type."""
    return tuple(headline_figure(result, first) for result, first in headline(results, business_type))


def draw_headline(figures: tuple[HeadlineFigure, ...]) -> None:
    """The figures side by side, wrapping onto more rows on a narrow screen; the source is the value's help."""
    st.html(STRIP_STYLE)
    st.html(LIVE_REGION.format(text=html.escape("; ".join(f"{figure.label}: {figure.value}" for figure in figures))))
    with st.container(horizontal=True, key="headline", gap="small"):
        for figure in figures:
            with st.container(border=True, key=f"headline_{figure.key}", width="stretch"):
                st.metric(figure.label, figure.value, help=figure.source or None)
                if figure.verdict:
                    st.badge(figure.badge, icon=VERDICT_ICONS[figure.verdict], color=BADGE_COLOURS[figure.verdict])
                st.caption(figure.reason)
