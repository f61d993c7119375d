# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Published content (workbooks, data sources): uploading files, fingerprints, and the converge logic both share.

Publishing sends a multipart/mixed body: a ``request_payload`` part with the XML and a file part.
Files below the single-request limit (64 MiB on Tableau) go in one request; bigger ones through a
file upload session, in chunks. Every body is streamed from disk (``MultipartBody``), so memory stays
flat whatever the file size.

The REST API exposes no content hash, so the module records one: after a publish it tags the item
with ``sha256:<first 16 hex digits>`` of the file (for workbooks, of the file plus the hidden view
names, which can only be set at publish). The next run compares that tag with the local file and
publishes only when they differ.

``PublishedContent`` holds what workbooks and data sources share; ``workbook.py`` and ``datasource.py``
add what differs. ``ensure_present``, ``ensure_absent`` and ``ensure_downloaded`` are the module logic.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import tempfile
import time
import uuid

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover - Python 2
    from urllib import quote

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.client import filter_value_is_safe
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource, join_path, split_path
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource
from ansible_collections.tableau.server.plugins.module_utils.writes import create_once

MIB = 1024 * 1024
# Tableau refuses single publish requests above 64 MB; files this size or more go through an upload session.
SINGLE_REQUEST_LIMIT = 64 * MIB
# Size of each file upload session append (what TSC uses too).
CHUNK_SIZE = 50 * MIB
READ_BLOCK = MIB
FINGERPRINT_PREFIX = "sha256:"
FINGERPRINT_LENGTH = 16
JOB_POLL_FIRST = 0.5
JOB_POLL_MAX = 5.0
PUBLISH_MODES = ("auto", "create_new", "overwrite", "append")


# ---------------------------------------------------------------------------------------- multipart bodies

class MultipartBody(object):
    """A multipart/mixed body that is read piece by piece; file parts are streamed from disk.

    ``parts`` are dicts: ``name``, ``content_type``, and either ``data`` (bytes) or ``path`` with
    optional ``offset`` and ``length`` (a slice of the file), plus an optional ``filename``.
    ``len()`` is the exact size, so the request carries a Content-Length; ``seek(0)`` rewinds it
    for a retry.
    """

    def __init__(self, parts, boundary=None):
        self.boundary = boundary or uuid.uuid4().hex
        self._segments = []
        for part in parts:
            disposition = 'name="%s"' % part["name"]
            if part.get("filename") is not None:
                disposition += '; filename="%s"' % part["filename"].replace('"', "")
            head = "--%s\r\nContent-Disposition: %s\r\nContent-Type: %s\r\n\r\n" % (
                self.boundary, disposition, part.get("content_type") or "application/octet-stream")
            self._segments.append(head.encode("utf-8"))
            if part.get("path") is not None:
                offset = part.get("offset") or 0
                length = part.get("length")
                if length is None:
                    length = os.path.getsize(part["path"]) - offset
                self._segments.append((part["path"], offset, length))
            else:
                self._segments.append(part.get("data") or b"")
            self._segments.append(b"\r\n")
        self._segments.append(("--%s--\r\n" % self.boundary).encode("utf-8"))
        self._sizes = [len(s) if isinstance(s, bytes) else s[2] for s in self._segments]
        self._length = sum(self._sizes)
        self._position = 0
        self._handle = None
        self._handle_path = None

    @property
    def content_type(self):
        return "multipart/mixed; boundary=%s" % self.boundary

    def __len__(self):
        return self._length

    def tell(self):
        return self._position

    def seek(self, offset, whence=0):
        if whence == 1:
            offset += self._position
        elif whence == 2:
            offset += self._length
        self._position = max(0, min(offset, self._length))
        return self._position

    def read(self, size=-1):
        if size is None or size < 0:
            size = self._length - self._position
        out = []
        while size > 0 and self._position < self._length:
            index, start = self._locate(self._position)
            segment = self._segments[index]
            available = self._sizes[index] - start
            take = min(size, available)
            if isinstance(segment, bytes):
                piece = segment[start:start + take]
            else:
                piece = self._read_file(segment[0], segment[1] + start, take)
            out.append(piece)
            self._position += len(piece)
            size -= len(piece)
        return b"".join(out)

    def _locate(self, position):
        for index, size in enumerate(self._sizes):
            if position < size:
                return index, position
            position -= size
        raise EOFError(position)

    def _read_file(self, path, offset, size):
        if self._handle_path != path:
            self.close()
            self._handle = open(path, "rb")
            self._handle_path = path
        self._handle.seek(offset)
        data = self._handle.read(size)
        if len(data) != size:
            raise TableauValidationError("The file '%s' changed size while it was being uploaded." % path)
        return data

    def close(self):
        if self._handle is not None:
            self._handle.close()
        self._handle = None
        self._handle_path = None


