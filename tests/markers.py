"""Marks the AppTest files with ``apptest``, so that `make test-fast` can leave them out (``-p tests.markers``).

A test file runs the app through Streamlit's AppTest when it is a ``tests/test_app_*.py`` file or uses
``streamlit.testing`` or the ``app_test`` helper of ``tests/apptest.py``. The other markers that `make test-fast`
deselects: ``browser`` is set on every test under ``tests/browser/`` by tests/browser/conftest.py, and ``slow`` by
hand (``pytestmark``) on the tests that take minutes. All three are registered in pytest.ini.
"""

from functools import cache
from pathlib import Path

import pytest


@cache
def uses_apptest(path: Path) -> bool:
    """Whether the test file at ``path`` runs the app through AppTest."""
    if path.name.startswith("test_app_"):
        return True
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "streamlit.testing" in source or "app_test(" in source


def pytest_collection_modifyitems(items):
    for item in items:
        path = Path(str(item.fspath))
        if path.suffix == ".py" and path.name.startswith("test_") and uses_apptest(path):
            item.add_marker(pytest.mark.apptest)
