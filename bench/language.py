"""Server-side time of switching the app's language against a calculator rerun, in the same run (issue 17).

Both go through Streamlit's AppTest on the calculator with the worked example:

- calculator rerun: the form submitted with customers at the end changed (bench/rerun.py's step);
- language switch: the sidebar's language changed (en, nb, el, lt, ja in turn), which reruns the page in the new
  language: every word, number and chart again.

The first switch to each language also reads its catalogue (once per process); it is shown apart. Prints the
medians and the ratio switch / calculator rerun; the target is at most 1.2.

Usage: .venv/bin/python bench/language.py [--reruns 30]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from bench.rerun import describe, time_reruns  # noqa: E402
from retention.words import LANGUAGES  # noqa: E402
from tests.apptest import APP_SOURCE  # noqa: E402


def time_switches(reruns: int) -> tuple[list[float], list[float]]:
    """Seconds per language switch: the first switch to each language, then the later ones."""
    app = AppTest.from_string(APP_SOURCE, default_timeout=120).run()
    order = [*LANGUAGES[1:], LANGUAGES[0]]
    first, later = [], []
    for step in range(len(order) + reruns):
        language = order[step % len(order)]
        started = time.perf_counter()
        app.sidebar.selectbox(key="language").set_value(language).run()
        (first if step < len(order) - 1 else later).append(time.perf_counter() - started)
        assert not app.exception, app.exception
    return first, later


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=30)
    reruns = parser.parse_args().reruns
    time_reruns(APP_SOURCE, 3)  # warm imports and caches
    calculator = time_reruns(APP_SOURCE, reruns)
    first, switches = time_switches(reruns)
    ratio = statistics.median(switches) / statistics.median(calculator)
    print(f"reruns: {reruns}")
    print(f"calculator rerun (form submitted):   {describe(calculator)}")
    print(f"first switch to each language:       {', '.join(f'{1000 * s:.0f} ms' for s in first)}")
    print(f"language switch (catalogues loaded): {describe(switches)}")
    print(f"ratio switch / calculator rerun: {ratio:.2f}  (target <= 1.20)")


if __name__ == "__main__":
    main()
