"""Publishing: multipart bodies streamed from disk, fingerprints, the publish decision, uploads and downloads."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import email.parser
import hashlib
import os

import pytest

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.publishing import (
    MultipartBody,
    _connection_matches,
    check_file,
    file_fingerprint,
    fingerprint_tag,
    normalize_since,
    publish_action,
    split_tags,
    tag_changes,
)
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

from ...conftest import error_body, ts

KIB = 1024


def parse_multipart(body, content_type):
    """The parts of a multipart body as Python's email parser sees them: [(headers, payload bytes)]."""
    message = email.parser.BytesParser().parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    assert message.is_multipart()
    return [(dict(part.items()), part.get_payload(decode=True)) for part in message.get_payload()]


def write(path, data):
    with open(str(path), "wb") as handle:
        handle.write(data)
    return str(path)


# ------------------------------------------------------------------------------------------ MultipartBody

def test_multipart_body_has_tableaus_part_layout(tmp_path):
    path = write(tmp_path / "Sales.twbx", b"PK\x03\x04zipbytes")
    body = MultipartBody([
        {"name": "request_payload", "content_type": "text/xml", "data": b"<tsRequest/>"},
        {"name": "tableau_workbook", "filename": "Sales.twbx", "path": path},
    ], boundary="b0undary")
    raw = body.read()
    assert raw == (b'--b0undary\r\nContent-Disposition: name="request_payload"\r\nContent-Type: text/xml\r\n\r\n'
                   b"<tsRequest/>\r\n"
                   b'--b0undary\r\nContent-Disposition: name="tableau_workbook"; filename="Sales.twbx"\r\n'
                   b"Content-Type: application/octet-stream\r\n\r\nPK\x03\x04zipbytes\r\n--b0undary--\r\n")
    assert body.content_type == "multipart/mixed; boundary=b0undary"
    assert len(body) == len(raw)


def test_multipart_body_parses_back_to_its_parts(tmp_path):
    data = os.urandom(300 * KIB)
    path = write(tmp_path / "x.hyper", data)
    body = MultipartBody([
        {"name": "request_payload", "content_type": "text/xml", "data": b"<tsRequest><datasource name='X'/></tsRequest>"},
        {"name": "tableau_datasource", "filename": "x.hyper", "path": path},
    ])
    parts = parse_multipart(body.read(), body.content_type)
    assert [p[0]["Content-Disposition"] for p in parts] == [
        'name="request_payload"', 'name="tableau_datasource"; filename="x.hyper"']
    assert parts[1][1] == data


def test_reading_in_small_pieces_gives_the_same_bytes_and_never_more_than_asked(tmp_path):
    path = write(tmp_path / "f.twb", os.urandom(100 * KIB))
    body = MultipartBody([{"name": "request_payload", "content_type": "text/xml", "data": b"<x/>"},
                          {"name": "tableau_workbook", "filename": "f.twb", "path": path}])
    whole = body.read()
    body.seek(0)
    pieces = []
    while True:
        piece = body.read(8 * KIB)
        assert len(piece) <= 8 * KIB
        if not piece:
            break
        pieces.append(piece)
    assert b"".join(pieces) == whole
    assert body.tell() == len(body)


def test_a_file_slice_is_one_upload_chunk(tmp_path):
    data = os.urandom(10 * KIB)
    path = write(tmp_path / "big.hyper", data)
    body = MultipartBody([{"name": "request_payload", "content_type": "text/xml", "data": b""},
                          {"name": "tableau_file", "filename": "file", "path": path, "offset": 4 * KIB,
                           "length": 3 * KIB}])
    parts = parse_multipart(body.read(), body.content_type)
    assert parts[0][1] in (b"", None)
    assert parts[1][1] == data[4 * KIB:7 * KIB]


def test_seek_rewinds_for_a_retry(tmp_path):
    path = write(tmp_path / "f.twb", b"<workbook/>")
    body = MultipartBody([{"name": "tableau_workbook", "filename": "f.twb", "path": path}])
    first = body.read()
    assert body.read() == b""
    body.seek(0)
    assert body.read() == first


def test_a_file_that_shrinks_during_upload_is_an_error(tmp_path):
    path = write(tmp_path / "f.twb", b"x" * 1000)
    body = MultipartBody([{"name": "tableau_workbook", "filename": "f.twb", "path": path}])
    write(tmp_path / "f.twb", b"x" * 10)
    with pytest.raises(TableauValidationError, match="changed size"):
        body.read()


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
    assert _connection_matches(connection, entry)
    assert not _connection_matches(connection, {"match": {"server_address": "db.example.com"}})
    assert _connection_matches(connection, {"match": {"type": "postgres", "server_port": 5432}})
    assert _connection_matches(connection, {})


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


