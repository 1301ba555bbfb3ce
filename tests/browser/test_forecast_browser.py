"""The forecast page in a real browser: the sample in one click, lifetime values once a margin is given, the
figures, the table, the five charts."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.streamlit_page import expect_no_traceback, metric, save_full_page

CHARTS = 5
#: Without a margin, the two charts of lifetime value wait for it.
CHARTS_WITHOUT_MARGIN = 3


def orders_tab(page):
    """The forecast from orders: the page's main area on its first view (the other is the subscriptions' curve)."""
    return page.get_by_test_id("stMain")


def wait_for_charts(page, count: int) -> None:
    page.wait_for_function(
        f"() => document.querySelector('[data-testid=\"stMain\"]').querySelectorAll('[data-testid=\"stVegaLiteChart\"]"
        f" canvas, [data-testid=\"stVegaLiteChart\"] svg').length >= {count}",
        timeout=60_000,
    )


def run_with_margin(page, margin: str) -> None:
    page.get_by_role("spinbutton", name="Gross margin (%)").fill(margin)
    page.get_by_role("button", name=re.compile("Run the forecast")).click()
    expect(metric(page, "Predicted value")).to_have_text(re.compile(r"^\$[\d,]+$"))
    wait_for_charts(page, CHARTS)


def open_forecast_with_the_sample(page, app_url, margin: str | None = "30"):
    """The sample's forecast, run with ``margin`` % typed in the form (None: as it opens, without a margin)."""
    page.goto(f"{app_url}/forecast")
    expect(page.get_by_role("heading", name="Forecast: what each customer is likely to be worth")).to_be_visible()
    page.get_by_role("button", name="Use the sample orders").click()
    expect(metric(page, "Customers")).to_have_text("4,000")
    wait_for_charts(page, CHARTS_WITHOUT_MARGIN)
    if margin is not None:
        run_with_margin(page, margin)


def test_without_a_margin_the_values_say_what_they_need(page, app_url):
    open_forecast_with_the_sample(page, app_url, margin=None)
    expect(metric(page, "Predicted value")).to_have_text("–")
    expect(page.get_by_text("Needs: gross margin.").first).to_be_visible()
    expect(orders_tab(page).locator('[data-testid="stVegaLiteChart"]')).to_have_count(CHARTS_WITHOUT_MARGIN)
    expect(page.get_by_text("Nothing is discounted: no discount rate was given.", exact=False)).to_be_visible()
    expect_no_traceback(page)


def money(text: str) -> float:
    return float(re.sub(r"[^0-9.]", "", text))


def test_forecast_of_the_sample(page, app_url):
    open_forecast_with_the_sample(page, app_url)
    expect(page.get_by_text("22,000 orders from 4,000 customers, 10/1/2023 to 9/30/2026")).to_be_visible()
    expect(metric(page, "Repeat buyers")).to_have_text("2,544")
    expect(metric(page, "Top 20% hold")).to_have_text(re.compile(r"^\d+\.\d%$"))
    expect(orders_tab(page).locator('[data-testid="stDataFrame"]:visible')).to_have_count(2)  # win-back list, customers
    expect(page.get_by_role("heading", name="Win back first")).to_be_visible()
    expect(metric(page, "Bought once")).to_have_text("1,456")
    expect(page.get_by_role("button", name=re.compile("Download all customers as CSV"))).to_be_visible()
    expect(orders_tab(page).locator('[data-testid="stVegaLiteChart"]')).to_have_count(CHARTS)
    expect(page.get_by_text("Your top 20% of customers hold", exact=False)).to_be_visible()
    expect(page.get_by_text("One-time buyers (0 repeat purchases) show 100%", exact=False)).to_be_visible()
    # The ranges under the headline figures read in full: no tile's text is cut or wider than its tile.
    expect(page.get_by_text(re.compile(r"^80\.0% range \$[\d,.]+ to \$[\d,.]+$"))).to_have_count(2)
    cut = page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid="stMetric"] *, [data-testid="stCaptionContainer"] *')]
        .filter(e => e.children.length === 0 && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)""")
    assert not cut, f"cut text: {cut}"
    expect_no_traceback(page)
    save_full_page(page, SCREENSHOTS / "forecast.png")


def test_a_higher_margin_raises_the_value_and_a_bad_setting_gets_a_message(page, app_url):
    open_forecast_with_the_sample(page, app_url)
    before = money(metric(page, "Predicted value").inner_text())
    page.get_by_role("spinbutton", name="Gross margin (%)").fill("60")
    page.get_by_role("button", name=re.compile("Run the forecast")).click()
    expect(metric(page, "Predicted value")).not_to_contain_text(f"${before:,.0f}")
    assert abs(money(metric(page, "Predicted value").inner_text()) - 2 * before) <= 1  # 60% is twice 30%
    page.get_by_role("spinbutton", name="Look ahead (months)").fill("0")
    page.get_by_role("button", name=re.compile("Run the forecast")).click()
    expect(page.get_by_text("The look-ahead must be more than 0 months.")).to_be_visible()
    expect(orders_tab(page).locator('[data-testid="stMetric"]')).to_have_count(0)
    expect_no_traceback(page)


def test_usable_on_a_phone(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_forecast_with_the_sample(page, app_url)
        expect(metric(page, "Repeat buyers")).to_have_text("2,544")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow} px wider than a phone screen"
        expect_no_traceback(page)
        save_full_page(page, SCREENSHOTS / "forecast-phone.png")
    finally:
        context.close()


def test_a_subscription_retention_curve_is_projected(page, app_url):
    page.goto(f"{app_url}/forecast")
    page.get_by_text("Subscriptions: from a retention curve", exact=True).click()
    panel = page.get_by_test_id("stMain")
    expect(panel.get_by_text("Retention rises", exact=False).first).to_be_visible()
    expect(panel.locator('[data-testid="stVegaLiteChart"]')).to_have_count(2)
    expect_no_traceback(page)
    save_full_page(page, SCREENSHOTS / "forecast-subscriptions.png")
