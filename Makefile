# The README's commands. Each target creates the virtual environment itself.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CORPUS ?= data/corpus
export NLTK_DATA ?= $(CURDIR)/.nltk_data_empty

.PHONY: help setup report corpus test test-fast lab lint bench clean

help:
	@echo "make report   build the sample corpus and render every report into reports/"
	@echo "make test     run the test suite"
	@echo "make lab      open JupyterLab in the project's environment"
	@echo "make lint     ruff"
	@echo "make bench    run the benchmarks"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[report,lab,dev]'
	touch $(STAMP)

setup: $(STAMP)

corpus: $(STAMP)
	$(BIN)/tass ingest seeds/ data/sample/ --out $(CORPUS)

report: corpus
	$(BIN)/tass report --all --out reports

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# Jupyter refuses to run as root without --allow-root (containers, CI images).
USER_ID ?= $(shell id -u)
LAB_FLAGS := $(if $(filter 0,$(USER_ID)),--allow-root)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ $(LAB_FLAGS)

lint: $(STAMP)
	$(BIN)/ruff check tassanalysis tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_terms.py
	$(BIN)/python benchmarks/bench_reports.py

clean:
	rm -rf $(CORPUS) reports/*/ reports/.staging reports/index.html .pytest_cache
