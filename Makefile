# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.db

.PHONY: venv demo test lint typecheck unit browser-deps bench eval train clean screenshots

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)

demo: venv
	$(BIN)/armswatch ingest examples/corpus --db $(DEMO_DB)
	$(BIN)/armswatch summary --db $(DEMO_DB)
	$(BIN)/armswatch facts --db $(DEMO_DB) --limit 10
	@echo "Dashboard and API: $(BIN)/armswatch serve --db $(DEMO_DB)   then open http://127.0.0.1:8000/"

# The browser tests drive Debian's Chromium (never a Playwright download).
browser-deps:
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

screenshots: venv browser-deps
	test -f $(DEMO_DB) || $(MAKE) demo
	$(BIN)/python scripts/screenshots.py --db $(DEMO_DB) --out docs/screenshots

lint: venv
	$(BIN)/ruff check src tests benchmarks scripts examples
	$(BIN)/ruff format --check src tests benchmarks scripts examples

typecheck: venv
	$(BIN)/mypy

unit: venv browser-deps
	$(BIN)/pytest -q

test: lint typecheck unit

bench: venv
	for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Tuning and check figures side by side (needs ../shared/eval beside the checkout).
eval: venv
	$(BIN)/python scripts/evaluate.py

# Rebuild the learned reader shipped in src/armswatch/events/relations.json (deterministic:
# the same data gives the same file). Trains on dev and realtrain's tuning part only.
train: venv
	$(BIN)/python scripts/train.py --report

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build *.egg-info src/*.egg-info
