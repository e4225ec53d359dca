# One command on a fresh machine (Python >= 3.11, git, make): `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: test install demo bench clean

$(BIN)/runnerup: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/runnerup

test: install
	$(BIN)/python -m pytest -n 2 -q

demo: install
	$(BIN)/runnerup demo

bench: install
	$(BIN)/python benchmarks/bench_library.py

clean:
	rm -rf $(VENV) .pytest_cache
