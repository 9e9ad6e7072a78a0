# baocao — the entry points. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export BAOCAO_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test test-sqlite test-pg setup system lint bench demo clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

system:
	bash scripts/setup-system.sh

setup: system $(STAMP)
	mkdir -p $(BAOCAO_VAR_DIR)

run: demo
	@echo "baocao: http://127.0.0.1:8000 — đăng nhập bằng một tài khoản mẫu ở trên."
	$(BIN)/baocao runserver 127.0.0.1:8000

# The whole suite on SQLite, then again on PostgreSQL when BAOCAO_TEST_DATABASE_URL is set.
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/baocao makemigrations --check --dry-run
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

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy baocao/domain baocao/parser

# The quick benchmarks; the large ones (analytics, search, api, load) take minutes: see docs/.
bench: setup
	$(BIN)/python bench/parse_speed.py
	$(BIN)/python bench/parse_accuracy.py tests/fixtures/parser tests/fixtures/parser
	$(BIN)/python bench/documents.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
