# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Transport: one signed-in session to Tableau's REST API.

Sign-in (password, personal access token, JWT) and sign-out, version negotiation, retries with
back-off, pagination and filters, and turning Tableau's ``<error>`` answers into TableauApiError.
Resources (projects, users, ...) live in their own files and only call the verb helpers here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

try:
    from concurrent.futures import ThreadPoolExecutor
except ImportError:  # pragma: no cover - Python 2 without the futures backport: pages one after another
    ThreadPoolExecutor = None

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
    from urllib3.util.retry import Retry
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the module as a missing requirement
    requests = HTTPAdapter = None
    ConnectTimeoutError = NewConnectionError = None
    Retry = object
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover - Python 2
    from urllib import quote

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauApiError,
    TableauConnectionError,
    TableauError,
    TableauResponseError,
    TableauSessionExpiredError,
    TableauValidationError,
    TableauVersionError,
)

# The newest REST API version this collection knows; a newer server is spoken to in this version.
MAX_API_VERSION = "3.29"
# Version-less endpoint every server since 10.x answers; the version it reports is what we use.
SERVER_INFO_VERSION = "2.4"
MAX_PAGE_SIZE = 1000
# Independent requests (pages after the first, writes to different items) go out this many at a time;
# the connection pool holds as many.
CONCURRENT_REQUESTS = 4
# Characters a filter value cannot carry (the server splits on them); such names are matched locally.
FILTER_RESERVED = set(",&:[]")
# Up to this many values go into one ``field:in:[...]`` filter; past it one full listing is cheaper
# than a URL the server or a proxy may refuse.
IN_FILTER_LIMIT = 100
FEATURE_VERSIONS = {
    "personal access token sign-in": "3.6",
    "JWT (connected app) sign-in": "3.17",
}
# Methods that may be sent again when their first try's outcome is unknown: doing them twice is doing them once.
SAFE_METHODS = frozenset(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"])
# Answers that mean "not done, try later". A 500 is not among them: Tableau sends it for bugs it will repeat.
RETRY_STATUSES = (429, 502, 503, 504)
# What tableau_session hands to later tasks (session_info) and they adopt (adopt_session).
SESSION_KEYS = ("server_url", "site", "site_id", "user_id", "api_version", "token")
# No Tableau answer (a page holds at most 1000 items) comes near this; more is a proxy or a broken server.
MAX_RESPONSE_BYTES = 32 * 1024 * 1024
# A Retry-After longer than this is waited for only this long.
MAX_RETRY_AFTER = 120
NETWORK_HINT = "Check server_url, the network path and any proxy settings."


def version_tuple(version):
    try:
        return tuple(int(part) for part in str(version).split("."))
    except ValueError:
        raise TableauValidationError("'%s' is not a REST API version such as '3.24'." % version)


def filter_value_is_safe(value):
    return not (FILTER_RESERVED & set(str(value)))


def filter_expression(filters):
    """``[('name', 'eq', 'Sales'), ('name', 'in', ['a', 'b'])]`` as Tableau's ``filter`` parameter value."""
    parts = []
    for field, operator, value in filters:
        if isinstance(value, (list, tuple, set)):
            value = "[%s]" % ",".join(quote(str(v), safe="") for v in value)
        else:
            if isinstance(value, bool):
                value = "true" if value else "false"
            value = quote(str(value), safe="")
        parts.append("%s:%s:%s" % (field, operator, value))
    return ",".join(parts)


class TableauRetry(Retry):
    """urllib3's Retry, plus: a 429 may be retried for POST too, since the server refused it unprocessed."""

    def is_retry(self, method, status_code, has_retry_after=False):
        if status_code == 429 and method == "POST":
            return bool(self.total) if self.total is not None else True
        return super(TableauRetry, self).is_retry(method, status_code, has_retry_after)

    def parse_retry_after(self, retry_after):
        return min(super(TableauRetry, self).parse_retry_after(retry_after), MAX_RETRY_AFTER)


class TableauClient(object):
    """A session with one Tableau site.

    ``auth`` is a dict with either ``username``/``password``, ``token_name``/``token_secret`` or ``jwt``.
    """

    def __init__(self, server_url, site="", auth=None, api_version=None, validate_certs=True, ca_path=None,
                 timeout=60, retries=4, backoff_factor=0.5, impersonate_user_id=None, warn=None,
                 max_response_bytes=MAX_RESPONSE_BYTES):
        if not server_url or "://" not in server_url:
            raise TableauValidationError(
                "server_url must be a full URL such as https://tableau.example.com; got '%s'." % (server_url or ""))
        self.server_url = server_url.rstrip("/")
        self.site = site or ""
        self.auth = auth or {}
        self.requested_api_version = api_version
        self.api_version = api_version
        self.timeout = timeout
        self.retries = retries
        self.backoff_factor = backoff_factor
        self.max_response_bytes = max_response_bytes
        self.impersonate_user_id = impersonate_user_id
        self.warn = warn or (lambda message: None)
        self.token = None
        self.site_id = None
        self.user_id = None
        self.server_info = {}
        self.request_count = 0
        # False while the token came from a tableau_session task: that task, not this one, signs it out.
        self.owns_session = True
        self._count_lock = threading.Lock()
        self._sign_in_lock = threading.Lock()
        self._session = requests.Session()
        # Given on every request: requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE override a session's verify.
        self.verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        self._session.headers.update({"Accept": "application/xml", "User-Agent": "ansible-tableau.server"})
        # Broken connections after a request went out (read=False) are handled in _raw, which knows
        # whether the request may be repeated; urllib3 retries only what surely did not reach the server.
        retry = TableauRetry(
            total=retries, connect=retries, read=False, status=retries, other=0,
            backoff_factor=backoff_factor, status_forcelist=RETRY_STATUSES, allowed_methods=SAFE_METHODS,
            respect_retry_after_header=True, raise_on_status=False, raise_on_redirect=False,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=max(8, CONCURRENT_REQUESTS))
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        if not validate_certs:
            self.warn("validate_certs is false: the server's TLS certificate is not checked.")
            try:
                import urllib3
                urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            except (ImportError, AttributeError):  # pragma: no cover
                pass

    # ---------------------------------------------------------------- version negotiation

    def negotiate_version(self):
        """Use the explicit ``api_version``, else the server's, capped at the newest this collection knows."""
        if self.requested_api_version:
            version_tuple(self.requested_api_version)
            self.api_version = self.requested_api_version
            return self.api_version
        try:
            root = self._raw("GET", "/api/%s/serverinfo" % SERVER_INFO_VERSION, expected=(200,))
            version = _text(xmlio.find(root, "serverInfo/restApiVersion"))
            product = xmlio.find(root, "serverInfo/productVersion")
            self.server_info = {"rest_api_version": version, "product_version": _text(product),
                                "build": product.get("build") if product is not None else None}
        except TableauApiError as exc:
            if exc.status != 404:
                raise
            version = self._legacy_version()
        if not version:
            raise TableauVersionError(
                "Could not tell the server's REST API version from its server info; set api_version explicitly.")
        if version_tuple(version) > version_tuple(MAX_API_VERSION):
            version = MAX_API_VERSION
        self.api_version = version
        return version

    def _legacy_version(self):
        # Servers older than 10.1 have no serverinfo; they report their version at /auth.
        try:
            root = self._raw("GET", "/auth?format=xml", expected=(200,))
        except TableauError:
            raise TableauVersionError(
                "The server answered neither /api/%s/serverinfo nor /auth; it may not be a Tableau Server, "
                "or it is too old. Set api_version explicitly if you know it." % SERVER_INFO_VERSION)
        return _text(xmlio.find(root, "version/restApiVersion"))

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
        elif auth.get("token_name"):
            self.require_version(FEATURE_VERSIONS["personal access token sign-in"], "Personal access token sign-in")
            attrs = {"personalAccessTokenName": auth["token_name"], "personalAccessTokenSecret": auth.get("token_secret")}
        elif auth.get("username"):
            attrs = {"name": auth["username"], "password": auth.get("password")}
        else:
            raise TableauValidationError("No credentials: give username and password, token_name and token_secret, or jwt.")
        creds = xmlio.element("credentials", attrs, xmlio.element("site", {"contentUrl": self.site}))
        if self.impersonate_user_id:
            creds.append(xmlio.element("user", {"id": self.impersonate_user_id}))
        return creds

    def sign_in(self):
        if self.api_version is None:
            self.negotiate_version()
        body = xmlio.ts_request(self.credentials_element())
        path = "/api/%s/auth/signin" % self.api_version
        attempt = 0
        while True:
            try:
                # A sign-in changes no content: repeating it risks at most a stray session the server expires.
                root = self._raw("POST", path, body=body, expected=(200,), idempotent=True)
                break
            except TableauApiError as exc:
                if exc.status not in RETRY_STATUSES or attempt >= self.retries:
                    raise
                attempt += 1
                self.wait(self.backoff_factor * (2 ** attempt))
        creds = xmlio.find(root, "credentials")
        if creds is None or not creds.get("token"):
            raise TableauResponseError("The sign-in answer carried no credentials token.")
        self.token = creds.get("token")
        self.owns_session = True
        site = xmlio.find(creds, "site")
        user = xmlio.find(creds, "user")
        self.site_id = site.get("id") if site is not None else None
        self.user_id = user.get("id") if user is not None else None
        return self

    def adopt_session(self, session):
        """Use a session signed in by an earlier task: no server info, no sign-in, and no sign-out at the end."""
        missing = [key for key in SESSION_KEYS if not session.get(key) and key != "site"]
        if missing:
            raise TableauValidationError(
                "The session is missing %s." % ", ".join(missing),
                hint="Pass the 'session' value that tableau_session returned, unchanged.")
        self.token = session["token"]
        self.site = session.get("site") or ""
        self.site_id = session["site_id"]
        self.user_id = session["user_id"]
        self.api_version = session["api_version"]
        self.owns_session = False
        return self

    def session_info(self):
        """What another task needs to reuse this session (see adopt_session)."""
        return {"server_url": self.server_url, "site": self.site, "site_id": self.site_id,
                "user_id": self.user_id, "api_version": self.api_version, "token": self.token}

    def sign_out(self, adopted=False):
        """End the session; never raises, so it is safe in ``finally`` blocks.

        A session adopted from another task is left open (the tableau_session task that made it ends it)
        unless ``adopted`` is true.
        """
        if not self.token or not (self.owns_session or adopted):
            return
        try:
            self._raw("POST", "/api/%s/auth/signout" % self.api_version, expected=(200, 204), retry_sign_in=False,
                      idempotent=True)
        except TableauError:
            pass
        finally:
            self.token = None

    def close(self):
        self.sign_out()
        self._session.close()

    # ---------------------------------------------------------------- requests

    def site_path(self, path):
        return "/api/%s/sites/%s%s" % (self.api_version, self.site_id, path)

    def get(self, path, params=None, expected=(200,)):
        return self._raw("GET", self.site_path(path), params=params, expected=expected)

    def post(self, path, body=None, params=None, expected=(200, 201)):
        return self._raw("POST", self.site_path(path), body=body, params=params, expected=expected)

    def put(self, path, body=None, params=None, expected=(200,)):
        return self._raw("PUT", self.site_path(path), body=body, params=params, expected=expected)

    def delete(self, path, params=None, expected=(200, 204)):
        return self._raw("DELETE", self.site_path(path), params=params, expected=expected)

    def request(self, method, path, **kwargs):
        """Any request; ``path`` is relative to ``/api/<version>`` (``/sites/...``, ``/auth/...``)."""
        return self._raw(method, "/api/%s%s" % (self.api_version, path), **kwargs)

    # Public verbs (interim shapes; the transport contract keeps these signatures).
    def send(self, method, path, body=None, params=None, expected=(200,), headers=None, repeatable=None,
             scope="site"):
        full = self.site_path(path) if scope == "site" else "/api/%s%s" % (self.api_version, path)
        return self._raw(method, full, body=body, params=params, expected=expected, headers=headers,
                         idempotent=repeatable)

    def upload(self, path, body, content_type, params=None, expected=(200, 201), repeatable=False, method="POST"):
        return self._raw(method, self.site_path(path), data=body, params=params, expected=expected,
                         headers={"Content-Type": content_type}, idempotent=repeatable)

    def download(self, path, params=None):
        client = self

        class _Download(object):
            def __enter__(self):
                self.response = client._raw("GET", client.site_path(path), params=params, stream=True)
                self.headers = self.response.headers
                return self

            def iter_content(self, chunk_size):
                return self.response.iter_content(chunk_size)

            def __exit__(self, *exc):
                self.response.close()
                return False
        return _Download()

    def switch_site(self, content_url):
        body = xmlio.ts_request(xmlio.element("site", {"contentUrl": content_url}))
        root = self.request("POST", "/auth/switchSite", body=body, expected=(200,), idempotent=True)
        creds = xmlio.find(root, "credentials")
        if creds is None or not creds.get("token"):
            raise TableauResponseError("The Switch Site answer carried no credentials token.")
        self.token = creds.get("token")
        self.site_id = xmlio.find(creds, "site").get("id")
        self.site = content_url
        user = xmlio.find(creds, "user")
        if user is not None:
            self.user_id = user.get("id")

    def site_renamed(self, content_url):
        """The signed-in site's content URL changed (Update Site): later requests and results use the new one."""
        self.site = content_url

    def forget_session(self):
        """Drop the token without signing out: the session lives on for the tasks it was handed to."""
        self.token = None

    @property
    def adopted(self):
        return not self.owns_session

    def _raw(self, method, path, body=None, params=None, expected=(200,), headers=None,
             retry_sign_in=True, stream=False, data=None, idempotent=None):
        """Send one request and parse the answer; ``idempotent`` (default: by method) allows a repeat
        after a connection that broke once the request was sent."""
        url = self.server_url + path
        if params:
            url += ("&" if "?" in url else "?") + "&".join(
                "%s=%s" % (key, value) for key, value in params.items() if value is not None)
        send_headers = {}
        token = self.token
        if token:
            send_headers["X-Tableau-Auth"] = token
        if body is not None:
            send_headers["Content-Type"] = "application/xml"
        send_headers.update(headers or {})
        payload = body if body is not None else data
        if idempotent is None:
            idempotent = method in SAFE_METHODS
        # A generator or open file is spent by the first try; only bytes can be sent again.
        repeatable = idempotent and (payload is None or isinstance(payload, bytes))
        broken = 0
        while True:
            try:
                response, content = self._exchange(method, url, path, payload, send_headers, stream)
                break
            except TableauConnectionError as exc:
                if not (exc.maybe_applied and repeatable and broken < self.retries):
                    raise
                broken += 1
                self.wait(self.backoff_factor * (2 ** broken))
        if response.status_code in expected:
            if stream:
                return response
            return xmlio.parse(content) if content.strip() else None
        if broken and method == "DELETE" and response.status_code == 404:
            return None  # the try whose answer was lost did the delete
        if content is None:  # a stream that got an answer it did not expect
            content = self._read_capped(response, method, path)
        if response.status_code < 300:
            # A success, but not the one asked for: its body says nothing useful, and may not be XML at all.
            raise TableauResponseError("The server answered %s %s with HTTP %d where %s was expected."
                                       % (method, path.split("?")[0], response.status_code,
                                          " or ".join(str(code) for code in expected)),
                                       hint="Check server_url: a proxy or another service may be answering.")
        error = self._api_error(response, content, method, path)
        if error.code == "401002" and retry_sign_in and token and not stream:
            if not self.auth:
                raise TableauSessionExpiredError(
                    "The reused Tableau session is no longer valid (expired, signed out, or replaced by a newer "
                    "sign-in with the same token) and this task has no credentials to sign in again. [%s %s]"
                    % (method, path.split("?")[0]),
                    hint="Run tableau_session again before this task, or give the task credentials as well.",
                    status=error.status, code=error.code)
            # The session expired under us: sign in once more (once, when pages are fetched side by side)
            # and repeat the request. The server refused it before doing anything, so repeating even a
            # create is safe.
            with self._sign_in_lock:
                if self.token == token:
                    self.token = None
                    self.sign_in()
            if hasattr(data, "seek"):
                data.seek(0)  # a streamed body (a publish) was read once already
            return self._raw(method, path, body=body, params=params, expected=expected, headers=headers,
                             retry_sign_in=False, data=data, idempotent=idempotent)
        raise error

    def _exchange(self, method, url, path, payload, headers, stream):
        """One HTTP exchange: the response and its body (capped), or a TableauConnectionError."""
        where = "%s %s" % (method, path.split("?")[0])
        with self._count_lock:
            self.request_count += 1
        try:
            response = self._session.request(method, url, data=payload, headers=headers, timeout=self.timeout,
                                             stream=True, verify=self.verify)
        except requests.exceptions.SSLError as exc:
            raise TableauConnectionError(
                "TLS error talking to %s: %s" % (self.server_url, _reason(exc)),
                hint="Set ca_path to the CA bundle that signed the server's certificate, or validate_certs: false "
                     "for a test server.")
        except requests.exceptions.ConnectTimeout as exc:
            raise TableauConnectionError("Could not connect to %s within %s seconds (%s): %s"
                                         % (self.server_url, self.timeout, where, _reason(exc)),
                                         hint=NETWORK_HINT)
        except requests.exceptions.Timeout as exc:
            raise TableauConnectionError("No answer from %s within %s seconds (%s): %s"
                                         % (self.server_url, self.timeout, where, _reason(exc)),
                                         hint="Raise timeout, or check the server's health.", maybe_applied=True)
        except requests.exceptions.ConnectionError as exc:
            sent = not _never_sent(exc)
            raise TableauConnectionError("%s %s (%s): %s"
                                         % ("The connection broke before an answer from" if sent
                                            else "Could not talk to", self.server_url, where, _reason(exc)),
                                         hint=NETWORK_HINT,
                                         maybe_applied=sent)
        except requests.exceptions.RequestException as exc:
            raise TableauConnectionError("Could not talk to %s (%s): %s" % (self.server_url, where, _reason(exc)),
                                         hint=NETWORK_HINT)
        if stream and response.status_code < 300:
            return response, None
        return response, self._read_capped(response, method, path)

    def _read_capped(self, response, method, path):
        """The body, read up to max_response_bytes; a longer one is refused, not loaded."""
        where = "%s %s" % (method, path.split("?")[0])
        limit = self.max_response_bytes
        declared = response.headers.get("Content-Length", "")
        try:
            if declared.isdigit() and int(declared) > limit:
                raise _too_big(where, declared + " bytes", limit)
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise _too_big(where, "more than %d bytes" % limit, limit)
                chunks.append(chunk)
            return b"".join(chunks)
        except requests.exceptions.RequestException as exc:
            raise TableauConnectionError("The connection broke while reading the answer to %s from %s: %s"
                                         % (where, self.server_url, _reason(exc)),
                                         hint="Check the server's health and any proxy in between.",
                                         maybe_applied=True)
        finally:
            response.close()

    @staticmethod
    def _api_error(response, content, method, path):
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
        return TableauApiError(response.status_code, code, summary, detail, method, path.split("?")[0])

    # ---------------------------------------------------------------- pagination

    def paginate(self, path, tag, filters=None, sort=None, fields=None, page_size=MAX_PAGE_SIZE, params=None,
                 workers=CONCURRENT_REQUESTS):
        """Yield every ``tag`` element of a paginated list, in page order.

        The first page tells how many items there are; the remaining pages are then fetched
        ``workers`` at a time over the pooled connections of this client (see ``map``).
        """
        query = dict(params or {})
        if filters:
            query["filter"] = filter_expression(filters)
        if sort:
            query["sort"] = sort
        if fields:
            query["fields"] = fields
        query["pageSize"] = min(page_size, MAX_PAGE_SIZE)
        query["pageNumber"] = 1
        root = self.get(path, params=query)
        items = self._page_items(root, tag)
        for item in items:
            yield item
        pagination = xmlio.find(root, "pagination")
        if pagination is None or not items:
            return
        total = int(pagination.get("totalAvailable", 0))
        size = int(pagination.get("pageSize", query["pageSize"]))
        last_page = (total + size - 1) // size if size > 0 else 1
        if last_page <= 1:
            return

        def fetch(page_number):
            return self._page_items(self.get(path, params=dict(query, pageNumber=page_number)), tag)

        for page_items in self.map(fetch, range(2, last_page + 1), workers):
            for item in page_items:
                yield item

    def map(self, function, items, workers=CONCURRENT_REQUESTS):
        """``function`` over ``items`` with up to ``workers`` requests under way at once; results in input order.

        For requests that do not depend on each other. The first error is raised once the requests
        already under way have finished.
        """
        items = list(items)
        if workers <= 1 or len(items) <= 1 or ThreadPoolExecutor is None:
            return [function(item) for item in items]
        pool = ThreadPoolExecutor(max_workers=min(workers, len(items)))
        try:
            return list(pool.map(function, items))
        finally:
            pool.shutdown(wait=True)

    @staticmethod
    def _page_items(root, tag):
        return xmlio.findall(root, "%ss/%s" % (tag, tag)) if tag else []

    def wait(self, seconds):
        time.sleep(seconds)


def _text(el):
    return el.text if el is not None else None


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
