# The project's front door: `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-cluster lint format install setup bench clean vendor messages backup restore

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet ".[test,s3]"
	touch $(STAMP)

# The English catalogue is compiled here, in pure Python (Babel), so no gettext is needed.
install: $(STAMP)
	$(VENV)/bin/pybabel compile --domain django --directory locale

# Refresh the catalogue after changing texts (needs GNU gettext), then translate the new
# entries in locale/en/LC_MESSAGES/django.po.
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=bench --no-obsolete

# Migrate, load the seed content where there is none yet (edits made in the admin stay) and
# collect static files.
setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed
	$(PY) manage.py collectstatic --noinput --verbosity 0

run: setup
	@echo ""
	@echo "Portal: http://$(HOST):$(PORT)/   Redaktion: http://$(HOST):$(PORT)/admin/"
	@echo "Admin-Zugang anlegen: $(PY) manage.py createsuperuser"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# pytest includes the browser tests (tests/e2e, marker e2e) and Django's deployment
# checklist under production settings (tests/security/test_deploy.py).
test: install lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

# Two gunicorn nodes behind nginx with PostgreSQL, Redis and an S3 server (tests/cluster);
# needs the Debian packages postgresql, redis-server and nginx.
test-cluster: install
	$(VENV)/bin/pytest -m cluster

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Re-vendor Bootstrap's compiled CSS from the npm registry (the files are committed).
BOOTSTRAP_VERSION ?= 5.3.9
vendor:
	cd /tmp && npm pack bootstrap@$(BOOTSTRAP_VERSION) && tar xzf bootstrap-$(BOOTSTRAP_VERSION).tgz
	cp /tmp/package/dist/css/bootstrap.min.css /tmp/package/dist/css/bootstrap.min.css.map /tmp/package/LICENSE static/vendor/bootstrap/

# Load test under production settings on loopback (needs wrk; see README "Leistung"): writes
# bench/latest.md. BENCH_SIZES=100 BENCH_DURATION=3 for a quick run.
bench: install
	$(PY) bench/run.py

# Backup of the content and all uploaded files into a new folder (README "Betrieb"), and
# its restore into an empty, migrated database and empty storages.
BACKUP ?= backups/$(shell date +%Y-%m-%d-%H%M%S)
backup: install
	$(PY) manage.py backup "$(BACKUP)"

restore: install
	@test -n "$(BACKUP)" && test -d "$(BACKUP)" || { echo "Aufruf: make restore BACKUP=ordner"; exit 2; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py restore "$(BACKUP)"

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
