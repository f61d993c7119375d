"""Users on a site: add, query (filter, sort, paging), get one, update, remove.

A site user stands on a server-wide account (``state.accounts``): its password is what sign-in
checks, so setting a password through Update User lets that user sign in.
"""

from .. import registry
from ..access import is_server_admin, require_site_admin
from ..errors import ApiError, bad_request, conflict, forbidden, not_found
from ..query import list_response
from ..registry import AFTER_3_0, AFTER_3_1, on, route, server_collection, site_collection, versioned
from ..routing import created, no_content, ok
from ..state import new_id
from ..xmlio import child, element, now

# Roles Add User and Update User accept. ServerAdministrator is granted outside the REST API,
# Guest and SupportUser are not assignable to a named user.
ASSIGNABLE_SITE_ROLES = ("Creator", "Explorer", "ExplorerCanPublish", "SiteAdministratorCreator",
                         "SiteAdministratorExplorer", "Unlicensed", "Viewer")
AUTH_SETTINGS = ("ServerDefault", "SAML", "OpenID")

site_collection("users", summary=True)
# Server-wide accounts by lower-cased name: {"name", "password", "server_admin"}.
server_collection("accounts")


@on("seed")
def seed_users(state, seed):
    """Server accounts from the seed; each joins the sites it lists (ServerAdministrator unless told otherwise)."""
    for user in seed.get("users", []):
        role = user.get("site_role", "ServerAdministrator")
        state.accounts[user["name"].lower()] = {"name": user["name"], "password": user.get("password"),
                                                "server_admin": role == "ServerAdministrator"}
        for content_url in user.get("sites", []):
            site = state.site_by_content_url(content_url)
            if site is not None:
                add_site_user(state, site, user["name"], role, full_name=user.get("full_name"),
                              email=user.get("email"))


def add_site_user(state, site, name, site_role, **attrs):
    """A user on ``site``; the server-wide account (sign-in name, password) is made when missing."""
    state.accounts.setdefault(name.lower(), {"name": name, "password": None, "server_admin": False})
    user = {
        "id": new_id(), "name": name, "siteRole": site_role, "fullName": attrs.get("full_name"),
        "email": attrs.get("email"), "authSetting": attrs.get("auth_setting", "ServerDefault"),
        "lastLogin": None, "createdAt": now(), "locale": "", "language": "en", "externalAuthUserId": "",
        "idpConfigurationId": attrs.get("idp_configuration_id"),
    }
    site.users[user["id"]] = user
    registry.fire("user_added", state, site, user)
    return user


def user_by_name(site, name):
    for user in site.users.values():
        if user["name"].lower() == (name or "").lower():
            return user
    return None


def server_admin_names(state):
    return [account["name"] for account in state.accounts.values() if account.get("server_admin")]


def user_fields():
    return {
        "name": lambda u: u["name"],
        "siteRole": lambda u: u["siteRole"],
        "lastLogin": lambda u: u["lastLogin"],
        "friendlyName": lambda u: u["fullName"],
        "email": lambda u: u["email"],
        "domainName": lambda u: "local",
        "isLocal": lambda u: True,
        "luid": lambda u: u["id"],
    }


# What each answer carries, as TSC's recorded answers show it: every user element has externalAuthUserId
# (empty for local users; user_add.xml, user_get.xml, user_get_by_id.xml, group_populate_users.xml); the
# <domain> comes with Query User (user_get_by_id.xml) and fields=_all_ (user_get_all_fields.xml), locale and
# language only with fields=_all_; group members (group_populate_users.xml, group_add_user.xml) come without
# authSetting; a user added without a full name or email has neither attribute.
# A real server at 3.1 (recorded traffic, tests/emulator/test/test_recorded_traffic.py) lists users with neither
# authSetting, fullName nor email (users.yml 3, groups.yml 4: "listed_at_3_1"), and Query User and Update User
# give a user without a full name the user name as one (users.yml 4 and 5: "one_at_3_1", display_name).
USER_SHAPES = {
    "list": {"domain": False, "locale": False, "auth": True, "details": True},
    "listed_at_3_1": {"domain": False, "locale": False, "auth": False, "details": False},
    "one": {"domain": True, "locale": False, "auth": True, "details": True},
    "one_at_3_1": {"domain": True, "locale": False, "auth": True, "details": True, "display_name": True},
    "all": {"domain": True, "locale": True, "auth": True, "details": True},
    "added": {"domain": False, "locale": False, "auth": True, "details": True},
    "member": {"domain": False, "locale": False, "auth": False, "details": True},
}
versioned("user", {"locale": AFTER_3_0, "language": AFTER_3_0, "idpConfigurationId": "3.25"})


