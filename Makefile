# The two commands a newcomer needs:
#   make run    install the catalog and serve it on http://127.0.0.1:8000/ (embedded SQLite database)
#   make test   install what the tests need and run the whole suite
# Everything is installed into ./.venv and ./node_modules; nothing global except Chromium for the browser
# tests (Debian's package, installed by scripts/install-chromium when missing and we are root).

VENV ?= .venv
PY := $(VENV)/bin/python
# A working npm if there is one; else npm through corepack (ships with Node.js). The package mirror here
# sends no registry signatures, so corepack's signature check is turned off for that one download.
NPM := $(shell npm --version >/dev/null 2>&1 && echo npm || echo "COREPACK_INTEGRITY_KEYS=0 corepack npm@10.9.2")
PYTEST_ARGS ?=

.PHONY: run install install-test test check lint typecheck migrations-check bench clean

run: install
	$(VENV)/bin/tiltak serve

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	@if command -v node >/dev/null 2>&1; then \
		$(NPM) ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "Node.js not found: the design system's CSS is not installed; pages work but are unstyled." >&2; \
	fi

install-test: install $(VENV)/.installed-test
	./scripts/install-chromium

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test]'
	touch $@

test: install-test
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

check: install-test lint typecheck migrations-check

lint:
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

typecheck:
	$(VENV)/bin/mypy src

migrations-check:
	TILTAK_DATA_DIR=$$(mktemp -d) $(VENV)/bin/django-admin makemigrations --check --dry-run --settings=tiltak.settings

bench: install-test
	$(PY) benchmarks/import_throughput.py
	$(PY) benchmarks/web_latency.py
	$(PY) benchmarks/relevance/run.py --set all

clean:
	rm -rf $(VENV) node_modules test-artifacts
