# Two commands do everything: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The first interpreter that exists and is Python 3.12 or newer.
PYTHON = $(shell for p in python3.13 python3.12 python3; do \
	if command -v $$p >/dev/null 2>&1 && \
	   $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	   echo $$p; break; fi; done)
SCENARIO ?=

.PHONY: help run test lint format bench chromium pgbouncer migrate seed

help:
	@echo "make run    set up everything and run the app with demo data on http://127.0.0.1:8000"
	@echo "make test   set up everything, lint and run every test (browser tests included)"
	@echo "make bench  benchmark the hot paths against a bare Django view (SCENARIO=NAME for one)"

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.12 or newer is needed (looked for python3.13, python3.12, python3)."; \
		echo "Install it (for example with pyenv or your package manager) and run make again."; \
		exit 1; fi
	@echo "Setting up $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

.env:
	cp .env.example .env

migrate: $(STAMP) .env
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

run: $(STAMP) .env
	$(BIN)/python scripts/run_dev.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

chromium: $(STAMP)
	@bash scripts/ensure_chromium.sh $(BIN)

pgbouncer:
	@bash scripts/ensure_pgbouncer.sh

# The second run repeats the request-level and worker tests through PgBouncer in
# transaction pooling mode (tests/pooler.py), on the database the first one made.
test: $(STAMP) .env chromium pgbouncer lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest
	$(BIN)/pytest --through-pooler

bench: $(STAMP) .env
	@bash bench/run.sh $(SCENARIO)