def user_element(user, shape="list"):
    """A <user> as the answer of ``shape`` (USER_SHAPES) carries it."""
    form = USER_SHAPES[shape]
    attrs = {
        "id": user["id"], "name": user["name"], "siteRole": user["siteRole"], "fullName": user.get("fullName"),
        "email": user.get("email"), "authSetting": user.get("authSetting"), "lastLogin": user.get("lastLogin"),
        "externalAuthUserId": user.get("externalAuthUserId", ""),
        "idpConfigurationId": user.get("idpConfigurationId"),
    }
    if not form["auth"]:
        del attrs["authSetting"]
    if not form["details"]:
        del attrs["fullName"], attrs["email"]
    if form.get("display_name"):
        attrs["fullName"] = display_name(user)
    if form["locale"]:
        attrs.update({"locale": user.get("locale") or "", "language": user.get("language")})
    return element("user", attrs, element("domain", {"name": "local"}) if form["domain"] else None)


def display_name(user):
    """The full name a 3.1 server shows (USER_SHAPES): the user name when none was given."""
    return user.get("fullName") or user["name"]


def owner_element(site, owner_id, fields=""):
    """The <owner> of a project, workbook or data source: its id; with fields=_all_ the user's details
    (email, fullName, lastLogin, name, siteRole, as TSC's workbook_get_all_fields.xml and
    project_get_all_fields.xml show); owner.name / owner.email pick single ones."""
    owner = site.users.get(owner_id)
    attrs = {"id": owner_id}
    if owner is not None:
        if "_all_" in fields:
            attrs.update({"email": owner.get("email"), "fullName": owner.get("fullName"),
                          "lastLogin": owner.get("lastLogin"), "name": owner["name"], "siteRole": owner["siteRole"]})
        if "owner.name" in fields:
            attrs["name"] = owner["name"]
        if "owner.email" in fields:
            attrs["email"] = owner.get("email")
    return element("owner", attrs)


def users_element(users, query, shape="list"):
    shape = "all" if "_all_" in (query.get("fields") or "") else shape
    return element("users", None, *[user_element(u, shape) for u in users])


def get_user(site, user_id):
    user = site.users.get(user_id)
    if user is None:
        raise not_found("404002", "Resource Not Found", "User '%s' could not be found." % user_id)
    return user


def check_site_role(role):
    if role == "Guest":
        raise conflict("409005", "Guest user conflict",
                       "The REST API doesn't allow adding or updating a user with the Guest role.")
    if role not in ASSIGNABLE_SITE_ROLES:
        raise ApiError(400, "400013", "Invalid site role",
                       "Invalid site role '%s'; expected one of %s." % (role, ", ".join(ASSIGNABLE_SITE_ROLES)))


def check_auth_setting(value):
    if value is not None and value not in AUTH_SETTINGS:
        raise bad_request("Invalid authSetting '%s'; expected one of %s." % (value, ", ".join(AUTH_SETTINGS)))


def owned_items(site, user_id):
    """Every content item ``user_id`` owns on ``site``, as (collection, item)."""
    return [(collection, item) for collection in registry.owned_collections(site) for item in collection.values()
            if item.get("ownerId") == user_id]


@route("GET", "/sites/{site_id}/users", min_version="2.0")
def query_users(request):
    page, pagination = list_response(list(request.site.users.values()), request.query, user_fields())
    shape = "list" if request.api_version_at_least(AFTER_3_1) else "listed_at_3_1"
    return ok(element("pagination", pagination), users_element(page, request.query, shape))


@route("GET", "/sites/{site_id}/users/{user_id}", min_version="2.0")
def query_user(request):
    shape = "one" if request.api_version_at_least(AFTER_3_1) else "one_at_3_1"
    return ok(user_element(get_user(request.site, request.params["user_id"]), shape))


