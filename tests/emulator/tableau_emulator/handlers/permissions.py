"""Permissions: the explicit rules on content, the default rules of projects (and databases), and their enforcement.

A rule gives one grantee (a user or a group) one capability in one mode (Allow or Deny) on one item.

Routes (all under ``/api/<version>/sites/{site_id}``), with the version each came in (and the one that retired it)
-------------------------------------------------------------------------------------------------------------

``GET`` and ``PUT .../{kind}/{id}/permissions`` and
``DELETE .../{kind}/{id}/permissions/{groups|users}/{grantee_id}/{capability}/{mode}`` for each kind below;
``GET`` and ``PUT .../projects/{id}/default-permissions/{kind}`` and
``DELETE .../projects/{id}/default-permissions/{kind}/{groups|users}/{grantee_id}/{capability}/{mode}``;
the same three on ``.../databases/{id}/default-permissions/tables`` (3.5). The versions come from the REST API
reference ("Permissions Methods", "Metadata Methods", "Virtual Connections Methods"), from TSC's ``@api``
decorators and from PSTableauREST's version guards; where they differ, the lower, as ``registry.route`` says.

=====================  =========  ============  ==================  ==========================================
kind (URL segment)     explicit   default       unknown item        source of the versions
=====================  =========  ============  ==================  ==========================================
projects               2.0        --            404005              reference, TSC
workbooks              2.0        2.1           404006              reference, TSC
datasources            2.0        2.1           404004              reference, TSC
views                  3.2        --            404011              reference, TSC
flows                  3.3        3.3           404027              reference, TSC (TSC: defaults 3.4)
databases              3.5        3.6           404003              TSC 3.5; defaults: PSTableauREST (TSC 3.23)
tables                 3.5        3.6           404003 (*)          TSC 3.5; defaults: PSTableauREST (TSC 3.23)
metrics                3.9-3.22   3.9-3.22      404000 (*)          metrics came with 3.9 (TSC's 3.2 predates
                                                                    them); retired in 3.22 (reference)
lenses                 3.13-3.22  3.13-3.22     404000 (*)          PSTableauREST; retired in 3.22 (reference)
dataroles              --         3.13          --                  PSTableauREST (no explicit data role method)
virtualconnections     3.22       3.23          404000 (*)          TSC (the reference's methods: 3.23)
=====================  =========  ============  ==================  ==========================================

(*) the reference names no code of its own: the generic 404000. Ask Data lenses have no listing in the REST API;
the seed provides them.

Answers
-------

Every answer is ``<permissions>`` (``permissionsType`` in ts-api_3_29.xsd): the item (``<project id name>``,
``<workbook ...>``, ``<virtualConnection ...>``, ... with its ``<owner id>`` where the item has one), then one
``<granteeCapabilities>`` per grantee: ``<group id>`` or ``<user id>`` and ``<capabilities><capability name mode>``.
Default permissions answer with the project (or database) as the item. GET answers 200 with every rule;
DELETE answers 204. PUT answers 200 with the rules the request named (now all in force), not the item's other
rules. The reference shows the answer's form (the item, then grantee capabilities) without saying which rules
it holds; TSC's recorded answers (workbook_update_permissions.xml, view_update_permissions.xml,
virtual_connection_add_permissions.xml) hold exactly the rules their requests sent, and the emulator does so.
A real server at 3.1 answered with every rule of the item (recorded traffic, workbooks.yml 7, 9, 10 and 13):
at 3.1 and older the emulator does that, for every kind of item.

PUT merges: "If a specified permission has already been granted or denied for a given user or group, the system
ignores it." (reference). A capability the grantee already has in the *other* mode is refused with 409 / 409004
(the reference names no code; this is the generic conflict code): delete the old rule, then add the new one.

Errors (reference unless marked)
--------------------------------

* 400000 a body without ``<permissions>``, a grantee capability without exactly one user or group, no capability;
  an item element in the body whose id is not the item of the URI (projects: 404009 Project ID mismatch).
* 400042 Malformed permissions qualifier: a default-permissions body carrying a ``<workbook>`` or
  ``<datasource>`` element.
* 404013 Capability not found: a capability name Tableau does not have, or a mode other than Allow or Deny (also
  on a DELETE path); 404013 Capability not assigned: DELETE of a rule the grantee does not have (views, and
  workbooks as a real 3.1 server answered it in recorded traffic, workbooks.yml 17-19 and 22: 404014).
* 400009 Invalid capability: a real capability that the content type does not have (see ``CAPABILITIES``), or
  ProjectLeader with Deny ("The mode of the capability for ProjectLeader cannot be set to Deny.").
* 404002 user / 404012 group named as grantee that is not on the site.
* 403004 Permissions setting forbidden: the caller may not change (or, for GET, read) the item's permissions.
  Default permissions: 403004 for PUT and DELETE; GET answers 403036 for workbooks and 403035 for the other kinds.
  Databases: 403115 for GET of default permissions, 403114 for changing the default table permissions of a
  database whose permissions are locked (LockedToDatabase).
* 403039 Project permissions locked: changing the permissions of content whose project has locked permissions
  (documented for views; used for every kind of content in a project, best judgement). 403096 Parent workbook
  tabs enabled: changing a view's permissions while its workbook shows tabs (documented for DELETE; PUT too,
  best judgement).
* 404008 a method the path's version does not have (``registry.route``'s min_version and until).

Capabilities
------------

The names are ts-api_3_29.xsd's capability enumeration; those missing from ts-api_3_0.xsd came after 3.0 and are
not named at 3.0 or older (404013) nor sent there. Which ones each content type takes: the reference's lists
("Valid capabilities for a workbook are AddComment, ChangeHierarchy, ...", for a data source "ChangePermissions,
Connect, Delete, ExportXml, Read, and Write", for a flow "ChangeHierarchy, ChangePermissions, Delete, Execute,
ExportXml (Download), Read (view), and Write", for a project ProjectLeader, Read, Write) with the ones newer
servers added to the same content (RunExplainData, ExtractRefresh, SaveAs, VizqlDataApiAccess,
PulseMetricDefine, WebAuthoringForFlows).

Enforcement
-----------

Who holds a capability on an item (the reference's "Permissions" concepts and Tableau's permission evaluation):
server and site administrators hold every capability; Unlicensed users none; the item's owner, the owner of its
project and the project leaders of its project (ProjectLeader on it or on a project above it) hold every
capability their site role allows. Otherwise the rules decide, in this order: a Deny rule for the user; an Allow
rule for the user; a Deny rule for any group of the user; an Allow rule for a group; else no. A site role caps
what rules can give: a Viewer gets no more than viewing and interacting, an Explorer publishes nothing (no Write,
no ProjectLeader). Content in a project whose permissions are locked (LockedToProject or
LockedToProjectWithoutNested on its own project; LockedToProject on a project above it) is governed by the locking
project's default rules for its kind, not by its own rules; a nested project under a LockedToProject project by that
project's rules. A view follows its workbook's rules while the workbook shows tabs. Tables in a LockedToDatabase
database follow the database's default table rules.

* Publishing a workbook or data source needs, for a non-administrator, the Creator or ExplorerCanPublish site
  role and Write on the project; else 403007 (Insufficient publishing permission, reference).
* Listing projects, workbooks, data sources, views, flows, virtual connections, databases, tables and metrics
  shows a non-administrator only what they may Read.
* The impersonated user of an impersonating sign-in is the session's user, so their permissions apply.
* New content gets the default rules of its project for its kind as its own rules; a new view gets its
  workbook's rules; a new project gets the rules and default rules of its parent, a new top-level one those of
  the site's Default project (Tableau copies them when the project is made; later changes do not follow). The
  Default project starts with the All Users group allowed to view: Read on the project, and the viewing
  capabilities as defaults for its content.
* Removing a user or deleting a group drops their rules; deleting an item (a project with what is in it) its rules.
"""

