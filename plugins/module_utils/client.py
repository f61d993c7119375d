# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Transport: one signed-in session to Tableau's REST API.

Sign-in (password, personal access token, JWT, connected app) and sign-out, version negotiation, the retry policy,
pagination and filters, and turning Tableau's ``<error>`` answers into TableauApiError. Resources
(projects, users, ...) live in their own files and only call the public verbs here: ``send`` (and
``get``/``post``/``put``/``delete``/``request`` that wrap it), ``upload``, ``download``, ``paginate``,
``map``, ``sign_in``, ``switch_site``, ``sign_out``, ``forget_session``.

The contract (docs/reliability.md says the same for users)
-----------------------------------------------------------

Tries. Every request goes through one loop (``_perform``) and is sent at most ``retries + 1`` times
in total, whatever failed. Nothing retries underneath: urllib3 has ``max_retries=0``. What may be
sent again depends on what the last try tells, and on whether the request is *repeatable* (doing it
twice is doing it once):

==============================================================  =====================  ====================
what the last try got                                           repeatable request     non-repeatable one
==============================================================  =====================  ====================
could not connect (refused, DNS, connect timeout)               sent again             sent again
429, or 503 with Retry-After (refused unprocessed)              sent again             sent again
502, 504, or 503 without Retry-After (a proxy may have passed   sent again             raised, maybe_applied
it on)
the answer was lost after sending (reset, read timeout,         sent again             TableauConnectionError
deadline passed)                                                                       with maybe_applied
401002 on a request that carried the session token              one re-sign-in, then   the same: the server
                                                                sent again             refused it unprocessed
TLS error, a redirect off-origin, 500 and every other answer    raised                 raised
==============================================================  =====================  ====================

``repeatable`` defaults to True for GET, HEAD, PUT and DELETE and False for POST; callers override
it: a sign-in, sign-out or Switch Site is repeatable, appending a chunk to an upload session
(``PUT /fileUploads/{id}``) and a publish are not (``upload`` defaults to not repeatable). A DELETE
whose earlier try lost its answer and whose next try gets 404 is done. A 401002 leads to one
re-sign-in per request at most, and it counts as a try. Callers that need to know whether a write
may have landed test ``error.maybe_applied`` (on any TableauError), never the error's type.
``writes.create_once`` builds on this for creates: after a lost answer it looks once and creates at
most once more; it has no retry policy of its own.

Waiting. Before try *n* + 1 the client waits ``Retry-After`` (at most MAX_RETRY_AFTER seconds) when
the answer gave one, else ``backoff_factor * 2 ** (n - 1)`` (at most MAX_BACKOFF); no wait before
the repeat after a re-sign-in. All waits of one client (one task) together stay within ``max_wait``
seconds: a wait that would pass it is not made, and the request fails with a TableauConnectionError
saying how many tries were made and how long was waited. Waiting goes through ``wait(seconds)``,
which tests replace.

Deadline. ``timeout`` bounds each try as a whole: connecting, waiting for the answer's headers and
reading its body all happen before one deadline (the time left is the socket timeout of every
read), so a server that drips its answer fails within about ``timeout``. An ``upload`` sends its
body under per-write timeouts (a large file over a slow link is not cut off); its answer is read
under the deadline from when the headers came. A ``download`` gets ``timeout`` for every chunk.

Redirects. The client follows redirects itself, only to the origin of ``server_url`` (same scheme,
host and port), at most MAX_REDIRECTS of them; 307 and 308 re-send the body, 301, 302 and 303 turn
into a GET without one. A redirect anywhere else fails with a TableauConnectionError naming the
target, and nothing (credentials, session token, body) is sent there.

Session. One re-sign-in at a time: it happens under a lock and is keyed on the token that failed,
so requests side by side (``map``) that all meet 401002 cause one sign-in and then go on with the
new token; a request that starts while a re-sign-in is under way waits for it, so none goes out
without a token. A sign-in never triggers a re-sign-in. A session adopted from tableau_session with
no credentials raises TableauSessionExpiredError instead.

Concurrency. ``map`` and ``paginate`` send independent requests side by side, ``max_concurrency``
at most. Every try passes one gate (``throttle.Throttle``), which holds the tries in flight within a
limit that starts at ``max_concurrency``, halves at a 429 (or a 503 with Retry-After) and grows by
one after as many unthrottled answers in a row as the limit; the table above still decides whether
and when a refused request is sent again, and a try waiting for that holds no place in the gate.

Listings. ``paginate`` reads page 1, then the other pages with the page size the server reported,
side by side, and returns the whole listing as a list only after checking it: a page repeating an
item already seen (a proxy ignoring pageNumber) or a count that differs from ``totalAvailable``
raises TableauIncompleteListingError before the caller sees anything. An ``in`` filter too long for
one URL (MAX_URL_LENGTH) is split into several listings, merged by id. Every query string is built
in ``query_string``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import re
import socket
import threading
import time
from email.utils import mktime_tz, parsedate_tz

try:
    from concurrent.futures import ThreadPoolExecutor
except ImportError:  # pragma: no cover - Python 2 without the futures backport: pages one after another
    ThreadPoolExecutor = None

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import ConnectTimeoutError, HTTPError as Urllib3Error, NewConnectionError, ReadTimeoutError
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the module as a missing requirement
    requests = HTTPAdapter = None
    ConnectTimeoutError = NewConnectionError = ReadTimeoutError = Urllib3Error = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

try:
    from urllib.parse import quote, urljoin, urlsplit
except ImportError:  # pragma: no cover - Python 2
    from urllib import quote
    from urlparse import urljoin, urlsplit

from ansible_collections.tableau.server.plugins.module_utils import connected_app, xmlio
from ansible_collections.tableau.server.plugins.module_utils.throttle import ANSWERED, NO_ANSWER, THROTTLED, Throttle
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauApiError,
    api_error,
    TableauConnectionError,
    TableauError,
    TableauIncompleteListingError,
    TableauResponseError,
    TableauSessionExpiredError,
    TableauValidationError,
    TableauVersionError,
)

