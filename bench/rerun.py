"""Server-side time of a calculator rerun against the same widgets with no computation, in the same run.

Both are run through Streamlit's AppTest (the same script runner the server uses, without the network):

- calculator: the page as it is, computing every metric, card and chart on each rerun;
- baseline: the same navigation, sidebar, form, cards, charts and sharing/export widgets, made once before the
  timing starts and only drawn on each rerun, so it measures Streamlit's own cost of the same page;
- widgets only: the sidebar and the form, for scale.

Each rerun submits the form with a changed number. Prints the median and quartiles and the ratio calculator /
baseline; the target is at most 1.5 (our own work adds at most 50% to Streamlit's own cost).

Usage: .venv/bin/python bench/rerun.py [--reruns 30]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.apptest import APP_SOURCE  # noqa: E402

WIDGETS_SOURCE = """
import streamlit as st
from pages.calculator import input_form
from ui.settings import render_sidebar

st.set_page_config(layout="wide")
render_sidebar()
input_form({})
"""

BASELINE_SOURCE = """
import streamlit as st
from pages.calculator import draw, draw_compare_and_share
from ui.navigation import PAGE_ICONS, app_pages
from ui.results import calculator_view
from retention.metrics.example import EXAMPLE_INPUTS
from retention.periods import PeriodSettings
from ui.settings import render_sidebar


def drawn_from_what_was_made_once():
    draw(st.session_state.made_once)
    draw_compare_and_share(st.session_state.made_once, EXAMPLE_INPUTS, PeriodSettings())


if "made_once" not in st.session_state:
    st.session_state.made_once = calculator_view(EXAMPLE_INPUTS, PeriodSettings())
st.set_page_config(layout="wide")
pages = {name: (lambda: None) for name in PAGE_ICONS} | {"calculator": drawn_from_what_was_made_once}
navigation = st.navigation(app_pages(pages))
render_sidebar()
navigation.run()
"""


def time_reruns(source: str, reruns: int) -> list[float]:
    """Seconds per rerun: the form is submitted with customers at the end changed each time."""
    app = AppTest.from_string(source, default_timeout=120).run()
    seconds = []
    for step in range(reruns):
        app.number_input(key="customers_end").set_value(1250 + step % 50)
        [submit] = [button for button in app.button if button.label == "Calculate"]
        started = time.perf_counter()
        submit.click().run()
        seconds.append(time.perf_counter() - started)
        assert not app.exception, app.exception
    return seconds


def describe(seconds: list[float]) -> str:
    low, median, high = statistics.quantiles(seconds, n=4)
    return f"median {1000 * median:7.1f} ms  (quartiles {1000 * low:.1f}-{1000 * high:.1f} ms)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=30)
    reruns = parser.parse_args().reruns
    time_reruns(APP_SOURCE, 3)  # warm imports and caches for both
    widgets = time_reruns(WIDGETS_SOURCE, reruns)
    baseline = time_reruns(BASELINE_SOURCE, reruns)
    calculator = time_reruns(APP_SOURCE, reruns)
    ratio = statistics.median(calculator) / statistics.median(baseline)
    print(f"reruns per page: {reruns}")
    print(f"widgets only (sidebar and form):               {describe(widgets)}")
    print(f"baseline (same page drawn, nothing computed):  {describe(baseline)}")
    print(f"calculator (everything computed on each rerun): {describe(calculator)}")
    print(f"ratio calculator / baseline: {ratio:.2f}  (target <= 1.50)")


if __name__ == "__main__":
    main()
