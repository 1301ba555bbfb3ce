"""Every page's url_path is its module name, and a page module run as a script runs the whole app.

Streamlit's legacy pages/ runner opens ``pages/<url_path>.py`` directly on the first run after a server start
(see ui/legacy_pages.py); these checks keep that first visit working for every page.
"""

import ast
from pathlib import Path

from tests.apptest import ROOT
from ui.navigation import PAGE_ICONS


def registered_pages() -> list[tuple[str, str]]:
    """(module, url_path) of every page app.py hands to ui.navigation.app_pages: ``{"what_if": what_if.render}``."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    [call] = [node for node in ast.walk(tree)
              if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "app_pages"]
    [renderers] = call.args
    return [(value.value.id, key.value) for key, value in zip(renderers.keys, renderers.values, strict=True)]


def test_every_page_is_registered_under_its_module_name():
    pages = registered_pages()
    assert [url_path for _, url_path in pages] == list(PAGE_ICONS)
    assert all(module == url_path for module, url_path in pages)


def test_every_page_module_runs_the_app_when_run_as_a_script():
    for module, _ in registered_pages():
        source = (ROOT / "pages" / f"{module}.py").read_text(encoding="utf-8")
        tree = ast.parse(source)
        guards = [node for node in tree.body if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test)]
        assert guards and "run_app()" in ast.unparse(guards[0]), f"pages/{module}.py lacks the legacy-runner guard"
        assert Path(ROOT / "pages" / f"{module}.py").exists()
