# Two commands: `make demo` and `make test`. Both create .venv when it is missing.
# `make docs` builds the documentation site into site/.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= demo-output
# pytest workers: both cores by default
WORKERS ?= 2

.PHONY: demo test bench lint typecheck docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# lifelines (a test-only reference) pins pandas<3 without needing it
	$(BIN)/python -m pip install --quiet --no-deps 'lifelines>=0.30'
	touch $@ $(VENV)/.runtime-installed

$(VENV)/.docs-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	touch $@ $(VENV)/.runtime-installed

demo: $(VENV)/.runtime-installed
	$(BIN)/vendoreval demo --out $(OUT)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy --strict src

# The site is built with --strict: a broken link, an unresolved reference or any other
# warning fails it. The notebooks are executed into its pages; nothing is fetched.
docs: $(VENV)/.docs-installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# tests/test_docs.py checks the site `make docs` just built (VENDOREVAL_DOCS_SITE).
test: lint typecheck docs $(VENV)/.dev-installed
	VENDOREVAL_DOCS_SITE=site $(BIN)/python -m pytest -n $(WORKERS) --benchmark-disable --nbmake -p no:cacheprovider

bench: $(VENV)/.dev-installed
	$(BIN)/python -m pytest benchmarks --benchmark-only --benchmark-columns=min,median,mean,rounds -p no:cacheprovider

clean:
	rm -rf $(VENV) $(OUT) site build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
