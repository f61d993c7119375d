# tableau.server: the two commands a newcomer needs are `make demo` and `make test`.
# Both create their own virtualenv (.venv) on first use, with the newest supported ansible-core.
# `make matrix` runs sanity, units and integration on every supported ansible-core, one after another.

# The supported ansible-core releases, and the Python each one runs on here (2.20 and later need 3.12+).
MATRIX ?= 2.19 2.20 2.21
PYTHON_FOR_2.19 := 3.11
PYTHON_FOR_2.20 := 3.12
PYTHON_FOR_2.21 := 3.12
NEWEST := 2.21
# The ansible-core release this run uses: the newest unless told otherwise (make test ANSIBLE_CORE=2.19).
ANSIBLE_CORE ?= $(NEWEST)
PYTHON_VERSION ?= $(PYTHON_FOR_$(ANSIBLE_CORE))
# Set PYTHON to an interpreter to use it instead of the one found on PATH or under ~/.pyenv.
PYTHON ?=
# The newest release lives in .venv and the plain build tree; another one (make test ANSIBLE_CORE=2.19)
# in .venv-<release> and <build>-<release>.
RELEASE_SUFFIX := $(if $(filter $(NEWEST),$(ANSIBLE_CORE)),,-$(ANSIBLE_CORE))
VENV ?= .venv$(RELEASE_SUFFIX)
PY := $(abspath $(VENV))/bin/python
BIN := $(abspath $(VENV))/bin
STAMP := $(VENV)/.installed-ansible-core-$(ANSIBLE_CORE)
# ansible-test wants the collection at .../ansible_collections/tableau/server, outside this git tree.
BUILD_BASE := $(or $(TMPDIR),/tmp)/tableau.server-build-$(shell pwd | cksum | cut -d" " -f1)
BUILD ?= $(BUILD_BASE)$(RELEASE_SUFFIX)
COLLECTION := $(BUILD)/ansible_collections/tableau/server
# ansible-test and ansible keep caches, virtualenvs and temporary files under ~/.ansible: the tests
# get a home of their own in the build tree, so `make clean` removes all they leave behind. (The
# modules' temporary files would still go to the account's home, which ansible looks up by name.)
TEST_HOME := $(BUILD)/home
# Temporary files of the tests (pytest's, the emulator's, ansible-test's) stay in the build tree too.
TEST_TMP := $(BUILD)/tmp
RUN := HOME=$(TEST_HOME) TMPDIR=$(TEST_TMP) ANSIBLE_REMOTE_TMP=$(TEST_HOME)/.ansible/tmp PATH=$(BIN):$$PATH
# Tableau's official XSD, which the emulator's responses are validated against. The schema tests fail
# when it is missing, unless TABLEAU_SKIP_SCHEMA=1.
export TABLEAU_API_SCHEMA ?= $(abspath ../shared/tableau-api/ts-api_3_29.xsd)
# The release tools' venv, and where release-check and docs put what they make.
RELEASE_VENV ?= .venv-release
RELEASE_BIN := $(abspath $(RELEASE_VENV))/bin
RELEASE_STAMP := $(RELEASE_VENV)/.installed-release-tools
RELEASE_OUT := $(BUILD)/release
DOCSITE := $(BUILD)/docsite
RELEASE_RUN := HOME=$(TEST_HOME) TMPDIR=$(TEST_TMP) ANSIBLE_REMOTE_TMP=$(TEST_HOME)/.ansible/tmp \
  ANSIBLE_COLLECTIONS_PATH=$(BUILD) PATH=$(RELEASE_BIN):$$PATH
SANITY_PYTHON = $(shell $(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])')

.PHONY: help venv release-venv tabcmd-venv tsc-samples sync demo bench test sanity units emulator-tests examples reliability fuzz integration emulator matrix docs release-check clean

