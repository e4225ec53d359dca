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

# Byte-compile the package: where PYTHONDONTWRITEBYTECODE=1 is set, Python would otherwise
# recompile every runnerup module on every start (≈ 100 ms per command).
install: $(BIN)/runnerup
	$(BIN)/python -m compileall -q src

test: install
	$(BIN)/python -m pytest -n 2 -q

demo: install
	$(BIN)/runnerup demo

# `N=200 make bench` for a smaller library; the table is appended to benchmarks/RESULTS.md.
N ?= 10000
bench: install
	$(BIN)/python benchmarks/bench_library.py --count $(N) --out benchmarks/RESULTS.md

clean:
	rm -rf $(VENV) .pytest_cache
