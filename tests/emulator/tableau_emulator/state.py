"""The emulated server's in-memory state, built from a seed."""

import copy
import json
import threading
import uuid

from .content import ContentStore
from .xmlio import now

DEFAULT_SEED = {
    "server": {
        "product_version": "2025.1.0",
        "build": "20251.25.0212.1234",
        "rest_api_version": "3.25",
        "platform": "linux",
        # cloud: true makes it answer like Tableau Cloud (no site listing or creation through REST)
        "cloud": False,
        # Largest file a single publish request (or one upload-session append) may carry; tests lower it.
        "max_request_bytes": 64 * 1024 * 1024,
        # How long background jobs (asJob publishes, extract refreshes) take to finish.
        "job_seconds": 0.5,
        # Jobs that finish with finishCode 1: job types ("RefreshExtract") or content names; "*" fails all.
        "fail_jobs": [],
    },
    "sites": [
        {"name": "Default", "content_url": ""},
        {"name": "Finance", "content_url": "finance"},
    ],
    # Server accounts; each is a member of the sites listed, ServerAdministrator on all of them.
    "users": [
        {"name": "admin", "password": "admin", "full_name": "Administrator", "email": "admin@example.com",
         "site_role": "ServerAdministrator", "sites": ["", "finance"]},
    ],
    "tokens": [
        {"name": "automation", "secret": "automation-secret", "user": "admin"},
    ],
    # A connected app for JWT sign-in: tokens signed HS256 with secret_value, kid=secret_id, iss=client_id.
    "connected_apps": [
        {"client_id": "emulator-client", "secret_id": "emulator-secret-id", "secret_value": "emulator-secret-value"},
    ],
}


def new_id():
    return str(uuid.uuid4())


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


class Site(object):
    """One site and everything that lives in it."""

    def __init__(self, name, content_url, **settings):
        self.id = new_id()
        self.name = name
        self.content_url = content_url
        self.settings = dict((name, default) for name, _kind, default in SITE_SETTINGS)
        self.settings.update(settings)
        self.created_at = now()
        self.projects = {}
        self.users = {}
        self.groups = {}
        self.workbooks = {}
        self.datasources = {}
        self.views = {}
        self.jobs = {}
        self.extra = {}  # room for resources that later handlers keep per site


class State(object):
    """All sites, accounts and sessions; one lock serialises every handler."""

    def __init__(self, seed=None):
        self.lock = threading.RLock()
        self.seed = copy.deepcopy(seed or DEFAULT_SEED)
        # Every session token ever handed out, kept across resets: tests search logs for them.
        self.issued_tokens = []
        self.content = ContentStore()
        self.reset()

    def close(self):
        """Remove the published files from disk."""
        self.content.close()

    def reset(self):
        seed = self.seed
        self.server = dict(DEFAULT_SEED["server"])
        self.server.update(seed.get("server", {}))
        self.sites = {}
        self.accounts = {}
        self.tokens = {}
        self.connected_apps = {}
        self.sessions = {}
        self.upload_sessions = {}
        self.content.clear()
        for site in seed.get("sites", []):
            self.add_site(Site(site["name"], site.get("content_url", ""), **site.get("settings", {})))
        for user in seed.get("users", []):
            self.accounts[user["name"].lower()] = {
                "name": user["name"], "password": user.get("password"),
                "server_admin": user.get("site_role", "ServerAdministrator") == "ServerAdministrator"}
            for content_url in user.get("sites", []):
                site = self.site_by_content_url(content_url)
                if site is not None:
                    self.add_site_user(site, user["name"], user.get("site_role", "ServerAdministrator"),
                                       full_name=user.get("full_name"), email=user.get("email"))
        for token in seed.get("tokens", []):
            self.tokens[token["name"]] = dict(token)
        for app in seed.get("connected_apps", []):
            self.connected_apps[app["client_id"]] = dict(app)

    @property
    def is_cloud(self):
        return bool(self.server.get("cloud"))

    def add_site(self, site):
        self.sites[site.id] = site
        self.add_default_content(site)
        return site

    def add_default_content(self, site):
        project = {
            "id": new_id(), "name": "Default", "parentProjectId": None,
            "description": "The default project that was automatically created by Tableau.",
            "contentPermissions": "ManagedByOwner", "ownerId": None,
            "createdAt": now(), "updatedAt": now(),
        }
        site.projects[project["id"]] = project
        group = {"id": new_id(), "name": "All Users", "domain": "local", "minimumSiteRole": None,
                 "members": set(), "import": None}
        site.groups[group["id"]] = group

    def site_by_name(self, name):
        for site in self.sites.values():
            if site.name.lower() == (name or "").lower():
                return site
        return None

    def server_admin_names(self):
        return [account["name"] for account in self.accounts.values() if account.get("server_admin")]

    def end_sessions_on_site(self, site):
        for token, session in list(self.sessions.items()):
            if session["site_id"] == site.id:
                del self.sessions[token]

    def site_by_content_url(self, content_url):
        for site in self.sites.values():
            if site.content_url.lower() == (content_url or "").lower():
                return site
        return None

    def all_users_group(self, site):
        for group in site.groups.values():
            if group["name"] == "All Users":
                return group
        return None

    def add_site_user(self, site, name, site_role, **attrs):
        """A user on ``site``; the server-wide account (sign-in name, password) is made when missing."""
        self.accounts.setdefault(name.lower(), {"name": name, "password": None, "server_admin": False})
        user = {
            "id": new_id(), "name": name, "siteRole": site_role, "fullName": attrs.get("full_name"),
            "email": attrs.get("email"), "authSetting": attrs.get("auth_setting", "ServerDefault"),
            "lastLogin": None, "createdAt": now(), "locale": None, "language": "en",
            "idpConfigurationId": attrs.get("idp_configuration_id"),
        }
        site.users[user["id"]] = user
        group = self.all_users_group(site)
        if group is not None:
            group["members"].add(user["id"])
        if site.projects:
            default = [p for p in site.projects.values() if p["ownerId"] is None]
            for project in default:
                project["ownerId"] = user["id"]
        return user

    def site_user_by_name(self, site, name):
        for user in site.users.values():
            if user["name"].lower() == (name or "").lower():
                return user
        return None

    def snapshot_counts(self):
        return {
            "sites": len(self.sites),
            "sessions": len(self.sessions),
        }


def load_seed(path):
    with open(path) as handle:
        return json.load(handle)
