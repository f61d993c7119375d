"""Groups: local and Active Directory imported; create, query, update, delete; members one by one or in bulk;
the groups of a user.

Every site has the "All Users" group: everyone on the site is a member, and it cannot be renamed,
deleted, or have members added or removed by hand. Bulk add and remove need API 3.21.
"""

from .. import registry
from ..access import require_site_admin
from ..errors import ApiError, bad_request, conflict, forbidden, not_found
from ..query import list_response
from ..registry import AFTER_3_0, AFTER_3_1, on, route, site_collection, versioned
from ..routing import created, no_content, ok
from ..state import new_id
from ..xmlio import child, element, parse_bool
from .jobs import job_accepted, new_job
from .users import ASSIGNABLE_SITE_ROLES, get_user, user_element, user_fields, users_element

ALL_USERS = "All Users"
LICENSE_MODES = ("onLogin", "onSync")
BULK_VERSION = "3.21"

site_collection("groups", summary=True)


@on("site_created")
def add_all_users_group(state, site):
    group = {"id": new_id(), "name": ALL_USERS, "domain": "local", "minimumSiteRole": None,
             "members": set(), "import": None}
    site.groups[group["id"]] = group


@on("user_added")
def join_all_users(state, site, user):
    group = all_users_group(site)
    if group is not None:
        group["members"].add(user["id"])


@on("user_removed")
def leave_groups(state, site, user, heir_id):
    for group in site.groups.values():
        group["members"].discard(user["id"])


def all_users_group(site):
    for group in site.groups.values():
        if group["name"] == ALL_USERS and group["import"] is None:
            return group
    return None


def groups_of(site, user_id):
    return sorted((g for g in site.groups.values() if user_id in g["members"]), key=lambda g: g["name"].lower())


def group_fields():
    return {
        "name": lambda g: g["name"],
        "domainName": lambda g: g["domain"],
        "domainNickname": lambda g: g["domain"],
        "isLocal": lambda g: g["import"] is None,
        "minimumSiteRole": minimum_site_role,
        "userCount": lambda g: len(g["members"]),
    }


def minimum_site_role(group):
    if group["import"] is not None:
        return group["import"]["siteRole"]
    return group["minimumSiteRole"]


# Since 2020.3 (API 3.9) the server describes a local group's license grant in the same <import> form as a
# directory group's, with domainName="local" (TSC group_item.py: "Import element is returned for both local
# and AD groups (2020.3+)"); before, a local group carried minimumSiteRole.
LOCAL_IMPORT_VERSION = "3.9"
versioned("group", {"minimumSiteRole": AFTER_3_0, "userCount": AFTER_3_0})
versioned("import", {"grantLicenseMode": AFTER_3_0})


def group_element(request, group, fields=""):
    attrs = {"id": group["id"], "name": group["name"]}
    if "userCount" in fields or "_all_" in fields:
        attrs["userCount"] = len(group["members"])
    el = element("group", attrs, element("domain", {"name": group["domain"]}))
    if group["import"] is not None:
        el.append(element("import", group["import"]))
    elif group["minimumSiteRole"] is not None:
        if request.api_version_at_least(LOCAL_IMPORT_VERSION):
            # A local group grants its minimum site role when a member signs in.
            el.append(element("import", {"domainName": "local", "siteRole": group["minimumSiteRole"],
                                         "grantLicenseMode": "onLogin"}))
        else:
            el.set("minimumSiteRole", group["minimumSiteRole"])
    return el


def get_group(site, group_id):
    group = site.groups.get(group_id)
    if group is None:
        raise not_found("404012", "Resource Not Found", "Group '%s' could not be found." % group_id)
    return group


def check_name_free(site, name, ignore_id=None):
    for group in site.groups.values():
        if group["id"] != ignore_id and group["name"].lower() == name.lower():
            raise conflict("409009", "Resource Conflict", "A group with the name '%s' already exists." % name)


def check_role(role, attribute):
    if role is not None and role not in ASSIGNABLE_SITE_ROLES:
        raise ApiError(400, "400013", "Invalid site role",
                       "Invalid %s '%s'; expected one of %s." % (attribute, role, ", ".join(ASSIGNABLE_SITE_ROLES)))


def malformed_import(detail):
    return ApiError(400, "400019", "Malformed import element", detail)