# The newest REST API version this collection knows; a newer server is spoken to in this version.
MAX_API_VERSION = "3.29"
# Version-less endpoint every server since 10.x answers; the version it reports is what we use.
SERVER_INFO_VERSION = "2.4"
# The REST API version each Tableau Server release before serverInfo shipped with, for the /auth page of
# a server that names only its product version.
LEGACY_PRODUCT_API_VERSIONS = {"9.0": "2.0", "9.1": "2.0", "9.2": "2.1", "9.3": "2.2", "10.0": "2.3"}
MAX_PAGE_SIZE = 1000
# The title of an HTML page that answered in Tableau's place (an SSO login page, say), to name it.
HTML_TITLE = re.compile(br"<title[^>]*>([^<]{1,200})</title>", re.IGNORECASE)
# Independent requests (pages after the first, writes to different items) go out up to this many at a time
# (the max_concurrency option), fewer while the server throttles (see throttle.py); the connection pool holds as many.
DEFAULT_MAX_CONCURRENCY = 8
MAX_CONCURRENCY_BOUND = 64
# Characters a filter value cannot carry (the server splits on them); such names are matched locally.
FILTER_RESERVED = set(",&:[]")
# Up to this many values go into one ``field:in:[...]`` filter; past it one full listing is cheaper
# than many URLs (resources decide with it; paginate splits a longer filter by URL length).
IN_FILTER_LIMIT = 100
# Longest URL (server_url, path and query) sent; servers and proxies refuse longer ones with 414.
MAX_URL_LENGTH = 8000
FEATURE_VERSIONS = {
    "personal access token sign-in": "3.6",
    "JWT (connected app) sign-in": "3.17",
}
# Answers that mean "not done, try later". A 500 is not among them: Tableau sends it for bugs it will repeat.
RETRY_STATUSES = (429, 502, 503, 504)
# Answers a proxy gives when it may have passed the request on: a non-repeatable request is not sent again.
GATEWAY_STATUSES = (502, 503, 504)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
# What tableau_session hands to later tasks (session_info) and they adopt (adopt_session).
SESSION_KEYS = ("server_url", "site", "site_id", "user_id", "api_version", "token")
# No Tableau answer (a page holds at most 1000 items) comes near this; more is a proxy or a broken server.
MAX_RESPONSE_BYTES = 32 * 1024 * 1024
# A Retry-After longer than this is waited for only this long.
MAX_RETRY_AFTER = 120
# The longest back-off between two tries.
MAX_BACKOFF = 60
# All the waiting (back-off and Retry-After) one client does, at most.
MAX_WAIT = 300
READ_CHUNK = 64 * 1024
NETWORK_HINT = "Check server_url, the network path and any proxy settings."
DEFAULT_PORTS = {"http": 80, "https": 443}


def version_tuple(version):
    try:
        return tuple(int(part) for part in str(version).split("."))
    except ValueError:
        raise TableauValidationError("'%s' is not a REST API version such as '3.24'." % version)


def filter_value_is_safe(value):
    return not (FILTER_RESERVED & set(str(value)))


def _param_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def filter_expression(filters):
    """``[('name', 'eq', 'Sales'), ('name', 'in', ['a', 'b'])]`` as Tableau's ``filter`` parameter value.

    Tableau's own syntax (``:``, ``,``, ``[]``) stays literal; every value is percent-encoded.
    """
    parts = []
    for field, operator, value in filters:
        if isinstance(value, (list, tuple, set)):
            value = "[%s]" % ",".join(quote(_param_text(v), safe="") for v in value)
        else:
            value = quote(_param_text(value), safe="")
        parts.append("%s:%s:%s" % (field, operator, value))
    return ",".join(parts)


def query_string(params):
    """``params`` as a URL query, every key and value percent-encoded, in the order given; None values are left out.

    ``filter`` is a list of (field, operator, value) triples (see filter_expression) or a string in
    Tableau's syntax as filter_expression makes it; ``sort`` and ``fields`` keep their ``:`` and ``,``.
    """
    pairs = []
    for key, value in params.items():
        if value is None:
            continue
        if key == "filter" and not isinstance(value, str):
            text = filter_expression(value)
        elif key == "filter":
            text = quote(value, safe=":,[]%")
        elif key in ("sort", "fields"):
            text = quote(_param_text(value), safe=":,")
        else:
            # Upload session ids carry colons, which a query may hold as they are.
            text = quote(_param_text(value), safe=":")
        pairs.append("%s=%s" % (quote(str(key), safe=""), text))
    return "&".join(pairs)


class _Request(object):
    """One request as the retry loop sees it."""

    def __init__(self, method, path, url, body=None, headers=None, expected=(200,), repeatable=None,
                 authenticated=True, renew=True, token=None, stream=False, upload=False, root="tsResponse"):
        self.method = method
        self.path = path
        self.url = url
        self.body = body
        self.headers = headers or {}
        self.expected = tuple(expected)
        self.repeatable = method != "POST" if repeatable is None else bool(repeatable)
        self.authenticated = authenticated  # carries the session token
        self.renew = renew  # a 401002 may lead to a re-sign-in
        self.token = token  # a token of its own (sign-out), else the session's
        self.stream = stream  # an expected answer is handed over unread (download)
        self.upload = upload  # the deadline starts when the answer's headers come
        self.root = root  # the document element an expected answer has
        self.where = "%s %s" % (method, path.split("?")[0])

    @property
    def resendable(self):
        """A body spent by a try can be sent again only if it is bytes or can be rewound."""
        return self.body is None or isinstance(self.body, bytes) or hasattr(self.body, "seek")


