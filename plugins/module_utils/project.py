# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Projects: find by path, compare, and write (create, update, delete) with check mode built in; and the
tableau_project / tableau_project_info logic (``ensure_project``, ``ensure_projects``, ``project_info``).

A project path is its names from the top down joined by ``/``: ``Finance/Reports/Monthly``. A ``/``
inside a name is written ``\\/`` and a backslash ``\\\\``. The REST API has no single-project GET, so
projects are found by listing with a filter on the names of the path (one request). Names match
without regard to case, as Tableau's rule that names under one parent are unique does.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.resource import Field, FieldTable, Outcome
from ansible_collections.tableau.server.plugins.module_utils.resource import Resource, name_key, same_name
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource

CONTENT_PERMISSIONS = ["ManagedByOwner", "LockedToProject", "LockedToProjectWithoutNested"]
# The owner is an <owner> child (from_xml and element handle it); a top-level project's parent is sent as "".
PROJECT_FIELDS = FieldTable("project", [
    Field("name", "name", option=False),
    Field("parent_id", "parentProjectId", option=False),
    Field("description", "description"),
    Field("content_permissions", "contentPermissions", CONTENT_PERMISSIONS),
    Field("owner_id", option=False),
    Field("created_at", "createdAt", compare=False, option=False),
    Field("updated_at", "updatedAt", compare=False, option=False),
])
# What a module compares and shows in diffs, in the order shown.
COMPARED_FIELDS = PROJECT_FIELDS.compared()


def project_item_spec():
    """The options of one item of tableau_project's ``projects`` (what tableau_site_state's ``projects`` items take too)."""
    return dict(PROJECT_FIELDS.argspec(), path=dict(type="str", required=True), owner=dict(type="str"),
                state=dict(type="str", default="present", choices=["present", "absent"]))


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
    project = {"id": el.get("id")}
    project.update(PROJECT_FIELDS.parse(el))
    owner = xmlio.find(el, "owner")
    project.update(parent_id=project["parent_id"] or None, description=project["description"] or "",
                   owner_id=owner.get("id") if owner is not None else None)
    return project


def shown(project):
    return PROJECT_FIELDS.shown(project, extra=("path",))


def path_key(parts):
    return tuple(name_key(name) for name in parts)


class ProjectResource(Resource):
    """Project reads and writes on the signed-in site; writes honour ``check_mode``."""

    path = "/projects"
    tag = "project"
    kind = "project"
    table = PROJECT_FIELDS

    from_xml = staticmethod(project_from_xml)

    def element(self, values):
        owner = xmlio.element("owner", {"id": values["owner_id"]}) if values.get("owner_id") else None
        el = self.table.element(values, owner)
        if "parent_id" in values:
            el.set("parentProjectId", values["parent_id"] or "")  # "" moves a project to the top level
        return el

    def predict(self, fields):
        defaults = dict(description="", content_permissions="ManagedByOwner", owner_id=self.client.user_id)
        return Resource.predict(self, dict(defaults, **fields))

    # ------------------------------------------------------------------ reads

    @staticmethod
    def walk(parts, candidates):
        """The chain of projects along ``parts`` that exist, top down; shorter than ``parts`` when one is missing."""
        chain, parent_id = [], None
        for name in parts:
            match = [p for p in candidates if same_name(p["name"], name) and p["parent_id"] == parent_id]
            if not match:
                break
            chain.append(match[0])
            parent_id = match[0]["id"]
        return chain

    def along(self, paths):
        """The projects named in ``paths``, from one listing of the site's projects.

        Not a filtered listing: the server's name filter compares case and Tableau's names do not, so a
        filter would miss a project spelled otherwise, and prove nothing when it finds none. A site's
        projects are one page for all but the largest sites: the same one request.
        """
        names = set(name_key(name) for parts in paths for name in parts)
        return [p for p in self.list() if name_key(p["name"]) in names] if names else []

    def resolve(self, *paths):
        """For each path (a list of names), the chain of existing projects along it; one listing for all."""
        candidates = self.along(paths)
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

    def create(self, fields):
        """Create Project takes no owner: a wanted owner is handed over in a second request."""
        fields = dict(fields)
        owner_id = fields.pop("owner_id", None)

        def find():
            match = [p for p in self.named([fields["name"]]) if p["parent_id"] == fields.get("parent_id")]
            return match[0] if match else None
        project = Resource.create(self, fields, find=find)
        if owner_id and owner_id != project["owner_id"]:
            project = self.update(project, {"owner_id": owner_id})
        return project

    @staticmethod
    def changes(current, desired):
        """The fields of ``desired`` (None = leave alone) that differ from ``current``."""
        return PROJECT_FIELDS.changes(current, desired)


