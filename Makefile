# Diet Planner: `make run` sets everything up and serves http://localhost:5001; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

API_DIR := apps/api
WEB_DIR := apps/web
VENV := $(API_DIR)/.venv
PY := $(VENV)/bin/python
CLI := $(VENV)/bin/diet-planner
PYTHON ?= python3.11
PG_ADMIN_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run serve install install-api install-web migrate load-data web test test-api test-api-sqlite \
        test-api-postgres test-tools lint lint-api lint-web test-web test-e2e bench backup restore verify-production \
        health-check clean lock openapi audit

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-18s %s\n", $$1, $$2}'

run: install migrate load-data web serve ## Install, migrate, load foods and recipes, build the web app, serve on :5001

serve: ## Serve the API and the built web app (HOST, PORT, DATABASE_URL, APP_ENV honoured)
	$(CLI) serve

install: install-api install-web ## Install pinned API and web dependencies

# The stamp makes a second `make run` skip pip entirely when the lock file has not changed.
# Every package, pip and setuptools included, comes from the hash-locked file (--require-hashes: a changed or
# substituted download fails the install); the app itself is built with that setuptools (--no-build-isolation).
$(VENV)/.installed: $(API_DIR)/requirements.lock $(API_DIR)/pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(API_DIR)/requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e $(API_DIR)
	@touch $@

install-api: $(VENV)/.installed

$(WEB_DIR)/node_modules/.installed: $(WEB_DIR)/package-lock.json $(WEB_DIR)/package.json
	cd $(WEB_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install-web: $(if $(wildcard $(WEB_DIR)/package.json),$(WEB_DIR)/node_modules/.installed)

migrate: install-api ## Apply database migrations
	$(CLI) migrate

load-data: install-api ## Load the bundled USDA foods and the recipe catalogue into an empty database
	$(CLI) load-data

WEB_SOURCES := $(shell find $(WEB_DIR)/src $(WEB_DIR)/public $(WEB_DIR)/index.html $(WEB_DIR)/vite.config.ts $(WEB_DIR)/package.json -type f 2>/dev/null)
$(WEB_DIR)/build/index.html: $(WEB_SOURCES) $(WEB_DIR)/node_modules/.installed
	cd $(WEB_DIR) && npm run build
	@touch $@

web: install-web $(if $(wildcard $(WEB_DIR)/package.json),$(WEB_DIR)/build/index.html) ## Build the web app into apps/web/build

test: install lint test-api test-web ## Run every linter and test suite (SQLite, PostgreSQL, web, browser)

lint: lint-api lint-web ## ruff, mypy, import-linter, eslint, tsc

lint-api: install-api
	cd $(API_DIR) && .venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy diet_planner && .venv/bin/lint-imports

test-api: test-tools test-api-sqlite test-api-postgres ## The API suite on SQLite, then on PostgreSQL

# promtool (Debian's prometheus package) checks the alert rules and fires them on synthetic series.
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends
test-tools:
	@command -v promtool >/dev/null || ! command -v apt-get >/dev/null || $(APT_INSTALL) prometheus >/dev/null \
	  || (apt-get update -q >/dev/null && $(APT_INSTALL) prometheus >/dev/null) \
	  || echo "promtool could not be installed: the alert-rule checks will be skipped"

test-api-sqlite: install-api
	cd $(API_DIR) && TEST_DATABASE=sqlite .venv/bin/pytest -q

# REQUIRE_POSTGRES=1 (set by .ci/run) turns "PostgreSQL unreachable" from a skip into a failure.
test-api-postgres: install-api
	cd $(API_DIR) && TEST_DATABASE=postgresql TEST_POSTGRES_ADMIN_URL=$(PG_ADMIN_URL) .venv/bin/pytest -q

lint-web: install-web
	@if [ -f $(WEB_DIR)/package.json ]; then cd $(WEB_DIR) && npm run lint && npm run typecheck; fi

test-web: install-web web ## Web unit tests, then the browser tests against the real API
	@if [ -f $(WEB_DIR)/package.json ]; then cd $(WEB_DIR) && npm test; fi
	@if [ -f $(WEB_DIR)/package.json ] && grep -q '"test:e2e"' $(WEB_DIR)/package.json; then cd $(WEB_DIR) && npm run test:e2e; fi

# wrk measures the load bench's throughput ratios (Debian's package; the ratios are skipped without it).
bench: install-api ## Benchmarks: search relevance and latency, plan panel, ratios to bare Starlette, bursts
	@command -v wrk >/dev/null || ! command -v apt-get >/dev/null || $(APT_INSTALL) wrk >/dev/null \
	  || (apt-get update -q >/dev/null && $(APT_INSTALL) wrk >/dev/null) || echo "wrk could not be installed"
	cd $(API_DIR) && .venv/bin/python -m bench

backup: install-api ## Back up the configured database (BACKUP_FILE=... to choose the file)
	$(CLI) backup $(if $(BACKUP_FILE),--output $(BACKUP_FILE))

restore: install-api ## Restore a backup: make restore BACKUP_FILE=backup_YYYYmmdd_HHMMSS.sql
	@test -n "$(BACKUP_FILE)" || (echo "usage: make restore BACKUP_FILE=<file>" >&2; exit 2)
	$(CLI) restore $(BACKUP_FILE) --yes

verify-production: install-api ## The guide's deployment verification against API_URL and WEB_URL
	$(CLI) verify

health-check: install-api ## The guide's system health check
	$(CLI) health-check

# The CI workflows' security scans; pip-audit and npm audit need their advisory services (not in `make test`).
audit: install ## Security scans: bandit, pip-audit, npm audit (high severity)
	$(PY) -m pip install --quiet bandit==1.9.4 pip-audit==2.10.1
	cd $(API_DIR) && .venv/bin/bandit -q -r diet_planner app.py -ll
	cd $(API_DIR) && .venv/bin/pip-audit -r requirements.lock --strict
	cd $(WEB_DIR) && npm audit --audit-level=high

# requirements.lock: everything, test tools included (make install, CI); requirements-prod.lock: what the image
# and Render install, no test tools, constrained to the same versions. Both carry every file's hash.
UV_VERSION := 0.13.9
lock: install-api ## Re-resolve the pinned API dependencies into the hash-locked requirements files
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(VENV)/bin/uv pip compile $(API_DIR)/pyproject.toml --extra dev --extra build --generate-hashes \
	  --python-version 3.11 -o $(API_DIR)/requirements.lock
	$(VENV)/bin/uv pip compile $(API_DIR)/pyproject.toml --extra build --generate-hashes \
	  --python-version 3.11 -c $(API_DIR)/requirements.lock -o $(API_DIR)/requirements-prod.lock

clean: ## Remove build outputs and the virtual environment (keeps var/ data)
	rm -rf $(VENV) $(WEB_DIR)/node_modules $(WEB_DIR)/build