class TableauClient(object):
    """A session with one Tableau site.

    ``auth`` is a dict with either ``username``/``password``, ``token_name``/``token_secret``, ``jwt``, or a
    connected app's ``connected_app_client_id``/``_secret_id``/``_secret_value``/``_username`` (and
    ``connected_app_scopes``), from which each sign-in makes a new JWT.
    ``timeout`` is the deadline of one try in seconds, ``retries`` how often a request may be sent
    again, ``max_wait`` the seconds of waiting between tries this client may spend in all,
    ``max_concurrency`` how many requests may be in flight at once (``map``, ``paginate``; 1 means one
    at a time), fewer while the server throttles.
    """

    def __init__(self, server_url, site="", auth=None, api_version=None, validate_certs=True, ca_path=None,
                 timeout=60, retries=4, backoff_factor=0.5, impersonate_user_id=None, warn=None,
                 max_response_bytes=MAX_RESPONSE_BYTES, max_wait=MAX_WAIT, max_concurrency=DEFAULT_MAX_CONCURRENCY):
        if not server_url or "://" not in server_url:
            raise TableauValidationError(
                "server_url must be a full URL such as https://tableau.example.com; got '%s'." % (server_url or ""))
        _require_positive("timeout", timeout)
        _require_positive("max_wait", max_wait, zero=True)
        _require_positive("retries", retries, zero=True)
        if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int) \
                or not 1 <= max_concurrency <= MAX_CONCURRENCY_BOUND:
            raise TableauValidationError("max_concurrency must be a whole number from 1 to %d; got %r."
                                         % (MAX_CONCURRENCY_BOUND, max_concurrency))
        self.server_url = server_url.rstrip("/")
        self._origin = _origin(self.server_url)
        self._site = site or ""
        self.auth = auth or {}
        self.requested_api_version = api_version
        self.api_version = api_version
        self.timeout = timeout
        self.retries = int(retries)
        self.backoff_factor = backoff_factor
        self.max_wait = max_wait
        self.max_concurrency = max_concurrency
        # Every try passes it: at most max_concurrency in flight, fewer after 429s.
        self.throttle = Throttle(max_concurrency)
        self.max_response_bytes = max_response_bytes
        self.impersonate_user_id = impersonate_user_id
        self.warn = warn or (lambda message: None)
        self._token = None
        self._site_id = None
        self._user_id = None
        self.server_info = {}
        self.request_count = 0
        self.waited = 0
        # False while the token came from a tableau_session task: that task, not this one, signs it out.
        self._owns_session = True
        self._count_lock = threading.Lock()
        # Held while signing in: requests that need the token wait for it (see _token_for).
        self._auth_lock = threading.RLock()
        self._failed_renewal = (None, None)
        self._session = requests.Session()
        # Given on every request: requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE override a session's verify.
        self.verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        self._session.headers.update({"Accept": "application/xml", "User-Agent": "ansible-tableau.server"})
        # Nothing retries underneath the one loop in _perform.
        adapter = HTTPAdapter(max_retries=0, pool_maxsize=max(8, max_concurrency))
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        if not validate_certs:
            self.warn("validate_certs is false: the server's TLS certificate is not checked.")
            try:
                import urllib3
                urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            except (ImportError, AttributeError):  # pragma: no cover
                pass

    # ---------------------------------------------------------------- what the session is

    @property
    def token(self):
        return self._token

    @property
    def site(self):
        """Content URL of the site signed in to."""
        return self._site

    @property
    def site_id(self):
        return self._site_id

    @property
    def user_id(self):
        return self._user_id

    @property
    def owns_session(self):
        """False for a session adopted from tableau_session: this client does not sign it out."""
        return self._owns_session

    # ---------------------------------------------------------------- version negotiation

    def negotiate_version(self):
        """Use the explicit ``api_version``, else the server's, capped at the newest this collection knows."""
        if self.requested_api_version:
            version_tuple(self.requested_api_version)
            self.api_version = self.requested_api_version
            return self.api_version
        try:
            root = self._perform(self._request("GET", "/api/%s/serverinfo" % SERVER_INFO_VERSION, authenticated=False))
            version = _text(xmlio.find(root, "serverInfo/restApiVersion"))
            product = xmlio.find(root, "serverInfo/productVersion")
            self.server_info = {"rest_api_version": version, "product_version": _text(product),
                                "build": product.get("build") if product is not None else None}
        except TableauApiError as exc:
            if exc.status != 404:
                raise
            # 404001 ("not a valid version of the API") or no such page: a server older than REST API 2.4.
            version = self._legacy_version("HTTP 404 %s" % (exc.code or "").strip())
        if not version:
            raise TableauVersionError(
                "Could not tell the server's REST API version from its server info; set api_version explicitly.")
        if version_tuple(version) > version_tuple(MAX_API_VERSION):
            version = MAX_API_VERSION
        self.api_version = version
        return version

    def _legacy_version(self, server_info_answer):
        """The REST API version of a server older than serverInfo (REST API 2.4, Tableau 10.1), from ``/auth``.

        Such servers describe themselves at ``/auth?format=xml``: ``<authinfo>`` (no namespace) with
        ``<api_version>`` and ``<product_version>``; when only the product version is there, the REST API
        version it shipped with.
        """
        where = "/auth?format=xml"
        try:
            root = self._perform(self._request("GET", "/auth", params={"format": "xml"}, authenticated=False,
                                               root="authinfo"))
        except TableauError as exc:
            raise TableauVersionError(
                "Could not tell the server's REST API version: /api/%s/serverinfo answered %s, and %s answered: %s. "
                "It may not be a Tableau Server. Set api_version explicitly if you know it."
                % (SERVER_INFO_VERSION, server_info_answer, where, exc))
        # Real servers nest them in <version> (TSC's server_info_auth_info.xml).
        version = _text(root.find(".//api_version"))
        product = _text(root.find(".//product_version"))
        if version and not _is_rest_api_version(version):
            # Tableau 9.x names its own API's version there (0.31), not the REST API's.
            version = None
        self.server_info = {"rest_api_version": version, "product_version": product, "build": None}
        version = version or LEGACY_PRODUCT_API_VERSIONS.get(".".join((product or "").split(".")[:2]))
        if not version:
            raise TableauVersionError(
                "Could not tell the server's REST API version: /api/%s/serverinfo answered %s, and %s named no "
                "api_version and product version '%s'. Set api_version explicitly."
                % (SERVER_INFO_VERSION, server_info_answer, where, product or ""))
        return version

    def require_version(self, version, feature):
        """Fail with a message naming the version a feature needs, if the session speaks an older one."""
        if version_tuple(self.api_version) < version_tuple(version):
            raise TableauVersionError(
                "%s needs REST API version %s or later; this server speaks %s." % (feature, version, self.api_version))

    def supports(self, version):
        return version_tuple(self.api_version) >= version_tuple(version)

    # ---------------------------------------------------------------- sign-in and sign-out

    def credentials_element(self):
        auth = self.auth
        if auth.get("jwt"):
            self.require_version(FEATURE_VERSIONS["JWT (connected app) sign-in"], "JWT (connected app) sign-in")
            attrs = {"jwt": auth["jwt"]}
        elif auth.get("connected_app_client_id"):
            self.require_version(FEATURE_VERSIONS["JWT (connected app) sign-in"], "Connected app sign-in")
            # A new token for every sign-in: a token is meant for one sign-in and lives 10 minutes at most.
            attrs = {"jwt": connected_app.jwt_for(auth)}
        elif auth.get("token_name"):
            self.require_version(FEATURE_VERSIONS["personal access token sign-in"], "Personal access token sign-in")
            attrs = {"personalAccessTokenName": auth["token_name"], "personalAccessTokenSecret": auth.get("token_secret")}
        elif auth.get("username"):
            attrs = {"name": auth["username"], "password": auth.get("password")}
        else:
            raise TableauValidationError("No credentials: give username and password, token_name and token_secret, jwt, "
                                         "or a connected app's connected_app_* options.")
        creds = xmlio.element("credentials", attrs, xmlio.element("site", {"contentUrl": self._site}))
        if self.impersonate_user_id:
            creds.append(xmlio.element("user", {"id": self.impersonate_user_id}))
        return creds

    def sign_in(self):
        if self.api_version is None:
            self.negotiate_version()
        body = xmlio.ts_request(self.credentials_element())
        # A sign-in changes no content: repeating it risks at most a stray session the server expires.
        request = self._request("POST", "/api/%s/auth/signin" % self.api_version, body=body, repeatable=True,
                                authenticated=False)
        with self._auth_lock:
            self._take_credentials(self._perform(request), "sign-in")
            self._owns_session = True
        return self

    def switch_site(self, content_url):
        """Move the session to the site with this content URL (Switch Site); the old token ends."""
        body = xmlio.ts_request(xmlio.element("site", {"contentUrl": content_url}))
        # Repeating a switch is safe: if the lost try switched, the old token now gets 401002, the client
        # signs in again and the switch is made from there.
        root = self.send("POST", "/auth/switchSite", body=body, expected=(200,), repeatable=True, scope="server")
        with self._auth_lock:
            self._take_credentials(root, "Switch Site")
            self._site = content_url or ""
        return self

    def site_renamed(self, content_url):
        """Record that the signed-in site's content URL is now ``content_url`` (after the site was updated)."""
        self._site = content_url or ""

    def _take_credentials(self, root, what):
        creds = xmlio.find(root, "credentials")
        if creds is None or not creds.get("token"):
            raise TableauResponseError("The %s answer carried no credentials token." % what)
        site = xmlio.find(creds, "site")
        user = xmlio.find(creds, "user")
        self._site_id = site.get("id") if site is not None else None
        if user is not None:
            self._user_id = user.get("id")
        self._token = creds.get("token")

    def adopt_session(self, session):
        """Use a session signed in by an earlier task: no server info, no sign-in, and no sign-out at the end."""
        missing = [key for key in SESSION_KEYS if not session.get(key) and key != "site"]
        if missing:
            raise TableauValidationError(
                "The session is missing %s." % ", ".join(missing),
                hint="Pass the 'session' value that tableau_session returned, unchanged.")
        with self._auth_lock:
            self._token = session["token"]
            self._site = session.get("site") or ""
            self._site_id = session["site_id"]
            self._user_id = session["user_id"]
            self.api_version = session["api_version"]
            self._owns_session = False
        return self

    def session_info(self):
        """What another task needs to reuse this session (see adopt_session)."""
        return {"server_url": self.server_url, "site": self._site, "site_id": self._site_id,
                "user_id": self._user_id, "api_version": self.api_version, "token": self._token}

    def forget_session(self):
        """Drop the token without signing out: the session is handed to later tasks (tableau_session)."""
        with self._auth_lock:
            self._token = None

    def sign_out(self, adopted=False):
        """End the session; True if the server confirmed it. Never raises, so it is safe in ``finally`` blocks.

        A session adopted from another task is left open unless ``adopted`` is true (tableau_session
        ``state: absent``); then a failure other than "no such session" is reported through ``warn``.
        """
        with self._auth_lock:
            token = self._token
            if not token or not (self._owns_session or adopted):
                return False
            self._token = None
        request = self._request("POST", "/api/%s/auth/signout" % self.api_version, expected=(200, 204),
                                repeatable=True, renew=False, token=token)
        try:
            self._perform(request)
            return True
        except TableauError as exc:
            if adopted and getattr(exc, "status", None) != 401:
                self.warn("Signing out failed: %s" % exc.msg)
            return False

    def close(self):
        self.sign_out()
        self._session.close()

    # ---------------------------------------------------------------- verbs

    def site_path(self, path):
        return "/api/%s/sites/%s%s" % (self.api_version, self._site_id, path)

    def send(self, method, path, body=None, params=None, expected=(200,), headers=None, repeatable=None, scope="site"):
        """Send one request and return its parsed XML answer (None for an empty one).

        ``path`` is site-relative for ``scope="site"``, relative to ``/api/<version>`` for ``scope="server"``.
        ``repeatable`` says whether doing it twice is doing it once (default: all but POST); see the module
        docstring for what that changes.
        """
        send_headers = {"Content-Type": "application/xml"} if body is not None else {}
        send_headers.update(headers or {})
        return self._perform(self._request(method, self._scoped(path, scope), body=body, params=params,
                                           expected=expected, headers=send_headers, repeatable=repeatable))

    def get(self, path, params=None, expected=(200,)):
        return self.send("GET", path, params=params, expected=expected)

    def post(self, path, body=None, params=None, expected=(200, 201)):
        return self.send("POST", path, body=body, params=params, expected=expected)

    def put(self, path, body=None, params=None, expected=(200,)):
        return self.send("PUT", path, body=body, params=params, expected=expected)

    def delete(self, path, params=None, expected=(200, 204)):
        return self.send("DELETE", path, params=params, expected=expected)

    def request(self, method, path, body=None, params=None, expected=(200,), headers=None, repeatable=None):
        """Any request; ``path`` is relative to ``/api/<version>`` (``/sites/...``, ``/auth/...``)."""
        return self.send(method, path, body=body, params=params, expected=expected, headers=headers,
                         repeatable=repeatable, scope="server")

    def upload(self, path, body, content_type, params=None, expected=(200, 201), repeatable=False, method="POST"):
        """Send a streamed body (a file-like with read, seek and len, such as a multipart body); the parsed answer.

        Not repeatable by default: a publish or an upload chunk whose answer was lost raises
        TableauConnectionError with ``maybe_applied``. Nothing is committed before the publish, so the
        content layer restarts such an upload in a new upload session.
        """
        request = self._request(method, self.site_path(path), body=body, params=params, expected=expected,
                                headers={"Content-Type": content_type}, repeatable=repeatable)
        request.upload = True
        return self._perform(request)

    @contextlib.contextmanager
    def download(self, path, params=None):
        """``with client.download(path) as answer:`` ``answer.headers`` and ``answer.iter_content(size)``.

        Every chunk must come within ``timeout``; a body that breaks off or stalls raises
        TableauConnectionError. The answer is closed on leaving the block.
        """
        request = self._request("GET", self.site_path(path), params=params, stream=True)
        response = self._perform(request)
        try:
            yield Download(self, response, request.where)
        finally:
            response.close()

    def _scoped(self, path, scope):
        if scope == "site":
            return self.site_path(path)
        if scope == "server":
            return "/api/%s%s" % (self.api_version, path)
        raise TableauValidationError("scope must be 'site' or 'server'; got '%s'." % scope)

    def _url(self, path, params):
        url = self.server_url + path
        query = query_string(params) if params else ""
        return url + ("&" if "?" in url else "?") + query if query else url

    def _request(self, method, path, body=None, params=None, expected=(200,), headers=None, repeatable=None, **kwargs):
        return _Request(method, path, self._url(path, params), body=body, headers=headers, expected=expected,
                        repeatable=repeatable, **kwargs)

    # ---------------------------------------------------------------- the retry loop

    def _perform(self, request):
        """Send ``request`` under the contract in the module docstring; the parsed answer (or the open response)."""
        tries, lost, renewed = 0, False, [False]
        while True:
            tries += 1
            token = self._token_for(request)
            ticket = self.throttle.enter()
            try:
                response, content = self._exchange(request, token)
            except TableauConnectionError as exc:
                self.throttle.leave(ticket, NO_ANSWER)
                error, lost = exc, lost or exc.maybe_applied
                again = getattr(exc, "transient", False) and (request.repeatable or not exc.maybe_applied)
                wait = self._backoff(tries) if again else None
            except BaseException:
                self.throttle.leave(ticket, NO_ANSWER)
                raise
            else:
                self.throttle.leave(ticket, _throttle_outcome(response))
                if response.status_code in request.expected:
                    return response if request.stream else _parsed_answer(request, response, content)
                if lost and request.method == "DELETE" and response.status_code == 404:
                    return None  # the try whose answer was lost did the delete
                lost = lost or response.status_code in (502, 504)
                error, wait = self._judge(request, response, content, token, tries, renewed)
            if wait is None or tries > self.retries or not request.resendable:
                raise error
            self._spend(wait, tries, error, request)

    def _judge(self, request, response, content, token, tries, renewed):
        """What an unexpected answer means: (the error, seconds to wait before sending again or None)."""
        status = response.status_code
        if status < 400:
            # A success, but not the one asked for: its body says nothing useful, and may not be XML at all.
            return TableauResponseError("The server answered %s with HTTP %d where %s was expected."
                                        % (request.where, status, " or ".join(str(c) for c in request.expected)),
                                        hint="Check server_url: a proxy or another service may be answering."), None
        error = self._api_error(response, content, request)
        retry_after = _retry_after(response)
        if _is_throttled(response):
            return error, retry_after if retry_after is not None else self._backoff(tries)
        if status in GATEWAY_STATUSES:
            if request.repeatable:
                return error, self._backoff(tries)
            error.maybe_applied = True
            return error, None
        if error.code == "401002" and request.renew and token and not renewed[0]:
            if not self.auth:
                raise TableauSessionExpiredError(
                    "The reused Tableau session is no longer valid (expired, signed out, or replaced by a newer "
                    "sign-in with the same token) and this task has no credentials to sign in again. [%s]"
                    % request.where,
                    hint="Run tableau_session again before this task, or give the task credentials as well.",
                    status=error.status, code=error.code)
            if tries > self.retries:
                return error, None
            # The server refused the request before doing anything: repeating even a create is safe.
            self._renew(token)
            renewed[0] = True
            return error, 0
        return error, None

    def _token_for(self, request):
        if not request.authenticated:
            return None
        if request.token:
            return request.token
        with self._auth_lock:  # waits for a re-sign-in under way
            return self._token

    def _renew(self, token):
        """Sign in again after ``token`` expired, once for all the requests that met it."""
        with self._auth_lock:
            failed_token, failure = self._failed_renewal
            if failed_token == token:
                raise failure
            if self._token != token:
                return  # another request signed in again already
            try:
                self.sign_in()
            except TableauError as exc:
                self._failed_renewal = (token, exc)
                raise

    def _backoff(self, tries):
        return min(self.backoff_factor * (2 ** (tries - 1)), MAX_BACKOFF)

    def _spend(self, seconds, tries, error, request):
        """Wait ``seconds`` before the next try, within what is left of ``max_wait``."""
        if seconds <= 0:
            return
        with self._count_lock:
            over = self.waited + seconds > self.max_wait
            if not over:
                self.waited += seconds
        if over:
            raise TableauConnectionError(
                "Gave up on %s after %d %s and %s seconds of waiting in this task: the next try was due in %s "
                "seconds, past max_wait (%s seconds). The last try: %s"
                % (request.where, tries, "try" if tries == 1 else "tries", _seconds(self.waited), _seconds(seconds),
                   _seconds(self.max_wait), error.msg),
                hint="The server keeps refusing or failing; check its health, or run fewer jobs against it at once.",
                maybe_applied=getattr(error, "maybe_applied", False))
        self.wait(seconds)

    # ---------------------------------------------------------------- one try

    def _exchange(self, request, token):
        """One try: send, follow same-origin redirects, read the answer. (response, body or None)."""
        headers = dict(request.headers)
        if token:
            headers["X-Tableau-Auth"] = token
        method, url, body = request.method, request.url, request.body
        deadline = None if request.upload else time.monotonic() + self.timeout
        for dummy in range(MAX_REDIRECTS + 1):
            _rewind(body)
            response = self._send_once(request, method, url, body, headers, deadline)
            if response.status_code not in REDIRECT_STATUSES:
                return response, self._read_answer(request, response, deadline)
            target = self._redirect_target(request, response, url)
            response.close()
            if response.status_code in (301, 302, 303):
                method = "HEAD" if method == "HEAD" else "GET"
                body = None
                headers.pop("Content-Type", None)
            url = target
        raise _connection_error("%s was redirected more than %d times." % (request.where, MAX_REDIRECTS),
                                "Check server_url: it should be the address the server answers at.", transient=False)

    def _send_once(self, request, method, url, body, headers, deadline):
        where = request.where
        with self._count_lock:
            self.request_count += 1
        left = self.timeout if deadline is None else _time_left(deadline, self.server_url, self.timeout, where)
        try:
            return self._session.request(method, url, data=body, headers=headers, timeout=(left, left), stream=True,
                                         verify=self.verify, allow_redirects=False)
        except requests.exceptions.SSLError as exc:
            raise _connection_error(
                "TLS error talking to %s: %s" % (self.server_url, _reason(exc)),
                "Set ca_path to the CA bundle that signed the server's certificate, or validate_certs: false "
                "for a test server.", transient=False)
        except requests.exceptions.ConnectTimeout as exc:
            raise _connection_error("Could not connect to %s within %s seconds (%s): %s"
                                    % (self.server_url, self.timeout, where, _reason(exc)), NETWORK_HINT)
        except requests.exceptions.Timeout as exc:
            raise _timed_out(self.server_url, self.timeout, where, exc)
        except requests.exceptions.ConnectionError as exc:
            sent = not _never_sent(exc)
            raise _connection_error("%s %s (%s): %s" % ("The connection broke before an answer from" if sent
                                                        else "Could not talk to", self.server_url, where,
                                                        _reason(exc)),
                                    NETWORK_HINT, sent=sent)
        except requests.exceptions.RequestException as exc:
            raise _connection_error("Could not talk to %s (%s): %s" % (self.server_url, where, _reason(exc)),
                                    NETWORK_HINT, transient=False)

    def _redirect_target(self, request, response, url):
        """Where a redirect points, if it stays on server_url's origin; else a TableauConnectionError."""
        location = response.headers.get("Location")
        target = urljoin(url, location) if location else None
        if target is not None and _origin(target) == self._origin:
            return target
        response.close()
        shown = _shown(target) if target else "nowhere (no Location header)"
        raise _connection_error(
            "The server answered %s with HTTP %d, a redirect to %s, which is not %s; it was not followed, so "
            "no credentials or session token were sent there." % (request.where, response.status_code, shown,
                                                                  _shown(self.server_url)),
            "Set server_url to the address the server answers at (for example https:// rather than http://).",
            transient=False)

    def _read_answer(self, request, response, deadline):
        if request.stream and response.status_code in request.expected:
            return None  # a download: read by the caller, chunk by chunk
        if deadline is None:
            deadline = time.monotonic() + self.timeout
        return self._read_capped(response, request.where, deadline)

    def _read_capped(self, response, where, deadline):
        """The body, read up to max_response_bytes before ``deadline``; a longer one is refused, not loaded."""
        limit = self.max_response_bytes
        declared = response.headers.get("Content-Length", "")
        reader = _BodyReader(self, response, where)
        try:
            if declared.isdigit() and int(declared) > limit:
                raise _too_big(where, declared + " bytes", limit)
            chunks, size = [], 0
            while True:
                chunk = reader.read(READ_CHUNK, deadline)
                if not chunk:
                    return b"".join(chunks)
                size += len(chunk)
                if size > limit:
                    raise _too_big(where, "more than %d bytes" % limit, limit)
                chunks.append(chunk)
        finally:
            reader.done()
            response.close()

    def _api_error(self, response, content, request):
        code = summary = detail = None
        if content and content.lstrip().startswith(b"<"):
            try:
                error = xmlio.find(xmlio.parse(content), "error")
            except TableauResponseError:
                error = None
            if error is not None:
                code = error.get("code")
                summary = _text(xmlio.find(error, "summary"))
                detail = _text(xmlio.find(error, "detail"))
        if summary is None:
            summary = response.reason or "HTTP error"
            detail = detail or (content[:200].decode("utf-8", "replace") if content else "")
        return api_error(response.status_code, code, summary, detail, request.method, request.path.split("?")[0])

    # ---------------------------------------------------------------- pagination

    def paginate(self, path, tag, filters=None, sort=None, fields=None, page_size=MAX_PAGE_SIZE, params=None,
                 workers=None, scope="site"):
        """Every ``tag`` element of a paginated list, as a list in page order, checked whole before it is returned.

        ``path`` is site-relative, or relative to ``/api/<version>`` with ``scope="server"`` (``/sites``,
        ``/schedules``). The first page tells how many items there are and the page size; the remaining
        pages are then fetched ``workers`` (default ``max_concurrency``) at a time (see ``map``). An ``in`` filter too long for one URL
        becomes several listings, merged by id.
        """
        query = dict(params or {})
        if sort:
            query["sort"] = sort
        if fields:
            query["fields"] = fields
        size = min(page_size, MAX_PAGE_SIZE)
        listings = [self._listing(path, tag, dict(query, filter=group), size, workers, scope)
                    for group in self._filter_groups(path, scope, query, filters, size)]
        if len(listings) == 1:
            return listings[0]
        merged, seen = [], set()
        for listing in listings:
            for item in listing:
                key = item.get("id")
                if key is None or key not in seen:
                    seen.add(key)
                    merged.append(item)
        return merged

    def _filter_groups(self, path, scope, query, filters, size):
        """The filter of each listing: ``filters`` itself, or copies with parts of a long ``in`` list."""
        if not filters:
            return [None]
        filters = list(filters)
        index = next((i for i, (f, op, v) in enumerate(filters) if op == "in" and isinstance(v, (list, tuple, set))),
                     None)
        url_path = self._scoped(path, scope)

        def length(values):
            group = filters[:index] + [(filters[index][0], "in", values)] + filters[index + 1:]
            url = self._url(url_path, dict(query, filter=group, pageSize=size, pageNumber=99999))
            return len(url) + 2 * (url.count("[") + url.count("]"))  # urllib3 sends brackets as %5B, %5D
        if index is None or length(filters[index][2]) <= MAX_URL_LENGTH:
            return [filters]
        field = filters[index][0]
        return [filters[:index] + [(field, "in", part)] + filters[index + 1:]
                for part in _split_by_length(list(filters[index][2]), length([]))]

    def _listing(self, path, tag, query, size, workers, scope):
        where = "the listing of %s" % path
        root = self.send("GET", path, params=dict(query, pageSize=size, pageNumber=1), scope=scope)
        pages = [self._page_items(root, tag)]
        pagination = xmlio.find(root, "pagination")
        if pagination is None:
            return _checked_listing(pages, None, where)
        total = _to_int(pagination.get("totalAvailable"))
        reported = _to_int(pagination.get("pageSize")) or len(pages[0]) or size
        if pages[0] and total is not None and total > len(pages[0]):
            last_page = (total + reported - 1) // reported

            def fetch(page_number):
                answer = self.send("GET", path, params=dict(query, pageSize=reported, pageNumber=page_number),
                                   scope=scope)
                return self._page_items(answer, tag)
            pages.extend(self.map(fetch, range(2, last_page + 1), workers))
        return _checked_listing(pages, total, where)

    def map(self, function, items, workers=None):
        """``function`` over ``items``, up to ``workers`` (default ``max_concurrency``) at once; results in input order.

        For requests that do not depend on each other. The first error is raised once the requests
        already under way have finished. However many maps run (one inside another, say), the
        throttle keeps this client's requests in flight within ``max_concurrency``.
        """
        items = list(items)
        workers = self.max_concurrency if workers is None else workers
        if workers <= 1 or len(items) <= 1 or ThreadPoolExecutor is None:
            return [function(item) for item in items]
        pool = ThreadPoolExecutor(max_workers=min(workers, len(items)))
        try:
            return list(pool.map(function, items))
        finally:
            pool.shutdown(wait=True)

    @staticmethod
    def _page_items(root, tag):
        # A tag with a "/" is the items' whole path: flow runs come as <flowRuns><flowRuns .../></flowRuns>.
        if tag and "/" in tag:
            return xmlio.findall(root, tag)
        return xmlio.findall(root, "%ss/%s" % (tag, tag)) if tag else []

    def wait(self, seconds):
        time.sleep(seconds)


