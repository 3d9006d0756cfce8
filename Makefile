# Front Lines. `make demo` and `make test` do all set-up themselves (a virtualenv in .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: demo test lint typecheck layers unit fuzz bench bench-all bench-scan clean venv system-deps basemap

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

# The import contracts in pyproject.toml ([tool.importlinter]): the layers of README's map.
layers: $(STAMP)
	$(BIN)/lint-imports --no-cache

unit: $(STAMP)
	$(BIN)/pytest -q

test: system-deps basemap lint typecheck layers unit

# The converter's property tests (tests/test_fuzz.py) with a large budget: FUZZ_EXAMPLES cases
# per property (`make test` runs 40). Prints the figures; a failure is a test failure.
FUZZ_EXAMPLES ?= 10000
fuzz: $(STAMP)
	FRONTLINES_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider \
		--hypothesis-show-statistics tests/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python benchmarks/convert_bench.py

bench-all: bench
	$(BIN)/python benchmarks/sync_bench.py
	$(BIN)/python benchmarks/site_bench.py

# `scan` of a generated multistream dump of the corpus (200 MB of XML, in .cache/scan-bench/)
# against plain bz2 decompression, with 1 and 2 Dask workers; RUNS=3 for the spread.
bench-scan: $(STAMP)
	$(BIN)/python benchmarks/scan_bench.py --mb 200 --runs $${RUNS:-1}

clean:
	rm -rf $(VENV) $(OUT) .cache .mypy_cache .pytest_cache .ruff_cache
