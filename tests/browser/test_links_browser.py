"""Shared links in headless Chromium: the linked numbers appear, bad links explain themselves, links survive pages."""

import re

from playwright.sync_api import expect

from tests.browser.streamlit_page import expect_no_traceback, metric, wait_for_app

LINK = ("/?v=1&period=year&currency=EUR&customers_start=100&customers_end=99&new_customers=20"
        "&revenue_per_customer=50&gross_margin=40&industry=retail")


def unfold(page, *groups: str) -> None:
    """Open topics of the form, which a shared link folds."""
    for group in groups:
        page.locator('[data-testid="stExpander"] summary', has_text=group).first.click()


def test_a_link_opens_the_calculator_with_its_numbers(page, app_url):
    page.goto(app_url + LINK)
    wait_for_app(page)
    expect(metric(page, "Customer retention rate")).to_have_text("79.0%")  # (99 - 20) / 100
    expect(metric(page, "Customer lifetime value")).to_have_text("€95.24")  # 0.4 * 50 / 0.21
    expect(page.get_by_role("spinbutton", name="Gross margin (%)", exact=True)).to_be_hidden()  # folded
    unfold(page, "Customers", "Economics")
    expect(page.get_by_role("spinbutton", name="Gross margin (%)", exact=True)).to_have_value("40")
    expect(page.get_by_role("spinbutton", name="Won-back customers", exact=True)).to_have_value("")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("combobox", name="Currency")).to_have_value("EUR (€)")
    expect(sidebar.get_by_role("combobox", name="Your business type")).to_have_value("Retail (shops)")
    expect(page).to_have_url(re.compile(r"customers_start=100&"))
    expect_no_traceback(page)


def test_a_bad_link_says_what_was_left_out(page, app_url):
    page.goto(app_url + "/?v=1&customers_start=abc&customers_end=99&gross_margin=%3Cb%3E1%3C%2Fb%3E&zzz=1")
    wait_for_app(page)
    notes = page.locator(".st-key-link_notes")
    expect(notes).to_contain_text("Some parts of this link were left out")
    expect(notes).to_contain_text("Customers at the start (abc) was left out: it is not a number.")
    expect(notes).to_contain_text("Gross margin (%) (<b>1</b>)")  # shown as text, never as markup
    expect(notes).to_contain_text("zzz")
    unfold(page, "Customers")
    expect(page.get_by_role("spinbutton", name="Customers at the end", exact=True)).to_have_value("99")
    page.get_by_role("button", name="Got it").click()
    expect(notes).to_have_count(0)
    expect_no_traceback(page)


def test_the_link_stays_whole_when_moving_between_pages(page, app_url):
    page.goto(app_url + LINK)
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="What if").click()
    expect(page).to_have_url(re.compile(r"/what_if\?v=1&.*customers_start=100"))
    expect(metric(page, "Customer lifetime value")).to_have_text("€95.24")
    expect(page.get_by_text("retention 79.0% a year", exact=False)).to_be_visible()
    expect_no_traceback(page)