# ------------------------------------------------------------------------------------------ against a scripted server

SITE = "/api/3.25/sites/site-1"
WORKBOOK = ('<workbook id="w-1" name="Sales" showTabs="false"><project id="p-1"/><owner id="user-1"/>'
            '<tags/></workbook>')


def signed_in(scripted):
    return TableauClient(scripted.url, auth={"username": "admin", "password": "secret"}).sign_in()


def test_small_files_go_in_one_request(scripted, tmp_path):
    data = os.urandom(40 * KIB)
    path = write(tmp_path / "Sales.twbx", data)
    scripted.on("POST", SITE + "/workbooks", (201, {}, ts(WORKBOOK)))
    workbooks = WorkbookResource(signed_in(scripted), single_request_limit=64 * KIB, chunk_size=16 * KIB)
    item = workbooks.publish(path, xmlio.element("workbook", {"name": "Sales"}), "Overwrite")
    assert item["id"] == "w-1"
    [request] = [r for r in scripted.requests if r["method"] == "POST" and "/workbooks" in r["path"]]
    assert "workbookType=twbx" in request["path"] and "overwrite=true" in request["path"]
    parts = parse_multipart(request["body"], request["headers"]["Content-Type"])
    assert parts[1][1] == data
    assert scripted.count("POST", SITE + "/fileUploads") == 0


def test_large_files_go_through_an_upload_session_in_chunks(scripted, tmp_path):
    data = os.urandom(40 * KIB)
    path = write(tmp_path / "Big.hyper", data)
    scripted.on("POST", SITE + "/fileUploads", (201, {}, ts('<fileUpload uploadSessionId="1:ab-1:0" fileSize="0"/>')))
    scripted.on("PUT", SITE + "/fileUploads/1:ab-1:0", (200, {}, ts('<fileUpload uploadSessionId="1:ab-1:0" fileSize="1"/>')))
    published = ts('<datasource id="d-1" name="Big" type="hyper"><project id="p-1"/><owner id="user-1"/></datasource>')
    scripted.on("POST", SITE + "/datasources", (201, {}, published))
    datasources = DatasourceResource(signed_in(scripted), single_request_limit=32 * KIB, chunk_size=16 * KIB)
    item = datasources.publish(path, xmlio.element("datasource", {"name": "Big"}), "CreateNew")
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


def test_a_failed_job_is_an_error_with_the_servers_notes(scripted, tmp_path):
    scripted.on("GET", SITE + "/jobs/j-1", (200, {}, ts(
        '<job id="j-1" type="RefreshExtract" progress="100" completedAt="2026-01-01T00:00:00Z" finishCode="1">'
        '<extractRefreshJob><notes>The database was unreachable.</notes><datasource id="d-1" name="X"/>'
        '</extractRefreshJob></job>')))
    with pytest.raises(TableauError, match="RefreshExtract job j-1 failed .*unreachable"):
        DatasourceResource(signed_in(scripted)).wait_for_job("j-1", timeout=5)


def test_an_already_queued_refresh_is_not_an_error(scripted):
    scripted.on("POST", SITE + "/datasources/d-1/refresh", (409, {}, error_body(
        "409093", "Resource Conflict", "Job for 'X' is already queued. Not queuing a duplicate.")))
    assert DatasourceResource(signed_in(scripted)).refresh({"id": "d-1"}) is None


class BrokenDownload(object):
    """A client whose download stream breaks after the first chunk."""

    site_id = "site-1"

    class Response(object):
        headers = {"Content-Disposition": 'name="tableau_workbook"; filename="Sales.twbx"'}

        def iter_content(self, size):
            yield b"the first part"
            raise IOError("connection reset")

        def close(self):
            pass

    def site_path(self, path):
        return SITE + path

    @contextlib.contextmanager
    def download(self, path, params=None):
        response = self.Response()
        try:
            yield response
        finally:
            response.close()


def test_a_broken_download_leaves_no_file_behind(tmp_path):
    with pytest.raises(IOError):
        WorkbookResource(BrokenDownload()).download_to_temp({"id": "w-1", "name": "Sales"}, str(tmp_path))
    assert os.listdir(str(tmp_path)) == []


def test_a_download_into_a_directory_uses_the_servers_file_name(tmp_path):
    client = BrokenDownload()
    client.Response = type("Whole", (BrokenDownload.Response,), {"iter_content": lambda self, size: iter([b"abc"])})
    temp_path, target = WorkbookResource(client).download_to_temp({"id": "w-1", "name": "Sales"}, str(tmp_path))
    assert target == str(tmp_path / "Sales.twbx")
    with open(temp_path, "rb") as handle:
        assert handle.read() == b"abc"
