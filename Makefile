# Solidarity: `make run` serves the site, `make test` runs every test.
# Needs only Python 3.11 and make; everything else goes into .venv.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-18s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

# axe-core for the browser tests' accessibility checks (package-lock.json pins it).
# Without npm (or Chromium) those checks are skipped locally; CI requires both.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the browser accessibility checks will be skipped."; \
	fi

install: $(VENV)/.installed ## Create .venv and install the runtime requirements

# The worker sends mail and runs the periodic tasks; it stops with the server
# (Ctrl-C). It does not reload on code changes: press Ctrl-C and run again.
run: $(VENV)/.installed ## Serve the site with the seed content at http://127.0.0.1:8000/, and a worker
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py import_seeds --if-empty
	@DJANGO_DEBUG=1 $(PY) manage.py worker --no-reload & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST)

worker: $(VENV)/.installed ## Run a task worker alone (mail, mailings, reminders, clean-ups)
	DJANGO_DEBUG=1 $(PY) manage.py worker

seed: $(VENV)/.installed ## Import (or re-import) the seed documents
	DJANGO_DEBUG=1 $(PY) manage.py import_seeds

test: $(VENV)/.installed-test node_modules/.installed ## Run the whole test suite (DATABASE_URL picks the database)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test ## ruff check, format check and the import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

migrations-check: $(VENV)/.installed ## Fail if models and migrations differ
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

messages: $(VENV)/.installed ## Update the catalogues from the sources, then compile them (needs GNU gettext)
	DJANGO_DEBUG=1 $(PY) manage.py makemessages --all --no-obsolete --add-location=file \
		--ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench --ignore=staticfiles
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

messages-check: $(VENV)/.installed ## Fail if a catalogue is out of date, Spanish incomplete or a .mo stale
	PY=$(PY) .ci/messages-check

superuser: $(VENV)/.installed ## Create an admin account (migrates first, so it works before `make run`)
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py createsuperuser

.PHONY: help install run worker seed test lint migrations-check messages messages-check superuser