import copy

from ..access import is_site_admin
from ..errors import ApiError, bad_request, forbidden, not_found
from ..registry import AFTER_3_0, AFTER_3_1, on, route, site_collection, version_tuple
from ..routing import no_content, ok
from ..xmlio import child, element
from .groups import all_users_group, groups_of

MODES = ("Allow", "Deny")

# ts-api_3_29.xsd's capability enumeration: name -> the first version it can be named at.
_IN_3_0 = ("AddComment", "ChangeHierarchy", "ChangePermissions", "Connect", "Delete", "ExportData", "ExportImage",
           "ExportXml", "Filter", "ProjectLeader", "Read", "ShareView", "ViewComments", "ViewUnderlyingData",
           "WebAuthoring", "Write")
_AFTER_3_0 = ("AiAccess", "Execute", "ExtractRefresh", "Overwrite", "PulseMetricDefine", "RunExplainData", "SaveAs",
              "VizqlDataApiAccess", "WebAuthoringForFlows")
CAPABILITY_SINCE = dict([(name, "2.0") for name in _IN_3_0] + [(name, AFTER_3_0) for name in _AFTER_3_0])

_WORKBOOK = ("AddComment", "ChangeHierarchy", "ChangePermissions", "Delete", "ExportData", "ExportImage", "ExportXml",
             "ExtractRefresh", "Filter", "Read", "RunExplainData", "ShareView", "ViewComments", "ViewUnderlyingData",
             "WebAuthoring", "Write")
