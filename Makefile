# make graph     — set up .venv and build output/ from seeds/
# make corpus    — build output/corpus/ from seeds/ and the Wikipedia excerpts of corpora/wiki-ja/texts/
# make notebooks — rebuild the corpus graph, run notebooks/*.ipynb and keep their outputs (deterministic)
# make lab       — set up .venv with JupyterLab and open it on notebooks/ (LAB_FLAGS=--no-browser for a server)
# make test      — set up .venv with test dependencies and system packages, run the whole suite
# make bench     — print throughput, memory and latency figures
# make quality   — score every gold set (seed, biographies, ../shared/data/*) in one table; figures in output/quality.json
# make calibrate — refit ontology/calibration.yaml (relation confidences) on wiki-dev, judged on held-out articles

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
KG     := $(VENV)/bin/kg
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
NSTAMP := $(VENV)/.installed-notebooks
LAB_FLAGS ?=
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)  # Jupyter refuses root without it (containers)

.PHONY: graph corpus test bench quality calibrate notebooks lab clean system-deps fonts

graph: $(STAMP)
	$(KG) build seeds/ --out output/

# The wiki texts sit outside seeds/ (kg build searches folders recursively), so `make graph` stays the seed
# alone. Unchanged texts come from the parse cache: a rebuild with nothing changed takes seconds.
corpus: $(STAMP)
	$(KG) build seeds/ corpora/wiki-ja/texts/ --out output/corpus/ --quiet

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(TSTAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[test]'
	touch $@

$(NSTAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[notebooks]'
	touch $@

system-deps:
	./scripts/system-deps.sh

fonts:  # a CJK font, so the notebooks' charts draw Japanese labels rather than boxes
	./scripts/system-deps.sh fonts

test: $(TSTAMP) system-deps
	$(PY) -m pytest -q --doctest-modules kg tests

bench: $(TSTAMP) system-deps
	$(PY) bench/bench.py

quality: $(STAMP)
	$(PY) bench/quality.py $(ARGS)

calibrate: $(TSTAMP)
	$(PY) bench/calibrate.py

notebooks: $(NSTAMP) fonts corpus
	$(PY) -m kg.present.notebooks --write

lab: $(NSTAMP) fonts corpus
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks $(LAB_ROOT) $(LAB_FLAGS)

clean:
	rm -rf output .pytest_cache
