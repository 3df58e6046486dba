# Tongxin: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PY := .venv/bin/python
UV := .tools/bin/uv
PORT ?= 8000
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: run test test-pg stack stack-faults bench bench-pg install install-dev static migrate seed lint fmt messages clean

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

install: $(UV)  ## Python packages from the lock, front-end packages from package-lock.json
	$(UV) sync --frozen --no-dev --quiet
	$(MAKE) --no-print-directory static

install-dev: $(UV)
	$(UV) sync --frozen --quiet
	$(MAKE) --no-print-directory static

static:
	@[ -d node_modules/htmx.org ] || npm ci --no-audit --no-fund --loglevel=error
	@bash scripts/vendor_static.sh

migrate:
	$(PY) manage.py migrate --noinput

messages:  ## refresh the English catalogue; the compiled .mo is committed (no gettext needed to run)
	$(PY) manage.py makemessages -l en -e html,txt,py,js --ignore=.venv --ignore=node_modules --ignore=var --ignore=static --ignore=staticfiles --ignore=test-results -v 0
	$(PY) manage.py compilemessages -l en --ignore=.venv --ignore=node_modules -v 0

run: install migrate
	@mkdir -p var
	@DEBUG=1 $(PY) manage.py seed_demo --size small --if-empty
	@DEBUG=1 bash scripts/run.sh $(PORT)

test: install-dev
	@bash scripts/ensure_chromium.sh
	$(PY) manage.py makemigrations --check --dry-run -v 0
	.venv/bin/ruff check .
	.venv/bin/lint-imports --no-cache
	$(PY) -m pytest -n 2 --dist loadgroup -q

test-pg: install-dev
	@bash scripts/ensure_chromium.sh
	bash scripts/with_postgres.sh $(PY) -m pytest -n 2 --dist loadgroup -q

stack: install-dev  ## the many-machine layout on this machine (docs/deploy.md); Ctrl-C stops it
	$(PY) -m ops.stack

stack-faults: install-dev  ## the stack under load while PostgreSQL, Redis, an app server and a worker fail
	$(PY) -m ops.faults

bench: install-dev
	bash bench/run.sh

bench-pg: install-dev  ## the group (200,000 people) on PostgreSQL + Redis + 2 app servers behind nginx
	$(PY) -m bench.pg

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

fmt:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

clean:
	rm -rf .venv .tools node_modules static/vendor var