class Download(object):
    """An answer being downloaded: ``headers``, and ``iter_content(chunk_size)`` with ``timeout`` for each chunk."""

    def __init__(self, client, response, where):
        self.headers = response.headers
        self._client = client
        self._reader = _BodyReader(client, response, where)

    def iter_content(self, chunk_size=READ_CHUNK):
        try:
            while True:
                chunk = self._reader.read(chunk_size, time.monotonic() + self._client.timeout)
                if not chunk:
                    return
                yield chunk
        finally:
            self._reader.done()


class _BodyReader(object):
    """Reads an answer's body before a deadline: each read waits at most the time left, and returns what came."""

    def __init__(self, client, response, where):
        self.client = client
        self.raw = response.raw
        self.where = where
        self.sock = _socket_of(self.raw)

    def read(self, size, deadline):
        """Up to ``size`` bytes, fewer only at the end of the body (b"" there)."""
        parts, got = [], 0
        while got < size:
            data = self._read_some(size - got, deadline)
            if not data:
                break
            parts.append(data)
            got += len(data)
        return b"".join(parts)

    def _read_some(self, size, deadline):
        left = _time_left(deadline, self.client.server_url, self.client.timeout, self.where)
        if self.sock is not None:
            try:
                self.sock.settimeout(left)
            except OSError:
                # Closed under us: the server sent the whole body with "Connection: close" and http.client
                # let go of the socket at its end. What is left to read is buffered (or nothing).
                self.sock = None
        try:
            read1 = getattr(self.raw, "read1", None)
            if read1 is not None:
                return read1(size, decode_content=True)
            return self.raw.read(min(size, 8192), decode_content=True)  # pragma: no cover - urllib3 < 2.3
        except (socket.timeout, ReadTimeoutError) as exc:
            raise _timed_out(self.client.server_url, self.client.timeout, self.where, exc)
        except (Urllib3Error, OSError, requests.exceptions.RequestException) as exc:
            raise _connection_error("The connection broke while reading the answer to %s from %s: %s"
                                    % (self.where, self.client.server_url, _reason(exc)),
                                    "Check the server's health and any proxy in between.", sent=True)

    def done(self):
        """Give the socket back its usual timeout before the pool reuses it."""
        if self.sock is not None:
            try:
                self.sock.settimeout(self.client.timeout)
            except OSError:
                pass


