"""Small helpers to read and drive a Streamlit page the way a person does."""

from pathlib import Path

from playwright.sync_api import Page, expect


def wait_for_app(page: Page) -> None:
    """Until the script has finished running (the status widget is gone) and content is on the page."""
    page.wait_for_selector('[data-testid="stMain"]')
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stMetric\"]').length > 0",
        timeout=60_000,
    )


def metric(page: Page, label: str):
    """The locator of the value shown on the metric card with that label."""
    card = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label)
    )
    return card.first.locator('[data-testid="stMetricValue"]')


def expect_no_traceback(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Traceback")).to_have_count(0)


def save_full_page(page: Page, path: Path) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main block, so the viewport grows to fit it."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": page.viewport_size["width"], "height": height})
    page.wait_for_timeout(500)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
