# Concertation portal — `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
DEMO_PASSWORD ?= demo-concertation
PORT ?= 8000
# The address links in mail, calendars and the data files point to; pages link
# to the server that answered them anyway. Set it when HOST is 0.0.0.0.
SITE_URL ?= http://$(HOST):$(PORT)
RUN_MANAGE = SITE_URL='$(SITE_URL)' $(BIN)/python manage.py
# Two workers: the machines this runs on have two cores.
PYTEST_ARGS ?= -n 2

.DEFAULT_GOAL := help
.PHONY: help install run test lint format check imports migrations messages lock clean bench \
	loadtest prod-smoke backup restore-drill audit

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the locked dependencies

run: install ## Set up SQLite, load the real fixtures and demo data, serve on http://127.0.0.1:8000 (PORT=...)
	$(RUN_MANAGE) migrate --noinput
	$(RUN_MANAGE) load_network
	$(RUN_MANAGE) seed_demo --mhos 300 --years 10 --seed 42 \
		--with-accounts --password $(DEMO_PASSWORD)
	$(RUN_MANAGE) build_data_files
	$(RUN_MANAGE) publish_edition --demo
	$(RUN_MANAGE) runserver $(HOST):$(PORT)

test: install ## Run the whole test suite (SQLite, or DATABASE_URL / REDIS_URL when set)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations: install ## Fail when a model change has no migration
	$(BIN)/python manage.py makemigrations --check --dry-run

imports: install ## Check the import contracts between and within the apps (pyproject.toml)
	$(BIN)/lint-imports --no-cache

check: lint migrations imports ## Lint, migration check, import contracts and Django system checks
	$(BIN)/python manage.py check

messages: install ## Extract the translatable strings and compile both catalogs (needs gettext)
	$(BIN)/python manage.py makemessages -l fr -l en --no-location --no-obsolete \
		-e html,txt,py --ignore=.venv --ignore=staticfiles --ignore=tests
	# English is the source language: its catalog repeats every msgid.
	msgattrib --clear-fuzzy --empty locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po
	msgen locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: install ## Benchmarks against their baselines on PostgreSQL (BENCH_ARGS=--small)
	$(BIN)/python -m bench $(BENCH_ARGS)

# The targets below need PostgreSQL (DATABASE_URL's server, else 127.0.0.1:5432)
# and Redis (127.0.0.1:6379); each works in a database of its own. docs/deploy.md.
BACKUP_DIR ?= backups
BACKUP ?=

loadtest: install ## gunicorn (production) under wrk: 60 s, 50 connections; p99 and errors
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m ops.loadtest $(LOADTEST_ARGS)

prod-smoke: install ## gunicorn, Celery worker and beat: submit, validate, see synthesis and downloads change
	$(BIN)/python -m ops.prod_smoke $(SMOKE_ARGS)

backup: install ## pg_dump (custom format) of DATABASE_URL and MEDIA_ROOT into backups/<UTC time>/
	$(BIN)/python -m ops.backup --output $(BACKUP_DIR)

restore-drill: install ## Restore the newest backup (or BACKUP=path) into a new database and check it
	$(BIN)/python -m ops.restore_drill --backups $(BACKUP_DIR) $(BACKUP)

# Where pip-audit gets its vulnerability data: pypi (PyPI's JSON API) or osv.
AUDIT_SERVICE ?= pypi

audit: install ## Check every locked dependency for known vulnerabilities (pip-audit); fails if one cannot be checked
	$(BIN)/pip-audit --requirement constraints.txt --no-deps --disable-pip --strict \
		--progress-spinner off --vulnerability-service $(AUDIT_SERVICE) \
	|| { echo "make audit FAILED: a locked dependency has a known vulnerability, or" \
		"pip-audit could not get vulnerability data for one ('could not be audited'" \
		"or a connection error above). Either way the dependencies are not known" \
		"to be clean." >&2; exit 1; }

lock: ## Re-resolve the dependencies into constraints.txt
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt
	rm -rf .lock-venv

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
