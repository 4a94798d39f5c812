# ofsted-kg: `make demo` builds and queries the graph; `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := test
.PHONY: test demo graphs schemes docs lint typecheck bench corpus clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -q

demo: $(STAMP)
	$(BIN)/ofsted-kg build reports/ -o graphs/
	$(BIN)/ofsted-kg validate graphs/ofsted.ttl
	$(BIN)/ofsted-kg query inspections

graphs: $(STAMP)
	$(BIN)/ofsted-kg build reports/ -o graphs/

# Generated files: the concept schemes and JSON-LD context from the vocabulary, and the
# Markdown documentation of the ontology, shapes and stored queries, and the README's command
# table (tests fail when stale).
schemes: $(STAMP)
	$(BIN)/python tools/make_schemes.py
	$(BIN)/python tools/make_context.py

docs: $(STAMP)
	$(BIN)/python tools/make_docs.py
	$(BIN)/python tools/make_querydoc.py
	$(BIN)/python tools/make_commands.py

# Style, the layer contract (pyproject.toml [tool.importlinter]) and dead code.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/lint-imports
	! $(BIN)/vulture src tools tests benchmarks --min-confidence 60 | grep '^src/'

typecheck: $(STAMP)
	$(BIN)/mypy src

# Every report in a folder (default ../shared/pdfs): read, refused, quarantined, gaps.
corpus: $(STAMP)
	$(BIN)/python tools/corpus.py $(CORPUS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
