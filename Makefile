# Concertation portal — `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
DEMO_PASSWORD ?= demo-concertation
PORT ?= 8000
# Two workers: the machines this runs on have two cores.
PYTEST_ARGS ?= -n 2

.DEFAULT_GOAL := help
.PHONY: help install run test lint format check migrations messages lock clean bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the locked dependencies

run: install ## Set up SQLite, load the real fixtures and demo data, serve on http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_network
	$(BIN)/python manage.py seed_demo --mhos 300 --years 10 --seed 42 \
		--with-accounts --password $(DEMO_PASSWORD)
	$(BIN)/python manage.py build_data_files
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

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

check: lint migrations ## Lint, migration check and Django system checks
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

lock: ## Re-resolve the dependencies into constraints.txt
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt
	rm -rf .lock-venv

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
