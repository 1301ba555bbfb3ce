"""Every page's url_path is its module name, and a page module run as a script runs the whole app.

Streamlit's legacy pages/ runner opens ``pages/<url_path>.py`` directly on the first run after a server start
(see ui/legacy_pages.py); these checks keep that first visit working for every page.
"""

import ast
from pathlib import Path

from tests.apptest import ROOT


def registered_pages() -> list[tuple[str, str]]:
    """(module, url_path) of every st.Page in app.py."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = []
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "Page":
            module = call.args[0].value.id
            url_path = next(k.value.value for k in call.keywords if k.arg == "url_path")
            pages.append((module, url_path))
    return pages


def test_every_page_is_registered_under_its_module_name():
    pages = registered_pages()
    assert len(pages) >= 2
    assert all(module == url_path for module, url_path in pages)


def test_every_page_module_runs_the_app_when_run_as_a_script():
    for module, _ in registered_pages():
        source = (ROOT / "pages" / f"{module}.py").read_text(encoding="utf-8")
        tree = ast.parse(source)
        guards = [node for node in tree.body if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test)]
        assert guards and "run_app()" in ast.unparse(guards[0]), f"pages/{module}.py lacks the legacy-runner guard"
        assert Path(ROOT / "pages" / f"{module}.py").exists()
