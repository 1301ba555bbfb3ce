"""The app's entry point for AppTest, opened on any page.

AppTest runs the entry point's text from a temporary folder. Run from the repository, Streamlit would see the
``pages/`` folder beside ``app.py`` and, on AppTest's reruns, take the legacy multipage path that skips
``st.navigation`` (the real server switches to ``st.navigation`` on its first run and is unaffected). The pages
are imported as modules, so they are the real ones.

Pages are ``st.Page`` objects made from functions, which ``AppTest.switch_page`` (file pages only) cannot open; a
page is opened the way a browser asks for it, by the hash of its ``url_path`` (as ``st.Page`` computes it).
"""

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

ROOT = Path(__file__).resolve().parent.parent
APP_SOURCE = (ROOT / "app.py").read_text(encoding="utf-8")


def app_test(page: str = "") -> AppTest:
    """A fresh AppTest of the whole app (sidebar, navigation) on the page with that ``url_path`` (default: home)."""
    app = AppTest.from_string(APP_SOURCE, default_timeout=60)
    if page:
        app._page_hash = calc_hash(page)
    return app


def open_page(app: AppTest, page: str) -> AppTest:
    """Switch a running AppTest to the page with that ``url_path`` (run it afterwards)."""
    app._page_hash = calc_hash(page)
    return app


def plain(markdown: str) -> str:
    """Markdown source as the reader sees it (the pages escape every special character)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def table_with(block, column: str):
    """The first table of an AppTest page or block that has that column: charts' "Show the numbers" tables come
    between the page's own tables, so their positions say nothing."""
    return next(table for table in block.dataframe if column in table.value.columns)


def metric(app: AppTest, label: str):
    """The one metric card with that label (fails when there is none, or more than one)."""
    [found] = [card for card in app.metric if card.label == label]
    return found


def open_tab(app: AppTest, key: str, label: str) -> AppTest:
    """Open the tab with that label of the tabs with that key, as a click does, and run the app: a page draws only
    its open tab."""
    app.session_state[key] = label
    return app.run()