# ---------------------------------------------------------------------------------------- files and fingerprints

def check_file(path, extensions, label):
    """The file's extension and size; an error before any request when it is missing or of the wrong type."""
    if not path:
        raise TableauValidationError("Publishing a %s needs 'file', the local file to publish." % label)
    extension = os.path.splitext(path)[1][1:].lower()
    if extension not in extensions:
        raise TableauValidationError(
            "The file '%s' cannot be published as a %s: the name must end in %s."
            % (path, label, ", ".join("." + e for e in extensions)))
    if not os.path.isfile(path):
        raise TableauValidationError("The file '%s' does not exist or is not a regular file." % path)
    return extension, os.path.getsize(path)


def file_fingerprint(path, extra=None):
    """SHA-256 of the file's bytes, read in blocks, followed by ``extra`` (publish-only settings) when given."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while True:
            block = handle.read(READ_BLOCK)
            if not block:
                break
            digest.update(block)
    if extra:
        digest.update(b"\0" + extra.encode("utf-8"))
    return digest.hexdigest()


def fingerprint_tag(hexdigest):
    return FINGERPRINT_PREFIX + hexdigest[:FINGERPRINT_LENGTH]


def is_fingerprint_tag(label):
    return label.lower().startswith(FINGERPRINT_PREFIX)


def split_tags(labels):
    """(fingerprint tag or None, the other tags) of an item's tag labels."""
    fingerprints = [t for t in labels if is_fingerprint_tag(t)]
    return (fingerprints[0] if fingerprints else None), [t for t in labels if not is_fingerprint_tag(t)]


def tag_changes(current, desired, purge):
    """Tags to add and to remove so ``current`` matches ``desired`` (None = leave alone); case-insensitive."""
    if desired is None:
        return [], []
    have = dict((t.lower(), t) for t in current)
    want = dict((t.lower(), t) for t in desired)
    add = [want[k] for k in sorted(want) if k not in have]
    remove = [have[k] for k in sorted(have) if k not in want] if purge else []
    return add, remove


def atomic_write_from(chunks, dest):
    """Write ``chunks`` to a temporary file beside ``dest``; returns its path (the caller renames or removes it)."""
    directory = os.path.dirname(os.path.abspath(dest)) or "."
    handle, temp_path = tempfile.mkstemp(dir=directory, prefix=".%s." % os.path.basename(dest), suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        _remove(temp_path)
        raise
    return temp_path


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


def _set_final_mode(temp_path, target):
    """mkstemp makes 0600 files: keep the replaced file's mode, or use the umask like a plain open() would."""
    if os.path.exists(target):
        mode = os.stat(target).st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp_path, mode)


def _same_file_content(path_a, path_b):
    if not os.path.isfile(path_b) or os.path.getsize(path_a) != os.path.getsize(path_b):
        return False
    return file_fingerprint(path_a) == file_fingerprint(path_b)


# ---------------------------------------------------------------------------------------- the shared resource