help:
	@echo "make demo    start the emulator, converge tests/demo/site.yml twice (second run changed=0)"
	@echo "make test    sanity + unit + emulator + examples + reliability + integration tests (ansible-core $(ANSIBLE_CORE))"
	@echo "make matrix  sanity + unit + integration tests on each of ansible-core $(MATRIX), one after another"
	@echo "make reliability  every module under injected faults, bad input, TLS and -vvv secret checks, and a fuzz pass"
	@echo "make fuzz    the fuzz pass alone, longer (FUZZ_EXAMPLES per module, default 25)"
	@echo "make emulator  run the Tableau REST emulator in the foreground on 127.0.0.1:8850"
	@echo "make bench   compare requests, time and memory with TSC against a slowed-down emulator (ARGS=--help)"
	@echo "make docs    build the HTML docsite (modules, role, guides, changelog) with antsibull-docs"
	@echo "make release-check  build the artifact; galaxy-importer, ansible-lint production, docs lint and build, EE"
	@echo "See docs/developer-guide.md for all of them."

# $(call find_python,VERSION,WHAT): sets the shell variable python to an interpreter of Python VERSION:
# PYTHON if given, else pythonVERSION on PATH (when it runs: a pyenv shim may not), else the newest
# ~/.pyenv/versions/VERSION.*; stops with what to install when there is none.
define find_python
python="$(PYTHON)"; \
if [ -z "$$python" ]; then \
  for candidate in python$(1) $$(ls -d $$HOME/.pyenv/versions/$(1).* 2>/dev/null | sort -rV); do \
    case $$candidate in */*) candidate=$$candidate/bin/python$(1);; esac; \
    if "$$candidate" -c 'import sys, venv' >/dev/null 2>&1; then python=$$candidate; break; fi; \
  done; \
fi; \
if [ -z "$$python" ]; then \
  echo "$(2) needs Python $(1), and none was found: neither python$(1) on PATH" \
    "nor ~/.pyenv/versions/$(1).*. Install it (Debian/Ubuntu: apt-get install python$(1)" \
    "python$(1)-venv; or: pyenv install $(1)), or name one: make PYTHON=/path/to/python$(1)" >&2; \
  exit 1; \
fi
endef

venv: $(STAMP)

# The venv is made from Python $(PYTHON_VERSION) (see find_python).
$(STAMP): requirements.txt tests/requirements.txt
	@$(call find_python,$(PYTHON_VERSION),ansible-core $(ANSIBLE_CORE)); \
	echo "$(VENV): ansible-core $(ANSIBLE_CORE) on $$("$$python" --version 2>&1) ($$python)"; \
	rm -rf $(VENV) && "$$python" -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r tests/requirements.txt "ansible-core==$(ANSIBLE_CORE).*"
	touch $@

# tabcmd pins its own tableauserverclient, older than the tests', so it lives in a venv of its own; the
# emulator tests run its commands against the emulator (tests/emulator/test/test_tabcmd.py).
TABCMD_VENV ?= .venv-tabcmd
TABCMD_STAMP := $(TABCMD_VENV)/.installed-tabcmd
export TABLEAU_TABCMD := $(abspath $(TABCMD_VENV))/bin/tabcmd

tabcmd-venv: $(TABCMD_STAMP)

$(TABCMD_STAMP): tests/tabcmd-requirements.txt
	@$(call find_python,$(PYTHON_FOR_$(NEWEST)),tabcmd); \
	echo "$(TABCMD_VENV): tabcmd on $$("$$python" --version 2>&1) ($$python)"; \
	rm -rf $(TABCMD_VENV) && "$$python" -m venv $(TABCMD_VENV)
	$(abspath $(TABCMD_VENV))/bin/pip install --quiet --upgrade pip
	$(abspath $(TABCMD_VENV))/bin/pip install --quiet -r tests/tabcmd-requirements.txt
	touch $@

# TSC's own sample scripts (tests/emulator/test/test_tsc_samples.py runs them against the emulator) and its
# recorded server answers (test/assets/, compared with the emulator's by tests/emulator/test/test_tsc_assets.py)
# ship only in its source distribution: the release pinned in tests/requirements.txt is fetched from the package
# index into the build tree and those two folders unpacked there. Neither is ever part of this repository.
TSC_VERSION := $(shell sed -n 's/^tableauserverclient==\([^ ;#]*\).*/\1/p' tests/requirements.txt)
TSC_SAMPLES_DIR := $(BUILD)/tsc-samples
TSC_SAMPLES_STAMP := $(TSC_SAMPLES_DIR)/.unpacked-tableauserverclient-$(TSC_VERSION)-samples-assets
export TABLEAU_TSC_SAMPLES := $(TSC_SAMPLES_DIR)/samples
export TABLEAU_TSC_ASSETS := $(TSC_SAMPLES_DIR)/test/assets

