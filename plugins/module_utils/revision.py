# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The revision history of one workbook or data source: listed, one revision downloaded, old ones removed.

Tableau keeps a revision per publish while the site's revision history is on (``revision_history_enabled``,
up to ``revision_limit`` of them). Get Workbook / Data Source Revisions, Download ... Revision and Remove ...
Revision all came in REST API 2.3 and answer 403053 while the history is off. A removed revision stays in the
listing, flagged ``deleted``. Two things Tableau will not do: remove the current revision (403055; delete the
item instead), and download it through Download ... Revision (Download Workbook / Data Source does, so this
file uses that for the current one).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.content import (
    default_file_name,
    download_into,
    resolve_dest,
)
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.publishing import put_in_place, require_item
from ansible_collections.tableau.server.plugins.module_utils.resource import Field, FieldTable, Outcome, Resource

REVISIONS_VERSION = "2.3"
HISTORY_OFF = "403053"
REVISION_GONE = "404024"

REVISION_FIELDS = FieldTable("revision", (
    Field("number", "revisionNumber", kind="int"),
    Field("current", "current", kind="bool"),
    Field("deleted", "deleted", kind="bool"),
    # Some answers (TSC's datasource_revision.xml) spell it createdAt.
    Field("published_at", "publishedAt", read_also=("createdAt",)),
    Field("size_bytes", "sizeInBytes", kind="int"),
))


def history_off(exc, site):
    return TableauValidationError(
        "Revision history is off on %s, so Tableau keeps no revisions to list, download or remove: %s"
        % ("site '%s'" % site if site else "the Default site", exc.detail),
        hint="Turn it on with tableau.server.tableau_site (revision_history_enabled: true); revisions are kept "
             "from the next publish on.", code=exc.code)


class RevisionResource(Resource):
    """The revisions of the items of one content resource (``WorkbookResource`` or ``DatasourceResource``);
    removing honours ``check_mode``."""

    tag = "revision"
    kind = "revision"
    table = REVISION_FIELDS

    def __init__(self, content, check_mode=False):
        super(RevisionResource, self).__init__(content.client, check_mode)
        self.content = content
        content.client.require_version(REVISIONS_VERSION, "The revision history of a %s" % content.kind)

    def revisions_path(self, item, number=None):
        path = "%s/%s/revisions" % (self.content.path, item["id"])
        return path if number is None else "%s/%d" % (path, number)

    def from_xml(self, el):
        revision = self.table.parse(el)
        revision["current"] = bool(revision["current"])
        revision["deleted"] = bool(revision["deleted"])
        publisher = xmlio.find(el, "publisher")
        revision["publisher"] = publisher.get("name") if publisher is not None else None
        revision["publisher_id"] = publisher.get("id") if publisher is not None else None
        return revision

    def history(self, item):
        """Every revision of ``item``, oldest first; the newest one not removed is current if the server does
        not say which is."""
        try:
            revisions = [self.from_xml(el) for el in self.client.paginate(self.revisions_path(item), self.tag)]
        except TableauApiError as exc:
            if exc.code == HISTORY_OFF:
                raise history_off(exc, self.client.site)
            raise
        revisions.sort(key=lambda r: r["number"])
        live = [r for r in revisions if not r["deleted"]]
        if live and not any(r["current"] for r in revisions):
            live[-1]["current"] = True
        return revisions

    def download_to_temp(self, item, revision, folder, filename=None, include_extract=True):
        """Stream one revision's file into a temporary file in ``folder``: (temp path, final path).

        The current revision comes through Download Workbook / Data Source, the others through Download ...
        Revision. A file name the server gives for an older revision gets ``-revision-<n>`` before its extension,
        so that revisions downloaded into one folder do not overwrite each other.
        """
        if revision["current"]:
            return self.content.download_to_temp(item, folder, filename, include_extract)
        params = None if include_extract else {"includeExtract": "false"}
        what = "revision %d of the %s '%s'" % (revision["number"], self.content.kind, item["name"])
        default = default_file_name(item, self.content.packaged_extension)
        return download_into(self.client, "%s/content" % self.revisions_path(item, revision["number"]), params,
                             what, folder,
                             lambda served: filename or revision_file_name(served or default, revision["number"]))

    def remove(self, item, revisions):
        """Remove these revisions of ``item`` (Remove ... Revision, side by side); nothing in check mode."""
        if self.check_mode or not revisions:
            return

        def remove_one(revision):
            # A repeat after a lost answer finds the revision removed: the transport takes that 404 as done.
            self.send("DELETE", self.revisions_path(item, revision["number"]), expected=(200, 204))
        self.map(remove_one, revisions)


def revision_file_name(name, number):
    stem, extension = os.path.splitext(name)
    return "%s-revision-%d%s" % (stem, number, extension)


def item_summary(resource, item, project_path):
    return {"content_type": resource.tag, "id": item["id"], "name": item["name"], "project": project_path}


