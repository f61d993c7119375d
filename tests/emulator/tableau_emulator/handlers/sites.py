"""Sites: create, query (all, by id, by content URL, by name), update and delete.

Tableau Cloud has no site creation or deletion through REST (403), and Query Sites there lists only
the site of the session. A site can only be read, changed or deleted from a session signed in to it.
"""

import re
from urllib.parse import unquote

from ..access import is_server_admin, require_server_admin, require_site_admin
from ..errors import ApiError, bad_request, conflict, forbidden, not_found
from ..query import list_response
from ..registry import AFTER_3_1, on, route, versioned
from ..routing import created, no_content, ok
from ..state import Site
from ..xmlio import child, element
from .users import add_site_user, server_admin_names, user_by_name

# Every site setting the 3.29 schema's siteType lists: (attribute, kind, default, versions). Create Site,
# Update Site and the <site> element all read this one table. kind is "bool", "int", "quota" (integer
# MB/users, empty = none), "revisions" (-1 or 2..10000), "text", or a tuple of the allowed values.
# versions is since or (since, until) for registry.versioned: cacheWarmupEnabled went in 3.19 (the REST API
# reference's Create Site body: "[REMOVED IN API 3.19]"); flowsEnabled gave way to editingFlowsEnabled and
# schedulingFlowsEnabled in 3.10 (TSC SiteItem.use_new_flow_settings, request_factory's "In version 3.10 and
# earlier there is only one option: FlowsEnabled"); extractEncryptionMode came with extract encryption in 3.5
# (TSC's encrypt_extracts is @api 3.5).
# A real server at /api/3.1/ sends only the settings without versions here (recorded traffic: sites.yml,
# interactions 2 and 5); the rest come from a later version (AFTER_3_1).
# Spelling: answers say isDataAlertsEnabled, as real servers do (TSC's site_get.xml, site_get_by_id.xml and
# site_create.xml; the Tableau Migration SDK's SitesResponse reads "isDataAlertsEnabled"), although the XSD
# names it dataAlertsEnabled; requests may use either (REQUEST_SPELLINGS).
SITE_SETTINGS = (
    ("adminInsightsPublishFrequency", "int", None, AFTER_3_1),
    ("adminMode", ("ContentAndUsers", "ContentOnly"), "ContentAndUsers", None),
    ("allowSubscriptionAttachments", "bool", True, AFTER_3_1),
    ("askDataMode", ("DisabledAlways", "DisabledByDefault", "EnabledByDefault"), "DisabledByDefault", AFTER_3_1),
    ("attributeCaptureEnabled", "bool", False, AFTER_3_1),
    ("authoringEnabled", "bool", True, AFTER_3_1),
    ("autoExtractRefreshMonitoringEnabled", "bool", False, AFTER_3_1),
    ("autoFlowRunMonitoringEnabled", "bool", False, AFTER_3_1),
    ("autoSuspendRefreshEnabled", "bool", False, AFTER_3_1),
    ("autoSuspendRefreshInactivityWindow", "int", None, AFTER_3_1),
    ("blockNonExtractEnabled", "bool", False, AFTER_3_1),
    ("cacheWarmupEnabled", "bool", True, (None, "3.19")),
    ("catalogObfuscationEnabled", "bool", False, AFTER_3_1),
    ("catalogingEnabled", "bool", True, AFTER_3_1),
    ("cmekEnabled", "bool", False, AFTER_3_1),
    ("commentingEnabled", "bool", True, None),
    ("commentingMentionsEnabled", "bool", True, AFTER_3_1),
    ("contentMigrationToolEnabled", "bool", False, AFTER_3_1),
    ("customSubscriptionEmail", "text", None, AFTER_3_1),
    ("customSubscriptionEmailEnabled", "bool", False, AFTER_3_1),
    ("customSubscriptionFooter", "text", None, AFTER_3_1),
    ("customSubscriptionFooterEnabled", "bool", False, AFTER_3_1),
    ("dashboardInsightsEnabled", "bool", False, AFTER_3_1),
    ("dashboardInsightsGroupId", "text", None, AFTER_3_1),
    ("dashboardNarrativeEnabled", "bool", False, AFTER_3_1),
    ("dataAccelerationMode", "text", None, AFTER_3_1),
    ("isDataAlertsEnabled", "bool", True, AFTER_3_1),
    ("dataOrientationEnabled", "bool", False, AFTER_3_1),
    ("derivedPermissionsEnabled", "bool", False, AFTER_3_1),
    ("disableSubscriptions", "bool", False, None),
    ("dqwSubscriptionsEnabled", "bool", False, AFTER_3_1),
    ("easEnabled", "bool", False, AFTER_3_1),
    ("editingFlowsEnabled", "bool", True, "3.10"),
    ("einsteinInFlowEnabled", "bool", False, AFTER_3_1),
    ("explainDataEnabled", "bool", True, AFTER_3_1),
    ("exploreInTableauEnabled", "bool", False, AFTER_3_1),
    ("extractEncryptionMode", ("enforced", "enabled", "disabled"), "enabled", "3.5"),
    ("flowAutoSaveEnabled", "bool", True, AFTER_3_1),
    ("flowFederationStrategySelectedConnectionEnabled", "bool", False, AFTER_3_1),
    ("flowOutputSubscriptionsDataAsEmailAttachmentEnabled", "bool", False, AFTER_3_1),
    ("flowOutputSubscriptionsDataInEmailBodyEnabled", "bool", False, AFTER_3_1),
    ("flowOutputSubscriptionsEnabled", "bool", False, AFTER_3_1),
    ("flowParametersAnyTypeEnabled", "bool", False, AFTER_3_1),
    ("flowParametersEnabled", "bool", False, AFTER_3_1),
    ("flowParametersSystemTypeEnabled", "bool", False, AFTER_3_1),
    ("flowsEnabled", "bool", True, (AFTER_3_1, "3.10")),
    ("generativeAiDataCatalog", "bool", False, AFTER_3_1),
    ("generativeAiDataCatalogGroupId", "text", None, AFTER_3_1),
    ("generativeAiEnabled", "bool", False, AFTER_3_1),
    ("generativeAiGroupId", "text", None, AFTER_3_1),
    ("generativeAiPrep", "bool", False, AFTER_3_1),
    ("generativeAiPrepGroupId", "text", None, AFTER_3_1),
    ("generativeAiPulse", "bool", False, AFTER_3_1),
    ("generativeAiPulseDiscoverEnabled", "bool", False, AFTER_3_1),
    ("generativeAiPulseDiscoverGroupId", "text", None, AFTER_3_1),
    ("generativeAiPulseExternalEmbeddingsEnabled", "bool", False, AFTER_3_1),
    ("generativeAiPulseExternalEmbeddingsGroupId", "text", None, AFTER_3_1),
    ("generativeAiWebAuthoring", "bool", False, AFTER_3_1),
    ("generativeAiWebAuthoringGroupId", "text", None, AFTER_3_1),
    ("generativeAiWebAuthoringOnPremEnabled", "bool", False, AFTER_3_1),
    ("groupAssertionsConnectedAppsEnabled", "bool", False, AFTER_3_1),
    ("groupAssertionsEnabled", "bool", False, AFTER_3_1),
    ("groupAssertionsOIDCEnabled", "bool", False, AFTER_3_1),
    ("groupAssertionsSAMLEnabled", "bool", False, AFTER_3_1),
    ("groupSetsEnabled", "bool", True, AFTER_3_1),
    ("guestAccessEnabled", "bool", False, None),
    ("idpConfigurationIdForScim", "text", None, AFTER_3_1),
    ("linkedTaskRunNowEnabled", "bool", False, AFTER_3_1),
    ("linkedTaskSchedulingEnabled", "bool", False, AFTER_3_1),
    ("loginBasedLicenseManagementEnabled", "bool", False, AFTER_3_1),
    ("maxServiceTokenLimitPerUser", "int", None, AFTER_3_1),
    ("metricsContentTypeEnabled", "bool", True, AFTER_3_1),
    ("mfaEnforcementExemption", "bool", False, AFTER_3_1),
    ("mobileBiometricsEnabled", "bool", True, AFTER_3_1),
    ("namedSharingEnabled", "bool", True, AFTER_3_1),
    ("notifySiteAdminsOnThrottle", "bool", False, AFTER_3_1),
    ("personalSpaceEnabled", "bool", True, AFTER_3_1),
    ("personalSpaceStorageQuota", "text", None, AFTER_3_1),
    ("publishToSalesforceEnabled", "bool", False, AFTER_3_1),
    ("pulseEnabled", "bool", False, AFTER_3_1),
    ("pulseGroupId", "text", None, AFTER_3_1),
    ("pulsePersonalizedRankingEnabled", "bool", False, AFTER_3_1),
    ("recycleBinEnabled", "bool", True, AFTER_3_1),
    ("refreshTokenAbsoluteExpiry", "int", None, AFTER_3_1),
    ("requestAccessEnabled", "bool", False, AFTER_3_1),
    ("revisionHistoryEnabled", "bool", True, None),
    ("revisionLimit", "revisions", 25, None),
    ("runNowEnabled", "bool", True, AFTER_3_1),
    ("schedulingFlowsEnabled", "bool", True, "3.10"),
    ("selfServiceScheduleForRefreshEnabled", "bool", True, AFTER_3_1),
    ("sheetImageEnabled", "bool", True, AFTER_3_1),
    ("siteInviteEmailEnabled", "bool", False, AFTER_3_1),
    ("sitePromptedLoginFlowEnabled", "bool", False, AFTER_3_1),
    ("state", ("Active", "Suspended"), "Active", None),
    ("storageQuota", "quota", None, None),
    ("subscribeOthersEnabled", "bool", True, None),
    ("tagLimit", "int", None, AFTER_3_1),
    ("tierCreatorCapacity", "quota", None, None),
    ("tierExplorerCapacity", "quota", None, None),
    ("tierViewerCapacity", "quota", None, None),
    ("timeZone", "text", None, AFTER_3_1),
    ("useDefaultTimeZone", "bool", True, AFTER_3_1),
    ("userQuota", "quota", None, None),
    ("userVisibilityMode", "text", None, AFTER_3_1),
    ("webExtractionEnabled", "bool", True, AFTER_3_1),
    ("webZoneContentEnabled", "bool", False, AFTER_3_1),
    ("workflowExtensionEnabled", "bool", False, AFTER_3_1),
)
REQUEST_SPELLINGS = {"dataAlertsEnabled": "isDataAlertsEnabled"}
versioned("site", dict((name, bounds) for name, _kind, _default, bounds in SITE_SETTINGS if bounds))
CONTENT_URL = re.compile(r"^[A-Za-z0-9_-]*$")
# Settings only a server administrator may change; site administrators may change the rest.
SERVER_ADMIN_SETTINGS = ("adminMode", "state", "userQuota", "storageQuota")


