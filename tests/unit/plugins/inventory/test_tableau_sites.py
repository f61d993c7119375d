"""The tableau_sites inventory plugin: filters and host names, and ansible-inventory against the emulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os
import subprocess

import pytest
import yaml

from ansible.errors import AnsibleParserError

from ansible_collections.tableau.server.plugins.inventory.tableau_sites import (
    InventoryModule,
    host_names,
    host_vars,
    wanted,
)
from ansible_collections.tableau.server.plugins.module_utils.site import SETTING_NAMES

from tableau_emulator.server import BackgroundEmulator  # pylint: disable=wrong-import-order
from tableau_emulator.state import DEFAULT_SEED  # pylint: disable=wrong-import-order

COLLECTION = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
COLLECTIONS_PATH = os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION)))
CONTENT_URLS = ["site%02d" % number for number in range(1, 20)]
SUSPENDED = ("site07", "site13")


def site(name, content_url, state="Active"):
    return {"id": "id-" + content_url, "name": name, "content_url": content_url, "site_state": state}


def twenty_sites(cloud=False):
    """The default seed with 19 more sites (20 in all), two of them suspended."""
    seed = copy.deepcopy(DEFAULT_SEED)
    seed["server"] = dict(seed["server"], cloud=cloud)
    seed["sites"] = [{"name": "Default", "content_url": ""}] + [
        {"name": "Site %s" % content_url[4:], "content_url": content_url,
         "settings": {"state": "Suspended"} if content_url in SUSPENDED else {}} for content_url in CONTENT_URLS]
    seed["users"][0]["sites"] = [""] + CONTENT_URLS
    return seed


# ------------------------------------------------------------------ filters, names and variables

SITES = [site("Default", ""), site("Finance", "finance"), site("Finance (archive)", "finance_old", "Suspended"),
         site("Sales", "sales")]


@pytest.mark.parametrize("filters, expected", [
    ({}, ["", "finance", "finance_old", "sales"]),
    ({"include": ["fin*"]}, ["finance", "finance_old"]),
    ({"include": ["FINANCE"]}, ["finance"]),
    ({"exclude": ["* (archive)"]}, ["", "finance", "sales"]),
    ({"content_urls": ["fin*"], "exclude": ["*archive*"]}, ["finance"]),
    ({"content_urls": [""]}, [""]),
    ({"states": ["Suspended"]}, ["finance_old"]),
    ({"include": ["s*"], "states": ["Active"]}, ["sales"]),
], ids=["all", "include", "include ignores case", "exclude", "content URL and exclude", "the Default site",
        "suspended", "include and state"])
def test_filters_pick_the_sites(filters, expected):
    assert [s["content_url"] for s in SITES if wanted(s, **filters)] == expected


def test_hosts_are_named_by_content_url_and_the_default_site_by_its_option():
    assert sorted(host_names(SITES, "default")) == ["default", "finance", "finance_old", "sales"]
    assert host_names(SITES, "main")["main"]["name"] == "Default"


def test_a_site_named_like_the_default_sites_host_is_an_error():
    with pytest.raises(AnsibleParserError) as info:
        host_names(SITES + [site("Old default", "Default")], "default")
    assert "default_site_host" in str(info.value)


def test_host_variables_are_the_site_prefixed():
    record = dict(site("Finance", "finance"), admin_mode="ContentOnly", user_quota=None)
    variables = host_vars(record, "https://tableau.example.com")
    assert variables["tableau_server_url"] == "https://tableau.example.com"
    assert (variables["tableau_site_id"], variables["tableau_site_name"], variables["tableau_site_content_url"],
            variables["tableau_site_state"], variables["tableau_site_admin_mode"]) == (
        "id-finance", "Finance", "finance", "Active", "ContentOnly")
    assert "tableau_site_site_state" not in variables
    assert len(variables) == 1 + 3 + len(SETTING_NAMES)
    assert all(name.startswith("tableau_") for name in variables)


# ------------------------------------------------------------------ ansible-inventory against the emulator

@pytest.fixture(scope="module")
def emulator():
    with BackgroundEmulator(seed=twenty_sites()) as emu:
        yield emu


def inventory(tmp_path, config, env=None, name="sites.tableau_sites.yml", graph=False):
    """ansible-inventory --list (or --graph) on a config file; (returncode, parsed output or text, stderr)."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump(dict({"plugin": "tableau.server.tableau_sites"}, **config)))
    environment = dict((key, value) for key, value in os.environ.items() if not key.startswith("TABLEAU_"))
    environment.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_NOCOLOR="true",
                       ANSIBLE_INVENTORY_UNPARSED_WARNING="false", **(env or {}))
    process = subprocess.run(["ansible-inventory", "-i", str(path), "--graph" if graph else "--list"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                             env=environment, check=False)
    output = process.stdout
    if process.returncode == 0 and not graph:
        output = json.loads(output)
    return process.returncode, output, process.stderr


def token_env(emu, **more):
    return dict({"TABLEAU_SERVER_URL": emu.url, "TABLEAU_TOKEN_NAME": "automation",
                 "TABLEAU_TOKEN_SECRET": "automation-secret"}, **more)


def plain(value):
    """A host variable as ansible-inventory prints it (strings from a plugin come marked unsafe)."""
    return value.get("__ansible_unsafe", value) if isinstance(value, dict) else value


def test_every_site_is_a_host_and_every_session_is_closed(emulator, tmp_path):
    emulator.emulator.reset()
    code, listed, errors = inventory(tmp_path, {}, token_env(emulator))
    assert code == 0, errors
    hostvars = listed["_meta"]["hostvars"]
    assert sorted(hostvars) == sorted(["default"] + CONTENT_URLS)
    assert plain(hostvars["default"]["tableau_site_content_url"]) == ""
    assert plain(hostvars["site07"]["tableau_site_state"]) == "Suspended"
    assert plain(hostvars["site01"]["tableau_site_name"]) == "Site 01"
    assert plain(hostvars["site01"]["tableau_server_url"]) == emulator.url
    assert emulator.emulator.state.sessions == {}
    assert [r["path"].rsplit("/", 1)[-1] for r in emulator.emulator.log] == ["serverinfo", "signin", "sites", "signout"]
    assert "automation-secret" not in json.dumps(listed) + errors


def test_filters_and_constructed_groups(emulator, tmp_path):
    config = {"content_urls": ["site1*", ""], "exclude": ["Site 15"], "states": ["Active"],
              "keyed_groups": [{"key": "tableau_site_state", "prefix": "state"}],
              "groups": {"teens": "tableau_site_content_url.startswith('site1')"},
              "compose": {"ansible_connection": "'local'"}}
    code, listed, errors = inventory(tmp_path, config, token_env(emulator))
    assert code == 0, errors
    expected = ["default", "site10", "site11", "site12", "site14", "site16", "site17", "site18", "site19"]
    assert sorted(listed["_meta"]["hostvars"]) == expected
    assert sorted(listed["teens"]["hosts"]) == expected[1:]
    assert sorted(listed["state_Active"]["hosts"]) == expected
    assert plain(listed["_meta"]["hostvars"]["site10"]["ansible_connection"]) == "local"


def test_the_files_credentials_win_over_the_environments(emulator, tmp_path):
    # A password in the environment, and a wrong one at that: the file's token is what signs in.
    env = {"TABLEAU_SERVER_URL": emulator.url, "TABLEAU_USERNAME": "admin", "TABLEAU_PASSWORD": "wrong-password"}
    code, listed, errors = inventory(tmp_path, {"token_name": "automation", "token_secret": "automation-secret"}, env)
    assert code == 0, errors
    assert len(listed["_meta"]["hostvars"]) == 20


def test_a_connected_app_from_the_environment(emulator, tmp_path):
    env = {"TABLEAU_SERVER_URL": emulator.url, "TABLEAU_CONNECTED_APP_CLIENT_ID": "emulator-client",
           "TABLEAU_CONNECTED_APP_SECRET_ID": "emulator-secret-id",
           "TABLEAU_CONNECTED_APP_SECRET_VALUE": "emulator-secret-value", "TABLEAU_CONNECTED_APP_USERNAME": "admin"}
    code, listed, errors = inventory(tmp_path, {}, env)
    assert code == 0, errors
    assert len(listed["_meta"]["hostvars"]) == 20
    assert "emulator-secret-value" not in json.dumps(listed) + errors


def test_the_cache_answers_the_second_time(emulator, tmp_path):
    config = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(tmp_path / "cache")}
    code, first, errors = inventory(tmp_path, config, token_env(emulator))
    assert code == 0, errors
    emulator.emulator.log = []
    code, second, errors = inventory(tmp_path, config, token_env(emulator))
    assert code == 0, errors
    assert emulator.emulator.log == []
    assert second["_meta"]["hostvars"] == first["_meta"]["hostvars"]
    cached = "".join(open(os.path.join(str(tmp_path / "cache"), name)).read() for name in os.listdir(str(tmp_path / "cache")))
    assert "automation-secret" not in cached