class ProjectTree(object):
    """The projects of one run addressed by path; grows and shrinks with the writes of the run.

    Names are keyed by ``name_key``: a path spelled in another case finds the same project. Projects
    check mode would create have no id yet; they are keyed by their path instead, so the projects
    planned below them are still found.
    """

    def __init__(self, projects):
        self.children = {}
        for project in projects:
            self.children.setdefault(project["parent_id"], {})[name_key(project["name"])] = project

    @staticmethod
    def _key(project, parts):
        return project["id"] or "(new) " + "/".join(path_key(parts))

    def chain(self, parts):
        """The projects along ``parts`` that exist, top down."""
        chain, key = [], None
        for depth, name in enumerate(parts):
            project = self.children.get(key, {}).get(name_key(name))
            if project is None:
                break
            chain.append(project)
            key = self._key(project, parts[:depth + 1])
        return chain

    def get(self, parts):
        chain = self.chain(parts)
        return chain[-1] if parts and len(chain) == len(parts) else None

    def spelled(self, parts):
        """``parts`` as the server spells the projects along it (as given where there is none yet)."""
        chain = self.chain(parts)
        return [p["name"] for p in chain] + list(parts[len(chain):])

    def placed(self, project, parts):
        """``project`` (at ``parts``) with its ``path`` as the server spells it."""
        return ProjectResource.with_path(project, self.spelled(parts[:-1]))

    def _parent_key(self, parts):
        parent = self.get(parts[:-1]) if len(parts) > 1 else None
        return self._key(parent, parts[:-1]) if parent is not None else None

    def add(self, parts, project):
        self.children.setdefault(self._parent_key(parts), {})[name_key(parts[-1])] = project

    def remove(self, parts):
        self.children.get(self._parent_key(parts), {}).pop(name_key(parts[-1]), None)


# ---------------------------------------------------------------------------------------- module logic

def check_plan(items):
    """Refuse, before any write, a list that repeats a path or keeps a project below a deleted one
    (a missing parent is checked against the listing, in ``ProjectConverger``)."""
    seen = set()
    for item in items:
        key = path_key(item["parts"])
        if key in seen:
            raise TableauValidationError("The project '%s' is listed twice." % join_path(item["parts"]),
                                         hint="List each project once.")
        seen.add(key)
    absent = [path_key(i["parts"]) for i in items if i["state"] == "absent"]
    for item in items:
        if item["state"] != "present":
            continue
        for gone in absent:
            if path_key(item["parts"])[:len(gone)] == gone:
                raise TableauValidationError(
                    "The project '%s' is to be present, but '%s' is to be absent, and deleting a project "
                    "deletes the projects in it." % (join_path(item["parts"]), join_path(gone)),
                    hint="Drop one of the two items.")


