# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Published content (workbooks, data sources, flows): the resource they share.

``PublishedContent`` finds an item by name in a project (without regard to case, as Tableau keeps
names unique), publishes files (one request below the single-request limit, a file upload session in
chunks above it), updates the shared fields, tags and connections, moves an item to another project
or renames it, starts extract refreshes, deletes, streams downloads into a temporary file and waits
for background jobs. Every write honours ``check_mode`` and predicts its result without a request.
``workbook.py``, ``datasource.py`` and ``flow.py`` add what differs.

The REST API exposes no content hash, so the module logic (``publishing.py``) records one in a tag,
``sha256:<first 16 hex digits>``; this file reads it back as the item's ``fingerprint``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.message
import email.utils
import os
import tempfile
import time

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover - Python 2
    from urllib import quote

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.client import filter_value_is_safe
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauApiError,
    TableauConnectionError,
    TableauError,
    TableauJobError,
    TableauValidationError,
)
from ansible_collections.tableau.server.plugins.module_utils.multipart import MultipartBody, file_part, payload_part
from ansible_collections.tableau.server.plugins.module_utils.resource import Field, FieldTable, Resource, same_name
from ansible_collections.tableau.server.plugins.module_utils.writes import create_once

MIB = 1024 * 1024
# Tableau refuses single publish requests above 64 MB; files this size or more go through an upload session.
SINGLE_REQUEST_LIMIT = 64 * MIB
# Size of each file upload session append (what TSC uses too).
CHUNK_SIZE = 50 * MIB
READ_BLOCK = MIB
# A chunk whose answer was lost restarts the upload in a new session this many times at most.
UPLOAD_RESTARTS = 1
FINGERPRINT_PREFIX = "sha256:"
FINGERPRINT_LENGTH = 16
JOB_POLL_FIRST = 0.5
JOB_POLL_MAX = 5.0
JOB_OUTCOMES = {"0": "succeeded", "1": "failed", "2": "was cancelled"}
# Update Workbook Now and Update Data Source Now (POST .../refresh, answered 202 with a job) came with 2.8.
REFRESH_VERSION = "2.8"
# From this version on both take an <extractRefresh incremental="true"> body; before it an empty one.
INCREMENTAL_REFRESH_VERSION = "3.25"
# "Job for '<name>' is already queued. Not queuing a duplicate.": a refresh of the item waits or runs.
REFRESH_QUEUED_CODE = "409093"
# Module option -> XML attribute of a connection update.
CONNECTION_ATTRIBUTES = (("server_address", "serverAddress"), ("server_port", "serverPort"),
                         ("username", "userName"), ("password", "password"), ("embed_password", "embedPassword"))


def content_table(tag, fields, without=()):
    """The fields every published item has, with ``fields`` (the kind's own) after the shared compared ones;
    ``without`` names shared fields the kind does not have (flows have no size or content URL)."""
    return FieldTable(tag, [field for field in [
        Field("name", "name", option=False),
        Field("description", "description"),
        Field("owner_id", option=False),
        Field("tags", option=False),
        Field("fingerprint", option=False),
    ] + list(fields) + [
        Field("project_id", compare=False, option=False),
        Field("content_url", "contentUrl", compare=False, option=False),
        Field("webpage_url", "webpageUrl", compare=False, option=False),
        Field("size_mb", "size", kind="int", compare=False, option=False),
        Field("has_extracts", "hasExtracts", kind="bool", compare=False, option=False),
        Field("created_at", "createdAt", compare=False, option=False),
        Field("updated_at", "updatedAt", compare=False, option=False),
    ] if field.name not in without])


# ---------------------------------------------------------------------------------------- tags and fingerprints

def fingerprint_tag(hexdigest):
    return FINGERPRINT_PREFIX + hexdigest[:FINGERPRINT_LENGTH]


def is_fingerprint_tag(label):
    return label.lower().startswith(FINGERPRINT_PREFIX)


def split_tags(labels):
    """(fingerprint tag or None, the other tags) of an item's tag labels."""
    fingerprints = [t for t in labels if is_fingerprint_tag(t)]
    return (fingerprints[0] if fingerprints else None), [t for t in labels if not is_fingerprint_tag(t)]


def sorted_tags(labels):
    return sorted(labels, key=lambda t: t.lower())


