"""Revisions of workbooks and data sources: Get, Download and Remove Workbook / Data Source Revision (2.3).

Every publish that stores a file (a new item or an overwrite, now or when an asJob publish's job comes
due) fires ``content_published``; this handler then keeps a revision of the item: its number (from 1),
who published it, when, and the file's bytes (a hard link to the published file, or a copy, in the
emulator's content store), so an older revision downloads as it was published.

The site's settings decide how many are kept, as on Tableau: with ``revisionHistoryEnabled`` false only
the current revision is kept and the revision methods answer 403053; ``revisionLimit`` (-1: no limit)
caps the kept revisions, the oldest going first. A revision that went (removed, or past the limit) stays
in the listing with ``deleted="true"`` and no content. The current revision cannot be removed (403055);
the reference's Download Workbook Revision cannot fetch it either: Download Workbook does.
"""

import os
import shutil

from ..content import remove_file
from ..errors import ApiError, not_found
from ..query import paginate
from ..registry import on, route, site_collection
from ..routing import no_content, ok
from ..xmlio import element, now
from .datasources import get_datasource
from .permissions import holds, readable
from .workbooks import download, get_workbook


def _summary(site):
    """``{"<kind> <item name> (<id>)": ["1 deleted", "2", ...]}``: what /_emulator/state shows of revisions."""
    summary = {}
    for item_id, history in site.revisions.items():
        item = getattr(site, history["kind"]).get(item_id) or {}
        summary["%s %s (%s)" % (history["kind"], item.get("name", "?"), item_id)] = [
            "%d deleted" % e["number"] if e["deleted"] else str(e["number"]) for e in history["entries"]]
    return summary


# item id -> {"kind": "workbooks" | "datasources", "entries": [revision, ...]} (oldest first)
site_collection("revisions", summary=_summary)

KINDS = {
    "workbooks": {"get": get_workbook, "part": "tableau_workbook", "packaged": "twbx", "label": "workbook",
                  "list_forbidden": "403056", "download_forbidden": "403019"},
    "datasources": {"get": get_datasource, "part": "tableau_datasource", "packaged": "tdsx", "label": "data source",
                    "list_forbidden": "403054", "download_forbidden": "403028"},
}


# ---------------------------------------------------------------------------------------- keeping revisions

@on("content_published")
def keep_revision(state, site, kind, item, publisher_id):
    """A publish stored ``item``'s new file: it becomes the item's newest (current) revision."""
    if kind not in KINDS:
        return
    history = site.revisions.setdefault(item["id"], {"kind": kind, "entries": []})
    entries = history["entries"]
    number = entries[-1]["number"] + 1 if entries else 1
    path = state.content.path_for("revision-%s-%d" % (item["id"], number), item["extension"])
    _keep_bytes(item["file"], path)
    entries.append({"number": number, "publishedAt": now(), "publisherId": publisher_id, "file": path,
                    "extension": item["extension"], "size": os.path.getsize(path), "deleted": False})
    _apply_site_limits(site, entries)


def _keep_bytes(source, target):
    # A hard link costs no disk; where the file system will not link, a copy does the same.
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _apply_site_limits(site, entries):
    live = [entry for entry in entries if not entry["deleted"]]
    if not site.settings.get("revisionHistoryEnabled", True):
        keep = 1
    else:
        limit = site.settings.get("revisionLimit")
        keep = len(live) if limit in (None, -1) else int(limit)
    for entry in live[:max(0, len(live) - keep)]:
        _drop(entry)


def _drop(entry):
    remove_file(entry["file"])
    entry.update(file=None, deleted=True)


@on("content_deleted")
def drop_revisions(state, site, kind, item_ids):
    if kind not in KINDS:
        return
    for item_id in item_ids:
        history = site.revisions.pop(item_id, None)
        for entry in (history or {}).get("entries", []):
            remove_file(entry["file"])


@on("site_deleted")
def drop_revision_files(state, site):
    for history in site.revisions.values():
        for entry in history["entries"]:
            remove_file(entry["file"])


# ---------------------------------------------------------------------------------------- answers

