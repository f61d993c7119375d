# tableau.server: the two commands a newcomer needs are `make demo` and `make test`.
# Both create their own virtualenv (.venv) on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(abspath $(VENV))/bin/python
BIN := $(abspath $(VENV))/bin
# ansible-test wants the collection at .../ansible_collections/tableau/server, outside this git tree.
BUILD ?= $(or $(TMPDIR),/tmp)/tableau.server-build-$(shell pwd | cksum | cut -d" " -f1)
COLLECTION := $(BUILD)/ansible_collections/tableau/server
# Tableau's official XSD, which the emulator's responses are validated against.
export TABLEAU_API_SCHEMA ?= $(abspath ../shared/tableau-api/ts-api_3_29.xsd)
SANITY_PYTHON ?= $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')

.PHONY: help venv sync demo bench test sanity units emulator-tests examples reliability integration emulator clean

help:
	@echo "make demo    start the emulator, converge tests/demo/site.yml twice (second run changed=0)"
	@echo "make test    sanity + unit + emulator + examples + reliability + integration tests"
	@echo "make reliability  every module under injected faults, bad input, TLS and -vvv secret checks"
	@echo "make emulator  run the Tableau REST emulator in the foreground on 127.0.0.1:8850"
	@echo "make bench   compare requests, time and memory with TSC against a slowed-down emulator (ARGS=--help)"

venv: $(VENV)/.installed

$(VENV)/.installed: tests/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r tests/requirements.txt
	touch $@

# Copy what git tracks (and new files it does not ignore) into the build tree.
sync:
	rm -rf $(COLLECTION)
	mkdir -p $(COLLECTION)
	git ls-files -co --exclude-standard -z | xargs -0 -I{} sh -c 'test -e "{}" && echo "{}"' | tar -cf - -T - | tar -xf - -C $(COLLECTION)

emulator: venv
	$(PY) tests/emulator/run_emulator.py $(ARGS)

demo: venv sync
	cd $(COLLECTION) && PATH=$(BIN):$$PATH ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
	  $(PY) tests/utils/with_emulator.py -- $(PY) tests/demo/run_demo.py

# Not part of `make test`: it takes minutes and measures rather than checks.
bench: venv sync
	cd $(COLLECTION) && PATH=$(BIN):$$PATH $(PY) tests/benchmark/bench.py $(ARGS)

test: venv sync sanity units emulator-tests examples reliability integration
	@echo "all tests passed"

sanity: venv sync
	$(PY) tests/utils/ansible_test_pip_bootstrap.py --install
	cd $(COLLECTION) && PATH=$(BIN):$$PATH ansible-test sanity --color no --python $(SANITY_PYTHON) --requirements

units: venv sync
	cd $(COLLECTION) && PATH=$(BIN):$$PATH PYTHONPATH=$(BUILD) $(PY) -m pytest -q -p no:cacheprovider tests/unit

emulator-tests: venv sync
	cd $(COLLECTION) && PATH=$(BIN):$$PATH $(PY) -m pytest -q -rs -p no:cacheprovider tests/emulator/test

examples: venv sync
	cd $(COLLECTION) && PATH=$(BIN):$$PATH $(PY) -m pytest -q -p no:cacheprovider tests/examples

# Real modules through ansible-playbook against the emulator: faults, check mode, secrets, TLS, bad input.
reliability: venv sync
	cd $(COLLECTION) && PATH=$(BIN):$$PATH $(PY) -m pytest -q -p no:cacheprovider tests/reliability

integration: venv sync
	cd $(COLLECTION) && PATH=$(BIN):$$PATH $(PY) tests/utils/with_emulator.py \
	  --config tests/integration/integration_config.yml -- \
	  ansible-test integration --color no --python $(SANITY_PYTHON) $(TARGETS)

clean:
	rm -rf $(BUILD) build
