"""The shared content resource: publish requests, upload sessions, lost answers, jobs and downloads.

Counted requests (the emulator's log or the scripted server's), never wall time."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import sys

import pytest

from ansible_collections.tableau.server.plugins.module_utils import content as content_module
from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.content import disposition_filename, resolve_dest
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauConnectionError,
    TableauError,
    TableauJobError,
    TableauValidationError,
)
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

from ...conftest import error_body, ts
from .test_multipart import parse_multipart, write

from tableau_emulator.server import Fault  # pylint: disable=wrong-import-order

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator", "test"))
import samples  # noqa: E402  pylint: disable=wrong-import-position,wrong-import-order

KIB = 1024
SITE = "/api/3.25/sites/site-1"
WORKBOOK = ('<workbook id="w-1" name="Sales" showTabs="false"><project id="p-1"/><owner id="user-1"/>'
            '<tags/></workbook>')
DATASOURCE = '<datasource id="d-1" name="Big" type="hyper"><project id="p-1"/><owner id="user-1"/><tags/></datasource>'


def listing(tag, *items):
    return ts('<pagination pageNumber="1" pageSize="1000" totalAvailable="%d"/><%ss>%s</%ss>'
              % (len(items), tag, "".join(items), tag))


def signed_in(scripted):
    return TableauClient(scripted.url, auth={"username": "admin", "password": "secret"}).sign_in()


# ------------------------------------------------------------------------------------------ against a scripted server

def test_small_files_go_in_one_request(scripted, tmp_path):
    data = os.urandom(40 * KIB)
    path = write(tmp_path / "Sales.twbx", data)
    scripted.on("POST", SITE + "/workbooks", (201, {}, ts(WORKBOOK)))
    scripted.on("GET", SITE + "/workbooks", (200, {}, listing("workbook", WORKBOOK)))
    workbooks = WorkbookResource(signed_in(scripted), single_request_limit=64 * KIB, chunk_size=16 * KIB)
    current = {"id": "w-1", "name": "Sales", "project_id": "p-1", "updated_at": None, "show_tabs": False}
    item = workbooks.publish(path, {"name": "Sales"}, "p-1", "Overwrite", current)
    assert item["id"] == "w-1"
    [request] = [r for r in scripted.requests if r["method"] == "POST" and "/workbooks" in r["path"]]
    assert "workbookType=twbx" in request["path"] and "overwrite=true" in request["path"]
    parts = parse_multipart(request["body"], request["headers"]["Content-Type"])
    assert parts[1][1] == data
    assert scripted.count("POST", SITE + "/fileUploads") == 0


def script_upload(scripted, *session_ids):
    scripted.on("POST", SITE + "/fileUploads", *[(201, {}, ts('<fileUpload uploadSessionId="%s" fileSize="0"/>' % s))
                                                 for s in session_ids])
    for session_id in session_ids:
        scripted.on("PUT", SITE + "/fileUploads/" + session_id,
                    (200, {}, ts('<fileUpload uploadSessionId="%s" fileSize="1"/>' % session_id)))
    scripted.on("POST", SITE + "/datasources", (201, {}, ts(DATASOURCE)))
    scripted.on("GET", SITE + "/datasources", (200, {}, listing("datasource", DATASOURCE)))


def test_large_files_go_through_an_upload_session_in_chunks(scripted, tmp_path):
    data = os.urandom(40 * KIB)
    path = write(tmp_path / "Big.hyper", data)
    script_upload(scripted, "1:ab-1:0")
    datasources = DatasourceResource(signed_in(scripted), single_request_limit=32 * KIB, chunk_size=16 * KIB)
    item = datasources.publish(path, {"name": "Big"}, "p-1", "CreateNew")
    assert item["type"] == "hyper"
    appends = [r for r in scripted.requests if r["method"] == "PUT"]
    assert len(appends) == 3
    chunks = [parse_multipart(r["body"], r["headers"]["Content-Type"])[1][1] for r in appends]
    assert [len(c) for c in chunks] == [16 * KIB, 16 * KIB, 8 * KIB]
    assert b"".join(chunks) == data
    [commit] = [r for r in scripted.requests if r["method"] == "POST" and "/datasources" in r["path"]]
    assert "uploadSessionId=1:ab-1:0" in commit["path"] and "datasourceType=hyper" in commit["path"]
    assert [p[0]["Content-Disposition"] for p in parse_multipart(commit["body"], commit["headers"]["Content-Type"])] \
        == ['name="request_payload"']


def test_lost_chunk_answer_restarts_upload_in_new_session(scripted, tmp_path):
    data = os.urandom(40 * KIB)
    path = write(tmp_path / "Big.hyper", data)
    script_upload(scripted, "1:first:0", "2:second:0")
    # The second chunk of the first session arrives, but its answer is lost.
    scripted.routes[("PUT", SITE + "/fileUploads/1:first:0")] = [(200, {}, ts("<fileUpload/>")), ("reset", {}, b"")]
    datasources = DatasourceResource(signed_in(scripted), single_request_limit=32 * KIB, chunk_size=16 * KIB)
    datasources.publish(path, {"name": "Big"}, "p-1", "CreateNew")
    assert scripted.count("POST", SITE + "/fileUploads") == 2
    assert scripted.count("PUT", SITE + "/fileUploads/1:first:0") == 2  # never a third try into that session
    second = [r for r in scripted.requests if r["method"] == "PUT" and "2:second:0" in r["path"]]
    assert b"".join(parse_multipart(r["body"], r["headers"]["Content-Type"])[1][1] for r in second) == data
    [commit] = [r for r in scripted.requests if r["method"] == "POST" and "/datasources" in r["path"]]
    assert "uploadSessionId=2:second:0" in commit["path"]


def test_lost_chunk_answers_restart_the_upload_only_once(scripted, tmp_path):
    path = write(tmp_path / "Big.hyper", os.urandom(40 * KIB))
    script_upload(scripted, "1:first:0", "2:second:0")
    for session_id in ("1:first:0", "2:second:0"):
        scripted.routes[("PUT", SITE + "/fileUploads/" + session_id)] = [("reset", {}, b"")]
    datasources = DatasourceResource(signed_in(scripted), single_request_limit=32 * KIB, chunk_size=16 * KIB)
    with pytest.raises(TableauConnectionError) as info:
        datasources.publish(path, {"name": "Big"}, "p-1", "CreateNew")
    assert "2 upload sessions in a row" in info.value.msg and "Nothing was published" in info.value.msg
    assert not info.value.maybe_applied
    assert scripted.count("POST", SITE + "/fileUploads") == 2
    assert scripted.count("PUT") == 2
    assert scripted.count("POST", SITE + "/datasources") == 0


def test_a_failed_job_is_an_error_with_the_servers_notes(scripted, tmp_path):
    scripted.on("GET", SITE + "/jobs/j-1", (200, {}, ts(
        '<job id="j-1" type="RefreshExtract" progress="100" completedAt="2026-01-01T00:00:00Z" finishCode="1">'
        '<extractRefreshJob><notes>The database was unreachable.</notes><datasource id="d-1" name="X"/>'
        '</extractRefreshJob></job>')))
    with pytest.raises(TableauJobError, match="RefreshExtract job j-1 failed .*unreachable") as info:
        DatasourceResource(signed_in(scripted)).wait_for_job("j-1", timeout=5)
    assert info.value.job_id == "j-1"
    assert info.value.fail_json_kwargs()["job_id"] == "j-1"


def test_a_job_that_outlives_its_timeout_is_a_job_error_with_its_id(scripted):
    scripted.on("GET", SITE + "/jobs/j-2", (200, {}, ts('<job id="j-2" type="PublishWorkbook" progress="40"/>')))
    with pytest.raises(TableauJobError, match="did not finish within 0 seconds") as info:
        WorkbookResource(signed_in(scripted)).wait_for_job("j-2", timeout=0)
    assert info.value.job_id == "j-2"
    assert scripted.count("GET", SITE + "/jobs/j-2") == 1


def test_an_already_queued_refresh_is_not_an_error(scripted):
    scripted.on("POST", SITE + "/datasources/d-1/refresh", (409, {}, error_body(
        "409093", "Resource Conflict", "Job for 'X' is already queued. Not queuing a duplicate.")))
    assert DatasourceResource(signed_in(scripted)).refresh({"id": "d-1"}) == (False, None)


def test_both_kinds_refresh_through_the_one_implementation(scripted):
    job = ts('<job id="j-3" mode="Asynchronous" type="RefreshExtract" progress="0" createdAt="2026-01-01T00:00:00Z"/>')
    scripted.on("POST", SITE + "/workbooks/w-1/refresh", (202, {}, job))
    scripted.on("POST", SITE + "/datasources/d-1/refresh", (202, {}, job))
    client = signed_in(scripted)
    assert WorkbookResource(client).refresh({"id": "w-1", "has_extracts": True}, incremental=True) == (True, "j-3")
    assert DatasourceResource(client).refresh({"id": "d-1"}) == (True, "j-3")
    bodies = [r["body"] for r in scripted.requests if r["path"].endswith("/refresh")]
    assert b'<extractRefresh incremental="true"' in bodies[0] and b"incremental" not in bodies[1]


def test_a_move_sends_the_new_project_and_name_and_only_what_differs(scripted):
    answer = ts('<workbook id="w-1" name="Sales 2025" showTabs="false"><project id="p-2"/><owner id="user-1"/>'
                '<tags/></workbook>')
    scripted.on("PUT", SITE + "/workbooks/w-1", (200, {}, answer))
    workbooks = WorkbookResource(signed_in(scripted))
    current = {"id": "w-1", "name": "Sales", "project_id": "p-1", "tags": ["a"], "fingerprint": None}
    assert workbooks.move(current, "p-1") is current
    moved = workbooks.move(current, "p-2", "Sales 2025")
    assert (moved["project_id"], moved["name"], moved["tags"]) == ("p-2", "Sales 2025", ["a"])
    [put] = [r for r in scripted.requests if r["method"] == "PUT"]
    assert b'<workbook name="Sales 2025"><project id="p-2" /></workbook>' in put["body"]


def test_check_mode_refresh_sends_no_writes(scripted):
    client = signed_in(scripted)
    assert DatasourceResource(client, check_mode=True).refresh({"id": "d-1"}) == (True, None)
    assert [r["method"] for r in scripted.requests if "/sites/" in r["path"]] == []


def test_every_content_write_predicts_in_check_mode(scripted, tmp_path):
    path = write(tmp_path / "Sales.twbx", b"PK")
    client = signed_in(scripted)
    workbooks = WorkbookResource(client, check_mode=True)
    item = workbooks.publish(path, {"name": "Sales", "show_tabs": True}, "p-1", "CreateNew")
    assert item["id"] is None and item["project_id"] == "p-1" and item["owner_id"] == client.user_id
    assert item["show_tabs"] and item["tags"] == [] and item["description"] == ""
    current = dict(item, id="w-1", tags=["a"], fingerprint=None)
    assert workbooks.change_tags(current, ["b", "sha256:0123456789abcdef"], ["a"])["tags"] == ["b"]
    assert workbooks.update(current, {"show_tabs": False})["show_tabs"] is False
    connection = {"id": "c-1", "server_address": "db", "username": ""}
    assert workbooks.update_connection(current, connection, {"username": "u", "password": "p"}) == dict(
        connection, username="u")
    workbooks.delete(current)
    assert [r for r in scripted.requests if "/sites/" in r["path"]] == []


# ------------------------------------------------------------------------------------------ against the emulator

def emulated(emu, check_mode=False, resource=DatasourceResource, **kwargs):
    client = TableauClient(emu.url, auth={"username": "admin", "password": "admin"}, backoff_factor=0).sign_in()
    return resource(client, check_mode, **kwargs), ProjectResource(client).find(["Default"])["id"]


def inject(emu, **spec):
    emu.emulator.faults.append(Fault(spec))


def requests_to(emu, method, pattern):
    return [e for e in emu.emulator.log if e["method"] == method and pattern in e["path"] + "?" + (e["query"] or "")]


def default_site(emu):
    return [s for s in emu.emulator.state.sites.values() if s.content_url == ""][0]


@pytest.mark.parametrize("fault", [dict(action="reset", phase="after"), dict(action="reset")],
                         ids=["landed", "did-not-land"])
def test_a_new_item_whose_publish_answer_was_lost_is_published_once(emulator, tmp_path, fault):
    path = str(tmp_path / "orders.tdsx")
    samples.write_tdsx(path)
    datasources, project_id = emulated(emulator)
    inject(emulator, path=r"/datasources$", method="POST", **fault)
    item = datasources.publish(path, {"name": "Orders"}, project_id, "CreateNew")
    assert item["id"] and item["name"] == "Orders"
    assert emulator.emulator.content_summary()["sites"][0]["datasources"] == ["Orders"]
    assert len(requests_to(emulator, "POST", "/datasources")) == (1 if fault.get("phase") else 2)


def test_an_overwrite_whose_answer_was_lost_is_looked_for_before_it_is_sent_again(emulator, tmp_path):
    path = str(tmp_path / "orders.tdsx")
    samples.write_tdsx(path)
    datasources, project_id = emulated(emulator)
    first = datasources.publish(path, {"name": "Orders"}, project_id, "CreateNew")
    default_site(emulator).datasources[first["id"]]["updatedAt"] = "2000-01-01T00:00:00Z"
    current = datasources.find("Orders", project_id)
    inject(emulator, path=r"/datasources$", method="POST", action="reset", phase="after")
    item = datasources.publish(path, {"name": "Orders"}, project_id, "Overwrite", current)
    assert item["id"] == first["id"] and item["updated_at"] != current["updated_at"]
    assert len(requests_to(emulator, "POST", "overwrite=true")) == 1


def test_lost_append_answer_is_not_repeated(emulator, tmp_path):
    extract, more = str(tmp_path / "events.hyper"), str(tmp_path / "more.hyper")
    samples.write_random(extract, 8 * KIB)
    samples.write_random(more, 2 * KIB)
    datasources, project_id = emulated(emulator)
    current = datasources.publish(extract, {"name": "Events"}, project_id, "CreateNew")
    inject(emulator, path=r"/datasources$", method="POST", action="reset", phase="after")
    with pytest.raises(TableauConnectionError) as info:
        datasources.publish(more, {"name": "Events"}, project_id, "Append", current, tag="sha256:0123456789abcdef")
    message = info.value.fail_json_kwargs()["msg"]
    assert "may or may not have been added" in message and "not sent again" in message
    assert "row count" in message and "sha256:0123456789abcdef" in message
    assert info.value.maybe_applied
    assert len(requests_to(emulator, "POST", "append=true")) == 1
    stored = default_site(emulator).datasources[current["id"]]
    assert stored["size"] == 10 * KIB  # appended once, by the lost try


def test_a_lost_chunk_answer_on_the_emulator_publishes_the_file_intact(emulator, tmp_path):
    path = str(tmp_path / "big.hyper")
    samples.write_random(path, 40 * KIB)
    datasources, project_id = emulated(emulator, single_request_limit=32 * KIB, chunk_size=16 * KIB)
    inject(emulator, path=r"/fileUploads/", method="PUT", action="reset", phase="after", after=1)
    item = datasources.publish(path, {"name": "Big"}, project_id, "CreateNew")
    assert len(requests_to(emulator, "POST", "/fileUploads")) == 2
    assert len(requests_to(emulator, "PUT", "/fileUploads/")) == 2 + 3
    with open(path, "rb") as handle:
        assert default_site(emulator).datasources[item["id"]]["sha256"] == hashlib.sha256(handle.read()).hexdigest()


def test_names_in_another_case_find_the_same_item(emulator, tmp_path):
    path = str(tmp_path / "orders.tdsx")
    samples.write_tdsx(path)
    datasources, project_id = emulated(emulator)
    published = datasources.publish(path, {"name": "Orders"}, project_id, "CreateNew")
    assert datasources.find("ORDERS", project_id)["id"] == published["id"]
    assert datasources.find("orders", "another-project") is None


# ------------------------------------------------------------------------------------------ downloads

class Download(object):
    """A client whose download has ``headers`` and yields ``chunks`` (an exception among them is raised)."""

    def __init__(self, chunks, headers=None):
        self.chunks = chunks
        self.headers = headers if headers is not None else {
            "Content-Disposition": 'name="tableau_workbook"; filename="Sales.twbx"'}

    def download(self, path, params=None):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def iter_content(self, size):
        for chunk in self.chunks:
            if isinstance(chunk, Exception):
                raise chunk
            yield chunk


def test_a_broken_download_leaves_no_file_behind(tmp_path):
    client = Download([b"the first part", IOError("connection reset")])
    with pytest.raises(TableauConnectionError, match="broke off"):
        WorkbookResource(client).download_to_temp({"id": "w-1", "name": "Sales"}, str(tmp_path))
    assert os.listdir(str(tmp_path)) == []


def test_a_download_into_a_directory_uses_the_servers_file_name(tmp_path):
    workbooks = WorkbookResource(Download([b"abc"]))
    temp_path, target = workbooks.download_to_temp({"id": "w-1", "name": "Sales"}, str(tmp_path))
    assert target == str(tmp_path / "Sales.twbx")
    assert os.path.dirname(temp_path) == str(tmp_path)
    with open(temp_path, "rb") as handle:
        assert handle.read() == b"abc"


def test_a_download_without_a_file_name_is_named_after_the_item(tmp_path):
    _temp, target = DatasourceResource(Download([b"abc"], headers={})).download_to_temp(
        {"id": "d-1", "name": "Q1/Orders"}, str(tmp_path))
    assert target == str(tmp_path / "Q1_Orders.tdsx")


def test_a_download_onto_a_folder_is_refused_before_the_body(tmp_path):
    (tmp_path / "Sales.twbx").mkdir()
    with pytest.raises(TableauValidationError, match="that is a folder"):
        WorkbookResource(Download([b"abc"])).download_to_temp({"id": "w-1", "name": "Sales"}, str(tmp_path))
    assert os.listdir(str(tmp_path)) == ["Sales.twbx"]


@pytest.mark.parametrize("header, name", [
    ('name="tableau_workbook"; filename="Sales.twbx"', "Sales.twbx"),
    ('attachment; filename="Q1; Sales.twbx"', "Q1; Sales.twbx"),
    ('attachment; filename="../../etc/passwd"', "passwd"),
    ('attachment; filename=".."', None),
    ("attachment", None),
    (None, None),
])
def test_download_file_name_from_content_disposition(header, name):
    assert disposition_filename(header) == name


def test_download_file_name_from_rfc6266_filename_star():
    header = "attachment; filename=\"Sales.twbx\"; filename*=UTF-8''Ums%C3%A4tze%20%E2%82%AC.twbx"
    assert disposition_filename(header) == u"Ums\u00e4tze \u20ac.twbx"
    assert disposition_filename("attachment; filename*=UTF-8''Q1%20Sales.twbx") == "Q1 Sales.twbx"


def test_a_bad_dest_is_refused_before_any_request(tmp_path):
    with pytest.raises(TableauValidationError, match="does not exist"):
        resolve_dest(str(tmp_path / "missing" / "Sales.twbx"))
    write(tmp_path / "file", b"x")
    with pytest.raises(TableauValidationError, match="is a file"):
        resolve_dest(str(tmp_path / "file") + "/")
    with pytest.raises(TableauValidationError, match="needs 'dest'"):
        resolve_dest(None)
    assert resolve_dest(str(tmp_path)) == (str(tmp_path), None)
    assert resolve_dest(str(tmp_path / "copy.twbx")) == (str(tmp_path), "copy.twbx")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_dest_folder_is_refused(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(str(locked), 0o500)
    try:
        with pytest.raises(TableauValidationError, match="cannot be written"):
            resolve_dest(str(locked / "Sales.twbx"))
    finally:
        os.chmod(str(locked), 0o700)


def test_no_code_changes_the_process_umask():
    for name in ("content.py", "publishing.py", "multipart.py", "workbook.py", "datasource.py"):
        with open(os.path.join(os.path.dirname(content_module.__file__), name)) as handle:
            assert "umask" not in handle.read(), name


def test_a_publish_that_cannot_be_found_afterwards_is_an_error(scripted, tmp_path):
    path = write(tmp_path / "Sales.twbx", b"PK")
    scripted.on("POST", SITE + "/workbooks", (201, {}, ts(WORKBOOK)))
    scripted.on("GET", SITE + "/workbooks", (200, {}, listing("workbook")))
    with pytest.raises(TableauError, match="cannot be found in its project afterwards"):
        WorkbookResource(signed_in(scripted)).publish(path, {"name": "Sales"}, "p-1", "CreateNew")


def test_a_server_that_refuses_the_case_blind_filter_is_answered_from_the_full_listing(scripted):
    scripted.on("GET", SITE + "/workbooks?filter=name:cieq", (400, {}, error_body("400065", "Bad Request", "cieq")))
    scripted.on("GET", SITE + "/workbooks?", (200, {}, listing("workbook", WORKBOOK)))
    assert WorkbookResource(signed_in(scripted)).find("sales", "p-1")["id"] == "w-1"
    assert scripted.count("GET", SITE + "/workbooks") == 2