class ProjectConverger(object):
    """Converges a list of projects with one listing, writing only where they differ.

    Each item is a dict with ``parts`` (the path as names), ``state`` and the desired fields
    ``description``, ``content_permissions`` and ``owner_id`` (None = leave alone); optionally
    ``target`` (the path it is to have: renamed with ``new_name``, moved when ``moving``).

    Writes that do not depend on each other go out side by side (``client.map``): all updates,
    then the creations one depth at a time (a child needs its parent's id), then the deletions of
    the topmost projects to delete (a deletion takes the projects inside along).

    ``converge`` returns one dict per item: ``changed``, ``before``, ``project`` (the project after
    the task, with its ``path``) and ``parts`` (where it is now).
    """

    def __init__(self, resource, create_parents=False):
        self.resource = resource
        self.create_parents = create_parents
        self.changes = []  # (parts, before, after) of every write, parents created on the way included

    def converge(self, items):
        check_plan(items)
        tree = ProjectTree(self.resource.along([item["parts"] + item.get("target", []) for item in items]))
        results = [None] * len(items)
        updates, creations, deletions = [], {}, []
        listed = set(path_key(item.get("target") or item["parts"]) for item in items if item["state"] == "present")
        for index, item in enumerate(items):
            if item["state"] == "absent":
                current = tree.get(item["parts"])
                before = tree.placed(current, item["parts"]) if current else {}
                results[index] = dict(changed=current is not None, before=before, project={}, parts=item["parts"])
                if current is not None:
                    deletions.append((item["parts"], current, before))
                continue
            parts, current = self._locate(tree, item)
            if current is not None:
                self._plan_update(tree, item, parts, current, results, index, updates)
            else:
                self._plan_creation(tree, parts, listed, creations, index, len(items))

        self._update(tree, results, updates)
        self._create(tree, items, results, creations)
        self._delete(tree, deletions)
        return results

    @staticmethod
    def _locate(tree, item):
        """Where the item's project is (or is to be made), and the project there (None if not yet)."""
        parts, target = item["parts"], item.get("target") or item["parts"]
        current = tree.get(parts)
        if path_key(target) == path_key(parts):
            return parts, current
        at_target = tree.get(target)
        if current is not None and at_target is not None:
            raise TableauValidationError(
                "Cannot rename or move '%s' to '%s': a project already exists there." % (join_path(parts), join_path(target)),
                hint="Pick another new_name or new_parent, or remove the other project first.")
        if current is None:
            return target, at_target  # renamed or moved by an earlier run, or to be made there
        return parts, current

    @staticmethod
    def _desired(item):
        return dict((key, item.get(key)) for key in ("description", "content_permissions", "owner_id"))

    def _plan_update(self, tree, item, parts, current, results, index, updates):
        target = item.get("target") or parts
        desired = self._desired(item)
        if item.get("new_name"):
            desired["name"] = item["new_name"]
        change = self.resource.changes(current, desired)
        if item.get("moving") and path_key(target[:-1]) != path_key(parts[:-1]):
            parent = tree.get(target[:-1]) if target[:-1] else None
            if target[:-1] and parent is None:
                raise TableauValidationError("The new parent project '%s' does not exist." % join_path(target[:-1]),
                                             hint="Create it first with tableau_project.")
            # None is a real value here (the top level), which changes() would skip.
            change["parent_id"] = parent["id"] if parent is not None else None
        before = tree.placed(current, parts)
        results[index] = dict(changed=bool(change), before=before, project=before, parts=parts)
        if change:
            updates.append((index, parts, target, current, change))

    def _plan_creation(self, tree, parts, listed, creations, index, count):
        for depth in range(1, len(parts)):
            parent = parts[:depth]
            if tree.get(parent) is not None or path_key(parent) in listed:
                continue
            if not self.create_parents:
                raise TableauValidationError(
                    "The parent project '%s' does not exist%s (found up to '%s'), so '%s' cannot be created."
                    % (join_path(parent), " and is not in the list" if count > 1 else "",
                       join_path(parent[:-1]) or "the top level", join_path(parts)),
                    hint="%s, or set create_parents: true." % ("Add it to the list" if count > 1 else "Create it first"))
            creations.setdefault(path_key(parent), (parent, None))
        creations[path_key(parts)] = (parts, index)

    def _update(self, tree, results, updates):
        resource = self.resource
        done = resource.map(lambda update: resource.update(update[3], update[4]), updates)
        for (index, parts, target, dummy, dummy_change), updated in zip(updates, done):
            tree.remove(parts)
            tree.add(target, updated)
            after = tree.placed(updated, target)
            results[index].update(project=after, parts=target)
            self.changes.append((target, results[index]["before"], after))

    def _create(self, tree, items, results, creations):
        resource = self.resource
        for depth in sorted(set(len(parts) for parts, dummy in creations.values())):
            level = [(parts, index) for parts, index in creations.values() if len(parts) == depth]
            planned = []
            for parts, index in level:
                fields = {} if index is None else dict(
                    (key, value) for key, value in self._desired(items[index]).items() if value is not None)
                parent = tree.get(parts[:-1]) if len(parts) > 1 else None
                fields.update(name=parts[-1], parent_id=parent["id"] if parent is not None else None)
                planned.append(fields)
            for (parts, index), project in zip(level, resource.map(resource.create, planned)):
                tree.add(parts, project)
                after = tree.placed(project, parts)
                self.changes.append((parts, {}, after))
                if index is not None:
                    results[index] = dict(changed=True, before={}, project=after, parts=parts)

    def _delete(self, tree, deletions):
        doomed = set(path_key(parts) for parts, dummy, dummy_before in deletions)
        # A project inside another one deleted here goes with it: no request of its own.
        topmost = [current for parts, current, dummy in deletions
                   if not any(path_key(parts)[:depth] in doomed for depth in range(1, len(parts)))]
        self.resource.map(self.resource.delete, topmost)
        for parts, dummy, before in sorted(deletions, key=lambda deletion: path_key(deletion[0])):
            tree.remove(parts)
            self.changes.append((parts, before, {}))


