# Two commands set everything up on a fresh machine with Python >= 3.11 and make:
#   make demo   create .venv, install visitplan, check the bundled plan, print its agenda
#               export its calendar to out/korosten-bourges.ics and its programme (uk+fr)
#               to out/korosten-bourges-program.pdf, and a site for participants to out/site/
#   make test   the same with the test extras, then ruff, mypy and pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

FUZZ_SECONDS ?= 60
FUZZ_STAMP := $(VENV)/.installed-fuzz

.PHONY: demo test lint typecheck unit docs fuzz bench bench-against clean

demo: $(RUN_STAMP)
	$(BIN)/visitplan check plans/
	$(BIN)/visitplan agenda --all plans/
	@mkdir -p out
	$(BIN)/visitplan export plans/korosten-bourges.toml -o out/korosten-bourges.ics
	$(BIN)/visitplan program plans/korosten-bourges.toml study-visit-2023 --lang uk --lang fr \
	  --format pdf -o out/korosten-bourges-program.pdf
	$(BIN)/visitplan site out/site plans/ --pdf

test: $(TEST_STAMP) lint typecheck unit

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests scripts fuzz benchmarks
	$(BIN)/ruff format --check src tests scripts fuzz benchmarks

typecheck: $(TEST_STAMP)
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: $(TEST_STAMP)
	$(BIN)/pytest

# Rewrite the generated files (JSON Schema, format reference) after changing fields.py.
docs: $(RUN_STAMP)
	$(BIN)/python scripts/generate.py

# Time whole processes against baselines and khal; writes docs/performance.md (about 10
# minutes; the first run also installs khal in .venv-khal, a venv of its own).
bench: $(RUN_STAMP)
	$(BIN)/python benchmarks/run.py

# The performance rows side by side with another checkout OLD (its .venv is made first if
# it has none), interleaved on the same machine, printed as one table (about 10 minutes):
#   git worktree add /tmp/oldmain COMMIT && make bench-against OLD=/tmp/oldmain
bench-against: $(RUN_STAMP)
	@test -n "$(OLD)" || { echo "usage: make bench-against OLD=DIR (a checkout of the old commit)"; exit 2; }
	$(MAKE) -C "$(OLD)" .venv/.installed-run
	$(BIN)/python benchmarks/run.py --against "$(OLD)"

# Fuzz the loader and the importer for FUZZ_SECONDS each (seeds: tests/bad, the plans,
# tests/fuzz-corpus, tests/ics). A crash is saved as fuzz/out/crash-*.
fuzz: $(FUZZ_STAMP)
	@mkdir -p fuzz/out fuzz/seeds-plan fuzz/seeds-ics
	cp tests/bad/*.toml plans/*.toml templates/*.toml tests/plans/*.toml fuzz/seeds-plan/
	cp tests/ics/*.ics tests/golden/ics/*.ics fuzz/seeds-ics/
	cd fuzz/out && ../../$(BIN)/python ../fuzz_plan.py -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 ../seeds-plan ../../tests/fuzz-corpus
	cd fuzz/out && ../../$(BIN)/python ../fuzz_import.py -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 ../seeds-ics

$(FUZZ_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,fuzz]'
	@touch $@

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "visitplan needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "Run again with PYTHON=python3.11 (or newer)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[pdf]'
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,pdf]'
	@touch $@ $(RUN_STAMP)

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
