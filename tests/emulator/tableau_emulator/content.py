"""Stored content files: where they live on disk, and what the emulator reads out of them.

Published files are written to a per-emulator temporary directory, never kept in memory, so a
1 GiB publish costs disk and not RAM. What the server would derive from a file (views from the
worksheets and dashboards of a .twb, connections from its data sources, a flow's input connections
and output steps) is read here, with the XML parsed through defusedxml and packaged files (.twbx,
.tdsx, and the zips Tableau Prep saves as .tfl and .tflx) opened as zip archives.
"""

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import uuid
import zipfile

from defusedxml import ElementTree as SafeET

WORKBOOK_EXTENSIONS = ("twb", "twbx")
DATASOURCE_EXTENSIONS = ("tds", "tdsx", "hyper", "tde")
FLOW_EXTENSIONS = ("tfl", "tflx")
EXTRACT_EXTENSIONS = ("hyper", "tde")
COPY_CHUNK = 1024 * 1024


class ContentError(Exception):
    """The file is not what its extension says (e.g. a .twbx that is not a zip holding a .twb)."""


class ContentStore(object):
    """A temporary directory holding every published file and upload session of one emulator."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="tableau-emulator-")

    def path_for(self, key, extension):
        return os.path.join(self.root, "%s.%s" % (key, extension))

    def new_temp_path(self):
        handle, path = tempfile.mkstemp(dir=self.root, suffix=".part")
        os.close(handle)
        return path

    def write_bytes(self, data):
        path = self.new_temp_path()
        with open(path, "wb") as handle:
            handle.write(data)
        return path

    def clear(self):
        for name in os.listdir(self.root):
            _remove(os.path.join(self.root, name))

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


def remove_file(path):
    if path:
        _remove(path)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(COPY_CHUNK)
            if not chunk:
                break
            digest.update(chunk)
    return digest.hexdigest()


def append_file(target, source):
    with open(target, "ab") as out, open(source, "rb") as handle:
        shutil.copyfileobj(handle, out, COPY_CHUNK)


def extension_of(filename):
    return os.path.splitext(filename or "")[1][1:].lower()


def url_name(name):
    """Tableau's content URLs keep letters, digits, '_' and '-' of the name."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "", name or "")
    return cleaned or "content"


def _parse_xml(data, what):
    try:
        return SafeET.fromstring(data)
    except Exception:  # defusedxml raises several types; all mean "not a readable document"
        raise ContentError("the %s is not a readable XML document" % what)


def _packaged_document(path, suffix):
    """The XML document at the root of a packaged (.twbx/.tdsx) file."""
    if not zipfile.is_zipfile(path):
        raise ContentError("a packaged file must be a zip archive")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        documents = [n for n in names if n.lower().endswith(suffix) and "/" not in n.strip("/")]
        if not documents:
            raise ContentError("the package holds no %s file at its root" % suffix)
        has_extract = any(n.lower().endswith((".hyper", ".tde")) for n in names)
        return archive.read(documents[0]), has_extract


def _read_document(path, extension, packaged, suffix):
    if extension == packaged:
        return _packaged_document(path, suffix)
    with open(path, "rb") as handle:
        return handle.read(), False


def _connections(datasource_el):
    """Connections of one <datasource>: the leaf <connection class=...> elements, not the federated wrapper."""
    found = []
    for conn in datasource_el.iter("connection"):
        cls = conn.get("class")
        if not cls or cls == "federated":
            continue
        found.append({
            "type": cls,
            "serverAddress": conn.get("server") or "",
            "serverPort": conn.get("port") or None,
            "userName": conn.get("username") or "",
            "dbName": conn.get("dbname") or None,
            "authenticationType": conn.get("authentication") or None,
        })
    return found


def _has_extract_element(datasource_el):
    for extract in datasource_el.iter("extract"):
        if extract.get("enabled", "true").lower() == "true":
            return True
    return False


def inspect_workbook(path, extension):
    """Sheets and connections of a .twb/.twbx: ``{"sheets": [(name, type)], "connections": [...], ...}``."""
    data, has_extract = _read_document(path, extension, "twbx", ".twb")
    root = _parse_xml(data, "workbook")
    if root.tag != "workbook":
        raise ContentError("the .twb document's root element is not <workbook>")
    sheets = []
    for tag, kind in (("worksheet", "worksheet"), ("dashboard", "dashboard"), ("story", "story")):
        for sheet in root.iter(tag):
            if sheet.get("name"):
                sheets.append((sheet.get("name"), kind))
    datasources = []
    for ds in root.iter("datasource"):
        if ds.get("name") == "Parameters" or ds.get("hasconnection") == "false":
            continue
        connections = _connections(ds)
        if not connections:
            continue
        has_extract = has_extract or _has_extract_element(ds)
        datasources.append({"name": ds.get("caption") or ds.get("name") or "Data Source",
                            "connections": connections})
    return {"sheets": sheets, "datasources": datasources, "has_extracts": has_extract}


