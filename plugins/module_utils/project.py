# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Projects: find by path, compare, and write (create, update, delete) with check mode built in.

A project path is its names from the top down joined by ``/``: ``Finance/Reports/Monthly``. A ``/``
inside a name is written ``\\/`` and a backslash ``\\\\``. The REST API has no single-project GET, so
projects are found by listing with a filter on the names of the path (one request).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.client import filter_value_is_safe
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.writes import create_once

CONTENT_PERMISSIONS = ["ManagedByOwner", "LockedToProject", "LockedToProjectWithoutNested"]
# What a module compares and shows in diffs, in the order shown.
COMPARED_FIELDS = ("name", "parent_id", "description", "content_permissions", "owner_id")


def split_path(path):
    """``'Finance/Sales\\/Marketing'`` -> ``['Finance', 'Sales/Marketing']``."""
    if path is None:
        return []
    parts, current, escaped = [], [], False
    for char in path:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "/":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    if escaped:
        current.append("\\")
    parts.append("".join(current))
    if parts and parts[0] == "":
        parts = parts[1:]
    if parts and parts[-1] == "":
        parts = parts[:-1]
    if any(p.strip() == "" for p in parts):
        raise TableauValidationError("The project path '%s' has an empty name in it." % path)
    return parts


def join_path(names):
    return "/".join(name.replace("\\", "\\\\").replace("/", "\\/") for name in names)


def project_from_xml(el):
    owner = xmlio.find(el, "owner")
    return {
        "id": el.get("id"),
        "name": el.get("name"),
        "parent_id": el.get("parentProjectId") or None,
        "description": el.get("description") or "",
        "content_permissions": el.get("contentPermissions"),
        "owner_id": owner.get("id") if owner is not None else None,
        "created_at": el.get("createdAt"),
        "updated_at": el.get("updatedAt"),
    }


class ProjectResource(object):
    """Project reads and writes for one signed-in client; writes honour ``check_mode``."""

    def __init__(self, client, check_mode=False):
        self.client = client
        self.check_mode = check_mode

    # ------------------------------------------------------------------ reads

    def list(self, filters=None, sort=None):
        return [project_from_xml(el) for el in self.client.paginate("/projects", "project", filters=filters, sort=sort)]

    def list_named(self, names):
        """Every project whose name is one of ``names``: one filtered listing."""
        names = sorted(set(names))
        if not all(filter_value_is_safe(n) for n in names):
            candidates = self.list()  # the filter syntax cannot carry these names; match them here
        elif len(names) == 1:
            candidates = self.list(filters=[("name", "eq", names[0])])
        else:
            candidates = self.list(filters=[("name", "in", names)])
        return [p for p in candidates if p["name"] in names]

    @staticmethod
    def walk(parts, candidates):
        """The chain of projects along ``parts`` that exist, top down; shorter than ``parts`` when one is missing."""
        chain, parent_id = [], None
        for name in parts:
            match = [p for p in candidates if p["name"] == name and p["parent_id"] == parent_id]
            if not match:
                break
            chain.append(match[0])
            parent_id = match[0]["id"]
        return chain

    def resolve(self, *paths):
        """For each path (a list of names), the chain of existing projects along it; one request for all."""
        names = set(name for parts in paths for name in parts)
        candidates = self.list_named(names) if names else []
        return [self.walk(parts, candidates) for parts in paths]

    def find(self, parts):
        chain = self.resolve(parts)[0]
        return chain[-1] if len(chain) == len(parts) and parts else None

    @staticmethod
    def with_path(project, parent_path):
        project = dict(project)
        project["path"] = join_path(list(parent_path) + [project["name"]])
        return project

    def paths_by_id(self, projects):
        """Full path of every project in ``projects`` (which must hold all ancestors)."""
        by_id = dict((p["id"], p) for p in projects)
        paths = {}

        def path_of(project):
            if project["id"] not in paths:
                parent = by_id.get(project["parent_id"])
                prefix = path_of(parent) if parent else []
                paths[project["id"]] = prefix + [project["name"]]
            return paths[project["id"]]
        for project in projects:
            path_of(project)
        return paths

    # ------------------------------------------------------------------ writes

    @staticmethod
    def _element(fields):
        attrs = {}
        if "name" in fields:
            attrs["name"] = fields["name"]
        if "description" in fields:
            attrs["description"] = fields["description"]
        if "content_permissions" in fields:
            attrs["contentPermissions"] = fields["content_permissions"]
        if "parent_id" in fields:
            attrs["parentProjectId"] = fields["parent_id"] or ""
        el = xmlio.element("project", attrs)
        if fields.get("owner_id"):
            el.append(xmlio.element("owner", {"id": fields["owner_id"]}))
        return el

    def create(self, fields):
        """Create a project; in check mode, the predicted project (id None) without a request."""
        if self.check_mode:
            predicted = {"id": None, "description": "", "content_permissions": "ManagedByOwner",
                         "owner_id": self.client.user_id, "created_at": None, "updated_at": None, "parent_id": None}
            predicted.update(fields)
            return predicted
        create_fields = dict(fields)
        owner_id = create_fields.pop("owner_id", None)
        name, parent_id = create_fields["name"], create_fields.get("parent_id")

        def post():
            root = self.client.post("/projects", xmlio.ts_request(self._element(create_fields)), expected=(201,))
            return project_from_xml(xmlio.find(root, "project"))

        def find():
            match = [p for p in self.list_named([name]) if p["parent_id"] == parent_id]
            return match[0] if match else None
        project = create_once(post, find, "project '%s'" % name)
        if owner_id and owner_id != project["owner_id"]:
            # Create Project takes no owner: hand it over in a second request.
            project = self.update(project, {"owner_id": owner_id})
        return project

    def update(self, current, changes):
        if not changes:
            return current
        if self.check_mode:
            predicted = dict(current)
            predicted.update(changes)
            return predicted
        root = self.client.put("/projects/%s" % current["id"], xmlio.ts_request(self._element(changes)))
        return project_from_xml(xmlio.find(root, "project"))

    def delete(self, current):
        if not self.check_mode:
            self.client.delete("/projects/%s" % current["id"], expected=(204,))

    @staticmethod
    def changes(current, desired):
        """The fields of ``desired`` (None = leave alone) that differ from ``current``."""
        return dict((key, value) for key, value in desired.items()
                    if value is not None and current.get(key) != value)
