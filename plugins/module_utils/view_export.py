# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A view exported to a local file: an image, a PDF, its data as CSV, or its crosstab as an Excel workbook.

The export streams into a temporary file beside ``dest`` (flat memory, nothing left behind when it
breaks) and is put in place with one atomic move by the module (``TableauModule.place_file``).

When to export again. The server renders a view anew on every request and tells no checksum of it,
but it does tell when the workbook last changed (``updatedAt``). Beside ``dest`` a small record,
``.<file name>.tableau-export.json``, keeps what the file was made from: the view, the format and
every setting that shapes the file (filters, resolution, page type, orientation), the workbook's
``updatedAt`` then, and the SHA-256 of the file written. A run exports nothing (``changed=false``, not
one export request) when ``dest`` still has that checksum, the record's view and settings are the
task's, and the workbook has not changed since; otherwise it exports, and replaces ``dest`` only when
the new file's bytes differ. ``force`` exports whatever the record says. A view whose data changes
while its workbook does not (a live connection) is exported again with ``force``.

Check mode exports nothing (an export renders the view on the server, which is work for the server and
may count as a view of it): it reports a change whenever a real run would export. It writes neither ``dest`` nor the record.

Versions (the REST API reference and PSTableauREST's guards; TSC's decorators name 2.7 and 3.8):
Query View Image 2.5, Query View PDF 2.8 (view filters 3.23, as TSC notes), Query View Data 2.8,
Download View Crosstab Excel 3.9.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import tempfile

from ansible_collections.tableau.server.plugins.module_utils.content import (
    READ_BLOCK,
    network_chunks,
    remove_quietly,
    require_writable_folder,
    stream_to_temp,
)
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.publishing import file_fingerprint
from ansible_collections.tableau.server.plugins.module_utils.resource import Outcome
from ansible_collections.tableau.server.plugins.module_utils.view import locate


class ExportFormat(object):
    """One export: the path below ``/views/<id>/``, the method's name and version, and the options it takes."""

    def __init__(self, path, method, version, options, extension):
        self.path = path
        self.method = method
        self.version = version
        self.options = options
        self.extension = extension


FORMATS = {
    "png": ExportFormat("image", "Query View Image", "2.5", ("resolution", "max_age", "filters"), ".png"),
    "pdf": ExportFormat("pdf", "Query View PDF", "2.8", ("page_type", "orientation", "max_age", "filters"), ".pdf"),
    "csv": ExportFormat("data", "Query View Data", "2.8", ("max_age", "filters"), ".csv"),
    "crosstab": ExportFormat("crosstab/excel", "Download View Crosstab Excel", "3.9", ("max_age", "filters"), ".xlsx"),
}
FORMAT_BY_EXTENSION = dict((f.extension, name) for name, f in FORMATS.items())
PDF_FILTERS_VERSION = "3.23"
PAGE_TYPES = ["A3", "A4", "A5", "B4", "B5", "Executive", "Folio", "Ledger", "Legal", "Letter", "Note", "Quarto",
              "Tabloid", "Unspecified"]
ORIENTATIONS = ["Portrait", "Landscape"]
RESOLUTIONS = ["standard", "high"]
# The options that only some formats take, and the words for a message about them.
FORMAT_OPTIONS = ("resolution", "page_type", "orientation")
FILTER_PREFIX = "vf_"
RECORD_SUFFIX = ".tableau-export.json"
RECORD_VERSION = 1


# ---------------------------------------------------------------------------------------- the task's settings

def export_format(params):
    """The format the task asks for: ``format``, else what ``dest``'s extension names."""
    if params.get("format"):
        return params["format"]
    extension = os.path.splitext(params.get("dest") or "")[1].lower()
    if extension in FORMAT_BY_EXTENSION:
        return FORMAT_BY_EXTENSION[extension]
    raise TableauValidationError(
        "Give format (png, pdf, csv or crosstab): it cannot be told from dest '%s'." % params.get("dest"),
        hint="Or end dest in .png, .pdf, .csv or .xlsx.")


def resolve_target(dest):
    """(folder, absolute path) of the file ``dest`` names; refused before any request when it cannot be written."""
    if not dest or dest.endswith(("/", os.sep)) or os.path.isdir(dest):
        raise TableauValidationError("dest must name the file to write, not a folder; got '%s'." % dest,
                                     hint="Add the file name, such as reports/sales.png.")
    target = os.path.abspath(dest)
    folder = os.path.dirname(target)
    require_writable_folder(folder)
    return folder, target


