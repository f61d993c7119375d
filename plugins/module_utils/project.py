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
from ansible_collections.tableau.server.plugins.module_utils.client import IN_FILTER_LIMIT, filter_value_is_safe
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

    def client_map(self, function, items):
        """``function`` over ``items``; side by side when writing, in order in check mode (no requests anyway)."""
        if self.check_mode:
            return [function(item) for item in items]
        return self.client.map(function, items)

    def list_named(self, names):
        """Every project whose name is one of ``names``: one filtered listing."""
        names = sorted(set(names))
        if len(names) > IN_FILTER_LIMIT or not all(filter_value_is_safe(n) for n in names):
            candidates = self.list()  # too many names, or ones the filter syntax cannot carry: match them here
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


class ProjectTree(object):
    """The projects of one run addressed by path; grows and shrinks with the writes of the run.

    Projects check mode would create have no id yet; they are keyed by their path instead, so the
    projects planned below them are still found.
    """

    def __init__(self, projects):
        self.children = {}
        for project in projects:
            self.children.setdefault(project["parent_id"], {})[project["name"]] = project

    @staticmethod
    def _key(project, parts):
        return project["id"] or "(new) " + join_path(parts)

    def get(self, parts):
        key, project = None, None
        for depth, name in enumerate(parts):
            project = self.children.get(key, {}).get(name)
            if project is None:
                return None
            key = self._key(project, parts[:depth + 1])
        return project

    def add(self, parts, project):
        parent = self.get(parts[:-1]) if len(parts) > 1 else None
        parent_key = self._key(parent, parts[:-1]) if parent is not None else None
        self.children.setdefault(parent_key, {})[parts[-1]] = project

    def remove(self, parts):
        parent = self.get(parts[:-1]) if len(parts) > 1 else None
        parent_key = self._key(parent, parts[:-1]) if parent is not None else None
        self.children.get(parent_key, {}).pop(parts[-1], None)


def check_plan(items):
    """Refuse, before any write, a list that repeats a path, keeps a project below a deleted one,
    (a missing parent is checked against the listing, in ``ProjectConverger``)."""
    seen = set()
    for item in items:
        key = tuple(item["parts"])
        if key in seen:
            raise TableauValidationError("The project '%s' is listed twice." % join_path(item["parts"]),
                                         hint="List each project once.")
        seen.add(key)
    absent = [tuple(i["parts"]) for i in items if i["state"] == "absent"]
    for item in items:
        if item["state"] != "present":
            continue
        for gone in absent:
            if tuple(item["parts"][:len(gone)]) == gone:
                raise TableauValidationError(
                    "The project '%s' is to be present, but '%s' is to be absent, and deleting a project "
                    "deletes the projects in it." % (join_path(item["parts"]), join_path(gone)),
                    hint="Drop one of the two items.")


class ProjectConverger(object):
    """Converges a list of projects with one listing, writing only where they differ.

    Each item is a dict with ``parts`` (the path as names), ``state`` and the desired fields
    ``description``, ``content_permissions`` and ``owner_id`` (None = leave alone).

    Writes that do not depend on each other go out side by side (``client.map``): all updates,
    then the creations one depth at a time (a child needs its parent's id), then the deletions of
    the topmost projects to delete (a deletion takes the projects inside along).
    """

    def __init__(self, resource, create_parents=False):
        self.resource = resource
        self.create_parents = create_parents
        self.changes = []  # (parts, before, after) of every write, parents created on the way included

    def converge(self, items):
        check_plan(items)
        names = set(name for item in items for name in item["parts"])
        tree = ProjectTree(self.resource.list_named(names) if names else [])
        results = [None] * len(items)
        updates, creations, deletions = [], {}, []
        listed = dict((tuple(item["parts"]), index) for index, item in enumerate(items) if item["state"] == "present")
        for index, item in enumerate(items):
            parts = item["parts"]
            current = tree.get(parts)
            if item["state"] == "absent":
                results[index] = dict(changed=current is not None, before={}, project={})
                if current is not None:
                    results[index]["before"] = self.resource.with_path(current, parts[:-1])
                    deletions.append((parts, current))
                continue
            if current is not None:
                before = self.resource.with_path(current, parts[:-1])
                changes = self.resource.changes(current, self._desired(item))
                results[index] = dict(changed=bool(changes), before=before, project=before)
                if changes:
                    updates.append((index, parts, current, changes))
                continue
            for depth in range(1, len(parts)):
                parent = tuple(parts[:depth])
                if tree.get(parts[:depth]) is None and parent not in listed:
                    if not self.create_parents:
                        raise TableauValidationError(
                            "The parent project '%s' of '%s' does not exist and is not in the list."
                            % (join_path(parent), join_path(parts)),
                            hint="Add it to the list, or set create_parents: true.")
                    creations.setdefault(parent, None)
            creations[tuple(parts)] = index

        self._update(tree, items, results, updates)
        self._create(tree, items, results, creations)
        self._delete(tree, deletions)
        return results

    @staticmethod
    def _desired(item):
        return dict((key, item.get(key)) for key in ("description", "content_permissions", "owner_id"))

    def _update(self, tree, items, results, updates):
        resource = self.resource
        done = resource.client_map(lambda update: resource.update(update[2], update[3]), updates)
        for (index, parts, dummy, dummy_changes), updated in zip(updates, done):
            tree.add(parts, updated)
            after = resource.with_path(updated, parts[:-1])
            results[index]["project"] = after
            self.changes.append((parts, results[index]["before"], after))

    def _create(self, tree, items, results, creations):
        resource = self.resource
        for depth in sorted(set(len(parts) for parts in creations)):
            level = [(list(parts), index) for parts, index in creations.items() if len(parts) == depth]
            planned = []
            for parts, index in level:
                fields = {} if index is None else dict(
                    (key, value) for key, value in self._desired(items[index]).items() if value is not None)
                parent = tree.get(parts[:-1]) if len(parts) > 1 else None
                fields.update(name=parts[-1], parent_id=parent["id"] if parent is not None else None)
                planned.append(fields)
            created = resource.client_map(resource.create, planned)
            for (parts, index), project in zip(level, created):
                tree.add(parts, project)
                after = resource.with_path(project, parts[:-1])
                self.changes.append((parts, {}, after))
                if index is not None:
                    results[index] = dict(changed=True, before={}, project=after)

    def _delete(self, tree, deletions):
        doomed = set(tuple(parts) for parts, dummy in deletions)
        # A project inside another one deleted here goes with it: no request of its own.
        topmost = [(parts, current) for parts, current in deletions
                   if not any(tuple(parts[:depth]) in doomed for depth in range(1, len(parts)))]
        self.resource.client_map(lambda deletion: self.resource.delete(deletion[1]), topmost)
        for parts, current in sorted(deletions, key=lambda deletion: deletion[0]):
            tree.remove(parts)
            self.changes.append((parts, self.resource.with_path(current, parts[:-1]), {}))
