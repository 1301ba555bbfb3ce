"""Many people at once: N browser sessions through a typical visit, and the server's memory before, during and after.

Starts the app with its own `.streamlit/config.toml` on a free port of 127.0.0.1 and drives N headless Chromium
sessions (separate browser contexts) at the same time through four steps:

1. open the calculator (until its first card shows);
2. type a number of their own and press Calculate (until the card shows their result);
3. open "Your data" and upload the sample order log (until its summary line shows);
4. open "What if" (until its first card shows).

Prints the median and 95th percentile of each step's time for each N, against the same visit made by one session
alone just before (the baseline), and the server's resident memory (VmRSS from /proc) before the round, at its peak
and after the sessions closed and the server let them go (Streamlit keeps a closed session for
`server.disconnectedSessionTTL`, 120 s by default, in case its browser reconnects; the app lets it go within
10 s after that, see `ui/server_memory.py`). The default rounds end with a second round of 10: memory that stays at
the level of the first round of 10 is reused, not leaked.

The browsers run on the same machine as the server, so the step times measure both; the CPU seconds used by the
server process and by everything else (the browsers, mostly) in each round show which one the machine waited for.
The server's CPU seconds per visit are what a hosted server spends on each person.

Usage: .venv/bin/python bench/load.py [--sessions 1 10 25 10] [--settle 240]
"""

import argparse
import asyncio
import os
import statistics
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright, expect  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, served_app  # noqa: E402
from tests.browser.streamlit_page import metric  # noqa: E402

SAMPLE = ROOT / "retention" / "data" / "sample_orders.csv"
STEPS = ("open the calculator", "type and calculate", "upload the sample file", "open what if")
#: How long one step may take before the session counts as failed: 25 sessions share 2 cores with the server.
STEP_SECONDS = 600


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) used so far by one process (its threads included), or by the whole machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    if pid is None:
        with open("/proc/stat") as stat:
            user, nice, system, _idle, _iowait, irq, softirq = map(int, stat.readline().split()[1:8])
        return (user + nice + system + irq + softirq) / ticks
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks


class MemorySampler:
    """The resident memory of one process, read from /proc every quarter second in a background thread."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def rss(self) -> int:
        """VmRSS in bytes."""
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        raise RuntimeError(f"no VmRSS for process {self.pid}")

    def reset_peak(self) -> None:
        self.peak = self.rss()

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, self.rss())

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


async def visit(browser, url: str, session: int):
    """One person's visit; returns the seconds each step took and the still-open browser context."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(STEP_SECONDS * 1000)
    seconds = {}

    async def step(name, action):
        started = time.perf_counter()
        await action()
        seconds[name] = time.perf_counter() - started

    async def open_calculator():
        await page.goto(url)
        await expect(metric(page, "Customers lost")).to_have_text("150")

    async def calculate():
        await page.get_by_role("spinbutton", name="Customers at the end", exact=True).fill(str(1000 + session))
        await page.get_by_role("button", name="Calculate").click()
        # lost = 1,200 + 180 + 20 - (1,000 + session)
        await expect(metric(page, "Customers lost")).to_have_text(f"{400 - session:,}")

    async def upload():
        await page.get_by_role("link", name="Your data").click()
        await page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(SAMPLE))
        await expect(page.get_by_text("22,000 orders from 4,000 customers")).to_be_visible()

    async def open_what_if():
        await page.get_by_role("link", name="What if").click()
        await expect(metric(page, "Customer lifetime value")).to_be_visible()

    for name, action in zip(STEPS, (open_calculator, calculate, upload, open_what_if), strict=True):
        await step(name, action)
    return seconds, context


async def round_of(browser, url: str, sessions: int) -> list[dict[str, float]]:
    """N visits at once; every context stays open until all are done, then all close."""
    visits = await asyncio.gather(*(visit(browser, url, session) for session in range(sessions)))
    for _, context in visits:
        await context.close()
    return [seconds for seconds, _ in visits]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


async def settle(memory: MemorySampler, seconds: float) -> int:
    """Waits while the server drops closed sessions; the memory at the end."""
    await asyncio.sleep(seconds)
    return memory.rss()


async def main(rounds: list[int], settle_seconds: float) -> None:
    expect.set_options(timeout=STEP_SECONDS * 1000)
    with served_app() as served, closing(MemorySampler(served.pid)) as memory:
        url = served.url
        idle = memory.rss()
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            print(f"server idle, nothing imported yet: {megabytes(idle)}", flush=True)
            first = (await round_of(browser, url, 1))[0]
            print("first visit after start (imports, sample parsing): "
                  + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in first.items()), flush=True)
            start = await settle(memory, settle_seconds)
            print(f"after the first visit closed and settled: {megabytes(start)}", flush=True)
            print()
            print("| sessions | step | median | p95 | × one session alone |")
            print("|---:|---|---:|---:|---:|")
            memory_rows, cpu_rows = [], []
            for sessions in rounds:
                alone = (await round_of(browser, url, 1))[0]
                before = memory.rss()
                memory.reset_peak()
                started = time.perf_counter()
                server_cpu, all_cpu = cpu_seconds(served.pid), cpu_seconds()
                visits = await round_of(browser, url, sessions)
                wall = time.perf_counter() - started
                server_cpu = cpu_seconds(served.pid) - server_cpu
                other_cpu = cpu_seconds() - all_cpu - server_cpu
                peak = memory.peak
                after = await settle(memory, settle_seconds)
                for name in STEPS:
                    times = [seconds[name] for seconds in visits]
                    median = statistics.median(times)
                    print(f"| {sessions} | {name} | {median:.2f} s | {p95(times):.2f} s | "
                          f"{median / alone[name]:.1f} |", flush=True)
                cpu_rows.append((sessions, wall, server_cpu, other_cpu))
                memory_rows.append((sessions, before, peak, after))
            await browser.close()
        print()
        print("| sessions | whole round | server CPU | other CPU (browsers) | server CPU per visit |")
        print("|---:|---:|---:|---:|---:|")
        for sessions, wall, server_cpu, other_cpu in cpu_rows:
            print(f"| {sessions} | {wall:.1f} s | {server_cpu:.1f} s | {other_cpu:.1f} s | "
                  f"{server_cpu / sessions:.2f} s |")
        print()
        print(f"| sessions | memory before | peak | after {settle_seconds:.0f} s | after − before |")
        print("|---:|---:|---:|---:|---:|")
        for sessions, before, peak, after in memory_rows:
            print(f"| {sessions} | {megabytes(before)} | {megabytes(peak)} | {megabytes(after)} | "
                  f"{megabytes(after - before)} |")
        print(f"\nstarting level (after the first visit settled): {megabytes(start)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 25, 10],
                        help="sessions at once, one number per round (default 1 10 25 10)")
    parser.add_argument("--settle", type=float, default=240,
                        help="seconds to wait after a round before reading the memory again (default 240)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.sessions, arguments.settle))
