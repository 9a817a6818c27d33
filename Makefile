# Set-up commands: `make learn` (learners), `make lab` (teachers) and `make test`. Each creates .venv when missing and
# reinstalls only when pyproject.toml or constraints.txt changed (the stamp file).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.certtraining-installed
PYTEST_WORKERS ?= 2

.PHONY: lab learn test test-fast lint unit browser bench handouts notebooks clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "certtraining needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/certtraining lab

# The learner's one command: the code-free learner app (Voilà) in the browser.
learn: $(STAMP)
	$(BIN)/certtraining app

test: lint unit browser

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Unit tests and nbval on every notebook; loadscope keeps each notebook in one worker.
unit: $(STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope --nbval \
		--nbval-sanitize-with tests/nbval_sanitize.cfg \
		--ignore=tests/browser tests notebooks

# The inner loop: unit tests only, without nbval, the browser or anything marked slow.
# PYTEST_FLAGS adds options (the fresh-machine job in .ci/ runs it with -n 2).
test-fast: $(STAMP)
	$(BIN)/pytest $(PYTEST_FLAGS) -m "not slow and not browser" --ignore=tests/browser tests

# One JupyterLab and one Chromium for the whole real-browser suite.
browser: $(STAMP)
	$(BIN)/pytest tests/browser

# The class benchmark measures through the proxy deployments run: the Node.js
# configurable-http-proxy (the tests use its Python port). Without npm it uses the port.
CHP := $(VENV)/node/node_modules/.bin/configurable-http-proxy
$(CHP):
	npm install --prefix $(VENV)/node --no-audit --no-fund --silent configurable-http-proxy@5.1.0

bench: $(STAMP)
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(CHP); fi
	CERTTRAINING_PROXY=$$(test -x $(CHP) && echo $(CURDIR)/$(CHP)) $(BIN)/python -m benchmarks

handouts: $(STAMP)
	$(BIN)/certtraining handouts
	$(BIN)/certtraining handouts --answers

# Regenerate the notebooks from data/ and execute them so their outputs can be committed.
notebooks: $(STAMP)
	$(BIN)/certtraining build-notebooks --execute

clean:
	rm -rf $(VENV) build .pytest_cache test-output