def retagged(item, add, remove):
    """``item`` as it is after adding and removing these tag labels (the fingerprint tag among them)."""
    removed = set(t.lower() for t in remove)
    added, others = split_tags(add)
    kept = [t for t in item["tags"] if t.lower() not in removed]
    result = dict(item, tags=sorted_tags(kept + others))
    if added:
        result["fingerprint"] = added[len(FINGERPRINT_PREFIX):]
    elif any(is_fingerprint_tag(t) for t in remove):
        result["fingerprint"] = None
    return result


# ---------------------------------------------------------------------------------------- connections

def connection_from_xml(el):
    datasource = xmlio.find(el, "datasource")
    return {
        "id": el.get("id"),
        "type": el.get("type"),
        "server_address": el.get("serverAddress") or "",
        "server_port": el.get("serverPort") or None,
        # Query ... Connections answers say dbName (TSC's connection_item.py), not the databaseName of publishing.
        "database_name": el.get("dbName") or None,
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


# ---------------------------------------------------------------------------------------- local files

def disposition_filename(header):
    """The file name a ``Content-Disposition`` header gives, read the standard library's way.

    Quoted values may hold ``;``; RFC 6266 / RFC 2231 ``filename*`` (``UTF-8''Q1%20Sales.twbx``) wins over
    a plain ``filename``. Only the last path component is kept, so a hostile name cannot leave ``dest``.
    """
    if not header:
        return None
    message = email.message.Message()
    message["Content-Disposition"] = header
    values = [value for key, value in message.get_params(header="content-disposition") if key.lower() == "filename"]
    if not values:
        return None
    extended = [value for value in values if isinstance(value, tuple)]
    name = email.utils.collapse_rfc2231_value(extended[0] if extended else values[0])
    name = os.path.basename(name.replace("\\", "/")).strip()
    return name if name not in ("", ".", "..") else None


def resolve_dest(dest):
    """(folder, file name or None for the server's) of a download's ``dest``; refused before any request
    when the folder is missing, is a file, or cannot be written to."""
    if not dest:
        raise TableauValidationError("state downloaded needs 'dest', the local path to write.")
    wants_folder = dest.endswith(("/", os.sep)) or os.path.isdir(dest)
    folder = os.path.abspath(dest if wants_folder else os.path.dirname(os.path.abspath(dest)))
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise TableauValidationError("dest '%s' names a folder, but '%s' is a file." % (dest, folder),
                                     hint="Leave out the trailing '/' to write that file, or name another folder.")
    require_writable_folder(folder)
    return folder, (None if wants_folder else os.path.basename(dest))


def require_writable_folder(folder):
    """Refuse, before any request, a dest whose folder is missing or cannot be written to."""
    if not os.path.isdir(folder):
        raise TableauValidationError("The folder '%s' for dest does not exist." % folder,
                                     hint="Create it first (ansible.builtin.file with state: directory).")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise TableauValidationError("The folder '%s' for dest cannot be written to by this user." % folder,
                                     hint="Choose another dest, or run the task as a user who may write there.")


def remove_quietly(path):
    try:
        os.remove(path)
    except OSError:
        pass


def network_chunks(chunks, what):
    """``chunks`` of a download; a connection that breaks while they are read becomes a TableauConnectionError."""
    iterator = iter(chunks)
    while True:
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        except TableauError:
            raise
        except (IOError, OSError) as exc:  # requests' errors are IOErrors
            raise TableauConnectionError("The download of %s broke off: %s" % (what, exc),
                                         hint="Run the task again; nothing was written to dest.")
        yield chunk


def stream_to_temp(chunks, folder, name):
    """Write ``chunks`` into a new temporary file in ``folder``; its path. On any failure no file is left."""
    try:
        handle, temp_path = tempfile.mkstemp(dir=folder, prefix=".%s." % name, suffix=".part")
    except (IOError, OSError) as exc:
        raise TableauError("Cannot make a temporary file in '%s' for the download: %s" % (folder, exc))
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except TableauError:
        remove_quietly(temp_path)
        raise
    except (IOError, OSError) as exc:
        remove_quietly(temp_path)
        raise TableauError("Writing the download into '%s' failed: %s" % (folder, exc))
    except BaseException:
        remove_quietly(temp_path)
        raise
    return temp_path


def job_failure(job, job_id):
    """The TableauJobError of a job that ended other than well."""
    code = job.get("finishCode")
    notes = " ".join(n.text or "" for n in job.iter("{%s}notes" % xmlio.NS)).strip()
    return TableauJobError("The %s job %s %s (finishCode %s)%s" % (
        job.get("type"), job_id, JOB_OUTCOMES.get(code, "failed"), code, ": " + notes if notes else "."),
        job_id=job_id, hint="See the job in the server's Background Tasks for details.")


def in_project(items, project_id):
    """The one of ``items`` (all of one name) that is in the project ``project_id``, or None."""
    for item in items:
        if item["project_id"] == project_id:
            return item
    return None


def wait_for_job(client, job_id, timeout=None, judge=True, hint="Raise wait_timeout; the job keeps running on the server."):
    """Poll the job until it finishes; a TableauJobError when it fails, is cancelled or outlives ``timeout``.

    For every background job of the site: publishes, extract refreshes, flow runs, user imports. With
    ``judge`` false the ended job is returned however it ended, for a caller that judges by what it did.
    """
    deadline = time.time() + timeout if timeout is not None else None
    interval = JOB_POLL_FIRST
    while True:
        job = xmlio.require(client.get("/jobs/%s" % job_id), "job", "a job query")
        if job.get("completedAt"):
            if job.get("finishCode") == "0" or not judge:
                return job
            raise job_failure(job, job_id)
        if deadline is not None and time.time() + interval > deadline:
            raise TableauJobError("The %s job %s did not finish within %s seconds (progress %s%%)."
                                  % (job.get("type"), job_id, timeout, job.get("progress") or 0),
                                  job_id=job_id, hint=hint)
        client.wait(interval)
        interval = min(interval * 2, JOB_POLL_MAX)


# ---------------------------------------------------------------------------------------- the shared resource

class PublishedContent(Resource):
    """Reads and writes shared by workbooks, data sources and flows; every write honours ``check_mode``.

    Subclasses set ``path``, ``tag``, ``kind``, ``table`` (from ``content_table``), the file types
    (``extensions``, ``packaged_extension``, ``file_part``, ``type_param``), ``empty`` (what a missing
    attribute means), ``publish_sets`` (the fields a publish itself sets), ``rename_version`` (or
    ``no_rename``) and ``publish_element``; ``move`` and ``refresh`` work for every kind the server moves and refreshes alike.
    """

    extensions = ()
    packaged_extension = None
    file_part = None
    type_param = None
    empty = {"description": ""}
    publish_sets = ("description",)
    # The REST API version from which the kind's update takes a new name (None: every version).
    rename_version = None
    # Why the kind's update takes no name at all (None: it does); new_name is then refused before any request.
    no_rename = None

    def __init__(self, client, check_mode=False, chunk_size=CHUNK_SIZE, single_request_limit=SINGLE_REQUEST_LIMIT):
        super(PublishedContent, self).__init__(client, check_mode)
        self.chunk_size = chunk_size
        self.single_request_limit = single_request_limit

    # ------------------------------------------------------------------ shapes

    def from_xml(self, el):
        """The item of an answer; ``tags`` and ``fingerprint`` None when the answer leaves the tags out."""
        record = super(PublishedContent, self).from_xml(el)
        project, owner, tags = xmlio.find(el, "project"), xmlio.find(el, "owner"), xmlio.find(el, "tags")
        record["project_id"] = project.get("id") if project is not None else None
        record["owner_id"] = owner.get("id") if owner is not None else None
        if tags is not None:
            fingerprint, labels = split_tags([t.get("label") for t in xmlio.findall(tags, "tag")])
            record["tags"] = sorted_tags(labels)
            record["fingerprint"] = fingerprint[len(FINGERPRINT_PREFIX):] if fingerprint else None
        return record

    def normalized(self, record):
        """``record`` with the values Tableau means by a missing attribute (an empty description, no tags)."""
        for key, value in dict(self.empty, tags=[]).items():
            if record.get(key) is None:
                record[key] = value
        return record

    def element(self, values):
        """An update's element: the table's attributes, then ``<project id>`` (a move) and ``<owner id>``."""
        project = xmlio.element("project", {"id": values["project_id"]}) if values.get("project_id") else None
        owner = xmlio.element("owner", {"id": values["owner_id"]}) if values.get("owner_id") else None
        return self.table.element(values, *[child for child in (project, owner) if child is not None])

    def answered(self, root):
        return self.normalized(super(PublishedContent, self).answered(root))

    def shown(self, item, project_path):
        """What a diff shows of an item: the compared fields and its project's path."""
        return dict(self.table.shown(item), project=project_path) if item else {}

    def desired_fields(self, desired, owner_id):
        """The fields a task sets (None = leave alone), from its options and the owner's id."""
        fields = dict((name, desired.get(name)) for name in self.table.argspec())
        fields["owner_id"] = owner_id
        return fields

    # ------------------------------------------------------------------ reads

    def list(self, filters=None, sort=None, fields=None):
        return [self.normalized(item) for item in super(PublishedContent, self).list(filters, sort, fields)]

    def named_anywhere(self, name):
        """Every item named ``name``, in any case and in any project (the names are unique per project only).

        One listing filtered with ``cieq`` (the filter that ignores case); a server that refuses the
        filter (HTTP 400) or a name it cannot carry is answered from the full listing.
        """
        items = None
        if filter_value_is_safe(name):
            try:
                items = self.list(filters=[("name", "cieq", name)])
            except TableauApiError as exc:
                if exc.status != 400:
                    raise
        return [item for item in (self.list() if items is None else items) if same_name(item["name"], name)]

    def find(self, name, project_id):
        """The item named ``name`` in the project, in any case: Tableau keeps names unique without regard to case."""
        return in_project(self.named_anywhere(name), project_id)

    def get(self, item_id):
        root = self.client.get("%s/%s" % (self.path, item_id))
        return self.normalized(self.from_xml(xmlio.require(root, self.tag, "a %s query" % self.kind)))

    def connections(self, item):
        root = self.client.get("%s/%s/connections" % (self.path, item["id"]))
        return [connection_from_xml(el) for el in xmlio.findall(root, "connections/connection")]

    # ------------------------------------------------------------------ publishing

    def publish_element(self, fields, project_id, current):
        raise NotImplementedError

    def fingerprint_extra(self, desired):
        """Publish-only settings that belong in the fingerprint (None: the file alone)."""
        return None

    def publish_needed(self, current, desired):
        """Whether the task needs a publish the fingerprint does not tell of (a setting only a publish can
        change); called before any write, so it may also refuse what the kind cannot do."""
        return False

    @classmethod
    def check_options(cls, params):
        """Refuse, before any request, options the kind cannot take (see content_module.check_content_params)."""

    def predict_publish(self, fields, project_id, current):
        if current is not None:
            predicted = dict(current)
        else:
            predicted = self.normalized(self.predict(
                {"name": fields["name"], "project_id": project_id, "owner_id": self.client.user_id}))
        predicted.update((key, fields[key]) for key in self.publish_sets if fields.get(key) is not None)
        return predicted

    def publish(self, path, fields, project_id, mode, current=None, as_job=False, timeout=None, params=None,
                tag=None):
        """Publish the file ``path`` as ``fields["name"]`` in the project; ``mode`` is CreateNew, Overwrite or Append.

        Returns the item as it is afterwards (read again: a publish answer does not tell the tags an
        overwrite keeps), or in check mode the item predicted, without a request. The request that
        commits is never repeated blindly: after a lost answer a new item is looked for and an
        overwrite's ``updatedAt`` compared before anything is sent again (``create_once``); an append
        is not sent again at all (``tag`` is the fingerprint tag the error suggests).
        """
        if self.check_mode:
            predicted = self.predict_publish(fields, project_id, current)
            return predicted if current is not None else self.plan(predicted)
        query = {self.type_param: os.path.splitext(path)[1][1:].lower()}
        query.update({"CreateNew": {}, "Overwrite": {"overwrite": "true"}, "Append": {"append": "true"}}[mode])
        if as_job:
            query["asJob"] = "true"
        query.update(params or {})
        parts = [payload_part(xmlio.ts_request(self.publish_element(fields, project_id, current)))]
        if os.path.getsize(path) >= self.single_request_limit:
            query["uploadSessionId"] = self.upload(path)
        else:
            parts.append(file_part(self.file_part, path, os.path.basename(path)))

        def post():
            return self._commit(parts, query, timeout)
        what = "%s '%s'" % (self.kind, fields["name"])
        if mode == "Append":
            item = self._append_once(post, path, what, current, tag)
        elif mode == "Overwrite":
            item = create_once(post, lambda: self._overwritten(current), what)
        else:
            item = create_once(post, lambda: self.find(fields["name"], project_id), what)
        found = self.find(fields["name"], project_id)
        if found is None:
            raise TableauError("The %s was published but cannot be found in its project afterwards." % what)
        if item is not None and item.get("id") and found["id"] != item["id"]:
            found = self.get(item["id"])
        return found

    def _commit(self, parts, query, timeout):
        body = MultipartBody(parts)
        try:
            root = self.client.upload(self.path, body, body.content_type, params=query, expected=(200, 201, 202))
        finally:
            body.close()
        job = xmlio.find(root, "job")
        if job is not None:
            self.wait_for_job(job.get("id"), timeout)
            return None
        return self.answered(root)

    def _overwritten(self, current):
        """The item if an overwrite whose answer was lost landed (its ``updatedAt`` moved), else None."""
        found = self.find(current["name"], current["project_id"])
        if found is not None and found.get("updated_at") != current.get("updated_at"):
            return found
        return None

    @staticmethod
    def _append_once(post, path, what, current, tag):
        try:
            return post()
        except TableauConnectionError as exc:
            if not exc.maybe_applied:
                raise
            raise TableauConnectionError(
                "Appending '%s' to the %s: the connection broke after the request was sent, so its rows may or "
                "may not have been added. The append is not sent again, since sent twice it adds the rows twice. %s"
                % (os.path.basename(path), what, exc.msg),
                hint="Before running the task again, check the data source on the server: its row count, or whether "
                     "its updatedAt is later than %s. A new run appends the file again; if the rows are there, tag "
                     "the data source with '%s' first, so the next run knows this file was appended."
                     % (current.get("updated_at") or "before", tag or "the file's fingerprint tag"),
                maybe_applied=True)

    def upload(self, path):
        """Send the file through a new file upload session, ``chunk_size`` bytes per append; the session id.

        Nothing is committed until the publish, so a chunk whose answer was lost is never sent into the
        same session again: the upload starts over in a new session, ``UPLOAD_RESTARTS`` times at most.
        """
        for _attempt in range(UPLOAD_RESTARTS + 1):
            session_id = self._start_upload()
            try:
                self._send_chunks(session_id, path)
                return session_id
            except TableauConnectionError as exc:
                if not exc.maybe_applied:
                    raise
                lost = exc
        raise TableauConnectionError(
            "Uploading '%s': the answer to a chunk was lost in %d upload sessions in a row, so the upload stopped. "
            "Nothing was published: an upload session commits nothing until the publish. %s"
            % (path, UPLOAD_RESTARTS + 1, lost.msg), hint="Run the task again when the network is healthy.")

    def _start_upload(self):
        # Starting a session changes nothing on the site: after a lost answer it may be sent again.
        root = self.client.send("POST", "/fileUploads", expected=(201,), repeatable=True)
        return xmlio.require(root, "fileUpload", "a file upload start").get("uploadSessionId")

    def _send_chunks(self, session_id, path):
        size = os.path.getsize(path)
        offset = 0
        while offset < size:
            length = min(self.chunk_size, size - offset)
            body = MultipartBody([payload_part(b""), file_part("tableau_file", path, "file", offset, length)])
            try:
                self.client.upload("/fileUploads/%s" % session_id, body, body.content_type, expected=(200,),
                                   method="PUT")
            finally:
                body.close()
            offset += length

    def wait_for_job(self, job_id, timeout=None):
        """Poll the job until it finishes (see ``wait_for_job``)."""
        return wait_for_job(self.client, job_id, timeout)

    # ------------------------------------------------------------------ other writes

    def update(self, current, change):
        """The base's update (the prediction in check mode); update answers carry no tags, so they are kept."""
        updated = self.normalized(super(PublishedContent, self).update(current, change))
        updated["tags"], updated["fingerprint"] = current["tags"], current.get("fingerprint")
        return updated

    def move(self, current, project_id, name=None):
        """Move the item to the project ``project_id`` and, with ``name``, rename it (Update Workbook / Update
        Data Source with ``<project id>`` and ``name``); the item afterwards, predicted in check mode.

        Only what differs is sent: nothing when the item is there under that name already. A new name
        spelled in another case is a rename too (the server keeps the spelling it is given). Renaming
        needs ``rename_version`` (the server ignores a name it cannot take, so an older one is refused
        here, in check mode too, rather than reported as done).
        """
        change = {}
        if project_id != current["project_id"]:
            change["project_id"] = project_id
        if name is not None and name != current["name"]:
            change["name"] = name
        if "name" in change and self.rename_version:
            self.client.require_version(self.rename_version, "Renaming a %s" % self.kind)
        return self.update(current, change)

    def refresh_body(self, incremental):
        if self.client.supports(INCREMENTAL_REFRESH_VERSION):
            return xmlio.ts_request(xmlio.element("extractRefresh", {"incremental": True if incremental else None}))
        if incremental:
            self.client.require_version(INCREMENTAL_REFRESH_VERSION, "An incremental extract refresh")
        return b"<tsRequest />"

    def refresh(self, item, incremental=False):
        """Start an extract refresh (Update Workbook Now, Update Data Source Now): (started, job id).

        (False, None) when a refresh is queued already (Tableau does not queue a second one: 409093); in
        check mode (True, None), without a request. An item the server says has no extract is refused
        before any request (the server would answer 409090), so check mode predicts the real run.
        """
        self.client.require_version(REFRESH_VERSION, "Refreshing the extract of a %s" % self.kind)
        body = self.refresh_body(incremental)
        if item.get("has_extracts") is False:
            raise TableauValidationError(
                "The %s '%s' has no extract to refresh (the server lists none for it)." % (self.kind, item["name"]),
                hint="Only content with extracts can be refreshed; live connections need no refresh.")
        if self.check_mode:
            return True, None
        try:
            root = self.client.post("%s/%s/refresh" % (self.path, item["id"]), body, expected=(200, 202))
        except TableauApiError as exc:
            if exc.code == REFRESH_QUEUED_CODE:
                return False, None
            raise
        return True, xmlio.require(root, "job", "an extract refresh").get("id")

    def change_tags(self, item, add, remove):
        """Add and remove tag labels (the fingerprint tag among them); the item with its tags afterwards."""
        if (add or remove) and not self.check_mode:
            for label in remove:
                self.client.delete("%s/%s/tags/%s" % (self.path, item["id"], quote(label, safe="")),
                                   expected=(200, 204))
            if add:
                tags = xmlio.element("tags", None, *[xmlio.element("tag", {"label": label}) for label in add])
                self.client.put("%s/%s/tags" % (self.path, item["id"]), xmlio.ts_request(tags))
        return retagged(item, add, remove)

    def update_connection(self, item, connection, changes):
        """Change one connection; in check mode the connection predicted (never with its password)."""
        if self.check_mode:
            predicted = dict(connection)
            predicted.update((k, v) for k, v in changes.items() if k != "password")
            return predicted
        attrs = dict((attr, changes.get(key)) for key, attr in CONNECTION_ATTRIBUTES)
        root = self.client.put("%s/%s/connections/%s" % (self.path, item["id"], connection["id"]),
                               xmlio.ts_request(xmlio.element("connection", attrs)))
        return connection_from_xml(xmlio.require(root, "connection", "a connection update"))

    def download_to_temp(self, item, folder, filename=None, include_extract=True):
        """Stream the item's file into a temporary file in ``folder``; (temp path, final path).

        ``filename`` None takes the server's file name. Nothing is left behind when the download breaks
        (a TableauConnectionError). Downloading is a read: check mode downloads too, to compare.
        """
        params = None if include_extract else {"includeExtract": "false"}
        return download_into(self.client, "%s/%s/content" % (self.path, item["id"]), params,
                             "the %s '%s'" % (self.kind, item["name"]), folder,
                             lambda served: filename or served or default_file_name(item, self.packaged_extension))


def default_file_name(item, extension):
    """The file name of a download whose answer names none: the item's name (without ``/``) and its extension."""
    return "%s.%s" % (item["name"].replace("/", "_"), extension)


def download_into(client, path, params, what, folder, name_for):
    """Stream the download ``path`` into a temporary file in ``folder``: (temp path, final path).

    ``name_for(served)`` is the file's name, given the name the server's Content-Disposition gives (or None).
    Nothing is left behind when the download breaks (a TableauConnectionError).
    """
    with client.download(path, params=params) as response:
        name = name_for(disposition_filename(response.headers.get("Content-Disposition")))
        target = os.path.join(folder, name)
        if os.path.isdir(target):
            raise TableauValidationError("Cannot write %s to '%s': that is a folder." % (what, target),
                                         hint="Give dest as a file path, or remove the folder.")
        temp_path = stream_to_temp(network_chunks(response.iter_content(READ_BLOCK), what), folder, name)
    return temp_path, target