def address(params):
    """The path (as names) a single-project task names, by ``path`` or by ``name`` and ``parent``."""
    for option in ("name", "new_name"):
        if params.get(option) is not None and not params[option].strip():
            raise TableauValidationError("%s cannot be empty." % option,
                                         hint="Give the project's name, or leave %s out." % option)
    if params.get("path") is not None:
        parts = split_path(params["path"])
    else:
        parts = split_path(params.get("parent")) + [params["name"]]
    if not parts:
        raise TableauValidationError("The project path is empty: give path, or name.")
    return parts


def target_address(params, parts):
    parent = parts[:-1] if params.get("new_parent") is None else split_path(params["new_parent"])
    return parent + [params.get("new_name") or parts[-1]]


def ensure_projects(projects, params):
    """tableau_project with ``projects``: every item converged; one diff entry per project written."""
    items = [dict(item, parts=split_path(item["path"])) for item in params["projects"]]
    if any(not item["parts"] for item in items):
        raise TableauValidationError("A project path in projects is empty.")
    owners = UserResource(projects.client).require_by_names([item.get("owner") for item in items], purpose="owner")
    for item in items:
        item["owner_id"] = owners[name_key(item["owner"])]["id"] if item.get("owner") else None
    converger = ProjectConverger(projects, params.get("create_parents"))
    results = converger.converge(items)
    outcome = Outcome()
    for parts, before, after in converger.changes:
        outcome.record(True, shown(before), shown(after), header=join_path(parts))
    return outcome.ret(projects=[dict(result["project"], path=result["project"].get("path") or join_path(item["parts"]),
                                      changed=result["changed"]) for item, result in zip(items, results)]).result()


def ensure_project(projects, params):
    """tableau_project with ``path`` or ``name``: the list form with one item (and rename, move)."""
    parts = address(params)
    item = dict(parts=parts, state=params.get("state") or "present")
    owner = None
    if item["state"] == "present":
        item.update(target=target_address(params, parts), new_name=params.get("new_name"),
                    moving=params.get("new_parent") is not None, description=params.get("description"),
                    content_permissions=params.get("content_permissions"))
        if params.get("owner"):
            owner = UserResource(projects.client).require_by_name(params["owner"], purpose="owner")
            item["owner_id"] = owner["id"]
    result = ProjectConverger(projects, params.get("create_parents")).converge([item])[0]
    project = result["project"]
    if owner is not None:
        project["owner"] = owner["name"]
    return Outcome().record(result["changed"], shown(result["before"]), shown(project)).ret(project=project).result()


def ensure(projects, params):
    """tableau_project: the list form with ``projects``, the single form with ``path`` or ``name``."""
    return (ensure_project if params.get("projects") is None else ensure_projects)(projects, params)


def project_info(projects, params):
    """tableau_project_info: the projects matching the filters, with their paths and owners, sorted by path."""
    for option in ("parent", "path"):
        split_path(params.get(option))  # a bad path fails before any request
    every = projects.list()  # paths need every ancestor: one listing, then the filters apply here
    paths = projects.paths_by_id(every)
    owners = UserResource(projects.client).names_by_id(p["owner_id"] for p in every)
    tests = []
    if params.get("owner") is not None:
        tests.append(lambda p: same_name(owners.get(p["owner_id"]), params["owner"]))
    if params.get("name") is not None:
        tests.append(lambda p: same_name(p["name"], params["name"]))
    if params.get("parent") is not None:
        parent = path_key(split_path(params["parent"]))
        tests.append(lambda p: path_key(paths[p["id"]][:-1]) == parent)
    if params.get("path") is not None:
        path = path_key(split_path(params["path"]))
        tests.append(lambda p: path_key(paths[p["id"]]) == path)
    found = [dict(p, path=join_path(paths[p["id"]]), owner=owners.get(p["owner_id"]))
             for p in every if all(test(p) for test in tests)]
    found.sort(key=lambda p: p["path"])
    return False, dict(projects=found), None
