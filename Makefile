# Two commands matter: `make run` and `make test`. Both bootstrap everything from nothing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOURCES ?= examples
# One graph per source set: `make run` serves the samples, `make run SOURCES=../shared/seeds` the seeds
# alone (.researchgraph/examples, .researchgraph/shared-seeds). RG_DATA_DIR, when set, wins.
RUN_DATA_DIR := .researchgraph/$(shell printf '%s' '$(SOURCES)' | sed -E 's#(\.\./|\./)##g; s#[^A-Za-z0-9]+#-#g; s#^-+##; s#-+$$##')
run: export RG_DATA_DIR ?= $(RUN_DATA_DIR)
HOST ?= 127.0.0.1
PORT ?= 8000
HARNESS_JAR := tests/neo4j/target/neo4j-test-server-1.0.jar
CYTOSCAPE := app/static/vendor/cytoscape.min.js

.PHONY: run test install lint bench neo4j-harness browser clean

$(BIN)/researchgraph: pyproject.toml
	@echo "==> creating $(VENV) and installing the Python packages (first time: about a minute)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --progress-bar off -e '.[dev]'
	touch $@

# The browser assets, from the npm registry: cytoscape for the explorer, Swagger UI for /docs.
$(CYTOSCAPE): app/static/package.json
	@echo "==> installing the explorer's JavaScript (cytoscape.js) from the npm registry"
	cd app/static && npm install --no-audit --no-fund --silent
	mkdir -p app/static/vendor
	cp app/static/node_modules/cytoscape/dist/cytoscape.min.js $@
	cp app/static/node_modules/swagger-ui-dist/{swagger-ui-bundle.js,swagger-ui.css,favicon-32x32.png} app/static/vendor/

install: $(BIN)/researchgraph $(CYTOSCAPE)

$(HARNESS_JAR): tests/neo4j/pom.xml tests/neo4j/src/main/java/researchgraph/TestServer.java
	@echo "==> building the Neo4j test server (Maven; first time: a few minutes)"
	cd tests/neo4j && mvn --batch-mode --quiet package -DskipTests

neo4j-harness: $(HARNESS_JAR)

# Debian's Chromium for the explorer's browser tests (no browser download).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

run: install
	@echo "==> ingesting $(SOURCES) into $(RG_DATA_DIR)"
	$(BIN)/researchgraph ingest $(SOURCES)
	@echo "==> serving http://$(HOST):$(PORT)/ (explorer) and http://$(HOST):$(PORT)/docs (API); Ctrl-C stops"
	$(BIN)/researchgraph serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check app graph nlp cypher tests bench
	$(BIN)/lint-imports

test: install neo4j-harness browser lint
	$(BIN)/pytest

bench: install neo4j-harness
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) tests/neo4j/target app/static/node_modules app/static/vendor .researchgraph
