"""A closed session lets go of what it held once its reconnect time has run out, with nobody else visiting."""

import time
import urllib.request

from playwright.sync_api import expect

from tests.browser.conftest import served_app
from tests.browser.test_your_data_browser import SAMPLE, open_your_data
from ui.server_memory import CHECK_EVERY_SECONDS

RECONNECT_SECONDS = 2


def uploaded_bytes_held(url: str) -> int:
    """The bytes of uploaded files the server holds, from Streamlit's own metrics."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics?families=cache_memory_bytes", timeout=10) as answer:
        lines = answer.read().decode().splitlines()
    return sum(int(float(line.rsplit(" ", 1)[1])) for line in lines if "UploadedFileManager" in line)


def test_an_upload_leaves_the_server_after_its_session_closes_on_a_quiet_server(browser):
    with served_app("--server.disconnectedSessionTTL", str(RECONNECT_SECONDS)) as served:
        url = served.url
        context = browser.new_context()
        page = context.new_page()
        open_your_data(page, url)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(SAMPLE))
        expect(page.get_by_text("Figures for sample_orders.csv")).to_be_visible()
        assert uploaded_bytes_held(url) == SAMPLE.stat().st_size

        context.close()
        deadline = time.monotonic() + RECONNECT_SECONDS + 2 * CHECK_EVERY_SECONDS + 5
        while uploaded_bytes_held(url) and time.monotonic() < deadline:
            time.sleep(1)
        assert uploaded_bytes_held(url) == 0