class PublishedContent(object):
    """Reads and writes shared by workbooks and data sources; writes honour ``check_mode``.

    Subclasses set the class attributes and implement ``item_from_xml``, ``publish_element``,
    ``update_element`` and ``compared``.
    """

    kind = None            # "workbook" / "datasource": the XML element and the URL segment (plural + s)
    label = None           # for messages
    extensions = ()
    packaged_extension = None
    file_part = None
    type_param = None
    not_found_hint = None

    def __init__(self, client, check_mode=False, chunk_size=CHUNK_SIZE, single_request_limit=SINGLE_REQUEST_LIMIT):
        self.client = client
        self.check_mode = check_mode
        self.chunk_size = chunk_size
        self.single_request_limit = single_request_limit

    @property
    def collection(self):
        return "/%ss" % self.kind

    # ------------------------------------------------------------------ reads

    def item_from_xml(self, el):
        raise NotImplementedError

    @staticmethod
    def common_from_xml(el):
        project = xmlio.find(el, "project")
        owner = xmlio.find(el, "owner")
        labels = [t.get("label") for t in xmlio.findall(el, "tags/tag")]
        fingerprint, tags = split_tags(labels)
        return {
            "id": el.get("id"),
            "name": el.get("name"),
            "description": el.get("description") or "",
            "content_url": el.get("contentUrl"),
            "webpage_url": el.get("webpageUrl"),
            "project_id": project.get("id") if project is not None else None,
            "owner_id": owner.get("id") if owner is not None else None,
            "tags": sorted(tags, key=lambda t: t.lower()),
            "fingerprint": fingerprint[len(FINGERPRINT_PREFIX):] if fingerprint else None,
            "size_mb": xmlio.to_int(el.get("size")),
            "created_at": el.get("createdAt"),
            "updated_at": el.get("updatedAt"),
        }

    def list(self, filters=None):
        return [self.item_from_xml(el) for el in self.client.paginate(self.collection, self.kind, filters=filters)]

    def find(self, name, project_id):
        """The item named exactly ``name`` in the project, or None."""
        filters = [("name", "eq", name)] if filter_value_is_safe(name) else None
        for item in self.list(filters=filters):
            if item["project_id"] == project_id and item["name"] == name:
                return item
        return None

    def get(self, item_id):
        return self.item_from_xml(xmlio.find(self.client.get("%s/%s" % (self.collection, item_id)), self.kind))

    def connections(self, item):
        root = self.client.get("%s/%s/connections" % (self.collection, item["id"]))
        return [connection_from_xml(el) for el in xmlio.findall(root, "connections/connection")]

    # ------------------------------------------------------------------ publishing

    def publish(self, path, payload, mode, as_job=False, params=None, timeout=None):
        """Publish ``path`` with the ``payload`` element; mode is CreateNew, Overwrite or Append.

        Returns the published item (after the job, for ``as_job``). Check mode predicts nothing here:
        callers do that, since they know the item they expect.
        """
        query = {self.type_param: os.path.splitext(path)[1][1:].lower()}
        if mode == "Overwrite":
            query["overwrite"] = "true"
        elif mode == "Append":
            query["append"] = "true"
        if as_job:
            query["asJob"] = "true"
        query.update(params or {})
        request_payload = {"name": "request_payload", "content_type": "text/xml", "data": xmlio.ts_request(payload)}
        parts = [request_payload]
        if os.path.getsize(path) >= self.single_request_limit:
            query["uploadSessionId"] = self.upload(path)
        else:
            parts.append({"name": self.file_part, "filename": os.path.basename(path), "path": path})

        def post():
            body = MultipartBody(parts)
            try:
                root = self.client.upload(self.collection, body, body.content_type, params=query,
                                          expected=(200, 201, 202))
            finally:
                body.close()
            job = xmlio.find(root, "job")
            if job is not None:
                self.wait_for_job(job.get("id"), timeout)
                return None
            return self.item_from_xml(xmlio.find(root, self.kind))
        if mode != "CreateNew":
            # An overwrite or append whose answer was lost is not repeated: the client reports it, and
            # the next run compares fingerprints. (An append sent twice would add the rows twice.)
            return post()
        project = payload.find("project")
        return create_once(post, lambda: self.find(payload.get("name"), project.get("id") if project is not None
                                                   else None), "%s '%s'" % (self.label, payload.get("name")))

    def upload(self, path):
        """Send a file through a file upload session, ``chunk_size`` bytes per append; the session id."""
        root = self.client.post("/fileUploads", expected=(201,))
        session_id = xmlio.find(root, "fileUpload").get("uploadSessionId")
        size = os.path.getsize(path)
        offset = 0
        while offset < size:
            length = min(self.chunk_size, size - offset)
            body = MultipartBody([
                {"name": "request_payload", "content_type": "text/xml", "data": b""},
                {"name": "tableau_file", "filename": "file", "path": path, "offset": offset, "length": length},
            ])
            try:
                self.client.upload("/fileUploads/%s" % session_id, body, body.content_type, expected=(200,),
                                   method="PUT")
            finally:
                body.close()
            offset += length
        return session_id

    def wait_for_job(self, job_id, timeout=None):
        """Poll the job until it finishes; an error when it fails, is cancelled or outlives ``timeout``."""
        deadline = time.time() + timeout if timeout is not None else None
        interval = JOB_POLL_FIRST
        while True:
            job = xmlio.find(self.client.get("/jobs/%s" % job_id), "job")
            if job.get("completedAt"):
                code = job.get("finishCode")
                if code == "0":
                    return job
                notes = " ".join(n.text or "" for n in job.iter("{%s}notes" % xmlio.NS)).strip()
                outcome = "was cancelled" if code == "2" else "failed"
                detail = ": " + notes if notes else "."
                raise TableauError("The %s job %s %s (finishCode %s)%s" % (job.get("type"), job_id, outcome, code, detail),
                                   hint="See the job in the server's Background Tasks for details.", job_id=job_id)
            if deadline is not None and time.time() + interval > deadline:
                raise TableauError("The %s job %s did not finish within %s seconds (progress %s%%)."
                                   % (job.get("type"), job_id, timeout, job.get("progress") or 0),
                                   hint="Raise wait_timeout; the job keeps running on the server.", job_id=job_id)
            self.client.wait(interval)
            interval = min(interval * 2, JOB_POLL_MAX)

    # ------------------------------------------------------------------ other writes

    def update(self, item, changes):
        if not changes:
            return item
        if self.check_mode:
            predicted = dict(item)
            predicted.update(changes)
            return predicted
        root = self.client.put("%s/%s" % (self.collection, item["id"]), xmlio.ts_request(self.update_element(changes)))
        updated = self.item_from_xml(xmlio.find(root, self.kind))
        # Update answers carry no tags; keep what we know.
        updated["tags"], updated["fingerprint"] = item["tags"], item["fingerprint"]
        return updated

    def change_tags(self, item, add, remove):
        """Add and remove tag labels (the fingerprint tag included when given)."""
        if self.check_mode or not (add or remove):
            return
        for label in remove:
            self.client.delete("%s/%s/tags/%s" % (self.collection, item["id"], quote(label, safe="")), expected=(200, 204))
        if add:
            tags = xmlio.element("tags", None, *[xmlio.element("tag", {"label": label}) for label in add])
            self.client.put("%s/%s/tags" % (self.collection, item["id"]), xmlio.ts_request(tags))

    def update_connection(self, item, connection, changes):
        if self.check_mode:
            predicted = dict(connection)
            predicted.update((k, v) for k, v in changes.items() if k != "password")
            return predicted
        attrs = {
            "serverAddress": changes.get("server_address"),
            "serverPort": changes.get("server_port"),
            "userName": changes.get("username"),
            "password": changes.get("password"),
            "embedPassword": changes.get("embed_password"),
        }
        root = self.client.put("%s/%s/connections/%s" % (self.collection, item["id"], connection["id"]),
                               xmlio.ts_request(xmlio.element("connection", attrs)))
        return connection_from_xml(xmlio.find(root, "connection"))

    def delete(self, item):
        if not self.check_mode:
            self.client.delete("%s/%s" % (self.collection, item["id"]), expected=(204,))

    def download_to_temp(self, item, dest, include_extract=True):
        """Stream the item's file into a temporary file beside ``dest``; (temp path, server's file name)."""
        params = None if include_extract else {"includeExtract": "false"}
        with self.client.download("%s/%s/content" % (self.collection, item["id"]), params=params) as response:
            filename = _disposition_filename(response.headers.get("Content-Disposition"))
            target = dest
            if os.path.isdir(dest):
                target = os.path.join(dest, filename or "%s.%s" % (item["name"], self.packaged_extension))
            temp_path = atomic_write_from(response.iter_content(READ_BLOCK), target)
        return temp_path, target

    # ------------------------------------------------------------------ subclass hooks

    def publish_element(self, params, project_id, current):
        raise NotImplementedError

    def update_element(self, changes):
        raise NotImplementedError

    def desired_fields(self, params, owner_id):
        """The fields a run sets (None = leave alone), compared with ``compared``."""
        raise NotImplementedError

    compared = ()

    def fingerprint_extra(self, params):
        return None

    def check_version(self, changes):
        """Fail before writing when ``changes`` need a newer REST API than the session speaks."""

    def predicted_after_publish(self, params):
        """What check mode predicts a publish sets on the item."""
        return {}

    def shown(self, item, project_path):
        if not item:
            return {}
        shown = dict((key, item.get(key)) for key in ("name", "description", "owner_id", "tags", "fingerprint"))
        shown.update((key, item.get(key)) for key in self.compared)
        shown["project"] = project_path
        return shown