def _history(request, kind, item_id, forbidden_code):
    """The item and its revisions, or the server's errors: unknown item, history off, not readable."""
    site = request.site
    item = KINDS[kind]["get"](site, item_id)
    if not site.settings.get("revisionHistoryEnabled", True):
        raise ApiError(403, "403053", "Version history not enabled",
                       "Version history is not enabled for the site '%s'." % (site.content_url or site.name))
    if not readable(request, kind, [item]):
        raise ApiError(403, forbidden_code, "Forbidden", "The caller doesn't have permission to read the %s "
                       "revisions of '%s'." % (KINDS[kind]["label"], item["name"]))
    return item, site.revisions.get(item["id"], {"entries": []})["entries"]


def _revision(kind, item, entries, raw_number):
    label = KINDS[kind]["label"]
    entry = next((e for e in entries if str(e["number"]) == raw_number), None)
    if entry is None:
        raise not_found("404024", "Resource Not Found", "The %s '%s' has no revision '%s'."
                        % (label, item["name"], raw_number))
    return entry


def _current(entries):
    live = [entry for entry in entries if not entry["deleted"]]
    return live[-1] if live else None


def revision_element(site, entry, current):
    publisher = site.users.get(entry["publisherId"])
    return element("revision", {
        "revisionNumber": entry["number"], "publishedAt": entry["publishedAt"], "deleted": entry["deleted"],
        "current": entry is current, "sizeInBytes": entry["size"]},
        element("publisher", {"id": entry["publisherId"], "name": publisher["name"] if publisher else None}))


def _list(kind):
    def handler(request):
        item_id = request.params["item_id"]
        dummy, entries = _history(request, kind, item_id, KINDS[kind]["list_forbidden"])
        current = _current(entries)
        page, pagination = paginate(list(entries), request.query)
        return ok(element("pagination", pagination),
                  element("revisions", None, *[revision_element(request.site, e, current) for e in page]))
    return handler


def _download(kind):
    def handler(request):
        spec = KINDS[kind]
        item, entries = _history(request, kind, request.params["item_id"], spec["download_forbidden"])
        entry = _revision(kind, item, entries, request.params["revision_number"])
        if entry is _current(entries):
            raise not_found("404024", "Resource Not Found", "Revision %s is the current revision of the %s '%s'; "
                            "download it with Download %s." % (entry["number"], spec["label"], item["name"],
                                                               spec["label"].title()))
        if entry["deleted"]:
            raise not_found("404024", "Resource Not Found", "Revision %s of the %s '%s' was removed."
                            % (entry["number"], spec["label"], item["name"]))
        as_published = {"file": entry["file"], "extension": entry["extension"], "name": item["name"]}
        return download(request, as_published, spec["part"], spec["packaged"])
    return handler


def _remove(kind):
    def handler(request):
        spec = KINDS[kind]
        site = request.site
        item, entries = _history(request, kind, request.params["item_id"], "403004")
        if not holds(site, request.user, kind, item, "Delete"):
            raise ApiError(403, "403004", "Deletion forbidden", "The caller doesn't have permission to remove "
                           "revisions of the %s '%s'." % (spec["label"], item["name"]))
        entry = _revision(kind, item, entries, request.params["revision_number"])
        if entry is _current(entries):
            raise ApiError(403, "403055", "Cannot delete head revision",
                           "The head (current) revision cannot be deleted. To remove the %s, call Delete %s."
                           % (spec["label"], spec["label"].title()))
        if entry["deleted"]:
            raise not_found("404024", "Resource Not Found", "Revision %s of the %s '%s' was removed already."
                            % (entry["number"], spec["label"], item["name"]))
        _drop(entry)
        return no_content()
    return handler


for _kind in KINDS:
    _base = "/sites/{site_id}/%s/{item_id}/revisions" % _kind
    route("GET", _base, min_version="2.3")(_list(_kind))
    route("GET", _base + "/{revision_number}/content", min_version="2.3")(_download(_kind))
    route("DELETE", _base + "/{revision_number}", min_version="2.3")(_remove(_kind))
