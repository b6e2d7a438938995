# Pathway assistant. `make help` lists the targets; `make chat` and `make test` are the two
# that matter. Everything is installed into .venv from pinned packages (requirements.lock).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
RASA   := $(VENV)/bin/rasa
# Rasa's command line with the project's Rasa patches installed and its version checked
# (bot/rasa_server/patches.py); every server and shell starts through it. PYTHONPATH=. so Rasa can
# import bot.rasa_server.logs for logging.yml before it adds the project directory to sys.path.
RASA_PATCHED := PYTHONPATH=. $(PY) -m bot.rasa_server.patches
SPACY  := .spacy/en_pathway
MODEL  := models/pathway.tar.gz
WEB_DIST := web/dist/chat-widget.js
# Origins allowed to call the server from a browser (space-separated), passed to `rasa run --cors`.
# Default: the demo page only. Add the sites that embed the widget (see .env.example).
CORS_ORIGINS ?= http://localhost:$(PORT)
# The HTTP API (/model, /conversations, ...) is served only when a token is set. Rasa then
# requires ?token=... on every API call.
API_FLAGS = $(if $(RASA_API_TOKEN),--enable-api --auth-token "$$RASA_API_TOKEN")
ACTION_PORT ?= 5055
# The action server listens on loopback only and takes bodies of at most 1 MB (Sanic reads
# SANIC_* settings from the environment); only the Rasa server beside it calls it.
ACTION_SERVER := SANIC_HOST=127.0.0.1 SANIC_REQUEST_MAX_SIZE=1048576 $(PY) -m rasa_sdk --actions actions
# endpoints.yml: SQLite in var/; endpoints.scale.yml: PostgreSQL + Redis (README, Operations).
ENDPOINTS ?= endpoints.yml
RETENTION_DAYS ?= $(or $(PATHWAY_RETENTION_DAYS),30)
PORT   ?= 5005

# Local settings (see .env.example); the environment wins over nothing else.
ifneq (,$(wildcard .env))
include .env
export
endif

export TF_CPP_MIN_LOG_LEVEL := 3
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONWARNINGS := ignore
export TF_ENABLE_ONEDNN_OPTS := 0