def connection_from_xml(el):
    datasource = xmlio.find(el, "datasource")
    return {
        "id": el.get("id"),
        "type": el.get("type"),
        "server_address": el.get("serverAddress") or "",
        "server_port": el.get("serverPort") or None,
        "username": el.get("userName") or "",
        "embed_password": xmlio.to_bool(el.get("embedPassword")) or False,
        "authentication_type": el.get("authenticationType"),
        "datasource_id": datasource.get("id") if datasource is not None else None,
        "datasource_name": datasource.get("name") if datasource is not None else None,
    }


def credentials_element(credentials):
    """``<connectionCredentials>`` from the module's credentials option."""
    return xmlio.element("connectionCredentials", {
        "name": credentials.get("username"),
        "password": credentials.get("password") or "",
        "embed": bool(credentials.get("embed")),
        "oAuth": True if credentials.get("oauth") else None,
    })


def _disposition_filename(header):
    if not header:
        return None
    for piece in header.split(";"):
        key, _sep, value = piece.strip().partition("=")
        if key.lower() == "filename":
            return os.path.basename(value.strip().strip('"')) or None
    return None


# ---------------------------------------------------------------------------------------- module logic

def require_project(client, path):
    parts = split_path(path)
    if not parts:
        raise TableauValidationError("The project path is empty.", hint="Use 'Default' for the Default project.")
    project = ProjectResource(client).find(parts)
    if project is None:
        raise TableauValidationError("The project '%s' does not exist." % join_path(parts),
                                     hint="Create it first with tableau.server.tableau_project.")
    return project, join_path(parts)


