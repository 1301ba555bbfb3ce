"""The what-if page in headless Chromium: move a lever, copy the link, open it elsewhere, download what it shows."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.streamlit_page import expect_no_traceback, metric, save_full_page, wait_for_app

CLIPBOARD = ["clipboard-read", "clipboard-write"]


def move_slider(page, label: str, steps: int) -> None:
    """Move a slider the way a keyboard user does: one arrow press per step."""
    slider = page.get_by_role("slider", name=label)
    slider.focus()
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowRight" if steps > 0 else "ArrowLeft")


def copy_share_link(page) -> str:
    """Click the copy button of the share box and read what it put on the clipboard."""
    box = page.locator(".st-key-share_link")
    box.scroll_into_view_if_needed()
    box.hover()
    box.get_by_role("button", name="Copy to clipboard").click()
    return page.evaluate("() => navigator.clipboard.readText()")


def test_change_a_lever_copy_the_link_and_open_it_in_another_browser(browser, app_url):
    sender = browser.new_context(viewport={"width": 1400, "height": 1000}, permissions=CLIPBOARD)
    receiver = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = sender.new_page()
        page.goto(f"{app_url}/what_if")
        wait_for_app(page)
        expect(metric(page, "Customer lifetime value")).to_have_text("$267.46")
        move_slider(page, "Retention rate (points)", 10)  # 10 steps of 0.5: +5 points
        # 0.45 * (71,500 / 900) * 1.01 / (1.01 - 0.925) = 424.79
        expect(metric(page, "Customer lifetime value")).to_have_text("$424.79")
        expect(page).to_have_url(re.compile(r"retention_points=5(&|$)"))
        link = copy_share_link(page)
        assert link.startswith(f"{app_url}/what_if?v=1&") and "retention_points=5" in link
        assert "customers_start=1200" in link and "gross_margin=45" in link

        other = receiver.new_page()
        other.goto(link)
        wait_for_app(other)
        expect(metric(other, "Customer lifetime value")).to_have_text("$424.79")
        expect(metric(other, "Profit over the horizon")).to_have_text("$1,692,051")
        expect(other.get_by_role("slider", name="Retention rate (points)")).to_have_attribute(
            "aria-valuetext", "+5.0 points")
        expect(other.locator(".st-key-link_notes")).to_have_count(0)  # nothing in the link was left out
        expect_no_traceback(other)
        other.wait_for_function("() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= 3")
        save_full_page(other, SCREENSHOTS / "what-if.png")
    finally:
        sender.close()
        receiver.close()


def test_download_the_report_and_a_chart(page, app_url, tmp_path):
    page.goto(f"{app_url}/what_if?v=1&customers_start=1200&customers_end=1230&new_customers=180"
              "&revenue_per_customer=80&gross_margin=45&acquisition_cost=120&retention_points=5"
              "&s1_name=Loyalty&s1_retention_points=3")
    wait_for_app(page)
    expect(metric(page, "Customer lifetime value")).to_have_text("$480.00")  # 0.45 * 80 / (1 - 0.925)
    with page.expect_download() as report:
        page.get_by_role("button", name="One-page report (HTML, print to PDF)").click()
    assert report.value.suggested_filename == "retention-report.html"
    html_text = report.value.path().read_text(encoding="utf-8")
    # the named scenario beside the baseline: 0.45 * 80 / (1 - 0.875) = 288.00 and / (1 - 0.905) = 378.95
    assert "Customer retention report" in html_text and "What if" in html_text and "<th>Loyalty</th>" in html_text
    assert "$288.00" in html_text and "$378.95" in html_text and "$480.00" not in html_text
    assert "Customers kept, lost and won" in html_text and "Open these numbers in the calculator" in html_text
    with page.expect_download() as picture:
        page.get_by_role("button", name="PNG", exact=True).click()
    assert picture.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # The report prints to PDF on A4 pages, with nothing wider than the page.
    saved = tmp_path / report.value.suggested_filename  # the .html name makes the browser read it as a page
    report.value.save_as(saved)
    report_page = page.context.new_page()
    report_page.goto(saved.as_uri())
    overflow = report_page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    pdf = report_page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the report prints on {pages} pages"
    expect_no_traceback(page)


def test_what_if_on_a_phone(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/what_if?v=1&customers_start=1200&customers_end=1230&new_customers=180"
                  "&revenue_per_customer=80&gross_margin=45&retention_points=5&s1_name=Loyalty&s1_retention_points=3")
        wait_for_app(page)
        expect(metric(page, "Customer lifetime value")).to_have_text("$480.00")
        expect(page.get_by_text("Loyalty", exact=True)).to_be_visible()
        page.wait_for_function("() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= 3")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow} px wider than a phone screen"
        expect_no_traceback(page)
        save_full_page(page, SCREENSHOTS / "what-if-phone.png")
    finally:
        context.close()


def test_only_the_open_projection_tab_is_drawn_and_another_tab_draws_its_own(page, app_url):
    page.goto(f"{app_url}/what_if")
    wait_for_app(page)
    drawn = page.locator('[data-testid="stTabs"] [data-testid="stVegaLiteChart"] svg')
    expect(drawn).to_have_count(1)
    expect(drawn).to_have_attribute("aria-label", "1,597 after 36 months: move a lever to see a scenario")
    page.get_by_role("tab", name="Revenue").click()
    expect(drawn).to_have_attribute("aria-label", "$4,382,952 after 36 months: move a lever to see a scenario")
    expect(drawn).to_have_count(1)