@route("POST", "/sites/{site_id}/users", min_version="2.0")
def add_user(request):
    require_site_admin(request, "add users")
    state, site = request.state, request.site
    user_el = child(request.xml(), "user")
    name, role = user_el.get("name"), user_el.get("siteRole")
    if not name or not name.strip():
        raise bad_request("The user name is missing or empty.")
    if not role:
        raise bad_request("The siteRole attribute is missing.")
    check_site_role(role)
    auth_setting = user_el.get("authSetting")
    check_auth_setting(auth_setting)
    idp_id = user_el.get("idpConfigurationId") if request.api_version_at_least("3.25") else None
    if auth_setting and idp_id:
        raise bad_request("Send either authSetting or idpConfigurationId, not both.")
    if user_by_name(site, name) is not None:
        raise conflict("409000", "User conflict", "The user '%s' already exists on this site." % name)
    # A user already on another site brings the account's name, full name and email along.
    existing = [u for s in state.sites.values() for u in s.users.values() if u["name"].lower() == name.lower()]
    known = existing[0] if existing else {}
    user = add_site_user(state, site, known.get("name", name), role, full_name=known.get("fullName"),
                         email=known.get("email"), auth_setting=auth_setting or "ServerDefault",
                         idp_configuration_id=idp_id)
    return created("/api/%s/sites/%s/users/%s" % (request.api_version, site.id, user["id"]), user_element(user, "added"))


@route("PUT", "/sites/{site_id}/users/{user_id}", min_version="2.0")
def update_user(request):
    require_site_admin(request, "update users")
    state, site = request.state, request.site
    user = get_user(site, request.params["user_id"])
    user_el = child(request.xml(), "user")
    role = user_el.get("siteRole")
    if role is not None and role != user["siteRole"]:
        check_site_role(role)
        if user["id"] == request.session["user_id"]:
            raise forbidden("403009", "Licensing update on self forbidden", "A user cannot update their own licensing role.")
        if user["siteRole"] == "ServerAdministrator" and not is_server_admin(request):
            raise forbidden("403000", "Forbidden", "Only server administrators can change a server administrator.")
    check_auth_setting(user_el.get("authSetting"))
    if user_el.get("name") is not None and user_el.get("name") != user["name"]:
        raise bad_request("A user's name cannot be changed.")
    if role is not None:
        user["siteRole"] = role
    if user_el.get("authSetting") is not None:
        user["authSetting"] = user_el.get("authSetting")
    if user_el.get("idpConfigurationId") is not None and request.api_version_at_least("3.25"):
        user["idpConfigurationId"] = user_el.get("idpConfigurationId") or None
    # Full name and email belong to the account: every site sees the change.
    shared = {}
    if user_el.get("fullName") is not None:
        shared["fullName"] = user_el.get("fullName")
    if user_el.get("email") is not None:
        shared["email"] = user_el.get("email")
    for other_site in state.sites.values():
        same = user_by_name(other_site, user["name"])
        if same is not None:
            same.update(shared)
    if user_el.get("password") is not None:
        if user_el.get("password") == "":
            raise bad_request("The password cannot be empty.")
        state.accounts[user["name"].lower()]["password"] = user_el.get("password")
    # A server at 3.1 answers name, full name (the user name when none was given) and site role (recorded
    # traffic: users.yml 5); authSetting came later.
    later = request.api_version_at_least(AFTER_3_1)
    reply = element("user", {"name": user["name"], "fullName": user.get("fullName") if later else display_name(user),
                             "email": user.get("email"), "siteRole": user["siteRole"],
                             "authSetting": user.get("authSetting") if later else None,
                             "idpConfigurationId": user.get("idpConfigurationId")})
    return ok(reply)


