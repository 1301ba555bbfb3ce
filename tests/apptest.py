"""The app's entry point for AppTest.

AppTest runs the entry point's text from a temporary folder. Run from the repository, Streamlit would see the
``pages/`` folder beside ``app.py`` and, on AppTest's reruns, take the legacy multipage path that skips
``st.navigation`` (the real server switches to ``st.navigation`` on its first run and is unaffected). The pages
are imported as modules, so they are the real ones.
"""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP_SOURCE = (ROOT / "app.py").read_text(encoding="utf-8")


def app_test() -> AppTest:
    """A fresh AppTest of the whole app (sidebar, navigation, default page), not yet run."""
    return AppTest.from_string(APP_SOURCE, default_timeout=60)
