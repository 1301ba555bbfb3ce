"""The import rules of docs/architecture.md, read from the source: pages -> ui -> retention, and inside retention
the computing packages never reach for charts or exports.

- ``retention`` imports neither streamlit, ``ui`` nor ``pages`` (it is usable from a notebook: proven by importing
  every module with streamlit blocked);
- ``ui`` never imports ``pages``, and no page imports another (``ui.navigation`` links them);
- inside ``retention``, only ``charts`` and ``exports`` may import ``retention.charts`` or ``retention.exports``;
  every other package and flat module (``metrics``, ``io``, ``orders``, ``btyd``, ``links``, ...) imports neither;
- altair is imported only under ``retention/charts/`` and ``ui/``; reading a shared link loads no altair.

Imports under ``if TYPE_CHECKING:`` are for type checkers only and do not count.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHART_OR_EXPORT = ("retention.charts", "retention.exports")


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(source: str, package: str = "") -> set[str]:
    """Every module a source imports at run time, at any depth (``from a import b`` counts as ``a`` and ``a.b``);
    relative imports are resolved against ``package``, the importing module's package."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".") if node.level else []
            base = ".".join([*parts[: len(parts) - node.level + 1], *([node.module] if node.module else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources(folder: str) -> dict[str, set[str]]:
    """Module name -> what it imports, for every Python file under the folder."""
    modules = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        modules[name] = imports_of(path.read_text(encoding="utf-8"), package)
    return modules


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def breaches(modules: dict[str, set[str]]) -> list[str]:
    """Every import that breaks a rule, as "importer -> imported"."""
    found = []
    for importer, imported in modules.items():
        for name in sorted(imported):
            layer = importer.split(".")[0]
            if layer == "retention" and (within(name, "streamlit") or within(name, "ui") or within(name, "pages")):
                found.append(f"{importer} -> {name}")
            if layer == "ui" and within(name, "pages"):
                found.append(f"{importer} -> {name}")
            if layer == "pages" and within(name, "pages") and not within(name, importer):
                found.append(f"{importer} -> {name}")
            allowed_up = any(within(importer, package) for package in CHART_OR_EXPORT)
            if layer == "retention" and not allowed_up and any(within(name, package) for package in CHART_OR_EXPORT):
                found.append(f"{importer} -> {name}")
            if within(name, "altair") and not (within(importer, "retention.charts") or layer == "ui"):
                found.append(f"{importer} -> {name}")
    return found


def test_the_whole_tree_keeps_the_import_rules():
    modules = {**sources("retention"), **sources("ui"), **sources("pages")}
    assert len(modules) > 40
    assert breaches(modules) == []


@pytest.mark.parametrize(("importer", "source"), [
    ("retention.btyd.forecast", "import streamlit as st"),
    ("retention.io.readers", "from retention.charts.orders import cohort_chart"),
    ("retention.links", "def f():\n    from retention.exports import neutralise"),
    ("retention.metrics.computing", "import altair as alt"),
    ("ui.results", "from pages import calculator"),
    ("pages.what_if", "from pages.calculator import render"),
    ("pages.forecast", "import altair as alt"),
])
def test_each_rule_catches_its_breach(importer, source):
    assert breaches({importer: imports_of(source)}) != []


def test_relative_imports_are_resolved():
    assert "retention.charts.orders" in imports_of("from ..charts.orders import cohort_chart", "retention.io")
    assert "retention.exports" in imports_of("from .. import exports", "retention.btyd")
    assert breaches({"retention.io.readers": imports_of("from ..charts import orders", "retention.io")}) != []


def test_type_checking_imports_do_not_count():
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import altair as alt\n"
    assert breaches({"retention.exports.report": imports_of(source)}) == []
    assert breaches({"retention.exports.report": imports_of("import altair")}) != []


BLOCK_STREAMLIT = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "streamlit" or name.startswith("streamlit."):
            raise ImportError("streamlit is blocked")
sys.meta_path.insert(0, Block())
import importlib, pkgutil, retention
for module in pkgutil.walk_packages(retention.__path__, "retention."):
    importlib.import_module(module.name)
print(retention.compute_metrics({"customers_start": 100, "customers_end": 99, "new_customers": 20})
      ["retention_rate"].formatted)
"""


def test_retention_imports_without_streamlit():
    done = subprocess.run([sys.executable, "-c", BLOCK_STREAMLIT], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "79.0%"


def test_the_block_really_blocks_streamlit():
    code = BLOCK_STREAMLIT.replace("import importlib, pkgutil, retention", "import streamlit")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "streamlit is blocked" in done.stderr


def test_reading_a_shared_link_loads_no_chart_library():
    code = ("import sys, retention.links\n"
            "retention.links.decode({'v': '1', 'customers_start': '100'})\n"
            "print(sorted(name for name in sys.modules if name.split('.')[0] in ('altair', 'vl_convert')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
