"""What a person sees on the calculator, in headless Chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.streamlit_page import expect_no_traceback, metric, save_full_page, wait_for_app
from tests.browser.test_whatif_browser import CLIPBOARD


def test_worked_example_shows_every_card_and_chart(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    expect(metric(page, "Customer retention rate")).to_have_text("87.5%")
    # the four explanatory charts, then how you compare by the four rules of thumb (no business type chosen)
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(4 + 4)
    page.wait_for_function("() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= 8")
    expect_no_traceback(page)
    save_full_page(page, SCREENSHOTS / "calculator.png")


def test_typing_numbers_updates_retention_and_lifetime_value(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("spinbutton", name="Customers at the end", exact=True).fill("1300")
    page.get_by_role("spinbutton", name="Gross margin (%)", exact=True).fill("60")
    page.get_by_role("button", name="Calculate").click()
    # (1300 - 180 - 20) / 1200 = 91.7%; CLV = 0.6 * (71,500 / 900) * 1.01 / (1.01 - 1100 / 1200) = 515.82
    expect(metric(page, "Customer retention rate")).to_have_text("91.7%")
    expect(metric(page, "Customer lifetime value")).to_have_text("$515.82")
    expect_no_traceback(page)


def test_an_impossible_number_shows_its_message_beside_the_field(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("spinbutton", name="Customers at the end", exact=True).fill("9000")
    page.get_by_role("button", name="Calculate").click()
    beside = page.get_by_test_id("stAlertContentError")  # the summary at the top says it too, as a link
    expect(beside.get_by_text("You ended with more customers (9,000)", exact=False)).to_be_visible()
    expect(metric(page, "Net promoter score")).to_have_text("+28.9")
    expect(metric(page, "Retention")).to_have_text("–")  # the headline; the card waits in the fold
    expect_no_traceback(page)


def test_sidebar_settings_change_every_figure(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox", name="Currency").click()
    page.get_by_role("option", name="EUR (€)").click()
    expect(metric(page, "Customer lifetime value")).to_have_text("€267.46")
    sidebar.get_by_role("combobox", name="Period").click()
    page.get_by_role("option", name="Year").click()
    expect(metric(page, "Average customer lifetime")).to_have_text("8.0 years")
    expect(sidebar.get_by_role("combobox", name="Currency")).to_have_value("EUR (€)")
    expect_no_traceback(page)


def test_usable_on_a_phone(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(app_url)
        wait_for_app(page)
        expect(metric(page, "Customer retention rate")).to_have_text("87.5%")
        page.get_by_role("spinbutton", name="Customers at the end", exact=True).fill("1300")
        page.get_by_role("button", name="Calculate").click()
        expect(metric(page, "Customer retention rate")).to_have_text("91.7%")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow} px wider than a phone screen"
        save_full_page(page, SCREENSHOTS / "calculator-phone.png")
    finally:
        context.close()


DESKTOP, PHONE = {"width": 1400, "height": 1000}, {"width": 390, "height": 844}
#: A colleague's link: 200 customers at the start, 210 at the end, 40 new, revenue 30,000 at a 40% margin.
SHARED = "/?v=1&customers_start=200&customers_end=210&new_customers=40&revenue=30000&gross_margin=40"


def headline(page, key: str):
    """The value of one figure of the headline strip."""
    return page.locator(f".st-key-headline_{key} [data-testid='stMetricValue']")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(("query", "churn", "value", "name"), [
    ("", "12.5% a month", "$267.46", "calculator-first-screen"),
    # (200 + 40 - 210) / 200 = 15%; 0.4 * (30,000 / 205) / 0.15 = 390.24, revenue per customer estimated
    (SHARED, "15.0% a month", "$390.24", "calculator-shared-link"),
])
def test_churn_and_lifetime_value_are_on_the_first_screen(browser, app_url, size, query, churn, value, name):
    context = browser.new_context(viewport=size, is_mobile=size == PHONE, has_touch=size == PHONE)
    page = context.new_page()
    try:
        page.goto(app_url + query)
        wait_for_app(page)
        expect(headline(page, "churn_rate")).to_have_text(churn)
        expect(headline(page, "customer_lifetime_value")).to_have_text(value)
        for key in ("churn_rate", "customer_lifetime_value"):
            expect(headline(page, key)).to_be_in_viewport(ratio=1)
            expect(page.locator(f".st-key-headline_{key} [data-testid='stMetricLabel']")).to_be_in_viewport(ratio=1)
        expect(page.locator(".st-key-headline_churn_rate")).to_contain_text("Worth attention")
        if query:
            expect(page.get_by_text("Numbers shared with you: Customers at the start 200")).to_be_visible()
            expect(page.get_by_role("spinbutton", name="Customers at the start", exact=True)).to_be_hidden()
        expect_no_traceback(page)
        save_full_page(page, SCREENSHOTS / f"{name}{'-phone' if size == PHONE else ''}.png")
    finally:
        context.close()


def test_the_copy_link_button_copies_and_says_so(browser, app_url):
    context = browser.new_context(viewport=DESKTOP, permissions=CLIPBOARD)
    page = context.new_page()
    try:
        page.goto(app_url + SHARED)
        wait_for_app(page)
        box = page.frame_locator(".st-key-share_link iframe")
        button = box.get_by_role("button", name="Copy link")
        button.scroll_into_view_if_needed()
        expect(button).to_be_visible()
        button.click()
        expect(box.get_by_role("button", name="✓ Copied")).to_be_visible()
        link = page.evaluate("() => navigator.clipboard.readText()")
        assert link == app_url + SHARED  # the address bar's link: the same numbers, nothing at its default
        expect_no_traceback(page)
    finally:
        context.close()
