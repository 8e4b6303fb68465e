# Two commands for a fresh Debian 12 machine with Python 3.11:
#   make run    set up everything, load demo data, serve web + worker + beat on 127.0.0.1:$(PORT)
#               with DEBUG off, as deployed (DEBUG=1 make run for development)
#   make test   set up everything and run the whole test suite
PYTHON ?= python3.11
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
PY := $(BIN)/python

# Debian packages the portal needs (fonts for Chinese PDFs, Pango for WeasyPrint, libmagic
# for upload sniffing, gettext for the catalogue, npm for the pinned front-end packages).
SYSTEM_PACKAGES := fonts-noto-cjk fonts-hanazono fonts-babelstone-han libpango-1.0-0 libpangoft2-1.0-0 libmagic1 gettext npm flite
# Browser tests drive Debian's chromium, the proxy test Debian's nginx (a real reverse proxy in
# front of Django), the integrators' Java examples are compiled with a JDK; without them those
# tests skip with a visible reason (CI: they fail).
TEST_SYSTEM_PACKAGES := chromium nginx-light openjdk-17-jdk-headless

.PHONY: run test setup setup-dev system system-test lint typecheck messages demo clean ci

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	PORT=$(PORT) PYTHON=$(PY) ./scripts/run.sh

test: setup-dev system-test
	$(BIN)/pytest $(PYTEST_ARGS)

setup: system $(VENV)/.installed node_modules/.installed locale/.compiled

setup-dev: setup $(VENV)/.installed-dev

system:
	@./scripts/system-packages.sh required $(SYSTEM_PACKAGES)

system-test:
	@./scripts/system-packages.sh optional $(TEST_SYSTEM_PACKAGES)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { echo "Cannot create a virtual environment with $(PYTHON): on Debian, install python3.11-venv (apt-get install python3.11-venv)."; exit 1; }

$(VENV)/.installed: $(VENV)/bin/python requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

locale/.compiled: $(VENV)/.installed $(wildcard locale/*/LC_MESSAGES/django.po)
	if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
	  $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0; fi
	touch $@

messages: setup
	$(PY) manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=node_modules --ignore=var --no-obsolete

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/vulture
	$(BIN)/lint-imports
	$(PY) scripts/count_function_imports.py

typecheck: setup-dev
	$(BIN)/mypy

clean:
	rm -rf $(VENV) node_modules var locale/.compiled
