# Two entry points, both from a fresh clone:
#   make site   installs Agora, then builds the intranet from workbooks/
#   make test   installs the test extras, then runs the whole test suite (one worker a core)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test install install-test benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

site: install
	$(BIN)/agora build

test: install-test
	$(BIN)/python -m pytest -n auto

benchmark: install-test
	$(BIN)/python benchmarks/validate_bench.py

clean:
	rm -rf site site-gestion site_data build