def publish_action(mode, force, current, fingerprint):
    """What a run publishes: "CreateNew", "Overwrite", "Append" or None (nothing to publish)."""
    if current is None:
        return "CreateNew"
    if mode == "create_new":
        return None
    if mode == "overwrite":
        return "Overwrite"
    changed = force or current.get("fingerprint") != fingerprint[:FINGERPRINT_LENGTH]
    if not changed:
        return None
    return "Append" if mode == "append" else "Overwrite"


def ensure_present(module, client, resource):
    """Publish when needed, then converge metadata, tags and connections. The module result."""
    params = module.params
    extension, size = check_file(params["file"], resource.extensions, resource.label)
    if params["publish_mode"] == "append" and extension not in ("hyper", "tde"):
        raise TableauValidationError("publish_mode append needs an extract file (.hyper or .tde); got '%s'."
                                     % params["file"])
    project, project_path = require_project(client, params["project"])
    current = resource.find(params["name"], project["id"])
    fingerprint = file_fingerprint(params["file"], resource.fingerprint_extra(params))
    owner_id = None
    if params.get("owner"):
        owner_id = UserResource(client).require_by_name(params["owner"], purpose="owner")["id"]
    action = publish_action(params["publish_mode"], params["force"], current, fingerprint)
    before = resource.shown(current, project_path)
    item = current
    published = action is not None
    if published:
        item = _publish(module, client, resource, project, current, action, fingerprint)

    tags_add, tags_remove = tag_changes(item["tags"], params["tags"], params["purge_tags"])
    if published:
        # The fingerprint tag records what this run published; the next run compares against it.
        new_tag = fingerprint_tag(fingerprint)
        old_tag = FINGERPRINT_PREFIX + item["fingerprint"] if item.get("fingerprint") else None
        if old_tag != new_tag:
            tags_add.append(new_tag)
            if old_tag:
                tags_remove.append(old_tag)
        item["fingerprint"] = fingerprint[:FINGERPRINT_LENGTH]
    resource.change_tags(item, tags_add, tags_remove)
    item["tags"] = sorted([t for t in item["tags"] if t not in tags_remove] +
                          [t for t in tags_add if not is_fingerprint_tag(t)], key=lambda t: t.lower())

    desired = resource.desired_fields(params, owner_id)
    changes = dict((key, value) for key, value in desired.items()
                   if value is not None and item.get(key) != value)
    if changes:
        resource.check_version(changes)
    item = resource.update(item, changes)

    connections_changed, connections = converge_connections(module, resource, item, published)
    after = resource.shown(item, project_path)
    after["project"] = project_path
    result_item = dict(item, project=project_path)
    if owner_id is not None:
        result_item["owner"] = params["owner"]
    if connections is not None:
        result_item["connections"] = connections
    changed = published or bool(tags_add or tags_remove or changes) or connections_changed
    result = dict(changed=changed, published=published, publish_action=action, **{resource.kind: result_item})
    if module._diff:
        result["diff"] = dict(before=before, after=after)
    return result


