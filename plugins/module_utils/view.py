# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Views of the signed-in site: found by workbook and name, listed with filters, tagged (with check mode).

A view is a sheet of a published workbook that is not hidden. Views come and go with their workbook:
publishing makes one per sheet, publishing again keeps those whose sheet is still there (with their
tags and view counts) and drops the others. No REST method makes a view on its own; Delete View (REST
API 3.27) removes one, but the next publish of the workbook brings it back, so this collection leaves
a view's existence to tableau_workbook and manages what a view has of its own: its tags.

Views are read from Query Views for Site (2.2), which carries each view's workbook, owner, project and
tags; its filters (REST API 2.3) narrow the listing on the server where the filter syntax can carry
the value. The server's ``eq`` compares case and Tableau's names do not, so a filtered listing that
finds nothing is checked against the listing without the filters that compare names.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover - Python 2
    from urllib import quote

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.client import IN_FILTER_LIMIT, filter_value_is_safe
from ansible_collections.tableau.server.plugins.module_utils.content import sorted_tags
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.project import (
    ProjectResource,
    join_path,
    path_key,
    split_path,
)
from ansible_collections.tableau.server.plugins.module_utils.publishing import tag_changes
from ansible_collections.tableau.server.plugins.module_utils.resource import (
    Field,
    FieldTable,
    Outcome,
    Resource,
    name_key,
    same_name,
)
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

# Query Views for Site, the listing every view read goes through.
VIEWS_VERSION = "2.2"

VIEW_FIELDS = FieldTable("view", (
    Field("name", "name", option=False),
    Field("tags", option=False),
    Field("content_url", "contentUrl", compare=False, option=False),
    Field("view_url_name", "viewUrlName", compare=False, option=False),
    Field("sheet_type", "sheetType", compare=False, option=False),
    Field("created_at", "createdAt", compare=False, option=False),
    Field("updated_at", "updatedAt", compare=False, option=False),
))
# What a diff shows of a view: where it is (by names) and its tags.
SHOWN = ("name", "workbook", "project", "tags")


def shown(view):
    return dict((key, view.get(key)) for key in SHOWN) if view else {}


def check_tags(tags):
    """Refuse, before any request, a tag Tableau cannot hold."""
    for label in tags or ():
        if not label or not label.strip():
            raise TableauValidationError("A tag is empty; every entry of tags must have text.",
                                         hint="Remove the empty entry, or use tags: [] to remove every tag.")


class ViewResource(Resource):
    """View reads and tag writes for one signed-in client; writes honour ``check_mode``."""

    path = "/views"
    tag = "view"
    kind = "view"
    table = VIEW_FIELDS

    def __init__(self, client, check_mode=False):
        super(ViewResource, self).__init__(client, check_mode)
        client.require_version(VIEWS_VERSION, "Listing views (Query Views for Site)")

    def from_xml(self, el):
        view = super(ViewResource, self).from_xml(el)
        for part in ("workbook", "owner", "project"):
            found = xmlio.find(el, part)
            view["%s_id" % part] = found.get("id") if found is not None else None
        view["tags"] = sorted_tags(t.get("label") for t in xmlio.findall(el, "tags/tag"))
        usage = xmlio.find(el, "usage")
        view["total_views"] = xmlio.to_int(usage.get("totalViewCount")) if usage is not None else None
        return view

    def list(self, filters=None, sort=None, fields=None, usage=False):
        params = {"includeUsageStatistics": "true"} if usage else None
        return [self.from_xml(el) for el in self.client.paginate(self.path, self.tag, filters=filters or None,
                                                                 sort=sort, params=params)]

    def of_workbook(self, workbook, name=None):
        """The views of ``workbook`` (named ``name``, without regard to case, when given)."""
        by_workbook = [("workbookName", "eq", workbook["name"])] if filter_value_is_safe(workbook["name"]) else []
        by_name = [("name", "eq", name)] if name is not None and filter_value_is_safe(name) else []

        def matching(views):
            return [v for v in views if v["workbook_id"] == workbook["id"] and (name is None or same_name(v["name"], name))]
        found = matching(self.list(by_workbook + by_name))
        if not found and by_name:
            found = matching(self.list(by_workbook))
        return found

    def require(self, workbook, name, project_path):
        """The view ``name`` of ``workbook``, or an error naming the views it has."""
        found = self.of_workbook(workbook, name)
        if found:
            return found[0]
        others = sorted((v["name"] for v in self.of_workbook(workbook)), key=name_key)
        raise TableauValidationError(
            "The workbook '%s' in the project '%s' has no view named '%s'; its views: %s."
            % (workbook["name"], project_path, name, ", ".join(others) or "none"),
            hint="Views are the workbook's sheets that are not hidden; check the sheet's name.")

    def change_tags(self, view, add, remove):
        """Add and remove tag labels (Add Tags to View, Delete Tag from View); the view with its tags afterwards."""
        if (add or remove) and not self.check_mode:
            for label in remove:
                self.client.delete("%s/%s/tags/%s" % (self.path, view["id"], quote(label, safe="")),
                                   expected=(200, 204))
            if add:
                tags = xmlio.element("tags", None, *[xmlio.element("tag", {"label": label}) for label in add])
                self.client.put("%s/%s/tags" % (self.path, view["id"]), xmlio.ts_request(tags))
        removed = set(name_key(label) for label in remove)
        return dict(view, tags=sorted_tags([t for t in view["tags"] if name_key(t) not in removed] + list(add)))


# ---------------------------------------------------------------------------------------- finding one view

