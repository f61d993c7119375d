"""The content modules' logic: fingerprints, the publish decision, tags, connections, payloads, and the
ensure_* functions against the emulator (check mode, names in another case, downloads)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import sys

import pytest

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.content import fingerprint_tag, split_tags
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauJobError,
    TableauValidationError,
    TableauVersionError,
)
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource
from ansible_collections.tableau.server.plugins.module_utils.publishing import (
    check_file,
    connection_matches,
    ensure_absent,
    ensure_downloaded,
    ensure_present,
    ensure_refreshed,
    file_fingerprint,
    normalize_since,
    publish_action,
    tag_changes,
)
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator", "test"))
import samples  # noqa: E402  pylint: disable=wrong-import-position,wrong-import-order

KIB = 1024


def write(path, data):
    with open(str(path), "wb") as handle:
        handle.write(data)
    return str(path)


# ------------------------------------------------------------------------------------------ files and fingerprints

def test_check_file_refuses_wrong_extension_and_missing_file(tmp_path):
    with pytest.raises(TableauValidationError, match=r"must end in \.twb, \.twbx"):
        check_file(write(tmp_path / "a.xlsx", b"x"), ("twb", "twbx"), "workbook")
    with pytest.raises(TableauValidationError, match="does not exist"):
        check_file(str(tmp_path / "missing.twbx"), ("twb", "twbx"), "workbook")
    assert check_file(write(tmp_path / "A.TWBX", b"xyz"), ("twb", "twbx"), "workbook") == ("twbx", 3)


def test_fingerprint_is_the_files_sha256_plus_publish_only_settings(tmp_path):
    data = os.urandom(3 * 1024 * KIB)
    path = write(tmp_path / "f.hyper", data)
    assert file_fingerprint(path) == hashlib.sha256(data).hexdigest()
    assert file_fingerprint(path, "hidden_views:Scratch") != file_fingerprint(path)
    assert fingerprint_tag(file_fingerprint(path)) == "sha256:" + hashlib.sha256(data).hexdigest()[:16]


def test_split_tags_separates_the_fingerprint():
    assert split_tags(["sales", "sha256:0123456789abcdef", "q1"]) == ("sha256:0123456789abcdef", ["sales", "q1"])
    assert split_tags(["sales"]) == (None, ["sales"])


@pytest.mark.parametrize("current, desired, purge, add, remove", [
    (["a", "b"], None, True, [], []),
    (["a", "b"], ["b", "c"], True, ["c"], ["a"]),
    (["a", "b"], ["b", "c"], False, ["c"], []),
    (["Sales"], ["sales"], True, [], []),
])
def test_tag_changes_follow_purge_tags(current, desired, purge, add, remove):
    assert tag_changes(current, desired, purge) == (add, remove)


@pytest.mark.parametrize("mode, force, current, action", [
    ("auto", False, None, "CreateNew"),
    ("auto", False, {"fingerprint": "aaaaaaaaaaaaaaaa"}, None),
    ("auto", False, {"fingerprint": "bbbbbbbbbbbbbbbb"}, "Overwrite"),
    ("auto", False, {"fingerprint": None}, "Overwrite"),
    ("auto", True, {"fingerprint": "aaaaaaaaaaaaaaaa"}, "Overwrite"),
    ("create_new", False, {"fingerprint": "bbbbbbbbbbbbbbbb"}, None),
    ("create_new", False, None, "CreateNew"),
    ("overwrite", False, {"fingerprint": "aaaaaaaaaaaaaaaa"}, "Overwrite"),
    ("append", False, None, "CreateNew"),
    ("append", False, {"fingerprint": "aaaaaaaaaaaaaaaa"}, None),
    ("append", False, {"fingerprint": "bbbbbbbbbbbbbbbb"}, "Append"),
])
def test_publish_action(mode, force, current, action):
    assert publish_action(mode, force, current, "a" * 64) == action


@pytest.mark.parametrize("value, expected", [
    ("2024-05-01", "2024-05-01T00:00:00Z"),
    ("2024-05-01T08:30:00", "2024-05-01T08:30:00Z"),
    ("2024-05-01T08:30:00Z", "2024-05-01T08:30:00Z"),
])
def test_normalize_since(value, expected):
    assert normalize_since(value) == expected


def test_normalize_since_refuses_other_text():
    with pytest.raises(TableauValidationError):
        normalize_since("yesterday")


def test_a_connection_still_matches_after_its_address_was_changed():
    connection = {"server_address": "replica.example.com", "server_port": "5432", "type": "postgres"}
    entry = {"match": {"server_address": "db.example.com"}, "server_address": "replica.example.com"}
    assert connection_matches(connection, entry)
    assert not connection_matches(connection, {"match": {"server_address": "db.example.com"}})
    assert connection_matches(connection, {"match": {"type": "postgres", "server_port": 5432}})
    assert connection_matches(connection, {})


# ------------------------------------------------------------------------------------------ payloads

def payload_text(el):
    return xmlio.ts_request(el).decode("utf-8")


def test_workbook_payload_keeps_tabs_and_hides_views():
    params = {"name": "Sales", "show_tabs": None, "description": None, "hidden_views": ["Scratch"],
              "credentials": {"username": "u", "password": "p", "embed": True, "oauth": False,
                              "server_address": "db.example.com", "server_port": 5432}}
    text = payload_text(WorkbookResource(None).publish_element(params, "p-1", {"show_tabs": True}))
    assert '<workbook name="Sales" showTabs="true">' in text
    assert '<project id="p-1" />' in text
    assert ('<connections><connection serverAddress="db.example.com" serverPort="5432">'
            '<connectionCredentials name="u" password="p" embed="true" /></connection></connections>') in text
    assert '<views><view name="Scratch" hidden="true" /></views>' in text


def test_datasource_payload_carries_credentials_for_its_connection():
    params = {"name": "Orders", "description": "d", "credentials": {"username": "u", "password": "p", "embed": False,
                                                                    "oauth": True}}
    text = payload_text(DatasourceResource(None).publish_element(params, "p-1", None))
    assert '<connectionCredentials name="u" password="p" embed="false" oAuth="true" />' in text


# ------------------------------------------------------------------------------------------ ensure_* against the emulator

MUTATING = ("POST", "PUT", "PATCH", "DELETE")


def emulated(emu, resource=WorkbookResource, check_mode=False):
    client = TableauClient(emu.url, auth={"username": "admin", "password": "admin"}, backoff_factor=0).sign_in()
    return resource(client, check_mode)


def writes(emu):
    return [(e["method"], e["path"]) for e in emu.emulator.log
            if e["method"] in MUTATING and not e["path"].endswith(("/auth/signin", "/auth/signout"))]


def desired(path, **values):
    base = dict(name="Sales", project="Default", file=path, publish_mode="auto", force=False, tags=None,
                purge_tags=True, as_job=False, wait_timeout=30, connections=None, update_password="on_create",
                description=None, show_tabs=None, hidden_views=None, credentials=None, owner=None,
                skip_connection_check=False)
    base.update(values)
    return base


@pytest.fixture
def twbx(tmp_path):
    path = str(tmp_path / "sales.twbx")
    samples.write_twbx(path, worksheets=("Sales by Region", "Scratch"), dashboards=("Overview",))
    return path


def test_check_mode_publish_predicts_and_sends_no_writes(emulator, twbx):
    changed, returned, diff = ensure_present(emulated(emulator, check_mode=True),
                                             desired(twbx, tags=["sales"], show_tabs=True))
    assert changed and returned["published"] and returned["publish_action"] == "CreateNew"
    assert returned["workbook"]["id"] is None and returned["workbook"]["tags"] == ["sales"]
    assert diff["before"] == {} and diff["after"]["show_tabs"] is True
    assert writes(emulator) == []


def test_second_run_reports_no_change(emulator, twbx):
    workbooks = emulated(emulator)
    assert ensure_present(workbooks, desired(twbx, tags=["sales"]))[0]
    del emulator.emulator.log[:]
    changed, returned, _diff = ensure_present(workbooks, desired(twbx, tags=["sales"]))
    assert not changed and not returned["published"]
    assert writes(emulator) == []


def test_a_name_in_another_case_is_the_same_workbook(emulator, twbx):
    workbooks = emulated(emulator)
    first = ensure_present(workbooks, desired(twbx))[1]["workbook"]
    del emulator.emulator.log[:]
    changed, returned, _diff = ensure_present(workbooks, desired(twbx, name="SALES"))
    assert not changed and returned["workbook"]["id"] == first["id"]
    assert writes(emulator) == []
    changed, returned, _diff = ensure_absent(workbooks, {"name": "sales", "project": "Default"})
    assert changed and emulator.emulator.content_summary()["sites"][0]["workbooks"] == []


def test_check_mode_delete_and_refresh_send_no_writes(emulator, tmp_path):
    extract = str(tmp_path / "events.hyper")
    samples.write_random(extract, 4 * KIB)
    ensure_present(emulated(emulator, DatasourceResource), desired(extract, name="Events"))
    del emulator.emulator.log[:]
    datasources = emulated(emulator, DatasourceResource, check_mode=True)
    changed, returned, _diff = ensure_refreshed(datasources, {"name": "Events", "project": "Default",
                                                              "incremental": False, "wait": True, "wait_timeout": 5})
    assert changed and returned["job_id"] is None
    assert ensure_absent(datasources, {"name": "Events", "project": "Default"})[0]
    assert writes(emulator) == []
    assert emulator.emulator.content_summary()["sites"][0]["datasources"] == ["Events"]


def test_a_download_is_placed_by_the_module_and_compared_by_content(emulator, twbx, tmp_path):
    workbooks = emulated(emulator)
    ensure_present(workbooks, desired(twbx))
    placed = []

    def place(temp_path, target, replace):
        placed.append(replace)
        if replace:
            os.rename(temp_path, target)
        return False
    dest = str(tmp_path / "copy.twbx")
    first = ensure_downloaded(workbooks, {"name": "sales", "project": "Default", "dest": dest}, place)
    again = ensure_downloaded(workbooks, {"name": "Sales", "project": "Default", "dest": dest}, place)
    assert first[0] and first[1]["dest"] == dest and not again[0]
    assert placed == [True, False]
    assert file_fingerprint(dest) == file_fingerprint(twbx)
    assert sorted(os.listdir(str(tmp_path))) == ["copy.twbx", "sales.twbx"]  # no temporary file left
    assert first[2]["before"]["sha256"] is None and first[2]["after"]["sha256"] == file_fingerprint(twbx)


def test_a_download_into_a_missing_folder_is_refused_before_any_request(emulator, tmp_path):
    workbooks = emulated(emulator)
    del emulator.emulator.log[:]
    with pytest.raises(TableauValidationError, match="does not exist"):
        ensure_downloaded(workbooks, {"name": "Sales", "project": "Default", "dest": str(tmp_path / "no" / "x.twbx")},
                          None)
    assert emulator.emulator.log == []


def test_a_queued_refresh_is_a_warning_not_a_change(emulator, tmp_path):
    extract = str(tmp_path / "events.hyper")
    samples.write_random(extract, 4 * KIB)
    datasources = emulated(emulator, DatasourceResource)
    ensure_present(datasources, desired(extract, name="Events"))
    emulator.emulator.state.server["job_seconds"] = 30
    options = {"name": "Events", "project": "Default", "incremental": False, "wait": False, "wait_timeout": 5}
    assert ensure_refreshed(datasources, options)[0]
    changed, returned, _diff = ensure_refreshed(datasources, options)
    assert not changed and "already queued" in returned["warnings"][0]


# ------------------------------------------------------------------------------------------ moving and renaming

def archive(emu, name="Archive"):
    client = TableauClient(emu.url, auth={"username": "admin", "password": "admin"}, backoff_factor=0).sign_in()
    return ProjectResource(client).create({"name": name, "parent_id": None})


def test_a_move_and_rename_is_one_update_and_a_second_run_changes_nothing(emulator, twbx):
    workbooks = emulated(emulator)
    first = ensure_present(workbooks, desired(twbx))[1]["workbook"]
    archive(emulator)
    del emulator.emulator.log[:]
    changed, returned, diff = ensure_present(workbooks, desired(twbx, new_project="Archive", new_name="Sales 2025"))
    assert changed and not returned["published"]
    assert returned["workbook"]["id"] == first["id"] and returned["workbook"]["project"] == "Archive"
    assert (diff["before"]["project"], diff["before"]["name"]) == ("Default", "Sales")
    assert (diff["after"]["project"], diff["after"]["name"]) == ("Archive", "Sales 2025")
    client = workbooks.client
    assert writes(emulator) == [("PUT", "/api/%s/sites/%s/workbooks/%s" % (client.api_version, client.site_id,
                                                                           first["id"]))]
    del emulator.emulator.log[:]
    changed, returned, _diff = ensure_present(workbooks, desired(twbx, new_project="Archive", new_name="Sales 2025"))
    assert not changed and returned["workbook"]["id"] == first["id"]
    assert writes(emulator) == []
    assert emulator.emulator.content_summary()["sites"][0]["workbooks"] == ["Sales 2025"]


def test_check_mode_predicts_a_move_without_writing(emulator, twbx):
    ensure_present(emulated(emulator), desired(twbx))
    archive(emulator)
    del emulator.emulator.log[:]
    changed, returned, diff = ensure_present(emulated(emulator, check_mode=True),
                                             desired(twbx, new_project="Archive"))
    assert changed and returned["workbook"]["project"] == "Archive" and returned["workbook"]["name"] == "Sales"
    assert diff["before"]["project"] == "Default" and diff["after"]["project"] == "Archive"
    assert writes(emulator) == []


def test_a_move_needs_no_file_and_fails_clearly_when_there_is_nothing_to_move(emulator, twbx):
    workbooks = emulated(emulator)
    ensure_present(workbooks, desired(twbx))
    archive(emulator)
    changed, returned, _diff = ensure_present(workbooks, desired(None, new_project="Archive"))
    assert changed and returned["workbook"]["project"] == "Archive"
    del emulator.emulator.log[:]
    with pytest.raises(TableauValidationError, match="no workbook named 'Other' in the project 'Default', nor 'Other' "
                                                     "in 'Archive', to move"):
        ensure_present(workbooks, desired(None, name="Other", new_project="Archive"))
    assert writes(emulator) == []


def test_a_taken_name_or_a_missing_project_is_refused_before_any_write(emulator, twbx):
    workbooks = emulated(emulator)
    ensure_present(workbooks, desired(twbx))
    ensure_present(workbooks, desired(twbx, name="Sales 2025"))
    archive(emulator)
    del emulator.emulator.log[:]
    with pytest.raises(TableauValidationError, match="a workbook of that name is there already"):
        ensure_present(workbooks, desired(twbx, new_name="sales 2025"))
    with pytest.raises(TableauValidationError, match="The project 'Nowhere' to move to does not exist"):
        ensure_present(workbooks, desired(twbx, new_project="Nowhere"))
    with pytest.raises(TableauValidationError, match="new_name cannot be empty"):
        ensure_present(workbooks, desired(twbx, new_name=" "))
    assert writes(emulator) == []


def test_a_rename_in_another_case_only_is_a_rename(emulator, twbx):
    workbooks = emulated(emulator)
    ensure_present(workbooks, desired(twbx))
    changed, returned, _diff = ensure_present(workbooks, desired(twbx, new_name="SALES"))
    assert changed and returned["workbook"]["name"] == "SALES"
    assert not ensure_present(workbooks, desired(twbx, new_name="SALES"))[0]


def test_a_data_source_rename_needs_rest_api_3_12_but_a_move_does_not(emulator, tmp_path):
    extract = str(tmp_path / "events.hyper")
    samples.write_random(extract, 4 * KIB)
    ensure_present(emulated(emulator, DatasourceResource), desired(extract, name="Events"))
    archive(emulator)
    client = TableauClient(emulator.url, auth={"username": "admin", "password": "admin"}, api_version="3.11",
                           backoff_factor=0).sign_in()
    old = DatasourceResource(client)
    del emulator.emulator.log[:]
    with pytest.raises(TableauVersionError, match="Renaming a data source needs REST API version 3.12"):
        ensure_present(old, desired(None, name="Events", new_name="Events 2025"))
    assert writes(emulator) == []
    changed, returned, _diff = ensure_present(old, desired(None, name="Events", new_project="Archive"))
    assert changed and returned["datasource"]["project"] == "Archive"


def test_a_changed_project_publishes_a_second_copy_with_a_warning(emulator, twbx):
    workbooks = emulated(emulator)
    ensure_present(workbooks, desired(twbx))
    archive(emulator)
    predicted = ensure_present(emulated(emulator, check_mode=True), desired(twbx, project="Archive"))[1]
    assert "would be published as a new item in 'Archive'" in predicted["warnings"][0]
    changed, returned, _diff = ensure_present(workbooks, desired(twbx, project="Archive"))
    assert changed and returned["publish_action"] == "CreateNew"
    [warning] = returned["warnings"]
    assert "second copy" in warning and "'Default' holds a workbook of the same name" in warning
    assert "new_project to 'Archive'" in warning
    assert "warnings" not in ensure_present(workbooks, desired(twbx, project="Archive"))[1]


# ------------------------------------------------------------------------------------------ workbook refreshes

def test_a_workbook_refresh_waits_for_its_job_and_fails_when_the_job_fails(emulator, tmp_path):
    packaged = str(tmp_path / "sales.twbx")
    samples.write_twbx(packaged, extract_bytes=2 * KIB)
    workbooks = emulated(emulator)
    ensure_present(workbooks, desired(packaged))
    options = {"name": "Sales", "project": "Default", "incremental": False, "wait": True, "wait_timeout": 30}
    changed, returned, _diff = ensure_refreshed(workbooks, options)
    assert changed and returned["job_id"] is not None
    job = emulator.emulator.state.site_by_content_url("").jobs[returned["job_id"]]
    assert job["type"] == "RefreshExtract" and job["finishCode"] == 0
    emulator.emulator.state.server["fail_jobs"] = ["RefreshExtract"]
    with pytest.raises(TableauJobError, match="The RefreshExtract job .* failed"):
        ensure_refreshed(workbooks, options)


def test_a_workbook_without_extracts_is_refused_before_any_request(emulator, tmp_path):
    live = str(tmp_path / "live.twb")
    samples.write_twb(live)
    workbooks = emulated(emulator)
    ensure_present(workbooks, desired(live, name="Live"))
    del emulator.emulator.log[:]
    for check_mode in (True, False):
        with pytest.raises(TableauValidationError, match="The workbook 'Live' has no extract to refresh"):
            ensure_refreshed(emulated(emulator, check_mode=check_mode),
                             {"name": "Live", "project": "Default", "wait": True, "wait_timeout": 5})
    assert writes(emulator) == []