def filter_text(value):
    """A filter value as the server reads it: a list is an OR-list, its commas and backslashes escaped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(filter_text(item).replace("\\", "\\\\").replace(",", "\\,") for item in value)
    return str(value)


def check_export(params):
    """Refuse, before any request, settings the server would refuse or that do not apply to the format."""
    name = export_format(params)
    resolve_target(params.get("dest"))
    for option in FORMAT_OPTIONS:
        if params.get(option) is not None and option not in FORMATS[name].options:
            takes = [f for f, spec in sorted(FORMATS.items()) if option in spec.options]
            raise TableauValidationError("%s applies to format %s only, not to %s." % (option, " or ".join(takes), name))
    if params.get("max_age") is not None and params["max_age"] < 1:
        raise TableauValidationError("max_age is in minutes and must be 1 or more; got %s." % params["max_age"],
                                     hint="One minute is the shortest the server caches an export.")
    for field, value in (params.get("filters") or {}).items():
        if not str(field).strip():
            raise TableauValidationError("A filter has an empty field name.")
        if isinstance(value, dict) or value is None or (isinstance(value, (list, tuple)) and not value):
            raise TableauValidationError("The filter on '%s' needs a value, or a list of values; got %r." % (field, value))
    return name


def export_query(name, params):
    """The query parameters of the export, in a fixed order; what the record compares, but for maxAge."""
    query = []
    if name == "png" and (params.get("resolution") or "high") == "high":
        query.append(("resolution", "high"))
    if params.get("page_type"):
        query.append(("type", params["page_type"]))
    if params.get("orientation"):
        query.append(("orientation", params["orientation"]))
    for field in sorted(params.get("filters") or {}, key=str):
        query.append((FILTER_PREFIX + str(field), filter_text(params["filters"][field])))
    return query


def require_versions(client, name, params):
    spec = FORMATS[name]
    client.require_version(spec.version, "Exporting a view as %s (%s)" % (name, spec.method))
    if name == "pdf" and params.get("filters"):
        client.require_version(PDF_FILTERS_VERSION, "Filtering a view's PDF export")


# ---------------------------------------------------------------------------------------- the record beside dest

def record_path(target):
    folder, filename = os.path.split(target)
    return os.path.join(folder, "." + filename + RECORD_SUFFIX)


def read_record(target):
    try:
        with open(record_path(target)) as handle:
            record = json.load(handle)
    except (IOError, OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("version") == RECORD_VERSION else None


def write_record(target, record):
    """Write the record beside ``target`` in one atomic step (a temporary file renamed over it)."""
    path = record_path(target)
    try:
        handle, temp_path = tempfile.mkstemp(dir=os.path.dirname(path), prefix=os.path.basename(path) + ".",
                                             suffix=".part")
        with os.fdopen(handle, "w") as out:
            json.dump(record, out, indent=2, sort_keys=True)
        os.rename(temp_path, path)
    except (IOError, OSError) as exc:
        raise TableauError("The export was written to '%s', but its record '%s' could not be: %s"
                           % (target, path, exc), hint="Check the folder's permissions; the next run exports again.")


def new_record(view, workbook, name, query):
    return {"version": RECORD_VERSION, "view_id": view["id"], "view": view["name"], "workbook": workbook["name"],
            "project": view["project"], "format": name, "query": [list(pair) for pair in query],
            "workbook_updated_at": workbook.get("updated_at")}


def up_to_date(record, wanted, checksum):
    """Whether the file at dest (of ``checksum``) is what an export with the ``wanted`` record would make."""
    if record is None or checksum is None or record.get("sha256") != checksum:
        return False
    if any(record.get(key) != wanted[key] for key in ("view_id", "format", "query")):
        return False
    made, changed = record.get("workbook_updated_at"), wanted["workbook_updated_at"]
    return bool(made and changed and changed <= made)


# ---------------------------------------------------------------------------------------- the export

def export_to_temp(client, view, name, query, max_age, folder, filename):
    """Stream the export into a temporary file in ``folder``; its path. Nothing is left when it breaks."""
    params = dict(query)
    if max_age is not None:
        params["maxAge"] = max_age
    what = "the view '%s' as %s" % (view["name"], name)
    with client.download("/views/%s/%s" % (view["id"], FORMATS[name].path), params=params) as response:
        return stream_to_temp(network_chunks(response.iter_content(READ_BLOCK), what), folder, filename)


def file_size(path):
    return os.path.getsize(path) if os.path.isfile(path) else None


def ensure_exported(views, params, place):
    """Export the view to ``dest`` when the record beside it says the file is not what the task asks for.

    ``place(temp_path, target, replace)`` is the module's: the atomic move (when ``replace``) and the
    task's file attributes; it returns whether the attributes changed.
    """
    name = check_export(params)
    client = views.client
    require_versions(client, name, params)
    folder, target = resolve_target(params["dest"])
    view, workbook, dummy = locate(views, params, "export")
    query = export_query(name, params)
    wanted = new_record(view, workbook, name, query)
    before = file_fingerprint(target) if os.path.isfile(target) else None
    if not params.get("force") and up_to_date(read_record(target), wanted, before):
        changed, exported, after = place(None, target, False), False, before
    elif views.check_mode:
        changed, exported, after = True, True, before
    else:
        temp_path = export_to_temp(client, view, name, query, params.get("max_age"), folder, os.path.basename(target))
        try:
            after = file_fingerprint(temp_path)
            changed = place(temp_path, target, after != before) or after != before
        finally:
            remove_quietly(temp_path)
        write_record(target, dict(wanted, sha256=after))
        exported = True
    outcome = Outcome().record(changed, {"dest": target, "sha256": before}, {"dest": target, "sha256": after})
    return outcome.ret(dest=target, format=name, exported=exported, sha256=after, size=file_size(target),
                       view=view).result()
