"""The upload body format: multipart/mixed bodies streamed from disk, in Tableau's part layout."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.parser
import os

import pytest

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.multipart import MultipartBody, file_part, payload_part

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


def test_part_helpers_make_the_payload_and_file_parts(tmp_path):
    data = os.urandom(5 * KIB)
    path = write(tmp_path / "big.hyper", data)
    body = MultipartBody([payload_part(b"<x/>"), file_part("tableau_file", path, "file", KIB, 2 * KIB)])
    parts = parse_multipart(body.read(), body.content_type)
    assert parts[0][0]["Content-Type"] == "text/xml" and parts[0][1] == b"<x/>"
    assert parts[1][0]["Content-Disposition"] == 'name="tableau_file"; filename="file"'
    assert parts[1][1] == data[KIB:3 * KIB]
