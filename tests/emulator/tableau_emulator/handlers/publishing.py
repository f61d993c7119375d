"""Receiving published files: multipart/mixed bodies, file upload sessions, and the checks every publish shares.

A publish arrives either as one multipart/mixed request (``request_payload`` XML plus the file part)
or as a commit of a file upload session (``?uploadSessionId=...``, body with ``request_payload`` only)
whose chunks came earlier through ``PUT .../fileUploads/{id}``. Both end as a ``Publication``: the
parsed payload, a file on disk and what the server read out of it. The workbook, data source and flow
handlers decide what to do with it (create, overwrite, append; now or as a job).
"""

import math
import os
import random
import re
import uuid
from urllib.parse import unquote

from ..content import (DATASOURCE_EXTENSIONS, FLOW_EXTENSIONS, WORKBOOK_EXTENSIONS, ContentError, extension_of,
                       inspect_datasource, inspect_flow, inspect_workbook, remove_file, sha256_of)
from ..errors import ApiError, bad_request, not_found
from ..registry import on, route, server_collection
from ..routing import created, ok
from ..xmlio import element, parse_request

MB = 1024 * 1024

# Upload sessions by id, server-wide (each names its site).
server_collection("upload_sessions")


@on("site_deleted")
def drop_upload_sessions(state, site):
    for session_id, session in list(state.upload_sessions.items()):
        if session["site_id"] == site.id:
            remove_file(session["path"])
            del state.upload_sessions[session_id]


KINDS = {
    "workbook": {
        "part": "tableau_workbook", "extensions": WORKBOOK_EXTENSIONS, "type_param": "workbookType",
        "bad_file_name": ("400020", "The name of the workbook file doesn't end in .twb or .twbx."),
        "bad_file_type": ("400035", "The request included an uploadSessionId parameter but no workbookType, "
                                    "or the file type was something other than twb or twbx."),
        "unexpected_attachments": "400000", "label": "workbook", "inspect": inspect_workbook,
    },
    "datasource": {
        "part": "tableau_datasource", "extensions": DATASOURCE_EXTENSIONS, "type_param": "datasourceType",
        "bad_file_name": ("400010", "The name of the data source file doesn't end in .hyper, .tds, .tdsx, or .tde."),
        "bad_file_type": ("400010", "The request included an uploadSessionId parameter but no datasourceType, "
                                    "or the file type was something other than hyper, tds, tdsx, or tde."),
        "unexpected_attachments": "400010", "label": "data source", "inspect": inspect_datasource,
    },
    "flow": {
        "part": "tableau_flow", "extensions": FLOW_EXTENSIONS, "type_param": "flowType",
        "bad_file_name": ("400000", "The name of the flow file doesn't end in .tfl or .tflx."),
        "bad_file_type": ("400000", "The request included an uploadSessionId parameter but no flowType, "
                                    "or the file type was something other than tfl or tflx."),
        "unexpected_attachments": "400000", "label": "flow", "inspect": inspect_flow,
    },
}


class Part(object):
    """One part of a multipart/mixed body."""

    def __init__(self, name, filename, content_type, data):
        self.name = name
        self.filename = filename
        self.content_type = content_type
        self.data = data


def parse_multipart(request):
    """The parts of a multipart/mixed body, or the 400 a real server answers for anything else."""
    content_type = request.headers.get("Content-Type", "")
    if not content_type.lower().startswith("multipart/mixed"):
        raise bad_request("The request must be multipart/mixed (got '%s')." % (content_type or "no Content-Type"))
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not match:
        raise bad_request("The multipart/mixed Content-Type has no boundary.")
    delimiter = b"--" + match.group(1).encode("latin-1")
    body = request.body or b""
    if not body.rstrip().endswith(delimiter + b"--"):
        raise bad_request("The multipart body is incomplete: its closing boundary is missing.")
    parts = []
    position = body.find(delimiter)
    while position != -1:
        start = position + len(delimiter)
        if body[start:start + 2] == b"--":
            break
        end = body.find(b"\r\n" + delimiter, start)
        if end == -1:
            raise bad_request("The multipart body is incomplete: a part is not closed by a boundary.")
        parts.append(_parse_part(body[start:end]))
        position = end + 2
    return parts


