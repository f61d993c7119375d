"""Revisions through the resource layer: the history of a workbook or data source, one revision downloaded and
compared by content, revisions removed one by one or down to the newest few (check mode predicts which), the
current revision refused before any write, and revision history turned off said plainly."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import sys

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError, TableauVersionError
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource
from ansible_collections.tableau.server.plugins.module_utils.revision import (
    RevisionResource,
    check_download,
    check_removal,
    ensure_absent,
    ensure_downloaded,
    list_revisions,
    revision_file_name,
)
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

from .conftest import api_requests, writes

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator", "test"))
import samples  # noqa: E402  pylint: disable=wrong-import-position,wrong-import-order


def sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def publish_times(client, tmp_path, count, resource=WorkbookResource, name="Sales"):
    """``name`` published ``count`` times, each time other bytes: the files, oldest first."""
    content = resource(client)
    project = ProjectResource(client).find(["Default"])
    files, current = [], None
    for number in range(1, count + 1):
        if resource is WorkbookResource:
            path = samples.write_twbx(str(tmp_path / ("%s-%d.twbx" % (name, number))),
                                      worksheets=["Sheet %d" % n for n in range(1, number + 1)])
        else:
            path = samples.write_tdsx(str(tmp_path / ("%s-%d.tdsx" % (name, number))), caption="v%d" % number)
        files.append(path)
        current = content.publish(path, {"name": name}, project["id"], "Overwrite" if current else "CreateNew",
                                  current)
    return files


def item(name="Sales", **values):
    base = dict(content_type="workbook", name=name, project="Default", revision=None, keep_latest=None)
    base.update(values)
    return base


def revisions(client, check_mode=False, resource=WorkbookResource):
    return RevisionResource(resource(client, check_mode), check_mode)


def place_into(placed):
    def place(temp_path, target, replace):
        placed.append(replace)
        if replace:
            os.rename(temp_path, target)
        return False
    return place


def test_the_history_lists_numbers_publishers_and_the_current_one(signed_in, tmp_path):
    dummy, client = signed_in
    publish_times(client, tmp_path, 3)
    changed, returned, diff = list_revisions(revisions(client), item())
    assert not changed and diff is None
    assert [(r["number"], r["current"], r["deleted"], r["publisher"]) for r in returned["revisions"]] == [
        (1, False, False, "admin"), (2, False, False, "admin"), (3, True, False, "admin")]
    assert returned["item"]["name"] == "Sales" and returned["item"]["project"] == "Default"
    assert all(r["published_at"] and r["size_bytes"] for r in returned["revisions"])


def test_an_older_revision_downloads_as_published_and_a_second_run_changes_nothing(signed_in, tmp_path):
    emulator, client = signed_in
    files = publish_times(client, tmp_path, 2)
    del emulator.log[:]
    placed = []
    dest = str(tmp_path / "first.twbx")
    changed, returned, diff = ensure_downloaded(revisions(client), item(revision=1, dest=dest), place_into(placed))
    assert changed and sha256(dest) == sha256(files[0])
    assert returned["revision"]["number"] == 1 and returned["dest"] == dest
    assert diff["before"]["sha256"] is None and diff["after"]["revision"] == 1
    again = ensure_downloaded(revisions(client), item(name="SALES", revision=1, dest=dest), place_into(placed))
    assert not again[0] and placed == [True, False]
    assert writes(emulator) == []


def test_the_current_revision_comes_through_download_workbook(signed_in, tmp_path):
    emulator, client = signed_in
    files = publish_times(client, tmp_path, 2)
    del emulator.log[:]
    dest = str(tmp_path / "current.twbx")
    ensure_downloaded(revisions(client), item(revision=2, dest=dest), place_into([]))
    assert sha256(dest) == sha256(files[1])
    downloads = [r["path"] for r in api_requests(emulator) if r["path"].endswith("/content")]
    assert len(downloads) == 1 and "/revisions/" not in downloads[0]


def test_a_folder_dest_gets_the_revision_number_in_the_file_name(signed_in, tmp_path):
    dummy, client = signed_in
    publish_times(client, tmp_path, 2)
    folder = tmp_path / "backup"
    folder.mkdir()
    returned = ensure_downloaded(revisions(client), item(revision=1, dest=str(folder) + "/"), place_into([]))[1]
    assert returned["dest"] == str(folder / "Sales-revision-1.twbx")
    assert revision_file_name("Sales.twbx", 4) == "Sales-revision-4.twbx"


def test_one_revision_is_removed_once(signed_in, tmp_path):
    emulator, client = signed_in
    publish_times(client, tmp_path, 3)
    del emulator.log[:]
    changed, returned, diff = ensure_absent(revisions(client), item(revision=1))
    assert changed and returned["removed"] == [1]
    assert [r["deleted"] for r in returned["revisions"]] == [True, False, False]
    assert [r["number"] for r in diff["before"]["revisions"]] == [1, 2, 3]
    assert [r["number"] for r in diff["after"]["revisions"]] == [2, 3]
    assert diff["after"]["revisions"][0]["publisher"] == "admin" and diff["after"]["name"] == "Sales"
    assert [m for m, p in writes(emulator)] == ["DELETE"] and writes(emulator)[0][1].endswith("/revisions/1")

    del emulator.log[:]
    changed, returned, dummy = ensure_absent(revisions(client), item(revision=1))
    assert not changed and returned["removed"] == []
    assert writes(emulator) == []


def test_keep_latest_predicts_in_check_mode_and_removes_the_older_ones(signed_in, tmp_path):
    emulator, client = signed_in
    publish_times(client, tmp_path, 4)
    del emulator.log[:]
    predicted = ensure_absent(revisions(client, check_mode=True), item(keep_latest=2))
    assert predicted[0] and predicted[1]["removed"] == [1, 2]
    assert writes(emulator) == []
    done = ensure_absent(revisions(client), item(keep_latest=2))
    assert done[1]["removed"] == [1, 2] and done[2] == predicted[2]
    assert len(writes(emulator)) == 2
    assert not ensure_absent(revisions(client), item(keep_latest=2))[0]
    history = list_revisions(revisions(client), item())[1]["revisions"]
    assert [r["number"] for r in history if not r["deleted"]] == [3, 4]


def test_the_current_revision_is_refused_before_any_write(signed_in, tmp_path):
    emulator, client = signed_in
    publish_times(client, tmp_path, 2)
    del emulator.log[:]
    with pytest.raises(TableauValidationError, match="Revision 2 is the current revision"):
        ensure_absent(revisions(client), item(revision=2))
    with pytest.raises(TableauValidationError, match="has no revision 7 to remove; its revisions are 1, 2"):
        ensure_absent(revisions(client), item(revision=7))
    with pytest.raises(TableauValidationError, match="has no revision 7 to download"):
        ensure_downloaded(revisions(client), item(revision=7, dest=str(tmp_path / "x.twbx")), place_into([]))
    assert writes(emulator) == []


def test_a_removed_revision_cannot_be_downloaded(signed_in, tmp_path):
    dummy, client = signed_in
    publish_times(client, tmp_path, 2)
    ensure_absent(revisions(client), item(revision=1))
    with pytest.raises(TableauValidationError, match="Revision 1 of the workbook 'Sales' was removed"):
        ensure_downloaded(revisions(client), item(revision=1, dest=str(tmp_path / "x.twbx")), place_into([]))


def test_data_sources_have_revisions_too(signed_in, tmp_path):
    dummy, client = signed_in
    files = publish_times(client, tmp_path, 2, DatasourceResource, "Orders")
    history = revisions(client, resource=DatasourceResource)
    dest = str(tmp_path / "orders-1.tdsx")
    ensure_downloaded(history, item("Orders", content_type="datasource", revision=1, dest=dest), place_into([]))
    assert sha256(dest) == sha256(files[0])
    assert ensure_absent(history, item("Orders", content_type="datasource", keep_latest=1))[1]["removed"] == [1]


def test_revision_history_turned_off_is_said_plainly(signed_in, tmp_path):
    emulator, client = signed_in
    publish_times(client, tmp_path, 1)
    emulator.state.sites[client.site_id].settings["revisionHistoryEnabled"] = False
    with pytest.raises(TableauValidationError, match="Revision history is off") as info:
        list_revisions(revisions(client), item())
    assert "revision_history_enabled" in info.value.fail_json_kwargs()["msg"]


def test_a_missing_item_fails_with_its_name(signed_in):
    dummy, client = signed_in
    with pytest.raises(TableauValidationError, match="no workbook named 'Nothing'"):
        list_revisions(revisions(client), item("Nothing"))


@pytest.mark.parametrize("params, words", [
    (item(), "exactly one of revision"),
    (item(revision=1, keep_latest=2), "exactly one of revision"),
    (item(keep_latest=0), "keep_latest must be 1 or more"),
    (item(revision=0), "revision must be 1 or more"),
])
def test_bad_removals_are_refused_without_the_server(params, words):
    with pytest.raises(TableauValidationError, match=words):
        check_removal(params)


def test_a_download_needs_a_revision_and_a_dest(tmp_path):
    with pytest.raises(TableauValidationError, match="needs revision"):
        check_download(item(dest=str(tmp_path / "x.twbx")))
    with pytest.raises(TableauValidationError, match="needs 'dest'"):
        check_download(item(revision=1))


def test_revisions_need_2_3(emulator):
    client = TableauClient(emulator.url, auth={"username": "admin", "password": "admin"}, api_version="2.2").sign_in()
    try:
        with pytest.raises(TableauVersionError, match="needs REST API version 2.3"):
            RevisionResource(WorkbookResource(client))
    finally:
        client.sign_out()
