# pmsim — set-up, play and test from nothing but Python 3.11+ and make.
#
#   make play    create .venv if needed, install pmsim, start the game
#   make test    same set-up, then ruff, the import contracts, mypy and the whole test suite
#   make lint    ruff only
#   make clean   remove caches and build output (keeps .venv)
#   make distclean   clean, and remove .venv too
#
# Variables: PYTHON=/path/to/python3.x picks the interpreter for a new .venv;
# ARGS="..." is passed to `pmsim play`; PYTEST_ARGS="..." replaces `-n 2`.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.pmsim-installed
CANDIDATES := python3.13 python3.12 python3.11 python3
PYTHON ?=
ARGS ?=
PYTEST_ARGS ?= -n 2

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help play test lint clean distclean venv

help:
	@echo "make play       set up .venv if needed and start the game (ARGS=... for pmsim play)"
	@echo "make test       set up .venv if needed, run ruff, the import contracts, mypy and the tests"
	@echo "make lint       ruff check ."
	@echo "make clean      remove caches and build output (keeps .venv)"
	@echo "make distclean  clean, and remove .venv"

# A new virtual environment, made with the first interpreter that is Python 3.11+.
# Running each candidate (not just finding it on PATH) skips shims that exist but
# do not work, such as pyenv's for a version that is not selected.
$(VENV)/pyvenv.cfg:
	@set -e; py=""; \
	for p in $(if $(PYTHON),$(PYTHON),$(CANDIDATES)); do \
	  if "$$p" -c 'import sys, venv, ensurepip; raise SystemExit(sys.version_info < (3, 11))' \
	       >/dev/null 2>&1; then py="$$p"; break; fi; \
	done; \
	if [ -z "$$py" ]; then \
	  echo "make: pmsim needs Python 3.11 or newer with the venv module, and none of" \
	       "$(if $(PYTHON),$(PYTHON),$(CANDIDATES)) is one. Install Python 3.11+ (on" \
	       "Debian/Ubuntu: apt install python3 python3-venv) or name it:" \
	       "make PYTHON=/path/to/python3.11 test" >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$py ($$("$$py" --version 2>&1))"; \
	"$$py" -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

# Install pmsim editable with its dev extra; again only when pyproject.toml changes.
$(STAMP): pyproject.toml $(VENV)/pyvenv.cfg
	@echo "Installing pmsim and its dev tools into $(VENV) (pip install -e '.[dev]')"
	$(BIN)/python -m pip install --quiet --quiet --editable '.[dev]'
	@touch $@

venv: $(STAMP)

play: $(STAMP)
	$(BIN)/pmsim play $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

# ruff first (fast), then the import contracts ([tool.importlinter] in pyproject.toml),
# then the type checker ([tool.mypy]), then pytest, so the last lines printed are
# pytest's summary.
MYPY_PACKAGES := pmsim/engine pmsim/scoring pmsim/scenario pmsim/results pmsim/report \
	pmsim/gamelog.py pmsim/batch.py pmsim/calibrate.py pmsim/rewind.py pmsim/authoring.py \
	pmsim/paths.py pmsim/wording.py pmsim/text.py pmsim/errors.py pmsim/files.py \
	pmsim/filelock.py pmsim/parallel.py pmsim/session pmsim/hub pmsim/policies pmsim/model_summary.py pmsim/guide_facts.py \
	pmsim/guide_measured.py pmsim/sweep.py pmsim/executors.py pmsim/whatif.py \
	pmsim/model_doc.py pmsim/model_doc_tables.py pmsim/model_doc_team.py \
	pmsim/model_doc_governance.py pmsim/model_doc_calibration.py \
	pmsim/cli pmsim/tui

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy $(MYPY_PACKAGES)
	$(BIN)/pytest -q $(PYTEST_ARGS)

clean:
	rm -rf build dist .pytest_cache .ruff_cache .hypothesis *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