def _publish(module, client, resource, project, current, action, fingerprint):
    params = module.params
    payload = resource.publish_element(params, project["id"], current)
    if resource.check_mode:
        predicted = dict(current or {
            "id": None, "name": params["name"], "description": "", "project_id": project["id"],
            "owner_id": client.user_id, "tags": [], "fingerprint": None, "content_url": None, "webpage_url": None,
            "size_mb": None, "created_at": None, "updated_at": None,
        })
        predicted.update(resource.predicted_after_publish(params))
        return predicted
    extra = {}
    if params.get("skip_connection_check"):
        extra["skipConnectionCheck"] = "true"
    item = resource.publish(params["file"], payload, action, as_job=params["as_job"], params=extra,
                            timeout=params["wait_timeout"])
    # Re-read: a publish answer (or a job) does not tell the tags the item keeps across an overwrite.
    found = resource.find(params["name"], project["id"])
    if found is None:
        raise TableauError("The %s '%s' was published but cannot be found in its project afterwards."
                           % (resource.label, params["name"]))
    if item is not None and found["id"] != item["id"]:
        found = resource.get(item["id"])
    return found


def converge_connections(module, resource, item, published):
    """Apply the ``connections`` option: (changed, connections after) or (False, None) when not given."""
    wanted = module.params.get("connections")
    if not wanted:
        return False, None
    if item.get("id") is None:
        return True, []  # check mode, not published yet: nothing to read, every listed change would apply
    current = resource.connections(item)
    changed = False
    send_passwords = module.params.get("update_password") == "always" or published
    for entry in wanted:
        matched = [c for c in current if _connection_matches(c, entry)]
        if not matched:
            raise TableauValidationError(
                "No connection of the %s '%s' matches %s; its connections: %s."
                % (resource.label, item["name"], _describe_match(entry),
                   ", ".join("%s:%s (%s)" % (c["server_address"], c["server_port"] or "", c["type"]) for c in current)
                   or "none"),
                hint="Match on the server address and port the connection has now, or on its type.")
        for connection in matched:
            changes = {}
            for key in ("server_address", "server_port", "username", "embed_password"):
                value = entry.get(key)
                if value is None:
                    continue
                value = str(value) if key == "server_port" else value
                if (connection.get(key) or ("" if key != "embed_password" else False)) != value:
                    changes[key] = value
            if entry.get("password") is not None and (send_passwords or changes):
                changes["password"] = entry["password"]
            if not changes:
                continue
            if "password" in changes and "embed_password" not in changes and entry.get("embed_password") is not None:
                changes["embed_password"] = entry["embed_password"]
            updated = resource.update_connection(item, connection, changes)
            current[current.index(connection)] = updated
            changed = True
    return changed, current


