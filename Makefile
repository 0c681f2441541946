# make graph  — set up .venv and build output/ from seeds/
# make test   — set up .venv with test dependencies and system packages, run the whole suite
# make bench  — print throughput, memory and latency figures
# make quality — score every gold set (seed, biographies, ../shared/data/*) in one table; figures in output/quality.json
# make calibrate — refit ontology/calibration.yaml (relation confidences) on wiki-dev, judged on held-out articles

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
KG     := $(VENV)/bin/kg
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: graph test bench quality calibrate notebooks clean system-deps

graph: $(STAMP)
	$(KG) build seeds/ --out output/

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(TSTAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[test]'
	touch $@

system-deps:
	./scripts/system-deps.sh

test: $(TSTAMP) system-deps
	$(PY) -m pytest -q --doctest-modules kg tests

bench: $(TSTAMP) system-deps
	$(PY) bench/bench.py

quality: $(STAMP)
	$(PY) bench/quality.py $(ARGS)

calibrate: $(TSTAMP)
	$(PY) bench/calibrate.py

notebooks: $(TSTAMP)
	$(PY) -m kg.present.notebooks --write

clean:
	rm -rf output .pytest_cache
