# `make run` serves the app, `make test` runs every test; both create .venv and install what they need first.
# For developers: `make test-fast` (no browser, AppTest, slow or PostgreSQL tests), `make lint` (ruff check) and
# `make screenshots` (refreshes docs/screenshots/ from the browser tests that take them).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

# The browser tests that save screenshots (through save_full_page).
SCREENSHOT_TESTS = $(shell grep -l save_full_page tests/browser/test_*.py)

.PHONY: run test test-fast lint screenshots bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-test.txt $(VENV)/.app-installed
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

# axe-core for the accessibility browser test (tests/browser/test_axe_browser.py), from the npm registry.
AXE := .axe/node_modules/axe-core/axe.min.js
$(AXE):
	npm install --silent --no-audit --no-fund --prefix .axe axe-core@4

run: $(VENV)/.app-installed
	@echo "Serving the calculator on http://127.0.0.1:$(PORT) (Ctrl+C stops it)"
	$(BIN)/python -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true

test: $(VENV)/.test-installed $(AXE)
	$(BIN)/python -m pytest

# The inner loop: unit, property, doctest and words tests; markers in pytest.ini, apptest set by tests/markers.py.
test-fast: $(VENV)/.test-installed
	$(BIN)/python -m pytest -q -m "not browser and not apptest and not slow and not postgres"

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

# Browser screenshots go to a temporary folder unless SCREENSHOTS names one (see tests/browser/conftest.py).
screenshots: $(VENV)/.test-installed
	SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q $(SCREENSHOT_TESTS)

bench: $(VENV)/.test-installed
	$(BIN)/python bench/rerun.py
