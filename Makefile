# opsreport — the two commands that matter are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test
WORKSPACE ?= demo
PORT ?= 8000

.PHONY: demo test lint serve bench bench-large clean help

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TESTSTAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(STAMP)  ## create .venv, write the demo workspace into ./demo, build its site
	$(BIN)/opsreport demo --workspace $(WORKSPACE)

TEST_WORKERS ?= 2
test: $(TESTSTAMP)  ## install what tests need and run the whole suite (on both cores)
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

lint: $(TESTSTAMP)  ## ruff (lint + format check), mypy and the import contract (lint-imports)
	$(BIN)/ruff check generator tests scripts
	$(BIN)/ruff format --check generator tests scripts
	$(BIN)/mypy generator
	$(BIN)/lint-imports --no-cache

serve: $(STAMP)  ## serve the demo site on http://127.0.0.1:8000/
	$(BIN)/opsreport serve --workspace $(WORKSPACE) --port $(PORT)

bench: $(STAMP)  ## time the demo build: cold, a new day, nothing new, x raw mkdocs; memory, pages
	$(BIN)/python scripts/bench.py

bench-large: $(STAMP)  ## time a 5,000-product x 730-day store: first build, a new day, memory, size
	$(BIN)/python scripts/bench_large.py

clean:  ## remove the demo workspace and caches (keeps .venv)
	rm -rf demo .pytest_cache .ruff_cache .mypy_cache