_VIEW = ("AddComment", "ChangePermissions", "Delete", "ExportData", "ExportImage", "Filter", "Read", "RunExplainData",
         "ShareView", "ViewComments", "ViewUnderlyingData", "WebAuthoring")
_DATASOURCE = ("ChangeHierarchy", "ChangePermissions", "Connect", "Delete", "ExportXml", "ExtractRefresh",
               "PulseMetricDefine", "Read", "SaveAs", "VizqlDataApiAccess", "Write")
_FLOW = ("ChangeHierarchy", "ChangePermissions", "Delete", "Execute", "ExportXml", "Read", "WebAuthoringForFlows",
         "Write")
_ASSET = ("ChangeHierarchy", "ChangePermissions", "Delete", "Read", "Write")
CAPABILITIES = {
    "projects": ("ProjectLeader", "Read", "Write"),
    "workbooks": _WORKBOOK,
    "views": _VIEW,
    "datasources": _DATASOURCE,
    "flows": _FLOW,
    "virtualconnections": ("ChangeHierarchy", "ChangePermissions", "Connect", "Delete", "Read", "Write"),
    "metrics": _ASSET,
    "lenses": _ASSET,
    "dataroles": _ASSET,
    "databases": ("ChangePermissions", "Read", "Write"),
    "tables": ("ChangePermissions", "Read", "Write"),
}

# What the Default project gives the All Users group: viewing (Tableau's "View" templates).
VIEWING = {
    "workbooks": ("Read", "Filter", "ViewComments", "AddComment", "ExportImage", "ExportData"),
    "datasources": ("Read", "Connect"),
    "flows": ("Read",),
    "virtualconnections": ("Read", "Connect"),
    "metrics": ("Read",),
    "lenses": ("Read",),
    "dataroles": ("Read",),
    "databases": ("Read",),
    "tables": ("Read",),
}

ADMIN_ROLES = ("ServerAdministrator", "SiteAdministratorCreator", "SiteAdministratorExplorer")
PUBLISHING_ROLES = ("Creator", "ExplorerCanPublish")
# The most a site role lets rules give (None: no cap).
ROLE_CEILING = {
    "Unlicensed": (),
    "Viewer": ("Read", "Filter", "ViewComments", "AddComment", "ExportImage", "ExportData", "ShareView", "Connect"),
    "Explorer": tuple(sorted(set(CAPABILITY_SINCE) - {"Write", "ProjectLeader", "Overwrite"})),
}
LOCKED = ("LockedToProject", "LockedToProjectWithoutNested")


class Kind(object):
    """A kind of item that has permissions: where its items live and how it answers."""

    def __init__(self, path, tag, collection, label, not_found_code, since, until=None, placed_in="project",
                 owned=True):
        self.path = path
        self.tag = tag
        self.collection = collection
        self.label = label
        self.not_found_code = not_found_code
        self.since = since
        self.until = until
        # Where an item sits: "project" (projectId), "workbook" (views), "database" (tables), "parent" (projects).
        self.placed_in = placed_in
        self.owned = owned
        self.capabilities = CAPABILITIES[path]

    def items(self, site):
        return getattr(site, self.collection)

    def get(self, site, item_id):
        item = self.items(site).get(item_id)
        if item is None or (self.path == "views" and (item["hidden"] or item["workbookId"] not in site.workbooks)):
            raise not_found(self.not_found_code, "Resource Not Found",
                            "The %s ID '%s' doesn't correspond to an existing %s." % (self.label, item_id, self.label))
        return item


KINDS = dict((k.path, k) for k in (
    Kind("projects", "project", "projects", "project", "404005", "2.0", placed_in="parent"),
    Kind("workbooks", "workbook", "workbooks", "workbook", "404006", "2.0"),
    Kind("datasources", "datasource", "datasources", "data source", "404004", "2.0"),
    Kind("views", "view", "views", "view", "404011", "3.2", placed_in="workbook"),
    Kind("flows", "flow", "flows", "flow", "404027", "3.3"),
    Kind("databases", "database", "databases", "database", "404003", "3.5", placed_in=None, owned=False),
    Kind("tables", "table", "tables", "table", "404003", "3.5", placed_in="database", owned=False),
    Kind("metrics", "metric", "metrics", "metric", "404000", "3.9", until="3.22"),
    Kind("lenses", "lens", "lenses", "lens", "404000", "3.13", until="3.22"),
    Kind("virtualconnections", "virtualConnection", "virtual_connections", "virtual connection", "404000", "3.22"),
))
# Project default permissions: content kind -> (since, until).
PROJECT_DEFAULTS = {
    "workbooks": ("2.1", None), "datasources": ("2.1", None), "flows": ("3.3", None),
    "dataroles": ("3.13", None), "lenses": ("3.13", "3.22"), "metrics": ("3.9", "3.22"),
    "virtualconnections": ("3.23", None), "databases": ("3.6", None), "tables": ("3.6", None),
}