def inspect_datasource(path, extension):
    """Type and connections of a .tds/.tdsx/.hyper/.tde."""
    if extension in EXTRACT_EXTENSIONS:
        connection = {"type": extension, "serverAddress": "", "serverPort": None, "userName": "",
                      "dbName": None, "authenticationType": None}
        return {"type": extension, "connections": [connection], "has_extracts": True}
    data, has_extract = _read_document(path, extension, "tdsx", ".tds")
    root = _parse_xml(data, "data source")
    if root.tag != "datasource":
        raise ContentError("the .tds document's root element is not <datasource>")
    connections = _connections(root)
    if not connections:
        raise ContentError("the data source defines no connection")
    has_extract = has_extract or _has_extract_element(root)
    return {"type": connections[0]["type"], "connections": connections, "has_extracts": has_extract}


def _flow_document(path):
    """The JSON flow document of a .tfl/.tflx: the ``flow`` member of the zip Tableau Prep saves (a .tflx
    packs the input files beside it), or, for a bare document, the file itself."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            if "flow" not in archive.namelist():
                raise ContentError("the flow file holds no 'flow' document at its root")
            data = archive.read("flow")
    else:
        with open(path, "rb") as handle:
            data = handle.read()
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ContentError("the flow document is not readable JSON")
    if not isinstance(document, dict) or not isinstance(document.get("nodes"), dict):
        raise ContentError("the flow document has no nodes")
    return document


def inspect_flow(path, extension):
    """Input connections and output steps of a .tfl/.tflx: ``{"connections": [...], "output_steps": [(id, name)]}``."""
    document = _flow_document(path)
    connections = []
    for connection in (document.get("connections") or {}).values():
        attributes = connection.get("connectionAttributes") or {}
        if not attributes.get("class"):
            continue
        connections.append({
            "type": attributes["class"],
            "serverAddress": attributes.get("server") or "",
            "serverPort": str(attributes["port"]) if attributes.get("port") else None,
            "userName": attributes.get("username") or "",
            "dbName": attributes.get("dbname") or None,
            "authenticationType": attributes.get("authentication") or None,
        })
    outputs = [(node_id, node.get("name") or node_id) for node_id, node in sorted(document["nodes"].items())
               if isinstance(node, dict) and node.get("baseType") == "output"]
    return {"connections": connections, "output_steps": outputs, "has_extracts": False}


def flow_document_bytes(name, connections=(), outputs=("Output",)):
    """A minimal flow document (the ``flow`` member of a .tfl): an input step per connection, then outputs.

    ``connections``: dicts with ``class``, ``server``, ``port``, ``dbname``, ``username``.
    """
    def step_id(kind, number):
        # Prep names its steps and connections by UUIDs; these stay the same for the same flow.
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "flow:%s:%s:%d" % (name, kind, number)))

    nodes, links = {}, {}
    for number, attributes in enumerate(connections):
        connection_id, input_id = step_id("connection", number), step_id("input", number)
        links[connection_id] = {"connectionType": ".v1.SqlConnection", "id": connection_id,
                                "name": attributes.get("server") or attributes.get("class"),
                                "connectionAttributes": dict(attributes)}
        nodes[input_id] = {"nodeType": ".v1.LoadSql", "baseType": "input", "id": input_id,
                           "name": "Input %d" % (number + 1), "connectionId": connection_id}
    for number, output in enumerate(outputs):
        output_id = step_id("output", number)
        nodes[output_id] = {"nodeType": ".v1.PublishExtract", "baseType": "output", "id": output_id, "name": output}
    return json.dumps({"name": name, "majorVersion": 1, "minorVersion": 1, "nodes": nodes,
                       "connections": links}, sort_keys=True, indent=1).encode("utf-8")


def flow_package_bytes(document, data_files=None):
    """A .tfl (or, with ``data_files`` {name: bytes}, a .tflx): a zip with the ``flow`` document at its root."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("flow", document)
        archive.writestr("displaySettings", b"{}")
        archive.writestr("maestroMetadata", b"{}")
        for name, data in sorted((data_files or {}).items()):
            archive.writestr("Data/%s" % name, data)
    return buffer.getvalue()


def copy_without_extracts(path, store):
    """A copy of a packaged file without its extract files (download with includeExtract=false)."""
    target = store.new_temp_path()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename.lower().endswith((".hyper", ".tde")):
                continue
            with source.open(info) as member, out.open(info, "w") as copy:
                shutil.copyfileobj(member, copy, COPY_CHUNK)
    return target
