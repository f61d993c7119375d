"""Sites: create, query (all, by id, by content URL, by name), update and delete.

Tableau Cloud has no site creation or deletion through REST (403), and Query Sites there lists only
the site of the session. A site can only be read, changed or deleted from a session signed in to it.
"""

import re
from urllib.parse import unquote

from ..access import is_server_admin, require_server_admin, require_site_admin
from ..errors import ApiError, bad_request, conflict, forbidden, not_found
from ..query import list_response
from ..registry import on, route
from ..routing import created, no_content, ok
from ..state import Site
from ..xmlio import child, element
from .users import add_site_user, server_admin_names, user_by_name

# Every site setting the emulator keeps: (attribute, kind, default). Create Site, Update Site and the
# <site> element all read this one table. kind is "bool", "quota" (integer MB/users, empty = none),
# "revisions" (-1 or 2..10000), "text", or a tuple of the allowed values.
SITE_SETTINGS = (
    ("adminMode", ("ContentAndUsers", "ContentOnly"), "ContentAndUsers"),
    ("state", ("Active", "Suspended"), "Active"),
    ("userQuota", "quota", None),
    ("storageQuota", "quota", None),
    ("disableSubscriptions", "bool", False),
    ("subscribeOthersEnabled", "bool", True),
    ("allowSubscriptionAttachments", "bool", True),
    ("revisionHistoryEnabled", "bool", True),
    ("revisionLimit", "revisions", 25),
    ("guestAccessEnabled", "bool", False),
    ("cacheWarmupEnabled", "bool", True),
    ("commentingEnabled", "bool", True),
    ("commentingMentionsEnabled", "bool", True),
    ("flowsEnabled", "bool", True),
    ("editingFlowsEnabled", "bool", True),
    ("schedulingFlowsEnabled", "bool", True),
    ("catalogingEnabled", "bool", True),
    ("dataAlertsEnabled", "bool", True),
    ("requestAccessEnabled", "bool", False),
    ("runNowEnabled", "bool", True),
    ("explainDataEnabled", "bool", True),
    ("sheetImageEnabled", "bool", True),
    ("derivedPermissionsEnabled", "bool", False),
    ("extractEncryptionMode", ("enforced", "enabled", "disabled"), "enabled"),
    ("timeZone", "text", None),
)
CONTENT_URL = re.compile(r"^[A-Za-z0-9_-]*$")
# Settings only a server administrator may change; site administrators may change the rest.
SERVER_ADMIN_SETTINGS = ("adminMode", "state", "userQuota", "storageQuota")


@on("site_created")
def default_settings(state, site):
    """Settings the create request (or the seed) left out take the server's defaults."""
    for name, _kind, default in SITE_SETTINGS:
        site.settings.setdefault(name, default)


def site_element(site):
    attrs = {"id": site.id, "name": site.name, "contentUrl": site.content_url}
    for name, _kind, _default in SITE_SETTINGS:
        attrs[name] = site.settings.get(name)
    return element("site", attrs)


def invalid_setting(detail, name=None):
    if name == "adminMode":
        return ApiError(400, "400013", "Invalid administrator mode", detail)
    return ApiError(400, "400000", "Bad Request", detail)


def parse_setting(name, kind, raw):
    """One setting from the request, checked the way the server checks it."""
    if kind == "bool":
        lowered = raw.lower()
        if lowered not in ("true", "false"):
            raise invalid_setting("The value '%s' of '%s' is not a boolean." % (raw, name))
        return lowered == "true"
    if kind == "quota":
        if raw == "":
            return None
        try:
            number = int(raw)
        except ValueError:
            number = -1
        if number < 0:
            raise invalid_setting("The value '%s' of '%s' must be a whole number of 0 or more." % (raw, name))
        return number
    if kind == "revisions":
        try:
            number = int(raw)
        except ValueError:
            number = 0
        if number != -1 and not 2 <= number <= 10000:
            raise invalid_setting("The revision limit must be -1 (unlimited) or between 2 and 10000, not '%s'." % raw)
        return number
    if isinstance(kind, tuple):
        if raw not in kind:
            raise invalid_setting("The value '%s' of '%s' is not valid; expected one of %s." % (raw, name, ", ".join(kind)),
                                  name)
        return raw
    return raw


def parse_settings(site_el):
    return dict((name, parse_setting(name, kind, site_el.get(name)))
                for name, kind, _default in SITE_SETTINGS if site_el.get(name) is not None)


def check_quota_fits_admin_mode(settings):
    if settings.get("adminMode") == "ContentOnly" and settings.get("userQuota") is not None:
        raise conflict("409004", "Administrator mode or user quota conflict",
                       "The request cannot set adminMode to ContentOnly and also specify a userQuota value.")