# site.permissions[(kind, item_id)] and site.default_permissions[(parent kind, parent id, content kind)]:
# {(grantee type, grantee id): {capability: mode}}, in the order the rules came.


def _summary(site):
    """The rules by item, ``{"<kind> <name> (<id>)[ default <kind>]": ["<group|user> <grantee> <capability>=<mode>"]}``.

    A dict, not a list: two items may share a name (views of two workbooks), their rules stay apart.
    """
    def grantee_name(gtype, gid):
        found = (site.groups if gtype == "group" else site.users).get(gid)
        return found["name"] if found else gid

    def label(kind, item_id):
        item = KINDS[kind].items(site).get(item_id) if kind in KINDS else None
        return "%s %s (%s)" % (kind, item["name"] if item else "?", item_id)

    def lines(rules):
        return sorted("%s %s %s=%s" % (gtype, grantee_name(gtype, gid), name, mode)
                      for (gtype, gid), caps in rules.items() for name, mode in caps.items())

    summary = {}
    for (kind, item_id), rules in site.permissions.items():
        if rules:
            summary[label(kind, item_id)] = lines(rules)
    for (parent, parent_id, kind), rules in site.default_permissions.items():
        if rules:
            summary["%s default %s" % (label(parent, parent_id), kind)] = lines(rules)
    return summary


site_collection("permissions", summary=_summary)
site_collection("default_permissions")


# Looking things up


def rules_of(site, kind, item_id):
    return site.permissions.setdefault((kind, item_id), {})


def defaults_of(site, parent, parent_id, kind):
    return site.default_permissions.setdefault((parent, parent_id, kind), {})


def project_of(site, kind, item):
    """The id of the project an item sits in (a project: its parent), or None."""
    placed = KINDS[kind].placed_in if kind in KINDS else "project"
    if placed == "project":
        return item.get("projectId")
    if placed == "parent":
        return item.get("parentProjectId")
    if placed == "workbook":
        return (site.workbooks.get(item["workbookId"]) or {}).get("projectId")
    return None


def owner_of(site, kind, item):
    if kind == "views":
        return (site.workbooks.get(item["workbookId"]) or {}).get("ownerId")
    return item.get("ownerId") if KINDS[kind].owned else None


def locking_project(site, project_id, nested_only=False):
    """The project whose default rules govern content placed in ``project_id``, or None.

    Its own project when that one is locked (either way); else the nearest project above it locked with nested
    projects (LockedToProject). ``nested_only``: only the latter (for a project's own rules).
    """
    project = site.projects.get(project_id)
    if project is None:
        return None
    if not nested_only and project["contentPermissions"] in LOCKED:
        return project
    if nested_only and project["contentPermissions"] == "LockedToProject":
        return project
    parent_id = project["parentProjectId"]
    while parent_id:
        parent = site.projects.get(parent_id)
        if parent is None:
            return None
        if parent["contentPermissions"] == "LockedToProject":
            return parent
        parent_id = parent["parentProjectId"]
    return None


def governing_rules(site, kind, item):
    """The rules that decide who holds what on ``item``: its own, or those of what controls it."""
    if kind == "projects":
        locker = locking_project(site, item["parentProjectId"], nested_only=True) if item["parentProjectId"] else None
        return rules_of(site, "projects", (locker or item)["id"])
    if kind == "tables":
        database = site.databases.get(item.get("databaseId"))
        if database is not None and database.get("contentPermissions") == "LockedToDatabase":
            return defaults_of(site, "databases", database["id"], "tables")
        return rules_of(site, kind, item["id"])
    if kind == "views":
        workbook = site.workbooks.get(item["workbookId"]) or {}
        locker = locking_project(site, workbook.get("projectId"))
        if locker is not None:
            return defaults_of(site, "projects", locker["id"], "workbooks")
        if workbook.get("showTabs"):
            return rules_of(site, "workbooks", workbook["id"])
        return rules_of(site, kind, item["id"])
    project_id = project_of(site, kind, item)
    locker = locking_project(site, project_id) if project_id else None
    if locker is not None:
        return defaults_of(site, "projects", locker["id"], kind)
    return rules_of(site, kind, item["id"])


def decide(rules, user_id, group_ids, capability):
    """User Deny, then user Allow, then a group's Deny, then a group's Allow; no rule is no."""
    mode = rules.get(("user", user_id), {}).get(capability)
    if mode is not None:
        return mode == "Allow"
    modes = [rules.get(("group", group_id), {}).get(capability) for group_id in group_ids]
    if "Deny" in modes:
        return False
    return "Allow" in modes