def parse_import(import_el):
    """The <import> directive of an Active Directory group."""
    if import_el.get("source") != "ActiveDirectory":
        raise malformed_import("The import source must be ActiveDirectory, not '%s'." % import_el.get("source"))
    domain = import_el.get("domainName")
    if not domain or domain.lower() == "local":
        raise malformed_import("An imported group needs the domainName of its directory.")
    role = import_el.get("siteRole")
    if not role:
        raise malformed_import("An imported group needs a siteRole (the minimum site role of its members).")
    check_role(role, "siteRole")
    mode = import_el.get("grantLicenseMode") or "onSync"
    if mode not in LICENSE_MODES:
        raise bad_request("Invalid grantLicenseMode '%s'; expected onLogin or onSync." % mode)
    if mode == "onLogin" and role == "Unlicensed":
        raise bad_request("A group that grants licenses on login needs a minimum site role other than Unlicensed.")
    return {"source": "ActiveDirectory", "domainName": domain, "siteRole": role, "grantLicenseMode": mode}


def directory_job(request, job_type, group, work):
    """Import (GroupImport) or sync (GroupSync) a directory group as a job: queued now, done when it finishes."""
    return job_accepted(request, new_job(request, job_type, "group", group["id"], group["name"], work))


def as_job(request):
    return bool(parse_bool(request.query.get("asJob"), "asJob"))


def protect_all_users(group, action):
    if group["name"] == ALL_USERS and group["import"] is None:
        raise forbidden("403000", "Forbidden", "The All Users group cannot be %s." % action)


@route("GET", "/sites/{site_id}/groups", min_version="2.0")
def query_groups(request):
    site = request.site
    groups = sorted(site.groups.values(), key=lambda g: g["name"].lower())
    page, pagination = list_response(groups, request.query, group_fields())
    fields = request.query.get("fields", "")
    return ok(element("pagination", pagination), element("groups", None, *[group_element(request, g, fields) for g in page]))


@route("POST", "/sites/{site_id}/groups", min_version="2.0")
def create_group(request):
    require_site_admin(request, "create groups")
    site = request.site
    group_el = child(request.xml(), "group")
    name = group_el.get("name")
    if not name or not name.strip():
        raise bad_request("The group name is missing or empty.")
    import_el = group_el.find("import")
    imported = parse_import(import_el) if import_el is not None else None
    if imported is None and as_job(request):
        raise bad_request("asJob applies to groups imported from Active Directory only.")
    local_role = group_el.get("minimumSiteRole")
    check_role(local_role, "minimumSiteRole")
    check_name_free(site, name)
    group = {"id": new_id(), "name": name, "domain": imported["domainName"] if imported else "local",
             "minimumSiteRole": None if imported else local_role, "members": set(), "import": imported}
    if imported is not None and as_job(request):
        def work():
            check_name_free(site, name)
            site.groups[group["id"]] = group
        return directory_job(request, "GroupImport", group, work)
    site.groups[group["id"]] = group
    el = group_element(request, group)
    if not request.api_version_at_least(AFTER_3_1):
        # A server at 3.1 answers a new group's id and name without its <domain> (recorded traffic: groups.yml 2);
        # Query Groups shows the domain at every version.
        el.remove(el.find("domain"))
    return created("/api/%s/sites/%s/groups/%s" % (request.api_version, site.id, group["id"]), el)


@route("PUT", "/sites/{site_id}/groups/{group_id}", min_version="2.0")
def update_group(request):
    require_site_admin(request, "update groups")
    site = request.site
    group = get_group(site, request.params["group_id"])
    group_el = child(request.xml(), "group")
    name = group_el.get("name", group["name"])
    if not name.strip():
        raise bad_request("The group name cannot be empty.")
    if name != group["name"]:
        protect_all_users(group, "renamed")
        if group["import"] is not None:
            raise forbidden("403020", "Imported group name update forbidden",
                            "The name of a group imported from a directory cannot be changed.")
        check_name_free(site, name, ignore_id=group["id"])
    import_el = group_el.find("import")
    if import_el is not None and group["import"] is None:
        raise bad_request("A local group cannot be turned into an imported group.")
    if import_el is None and as_job(request):
        raise bad_request("asJob applies to groups imported from Active Directory only.")
    imported = parse_import(import_el) if import_el is not None else None
    if imported is not None and imported["domainName"].lower() != group["domain"].lower():
        raise bad_request("The domain of an imported group cannot be changed.")
    local_role = group_el.get("minimumSiteRole")
    check_role(local_role, "minimumSiteRole")
    if local_role is not None and group["import"] is not None:
        raise bad_request("Set the minimum site role of an imported group through its import element.")
    if imported is not None and as_job(request):
        def work():
            group["import"] = imported
        return directory_job(request, "GroupSync", group, work)
    group["name"] = name
    if imported is not None:
        group["import"] = imported
    if local_role is not None:
        group["minimumSiteRole"] = local_role
    return ok(group_element(request, group))


