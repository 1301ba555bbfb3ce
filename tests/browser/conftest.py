"""Browser-test fixtures: the app served on a free loopback port, and Debian's Chromium driven by Playwright.

Without /usr/bin/chromium the browser tests skip with a note on how to install it, except under CI=true, where a
missing browser fails the run: CI must never pass without them (nor `make screenshots`, which sets SCREENSHOTS).

Screenshots go to a folder of the temporary directory, so that a test run leaves the tree clean; the environment
variable SCREENSHOTS names another folder (relative to the repository): `make screenshots` sets it to
docs/screenshots to refresh the README's pictures.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def screenshots_folder() -> Path:
    """Where the browser tests save screenshots: $SCREENSHOTS, else a folder of this user's own in the temp dir."""
    if chosen := os.environ.get("SCREENSHOTS"):
        return ROOT / chosen
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    return Path(tempfile.gettempdir()) / f"retention-screenshots-{user}"


SCREENSHOTS = screenshots_folder()
STARTED = time.time()
#: How long an expectation waits for the page: reruns can take seconds on a small, busy machine.
EXPECT_SECONDS = 30


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    """Say where this run's screenshots went, if it took any."""
    if SCREENSHOTS.is_dir() and any(picture.stat().st_mtime >= STARTED for picture in SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"browser-test screenshots: {SCREENSHOTS}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def written(log) -> str:
    """Everything written to an open log file so far."""
    log.seek(0)
    return log.read()


def wait_until_healthy(url: str, server: subprocess.Popen, log, seconds: float = 60) -> None:
    """Wait until the server at ``url`` answers its health check; ``log`` is the file its output goes to."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the app stopped while starting:\n{written(log)}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the app did not answer at {url} within {seconds} s:\n{written(log)}")


@dataclass(frozen=True)
class ServedApp:
    url: str
    pid: int


@contextmanager
def served_app(*options: str, script: Path | str = "app.py", root: Path = ROOT):
    """The app served by `streamlit run app.py` on a free port of 127.0.0.1 (or APP_PORT), with extra command-line
    options; ``script`` and ``root`` serve another page or another checkout (the benchmarks' baselines).

    Its output goes to a temporary file, shown if it fails to start (a pipe that nobody reads would stall the server
    once full).
    """
    port = int(os.environ.get("APP_PORT") or 0) or free_port()  # APP_PORT: a port this run was given
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", *options],
            cwd=root, stdout=log, stderr=subprocess.STDOUT, text=True,
        )
        served = ServedApp(f"http://127.0.0.1:{port}", server.pid)
        try:
            wait_until_healthy(served.url, server, log)
            yield served
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture(scope="session")
def app_url():
    """The app served for the whole test session."""
    with served_app() as served:
        yield served.url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = "Browser tests need Debian's chromium: run `sudo apt-get install -y chromium`."
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests. {message}")
        if os.environ.get("SCREENSHOTS"):
            pytest.fail(f"Refreshing the screenshots needs the browser. {message}")
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_SECONDS * 1000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
