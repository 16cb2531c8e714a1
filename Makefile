# pactmap — the two commands are `make run` and `make test`; see README.md.
# Stamp files make every target fast when nothing changed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
ARTIFACTS := test-artifacts
HOST ?= 127.0.0.1
PORT ?= 8000

HAS_WEBUI := $(wildcard webui/package.json)
WEBUI_DEPS := webui/node_modules/.installed
# Two bundles share webui/dist: production (make webui; make run serves it) and the test build
# (make webui-test: Vite mode testhooks, which puts window.__pactmap there for tests/webui).
# Each build empties dist/, so the stamp of the other one goes with it.
WEBUI_DIST := webui/dist/.production
WEBUI_TEST_DIST := webui/dist/.testhooks
# npm run generate writes src/generated/ from these (endpoints from graph/model.py).
WEBUI_GEN_INPUTS := api/schema.graphql graph/model.py webui/endpoints.py webui/codegen.ts
WEBUI_SRC := $(shell find webui -path webui/node_modules -prune -o -path webui/dist -prune \
	-o -type f \( -name '*.ts' -o -name '*.tsx' -o -name '*.css' -o -name '*.html' \
	-o -name '*.json' -o -name '*.mjs' -o -name '*.svg' \) -not -path 'webui/src/generated/*' \
	-print 2>/dev/null)

.PHONY: run test system-deps messages test-python bench neo4j check webui webui-test install typecheck-links schema clean distclean

install: $(INSTALLED)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

ifneq ($(HAS_WEBUI),)
webui: $(WEBUI_DIST)

$(WEBUI_DEPS): webui/package.json webui/package-lock.json
	cd webui && npm ci --no-audit --no-fund
	touch $@

$(WEBUI_DIST): $(INSTALLED) $(WEBUI_DEPS) $(WEBUI_SRC) $(WEBUI_GEN_INPUTS)
	cd webui && PACTMAP_PYTHON=../$(PY) npm run build
	touch $@

webui-test: $(WEBUI_TEST_DIST)

$(WEBUI_TEST_DIST): $(INSTALLED) $(WEBUI_DEPS) $(WEBUI_SRC) $(WEBUI_GEN_INPUTS)
	cd webui && PACTMAP_PYTHON=../$(PY) npm run build:test
	touch $@
else
webui webui-test:
	@echo "no webui/package.json yet: nothing to build"
endif

run: install webui
	$(VENV)/bin/pactmap demo
	$(VENV)/bin/pactmap serve --host $(HOST) --port $(PORT)

# The whole suite, Neo4j and browser tiers included. tests/check_tiers.py (loaded as a pytest
# plugin) counts the PASSED tests of each tier; the run fails if a tier had none.
# Chromium, Java, Maven: installed through apt-get when missing (or the command to run is printed).
system-deps:
	bash .ci/system-deps

test: system-deps install webui-test
ifneq ($(HAS_WEBUI),)
	cd webui && PACTMAP_PYTHON=../$(PY) npm run test --if-present
endif
	@mkdir -p $(ARTIFACTS)
	# Fetch Neo4j (Maven) and compile its launcher before pytest, outside any test's timeout.
	$(PY) -m tests.neo4j.server --fetch-only
	$(PY) -m pytest -p tests.check_tiers --junitxml=$(ARTIFACTS)/junit.xml $(PYTEST_ARGS); \
	status=$$?; \
	$(PY) -m tests.check_tiers $(ARTIFACTS)/tiers.json || status=1; \
	exit $$status

bench: install webui-test
	$(PY) -m tests.neo4j.server --fetch-only
	$(PY) -m tests.bench $(BENCH_ARGS)

# Extract every text marked for people (_, N_, ngettext, templates) and merge it into each
# language's catalog (graph/locale/<lang>/LC_MESSAGES/pactmap.po); then translate the new entries.
messages: install
	$(VENV)/bin/pybabel extract -F graph/locale/babel.cfg -k N_ -k _ -k ngettext:1,2 \
		--no-location --sort-output --project pactmap -o graph/locale/pactmap.pot .
	$(VENV)/bin/pybabel update -i graph/locale/pactmap.pot -d graph/locale -D pactmap \
		--no-fuzzy-matching --ignore-obsolete

schema: install
	$(PY) -m pactmap.api.schema

neo4j: install
	$(PY) -m tests.neo4j.server

typecheck-links:
	@mkdir -p build/typecheck/pactmap
	@for d in graph api analysis seeds webui; do ln -sfn ../../../$$d build/typecheck/pactmap/$$d; done

check: install typecheck-links $(if $(HAS_WEBUI),$(WEBUI_DEPS))
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	MYPYPATH=build/typecheck $(VENV)/bin/mypy --strict -p pactmap.graph -p pactmap.analysis -p pactmap.api
ifneq ($(HAS_WEBUI),)
	cd webui && PACTMAP_PYTHON=../$(PY) npm run typecheck --if-present
	cd webui && npm run lint --if-present
endif

clean:
	rm -rf build webui/dist $(ARTIFACTS) bench-results .pytest_cache .mypy_cache .ruff_cache
	find . -name __pycache__ -not -path './.venv/*' -not -path './webui/node_modules/*' \
		-prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) webui/node_modules *.egg-info
