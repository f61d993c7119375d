"""Projects: create, query (filter, sort, paging), update, delete; nested through parentProjectId."""

from .. import registry
from ..errors import bad_request, conflict, forbidden, not_found
from ..query import list_response
from ..registry import AFTER_3_0, AFTER_3_1, on, route, site_collection, versioned
from ..routing import created, no_content, ok
from ..state import new_id
from ..xmlio import child, element, now
from .permissions import readable
from .users import owner_element

PERMISSIONS = ("ManagedByOwner", "LockedToProject", "LockedToProjectWithoutNested")

site_collection("projects", owned=True, summary=True)
# AFTER_3_1: not sent by a real server at /api/3.1/ (recorded traffic, tests/emulator/test/test_recorded_traffic.py).
versioned("project", {"writeable": AFTER_3_1, "topLevelProject": AFTER_3_1, "contentsCounts": AFTER_3_0})


@on("site_created")
def add_default_project(state, site):
    stamp = now()
    project = {
        "id": new_id(), "name": "Default", "parentProjectId": None,
        "description": "The default project that was automatically created by Tableau.",
        "contentPermissions": "ManagedByOwner", "ownerId": None, "createdAt": stamp, "updatedAt": stamp,
    }
    site.projects[project["id"]] = project
    registry.fire("project_created", state, site, project)


@on("user_added")
def own_default_project(state, site, user):
    """The first user on a site (a server administrator) becomes the Default project's owner."""
    for project in site.projects.values():
        if project["ownerId"] is None:
            project["ownerId"] = user["id"]


def _owner_getter(site, attribute):
    def get(project):
        owner = site.users.get(project["ownerId"])
        return owner.get(attribute) if owner else None
    return get


def filter_fields(site):
    return {
        "name": lambda p: p["name"],
        "ownerName": _owner_getter(site, "name"),
        "ownerEmail": _owner_getter(site, "email"),
        "ownerDomain": lambda p: "local",
        "createdAt": lambda p: p["createdAt"],
        "updatedAt": lambda p: p["updatedAt"],
        "parentProjectId": lambda p: p["parentProjectId"],
        "topLevelProject": lambda p: p["parentProjectId"] is None,
    }


def project_element(site, project, fields=""):
    attrs = {
        "id": project["id"], "name": project["name"], "description": project["description"] or "",
        "contentPermissions": project["contentPermissions"], "parentProjectId": project["parentProjectId"],
        "createdAt": project["createdAt"], "updatedAt": project["updatedAt"],
        "topLevelProject": project["parentProjectId"] is None, "writeable": True,
    }
    el = element("project", attrs)
    if project["ownerId"] in site.users:
        el.append(owner_element(site, project["ownerId"], fields))
    if "_all_" in fields:
        # What the project holds directly (TSC's project_get_all_fields.xml).
        in_project = [w for w in site.workbooks.values() if w["projectId"] == project["id"]]
        el.append(element("contentsCounts", {
            "projectCount": len([p for p in site.projects.values() if p["parentProjectId"] == project["id"]]),
            "workbookCount": len(in_project),
            "viewCount": sum(len(w["views"]) for w in in_project),
            "datasourceCount": len([d for d in site.datasources.values() if d["projectId"] == project["id"]]),
        }))
    return el


def get_project(site, project_id):
    project = site.projects.get(project_id)
    if project is None:
        raise not_found("404005", "Resource Not Found",
                        "The project ID in the URI doesn't correspond to an existing project.")
    return project


def is_default_project(project):
    return project["name"] == "Default" and project["parentProjectId"] is None


def descendants(site, project_id):
    found = []
    for project in site.projects.values():
        if project["parentProjectId"] == project_id:
            found.append(project["id"])
            found.extend(descendants(site, project["id"]))
    return found


def _check_name_free(site, name, parent_id, ignore_id=None):
    for project in site.projects.values():
        if project["id"] != ignore_id and project["parentProjectId"] == parent_id \
                and project["name"].lower() == name.lower():
            raise conflict("409006", "Resource Conflict", "A project already exists with the name '%s'." % name)


