"""Many people at once: 20 sessions, each with its own numbers and its own file, each sees only its own results."""

import pytest
from playwright.sync_api import expect

from tests.browser.streamlit_page import expect_no_traceback, metric, wait_for_app

#: Twenty browser sessions at once, the longest test: `make test` runs it, `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

SESSIONS = 20


def orders_file(tmp_path, session: int):
    """A small order log whose size tells the sessions apart: session i has i + 2 customers."""
    lines = ["customer_id,date,amount"]
    for customer in range(session + 2):
        lines += [f"s{session}c{customer},2024-01-{customer % 27 + 1:02d},10", f"s{session}c{customer},2024-02-01,5"]
    path = tmp_path / f"orders-{session}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, 2 * (session + 2), session + 2


def test_twenty_sessions_see_only_their_own_numbers_and_files(browser, app_url, tmp_path):
    """All 20 sessions stay open side by side; each types, then uploads; then each is checked again."""
    contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(SESSIONS)]
    try:
        pages = [context.new_page() for context in contexts]
        for session, page in enumerate(pages):
            page.set_default_timeout(60_000)
            page.goto(app_url)
            wait_for_app(page)
            page.get_by_role("spinbutton", name="Customers at the end", exact=True).fill(str(1250 + session))
            page.get_by_role("button", name="Calculate").click()
            # lost = 1,200 + 180 + 20 - (1,250 + i)
            expect(metric(page, "Customers lost")).to_have_text(f"{150 - session:,}")
            page.get_by_role("link", name="Your data").click()
            path, orders, customers = orders_file(tmp_path, session)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
            expect(page.get_by_text(f"{orders} orders from {customers} customers", exact=False)).to_be_visible()
        for session, page in enumerate(pages):  # after everyone else acted, each still sees only its own
            path, orders, customers = orders_file(tmp_path, session)
            expect(page.get_by_text(f"Figures for {path.name}")).to_be_visible()
            expect(page.get_by_text(f"{orders} orders from {customers} customers", exact=False)).to_be_visible()
            page.get_by_role("link", name="Calculator").click()
            expect(metric(page, "Customers lost")).to_have_text(f"{150 - session:,}")
            expect_no_traceback(page)
    finally:
        for context in contexts:
            context.close()
