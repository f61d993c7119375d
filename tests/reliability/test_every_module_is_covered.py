"""Every module in plugins/modules/ is in the reliability audit table (check mode, secrets, sessions,
faults: audited_modules.MODULES) and in the examples run (tests/examples/test_examples.py)."""

import glob
import os
import sys

import pytest

from audited_modules import MODULES
from conftest import COLLECTION

sys.path.insert(0, os.path.join(COLLECTION, "tests", "examples"))

import test_examples  # noqa: E402  pylint: disable=wrong-import-position

PLUGIN_MODULES = sorted(os.path.splitext(os.path.basename(path))[0]
                        for path in glob.glob(os.path.join(COLLECTION, "plugins", "modules", "*.py"))
                        if not os.path.basename(path).startswith("__"))


def test_the_modules_are_found():
    assert len(PLUGIN_MODULES) > 1


@pytest.mark.parametrize("module", PLUGIN_MODULES)
def test_module_is_in_the_reliability_audit(module):
    audited = [entry.module for entry in MODULES]
    assert audited.count(module) == 1, "%s should have exactly one entry in tests/reliability/audited_modules.py" % module


@pytest.mark.parametrize("module", PLUGIN_MODULES)
def test_module_examples_are_run(module):
    run = [os.path.basename(path)[:-3] for path in test_examples.MODULES]
    assert module in run, "tests/examples/test_examples.py does not run the EXAMPLES of %s" % module


def test_the_audit_names_only_real_modules():
    unknown = sorted(set(entry.module for entry in MODULES) - set(PLUGIN_MODULES))
    assert not unknown, "audited_modules.py names modules that plugins/modules/ does not have: %s" % unknown