def shown_revisions(revisions):
    """What a diff shows of a history: each revision kept, by number, publisher and date."""
    return [dict(number=r["number"], publisher=r["publisher"], published_at=r["published_at"], current=r["current"])
            for r in revisions if not r["deleted"]]


def numbers(revisions):
    return ", ".join(str(r["number"]) for r in revisions) or "none"


def pick(resource, item, revisions, number, purpose):
    """The revision ``number`` of the history; a clear error when the item never had it."""
    found = [r for r in revisions if r["number"] == number]
    if not found:
        raise TableauValidationError(
            "The %s '%s' has no revision %d to %s; its revisions are %s."
            % (resource.kind, item["name"], number, purpose, numbers(revisions)),
            hint="List them with tableau.server.tableau_revision_info.")
    return found[0]


# ---------------------------------------------------------------------------------------- module logic

def list_revisions(revisions, params):
    """tableau_revision_info: the item and its whole history."""
    content = revisions.content
    item, project_path = require_item(content, params, "list the revisions of")
    history = revisions.history(item)
    return False, dict(revisions=history, item=item_summary(content, item, project_path)), None


def ensure_downloaded(revisions, params, place):
    """Write revision ``params['revision']`` to ``dest``; changed when the local file was missing or differed.

    ``place(temp_path, target, replace)`` is the module's: an atomic move and the task's file attributes.
    """
    folder, filename = resolve_dest(params.get("dest"))
    content = revisions.content
    item, project_path = require_item(content, params, "download a revision of")
    revision = pick(content, item, revisions.history(item), params["revision"], "download")
    if revision["deleted"]:
        raise TableauValidationError("Revision %d of the %s '%s' was removed; its file is gone."
                                     % (revision["number"], content.kind, item["name"]),
                                     hint="List the revisions that remain with tableau.server.tableau_revision_info.")
    temp_path, target = revisions.download_to_temp(item, revision, folder, filename,
                                                   params.get("include_extract", True))
    changed, before, after = put_in_place(place, temp_path, target)
    outcome = Outcome().record(changed, {"dest": target, "revision": revision["number"], "sha256": before},
                               {"dest": target, "revision": revision["number"], "sha256": after})
    return outcome.ret(dest=target, revision=revision, item=item_summary(content, item, project_path)).result()


def doomed_revisions(content, item, history, params):
    """The revisions a removal takes: ``revision`` itself, or all but the ``keep_latest`` newest kept ones.

    The current revision is refused here, before any request that writes.
    """
    live = [r for r in history if not r["deleted"]]
    if params.get("revision") is not None:
        revision = pick(content, item, history, params["revision"], "remove")
        doomed = [] if revision["deleted"] else [revision]
    else:
        doomed = live[:max(0, len(live) - params["keep_latest"])]
    current = [r for r in doomed if r["current"]]
    if current:
        raise TableauValidationError(
            "Revision %d is the current revision of the %s '%s'; Tableau does not remove the current revision."
            % (current[0]["number"], content.kind, item["name"]),
            hint="Publish a newer revision first, or remove the %s itself with state absent of its module."
                 % content.kind)
    return doomed


def ensure_absent(revisions, params):
    """Remove revision ``params['revision']``, or every revision older than the ``keep_latest`` newest ones."""
    check_removal(params)
    content = revisions.content
    item, project_path = require_item(content, params, "remove revisions of")
    history = revisions.history(item)
    doomed = doomed_revisions(content, item, history, params)
    revisions.remove(item, doomed)
    gone = set(r["number"] for r in doomed)
    after = [dict(r, deleted=True) if r["number"] in gone else r for r in history]
    summary = item_summary(content, item, project_path)
    before_shown = dict(summary, revisions=shown_revisions(history))
    outcome = Outcome().record(bool(doomed), before_shown, dict(summary, revisions=shown_revisions(after)))
    return outcome.ret(revisions=after, removed=sorted(gone), item=summary).result()


def check_removal(params):
    """state absent takes one of revision and keep_latest; refused before any request otherwise."""
    revision, keep = params.get("revision"), params.get("keep_latest")
    if (revision is None) == (keep is None):
        raise TableauValidationError("state absent needs exactly one of revision (one revision to remove) and "
                                     "keep_latest (how many of the newest revisions to keep).")
    if keep is not None and keep < 1:
        raise TableauValidationError("keep_latest must be 1 or more (the current revision is always kept); got %s."
                                     % keep)
    if revision is not None and revision < 1:
        raise TableauValidationError("revision must be 1 or more; revisions are numbered from 1. Got %s." % revision)


def check_download(params):
    if params.get("revision") is None:
        raise TableauValidationError("state downloaded needs revision, the number of the revision to download.")
    if params.get("keep_latest") is not None:
        raise TableauValidationError("keep_latest only goes with state absent.")
    resolve_dest(params.get("dest"))
