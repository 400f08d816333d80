# One command to set up and start, one to set up and test. Everything else is a detail of those two.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEBIAN_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-cjk \
	zbar-tools poppler-utils chromium

.PHONY: setup run test worker beat lint messages bench faults clean lock lock-check audit sbom hadolint entrypoint-check \
	screenshots

setup: $(VENV)/.installed node_modules/.installed .system-packages
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) collectstatic --no-input -v 0

# The dev lock: runtime + test + lint, every package pinned with its hashes (pyproject.toml says what is direct).
$(VENV)/.installed: requirements/dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements/dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

.system-packages: Makefile bin/ensure-debian-packages
	bin/ensure-debian-packages $(DEBIAN_PACKAGES)
	touch $@

# The demo course's H5P block needs a folder of .h5p packages (none ship with the repository, as they hold
# third-party code): `make run DEMO_H5P_PACKAGES=path/to/packages`; without it the block is left out.
DEMO_H5P_PACKAGES ?=

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
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements/bench.txt
	$(PY) bench/run.py

# The production stack under the S1 load with one fault at a time (bench/faults.py); uses pg_ctlcluster and
# redis-cli, so run it as a user that may stop and start PostgreSQL and Redis on this host.
faults: setup
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements/bench.txt
	$(PY) bench/faults.py

# Recompile the lock files from pyproject.toml after adding or changing a dependency there; pins already in the
# lock files are kept unless pyproject.toml asks otherwise (UPGRADE=1 moves everything to the newest allowed).
# runtime.txt is what production installs; dev.txt and bench.txt are constrained to the same versions.
UV_COMPILE := $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
	--quiet --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock: $(VENV)/.installed
	$(UV_COMPILE) -o requirements/runtime.txt
	$(UV_COMPILE) --group dev -c requirements/runtime.txt -o requirements/dev.txt
	$(UV_COMPILE) --group dev --group bench -c requirements/dev.txt -o requirements/bench.txt

# Fails when pyproject.toml and the lock files disagree (a dependency added without `make lock`).
lock-check: $(VENV)/.installed
	@tmp=$$(mktemp -d) && trap 'rm -rf $$tmp' EXIT && mkdir $$tmp/requirements \
	&& cp -p pyproject.toml README.md $$tmp/ && cp -p requirements/*.txt $$tmp/requirements/ \
	&& $(MAKE) -s -C $$tmp -f $(CURDIR)/Makefile lock VENV=$(CURDIR)/$(VENV) \
	&& for f in runtime dev bench; do diff -u requirements/$$f.txt $$tmp/requirements/$$f.txt \
	   || { echo "requirements/$$f.txt is out of date: run make lock"; exit 1; }; done

# Known vulnerabilities in the runtime lock (pip-audit) and npm's production packages (deploy/audit.py).
audit: $(VENV)/.installed
	$(PY) deploy/audit.py

# A CycloneDX SBOM of what production installs: the runtime lock.
SBOM ?= sbom.cdx.json
sbom: $(VENV)/.installed
	$(PY) -W ignore::UserWarning -m cyclonedx_py requirements --pyproject pyproject.toml --mc-type application \
		--output-reproducible --of JSON -o $(SBOM) requirements/runtime.txt
	@echo "Wrote $(SBOM)"

hadolint: $(VENV)/.installed
	$(VENV)/bin/hadolint --config deploy/hadolint.yaml Dockerfile

# The image's entrypoint steps (build, migrate, check --deploy, web) run here, without a container engine.
entrypoint-check: $(VENV)/.installed
	deploy/check-entrypoint.sh

# The main page of every role at 1280 and 375 px, from the browser tour of every page (tests/e2e/test_every_page.py).
screenshots: setup
	SIGNAAL_SCREENSHOTS=docs/screenshots $(VENV)/bin/pytest -m browser tests/e2e/test_every_page.py -q

messages: $(VENV)/.installed
	$(MANAGE) makemessages -l nl --ignore=.venv --ignore=node_modules --ignore=staticfiles --no-obsolete

clean:
	rm -rf $(VENV) node_modules staticfiles .system-packages
