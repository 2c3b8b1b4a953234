# caseflow: make run (fresh clone to a server on http://127.0.0.1:5000), make test, make lint, make bench.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=
# The suite runs in this many processes (pytest-xdist; each has its own SQLite file or
# PostgreSQL database, its own Chromium and its own keys): the CI machine has 2 cores.
# TEST_WORKERS=0 runs it in one process (pdb, print debugging).
TEST_WORKERS ?= 2
# The PostgreSQL half runs at 23:30 UTC on the last day of next month (tests/clock.py):
# a month boundary, already the next day in Paris and Tripoli. Override: make test PG_TODAY=...
PG_TODAY ?= $(shell $(BIN)/python tests/clock.py)

.PHONY: install translations run test test-sqlite test-postgresql lint bench extract-messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $(STAMP)

install: $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --statistics -d caseflow/translations

# Where `make run` listens: this machine only by default; HOST=0.0.0.0 serves the LAN
# (a team's phones on the clinic's network), e.g. make run HOST=0.0.0.0 PORT=8000.
HOST ?= 127.0.0.1
PORT ?= 5000
# The address the others reach: for 0.0.0.0 (every interface), the machine's first LAN
# address (the one its default route leaves from; no packet is sent), else HOST itself.
LAN_ADDRESS = $(shell $(PYTHON) -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.connect(("192.0.2.1", 9)); print(s.getsockname()[0])' 2>/dev/null || hostname -I 2>/dev/null | cut -d" " -f1)
PUBLIC_HOST = $(if $(filter 0.0.0.0,$(HOST)),$(or $(LAN_ADDRESS),127.0.0.1),$(HOST))

# The demo's certificates point their QR codes at this server, as the phones reach it
# (an explicit CASEFLOW_PUBLIC_URL, e.g. the HTTPS address of a proxy, wins).
run: export CASEFLOW_PUBLIC_URL ?= http://$(PUBLIC_HOST):$(PORT)
run: install translations
	$(BIN)/flask --app caseflow init
	$(BIN)/flask --app caseflow demo $(if $(DEMO_PASSWORD),--password "$(DEMO_PASSWORD)")
	@echo "caseflow on $$CASEFLOW_PUBLIC_URL (listening on $(HOST):$(PORT))"
	$(BIN)/flask --app caseflow run --host $(HOST) --port $(PORT)

# The whole suite on SQLite at the real date, then on PostgreSQL (required under CI=true)
# with the clock moved to PG_TODAY: no test may depend on the day it runs.
test: install translations
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgresql

test-sqlite:
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-postgresql:
	@if $(BIN)/python tests/pg_available.py "$(PG_TEST_URL)"; then \
		echo "== the same suite on PostgreSQL, at $(PG_TODAY) UTC =="; \
		CASEFLOW_TEST_DATABASE_URL="$(PG_TEST_URL)" $(BIN)/pytest -n $(TEST_WORKERS) --today="$(PG_TODAY)" $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is required under CI and is not reachable at $(PG_TEST_URL)"; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(PG_TEST_URL): the PostgreSQL run was skipped."; \
	fi

# ruff, then the import contracts of pyproject.toml (the layers: docs/ARCHITECTURE.md).
lint: install
	$(BIN)/ruff check caseflow tests bench migrations
	$(BIN)/lint-imports

bench: install translations
	command -v wrk >/dev/null || (apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -o caseflow/translations/messages.pot .
	$(BIN)/pybabel update -i caseflow/translations/messages.pot -d caseflow/translations --no-fuzzy-matching
