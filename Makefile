# baocao — the entry points. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export BAOCAO_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test test-sqlite test-pg setup system check lint bench demo lock clean

# Every package at the version and hash of requirements/lock.txt (main and dev), then baocao
# itself without resolving anything again. After changing dependencies: `make lock`.
$(STAMP): pyproject.toml requirements/lock.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --require-hashes -r requirements/lock.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

# Re-resolve requirements/lock.txt from pyproject.toml (and its [dev] extra) with hashes; the
# versions already locked are kept unless pyproject.toml asks otherwise. uv runs from its own
# virtualenv (.venv-tools), so the project's stays exactly the lock.
lock:
	test -x .venv-tools/bin/uv || ($(PYTHON) -m venv .venv-tools && .venv-tools/bin/pip install -q uv)
	.venv-tools/bin/uv pip compile pyproject.toml --extra dev --generate-hashes \
	  --python-version $$($(PYTHON) -c 'import platform; print(platform.python_version())') \
	  --custom-compile-command "make lock" -o requirements/lock.txt

system:
	bash scripts/setup-system.sh

setup: system $(STAMP)
	mkdir -p $(BAOCAO_VAR_DIR)

# Serve with DEBUG off (BAOCAO_DEBUG=1 to turn it on): people see the Vietnamese error pages,
# never Django's technical ones; --insecure lets runserver serve the static files itself.
run: demo
	@echo "baocao: http://127.0.0.1:8000 — đăng nhập bằng một tài khoản mẫu ở trên."
	@echo "baocao: công việc nền chạy bằng 'baocao worker' cùng lúc (dừng cả hai bằng Ctrl-C)."
	$(BIN)/baocao worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	BAOCAO_DEBUG=$${BAOCAO_DEBUG:-0} $(BIN)/baocao runserver --insecure 127.0.0.1:8000

# The whole suite on SQLite, then again on PostgreSQL when BAOCAO_TEST_DATABASE_URL is set.
test: check
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$BAOCAO_TEST_DATABASE_URL" ]; then \
	  echo "== the suite again on PostgreSQL ($$BAOCAO_TEST_DATABASE_URL)"; \
	  $(MAKE) --no-print-directory test-pg; \
	else \
	  echo "BAOCAO_TEST_DATABASE_URL is not set: the PostgreSQL run is skipped."; \
	fi

# The suite on SQLite only, even when BAOCAO_TEST_DATABASE_URL is exported (as .ci/run does).
test-sqlite: setup
	env -u BAOCAO_TEST_DATABASE_URL $(BIN)/pytest -n 2 --dist loadfile -q

# The suite on the PostgreSQL database named by BAOCAO_TEST_DATABASE_URL (required).
test-pg: setup
	@if [ -z "$$BAOCAO_TEST_DATABASE_URL" ]; then \
	  echo "test-pg: set BAOCAO_TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/baocao"; \
	  exit 2; \
	fi
	$(BIN)/pytest -n 2 --dist loadfile -q

# The demo province, its accounts and the January 2022 sample report (what `make run` loads).
demo: setup
	$(BIN)/baocao migrate --noinput
	$(BIN)/baocao demo

# The static checks, as .pre-commit-config.yaml runs them before each commit.
check: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy baocao
	$(BIN)/baocao makemigrations --check --dry-run

lint: check

# The quick benchmarks; the large ones (analytics, search, api, load) take minutes: see docs/.
bench: setup
	$(BIN)/python bench/parse_speed.py
	$(BIN)/python bench/parse_accuracy.py tests/fixtures/parser tests/fixtures/parser
	$(BIN)/python bench/documents.py

# The virtualenvs, the data and every tool's cache (what .gitignore lists).
clean:
	rm -rf $(VENV) .venv-tools var .pytest_cache .ruff_cache .mypy_cache .hypothesis \
	  .import_linter_cache .schemathesis test-results build dist baocao.egg-info
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
