"""What a person sees on the calculator, in headless Chromium."""

from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.streamlit_page import expect_no_traceback, metric, save_full_page, wait_for_app


def test_worked_example_shows_every_card_and_chart(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    expect(metric(page, "Customer retention rate")).to_have_text("87.5 %")
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(4)
    page.wait_for_function("() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= 4")
    expect_no_traceback(page)
    save_full_page(page, SCREENSHOTS / "calculator.png")


def test_typing_numbers_updates_retention_and_lifetime_value(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("spinbutton", name="Customers at the end", exact=True).fill("1300")
    page.get_by_role("spinbutton", name="Gross margin (%)", exact=True).fill("60")
    page.get_by_role("button", name="Calculate").click()
    # (1300 - 180 - 20) / 1200 = 91.7 %; CLV = 0.6 * (71,500 / 900) * 1.01 / (1.01 - 1100 / 1200) = 515.82
    expect(metric(page, "Customer retention rate")).to_have_text("91.7 %")
    expect(metric(page, "Customer lifetime value")).to_have_text("$515.82")
    expect_no_traceback(page)


def test_an_impossible_number_shows_its_message_beside_the_field(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("spinbutton", name="Customers at the end", exact=True).fill("9000")
    page.get_by_role("button", name="Calculate").click()
    expect(page.get_by_text("You ended with more customers (9,000)", exact=False)).to_be_visible()
    expect(metric(page, "Net promoter score")).to_have_text("+28.9")
    expect(metric(page, "Customer retention rate")).to_have_text("–")
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
        expect(metric(page, "Customer retention rate")).to_have_text("87.5 %")
        page.get_by_role("spinbutton", name="Customers at the end", exact=True).fill("1300")
        page.get_by_role("button", name="Calculate").click()
        expect(metric(page, "Customer retention rate")).to_have_text("91.7 %")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow} px wider than a phone screen"
        save_full_page(page, SCREENSHOTS / "calculator-phone.png")
    finally:
        context.close()
