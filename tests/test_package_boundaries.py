"""retention is usable without streamlit: importing every one of its modules with streamlit blocked must work."""

import subprocess
import sys

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
    assert done.stdout.strip() == "79.0 %"


def test_the_block_really_blocks_streamlit():
    code = BLOCK_STREAMLIT.replace("import importlib, pkgutil, retention", "import streamlit")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "streamlit is blocked" in done.stderr