def _within_role(user, capability):
    ceiling = ROLE_CEILING.get(user["siteRole"])
    return ceiling is None or capability in ceiling


def _group_ids(site, user):
    return [g["id"] for g in groups_of(site, user["id"])]


def leads(site, user, project_id):
    """Whether ``user`` owns ``project_id`` or a project above it, or leads one of them.

    Owners need no rule ("owners do not have to be granted permissions for content that they own (including
    projects under parent projects that they own)", the reference's Permissions concepts); leading takes
    ProjectLeader and a site role that may publish.
    """
    may_lead = user["siteRole"] in ADMIN_ROLES + PUBLISHING_ROLES
    group_ids = _group_ids(site, user)
    while project_id:
        project = site.projects.get(project_id)
        if project is None:
            return False
        if project["ownerId"] == user["id"]:
            return True
        if may_lead and decide(governing_rules(site, "projects", project), user["id"], group_ids, "ProjectLeader"):
            return True
        project_id = project["parentProjectId"]
    return False


def holds(site, user, kind, item, capability):
    """Whether ``user`` holds ``capability`` on ``item`` of ``kind``."""
    if user is None:
        return False
    if user["siteRole"] in ADMIN_ROLES:
        return True
    if not _within_role(user, capability):
        return False
    if owner_of(site, kind, item) == user["id"]:
        return True
    project_id = item["id"] if kind == "projects" else project_of(site, kind, item)
    if project_id and leads(site, user, project_id):
        return True
    return decide(governing_rules(site, kind, item), user["id"], _group_ids(site, user), capability)


# What other handlers call


def readable(request, kind, items):
    """The items a listing shows the caller: all for administrators, else those they may Read."""
    items = list(items)
    if is_site_admin(request):
        return items
    user, site = request.user, request.site
    return [item for item in items if holds(site, user, kind, item, "Read")]


def require_publish(request, project_id, what):
    """Publishing into a project: a publishing site role and Write on the project (403007 otherwise)."""
    if is_site_admin(request):
        return
    user, site = request.user, request.site
    if user is None or user["siteRole"] not in PUBLISHING_ROLES:
        raise forbidden("403007", "Forbidden",
                        "The site role of the user ('%s') cannot publish a %s."
                        % (user["siteRole"] if user else "none", what))
    if not holds(site, user, "projects", site.projects[project_id], "Write"):
        raise forbidden("403007", "Forbidden",
                        "Insufficient publishing permission: the user doesn't have Write permission on the project "
                        "'%s'." % site.projects[project_id]["name"])


# Reading and checking requests


def _version_at_least(request, version):
    return version_tuple(request.api_version) >= version_tuple(version)


def _capability_error(name, mode):
    return not_found("404013", "Resource Not Found",
                     "The capability '%s' with mode '%s' doesn't correspond to a defined capability. Valid modes "
                     "are Allow and Deny." % (name, mode))


def check_capability(request, kind, name, mode):
    """404013 for what Tableau does not have; 400009 for what the content type does not take."""
    since = CAPABILITY_SINCE.get(name)
    if mode not in MODES or since is None or not _version_at_least(request, since):
        raise _capability_error(name, mode)
    if name not in CAPABILITIES[kind]:
        raise ApiError(400, "400009", "Invalid capability",
                       "The capability '%s' is invalid for %s. Valid capabilities are %s."
                       % (name, kind, ", ".join(CAPABILITIES[kind])))
    if name == "ProjectLeader" and mode == "Deny":
        raise ApiError(400, "400009", "Invalid capability",
                       "The mode of the capability for ProjectLeader cannot be set to Deny.")


def grantee(site, grantee_type, grantee_id):
    """The ('user' | 'group', id) of a grantee that is on the site; 404002 / 404012 otherwise."""
    if grantee_type == "user":
        if grantee_id not in site.users:
            raise not_found("404002", "Resource Not Found",
                            "The user ID '%s' doesn't correspond to an existing user." % grantee_id)
    elif grantee_id not in site.groups:
        raise not_found("404012", "Resource Not Found",
                        "The group ID '%s' doesn't correspond to an existing group." % grantee_id)
    return grantee_type, grantee_id