def _connection_matches(connection, entry):
    match = entry.get("match") or {}
    if not match:
        return True
    for key in ("server_address", "server_port", "type", "datasource_name"):
        value = match.get(key)
        if value is None:
            continue
        have = connection.get(key) or ""
        if key == "server_address":
            if have.lower() != str(value).lower() and (entry.get("server_address") or "").lower() != have.lower():
                return False
        elif key == "server_port":
            if str(have) != str(value) and str(entry.get("server_port") or "") != str(have):
                return False
        elif str(have) != str(value):
            return False
    return True


def _describe_match(entry):
    match = dict((k, v) for k, v in (entry.get("match") or {}).items() if v is not None)
    return ", ".join("%s=%s" % item for item in sorted(match.items())) or "(any)"


def ensure_absent(module, client, resource):
    project, project_path = require_project(client, module.params["project"])
    current = resource.find(module.params["name"], project["id"])
    result = dict(changed=current is not None, **{resource.kind: {}})
    if current is not None:
        resource.delete(current)
    if module._diff:
        result["diff"] = dict(before=resource.shown(current, project_path), after={})
    return result


def ensure_downloaded(module, client, resource):
    """Download to ``dest`` atomically; changed when the local file was missing or differed."""
    params = module.params
    if not params.get("dest"):
        raise TableauValidationError("state downloaded needs 'dest', the local path to write.")
    project, project_path = require_project(client, params["project"])
    current = resource.find(params["name"], project["id"])
    if current is None:
        raise TableauValidationError("There is no %s named '%s' in the project '%s' to download."
                                     % (resource.label, params["name"], project_path))
    dest = params["dest"]
    parent = dest if os.path.isdir(dest) else (os.path.dirname(os.path.abspath(dest)) or ".")
    if not os.path.isdir(parent):
        raise TableauValidationError("The directory '%s' for dest does not exist." % parent)
    temp_path, target = resource.download_to_temp(current, dest, params["include_extract"])
    try:
        changed = not _same_file_content(temp_path, target)
        if changed and not module.check_mode:
            _set_final_mode(temp_path, target)
            os.rename(temp_path, target)
    finally:
        _remove(temp_path)
    item = dict(current, project=project_path)
    return dict(changed=changed, dest=target, **{resource.kind: item})


def normalize_since(value):
    """``2024-05-01`` or ``2024-05-01T08:00:00Z`` as the server's ``YYYY-MM-DDTHH:MM:SSZ``."""
    text = str(value).strip()
    if len(text) == 10:
        text += "T00:00:00Z"
    if len(text) == 19:
        text += "Z"
    if len(text) != 20 or text[4] != "-" or text[10] != "T" or not text.endswith("Z"):
        raise TableauValidationError("updated_since '%s' is not a UTC date or time such as 2024-05-01 or "
                                     "2024-05-01T08:00:00Z." % value)
    return text


