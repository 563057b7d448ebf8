# Drømmeskolen: the two commands are `make run` and `make test` (see README.md).
#
# The virtual environment lives in .venv and is created with the first Python 3.12+ found
# (python3 first: a repo-root .python-version makes pyenv's python3 resolve to 3.13).
# Installs are skipped while pyproject.toml and requirements.lock are unchanged (stamp files).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
LOCK := requirements.lock
STAMP_BASE := $(VENV)/.installed-base
STAMP_DEV := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k journey -x"`.
PYTEST_ARGS ?=
# Parallel workers for the test suite: `auto` is one per core; `make test WORKERS=0` runs in-process.
WORKERS ?= auto

# The first interpreter of at least 3.12 (Django 6 needs it).
PYTHON ?= $(shell for candidate in python3 python3.13 python3.12 python; do \
	command -v $$candidate >/dev/null 2>&1 && \
	$$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && \
	{ echo $$candidate; break; }; done)

.PHONY: help run install install-base test lint bench bench-dreamclass lock messages migrate demo clean

help:
	@echo "make run      start Drømmeskolen on http://$(HOST):$(PORT)/ with demo data and the task worker"
	@echo "make test     install the development tools and run every test, browser journeys included"
	@echo "make lint     ruff and mypy"
	@echo "make bench    benchmarks on generated data (bench/run_bench.py)"
	@echo "make bench-dreamclass  30 pupils answer and vote in one Drømmeklassen round (bench/dreamclass_load.py)"
	@echo "make install  install the project with development tools into .venv"
	@echo "make lock     write the installed versions to $(LOCK)"

# --- environment ---------------------------------------------------------------------

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "Drømmeskolen needs Python 3.12 or newer, and none was found (python3 is $$(python3 --version 2>&1))." >&2; \
		echo "Install Python 3.12+ (Debian 13: apt-get install python3 python3-venv), or run: make run PYTHON=/path/to/python3.13" >&2; \
		exit 1; \
	fi
	@if [ -d $(VENV) ]; then echo "Replacing $(VENV): its Python is missing or older than 3.12."; rm -rf $(VENV); fi
	@echo "Creating $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv $(VENV)

# An existing .venv made with an old Python is replaced (the rule above runs when this check fails).
ifneq ($(wildcard $(PY)),)
ifneq ($(shell $(PY) -c 'import sys; print(int(sys.version_info >= (3, 12)))' 2>/dev/null),1)
.PHONY: $(PY)
endif
endif

# The running app (`make run`) needs no development tools; `make test` installs both.
$(STAMP_BASE): $(PY) pyproject.toml $(LOCK)
	@echo "Installing Drømmeskolen into $(VENV) (pinned by $(LOCK))"
	@$(PIP) install --quiet -c $(LOCK) -e .
	@touch $@

$(STAMP_DEV): $(PY) pyproject.toml $(LOCK)
	@echo "Installing Drømmeskolen with development tools into $(VENV) (pinned by $(LOCK))"
	@$(PIP) install --quiet -c $(LOCK) -e '.[dev]'
	@touch $@ $(STAMP_BASE)

install-base: $(STAMP_BASE)
install: $(STAMP_DEV)

lock: $(STAMP_DEV)
	@{ echo "# Exact versions of every package in .venv (make install uses this file as constraints)."; \
	   echo "# Regenerate after changing dependencies in pyproject.toml: make lock"; \
	   $(PIP) freeze --exclude-editable; } > $(LOCK)
	@touch $(STAMP_BASE) $(STAMP_DEV)
	@echo "Wrote $(LOCK) ($$(grep -c '==' $(LOCK)) packages)"

# Translations: compiled when there are any and gettext's msgfmt is present.
messages: $(STAMP_BASE)
	@if [ -d locale ] && command -v msgfmt >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages --ignore '.venv' --ignore 'node_modules' -v 0; \
	elif [ -d locale ]; then \
		echo "Warning: gettext (msgfmt) is missing, so translations are not compiled (apt-get install gettext)." >&2; \
	fi

# --- the app ---------------------------------------------------------------------------

# manage.py refuses to start without a secret key unless DEBUG is on; the local commands run in DEBUG.
run migrate demo messages: export DJANGO_DEBUG := 1
# Links in e-mails (printed to the terminal) point at the server `make run` starts.
run: export SITE_URL ?= http://$(HOST):$(PORT)

migrate: install-base
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py createcachetable -v 0

# Demo data only into an empty database, so `make run` never touches real data. Either
# way the demo log-ins are printed (load_demo prints them itself).
demo: migrate
	@if ! $(PY) manage.py help load_demo >/dev/null 2>&1; then \
		echo "(No demo data yet: the load_demo command does not exist.)"; \
	elif $(PY) manage.py shell -v 0 -c 'import sys; from drommeskolen.core.models import School; sys.exit(0 if School.objects.exists() else 1)'; then \
		$(PY) manage.py demo_logins 2>/dev/null || echo "This database has schools but no demo data; log in with your own account."; \
	else \
		echo "Loading demo data (first run only)..."; $(PY) manage.py load_demo; \
	fi

run: demo messages
	@echo
	@echo "Drømmeskolen runs on http://$(HOST):$(PORT)/ (stop with Ctrl+C)."
	@echo "Log in with one of the addresses above. Staff set up two-factor log-in (an authenticator"
	@echo "app such as Google Authenticator or Microsoft Authenticator) at their first log-in."
	@echo
	@# The task worker runs in its own session: Ctrl+C stops the web server, and the trap
	@# then stops the worker and its autoreloader child too.
	@launcher=$$(command -v setsid || true); \
	$$launcher $(PY) manage.py db_worker --queue-name '*' -v 0 & worker=$$!; \
	echo "Task worker started (pid $$worker)."; \
	trap 'kill -TERM -- -$$worker 2>/dev/null || kill -TERM $$worker 2>/dev/null || true; wait $$worker 2>/dev/null || true' EXIT; \
	trap 'exit 0' INT TERM HUP; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# --- checks ----------------------------------------------------------------------------

# Exit code 5 is pytest's "no tests were collected": a suite that runs nothing is a failure.
test: $(STAMP_DEV) messages
	@status=0; $(PY) -m pytest $(if $(filter 0,$(WORKERS)),,-n $(WORKERS)) $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests; that counts as a failure." >&2; fi; \
	exit $$status

lint: export DJANGO_DEBUG := 1
lint: $(STAMP_DEV)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .

bench: $(STAMP_DEV)
	@if [ -f bench/run_bench.py ]; then $(PY) bench/run_bench.py; else echo "No benchmarks yet (bench/run_bench.py)."; fi

bench-dreamclass: $(STAMP_DEV)
	$(PY) bench/dreamclass_load.py

clean:
	rm -rf test-results .mypy_cache .ruff_cache staticfiles
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