def parse_rules(request, kind, item_tag=None, item_id=None, defaults=False):
    """The grantee capabilities of a PUT body, checked: ``[((type, id), [(capability, mode)])]``."""
    permissions_el = child(request.xml(), "permissions")
    if defaults:
        for tag in ("workbook", "datasource"):
            if permissions_el.find(tag) is not None:
                raise ApiError(400, "400042", "Malformed permissions qualifier",
                               "The request body of a default permissions request cannot include a <%s> element."
                               % tag)
    for el in permissions_el:
        if el.tag in ("granteeCapabilities", "parent"):
            continue
        if el.tag != item_tag:
            raise bad_request("The <%s> element does not belong in a request for %s permissions." % (el.tag, kind))
        if el.get("id") and el.get("id") != item_id:
            if item_tag == "project":
                raise not_found("404009", "Project ID mismatch",
                                "The project ID in the URI doesn't match the project ID in the request body.")
            raise bad_request("The %s ID in the request body doesn't match the one in the URI." % item_tag)
    site = request.site
    found = []
    for gc_el in permissions_el.findall("granteeCapabilities"):
        grantees = [el for el in gc_el if el.tag in ("user", "group")]
        if len(grantees) != 1 or not grantees[0].get("id"):
            raise bad_request("Each granteeCapabilities element needs exactly one <user id> or <group id>.")
        who = grantee(site, grantees[0].tag, grantees[0].get("id"))
        capabilities_el = child(gc_el, "capabilities")
        capabilities = []
        for cap_el in capabilities_el.findall("capability"):
            name, mode = cap_el.get("name") or "", cap_el.get("mode") or ""
            check_capability(request, kind, name, mode)
            capabilities.append((name, mode))
        if not capabilities:
            raise bad_request("A capabilities element lists no capability.")
        found.append((who, capabilities))
    if not found:
        raise bad_request("The permissions element lists no granteeCapabilities.")
    return found


def merge(rules, requested):
    """Add the requested rules: present ones are ignored; the other mode of a present capability is a conflict."""
    planned = copy.deepcopy(rules)
    for who, capabilities in requested:
        held = planned.setdefault(who, {})
        for name, mode in capabilities:
            if held.get(name, mode) != mode:
                raise ApiError(409, "409004", "Conflict",
                               "The %s '%s' already has the capability '%s' with mode '%s'. Delete that rule before "
                               "adding the capability with mode '%s'." % (who[0], who[1], name, held[name], mode))
            held[name] = mode
    rules.clear()
    rules.update(planned)


def delete_rule(request, rules, kind, not_assigned="404013"):
    params = request.params
    gtype = {"users": "user", "groups": "group"}.get(params["grantee_type"])
    if gtype is None:
        raise not_found("404000", "Resource Not Found", "Unknown resource '%s' requested" % request.path)
    who = grantee(request.site, gtype, params["grantee_id"])
    name, mode = params["capability"], params["mode"]
    check_capability(request, kind, name, mode)
    if rules.get(who, {}).get(name) != mode:
        raise not_found(not_assigned, "Resource Not Found",
                        "The capability '%s' is not assigned to the specified %s with the mode '%s'."
                        % (name, gtype, mode))
    del rules[who][name]
    if not rules[who]:
        del rules[who]


# Answers


def item_element(site, tag, item, with_owner=True):
    el = element(tag, {"id": item["id"], "name": item.get("name")})
    if with_owner and item.get("ownerId"):
        el.append(element("owner", {"id": item["ownerId"]}))
    return el


def permissions_reply(request, item_el, rules, only=None):
    """``<permissions>`` with the item and the rules (``only``: just these grantees' named capabilities)."""
    el = element("permissions", None, item_el)
    for who, caps in rules.items():
        if only is not None:
            if who not in only:
                continue
            caps = dict((name, mode) for name, mode in caps.items() if name in only[who])
        caps = [(n, m) for n, m in caps.items() if _version_at_least(request, CAPABILITY_SINCE.get(n, "2.0"))]
        if not caps:
            continue
        el.append(element("granteeCapabilities", None, element(who[0], {"id": who[1]}),
                          element("capabilities", None,
                                  *[element("capability", {"name": n, "mode": m}) for n, m in caps])))
    return ok(el)


def _named(requested):
    named = {}
    for who, capabilities in requested:
        named.setdefault(who, set()).update(name for name, _mode in capabilities)
    return named


# Explicit permissions


def _forbidden(what):
    return forbidden("403004", "Forbidden",
                     "A non-administrator user called this method but doesn't have permission to %s." % what)


def may_change(site, user, kind, item):
    """Administrators, the owner, project leaders of the item's project and holders of ChangePermissions."""
    if user is None:
        return False
    if user["siteRole"] in ADMIN_ROLES:
        return True
    if owner_of(site, kind, item) == user["id"]:
        return True
    project_id = item["id"] if kind == "projects" else project_of(site, kind, item)
    if project_id and leads(site, user, project_id):
        return True
    return holds(site, user, kind, item, "ChangePermissions")


