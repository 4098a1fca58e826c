# Projektdatabasen. `make demo` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Production-like settings for the deploy check; the key is a throwaway for the check only.
DEPLOY_ENV := PROJEKTDATABAS_PRODUCTION=1 ALLOWED_HOSTS=projekt.example.se \
	SECRET_KEY=check-only-$(shell date +%s)-a8f0c2e9d7b64c1f9e3a5b7d2c4e6f8a0b1c3d5e7f9

.DEFAULT_GOAL := help
.PHONY: help install system-packages messages demo serve test test-sqlite test-postgres lint \
	check bench drill lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --no-warn-script-location -c constraints.txt -e '.[test]'
	touch $@

install: $(BIN)/.installed ## Create .venv and install pinned Python dependencies

system-packages: ## Install missing Debian packages (gettext; PostgreSQL for tests)
	scripts/install-system-packages $(if $(filter test,$(MAKECMDGOALS)),test,)

messages: install system-packages ## Compile translations
	cd projektdatabas && ../$(BIN)/python ../manage.py compilemessages -v0

demo: install messages ## Install, migrate, load Ale's demo data, serve on 127.0.0.1:8000
	$(MANAGE) migrate -v0
	$(MANAGE) load_demo_data
	$(MANAGE) runserver 127.0.0.1:8000

lint: install ## ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install messages ## Django checks: migrations in step, deploy settings sound
	$(MANAGE) makemigrations --check --dry-run
	$(DEPLOY_ENV) $(MANAGE) check --deploy --fail-level WARNING

PYTEST := $(BIN)/pytest -p no:cacheprovider --durations=15

test-sqlite: install messages ## Only the test suite on SQLite
	@echo "=== Test suite on SQLite ==="
	$(PYTEST)

test-postgres: install messages ## Only the test suite on a throwaway PostgreSQL 15
	@echo "=== Test suite on PostgreSQL 15 (throwaway server) ==="
	scripts/with-postgres $(PYTEST)

# The two suites side by side, one per core (scripts/side-by-side): the pair takes about as
# long as the slower one. Either failing fails the run; PostgreSQL is never skipped.
test: system-packages install messages lint check ## Everything: lint, checks, suite on SQLite and PostgreSQL
	scripts/side-by-side "Test suite on SQLite" "$(PYTEST)" \
		"Test suite on PostgreSQL 15 (throwaway server)" "scripts/with-postgres $(PYTEST)"

bench: install messages ## Load benchmarks on SQLite and PostgreSQL (see bench/run.py)
	scripts/install-system-packages bench
	scripts/with-postgres $(BIN)/python bench/run.py

drill: install messages ## Targets under production settings: concurrent saves and a kill -9, crafted uploads, a sign-in flood
	scripts/with-postgres $(BIN)/python bench/drill.py

lock: ## Re-pin constraints.txt from a fresh resolve
	rm -rf /tmp/pd-lock && $(PYTHON) -m venv /tmp/pd-lock
	/tmp/pd-lock/bin/pip install -q -e '.[test]'
	/tmp/pd-lock/bin/pip freeze --exclude-editable | grep -v '^projektdatabas' > constraints.txt

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var
