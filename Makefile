# One command to set up and start, one to set up and test. Everything else is a detail of those two.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEBIAN_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-cjk \
	zbar-tools poppler-utils chromium

.PHONY: setup run test worker beat lint messages bench faults clean

setup: $(VENV)/.installed node_modules/.installed .system-packages
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) collectstatic --no-input -v 0

$(VENV)/.installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

.system-packages: Makefile bin/ensure-debian-packages
	bin/ensure-debian-packages $(DEBIAN_PACKAGES)
	touch $@

# The demo course's H5P block uses a package from the test packages next to the repository, when they are there.
DEMO_H5P_PACKAGES := $(wildcard ../shared/h5p/valid)

run: setup
	$(MANAGE) load_demo_data $(if $(DEMO_H5P_PACKAGES),--h5p-packages $(DEMO_H5P_PACKAGES))
	$(MANAGE) runserver 127.0.0.1:8000

test: setup
	$(VENV)/bin/pytest

# The Celery app defaults to the production settings (like wsgi/asgi); these targets run the development ones
# unless DJANGO_SETTINGS_MODULE says otherwise.
CELERY_SETTINGS := DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-elearning.settings.dev}

worker: setup
	$(CELERY_SETTINGS) $(VENV)/bin/celery -A elearning worker --loglevel=info

beat: setup
	$(CELERY_SETTINGS) $(VENV)/bin/celery -A elearning beat --loglevel=info

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

bench: setup
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-bench.txt
	$(PY) bench/run.py

# The production stack under the S1 load with one fault at a time (bench/faults.py); uses pg_ctlcluster and
# redis-cli, so run it as a user that may stop and start PostgreSQL and Redis on this host.
faults: setup
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-bench.txt
	$(PY) bench/faults.py

messages: $(VENV)/.installed
	$(MANAGE) makemessages -l nl --ignore=.venv --ignore=node_modules --ignore=staticfiles --no-obsolete

clean:
	rm -rf $(VENV) node_modules staticfiles .system-packages
