# The two commands of the README:
#   make figures   set up .venv, build the dataset, run every notebook, write every figure
#   make test      set up .venv and run the test suite
# Everything is installed from requirements.lock (exact pins), so a fresh clone needs
# only Python >= 3.11, git and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?= 2

.PHONY: all figures test data notebooks bench validate repro lock clean help

help:
	@echo "make figures  - build the dataset, execute every notebook, write figures/"
	@echo "make test     - run the test suite"
	@echo "make data     - rebuild data/processed from data/raw only"
	@echo "make bench    - run the benchmarks against peers (installs ruptures; tick in .venv-bench)"
	@echo "make validate - larger Monte-Carlo studies (incl. size/coverage in the data's regime) and the Arabic coder's evaluation"
	@echo "make repro    - headline numbers under every OpenBLAS kernel this CPU runs"
	@echo "make lock     - re-resolve requirements.lock from pyproject.toml"
	@echo "make docs     - build the documentation site (build/docs/html) and check it in a browser"

all: figures

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required, found " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --requirement requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	@touch $(STAMP)

data: $(STAMP)
	$(BIN)/python -m analysis.build

# ESCALATION_FIGURE_CHECK=error: a figure failing analysis.plotting.check_figure (text
# sizes, overlaps, clipped text, a legend over the data, a non-print width) stops the build.
figures: data
	ESCALATION_FIGURE_CHECK=error MPLBACKEND=Agg $(BIN)/python -m analysis.notebooks --jobs $(JOBS)

# tools/latex_debian.sh installs Debian's pdflatex + booktabs for tests/test_latex.py
# (where it can; otherwise those tests skip and say why).
test: $(STAMP)
	bash tools/latex_debian.sh
	MPLBACKEND=Agg $(BIN)/python -m pytest
	# the Examples sections of the package's docstrings (three were stale before)
	MPLBACKEND=Agg $(BIN)/python -m pytest -q -p no:cacheprovider --doctest-modules analysis

# The site is built afresh (-E) with warnings as errors; the gallery renders the executed
# notebooks in notebooks/executed/ (no second execution); then headless Chromium opens
# every page (tools/docs_check.py; tools/docs_chromium.sh installs Debian's chromium if
# it is missing) and writes screenshots to build/docs-screenshots/.
.PHONY: docs
docs: $(STAMP)
	bash tools/docs_chromium.sh
	rm -rf build/docs
	MPLBACKEND=Agg $(BIN)/python -m sphinx -E -W --keep-going -q -b html -d build/docs/doctrees docs build/docs/html
	$(BIN)/python tools/docs_check.py build/docs/html

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r benchmarks/requirements-bench.txt
	$(BIN)/python benchmarks/run_all.py

validate: $(STAMP)
	$(BIN)/python benchmarks/validate_count_hawkes.py
	$(BIN)/python benchmarks/validate_hawkes.py
	$(BIN)/python benchmarks/validate_granger.py
	$(BIN)/python benchmarks/validate_phases.py
	$(BIN)/python benchmarks/validate_regime.py
	$(BIN)/python benchmarks/validate_event_study.py --jobs 2
	$(BIN)/python benchmarks/spec_curve_full.py --jobs 2
	$(BIN)/python benchmarks/validate_forecast.py
	$(BIN)/python benchmarks/validate_coder_intervals.py --jobs 2
	$(BIN)/python benchmarks/eval_arabic_coder.py --corpus --write-scores

repro: $(STAMP)
	ESCALATION_BLAS_KERNELS=1 MPLBACKEND=Agg $(BIN)/python -m pytest -q tests/test_reproducibility.py

lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet ".[notebooks,test,docs]" hatchling editables
	.lock-venv/bin/python -m pip uninstall --quiet --yes escalation-analysis
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^escalation-analysis' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) build dist .pytest_cache
