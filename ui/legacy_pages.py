"""A guard against Streamlit's legacy ``pages/`` runner.

Streamlit notices the ``pages/`` folder beside ``app.py`` and, on the very first run after the server starts
(before ``st.navigation`` has been called once), opens pages the legacy way: it runs the page's *file* as the
script. A link to ``/your_data`` would then run ``pages/your_data.py`` alone, or, for a URL it cannot match, show
"Page not found". So every page's ``url_path`` is its module name, and a page module run as a script runs the whole
app instead (:func:`run_app`), which draws the sidebar and picks the same page through ``st.navigation``.

Still needed with Streamlit 1.67: ``ScriptRunner`` runs ``_mpa_v1`` while ``PagesManager.uses_pages_directory`` is
set, which it is from start-up whenever ``pages/`` exists, until the first ``st.navigation`` call clears it. Drop this
guard (and the ``if __name__ == "__main__"`` block of each page) once Streamlit no longer has ``_mpa_v1``.
"""

import runpy
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def run_app() -> None:
    """Run ``app.py`` in place of the page file the legacy runner opened."""
    runpy.run_path(str(APP), run_name="__main__")
