# Front Lines. `make demo` and `make test` do all set-up themselves (a virtualenv in .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: demo test lint typecheck unit bench bench-all clean venv system-deps basemap

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# The main job on the bundled sample: sync the sample wiki (a dump) into frontlines.db, import the
# sample territory series, build the site into $(OUT)/site and serve it on 127.0.0.1:8000
# (DEMO_SERVE=0 only builds). The Markdown + JSON entries go to $(OUT)/entries.
demo: $(STAMP) basemap
	$(BIN)/frontlines convert samples/sample-wiki.xml -o $(OUT)/entries
	$(BIN)/frontlines sync --dump samples/sample-wiki.xml
	$(BIN)/frontlines territory import samples/territory/ukraine --theatre ukraine
	$(BIN)/frontlines build -o $(OUT)/site
	@echo "Entries: $(OUT)/entries/  Site: $(OUT)/site/index.html"
	@if [ "$${DEMO_SERVE:-1}" != "0" ]; then $(BIN)/frontlines serve -o $(OUT)/site; fi

# Land outlines for the map's offline basemap: Natural Earth (public domain) as TopoJSON, from
# the npm package world-atlas, into .cache/ (not committed). Without npm the map shows only
# its graticule, and the build says so.
WORLD_ATLAS := world-atlas@2.0.2
# countries-50m.json gives the focused view its borders and country names.
basemap: .cache/world-atlas/package/land-110m.json .cache/world-atlas/package/countries-50m.json
.cache/world-atlas/package/land-110m.json .cache/world-atlas/package/countries-50m.json:
	@mkdir -p .cache/world-atlas
	@if command -v npm >/dev/null 2>&1; then \
		cd .cache/world-atlas && npm pack --silent $(WORLD_ATLAS) >/dev/null && \
		tar xzf world-atlas-*.tgz package/land-110m.json package/land-50m.json \
			package/countries-50m.json package/LICENSE && \
		rm -f world-atlas-*.tgz; \
	else echo "npm not found: the demo map will show its graticule only"; fi

# Debian packages the tests need: Chromium for the browser tests (the local MediaWiki's packages
# are installed by ../shared/scripts/mediawiki-local.sh when a test first starts it).
system-deps:
	bash scripts/install-browser.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

test: system-deps lint typecheck unit

bench: $(STAMP)
	$(BIN)/python benchmarks/convert_bench.py

bench-all: bench
	$(BIN)/python benchmarks/sync_bench.py
	$(BIN)/python benchmarks/site_bench.py

clean:
	rm -rf $(VENV) $(OUT) .cache .mypy_cache .pytest_cache .ruff_cache