def _parsed_answer(request, response, content):
    """The XML of a successful answer; an HTML page or a broken body is a TableauResponseError naming the request."""
    if not content.strip():
        return None
    if _is_html(response, content):
        title = HTML_TITLE.search(content)
        shown = " titled '%s'" % title.group(1).decode("utf-8", "replace").strip()[:80] if title else ""
        raise TableauResponseError(
            "The server answered %s with an HTML page%s (HTTP %d) where a Tableau <tsResponse> was expected: a "
            "login page of a single sign-on proxy, or another web server, is answering in Tableau's place."
            % (request.where, shown, response.status_code),
            hint="Check server_url: it must reach Tableau's REST API itself, or a proxy that passes the API "
                 "through without a login page.")
    try:
        return xmlio.parse(content, request.root)
    except TableauResponseError as exc:
        raise TableauResponseError(
            "%s [%s]" % (exc.msg, request.where),
            hint=exc.hint or "The answer may have been cut short or altered on the way (a proxy rewriting it, a "
                             "wrong Content-Length); run the task again, and check any proxy between here and "
                             "the server if it persists.")


def _is_html(response, content):
    kind = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    start = content.lstrip()[:15].lower()
    return kind in ("text/html", "application/xhtml+xml") or start.startswith((b"<!doctype html", b"<html"))


