"""The action plan in headless Chromium (issue 19): from the plan to the what-if with the step's lever moved, and back;
screenshots at 1400 and 390 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.streamlit_page import expect_no_traceback, metric, save_full_page, wait_for_app

SIZES = {"desktop": {"width": 1400, "height": 1000}, "phone": {"width": 390, "height": 844}}


def open_plan(page, app_url: str) -> None:
    page.goto(f"{app_url}/plan")
    page.wait_for_selector('[data-testid="stMain"]')
    expect(page.get_by_role("heading", name="1. Keep more of your customers")).to_be_visible(timeout=60_000)


def test_from_the_plan_to_the_what_if_and_back(page, app_url):
    open_plan(page, app_url)
    expect(page.get_by_text("On your numbers, Retention +2.0 points is worth $228,839 more profit over 36 months."))\
        .to_be_visible()
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
