"""axe-core in headless Chromium: no WCAG 2.2 AA violation, nor any default rule broken, on any page, wide and narrow.

axe.min.js comes from the npm registry through `make test` (the .axe folder); nothing is fetched while testing.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT
from tests.browser.streamlit_page import wait_for_app
from tests.browser.test_forecast_browser import open_forecast_with_the_sample

AXE = ROOT / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = [1400, 390]


def open_calculator(page, app_url):
    page.goto(app_url)
    wait_for_app(page)


def open_what_if(page, app_url):
    page.goto(f"{app_url}/what_if")
    wait_for_app(page)


def open_your_data_tab(tab: str):
    """Your data with the sample, on one of its tabs (only the open tab is drawn)."""
    def open_your_data(page, app_url):
        page.goto(f"{app_url}/your_data")
        page.get_by_role("button", name="Try it with sample data").click()
        expect(page.get_by_text("Figures for sample data")).to_be_visible()
        page.get_by_role("tab", name=tab).click()
        expect(page.get_by_role("tabpanel", name=tab).locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")

    return open_your_data


PAGES = {
    "calculator": open_calculator,
    "what if": open_what_if,
    "forecast": open_forecast_with_the_sample,
    "your data, one period": open_your_data_tab("One period in detail"),
    "your data, cohorts": open_your_data_tab("Cohorts"),
}


def violations(page, options: dict) -> list[str]:
    """axe's violations of the page with these run options, one line each: rule id and the elements it failed."""
    found = page.evaluate("options => axe.run(document, options).then(result => result.violations)", options)
    return [f"{rule['id']}: {[node['target'] for node in rule['nodes']]}" for rule in found]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violation(browser, app_url, name, width):
    assert AXE.exists(), "axe-core is missing: `make test` installs it (npm install --prefix .axe axe-core@4)"
    context = browser.new_context(viewport={"width": width, "height": 1000})
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        PAGES[name](page, app_url)
        page.wait_for_timeout(1000)
        page.add_script_tag(path=str(AXE))
        found = violations(page, {"runOnly": {"type": "tag", "values": WCAG_TAGS}}) + violations(page, {})
        assert not found, f"{name} at {width} px:\n" + "\n".join(sorted(set(found)))
    finally:
        context.close()