def check_name_and_url_free(state, name, content_url, ignore=None):
    for other in state.sites.values():
        if other is ignore:
            continue
        if name is not None and other.name.lower() == name.lower():
            raise conflict("409001", "Resource Conflict", "A site with the name '%s' already exists." % name)
        if content_url is not None and other.content_url.lower() == content_url.lower():
            raise conflict("409002", "Resource Conflict", "A site already exists with the content URL '%s'." % content_url)


def check_content_url(content_url):
    if not CONTENT_URL.match(content_url):
        raise bad_request("The content URL '%s' may only contain letters, digits, '-' and '_'." % content_url)


def not_on_cloud(request, action):
    if request.state.is_cloud:
        raise forbidden("403000", "Forbidden", "%s is not available on Tableau Cloud." % action)


def site_by_key(request):
    """The site a ``/sites/{site_id}`` request names: by id, or by ``?key=contentUrl|name``."""
    key = request.query.get("key", "").lower()
    value = unquote(request.params["site_id"])
    if key == "contenturl":
        found = request.state.site_by_content_url(value)
    elif key == "name":
        found = request.state.site_by_name(value)
    elif key:
        raise bad_request("The key '%s' is not valid; use contentUrl or name." % request.query.get("key"))
    else:
        found = request.state.sites.get(value) or request.state.sites.get(value.lower())
    # A session only reaches the site it is signed in to.
    if found is None or found.id != request.site.id:
        raise not_found("404000", "Resource Not Found", "Site '%s' could not be found." % value)
    return found


@route("POST", "/sites")
def create_site(request):
    not_on_cloud(request, "Creating sites")
    require_server_admin(request, "create sites")
    state = request.state
    site_el = child(request.xml(), "site")
    name, content_url = site_el.get("name"), site_el.get("contentUrl")
    if not name or not name.strip():
        raise bad_request("The site name is missing or empty.")
    if content_url is None:
        raise bad_request("The site's contentUrl is missing.")
    check_content_url(content_url)
    settings = parse_settings(site_el)
    check_quota_fits_admin_mode(settings)
    check_name_and_url_free(state, name, content_url)
    site = state.add_site(Site(name, content_url, **settings))
    # Server administrators belong to every site.
    for admin_name in server_admin_names(state):
        add_site_user(state, site, admin_name, "ServerAdministrator")
    return created("/api/%s/sites/%s" % (request.api_version, site.id), site_element(site))


@route("GET", "/sites")
def query_sites(request):
    state = request.state
    sites = list(state.sites.values())
    if state.is_cloud:
        sites = [request.site]  # Tableau Cloud lists only the site of the session
    elif not is_server_admin(request):
        name = request.session["user_name"]
        sites = [s for s in sites if user_by_name(s, name) is not None]
    sites.sort(key=lambda s: s.name.lower())
    page, pagination = list_response(sites, request.query, {})
    return ok(element("pagination", pagination), element("sites", None, *[site_element(s) for s in page]))


@route("GET", "/sites/{site_id}")
def query_site(request):
    return ok(site_element(site_by_key(request)))


@route("PUT", "/sites/{site_id}")
def update_site(request):
    site = site_by_key(request)
    require_site_admin(request, "update a site")
    site_el = child(request.xml(), "site")
    settings = parse_settings(site_el)
    name, content_url = site_el.get("name"), site_el.get("contentUrl")
    if not is_server_admin(request):
        touched = [s for s in SERVER_ADMIN_SETTINGS if s in settings and settings[s] != site.settings.get(s)]
        if touched or (name is not None and name != site.name) or \
                (content_url is not None and content_url != site.content_url):
            raise forbidden("403000", "Forbidden", "Only server administrators can change %s."
                            % ", ".join(touched or ["the site's name or content URL"]))
    if name is not None and not name.strip():
        raise bad_request("The site name cannot be empty.")
    if content_url is not None:
        check_content_url(content_url)
        if site.content_url == "" and content_url != "":
            raise forbidden("403000", "Forbidden", "The content URL of the Default site cannot be changed.")
    check_quota_fits_admin_mode(dict(site.settings, **settings))
    check_name_and_url_free(request.state, name, content_url, ignore=site)
    site.settings.update(settings)
    if name is not None:
        site.name = name
    if content_url is not None and content_url != site.content_url:
        site.content_url = content_url
        for session in request.state.sessions.values():
            if session["site_id"] == site.id:
                session["content_url"] = content_url
    return ok(site_element(site))


@route("DELETE", "/sites/{site_id}")
def delete_site(request):
    not_on_cloud(request, "Deleting sites")
    site = site_by_key(request)
    require_server_admin(request, "delete sites")
    if site.content_url == "":
        raise forbidden("403002", "Deletion not allowed.", "The Default site cannot be deleted.")
    # Every session on the site ends with it, the caller's included.
    request.state.remove_site(site)
    return no_content()