@route("DELETE", "/sites/{site_id}/users/{user_id}", min_version="2.0")
def remove_user(request):
    require_site_admin(request, "remove users")
    state, site = request.state, request.site
    user = get_user(site, request.params["user_id"])
    if user["id"] == request.session["user_id"]:
        raise forbidden("403000", "Forbidden", "Users cannot remove themselves from a site.")
    heir_id = request.query.get("mapAssetsTo")
    if heir_id is not None:
        heir = get_user(site, heir_id)
        if heir["id"] == user["id"]:
            raise bad_request("mapAssetsTo must name another user.")
    owned = owned_items(site, user["id"])
    if owned and heir_id is None:
        # The real server keeps such a user, unlicensed, so the content keeps an owner.
        user["siteRole"] = "Unlicensed"
        raise ApiError(409, "409003", "User asset conflict",
                       "The user '%s' owns content and was not removed; the site role was set to Unlicensed. "
                       "Transfer the content with mapAssetsTo." % user["name"])
    for _collection, item in owned:
        item["ownerId"] = heir_id
    registry.fire("user_removed", state, site, user, heir_id)
    del site.users[user["id"]]
    for token, session in list(state.sessions.items()):
        if session["site_id"] == site.id and session["user_id"] == user["id"]:
            del state.sessions[token]
    still_member = any(user_by_name(s, user["name"]) for s in state.sites.values())
    account = state.accounts.get(user["name"].lower())
    if not still_member and account is not None and not account.get("server_admin"):
        del state.accounts[user["name"].lower()]
    return no_content()


# ---------------------------------------------------------------------------- Import Users to Site from CSV

# Import Users to Site from CSV came with REST API 3.15 (the version TSC's users.bulk_add asks for).
IMPORT_VERSION = "3.15"
# The job type of a CSV user import: the 3.29 XSD's jobType enumeration names it CreateSiteUsersCsv.
IMPORT_JOB_TYPE = "CreateSiteUsersCsv"
# The CSV guidelines' license levels and administrator levels; ExplorerCanPublish and the SiteAdministrator
# roles are not license levels of their own but what Explorer/Creator with publishing or Site admin make.
LICENSE_LEVELS = ("Creator", "Explorer", "Viewer", "Unlicensed")
ADMIN_LEVELS = {"": None, "none": None, "site": "Site", "system": "System"}
PUBLISH_VALUES = {"": False, "0": False, "no": False, "false": False, "1": True, "yes": True, "true": True}


def csv_site_role(license_level, admin_level, publish):
    """The site role a CSV line's license level, administrator level and publishing capability make."""
    if admin_level == "System":
        return "ServerAdministrator"
    if admin_level == "Site":
        return "SiteAdministratorCreator" if license_level == "Creator" else "SiteAdministratorExplorer"
    if license_level == "Explorer" and publish:
        return "ExplorerCanPublish"
    return license_level


def parse_import_line(number, row):
    """One line of the CSV as the user it adds, or the reason the import skips it."""
    row = list(row) + [""] * (7 - len(row))
    name, password, display_name, license_level, admin_text, publish_text, email = [v.strip() for v in row[:7]]
    if not name:
        return None, "Line %d: the user name is empty." % number
    # TSC writes the site role itself in the license column (ExplorerCanPublish); a server takes it as Explorer.
    level = {"explorercanpublish": "Explorer"}.get(license_level.lower(), license_level or "Unlicensed")
    level = dict((v.lower(), v) for v in LICENSE_LEVELS).get(level.lower())
    if level is None:
        return None, "Line %d, user '%s': invalid license level '%s'; expected one of %s." % (
            number, name, license_level, ", ".join(LICENSE_LEVELS))
    if admin_text.lower() not in ADMIN_LEVELS:
        return None, "Line %d, user '%s': invalid administrator level '%s'; expected Site, System or None." % (
            number, name, admin_text)
    if publish_text.lower() not in PUBLISH_VALUES:
        return None, "Line %d, user '%s': invalid publishing capability '%s'; expected yes or no." % (
            number, name, publish_text)
    publish = PUBLISH_VALUES[publish_text.lower()] or license_level.lower() == "explorercanpublish"
    role = csv_site_role(level, ADMIN_LEVELS[admin_text.lower()], publish)
    return {"line": number, "name": name.replace("\\0x40", "@"), "password": password or None,
            "full_name": display_name or None, "site_role": role, "email": email or None}, None


def license_left(site):
    """Whether the site's userQuota (None or negative: no limit) leaves room for one more licensed user."""
    quota = site.settings.get("userQuota")
    if quota is None or str(quota).strip() in ("", "-1") or int(quota) < 0:
        return True
    return sum(1 for u in site.users.values() if u["siteRole"] != "Unlicensed") < int(quota)


