# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Permissions as desired state: the explicit permissions of content items and a project's default permissions.

The model (docs/permissions.md has it in a page):

* a *rule* is one grantee (a user or a group), one capability and one mode (``Allow`` or ``Deny``);
* a *grant* in a task names a grantee and what it gets: a ``template`` (Tableau's role templates:
  all of the template's capabilities Allowed) and/or ``capabilities`` (name -> mode, which override
  the template's);
* ``purge`` says what else goes: ``none`` only sets what is listed, ``listed`` also removes the listed
  grantees' other rules, ``all`` also removes every rule of grantees not listed.

The REST API has no "replace": Add Permissions (PUT) merges, and each rule goes with one DELETE. A
capability that changes mode is deleted and added again. The writes run in the order that narrows
before it widens: the Allow rules that go, then the new Deny rules (one PUT), then the Deny rules that
go, then the new Allow rules (one PUT). Someone reading the permissions in between sees at most what
the item allowed before or will allow after, never more.

Everything a task names is checked before the first write of any item: capability names, modes and
templates against ``CONTENT_TYPES`` at the session's REST API version, the grantees (by name, groups
with their domain), the items, and the project lock (content in a project whose permissions are
locked takes the project's; its own cannot be set).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.group import LOCAL_DOMAIN, GroupResource, is_local
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource, join_path, path_key, split_path
from ansible_collections.tableau.server.plugins.module_utils.resource import Outcome, Resource, is_planned, name_key, same_name
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

ALLOW, DENY = "Allow", "Deny"
MODES = (ALLOW, DENY)
PURGE_CHOICES = ["none", "listed", "all"]
DENIED = "Denied"  # the template every content type has: each of its capabilities denied

# Capabilities that newer servers added, by the REST API version that first has them.
CAPABILITY_VERSIONS = {
    "ExtractRefresh": "3.19",
    "VizqlDataApiAccess": "3.21",
    "PulseMetricDefine": "3.21",
    "AiAccess": "3.21",
}

_WORKBOOK_VIEW = ("Read", "Filter", "ViewComments", "AddComment", "ExportImage", "ExportData")
_WORKBOOK_EXPLORE = _WORKBOOK_VIEW + ("ShareView", "ViewUnderlyingData", "WebAuthoring", "RunExplainData")


class ContentType(object):
    """One kind of item that has permissions: its REST path segment, versions, capabilities and templates.

    ``since`` / ``until``: the REST API versions between which its explicit permissions exist (None:
    not at all, or no end); ``default_since`` / ``default_until`` the same for a project's default
    permissions for it. ``templates`` maps a template to its capabilities; ``Administer`` is every
    capability and ``Denied`` every capability denied.
    """

    def __init__(self, name, segment, tag, label, capabilities, templates, since=None, until=None,
                 default_since=None, default_until=None, in_project=True, listing=None):
        self.name = name
        self.segment = segment
        self.tag = tag
        self.label = label
        self.capabilities = tuple(capabilities)
        self.templates = dict(templates)
        self.templates.setdefault("Administer", self.capabilities)
        self.since = since
        self.until = until
        self.default_since = default_since
        self.default_until = default_until
        self.in_project = in_project
        self.listing = listing

    def available(self, client, default=False):
        """Refuse, before any request, a kind the session's REST API version has no permissions for."""
        since, until = (self.default_since, self.default_until) if default else (self.since, self.until)
        what = "Default permissions for %ss" % self.label if default else "Permissions of %ss" % self.label
        if since is None:
            raise TableauValidationError("%s cannot be managed through the REST API." % what)
        client.require_version(since, what)
        if until is not None and client.supports(until):
            raise TableauValidationError(
                "%s were retired in REST API %s; this server speaks %s." % (what, until, client.api_version))

    def capabilities_at(self, client):
        """The capabilities at the session's REST API version (all of them before sign-in: ``client`` None)."""
        return [c for c in self.capabilities if client is None or c not in CAPABILITY_VERSIONS
                or client.supports(CAPABILITY_VERSIONS[c])]

    def template(self, name, client):
        """The capabilities a template allows (or, for ``Denied``, denies), at the session's version."""
        available = set(self.capabilities_at(client))
        names = sorted(self.templates) + [DENIED]
        match = [t for t in names if same_name(t, name)]
        if not match:
            raise TableauValidationError(
                "'%s' is not a permission template of %ss." % (name, self.label),
                hint="Templates of %ss: %s." % (self.label, ", ".join(names)))
        if match[0] == DENIED:
            return dict((c, DENY) for c in self.capabilities if c in available)
        return dict((c, ALLOW) for c in self.templates[match[0]] if c in available)

    def capability(self, name, client):
        available = self.capabilities_at(client)
        match = [c for c in available if c.lower() == str(name).lower()]
        if match:
            return match[0]
        if client is not None and str(name) in CAPABILITY_VERSIONS and str(name) in self.capabilities:
            client.require_version(CAPABILITY_VERSIONS[str(name)], "The capability %s" % name)
        raise TableauValidationError(
            "'%s' is not a capability of %ss." % (name, self.label),
            hint="Capabilities of %ss: %s." % (self.label, ", ".join(available)))

    def matching_templates(self, capabilities, client):
        """The templates whose rules are exactly ``capabilities``."""
        names = sorted(self.templates) + [DENIED]
        return [t for t in names if capabilities and self.template(t, client) == capabilities]


CONTENT_TYPES = dict((t.name, t) for t in (
    ContentType("project", "projects", "project", "project", ("Read", "Write", "ProjectLeader"), {
        "View": ("Read",), "Publish": ("Read", "Write")}, since="2.0", in_project=False),
    ContentType("workbook", "workbooks", "workbook", "workbook", (
        "AddComment", "ChangeHierarchy", "ChangePermissions", "Delete", "ExportData", "ExportImage", "ExportXml",
        "ExtractRefresh", "Filter", "Read", "RunExplainData", "ShareView", "ViewComments", "ViewUnderlyingData",
        "WebAuthoring", "Write"), {
        "View": _WORKBOOK_VIEW, "Explore": _WORKBOOK_EXPLORE,
        "Publish": _WORKBOOK_EXPLORE + ("ExportXml", "Write", "ChangeHierarchy")},
        since="2.0", default_since="2.1"),
    ContentType("view", "views", "view", "view", (
        "AddComment", "ChangePermissions", "Delete", "ExportData", "ExportImage", "Filter", "Read", "RunExplainData",
        "ShareView", "ViewComments", "ViewUnderlyingData", "WebAuthoring"), {
        "View": _WORKBOOK_VIEW, "Explore": _WORKBOOK_EXPLORE},
        since="3.2"),
    ContentType("datasource", "datasources", "datasource", "data source", (
        "ChangeHierarchy", "ChangePermissions", "Connect", "Delete", "ExportXml", "ExtractRefresh", "PulseMetricDefine",
        "Read", "SaveAs", "VizqlDataApiAccess", "Write"), {
        "View": ("Read", "Connect"), "Explore": ("Read", "Connect", "ExportXml"),
        "Publish": ("Read", "Connect", "ExportXml", "Write", "SaveAs")},
        since="2.0", default_since="2.1"),
    ContentType("flow", "flows", "flow", "flow", (
        "ChangeHierarchy", "ChangePermissions", "Delete", "Execute", "ExportXml", "Read", "WebAuthoringForFlows",
        "Write"), {
        "View": ("Read",), "Explore": ("Read", "ExportXml"),
        "Publish": ("Read", "ExportXml", "Execute", "Write", "ChangeHierarchy", "WebAuthoringForFlows")},
        since="3.3", default_since="3.3", listing="/flows"),
    ContentType("virtual_connection", "virtualconnections", "virtualConnection", "virtual connection", (
        "ChangeHierarchy", "ChangePermissions", "Connect", "Delete", "Read", "Write"), {
        "View": ("Read", "Connect"), "Publish": ("Read", "Connect", "Write", "ChangeHierarchy")},
        since="3.22", default_since="3.23", listing="/virtualconnections"),
    ContentType("database", "databases", "database", "database", ("ChangePermissions", "Read", "Write"), {
        "View": ("Read",), "Publish": ("Read", "Write")},
        since="3.5", default_since="3.6", in_project=False, listing="/databases"),
    ContentType("table", "tables", "table", "table", ("ChangePermissions", "Read", "Write"), {
        "View": ("Read",), "Publish": ("Read", "Write")},
        since="3.5", default_since="3.6", in_project=False, listing="/tables"),
    ContentType("data_role", "dataroles", "dataRole", "data role", (
        "ChangeHierarchy", "ChangePermissions", "Delete", "Read", "Write"), {"View": ("Read",)},
        default_since="3.13"),
    ContentType("lens", "lenses", "lens", "lens", (
        "ChangeHierarchy", "ChangePermissions", "Delete", "Read", "Write"), {"View": ("Read",)},
        default_since="3.13", default_until="3.22"),
    ContentType("metric", "metrics", "metric", "metric", (
        "ChangeHierarchy", "ChangePermissions", "Delete", "Read", "Write"), {"View": ("Read",)},
        default_since="3.9", default_until="3.22"),
))
EXPLICIT_TYPES = sorted(name for name, t in CONTENT_TYPES.items() if t.since)
DEFAULT_TYPES = sorted(name for name, t in CONTENT_TYPES.items() if t.default_since)


# ---------------------------------------------------------------------- rules

def grantee_label(kind, name, domain=None):
    """How a diff and a result name a grantee: ``group:Sales``, ``group:corp\\Sales``, ``user:alice``."""
    if kind == "group" and domain and not is_local(domain):
        return "group:%s\\%s" % (domain, name)
    return "%s:%s" % (kind, name)


def rules_from_xml(root):
    """``{(kind, id): {capability: mode}}`` from a permissions answer."""
    rules = {}
    permissions = xmlio.require(root, "permissions", "a permissions answer")
    for grant in xmlio.findall(permissions, "granteeCapabilities"):
        grantee = xmlio.find(grant, "group")
        kind = "group"
        if grantee is None:
            grantee, kind = xmlio.find(grant, "user"), "user"
        if grantee is None or not grantee.get("id"):
            continue  # a group set or an odd answer: nothing a task can name
        caps = rules.setdefault((kind, grantee.get("id")), {})
        for cap in xmlio.findall(grant, "capabilities/capability"):
            caps[cap.get("name")] = cap.get("mode")
    return rules


def rules_element(rules):
    """The ``<permissions>`` of an Add Permissions request for ``{(kind, id): {capability: mode}}``."""
    grants = []
    for (kind, grantee_id), caps in sorted(rules.items()):
        capabilities = [xmlio.element("capability", {"name": name, "mode": mode}) for name, mode in sorted(caps.items())]
        grants.append(xmlio.element("granteeCapabilities", None, xmlio.element(kind, {"id": grantee_id}),
                                    xmlio.element("capabilities", None, *capabilities)))
    return xmlio.element("permissions", None, *grants)


def mode_of(value, capability):
    match = [m for m in MODES if m.lower() == str(value).lower()]
    if not match:
        raise TableauValidationError("The mode of %s must be Allow or Deny, not '%s'." % (capability, value))
    return match[0]


def parse_grant(grant, content_type, client, state):
    """One grant of a task, checked: ``(kind, name, domain, {capability: mode} or None for all)``."""
    unknown = sorted(set(grant) - set(GRANT_SPEC))
    if unknown:
        raise TableauValidationError("A grant takes %s; not %s." % (", ".join(sorted(GRANT_SPEC)), ", ".join(unknown)))
    if grant.get("capabilities") is not None and not isinstance(grant["capabilities"], dict):
        raise TableauValidationError("capabilities is a mapping of capability name to Allow or Deny.")
    kinds = [k for k in ("group", "user") if grant.get(k)]
    if len(kinds) != 1:
        raise TableauValidationError("Each grant names exactly one grantee: a group or a user (got %s)." % (
            " and ".join(kinds) or "neither"))
    kind = kinds[0]
    if grant.get("domain") and kind != "group":
        raise TableauValidationError("domain applies to groups; user '%s' has it." % grant["user"])
    caps = content_type.template(grant["template"], client) if grant.get("template") else {}
    for name, mode in (grant.get("capabilities") or {}).items():
        capability = content_type.capability(name, client)
        caps[capability] = mode_of(mode, capability)
        if capability == "ProjectLeader" and caps[capability] == DENY and state == "present":
            raise TableauValidationError("ProjectLeader can only be allowed; Tableau refuses a Deny rule for it.",
                                         hint="Leave ProjectLeader out of the grant, or remove it with state=absent.")
    if not caps and state == "present":
        raise TableauValidationError("The grant to %s '%s' names no template and no capabilities." % (kind, grant[kind]),
                                     hint="Give template, capabilities, or both; to remove a grantee's rules use state=absent.")
    return kind, grant[kind], grant.get("domain") or LOCAL_DOMAIN, caps or None


# ---------------------------------------------------------------------- grantees

class Grantees(object):
    """Users and groups by name (for what tasks name) and by id (for what answers hold), each read once."""

    def __init__(self, client):
        self.users = UserResource(client)
        self.groups = GroupResource(client)
        self.by_id = {}

    def resolve(self, wanted):
        """``{(kind, name_key, domain_key): id}`` for every ``(kind, name, domain)`` named; all missing ones in one error."""
        resolved, missing = {}, []
        group_names = sorted(set(name for kind, name, dummy in wanted if kind == "group"))
        user_names = sorted(set(name for kind, name, dummy in wanted if kind == "user"))
        groups = self.groups.named(group_names) if group_names else []
        users = self.users.find_by_names(user_names) if user_names else {}
        for kind, name, domain in wanted:
            if kind == "group":
                match = [g for g in groups if same_name(g["name"], name) and same_name(g["domain"] or LOCAL_DOMAIN, domain)]
                found = match[0] if match else None
            else:
                found = users.get(name_key(name))
            if found is None:
                missing.append(grantee_label(kind, name, domain))
                continue
            resolved[(kind, name_key(name), name_key(domain))] = found["id"]
            self.by_id[(kind, found["id"])] = (found["name"], found.get("domain") if kind == "group" else None)
        if missing:
            raise TableauValidationError(
                "These grantees do not exist on site '%s': %s." % (self.users.client.site or "", ", ".join(sorted(missing))),
                hint="Create the users and groups first (tableau_user, tableau_group), or check the names; "
                     "a group of a directory needs its domain.")
        return resolved

    def learn(self, keys):
        """Read the names of grantees seen only by id: one listing of groups and/or users, only if needed."""
        unknown = set(k for k in keys if k not in self.by_id)
        if any(kind == "group" for kind, dummy in unknown):
            for group in self.groups.list():
                self.by_id[("group", group["id"])] = (group["name"], group["domain"])
        user_ids = [i for kind, i in unknown if kind == "user"]
        for user_id, name in self.users.names_by_id(user_ids).items():
            self.by_id[("user", user_id)] = (name, None)

    def ordered(self, rules):
        """The grantees of ``rules`` in the order results list them: groups, then users, by name."""
        return sorted(rules, key=lambda key: (key[0], name_key(self.label(key))))

    def label(self, key):
        name, domain = self.by_id.get(key, (key[1], None))
        return grantee_label(key[0], name, domain)

    def described(self, key, caps, content_type=None, client=None):
        name, domain = self.by_id.get(key, (None, None))
        grant = dict(grantee_type=key[0], name=name, id=key[1], capabilities=dict(caps))
        if key[0] == "group":
            grant["domain"] = domain or LOCAL_DOMAIN
        if content_type is not None:
            grant["templates"] = content_type.matching_templates(caps, client)
        return grant


def shown(rules, grantees):
    """What a diff shows: ``{grantee label: {capability: mode}}``, by names."""
    return dict((grantees.label(key), dict(sorted(rules[key].items()))) for key in grantees.ordered(rules) if rules[key])


# ---------------------------------------------------------------------- planning

def _grantee_plan(have, wanted, state, purge):
    """``(gone, new)`` for one listed grantee: its rules to delete and to add."""
    if state == "absent":
        return dict((c, m) for c, m in have.items() if wanted is None or c in wanted), {}
    gone = dict((c, m) for c, m in have.items()
                if (c in wanted and wanted[c] != m) or (purge != "none" and c not in wanted))
    return gone, dict((c, m) for c, m in wanted.items() if have.get(c) != m)


def plan(current, desired, state, purge):
    """``(deletes, adds, after)``: the rules to delete and to add (``{(kind, id): {cap: mode}}``) and the result.

    ``desired`` maps each listed grantee to its capabilities (None with ``state=absent``: all of them).
    """
    deletes, adds = {}, {}
    for key, wanted in desired.items():
        gone, new = _grantee_plan(current.get(key, {}), wanted, state, purge)
        if gone:
            deletes[key] = gone
        if new:
            adds[key] = new
    if purge == "all" and state == "present":
        deletes.update((key, dict(have)) for key, have in current.items() if key not in desired and have)
    after = {}
    for key in set(current) | set(adds):
        caps = dict((c, m) for c, m in current.get(key, {}).items() if c not in deletes.get(key, {}))
        caps.update(adds.get(key, {}))
        if caps:
            after[key] = caps
    return deletes, adds, after


def by_mode(rules, mode):
    picked = dict((key, dict((c, m) for c, m in caps.items() if m == mode)) for key, caps in rules.items())
    return dict((key, caps) for key, caps in picked.items() if caps)


# ---------------------------------------------------------------------- items

class CatalogItems(Resource):
    """Items found by listing their collection (flows, virtual connections, databases, tables)."""

    def __init__(self, client, content_type):
        super(CatalogItems, self).__init__(client)
        self.path = content_type.listing
        self.tag = content_type.tag
        self.kind = content_type.label

    def from_xml(self, el):
        project = xmlio.find(el, "project")
        return {"id": el.get("id"), "name": el.get("name"),
                "project_id": project.get("id") if project is not None else el.get("projectId")}

    def find_in(self, name, project_id):
        items = self.list_named(name)
        if project_id is not None:
            items = [i for i in items if i["project_id"] == project_id]
        return items[0] if items else None


class Target(object):
    """One thing whose rules a task sets: an item's explicit permissions or a project's defaults for a kind."""

    def __init__(self, content_type, address, default=False):
        self.content_type = content_type
        self.address = address  # what the task said: content_type, project, name, workbook
        self.default = default
        self.item = None  # {"id", "name", "project_id"} once found
        self.project = None

    @property
    def path(self):
        if self.default:
            return "/projects/%s/default-permissions/%s" % (self.project["id"], self.content_type.segment)
        return "/%s/%s/permissions" % (self.content_type.segment, self.item["id"])

    def header(self):
        address = self.address
        if self.default:
            return "default permissions of %s for %ss" % (address["project"], self.content_type.label)
        if self.content_type.name == "project":
            return "project %s" % address["project"]
        where = [address.get("project"), address.get("workbook"), address["name"]]
        return "%s %s" % (self.content_type.label, "/".join(p for p in where if p))

    def described(self):
        address = dict((k, self.address.get(k)) for k in ("project", "name", "workbook"))
        address.update(content_type=self.content_type.name, default=self.default,
                       id=(self.project if self.default else self.item)["id"])
        return address


class Locator(object):
    """Finds the items and projects that targets name, reading each collection once."""

    def __init__(self, client):
        self.client = client
        self.projects = ProjectResource(client)
        self._projects = None
        self._content = {}

    def all_projects(self):
        if self._projects is None:
            listed = self.projects.list()
            paths = self.projects.paths_by_id(listed)
            self._projects = dict((p["id"], dict(p, path=join_path(paths[p["id"]]), key=path_key(paths[p["id"]])))
                                  for p in listed)
        return self._projects

    def project(self, path):
        parts = split_path(path)
        if not parts:
            raise TableauValidationError("The project path is empty.")
        wanted = path_key(parts)
        for project in self.all_projects().values():
            if project["key"] == wanted:
                return project
        raise TableauValidationError("The project '%s' does not exist on site '%s'." % (path, self.client.site or ""),
                                     hint="Create it first (tableau_project), or check the path.")

    def default_project(self):
        """The site's Default project (the top-level project named Default)."""
        for project in self.all_projects().values():
            if project["key"] == ("default",) and not project.get("parent_id"):
                return project
        raise TableauValidationError("The site has no Default project.")

    def locked_by(self, project, own_lock):
        """The project whose lock controls ``project``'s permissions (``own_lock``: its own lock counts), else None."""
        projects = self.all_projects()
        if own_lock and project.get("content_permissions") in ("LockedToProject", "LockedToProjectWithoutNested"):
            return project
        parent = projects.get(project.get("parent_id"))
        while parent is not None:
            if parent.get("content_permissions") == "LockedToProject":
                return parent
            parent = projects.get(parent.get("parent_id"))
        return None

    def locate(self, target):
        address, content_type = target.address, target.content_type
        if target.default or content_type.name == "project":
            target.project = self.project(address["project"])
            target.item = target.project
            lock = self.locked_by(target.project, own_lock=False)
        else:
            target.project = self.project(address["project"]) if address.get("project") else None
            target.item = self.item(target)
            project = self.all_projects().get(target.item.get("project_id"))
            lock = self.locked_by(project, own_lock=True) if project else None
            if content_type.name == "view" and target.item.get("workbook_shows_tabs"):
                raise TableauValidationError(
                    "The views of workbook '%s' are shown as tabs, so they take the workbook's permissions: %s "
                    "cannot have its own." % (address["workbook"], target.header()),
                    hint="Set the workbook's permissions instead, or publish it with show_tabs false.")
        if lock is not None:
            what = target.header() if target.default else "permissions of %s" % target.header()
            raise TableauValidationError(
                "The %s are locked to project '%s' (content_permissions %s): they cannot be set on their own."
                % (what, lock["path"], lock["content_permissions"]),
                hint="Set the permissions of project '%s' and its default permissions instead, or set its "
                     "content_permissions to ManagedByOwner." % lock["path"])

    def item(self, target):
        address, content_type = target.address, target.content_type
        project_id = target.project["id"] if target.project else None
        name = address["name"]
        if content_type.name in ("workbook", "datasource", "view"):
            if project_id is None:
                raise TableauValidationError("A %s is named by its project and name: give project." % content_type.label)
            if content_type.name == "view":
                workbook = self.content("workbook", address["workbook"], project_id)
                found = [dict(v, workbook_shows_tabs=bool(workbook.get("show_tabs")))
                         for v in self.views(workbook) if same_name(v["name"], name)]
                found = found[0] if found else None
            else:
                found = self.content(content_type.name, name, project_id, required=False)
        else:
            found = CatalogItems(self.client, content_type).find_in(name, project_id)
        if found is None:
            where = " in project '%s'" % address["project"] if address.get("project") else ""
            if content_type.name == "view":
                where = " of workbook '%s'%s" % (address["workbook"], where)
            raise TableauValidationError("The %s '%s'%s does not exist on site '%s'." % (
                content_type.label, name, where, self.client.site or ""))
        return found

    def content(self, kind, name, project_id, required=True):
        key = (kind, name_key(name), project_id)
        if key not in self._content:
            resource = (WorkbookResource if kind == "workbook" else DatasourceResource)(self.client)
            self._content[key] = resource.find(name, project_id)
        found = self._content[key]
        if found is None and required:
            raise TableauValidationError("The %s '%s' does not exist in that project on site '%s'." % (
                kind, name, self.client.site or ""))
        return found

    def views(self, workbook):
        if is_planned(workbook):
            return []  # a workbook the run plans to publish has no views to read yet
        return [{"id": el.get("id"), "name": el.get("name"), "project_id": workbook["project_id"]}
                for el in self.client.paginate("/workbooks/%s/views" % workbook["id"], "view")]

    def projects_under(self, project_path, recursive):
        """The ids of a project (None: every project) and, ``recursive``, of the projects below it."""
        projects = self.all_projects()
        if not project_path:
            return set(projects)
        top = self.project(project_path)
        if not recursive:
            return set([top["id"]])
        prefix = top["key"]
        return set(pid for pid, p in projects.items() if p["key"][:len(prefix)] == prefix)

    def items_in(self, content_type, project_path, recursive):
        """``(project path, workbook name, item)`` for every item of a kind in the projects asked for (info)."""
        projects = self.all_projects()
        scope = self.projects_under(project_path, recursive)
        if content_type.name == "project":
            return [(p["path"], None, p) for p in sorted((projects[i] for i in scope), key=lambda p: p["path"])]
        if content_type.name in ("workbook", "datasource", "view"):
            resource = (DatasourceResource if content_type.name == "datasource" else WorkbookResource)(self.client)
            listed = [i for i in resource.list() if i["project_id"] in scope]
        else:
            listed = [i for i in CatalogItems(self.client, content_type).list()
                      if not project_path or i["project_id"] in scope]
        listed.sort(key=lambda i: (projects.get(i["project_id"], {}).get("path") or "", name_key(i["name"])))
        if content_type.name != "view":
            return [(projects.get(i["project_id"], {}).get("path"), None, i) for i in listed]
        # The site's views in one listing (Query Views for Site), not one listing per workbook.
        workbooks = dict((w["id"], w) for w in listed)
        views = [v for v in self.site_views() if v["workbook_id"] in workbooks]
        order = dict((w["id"], index) for index, w in enumerate(listed))
        views.sort(key=lambda v: (order[v["workbook_id"]], name_key(v["name"])))
        return [(projects[workbooks[v["workbook_id"]]["project_id"]]["path"], workbooks[v["workbook_id"]]["name"], v)
                for v in views]

    def site_views(self):
        found = []
        for el in self.client.paginate("/views", "view"):
            workbook = xmlio.find(el, "workbook")
            found.append({"id": el.get("id"), "name": el.get("name"),
                          "workbook_id": workbook.get("id") if workbook is not None else None})
        return found


# ---------------------------------------------------------------------- converging

class PermissionConverger(object):
    """Reads, plans and writes the rules of many targets: every check first, then the writes, item by item."""

    def __init__(self, client, check_mode=False):
        self.client = client
        self.check_mode = check_mode
        self.grantees = Grantees(client)
        self.locator = Locator(client)

    def prepare(self, specs, default):
        """Targets with their parsed grants, for ``specs`` (dicts of content_type, project, name, workbook,
        grants, purge, state); every check that needs no request first, then those that do."""
        targets = []
        for target, grants in check_specs(specs, default, self.client):
            target.grants = grants
            targets.append(target)
        ids = self.grantees.resolve(sorted(set((k, n, d) for t in targets for k, n, d, dummy in t.grants)))
        for target in targets:
            self.locator.locate(target)
            target.desired = dict(((kind, ids[(kind, name_key(name), name_key(domain))]), caps)
                                  for kind, name, domain, caps in target.grants)
        return targets

    def read(self, targets):
        """The current rules of every target, read side by side."""
        answers = self.client.map(lambda t: rules_from_xml(self.client.get(self.rules_path(t))), targets)
        for target, current in zip(targets, answers):
            target.current = current
        self.grantees.learn(set(key for t in targets for key in t.current))

    def rules_path(self, target):
        """Where the target's rules are read; for an item the run plans to create (see resource.start_planning),
        where Tableau copies them from when it is made: a new project takes its parent's rules and default
        rules (a top-level one those of the Default project), new content its project's default rules."""
        if not is_planned(target.item):  # a project's default permissions have the project as their item
            return target.path
        projects = self.locator.all_projects()
        project = target.project if target.default or target.content_type.name == "project" else \
            projects.get(target.item.get("project_id"))
        copies_defaults = target.default or target.content_type.name != "project"
        if target.content_type.name == "project" or target.default:
            project = projects.get(project.get("parent_id")) or self.locator.default_project()
        while is_planned(project):
            project = projects.get(project.get("parent_id")) or self.locator.default_project()
        if copies_defaults:
            return "/projects/%s/default-permissions/%s" % (project["id"], target.content_type.segment)
        return "/projects/%s/permissions" % project["id"]

    def converge(self, specs, default=False):
        targets = self.prepare(specs, default)
        self.read(targets)
        for target in targets:
            target.deletes, target.adds, target.after = plan(
                target.current, target.desired, target.address.get("state") or "present",
                target.address.get("purge") or "none")
        if not self.check_mode:
            self.client.map(self.write, [t for t in targets if t.deletes or t.adds])
        return targets

    def write(self, target):
        """Narrow, then widen: Allow rules go, Deny rules come, Deny rules go, Allow rules come."""
        for mode in (ALLOW, DENY):
            for (kind, grantee_id), caps in sorted(by_mode(target.deletes, mode).items()):
                for capability in sorted(caps):
                    self.client.delete("%s/%ss/%s/%s/%s" % (target.path, kind, grantee_id, capability, mode))
            adding = by_mode(target.adds, DENY if mode == ALLOW else ALLOW)
            if adding:
                self.client.put(target.path, xmlio.ts_request(rules_element(adding)))

    def returned(self, target):
        return dict(target.described(), grants=[
            self.grantees.described(key, target.after[key]) for key in self.grantees.ordered(target.after)],
            changed=bool(target.deletes or target.adds))


def check_address(spec, content_type, default):
    if default or content_type.name == "project":
        if not spec.get("project"):
            raise TableauValidationError("Give project: the path of the project.")
        return
    if not spec.get("name"):
        raise TableauValidationError("Give name: the name of the %s." % content_type.label)
    if content_type.name == "view" and not spec.get("workbook"):
        raise TableauValidationError("A view is named by its workbook: give workbook (and project).")
    if spec.get("workbook") and content_type.name != "view":
        raise TableauValidationError("workbook applies to content_type=view.")


SPEC_KEYS = ("content_type", "project", "name", "workbook", "grants", "purge", "state")


def specs_of(params):
    """The list form (``permissions``, with the task's options as defaults for each) or the single form."""
    if params.get("permissions") is None:
        return [dict((k, params.get(k)) for k in SPEC_KEYS)], False
    specs = []
    for item in params["permissions"]:
        spec = dict((k, params.get(k)) for k in SPEC_KEYS if k != "grants")
        spec.update((k, v) for k, v in item.items() if v is not None)
        spec.setdefault("grants", params.get("grants"))
        if spec.get("content_type") is None:
            raise TableauValidationError("Each entry of permissions needs a content_type (or give content_type for the task).")
        specs.append(spec)
    return specs, True


def check_specs(specs, default, client=None):
    """Every check a task's options allow without a request (``client`` None) or at the session's version."""
    for spec in specs:
        if default and spec["content_type"] not in DEFAULT_TYPES:
            raise TableauValidationError("Projects have no default permissions for %ss." % spec["content_type"],
                                         hint="Default permissions exist for: %s." % ", ".join(DEFAULT_TYPES))
        content_type = CONTENT_TYPES[spec["content_type"]]
        if client is not None:
            content_type.available(client, default)
        check_address(spec, content_type, default)
        state = spec.get("state") or "present"
        if state == "absent" and spec.get("purge") not in (None, "none"):
            raise TableauValidationError("purge applies to state=present; state=absent removes what is listed.")
        grants = [parse_grant(g, content_type, client, state) for g in spec.get("grants") or []]
        keys = [(k, name_key(n), name_key(d)) for k, n, d, dummy in grants]
        if len(set(keys)) != len(keys):
            raise TableauValidationError("A grantee is listed twice in the grants of %s." % (
                Target(content_type, spec, default).header()), hint="Merge its templates and capabilities into one grant.")
        yield Target(content_type, spec, default), grants


def checker(default):
    """The module's ``check``: bad options fail before sign-in."""
    def check(params):
        specs = specs_of(params)[0]
        list(check_specs(specs, default))
    return check


def ensure(client, params, check_mode, default=False):
    """tableau_permission / tableau_default_permission: ``(changed, returned, diff)``."""
    specs, listed = specs_of(params)
    converger = PermissionConverger(client, check_mode)
    targets = converger.converge(specs, default)
    outcome = Outcome()
    for target in targets:
        changed = bool(target.deletes or target.adds)
        outcome.record(changed, shown(target.current, converger.grantees), shown(target.after, converger.grantees),
                       header=target.header() if listed else None)
    results = [converger.returned(t) for t in targets]
    if listed:
        return outcome.ret(permissions=results).result()
    return outcome.ret(item=dict((k, v) for k, v in results[0].items() if k not in ("grants", "changed")),
                       grants=results[0]["grants"]).result()


def info(client, params, default=False):
    """tableau_permission_info / tableau_default_permission_info: the rules of the items asked for, by names."""
    converger = PermissionConverger(client)
    locator = converger.locator
    if default:
        kinds = params.get("content_types") or [
            t for t in DEFAULT_TYPES if _available(CONTENT_TYPES[t], client, True)]
        targets = []
        for path in _project_paths(locator, params):
            for kind in kinds:
                CONTENT_TYPES[kind].available(client, True)
                target = Target(CONTENT_TYPES[kind], {"project": path}, default=True)
                target.project = locator.project(path)
                targets.append(target)
    else:
        content_type = CONTENT_TYPES[params["content_type"]]
        content_type.available(client)
        if params.get("name") or content_type.name == "project" and params.get("project") and not params.get("recursive"):
            spec = dict(content_type=content_type.name, project=params.get("project"), name=params.get("name"),
                        workbook=params.get("workbook"))
            check_address(spec, content_type, False)
            target = Target(content_type, spec)
            if content_type.name == "project":
                target.project = target.item = locator.project(spec["project"])
            else:
                target.project = locator.project(spec["project"]) if spec.get("project") else None
                target.item = locator.item(target)
            targets = [target]
        else:
            targets = []
            for path, workbook, item in locator.items_in(content_type, params.get("project"), params.get("recursive")):
                name = item["name"]
                address = dict(content_type=content_type.name, name=name, workbook=workbook,
                               project=path if content_type.name != "project" else item["path"])
                target = Target(content_type, address)
                target.item = item
                targets.append(target)
    converger.read(targets)
    with_templates = params.get("match_templates")
    found = []
    for target in targets:
        found.append(dict(target.described(), grants=[
            converger.grantees.described(key, target.current[key], target.content_type if with_templates else None, client)
            for key in converger.grantees.ordered(target.current) if target.current[key]]))
    return False, {"permissions": found}, None


def _available(content_type, client, default):
    try:
        content_type.available(client, default)
    except TableauError:
        return False
    return True


def _project_paths(locator, params):
    projects = locator.all_projects()
    return sorted(projects[i]["path"] for i in locator.projects_under(params["project"], params.get("recursive")))


# ---------------------------------------------------------------------- module options

GRANT_SPEC = dict(
    group=dict(type="str"),
    user=dict(type="str"),
    domain=dict(type="str"),
    template=dict(type="str"),
    capabilities=dict(type="dict"),
)


def argument_spec(default=False):
    """The options of tableau_permission (``default``: tableau_default_permission)."""
    types = DEFAULT_TYPES if default else EXPLICIT_TYPES
    grants = dict(type="list", elements="dict", options=GRANT_SPEC)
    address = dict(project=dict(type="str")) if default else dict(
        project=dict(type="str"), name=dict(type="str"), workbook=dict(type="str"))
    item = dict(address, content_type=dict(type="str", choices=types), grants=dict(type="list", elements="dict"),
                purge=dict(type="str", choices=PURGE_CHOICES), state=dict(type="str", choices=["present", "absent"]))
    spec = dict(item, grants=grants, permissions=dict(type="list", elements="dict", options=item))
    spec.update(purge=dict(type="str", choices=PURGE_CHOICES, default="none"),
                state=dict(type="str", choices=["present", "absent"], default="present"))
    return spec


def info_argument_spec(default=False):
    if default:
        return dict(project=dict(type="str", required=True), recursive=dict(type="bool", default=False),
                    content_types=dict(type="list", elements="str", choices=DEFAULT_TYPES),
                    match_templates=dict(type="bool", default=False))
    return dict(content_type=dict(type="str", choices=EXPLICIT_TYPES, required=True), project=dict(type="str"),
                name=dict(type="str"), workbook=dict(type="str"), recursive=dict(type="bool", default=False),
                match_templates=dict(type="bool", default=False))