def _check_changeable(request, kind, item):
    site = request.site
    if not may_change(site, request.user, kind, item):
        raise _forbidden("set permissions on the %s" % KINDS[kind].label)
    project_id = project_of(site, kind, item)
    locker = None
    if kind == "projects":
        locker = locking_project(site, project_id, nested_only=True) if project_id else None
    elif project_id:
        locker = locking_project(site, project_id)
    if locker is not None:
        raise forbidden("403039", "Project permissions locked", "The permissions of the %s are locked to the project "
                        "'%s'." % (KINDS[kind].label, locker["name"]))
    if kind == "views" and (site.workbooks.get(item["workbookId"]) or {}).get("showTabs"):
        raise forbidden("403096", "Parent workbook tabs enabled",
                        "The view's permissions are those of its workbook while the workbook shows tabs.")


def _answer_item(request, kind, item):
    spec = KINDS[kind]
    site = request.site
    if kind == "views":
        return item_element(site, spec.tag, dict(item, ownerId=owner_of(site, kind, item)))
    return item_element(site, spec.tag, item, with_owner=spec.owned)


def _query(kind):
    def query_permissions(request):
        site = request.site
        item = KINDS[kind].get(site, request.params["item_id"])
        if not holds(site, request.user, kind, item, "Read"):
            raise forbidden("403004", "Forbidden", "The caller doesn't have Read permission on the %s."
                            % KINDS[kind].label)
        return permissions_reply(request, _answer_item(request, kind, item), rules_of(site, kind, item["id"]))
    return query_permissions


def answered_rules(request, requested):
    """What Add Permissions answers: the rules the request named; a server at 3.1 answered with every rule of
    the item (recorded traffic: workbooks.yml 7, 9, 10 and 13)."""
    return _named(requested) if request.api_version_at_least(AFTER_3_1) else None


def _add(kind):
    def add_permissions(request):
        site = request.site
        spec = KINDS[kind]
        item = spec.get(site, request.params["item_id"])
        _check_changeable(request, kind, item)
        requested = parse_rules(request, kind, item_tag=spec.tag, item_id=item["id"])
        rules = rules_of(site, kind, item["id"])
        merge(rules, requested)
        return permissions_reply(request, _answer_item(request, kind, item), rules, only=answered_rules(request, requested))
    return add_permissions


def _delete(kind):
    def delete_permission(request):
        site = request.site
        item = KINDS[kind].get(site, request.params["item_id"])
        _check_changeable(request, kind, item)
        delete_rule(request, rules_of(site, kind, item["id"]), kind,
                    not_assigned="404014" if kind in ("views", "workbooks") else "404013")
        return no_content()
    return delete_permission


for _kind in KINDS.values():
    _base = "/sites/{site_id}/%s/{item_id}/permissions" % _kind.path
    route("GET", _base, min_version=_kind.since, until=_kind.until)(_query(_kind.path))
    route("PUT", _base, min_version=_kind.since, until=_kind.until)(_add(_kind.path))
    route("DELETE", _base + "/{grantee_type}/{grantee_id}/{capability}/{mode}", min_version=_kind.since,
          until=_kind.until)(_delete(_kind.path))


# Default permissions of projects and databases


def _project_defaults_holder(request):
    site = request.site
    project = KINDS["projects"].get(site, request.params["item_id"])
    return project


def _may_set_project_defaults(request, project):
    user = request.user
    return user is not None and (user["siteRole"] in ADMIN_ROLES or leads(request.site, user, project["id"]))


def _query_defaults(kind):
    def query_default_permissions(request):
        site = request.site
        project = _project_defaults_holder(request)
        if not _may_set_project_defaults(request, project):
            code = "403036" if kind == "workbooks" else "403035"
            raise forbidden(code, "Forbidden",
                            "The caller doesn't have permissions to query the project's default permissions for %s."
                            % kind)
        return permissions_reply(request, item_element(site, "project", project),
                                 defaults_of(site, "projects", project["id"], kind))
    return query_default_permissions


def _add_defaults(kind):
    def add_default_permissions(request):
        site = request.site
        project = _project_defaults_holder(request)
        if not _may_set_project_defaults(request, project):
            raise _forbidden("add default permissions to the project")
        requested = parse_rules(request, kind, item_tag="project", item_id=project["id"], defaults=True)
        rules = defaults_of(site, "projects", project["id"], kind)
        merge(rules, requested)
        return permissions_reply(request, item_element(site, "project", project), rules, only=_named(requested))
    return add_default_permissions


def _delete_defaults(kind):
    def delete_default_permission(request):
        site = request.site
        project = _project_defaults_holder(request)
        if not _may_set_project_defaults(request, project):
            raise _forbidden("remove default permissions from the project")
        delete_rule(request, defaults_of(site, "projects", project["id"], kind), kind)
        return no_content()
    return delete_default_permission


