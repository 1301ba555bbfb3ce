"""The one-page report printed by Chromium: one A4 page, no text under 10 pt, even with five named scenarios and a
long link."""

import re
from datetime import date

import pytest

from retention.charts.metrics import customer_bridge_chart, customer_bridge_data
from retention.exports import WhatIfCases, report_html
from retention.links import SharedState, query_string
from retention.metrics.computing import compute_metrics, derived_inputs
from retention.metrics.example import EXAMPLE_INPUTS
from retention.periods import PeriodSettings
from retention.whatif import NAME_LENGTH, Levers, apply_levers, baseline_from_inputs, outcome

#: 10 pt in CSS pixels (96 px per inch, 72 pt per inch: 13.33), as Chromium rounds a computed size.
TEN_POINTS = round(10 * 96 / 72, 2)
SMALLEST_FONT = """() => Math.min(...[...document.body.querySelectorAll('*')]
    .filter(element => [...element.childNodes].some(node => node.nodeType === 3 && node.textContent.trim()))
    .map(element => parseFloat(getComputedStyle(element).fontSize)))"""


def fullest_report(business_type: str | None = "online_shop") -> str:
    """The worked example with the bridge, five named scenarios of long names and the link of its numbers."""
    settings = PeriodSettings(business_type=business_type)
    baseline = baseline_from_inputs(EXAMPLE_INPUTS, "month", None).baseline
    cases = [("Baseline", outcome(baseline, 36))] + [
        (f"Loyalty programme and onboarding, {points} pt"[:NAME_LENGTH],
         outcome(apply_levers(baseline, Levers(retention_points=points)), 36))
        for points in range(1, 6)
    ]
    link = "https://retention.example.org/?" + query_string(SharedState(inputs=EXAMPLE_INPUTS, industry=business_type))
    bridge = customer_bridge_chart(customer_bridge_data(derived_inputs(EXAMPLE_INPUTS, "month", None)))
    return report_html(compute_metrics(EXAMPLE_INPUTS), settings=settings, created=date(2026, 12, 1), bridge=bridge,
                       link=link, whatif=WhatIfCases("36 months", cases))


@pytest.mark.parametrize("business_type", [None, "online_shop", "saas_mid_market"])
def test_the_report_prints_on_one_a4_page_at_10_points_or_more(page, business_type):
    page.set_content(fullest_report(business_type))
    page.emulate_media(media="print")
    assert page.evaluate(SMALLEST_FONT) >= TEN_POINTS
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
