"""The action plan in headless Chromium (issue 19): from the plan to the what-if with the step's lever moved, and back;
screenshots at 1400 and 390 px."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from retention.exports.plan_report import PlanStep, plan_html
from retention.links import SharedState, query_string
from retention.metrics.computing import compute_available_metrics
from retention.metrics.example import EXAMPLE_INPUTS
from retention.plan import PLAN_STEPS, rank_topics
from retention.words import LANGUAGES, in_language, words
from tests.browser.conftest import SCREENSHOTS
from tests.browser.streamlit_page import expect_no_traceback, metric, save_full_page, wait_for_app
from tests.browser.test_report_browser import SMALLEST_FONT, TEN_POINTS

SIZES = {"desktop": {"width": 1400, "height": 1000}, "phone": {"width": 390, "height": 844}}


def open_plan(page, app_url: str) -> None:
    page.goto(f"{app_url}/plan")
    page.wait_for_selector('[data-testid="stMain"]')
    expect(page.get_by_role("heading", name="1. Keep more of your customers")).to_be_visible(timeout=60_000)


def test_from_the_plan_to_the_what_if_and_back(page, app_url):
    open_plan(page, app_url)
    expect(page.get_by_text("With the calculator's worked-example numbers, Retention +2.0 points is worth $228,839 "
                            "more profit over 36 months", exact=False)).to_be_visible()
    page.locator(".st-key-plan_step_keep_customers").get_by_role("button", name="See it in the what-if").click()
    wait_for_app(page)
    expect(page.get_by_role("slider", name="Retention rate (points)")).to_have_attribute("aria-valuetext",
                                                                                        "+2.0 points")
    # 0.45 * 79.44 * 1.01 / (1.01 - 0.895): the lever's 2 points on the worked example's 87.5% retention
    expect(metric(page, "Customer lifetime value")).to_have_text("$313.98")
    page.get_by_role("link", name="Action plan").click()
    expect(page.get_by_role("heading", name="1. Keep more of your customers")).to_be_visible(timeout=60_000)
    expect_no_traceback(page)


@pytest.mark.parametrize("size", list(SIZES))
def test_the_plan_on_a_desktop_and_a_phone(browser, app_url, size):
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    try:
        open_plan(page, app_url)
        expect_no_traceback(page)
        overflow = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
        assert overflow <= SIZES[size]["width"] + 1
        save_full_page(page, SCREENSHOTS / f"plan-{size}.png")
    finally:
        context.close()


def fullest_plan() -> bytes:
    """The worked example's plan, each step with the lists of the shipped sample's size and the longest link."""
    results, _ = compute_available_metrics(EXAMPLE_INPUTS)
    steps = [judged for judged in rank_topics(results) if judged.verdict != "good"][:PLAN_STEPS]
    topics = words("plan")["topics"]
    plan = [PlanStep(topics[judged.topic.key]["name"], topics[judged.topic.key]["steps"],
                     tuple(f"{result.label}: {result.value:.1f}. {assessment.text}"
                           for result, assessment in judged.figures),
                     "On your numbers, Retention +2.0 points is worth $228,839 more profit over 36 months.",
                     tuple((name, 1234) for name in ("quiet", "at_risk", "top", "one_time")))
            for judged in steps]
    link = "https://retention.example.org/plan?" + query_string(SharedState(inputs=EXAMPLE_INPUTS))
    return plan_html(plan, date(2026, 12, 1), link)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plan_prints_on_one_a4_page_at_10_points_or_more(page, language):
    with in_language(language):
        page.set_content(fullest_plan().decode())
    page.emulate_media(media="print")
    assert page.evaluate(SMALLEST_FONT) >= TEN_POINTS
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