def _timed_out(server_url, timeout, where, exc=None):
    detail = ": %s" % _reason(exc) if exc is not None else ""
    message = "No answer from %s within %s seconds (%s)%s" % (server_url, timeout, where, detail)
    return _connection_error(message, "Raise timeout, or check the server's health.", sent=True)


def _time_left(deadline, server_url, timeout, where):
    """Seconds until ``deadline``; past it, the timeout error of the request."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _timed_out(server_url, timeout, where)
    return left


def _checked_listing(pages, total, where):
    """The items of ``pages``, or TableauIncompleteListingError when they repeat or miss items."""
    items, seen = [], set()
    for number, page in enumerate(pages, 1):
        for item in page:
            key = item.get("id")
            if key is not None and key in seen:
                raise TableauIncompleteListingError(
                    "Page %d of %s repeats an item of an earlier page (id %s), so the listing cannot be trusted."
                    % (number, where, key),
                    hint="Items may have been added or removed while it was read: run the task again. If it keeps "
                         "happening, a proxy between here and the server may be ignoring pageNumber.")
            seen.add(key)
            items.append(item)
    if total is not None and len(items) != total:
        raise TableauIncompleteListingError(
            "The server reported %d items in %s but its pages held %d, so the listing cannot be trusted."
            % (total, where, len(items)),
            hint="Items may have been added or removed while it was read: run the task again. If it keeps "
                 "happening, a proxy between here and the server may be rewriting listing requests.")
    return items


def _split_by_length(values, base_length):
    """``values`` in consecutive groups whose ``in`` filter keeps the URL (``base_length`` with none) within bounds."""
    groups, current, length = [], [], base_length
    for value in values:
        extra = len(quote(_param_text(value), safe="")) + (1 if current else 0)
        if current and length + extra > MAX_URL_LENGTH:
            groups.append(current)
            current, length, extra = [], base_length, extra - 1
        current.append(value)
        length += extra
    if current:
        groups.append(current)
    return groups


def _require_positive(option, value, zero=False):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or (value == 0 and not zero):
        raise TableauValidationError("%s must be a number of %s%s; got %r."
                                     % (option, "tries" if option == "retries" else "seconds",
                                        ", 0 or more" if zero else " greater than 0", value))


def _connection_error(msg, hint, sent=False, transient=True):
    """A TableauConnectionError; ``transient``: another try may go better; ``sent``: the server may have done it."""
    error = TableauConnectionError(msg, hint=hint, maybe_applied=sent)
    error.transient = transient
    return error


def _rewind(body):
    if body is not None and not isinstance(body, bytes) and hasattr(body, "seek"):
        body.seek(0)


def _origin(url):
    parts = urlsplit(url)
    scheme = (parts.scheme or "").lower()
    return scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(scheme)


def _shown(url):
    """scheme://host:port/path of ``url``, without credentials or query."""
    scheme, host, port = _origin(url)
    return "%s://%s:%s%s" % (scheme, host, port, urlsplit(url).path or "/")