def list_items(client, resource, name=None, project=None, owner=None, tags=None, updated_since=None):
    """Items matching every filter given, each with ``project`` (its path) and ``owner`` (a name)."""
    filters = []
    if name is not None and filter_value_is_safe(name):
        filters.append(("name", "eq", name))
    if owner is not None and filter_value_is_safe(owner):
        filters.append(("ownerName", "eq", owner))
    if tags and filter_value_is_safe(tags[0]):
        filters.append(("tags", "eq", tags[0]))
    since = normalize_since(updated_since) if updated_since else None
    project_resource = ProjectResource(client)
    paths = project_resource.paths_by_id(project_resource.list())
    project_id = None
    if project is not None:
        parts = split_path(project)
        matching = [p_id for p_id, p_path in paths.items() if p_path == parts]
        if not matching:
            return []
        project_id = matching[0]
    items = resource.list(filters=filters or None)
    owners = UserResource(client).names_by_id(i["owner_id"] for i in items)
    wanted = []
    for item in items:
        if name is not None and item["name"] != name:
            continue
        if project_id is not None and item["project_id"] != project_id:
            continue
        if owner is not None and (owners.get(item["owner_id"]) or "").lower() != owner.lower():
            continue
        if tags and not set(t.lower() for t in tags) <= set(t.lower() for t in item["tags"]):
            continue
        if since is not None and (item["updated_at"] or "") < since:
            continue
        wanted.append(dict(item, project=join_path(paths.get(item["project_id"], [])),
                           owner=owners.get(item["owner_id"])))
    wanted.sort(key=lambda i: (i["project"].lower(), i["name"].lower()))
    return wanted


def content_argument_spec():
    """Options tableau_workbook and tableau_datasource share (documented in doc_fragments/content.py)."""
    match_options = dict(
        server_address=dict(type="str"),
        server_port=dict(type="int"),
        type=dict(type="str"),
        datasource_name=dict(type="str"),
    )
    connection_options = dict(
        match=dict(type="dict", options=match_options),
        server_address=dict(type="str"),
        server_port=dict(type="int"),
        username=dict(type="str"),
        password=dict(type="str", no_log=True),
        embed_password=dict(type="bool", no_log=False),
    )
    return dict(
        name=dict(type="str", required=True),
        project=dict(type="str", default="Default"),
        file=dict(type="path"),
        force=dict(type="bool", default=False),
        description=dict(type="str"),
        owner=dict(type="str"),
        tags=dict(type="list", elements="str"),
        purge_tags=dict(type="bool", default=True),
        as_job=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=1800),
        connections=dict(type="list", elements="dict", options=connection_options),
        update_password=dict(type="str", default="on_create", choices=["always", "on_create"], no_log=False),
        dest=dict(type="path"),
        include_extract=dict(type="bool", default=True),
        chunk_size_mb=dict(type="int", default=50),
        single_request_limit_mb=dict(type="int", default=64),
    )


def credentials_argument_spec(with_server=False):
    options = dict(
        username=dict(type="str", required=True),
        password=dict(type="str", no_log=True),
        embed=dict(type="bool", default=True),
        oauth=dict(type="bool", default=False),
    )
    if with_server:
        options.update(server_address=dict(type="str"), server_port=dict(type="int"))
    return dict(type="dict", options=options)


def check_before_run(module, resource_class):
    """Everything that can be refused without the server, so a bad task sends no request at all."""
    params = module.params
    for option in ("chunk_size_mb", "single_request_limit_mb"):
        if not 1 <= params[option] <= 64:
            module.fail_json(msg="%s must be between 1 and 64 (MiB); got %s." % (option, params[option]))
    if params["state"] == "present":
        try:
            extension, _size = check_file(params["file"], resource_class.extensions, resource_class.label)
        except TableauValidationError as exc:
            module.fail_json(**exc.fail_json_kwargs())
        if params.get("publish_mode") == "append" and extension not in ("hyper", "tde"):
            module.fail_json(msg="publish_mode append needs an extract file (.hyper or .tde); got '%s'."
                             % params["file"])


def resource_for(module, client, resource_class):
    params = module.params
    return resource_class(client, module.check_mode, chunk_size=params["chunk_size_mb"] * MIB,
                          single_request_limit=params["single_request_limit_mb"] * MIB)
