"""The site export: YAML that reads back as written, deterministic order, names instead of ids, the Cloud
mapping, check mode writing nothing, and the per-item reads bounded by the client's concurrency."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest
import yaml

from ansible_collections.tableau.server.plugins.module_utils import site_export
from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.group import GroupResource
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource
from ansible_collections.tableau.server.plugins.module_utils.site_export import (
    DescriptionWriter,
    ensure_exported,
    scalar,
    yaml_lines,
)
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource

ADMIN = {"username": "admin", "password": "admin"}
TRICKY = ["yes", "No", "null", "~", "123", "1.5", "0x1f", "", " padded ", "a: b", "# not a comment", "x #y",
          "{{ vault_tableau_workbook_sales_1 }}", "Sales/EMEA", "Q1 \\/ Q2", "'quoted'", "\"double\"", "-dash",
          "émoji ✓", "line\nbreak", "@at", "*star", "&anchor", "!tag", "%percent", "2026-01-01", "true", "On"]


def params(**values):
    found = dict(dest=None, return_description=False, sections=None, content="none", content_dir="content",
                 for_platform="same")
    found.update(values)
    return found


def no_place(temp_path, target, replace):
    if replace:
        os.rename(temp_path, target)
    return False


@pytest.mark.parametrize("text", TRICKY)
def test_every_string_reads_back_as_the_same_string(text):
    assert yaml.safe_load("key: %s\n" % scalar(text)) == {"key": text}


def test_nested_values_read_back_as_written_and_keep_their_key_order():
    connection = {"match": {"server_address": "db"}, "password": "{{ v }}"}
    value = {"users": [{"name": "b", "tags": ["x", "y"], "connections": [connection]},
                       {"name": "a", "members": [], "settings": {}}],
             "version": 1, "enabled": False, "count": 3, "none": None}
    text = "\n".join(yaml_lines(value)) + "\n"
    assert yaml.safe_load(text) == value
    assert text.index("name: b") < text.index("name: a")


def test_the_writer_hashes_what_it_writes_and_keeps_it_only_when_asked():
    kept, hashed = DescriptionWriter(keep=True), DescriptionWriter()
    for writer in (kept, hashed):
        writer.header()
        assert writer.section("users", iter([{"name": "a"}, {"name": "b"}])) == 2
        assert writer.section("groups", iter([])) == 0
    assert kept.hexdigest() == hashed.hexdigest()
    assert hashed.text() == ""
    assert yaml.safe_load(kept.text()) == {"version": 1, "users": [{"name": "a"}, {"name": "b"}], "groups": []}


@pytest.mark.parametrize("bad, message", [
    (dict(sections=["users", "dashboards"]), "dashboards"),
    (dict(content="files"), "give dest"),
    (dict(dest="/no/such/folder/site.yml"), "does not exist"),
])
def test_bad_input_is_refused_before_any_request(bad, message):
    with pytest.raises(TableauValidationError) as raised:
        site_export.check_export(params(**bad))
    assert message in str(raised.value)


def seed_site(client):
    users = UserResource(client)
    users.create({"name": "zoe", "site_role": "Viewer"})
    users.create({"name": "Anna", "site_role": "Explorer", "email": "anna@example.com",
                  "full_name": "Anna A"})
    projects = ProjectResource(client)
    top = projects.create({"name": "B Team", "parent_id": None, "description": ""})
    projects.create({"name": "Child", "parent_id": top["id"], "description": "inner"})
    projects.create({"name": "A Team", "parent_id": None, "description": ""})
    groups = GroupResource(client)
    group = groups.create({"name": "Readers"})
    found = users.find_by_names(["zoe", "anna"])
    groups.add_members(group, [found["zoe"], found["anna"]])


def export(client, **values):
    return ensure_exported(client, params(**values), no_place, values.pop("check_mode", False), yaml.safe_load)


def test_the_description_is_sorted_by_names_and_paths_and_holds_no_ids(emulator):
    client = TableauClient(emulator.url, auth=ADMIN).sign_in()
    try:
        seed_site(client)
        changed, returned, diff = export(client, sections=["users", "projects", "groups"])
    finally:
        client.sign_out()
    description = returned["description"]
    assert changed is False and diff is None  # nothing written without dest
    assert [u["name"] for u in description["users"]] == ["Anna", "zoe"]
    assert returned["server_administrators"] == ["admin"]
    assert [p["path"] for p in description["projects"]] == ["A Team", "B Team", "B Team/Child", "Default"]
    assert description["groups"] == [{"name": "Readers", "members": ["Anna", "zoe"]}]
    text = "\n".join(yaml_lines(description))
    assert "id" not in [k for item in description["users"] for k in item]
    assert "last_login" not in text and "user_count" not in text
    assert returned["sections"] == {"users": 2, "projects": 4, "groups": 1}


def test_check_mode_hashes_the_same_bytes_and_writes_nothing(emulator, tmp_path):
    client = TableauClient(emulator.url, auth=ADMIN).sign_in()
    dest = str(tmp_path / "site.yml")
    try:
        seed_site(client)
        del emulator.emulator.log[:]
        predicted = ensure_exported(client, params(dest=dest), no_place, True)
        assert not os.path.exists(dest) and os.listdir(str(tmp_path)) == []
        written = ensure_exported(client, params(dest=dest), no_place, False)
        again = ensure_exported(client, params(dest=dest), no_place, False)
        checked = ensure_exported(client, params(dest=dest), no_place, True)
    finally:
        client.sign_out()
    assert predicted[0] is True and written[0] is True
    assert predicted[1]["sha256"] == written[1]["sha256"] == again[1]["sha256"]
    assert again[0] is False and checked[0] is False
    assert os.listdir(str(tmp_path)) == ["site.yml"]  # no temporary file left
    writes = [r for r in emulator.emulator.log if r["method"] != "GET" and "/auth/" not in r["path"]]
    assert writes == []


def test_for_cloud_users_take_their_email_and_the_unmappable_are_listed(emulator):
    client = TableauClient(emulator.url, auth=ADMIN).sign_in()
    try:
        seed_site(client)
        changed, returned, dummy = export(client, sections=["users", "groups"], for_platform="cloud")
    finally:
        client.sign_out()
    users = returned["description"]["users"]
    assert [u["name"] for u in users] == ["admin@example.com", "anna@example.com"]
    assert users[0]["site_role"] == "SiteAdministratorCreator"
    assert all(u["auth_setting"] == "TableauIDWithMFA" for u in users)
    assert returned["description"]["groups"] == [{"name": "Readers", "members": ["anna@example.com"]}]
    assert [(u["kind"], u["name"]) for u in returned["unmapped"]] == [("user", "zoe")]


def test_legacy_and_cloud_site_roles_are_mapped_to_current_ones():
    export_same = site_export.SiteExport(None, params())
    export_cloud = site_export.SiteExport(None, params(for_platform="cloud"))
    assert export_same.site_role({"site_role": "Interactor"}) == "Explorer"
    assert export_same.site_role({"site_role": "ServerAdministrator"}) == "ServerAdministrator"
    assert export_cloud.site_role({"site_role": "ServerAdministrator"}) == "SiteAdministratorCreator"
    assert export_cloud.site_role({"site_role": "Publisher"}) == "ExplorerCanPublish"
    assert export_cloud.auth_setting({"name": "x", "auth_setting": "OpenID"}) is None
    assert export_cloud.unmapped[0]["kind"] == "auth_setting"


def test_per_item_reads_go_out_in_batches_within_the_bound(emulator, monkeypatch):
    monkeypatch.setattr(site_export, "BATCH", 2)
    client = TableauClient(emulator.url, auth=ADMIN).sign_in()
    calls = []
    original = client.map

    def counting_map(function, items, workers=4):
        items = list(items)
        calls.append(len(items))
        return original(function, items, workers)
    try:
        groups = GroupResource(client)
        for name in ("g1", "g2", "g3", "g4", "g5"):
            groups.create({"name": name})
        client.map = counting_map
        changed, returned, dummy = export(client, sections=["groups"])
    finally:
        client.sign_out()
    assert [g["name"] for g in returned["description"]["groups"]] == ["g1", "g2", "g3", "g4", "g5"]
    assert calls and max(calls) <= 2
    assert emulator.emulator.max_in_flight <= 4


def test_server_schedules_are_written_in_the_options_terms_and_listed_as_unmapped_for_cloud(emulator):
    client = TableauClient(emulator.url, auth=ADMIN).sign_in()
    try:
        same = export(client, sections=["schedules"])[1]
        cloud = export(client, sections=["schedules"], for_platform="cloud")[1]
    finally:
        client.sign_out()
    schedules = same["description"]["schedules"]
    names = [s["name"] for s in schedules]
    assert names == sorted(names, key=str.lower) and "Saturday night" in names
    saturday = [s for s in schedules if s["name"] == "Saturday night"][0]
    assert saturday["type"] == "Extract" and saturday["frequency"] == "Weekly"
    assert saturday["week_days"] == ["Saturday"] and saturday["start_time"] == "23:00:00"
    assert "schedules" not in cloud["description"]
    assert sorted(u["name"] for u in cloud["unmapped"] if u["kind"] == "schedule") == sorted(names)