def import_payload_users(parts):
    """``name_key -> <user>`` of the request_payload (authSetting or idpConfigurationId per user)."""
    payload = [p for p in parts if p.name == "request_payload"]
    if not payload or not payload[0].data.strip():
        return {}
    from ..xmlio import parse_request
    root = parse_request(payload[0].data)
    return dict((el.get("name", "").lower(), el) for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "user")


def status_notes_element(job):
    """The <statusNotes> of a finished import: the counts, then one CountOfUsersSkipped note per skipped line
    naming the line, the user and why."""
    result = job.get("import_result")
    if result is None:
        return None
    notes = element("statusNotes")
    for kind, count in (("CountOfUsersProcessed", result["processed"]), ("CountOfUsersAddedToSite", result["added"]),
                        ("CountOfUsersSkipped", len(result["errors"])),
                        ("CountOfUsersWithInsufficientLicenses", result["unlicensed"])):
        notes.append(element("statusNote", {"type": kind, "text": str(count)}))
    for message in result["errors"]:
        notes.append(element("statusNote", {"type": "CountOfUsersSkipped", "text": message}))
    return notes


@route("POST", "/sites/{site_id}/users/import", min_version=IMPORT_VERSION)
def import_users(request):
    """Import Users to Site from CSV: a multipart/mixed body with a ``tableau_user_import`` CSV part (no header
    row; user name, password, display name, license level, administrator level, publishing capability, email)
    and a ``request_payload`` part (one ``<user name authSetting|idpConfigurationId>`` per user).

    The answer is a queued job; the users are added when it runs. A line the server cannot take (a user
    already on the site or twice in the file, a bad license level, no license left under the site's
    userQuota) is skipped and named in the job's statusNotes; the other lines are added, and the job then
    ends with finishCode 1.
    """
    import csv
    import io

    from .jobs import FAILED, job_accepted, new_job
    from .publishing import parse_multipart

    require_site_admin(request, "import users")
    parts = parse_multipart(request)
    files = [p for p in parts if p.name == "tableau_user_import"]
    if not files:
        raise bad_request("The multipart request has no tableau_user_import part (the CSV file of users).")
    try:
        text = files[0].data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise bad_request("The CSV file of users is not UTF-8.")
    payload = import_payload_users(parts)
    lines = [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text)), 1) if any(v.strip() for v in row)]
    if not lines:
        raise bad_request("The CSV file of users has no users in it.")
    state, site = request.state, request.site

    def work():
        result = {"processed": len(lines), "added": 0, "errors": [], "unlicensed": 0}
        job["import_result"] = result
        seen = set()
        for number, row in lines:
            user, error = parse_import_line(number, row)
            if user is not None and (user["name"].lower() in seen or user_by_name(site, user["name"]) is not None):
                error = "Line %d, user '%s': the user already exists on the site." % (number, user["name"])
            if error:
                result["errors"].append(error)
                continue
            seen.add(user["name"].lower())
            el = payload.get(user["name"].lower())
            auth_setting = el.get("authSetting") if el is not None else None
            idp_id = el.get("idpConfigurationId") if el is not None and request.api_version_at_least("3.25") else None
            if auth_setting is not None and auth_setting not in AUTH_SETTINGS:
                result["errors"].append("Line %d, user '%s': invalid authSetting '%s'." % (number, user["name"], auth_setting))
                continue
            if user["site_role"] != "Unlicensed" and not license_left(site):
                result["errors"].append("Line %d, user '%s': no license is left on the site (userQuota %s)." % (
                    number, user["name"], site.settings.get("userQuota")))
                result["unlicensed"] += 1
                continue
            added = add_site_user(state, site, user["name"], user["site_role"], full_name=user["full_name"],
                                  email=user["email"], auth_setting=auth_setting or "ServerDefault",
                                  idp_configuration_id=idp_id)
            if user["password"]:
                state.accounts[added["name"].lower()]["password"] = user["password"]
            result["added"] += 1
        return FAILED if result["errors"] else None

    job = new_job(request, IMPORT_JOB_TYPE, "user", None, None, work, detail=status_notes_element)
    return job_accepted(request, job)
