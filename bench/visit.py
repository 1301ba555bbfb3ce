"""What one typical visit costs the server, against a bare one-line Streamlit page's visit in the same run.

Serves the app (and then a page that is only ``st.write("Hello")``) with ``streamlit run`` on a free port of
127.0.0.1 and drives a fresh headless Chromium per visitor (``/usr/bin/chromium``, a new browser process each
time). The visit:

1. open the calculator, until its first card shows (the "first render");
2. "What if" from the sidebar, until its first card shows;
3. "Forecast" from the sidebar, until its heading shows;
4. "Your data" from the sidebar, "Try it with sample data", until the figures of the sample show.

The first visitor warms the server's imports and caches and is not counted; the next visitors (``--visits``, 3 by
default) are measured: the server's CPU seconds (user + system of the streamlit process, from /proc/<pid>/stat,
read before the browser starts and after the server has gone quiet), and the time from asking for the calculator to
its first card. The bare page is served and visited the same way just before, as the baseline of Streamlit's own
cost of a visit. Prints the medians and the ratios; targets (issue 15): at most 0.4 CPU seconds a visit and a first
render within 0.6 s.

``--root`` serves the app of another checkout (an earlier commit, for a before/after in the same run).
``--pages`` also waits for the server to go quiet after each page and prints each page's share of the visit (the
waits add windows in which the server's background work may be counted). ``--cached-assets`` gives every visitor's
browser the same profile, filled by the warming visit, so Streamlit's JavaScript and fonts (served "immutable")
come from the browser's cache: the server's cost of a returning visitor, without the static files a fresh browser
fetches (about 2 ms of server CPU each, 160 files for this app's four pages, 62 for the bare page).

Usage: .venv/bin/python bench/visit.py [--visits 3] [--root PATH] [--pages] [--cached-assets]
"""

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, served_app  # noqa: E402

BARE_PAGE = 'import streamlit as st\n\nst.write("Hello")\n'


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by one process, its threads included."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def quiet_cpu(pid: int, still: float = 0.6) -> float:
    """The process's CPU seconds once it has used none for ``still`` seconds (its reruns are over)."""
    last = cpu_seconds(pid)
    while True:
        time.sleep(still)
        now = cpu_seconds(pid)
        if now == last:
            return now
        last = now


def first_card(page) -> None:
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()


PAGES = ("calculator", "what if", "forecast", "your data")


def typical_visit(page, url: str, mark=lambda: None) -> float:
    """The four pages; returns the seconds from asking for the calculator to its first card. ``mark`` is called
    after each page."""
    started = time.perf_counter()
    page.goto(url)
    first_card(page)
    first_render = time.perf_counter() - started
    mark()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("link", name="What if", exact=True).click()
    expect(page.get_by_role("heading", name="What if you kept more customers?")).to_be_visible()
    first_card(page)
    mark()
    sidebar.get_by_role("link", name="Forecast", exact=True).click()
    expect(page.get_by_role("heading", name="Forecast: what each customer is likely to be worth")).to_be_visible()
    mark()
    sidebar.get_by_role("link", name="Your data", exact=True).click()
    page.get_by_role("button", name="Try it with sample data").click()
    expect(page.get_by_text("Figures for sample data").first).to_be_visible()
    mark()
    return first_render


def bare_visit(page, url: str, mark=lambda: None) -> float:
    started = time.perf_counter()
    page.goto(url)
    expect(page.get_by_text("Hello")).to_be_visible()
    mark()
    return time.perf_counter() - started


def measure(playwright, served, visit, visits: int, pages: bool = False, profile: Path | None = None):
    """(server CPU seconds, first render seconds, server CPU seconds per page) of each measured visit, after one
    warming visit; per page only with ``pages``. With a ``profile`` folder, every browser starts from it (its
    cache holds what the earlier visits fetched)."""
    cpu, render, per_page = [], [], []
    for number in range(visits + 1):
        before = quiet_cpu(served.pid)
        marks = [before]

        def mark(marks=marks) -> None:
            if pages:
                marks.append(quiet_cpu(served.pid))

        if profile is None:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
        else:
            browser = context = playwright.chromium.launch_persistent_context(
                profile, executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            page.set_default_timeout(60_000)
            seconds = visit(page, served.url, mark)
        finally:
            browser.close()
        used = quiet_cpu(served.pid) - before
        if number:  # the first visit warmed the imports
            cpu.append(used)
            render.append(seconds)
            per_page.append([after - earlier for earlier, after in itertools.pairwise(marks)])
    return cpu, render, per_page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app.py is served")
    parser.add_argument("--pages", action="store_true", help="also the server CPU of each page")
    parser.add_argument("--cached-assets", action="store_true",
                        help="browsers share one profile: Streamlit's static files come from the browser's cache")
    arguments = parser.parse_args()
    visits, root, pages = arguments.visits, arguments.root.resolve(), arguments.pages
    expect.set_options(timeout=60_000)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare.py"
        bare.write_text(BARE_PAGE, encoding="utf-8")
        profiles = {name: Path(folder) / name if arguments.cached_assets else None for name in ("bare", "app")}
        with served_app(script=bare) as served:
            bare_cpu, bare_render, _ = measure(playwright, served, bare_visit, visits, profile=profiles["bare"])
        with served_app(root=root) as served:
            app_cpu, app_render, app_pages = measure(playwright, served, typical_visit, visits, pages,
                                                     profiles["app"])
    cpu, base = statistics.median(app_cpu), statistics.median(bare_cpu)
    render = statistics.median(app_render)
    print(f"app served from {root}{'; static files from the browsers cache' if arguments.cached_assets else ''}")
    print(f"measured visits each: {visits}, after one warming visit; load average {os.getloadavg()[0]:.2f}")
    print(f"bare page visit:   server CPU {base:.3f} s (each: {', '.join(f'{s:.2f}' for s in bare_cpu)}), "
          f"first render {statistics.median(bare_render):.3f} s")
    print(f"typical visit:     server CPU {cpu:.3f} s (each: {', '.join(f'{s:.2f}' for s in app_cpu)}), "
          f"calculator's first render {render:.3f} s (each: {', '.join(f'{s:.2f}' for s in app_render)})")
    if pages:
        for name, used in zip(PAGES, zip(*app_pages, strict=True), strict=True):
            print(f"  {name + ':':12} server CPU {statistics.median(used):.3f} s (each: "
                  f"{', '.join(f'{s:.2f}' for s in used)})")
    print(f"ratio typical / bare: {cpu / base if base else float('inf'):.1f}")
    print(f"targets: server CPU <= 0.400 s: {'met' if cpu <= 0.4 else 'not met'} ({cpu:.3f} s); "
          f"first render <= 0.600 s: {'met' if render <= 0.6 else 'not met'} ({render:.3f} s)")


if __name__ == "__main__":
    main()