for _content, (_since, _until) in PROJECT_DEFAULTS.items():
    _base = "/sites/{site_id}/projects/{item_id}/default-permissions/%s" % _content
    route("GET", _base, min_version=_since, until=_until)(_query_defaults(_content))
    route("PUT", _base, min_version=_since, until=_until)(_add_defaults(_content))
    route("DELETE", _base + "/{grantee_type}/{grantee_id}/{capability}/{mode}", min_version=_since,
          until=_until)(_delete_defaults(_content))


_DATABASE_DEFAULTS = "/sites/{site_id}/databases/{item_id}/default-permissions/tables"


def _database_for_defaults(request, changing):
    site = request.site
    database = KINDS["databases"].get(site, request.params["item_id"])
    if not holds(site, request.user, "databases", database, "ChangePermissions"):
        if changing:
            raise _forbidden("add permissions on the database")
        raise forbidden("403115", "Forbidden",
                        "Default permissions cannot be queried because the user is not an administrator and doesn't "
                        "have Set Permissions on the database.")
    if changing and database.get("contentPermissions") == "LockedToDatabase":
        raise forbidden("403114", "Forbidden", "Default permissions cannot be added because the database asset is locked.")
    return database


@route("GET", _DATABASE_DEFAULTS, min_version="3.5")
def query_database_default_permissions(request):
    database = _database_for_defaults(request, changing=False)
    return permissions_reply(request, item_element(request.site, "database", database, with_owner=False),
                             defaults_of(request.site, "databases", database["id"], "tables"))


@route("PUT", _DATABASE_DEFAULTS, min_version="3.5")
def add_database_default_permissions(request):
    database = _database_for_defaults(request, changing=True)
    requested = parse_rules(request, "tables", item_tag="database", item_id=database["id"], defaults=True)
    rules = defaults_of(request.site, "databases", database["id"], "tables")
    merge(rules, requested)
    return permissions_reply(request, item_element(request.site, "database", database, with_owner=False), rules,
                             only=_named(requested))


@route("DELETE", _DATABASE_DEFAULTS + "/{grantee_type}/{grantee_id}/{capability}/{mode}", min_version="3.5")
def delete_database_default_permission(request):
    database = _database_for_defaults(request, changing=True)
    delete_rule(request, defaults_of(request.site, "databases", database["id"], "tables"), "tables")
    return no_content()


# What happens to rules when things come and go


def _viewing_rules(group_id, capabilities):
    return {("group", group_id): dict((name, "Allow") for name in capabilities)}


@on("project_created")
def project_rules_from_template(state, site, project):
    """A new project copies its parent's rules and default rules; a top-level one the Default project's."""
    template = site.projects.get(project["parentProjectId"]) if project["parentProjectId"] else next(
        (p for p in site.projects.values() if p["name"] == "Default" and p["parentProjectId"] is None
         and p["id"] != project["id"]), None)
    if template is None:
        group = all_users_group(site)
        if group is None:
            return
        site.permissions[("projects", project["id"])] = _viewing_rules(group["id"], ("Read",))
        for kind, capabilities in VIEWING.items():
            site.default_permissions[("projects", project["id"], kind)] = _viewing_rules(group["id"], capabilities)
        return
    site.permissions[("projects", project["id"])] = copy.deepcopy(rules_of(site, "projects", template["id"]))
    for (parent, parent_id, kind), rules in list(site.default_permissions.items()):
        if parent == "projects" and parent_id == template["id"]:
            site.default_permissions[("projects", project["id"], kind)] = copy.deepcopy(rules)


@on("content_created")
def content_rules_from_defaults(state, site, kind, item):
    """New content starts with its project's default rules for its kind; a new view with its workbook's rules."""
    if kind == "views":
        source = site.permissions.get(("workbooks", item["workbookId"]), {})
    elif kind == "tables":
        source = site.default_permissions.get(("databases", item.get("databaseId"), "tables"), {})
    else:
        source = site.default_permissions.get(("projects", item.get("projectId"), kind), {})
    site.permissions[(kind, item["id"])] = copy.deepcopy(source)


@on("content_deleted")
def drop_content_rules(state, site, kind, item_ids):
    for item_id in item_ids:
        site.permissions.pop((kind, item_id), None)
        for key in [k for k in site.default_permissions if k[0] == kind and k[1] == item_id]:
            del site.default_permissions[key]


@on("project_deleted")
def drop_project_rules(state, site, project_ids):
    drop_content_rules(state, site, "projects", project_ids)


def _drop_grantee(site, who):
    for store in (site.permissions, site.default_permissions):
        for rules in store.values():
            rules.pop(who, None)


@on("user_removed")
def drop_user_rules(state, site, user, heir_id):
    _drop_grantee(site, ("user", user["id"]))


@on("group_deleted")
def drop_group_rules(state, site, group):
    _drop_grantee(site, ("group", group["id"]))
