"""The emulated server's in-memory state, built from a seed."""

import copy
import json
import threading
import uuid

from . import registry
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
    # As on Tableau, a token may expire at most 10 minutes ahead and is taken once (its jti); an app may
    # say otherwise with "max_validity_seconds" (null: no limit) and "single_use_jti": false.
    "connected_apps": [
        {"client_id": "emulator-client", "secret_id": "emulator-secret-id", "secret_value": "emulator-secret-value"},
    ],
}


def new_id():
    return str(uuid.uuid4())


class Site(object):
    """One site: its name and settings, and one dict per collection the handlers registered."""

    def __init__(self, name, content_url, **settings):
        self.id = new_id()
        self.name = name
        self.content_url = content_url
        self.settings = dict(settings)
        self.created_at = now()
        for collection in registry.SITE_COLLECTIONS:
            setattr(self, collection.name, {})


class State(object):
    """The server settings, sites and sessions, plus what the handlers registered; one lock serialises every handler."""

    def __init__(self, seed=None):
        # Imported here, not at the top: handler modules import this one (Site, new_id).
        from . import handlers  # noqa: F401  pylint: disable=unused-import,import-outside-toplevel
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
        self.sessions = {}
        # Tokens of sessions that ended with their site: what their next request is answered (server._authenticate).
        self.site_gone_tokens = set()
        for collection in registry.SERVER_COLLECTIONS:
            setattr(self, collection.name, {})
        self.content.clear()
        for site in seed.get("sites", []):
            self.add_site(Site(site["name"], site.get("content_url", ""), **site.get("settings", {})))
        registry.fire("seed", self, seed)
        registry.fire("reset", self)

    @property
    def is_cloud(self):
        return bool(self.server.get("cloud"))

    def add_site(self, site):
        self.sites[site.id] = site
        registry.fire("site_created", self, site)
        return site

    def remove_site(self, site):
        """Delete a site; every session on it ends with it."""
        del self.sites[site.id]
        self.end_sessions_on_site(site)
        registry.fire("site_deleted", self, site)

    def site_by_name(self, name):
        for site in self.sites.values():
            if site.name.lower() == (name or "").lower():
                return site
        return None

    def site_by_content_url(self, content_url):
        for site in self.sites.values():
            if site.content_url.lower() == (content_url or "").lower():
                return site
        return None

    def end_sessions_on_site(self, site):
        for token, session in list(self.sessions.items()):
            if session["site_id"] == site.id:
                del self.sessions[token]
                self.site_gone_tokens.add(token)


def load_seed(path):
    with open(path) as handle:
        return json.load(handle)