def _parse_part(raw):
    if raw.startswith(b"\r\n"):
        raw = raw[2:]
    head, separator, data = raw.partition(b"\r\n\r\n")
    if not separator:
        head, data = raw, b""
    headers = {}
    for line in head.decode("latin-1").split("\r\n"):
        key, _colon, value = line.partition(":")
        if key.strip():
            headers[key.strip().lower()] = value.strip()
    disposition = dict(re.findall(r'(\w+)="([^"]*)"', headers.get("content-disposition", "")))
    return Part(disposition.get("name"), disposition.get("filename"), headers.get("content-type"), data)


def query_flag(request, name):
    """A true/false query parameter; anything else is the server's 400008."""
    value = request.query.get(name)
    if value is None or value == "":
        return False
    if value.lower() not in ("true", "false"):
        raise ApiError(400, "400008", "Bad Request", "The %s parameter must be true or false." % name)
    return value.lower() == "true"


def max_request_bytes(request):
    return int(request.state.server.get("max_request_bytes") or 0)


def too_large(request, filename):
    limit = max_request_bytes(request)
    return ApiError(400, "400011", "Bad Request",
                    "There was a problem publishing the file '%s'. A single publish request can carry at most "
                    "%d bytes (%d MB); publish larger files through a file upload session."
                    % (filename or "", limit, limit // MB))


def publishing_error(filename, reason):
    return ApiError(400, "400011", "Bad Request",
                    "There was a problem publishing the file '%s': %s." % (filename, reason))


class Publication(object):
    """What a publish request carried, after the checks every publish shares."""

    def __init__(self, kind, item_el, path, extension, filename, info, session_id=None):
        self.kind = kind
        self.item_el = item_el
        self.path = path
        self.extension = extension
        self.filename = filename
        self.info = info
        self.session_id = session_id
        self.sha256 = sha256_of(path)
        self.size = _file_size(path)
        self.name = item_el.get("name")

    def discard(self):
        """Drop the received file (a failed publish); an upload session's file stays with the session."""
        if self.session_id is None:
            remove_file(self.path)

    def credentials(self):
        """Connection credentials from the payload: ``[(match, creds)]`` where match None means every connection."""
        found = []
        direct = self.item_el.find("connectionCredentials")
        if direct is not None:
            found.append((None, _credentials(direct)))
        connections = self.item_el.find("connections")
        if connections is not None:
            for conn in connections.findall("connection"):
                creds_el = conn.find("connectionCredentials")
                creds = _credentials(creds_el) if creds_el is not None else {}
                match = {"serverAddress": conn.get("serverAddress"), "serverPort": conn.get("serverPort")}
                found.append((match, creds))
        return found


def _file_size(path):
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        return handle.tell()


def _credentials(el):
    embed = el.get("embed")
    if embed is not None and embed.lower() not in ("true", "false"):
        raise ApiError(400, "400008", "Bad Request", "The embed attribute must be true or false.")
    embed = embed is not None and embed.lower() == "true"
    return {"userName": el.get("name"), "password": el.get("password"), "embedPassword": embed,
            "oAuth": (el.get("oAuth") or "").lower() == "true"}


def receive(request, kind):
    """Parse and check a publish request of ``kind`` ('workbook', 'datasource' or 'flow'); returns a Publication."""
    spec = KINDS[kind]
    session_id = request.query.get("uploadSessionId")
    if request.body_truncated:
        match = re.search(rb'filename="([^"]*)"', request.body or b"")
        raise too_large(request, match.group(1).decode("utf-8", "replace") if match else "")
    parts = parse_multipart(request)
    payloads = [p for p in parts if p.name == "request_payload"]
    files = [p for p in parts if p.name != "request_payload"]
    if not payloads:
        raise bad_request("The multipart request has no request_payload part.")
    item_el = parse_request(payloads[0].data).find(kind)
    if item_el is None:
        raise bad_request("The request_payload has no <%s> element." % kind)
    if not (item_el.get("name") or "").strip():
        raise bad_request("The %s name is missing or empty." % spec["label"])
    if session_id is not None:
        if files:
            raise bad_request("The request has both an uploadSessionId parameter and an attachment.",
                              code=spec["unexpected_attachments"])
        extension = (request.query.get(spec["type_param"]) or "").lower()
        if extension not in spec["extensions"]:
            raise bad_request(spec["bad_file_type"][1], code=spec["bad_file_type"][0])
        session = upload_session(request, session_id)
        path, filename = session["path"], "%s.%s" % (item_el.get("name"), extension)
    else:
        if not files:
            raise bad_request("There is no %s attachment in the request and no uploadSessionId parameter."
                              % spec["label"])
        if len(files) > 1 or files[0].name != spec["part"]:
            raise bad_request("The request must carry exactly one '%s' part." % spec["part"],
                              code=spec["unexpected_attachments"])
        filename = files[0].filename or ""
        extension = extension_of(filename)
        if extension not in spec["extensions"]:
            raise bad_request(spec["bad_file_name"][1], code=spec["bad_file_name"][0])
        if len(files[0].data) > max_request_bytes(request):
            raise too_large(request, filename)
        path = request.state.content.write_bytes(files[0].data)
    try:
        info = spec["inspect"](path, extension)
    except ContentError as exc:
        if session_id is None:
            remove_file(path)
        raise publishing_error(filename, exc)
    publication = Publication(kind, item_el, path, extension, filename, info,
                              session_id=session_id)
    publication.credentials()  # validates embed values before anything is stored
    return publication


def take_file(request, publication, target):
    """Move the received file to its final place; an upload session is used up by the publish."""
    os.replace(publication.path, target)
    if publication.session_id is not None:
        request.state.upload_sessions.pop(publication.session_id, None)
    publication.path = target
    return target


def upload_session(request, session_id):
    session = request.state.upload_sessions.get(unquote(session_id))
    if session is None or session["site_id"] != request.site.id:
        raise not_found("404015", "Resource Not Found",
                        "The file upload session '%s' could not be found." % unquote(session_id))
    return session


def file_upload_element(session):
    return element("fileUpload", {"uploadSessionId": session["id"],
                                  "fileSize": str(int(math.ceil(session["size"] / float(MB))))})


@route("POST", "/sites/{site_id}/fileUploads", min_version="2.0")
def initiate_file_upload(request):
    session_id = "%d:%s-%d:%d" % (random.randint(1000, 9999), uuid.uuid4().hex, 1, 0)
    session = {"id": session_id, "site_id": request.site.id, "user_id": request.session["user_id"],
               "path": request.state.content.new_temp_path(), "size": 0, "chunks": 0}
    request.state.upload_sessions[session_id] = session
    return created("/api/%s/sites/%s/fileUploads/%s" % (request.api_version, request.site.id, session_id),
                   file_upload_element(session))


@route("PUT", "/sites/{site_id}/fileUploads/{upload_session_id}", min_version="2.0")
def append_to_file_upload(request):
    session = upload_session(request, request.params["upload_session_id"])
    limit = max_request_bytes(request)
    if request.body_truncated:
        raise ApiError(400, "400016", "Bad Request",
                       "The attached file exceeds the maximum size of %d bytes for a single append call." % limit)
    parts = parse_multipart(request)
    payloads = [p for p in parts if p.name == "request_payload"]
    files = [p for p in parts if p.name == "tableau_file"]
    if payloads and payloads[0].data.strip():
        raise bad_request("The XML content in the MIME multipart request is not empty.", code="400019")
    if not files:
        raise bad_request("The request has no tableau_file part with the file data.", code="400020")
    if len(files[0].data) > limit:
        raise ApiError(400, "400016", "Bad Request",
                       "The attached file exceeds the maximum size of %d bytes for a single append call." % limit)
    with open(session["path"], "ab") as handle:
        handle.write(files[0].data)
    session["size"] += len(files[0].data)
    session["chunks"] += 1
    return ok(file_upload_element(session))
