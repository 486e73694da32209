# The two commands of the README: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PACKAGES := -e libs/contest_contracts -e libs/contest_kit -e services/registration -e services/review \
            -e services/ranking -e services/notify -e services/gateway -e cli

.PHONY: run test lint contracts unit install install-dev services clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt $(wildcard */pyproject.toml) $(wildcard */*/pyproject.toml)
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps $(PACKAGES)
	touch $@

# The AsyncAPI 3 JSON schema the catalogue test validates against (npm's @asyncapi/specs).
ASYNCAPI_SPECS := build/npm/node_modules/@asyncapi/specs/package.json

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt requirements-deploy.txt $(ASYNCAPI_SPECS)
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(ASYNCAPI_SPECS):
	@command -v npm >/dev/null || { echo "npm is needed for the tests: sudo apt-get install npm"; exit 1; }
	mkdir -p build/npm
	npm install --no-audit --no-fund --silent --prefix build/npm @asyncapi/specs@6.11.1

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: set up and start the whole platform on its embedded defaults
run: install services
	$(BIN)/contest up

## make test: set up and run lint, import contracts and every test
test: install-dev
	NEED_POSTGRES=1 bash scripts/ensure-services.sh
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest -q

lint: install-dev
	$(BIN)/ruff check .

contracts: install-dev
	$(BIN)/lint-imports

# Start RabbitMQ and PostgreSQL when they are installed but stopped.
services:
	@bash scripts/ensure-services.sh

clean:
	rm -rf $(VENV) var