def test_wrong_credentials_fail_with_tableaus_error_and_no_secret(emulator, tmp_path):
    code, dummy, errors = inventory(tmp_path, {"token_secret": "not-the-secret"}, token_env(emulator))
    assert "401001" in errors
    assert "not-the-secret" not in errors
    assert emulator.emulator.state.sessions == {}


def test_only_files_named_for_the_plugin_are_read(tmp_path):
    plugin = InventoryModule()
    for name in ("sites.tableau_sites.yml", "prod.tableau_sites.yaml", "tableau_sites.yml", "sites.yml", "sites.json"):
        (tmp_path / name).write_text("plugin: tableau.server.tableau_sites\n")
    assert [name for name in sorted(os.listdir(str(tmp_path))) if plugin.verify_file(str(tmp_path / name))] == [
        "prod.tableau_sites.yaml", "sites.tableau_sites.yml", "tableau_sites.yml"]


def test_on_tableau_cloud_the_signed_in_site_is_the_inventory(tmp_path):
    with BackgroundEmulator(seed=twenty_sites(cloud=True)) as emu:
        code, listed, errors = inventory(tmp_path, {"site": "site05"}, token_env(emu))
    assert code == 0, errors
    # Tableau Cloud lists only the site signed in to.
    assert sorted(listed["_meta"]["hostvars"]) == ["site05"]