def _check_parent(site, parent_id):
    if parent_id is not None and parent_id not in site.projects:
        raise not_found("404005", "Resource Not Found", "Parent project '%s' could not be found." % parent_id)


def _owner_id(request, project_el):
    owner_el = project_el.find("owner")
    if owner_el is None or not owner_el.get("id"):
        return None
    if owner_el.get("id") not in request.site.users:
        raise not_found("404002", "Resource Not Found", "User '%s' could not be found." % owner_el.get("id"))
    return owner_el.get("id")


def _check_permissions(value):
    if value is not None and value not in PERMISSIONS:
        raise bad_request("Invalid contentPermissions value '%s'; expected one of %s." % (value, ", ".join(PERMISSIONS)))


@route("GET", "/sites/{site_id}/projects", min_version="2.0")
def query_projects(request):
    site = request.site
    # A user who is not an administrator sees the projects they may read (or own, or lead).
    page, pagination = list_response(readable(request, "projects", site.projects.values()), request.query,
                                     filter_fields(site))
    fields = request.query.get("fields", "")
    return ok(element("pagination", pagination),
              element("projects", None, *[project_element(site, p, fields) for p in page]))


@route("POST", "/sites/{site_id}/projects", min_version="2.0")
def create_project(request):
    site = request.site
    project_el = child(request.xml(), "project")
    name = project_el.get("name")
    if not name or not name.strip():
        raise bad_request("The project name is missing or empty.")
    parent_id = project_el.get("parentProjectId") or None
    _check_parent(site, parent_id)
    _check_permissions(project_el.get("contentPermissions"))
    _check_name_free(site, name, parent_id)
    owner_id = _owner_id(request, project_el) or request.session["user_id"]
    stamp = now()
    project = {
        "id": new_id(), "name": name, "description": project_el.get("description") or "",
        "contentPermissions": project_el.get("contentPermissions") or "ManagedByOwner",
        "parentProjectId": parent_id, "ownerId": owner_id, "createdAt": stamp, "updatedAt": stamp,
    }
    site.projects[project["id"]] = project
    registry.fire("project_created", request.state, site, project)
    return created("/api/%s/sites/%s/projects/%s" % (request.api_version, site.id, project["id"]),
                   project_element(site, project))


@route("PUT", "/sites/{site_id}/projects/{project_id}", min_version="2.0")
def update_project(request):
    site = request.site
    project = get_project(site, request.params["project_id"])
    project_el = child(request.xml(), "project")
    name = project_el.get("name", project["name"])
    parent_id = project["parentProjectId"]
    if "parentProjectId" in project_el.attrib:
        parent_id = project_el.get("parentProjectId") or None
        _check_parent(site, parent_id)
        if parent_id == project["id"] or parent_id in descendants(site, project["id"]):
            raise bad_request("A project cannot be moved into itself or one of its nested projects.")
    if is_default_project(project) and (name != project["name"] or parent_id is not None):
        raise forbidden("403005", "Update forbidden", "The default project cannot be renamed or moved.")
    if not name.strip():
        raise bad_request("The project name cannot be empty.")
    _check_permissions(project_el.get("contentPermissions"))
    if name != project["name"] or parent_id != project["parentProjectId"]:
        _check_name_free(site, name, parent_id, ignore_id=project["id"])
    owner_id = _owner_id(request, project_el)
    project.update({
        "name": name, "parentProjectId": parent_id,
        "description": project_el.get("description", project["description"]),
        "contentPermissions": project_el.get("contentPermissions") or project["contentPermissions"],
        "updatedAt": now(),
    })
    if owner_id:
        project["ownerId"] = owner_id
    return ok(project_element(site, project))


@route("DELETE", "/sites/{site_id}/projects/{project_id}", min_version="2.0")
def delete_project(request):
    site = request.site
    project = get_project(site, request.params["project_id"])
    if is_default_project(project):
        raise forbidden("403003", "Deletion forbidden", "The default project cannot be deleted.")
    doomed = set([project["id"]] + descendants(site, project["id"]))
    for project_id in doomed:
        site.projects.pop(project_id, None)
    # The content of a deleted project goes with it.
    registry.fire("project_deleted", request.state, site, doomed)
    return no_content()