@on("site_created")
def default_settings(state, site):
    """Settings the create request (or the seed) left out take the server's defaults."""
    for name, _kind, default, _bounds in SITE_SETTINGS:
        site.settings.setdefault(REQUEST_SPELLINGS.get(name, name), default)


def site_element(site):
    attrs = {"id": site.id, "name": site.name, "contentUrl": site.content_url}
    for name, _kind, _default, _bounds in SITE_SETTINGS:
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
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise invalid_setting("The value '%s' of '%s' is not an integer." % (raw, name))
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
    for request_name, name in REQUEST_SPELLINGS.items():
        if site_el.get(request_name) is not None and site_el.get(name) is None:
            site_el.set(name, site_el.get(request_name))
    return dict((name, parse_setting(name, kind, site_el.get(name)))
                for name, kind, _default, _bounds in SITE_SETTINGS if site_el.get(name) is not None)


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


@route("POST", "/sites", min_version="2.0")
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


@route("GET", "/sites", min_version="2.0")
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


@route("GET", "/sites/{site_id}", min_version="2.0")
def query_site(request):
    return ok(site_element(site_by_key(request)))


@route("PUT", "/sites/{site_id}", min_version="2.0")
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


@route("DELETE", "/sites/{site_id}", min_version="2.0")
def delete_site(request):
    not_on_cloud(request, "Deleting sites")
    site = site_by_key(request)
    require_server_admin(request, "delete sites")
    if site.content_url == "":
        raise forbidden("403002", "Deletion not allowed.", "The Default site cannot be deleted.")
    # Every session on the site ends with it, the caller's included.
    request.state.remove_site(site)
    return no_content()
