# Two commands matter: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test install lint services test-sqlite test-postgres browser-deps bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/koppel dev

# Debian's Chromium for the browser tests; Playwright never downloads a browser here.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/bandit -q -c pyproject.toml -r algorithms matcher webapp fixtures tools
	$(BIN)/python tools/audit_dependencies.py
	$(MAKE) --no-print-directory lint-deploy

# The Dockerfile (hadolint, shipped in a wheel) and compose.yaml against the Compose
# specification's schema (vendored in check-jsonschema): offline, no Docker needed.
.PHONY: lint-deploy
lint-deploy: install
	$(BIN)/hadolint Dockerfile
	$(BIN)/check-jsonschema --builtin-schema vendor.compose-spec compose.yaml

# PostgreSQL and Redis must answer before the full suite starts (no silent skips).
services: install
	$(BIN)/python tools/check_services.py $(PG_URL) $(REDIS_URL)

# SQLite alone, for a machine without PostgreSQL or Redis: their tests are skipped.
test-sqlite: install browser-deps
	$(BIN)/pytest

test-postgres: install
	KOPPEL_TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "db or postgres_only"

test: services lint
	KOPPEL_TEST_REDIS_URL=$(REDIS_URL) $(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# The figures in docs/benchmarks.md (minutes; needs PostgreSQL and Redis like the tests).
bench: install
	$(BIN)/python bench/solvers.py --sizes small,medium
	$(BIN)/python bench/match.py --repeat 3
	KOPPEL_BENCH_DATABASE_URL=$(PG_URL) $(BIN)/python bench/proposals_page.py
	$(BIN)/python bench/after_match.py --database-url $(PG_URL)
	$(BIN)/python bench/load.py --seconds 60 --kill
	KOPPEL_TEST_DATABASE_URL=$(PG_URL) $(BIN)/python bench/races.py --runs 200

clean:
	rm -rf $(VENV) instance test-output .pytest_cache .hypothesis
