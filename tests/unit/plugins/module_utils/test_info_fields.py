"""The fields option of the _info modules: its choices are the keys RETURN documents, and it picks keys."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import importlib
import os

import pytest
import yaml

from ansible_collections.tableau.server.plugins.module_utils.module import select_fields

MODULES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "plugins", "modules")
INFO_MODULES = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(MODULES, "*_info.py")))


def test_every_info_module_is_covered():
    assert len(INFO_MODULES) >= 17


@pytest.mark.parametrize("name", INFO_MODULES)
def test_the_choices_are_the_documented_keys(name):
    module = importlib.import_module("ansible_collections.tableau.server.plugins.modules.%s" % name)
    returned = yaml.safe_load(module.RETURN)
    lists = [key for key, value in returned.items() if value.get("type") == "list" and value.get("elements") == "dict"]
    documented = yaml.safe_load(module.DOCUMENTATION)["options"]["fields"]
    assert list(module.ITEM_KEYS) == list(returned[lists[0]]["contains"])
    assert documented["choices"] == list(module.ITEM_KEYS)
    assert "RV(%s)" % lists[0] in documented["description"][0]


def test_select_fields_keeps_only_the_keys_asked_for():
    items = [dict(id="1", name="ann", site_role="Viewer"), dict(id="2", name="bob")]
    assert select_fields(items, ["name", "site_role"]) == [dict(name="ann", site_role="Viewer"), dict(name="bob")]
    assert select_fields([], ["name"]) == []