# With Teams settings in the environment (or .env), also serve the Teams channel.
CREDENTIALS = $(if $(MICROSOFT_APP_ID),credentials.teams.yml,credentials.yml)
PY_SETUP := $(VENV)/.installed $(SPACY)/meta.json
# bot/shared/focus.py: the question-focus component cuts each message with its `question_part`,
# in training and in use alike, so an edit to it, or to the spellings it reads with
# (bot/shared/words.py), or to the intent the danger reader learns as a report
# (bot/shared/intents.py), retrains.
TRAIN_INPUTS := config.yml domain.yml $(wildcard data/*.yml data/nlu/*.yml data/danger/*.yml) $(SPACY)/meta.json \
	$(wildcard bot/rasa_server/nlu/*.py) bot/shared/focus.py bot/shared/intents.py bot/shared/words.py

.PHONY: help setup chat shell train run editors web ask test generate synonyms teams-package services purge soak clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(PY_SETUP) $(WEB_DIST) ## Create .venv, build the spaCy pipeline and the web widget

$(VENV)/.installed: requirements.lock requirements-dev.lock
	@python=$$(scripts/find-python.sh) || exit 1; \
	  echo "Using $$python"; \
	  [ -x $(PY) ] || $$python -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==24.0
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet -r requirements-dev.lock -c requirements.lock
	touch $@

$(SPACY)/meta.json: scripts/build_spacy.py $(VENV)/.installed
	$(PY) scripts/build_spacy.py $(SPACY)

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund

$(WEB_DIST): web/build.mjs web/src/widget.js web/src/widget.css web/node_modules/.package-lock.json
	cd web && npm run --silent build

# Files generated from the content (data/pathway/) and the NLU examples (data/nlu/): the
# synonyms, one rule per intent, and the domain's intent list (bot/tools/generate.py). Remade before
# training when their inputs change; `make test` fails when a committed one is out of date.
GENERATED := data/nlu/synonyms.yml data/rules.yml domain.yml
GENERATOR_INPUTS := $(wildcard data/pathway/*.yml) $(filter-out $(GENERATED),$(wildcard data/nlu/*.yml)) \
  bot/tools/generate.py bot/tools/synonyms.py bot/shared/content.py
$(GENERATED) &: $(GENERATOR_INPUTS) $(VENV)/.installed
	$(PY) -m bot generate
	@touch $(GENERATED)

generate: $(GENERATED) ## Regenerate synonyms, rules and the domain's intents from content + NLU

synonyms: generate ## Same as `make generate` (its old name)

train: $(MODEL) ## Train the model (only when its inputs changed)

# `--skip-validation`: `make test` validates the data first (`rasa data validate`), and Rasa's
# own check costs about 8 s of every train. Inputs newer than the model but with the same
# content (a checkout, an editor's save) do not retrain: their checksums are kept next to the model. Rasa would find the same and restore
# every component from its cache, but only after about 10 s of start-up.
MODEL_INPUTS := models/pathway.inputs.sha256
# The editors' reviewed examples the model was trained with: the review page counts those it
# has not learnt yet against this copy (bot/editors/training.py).
REVIEWED_TRAINED := models/pathway.reviewed.yml
$(MODEL): $(TRAIN_INPUTS) requirements.lock
	@if [ -f $@ ] && sha256sum $(sort $(TRAIN_INPUTS) requirements.lock) | cmp -s - $(MODEL_INPUTS); then \
	  echo "Nothing changed since $@ was trained: kept."; \
	else \
	  $(RASA_PATCHED) train --skip-validation --fixed-model-name pathway --out models && \
	  sha256sum $(sort $(TRAIN_INPUTS) requirements.lock) > $(MODEL_INPUTS); \
	fi
	@cp data/nlu/reviewed.yml $(REVIEWED_TRAINED)
	@touch $@

# The first run sets up and trains (a few minutes); its output goes to var/setup.log, so the
# screen shows only the assistant. The chat runs the model and the actions in one process.
chat: ## Talk to the assistant in the terminal (/help inside; log in var/chat.log)
	@mkdir -p var; \
	  $(MAKE) -q $(PY_SETUP) $(MODEL) 2>/dev/null || echo "Getting ready (first run: a few minutes; details in var/setup.log)..."; \
	  $(MAKE) --no-print-directory $(PY_SETUP) $(MODEL) >var/setup.log 2>&1 || { echo "Set-up failed: see var/setup.log"; exit 1; }
	@PYTHONPATH=. $(PY) -m bot chat

shell: $(PY_SETUP) $(MODEL) ## Rasa's own `rasa shell`, with the action server on :5055
	@mkdir -p var; $(ACTION_SERVER) --port $(ACTION_PORT) >var/actions.log 2>&1 & pid=$$!; \
	  trap "kill $$pid 2>/dev/null" EXIT INT TERM; \
	  scripts/wait-for-port.sh $(ACTION_PORT) 60 || { cat var/actions.log; exit 1; }; \
	  $(RASA_PATCHED) shell --model $(MODEL) --endpoints $(ENDPOINTS) --logging-config-file logging.yml

run: setup $(MODEL) ## Serve REST + web chat on :5005 (demo page /webhooks/web/) with actions on :5055
	@$(ACTION_SERVER) --port $(ACTION_PORT) & pid=$$!; \
	  trap "kill $$pid 2>/dev/null" EXIT INT TERM; \
	  echo "Demo page: http://localhost:$(PORT)/webhooks/web/"; \
	  $(RASA_PATCHED) run --model $(MODEL) --endpoints $(ENDPOINTS) --credentials $(CREDENTIALS) \
	    --logging-config-file logging.yml \
	    --port $(PORT) $(API_FLAGS) --cors $(foreach o,$(CORS_ORIGINS),"$(o)")

# The editors' review page (bot/editors/): off unless PATHWAY_EDITORS_SECRET is set; on
# 127.0.0.1:$(EDITORS_PORT), reading the database of $(ENDPOINTS) (README, "For editors").
EDITORS_PORT ?= 5006
EDITORS_HOST ?= 127.0.0.1
editors: $(PY_SETUP) ## Serve the editors' review page on :5006 (needs PATHWAY_EDITORS_SECRET)
	@PYTHONPATH=. $(PY) -m bot.editors --endpoints $(ENDPOINTS) --model $(MODEL) \
	  --host $(EDITORS_HOST) --port $(EDITORS_PORT)

web: $(WEB_DIST) ## Open the demo page of a running `make run` in the browser
	$(PY) -m webbrowser -t http://localhost:$(PORT)/webhooks/web/

ask: $(PY_SETUP) $(MODEL) ## Answer questions from stdin or Q="..." (add ARGS=--json / --conversation)
	@$(PY) -m bot ask $(ARGS) $(if $(Q),"$(Q)")

# Lint (ruff, configured in pyproject.toml), check the generated files, validate the data,
# run the tests that need no model (the action server's own venv included), train, then the
# model tests (the 1,000-message test, marked `slow`, included) and the conversation stories.
# Test files run on TEST_WORKERS processes (pytest-xdist), each file whole on one of them: the
# 1,000-message test keeps one busy for minutes while the other runs the rest.
TEST_WORKERS ?= 2
PYTEST_PARALLEL = -n $(TEST_WORKERS) --dist loadfile
test: setup ## Lint, validate data, run unit tests, train, run model and conversation tests
	$(PY) -m ruff check .
	$(PY) -m bot generate --check
	$(RASA) data validate --fail-on-warnings
	$(PY) -m pytest -q -m "not model" $(PYTEST_PARALLEL)
	$(MAKE) --no-print-directory train
	$(PY) -m pytest -q -m model $(PYTEST_PARALLEL)
	$(RASA) test core --e2e --model $(MODEL) --stories tests/test_stories.yml \
	  --fail-on-prediction-errors --out results

teams-package: $(VENV)/.installed ## Build the Teams app zip (needs MICROSOFT_APP_ID, TEAMS_WEBSITE_URL)
	$(PY) scripts/teams_package.py --out build/teams/pathway-teams.zip

services: ## Start PostgreSQL and Redis on loopback for the scale-out test (needs root)
	scripts/ci-services.sh

purge: $(VENV)/.installed ## Delete conversations idle, and editors' records older, than RETENTION_DAYS (default 30)
	$(PY) -m bot purge --endpoints $(ENDPOINTS) --days $(RETENTION_DAYS)

soak: $(PY_SETUP) $(MODEL) ## 50 users for 60 s over REST: errors, p95, memory before/after
	$(PY) bench/soak.py

clean: ## Remove the venv, models, caches and results
	rm -rf $(VENV) .spacy models results .rasa var web/node_modules web/dist