def _is_throttled(response):
    """429, or 503 with Retry-After: the server refused the request unprocessed and asks for fewer."""
    return response.status_code == 429 or (response.status_code == 503 and _retry_after(response) is not None)


def _throttle_outcome(response):
    """What an answer tells the throttle: refused for the rate, answered, or (a server error) nothing."""
    if _is_throttled(response):
        return THROTTLED
    return ANSWERED if response.status_code < 500 else NO_ANSWER


def _retry_after(response):
    """Retry-After in seconds (at most MAX_RETRY_AFTER), or None."""
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():
        seconds = int(value)
    else:
        try:
            seconds = mktime_tz(parsedate_tz(value)) - time.time()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return max(0, min(seconds, MAX_RETRY_AFTER))


def _socket_of(raw):
    """The socket under a urllib3 response, to give each read the time left; None where it cannot be found."""
    fp = getattr(getattr(raw, "_fp", None), "fp", None)
    sock = getattr(getattr(fp, "raw", None), "_sock", None)
    if sock is None:
        sock = getattr(getattr(raw, "_connection", None), "sock", None)
    return sock if hasattr(sock, "settimeout") else None


def _to_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _seconds(value):
    return ("%.1f" % value).rstrip("0").rstrip(".")


def _text(el):
    return el.text if el is not None else None


def _is_rest_api_version(text):
    """Whether an /auth page's api_version is a REST API version (2.0 or later)."""
    try:
        return tuple(int(part) for part in text.strip().split(".")) >= (2, 0)
    except ValueError:
        return False


def _too_big(where, size, limit):
    return TableauResponseError(
        "The answer to %s is too large (%s; at most %d MiB is read), so it was refused."
        % (where, size, limit // (1024 * 1024)),
        hint="No Tableau answer is that large; a proxy or a misbehaving server may be answering instead.")


def _never_sent(exc):
    """True when a requests ConnectionError happened before the request reached the server."""
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, (NewConnectionError, ConnectTimeoutError))


def _reason(exc):
    """The innermost reason of a requests error, without the URL noise."""
    reason = exc
    while getattr(reason, "__context__", None) is not None and not str(reason):
        reason = reason.__context__
    args = getattr(exc, "args", ())
    if args and hasattr(args[0], "reason"):
        return str(args[0].reason)
    return str(reason)