def require_project(client, path):
    """(project, its path as the server spells it) of the project at ``path``, matched without regard to case."""
    parts = split_path(path)
    if not parts:
        raise TableauValidationError("The project path is empty.", hint="Use 'Default' for the Default project.")
    chain = ProjectResource(client).resolve(parts)[0]
    if len(chain) != len(parts):
        raise TableauValidationError("The project '%s' does not exist." % join_path(parts),
                                     hint="Check the path; names match without regard to case.")
    return chain[-1], join_path([p["name"] for p in chain])


def locate(views, params, purpose):
    """(view, workbook, project path) of the view the task names by ``project``, ``workbook`` and ``name``."""
    project, project_path = require_project(views.client, params.get("project") or "Default")
    workbook = WorkbookResource(views.client).find(params["workbook"], project["id"])
    if workbook is None:
        raise TableauValidationError("There is no workbook named '%s' in the project '%s' to %s a view of."
                                     % (params["workbook"], project_path, purpose),
                                     hint="Publish it first with tableau.server.tableau_workbook.")
    view = views.require(workbook, params["name"], project_path)
    return dict(view, workbook=workbook["name"], project=project_path), workbook, project_path


def ensure_present(views, params):
    """Converge the view's tags (``tags`` None: leave them; ``purge_tags``: remove the ones not listed)."""
    check_tags(params.get("tags"))
    view, dummy, dummy = locate(views, params, "tag")
    add, remove = tag_changes(view["tags"], params.get("tags"), params.get("purge_tags", True))
    after = views.change_tags(view, add, remove)
    after.pop("total_views", None)
    return Outcome().record(bool(add or remove), shown(view), shown(after)).ret(view=after).result()


# ---------------------------------------------------------------------------------------- listing (_info)

class ViewQuery(object):
    """What tableau_view_info asks for; ``filters`` are the server's, ``wanted`` the same checks made locally."""

    def __init__(self, name=None, workbook=None, project=None, owner=None, tags=None):
        self.name = name
        self.workbook = workbook
        self.project = project
        self.owner = owner
        self.tags = list(tags or ())

    def loose_filters(self):
        """The filters that compare names, and so may miss a name spelled in another case."""
        filters = []
        for field, value in (("name", self.name), ("ownerName", self.owner), ("tags", (self.tags or [None])[0])):
            if value is not None and filter_value_is_safe(value):
                filters.append((field, "eq", value))
        return filters

    @staticmethod
    def exact_filters(workbooks, project):
        """Filters on the names as the server spells them (the workbooks and the project found), so they cannot miss."""
        filters = []
        spellings = sorted(set(w["name"] for w in workbooks)) if workbooks is not None else []
        if spellings and len(spellings) <= IN_FILTER_LIMIT and all(filter_value_is_safe(s) for s in spellings):
            filters.append(("workbookName", "in", spellings) if len(spellings) > 1 else ("workbookName", "eq", spellings[0]))
        if project is not None and filter_value_is_safe(project["name"]):
            filters.append(("projectName", "eq", project["name"]))
        return filters

    def wanted(self, view, owners):
        wanted_tags = set(name_key(t) for t in self.tags)
        return ((self.name is None or same_name(view["name"], self.name))
                and (self.owner is None or same_name(owners.get(view["owner_id"]), self.owner))
                and wanted_tags <= set(name_key(t) for t in view["tags"]))


def list_views(views, query, usage=False, sort_by_views=False, limit=None):
    """The views matching every filter of ``query``, each with its workbook, project (path) and owner by names.

    Sorted by project path, workbook and name; with ``sort_by_views`` by total view count first (most
    viewed first, which needs the usage statistics); at most ``limit`` of them.
    """
    client = views.client
    scope = _scope(client, query)
    if scope is None:
        return []
    paths, project, books = scope
    exact = ViewQuery.exact_filters(list(books.values()) if query.workbook is not None else None, project)
    loose = query.loose_filters()
    usage = usage or sort_by_views
    found = _selected(client, views.list(exact + loose, usage=usage), books, query)
    if not found and loose:
        found = _selected(client, views.list(exact, usage=usage), books, query)
    for view in found:
        book = books[view["workbook_id"]]
        view.update(workbook=book["name"], workbook_id=book["id"], project_id=book["project_id"],
                    project=join_path(paths.get(book["project_id"], [])))
    found.sort(key=lambda v: (name_key(v["project"]), name_key(v["workbook"]), name_key(v["name"])))
    if sort_by_views:
        found.sort(key=lambda v: -(v["total_views"] or 0))
    return found[:limit] if limit is not None else found


def _scope(client, query):
    """(project paths by id, the project asked for or None, the workbooks by id the views may be in), or None
    when the project or the workbook asked for is not there."""
    projects = ProjectResource(client)
    listed = projects.list()
    paths = projects.paths_by_id(listed)
    project = None
    if query.project is not None:
        key = path_key(split_path(query.project))
        project = next((p for p in listed if path_key(paths[p["id"]]) == key), None)
        if project is None:
            return None
    workbooks = WorkbookResource(client)
    books = workbooks.named([query.workbook]) if query.workbook is not None else workbooks.list()
    books = dict((w["id"], w) for w in books if project is None or w["project_id"] == project["id"])
    if query.workbook is not None and not books:
        return None
    return paths, project, books


def _selected(client, listed, books, query):
    """The views of ``listed`` in ``books`` that ``query`` wants, each with its owner's name."""
    in_books = [v for v in listed if v["workbook_id"] in books]
    owners = UserResource(client).names_by_id(v["owner_id"] for v in in_books)
    return [dict(v, owner=owners.get(v["owner_id"])) for v in in_books if query.wanted(v, owners)]