tsc-samples: $(TSC_SAMPLES_STAMP)

$(TSC_SAMPLES_STAMP): tests/requirements.txt | $(STAMP)
	@test -n "$(TSC_VERSION)" || { echo "tests/requirements.txt pins no tableauserverclient==<version>" >&2; exit 1; }
	rm -rf $(TSC_SAMPLES_DIR) && mkdir -p $(TSC_SAMPLES_DIR)/sdist
	$(BIN)/pip download --quiet --no-deps --no-binary :all: --dest $(TSC_SAMPLES_DIR)/sdist \
	  "tableauserverclient==$(TSC_VERSION)"
	tar -xzf $(TSC_SAMPLES_DIR)/sdist/*.tar.gz -C $(TSC_SAMPLES_DIR) --strip-components=1 --wildcards "*/samples/*" "*/test/assets/*"
	touch $@

# The release tools (galaxy-importer, ansible-lint, antsibull-docs, ansible-builder, Sphinx) have a venv
# of their own, on the newest ansible-core, so they never change what the tests run with.
release-venv: $(RELEASE_STAMP)

$(RELEASE_STAMP): requirements.txt tests/release/requirements.txt
	@$(call find_python,$(PYTHON_FOR_$(NEWEST)),the release tools); \
	echo "$(RELEASE_VENV): release tools on ansible-core $(NEWEST), $$("$$python" --version 2>&1) ($$python)"; \
	rm -rf $(RELEASE_VENV) && "$$python" -m venv $(RELEASE_VENV)
	$(RELEASE_BIN)/pip install --quiet --upgrade pip
	$(RELEASE_BIN)/pip install --quiet -r requirements.txt -r tests/release/requirements.txt "ansible-core==$(NEWEST).*"
	touch $@

# Copy what git tracks (and new files it does not ignore) into the build tree.
sync:
	rm -rf $(COLLECTION)
	mkdir -p $(COLLECTION) $(TEST_TMP)
	git ls-files -co --exclude-standard -z | xargs -0 -I{} sh -c 'test -e "{}" && echo "{}"' | tar -cf - -T - | tar -xf - -C $(COLLECTION)

emulator: venv
	$(PY) tests/emulator/run_emulator.py $(ARGS)

demo: venv sync
	cd $(COLLECTION) && $(RUN) ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
	  $(PY) tests/utils/with_emulator.py -- $(PY) tests/demo/run_demo.py

# Not part of `make test`: it takes minutes and measures rather than checks.
bench: venv sync
	cd $(COLLECTION) && $(RUN) $(PY) tests/benchmark/bench.py $(ARGS)

test: venv sync sanity units emulator-tests examples reliability integration
	@echo "all tests passed on ansible-core $(ANSIBLE_CORE)"

# ansible-test fills its sanity virtualenvs with pip through a get-pip script it would download from
# a host other than the package index; the stand-in goes into the tests' own home (see the script).
sanity: venv sync
	$(RUN) $(PY) tests/utils/ansible_test_pip_bootstrap.py --install $(TEST_HOME) --python $(SANITY_PYTHON)
	cd $(COLLECTION) && $(RUN) ansible-test sanity --color no --python $(SANITY_PYTHON) --requirements

units: venv sync
	cd $(COLLECTION) && $(RUN) PYTHONPATH=$(BUILD) $(PY) -m pytest -q -p no:cacheprovider tests/unit

emulator-tests: venv tabcmd-venv tsc-samples sync
	cd $(COLLECTION) && $(RUN) $(PY) -m pytest -q -rs -p no:cacheprovider tests/emulator/test

examples: venv sync
	cd $(COLLECTION) && $(RUN) $(PY) -m pytest -q -p no:cacheprovider tests/examples

# Real modules through ansible-playbook against the emulator: faults, check mode, secrets, TLS, bad input.
reliability: venv sync
	cd $(COLLECTION) && $(RUN) $(PY) -m pytest -q -p no:cacheprovider tests/reliability

# The fuzz pass on its own, longer than in make test: FUZZ_EXAMPLES cases per module (FUZZ_SEED picks them).
fuzz: venv sync
	cd $(COLLECTION) && $(RUN) FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),25) $(PY) -m pytest -q -p no:cacheprovider tests/reliability/test_fuzz.py

integration: venv sync
	cd $(COLLECTION) && $(RUN) $(PY) tests/utils/with_emulator.py \
	  --config tests/integration/integration_config.yml -- \
	  ansible-test integration --color no --python $(SANITY_PYTHON) $(TARGETS)

# Sanity, units and integration on every supported ansible-core (MATRIX), each with its own venv
# (.venv-<release>) and build tree (<build>-<release>): one after another, or with MATRIX_PARALLEL=1 all
# at once, each release's output then kept in <build>-<release>.log and printed when it ends.
MATRIX_PARALLEL ?=
matrix:
	@run_release() { \
	  started=$$(date +%s); \
	  if $(MAKE) --no-print-directory ANSIBLE_CORE=$$1 PYTHON= VENV=.venv-$$1 BUILD=$(BUILD_BASE)-$$1 \
	      venv sync sanity units integration; then \
	    echo "=== ansible-core $$1 passed in $$(( $$(date +%s) - started )) s"; \
	  else \
	    echo "=== ansible-core $$1 FAILED after $$(( $$(date +%s) - started )) s"; return 1; \
	  fi; \
	}; \
	failed=""; \
	if [ -n "$(MATRIX_PARALLEL)" ]; then \
	  pids=""; \
	  for release in $(MATRIX); do \
	    echo "=== ansible-core $$release (side by side; output in $(BUILD_BASE)-$$release.log)"; \
	    run_release $$release > $(BUILD_BASE)-$$release.log 2>&1 & pids="$$pids $$!"; \
	  done; \
	  set -- $$pids; \
	  for release in $(MATRIX); do \
	    wait $$1 || failed="$$failed $$release"; shift; \
	    echo "=== ansible-core $$release: its output"; cat $(BUILD_BASE)-$$release.log; \
	  done; \
	else \
	  for release in $(MATRIX); do \
	    echo "=== ansible-core $$release"; run_release $$release || failed="$$failed $$release"; \
	  done; \
	fi; \
	if [ -n "$$failed" ]; then echo "make matrix: failed on ansible-core$$failed" >&2; exit 1; fi

# The HTML docsite: antsibull-docs for the modules and the role, MyST for docs/*.md; fails on any warning.
docs: release-venv sync
	cd $(COLLECTION) && $(RELEASE_RUN) $(RELEASE_BIN)/python tests/release/build_docsite.py . $(DOCSITE)

# What a release must pass beyond make test: the artifact through galaxy-importer (Galaxy's and
# Automation Hub's settings), ansible-lint --profile production on the roles and the docs' playbooks,
# antsibull-docs lint, the docsite, ansible-builder, the installed emulator, antsibull-changelog lint.
release-check: release-venv sync
	cd $(COLLECTION) && $(RELEASE_RUN) $(RELEASE_BIN)/python tests/release/release_check.py $(RELEASE_OUT) $(DOCSITE)

clean:
	rm -rf $(BUILD_BASE) $(addprefix $(BUILD_BASE)-,$(MATRIX)) build