@route("DELETE", "/sites/{site_id}/groups/{group_id}", min_version="2.0")
def delete_group(request):
    require_site_admin(request, "delete groups")
    group = get_group(request.site, request.params["group_id"])
    protect_all_users(group, "deleted")
    del request.site.groups[group["id"]]
    registry.fire("group_deleted", request.state, request.site, group)
    return no_content()


@route("GET", "/sites/{site_id}/groups/{group_id}/users", min_version="2.0")
def users_in_group(request):
    site = request.site
    group = get_group(site, request.params["group_id"])
    members = sorted((site.users[uid] for uid in group["members"] if uid in site.users),
                     key=lambda u: u["name"].lower())
    page, pagination = list_response(members, request.query, user_fields())
    return ok(element("pagination", pagination), users_element(page, request.query, "member"))


def _users_to_change(request, group, adding):
    """The users a one-user or bulk request names, all checked before anything changes."""
    root = request.xml()
    users_el = root.find("users")
    if users_el is not None:
        request.require_version(BULK_VERSION)
        ids = [u.get("id") for u in users_el.findall("user")]
        if not ids:
            raise bad_request("The users element lists no user.")
    else:
        ids = [child(root, "user").get("id")]
    users = []
    for user_id in ids:
        if not user_id:
            raise bad_request("Every user element needs an id.")
        user = get_user(request.site, user_id)
        if adding and user["id"] in group["members"]:
            raise conflict("409011", "Resource Conflict",
                           "The user '%s' is already a member of the group '%s'." % (user["name"], group["name"]))
        if not adding and user["id"] not in group["members"]:
            raise not_found("404002", "Resource Not Found",
                            "The user '%s' is not a member of the group '%s'." % (user["name"], group["name"]))
        users.append(user)
    return users, users_el is not None


@route("POST", "/sites/{site_id}/groups/{group_id}/users", min_version="2.0")
def add_users_to_group(request):
    require_site_admin(request, "change group members")
    group = get_group(request.site, request.params["group_id"])
    protect_all_users(group, "given members by hand")
    users, bulk = _users_to_change(request, group, adding=True)
    for user in users:
        group["members"].add(user["id"])
    if bulk:
        return ok(element("users", None, *[user_element(u, "member") for u in users]))
    return ok(user_element(users[0], "member"))


@route("PUT", "/sites/{site_id}/groups/{group_id}/users/remove", min_version="3.21")
def remove_users_from_group(request):
    require_site_admin(request, "change group members")
    group = get_group(request.site, request.params["group_id"])
    protect_all_users(group, "changed by hand")
    if request.xml().find("users") is None:
        raise bad_request("The request needs a users element.")
    users, _bulk = _users_to_change(request, group, adding=False)
    for user in users:
        group["members"].discard(user["id"])
    return no_content()


@route("DELETE", "/sites/{site_id}/groups/{group_id}/users/{user_id}", min_version="2.0")
def remove_user_from_group(request):
    require_site_admin(request, "change group members")
    site = request.site
    group = get_group(site, request.params["group_id"])
    protect_all_users(group, "changed by hand")
    user = get_user(site, request.params["user_id"])
    if user["id"] not in group["members"]:
        raise not_found("404002", "Resource Not Found",
                        "The user '%s' is not a member of the group '%s'." % (user["name"], group["name"]))
    group["members"].discard(user["id"])
    return no_content()


@route("GET", "/sites/{site_id}/users/{user_id}/groups", min_version="3.7")
def groups_for_user(request):
    site = request.site
    user = get_user(site, request.params["user_id"])
    page, pagination = list_response(groups_of(site, user["id"]), request.query, {"name": lambda g: g["name"]})
    return ok(element("pagination", pagination), element("groups", None, *[group_element(request, g) for g in page]))
