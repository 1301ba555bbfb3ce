"""Charts and results for screen readers (issue 15 point 7): each chart named after the finding its title states,
its numbers as a table behind "Show the numbers", the headline announced in a live region, and the focus on the
first field after "Start from blank"."""

from playwright.sync_api import expect

from tests.browser.streamlit_page import wait_for_app

CHARTS = '[data-testid="stVegaLiteChart"] svg'


def test_every_chart_is_named_after_its_finding_and_shows_its_numbers(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    expect(page.locator(CHARTS).first).to_have_attribute("aria-label", "150 of 1,200 customers left, hidden by 200 "
                                                         "who joined or came back")
    expect(page.locator(CHARTS)).to_have_count(8)  # the example's 4 charts and "How you compare"'s 4 rules of thumb
    names = page.locator(CHARTS).evaluate_all("drawings => drawings.map((drawing) => drawing.ariaLabel)")
    assert len(names) == 8 and all(names) and "Vega visualization" not in names, names
    numbers = page.locator('[data-testid="stExpander"]').filter(has_text="Show the numbers").first
    numbers.get_by_text("Show the numbers").click()
    expect(numbers.locator('[data-testid="stDataFrame"]')).to_be_visible()


def test_the_headline_is_announced_in_a_live_region(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    live = page.locator('[aria-live="polite"][role="status"]')
    expect(live).to_have_count(1)
    expect(live).to_contain_text("Churn: 12.5% a month")


def test_start_from_blank_puts_the_focus_on_the_first_field(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("button", name="Start from blank").click()
    first_field = page.locator(".st-key-customers_start input")
    expect(first_field).to_have_value("")
    expect(first_field).to_be_focused()
    page.wait_for_timeout(1000)  # the focus stays there once the page has settled
    expect(first_field).to_have_count(1)
    expect(first_field).to_be_focused()
