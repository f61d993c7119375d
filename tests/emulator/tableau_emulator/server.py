"""The HTTP side: request handling, the request log, fault injection and ``/_emulator/`` endpoints."""

import copy
import json
import math
import re
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from . import handlers, registry  # noqa: F401  pylint: disable=unused-import
from .errors import ApiError, forbidden, not_found, unauthorized
from .routing import Reply, Request, find_route, route_not_in_version, version_tuple
from .state import State
from .xmlio import error_document, schema_location, serialize

MUTATING_METHODS = ("POST", "PUT", "PATCH", "DELETE")
API_VERSION_IN_PATH = re.compile(r"^/api/([0-9]+\.[0-9]+)(/|$)")
BODY_SLACK = 1024 * 1024  # multipart headers and the request_payload part on top of the file itself
BODY_READ_CHUNK = 1024 * 1024
HOSTILE_BODIES = {
    "xxe": (b'<?xml version="1.0"?><!DOCTYPE tsResponse [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b'<tsResponse xmlns="http://tableau.com/api"><error code="400000"><summary>&xxe;</summary>'
            b'<detail>x</detail></error></tsResponse>'),
    "billion_laughs": (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                       b'<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                       b'<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
                       b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
                       b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
                       b']><tsResponse xmlns="http://tableau.com/api"><error code="400000"><summary>&lol4;</summary>'
                       b'<detail>x</detail></error></tsResponse>'),
    "malformed": b'<?xml version="1.0"?><tsResponse xmlns="http://tableau.com/api"><projects><project id="1"',
    "truncated": b'<?xml version="1.0"?><tsResponse xmlns="http://tableau.com/api"><projects><project id="1" name="Def',
    "not_xml": b"<html><body>Bad gateway</body></html>",
}
BODY_KINDS = tuple(sorted(HOSTILE_BODIES)) + ("huge",)


class Fault(object):
    """One injected misbehaviour, matched by method and path regex.

    ``action``: status | reset | delay | expire_session | body | echo (see docs/testing-with-the-emulator.md).
    ``method`` is one method or a list; ``path`` a regex searched in the URL path. ``after`` lets that
    many matching requests through first; ``times`` is how often it fires (0 = every time after that).
    ``phase``: ``before`` (default) acts instead of the handler, so nothing is changed; ``after`` runs the
    handler first, so a write happens, and then spoils the answer (a reset, a delay or a broken body).
    """

    ACTIONS = ("status", "reset", "delay", "expire_session", "body", "echo")
    PHASES = ("before", "after")

    def __init__(self, spec):
        self.spec = dict(spec)
        method = spec.get("method")
        if isinstance(method, str):
            method = [method]
        self.methods = set(m.upper() for m in method) if method else None
        self.path = re.compile(spec.get("path", ".*"), re.IGNORECASE)
        self.action = spec.get("action", "status")
        self.phase = spec.get("phase", "before")
        if self.action not in self.ACTIONS:
            raise ValueError("unknown fault action %r (one of %s)" % (self.action, ", ".join(self.ACTIONS)))
        if self.phase not in self.PHASES:
            raise ValueError("unknown fault phase %r (before or after)" % (self.phase,))
        if self.action == "body" and spec.get("kind", "malformed") not in BODY_KINDS:
            raise ValueError("unknown body kind %r (one of %s)" % (spec.get("kind"), ", ".join(BODY_KINDS)))
        self.after = int(spec.get("after", 0))
        self.times = int(spec.get("times", 1))
        self.seen = 0
        self.fired = 0

    def matches(self, method, path):
        if self.methods and method not in self.methods:
            return False
        if not self.path.search(path):
            return False
        self.seen += 1
        if self.seen <= self.after:
            return False
        if self.times and self.fired >= self.times:
            return False
        self.fired += 1
        return True

    def describe(self):
        info = dict(self.spec)
        info["seen"] = self.seen
        info["fired"] = self.fired
        return info


def huge_body(megabytes, chunk=64 * 1024):
    """About ``megabytes`` MiB of well-formed project listing, as a generator of byte chunks."""
    head = b'<?xml version="1.0"?><tsResponse xmlns="http://tableau.com/api"><projects>'
    tail = b"</projects></tsResponse>"
    padding = b'<project name="padding"/>' * (chunk // 25)
    count = max(1, int(megabytes * 1024 * 1024) // len(padding))
    return len(head) + len(tail) + count * len(padding), _chunks(head, padding, count, tail)


def _chunks(head, padding, count, tail):
    yield head
    for dummy in range(count):
        yield padding
    yield tail


class TokenBucket(object):
    """At most ``rate`` requests a second on average, ``burst`` at once: what a throttling server lets through.

    ``take`` spends a token, or says how many seconds until one is there (the answer is then a 429).
    """

    def __init__(self, rate, burst=None):
        self.rate = float(rate)
        self.burst = max(1, int(burst if burst is not None else max(1, round(self.rate))))
        if self.rate <= 0:
            raise ValueError("rate must be more than 0")
        self.tokens = float(self.burst)
        self.stamp = time.monotonic()
        self.lock = threading.Lock()
        self.allowed = self.refused = 0

    def take(self):
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                self.allowed += 1
                return None
            self.refused += 1
            return (1 - self.tokens) / self.rate

    def describe(self):
        return {"rate": self.rate, "burst": self.burst, "allowed": self.allowed, "refused": self.refused}


class Emulator(object):
    """State plus the knobs tests turn: request log, faults, latency."""

    def __init__(self, seed=None, latency_ms=0, signin_latency_ms=0, throttle_rate=0, throttle_burst=None):
        self.state = State(seed)
        # The seed a reset goes back to; a reset may be given another one for once (see control).
        self.own_seed = copy.deepcopy(self.state.seed)
        self.log = []
        # Faults in the seed are part of it: a reset brings them back, unfired.
        self.seed_faults = list((seed or {}).get("faults", []))
        self.faults = [Fault(f) for f in self.seed_faults]
        self.latency = latency_ms / 1000.0
        self.signin_latency = signin_latency_ms / 1000.0
        # A token bucket every API request must pass (429 with Retry-After past it), or None; see set_throttle.
        self.throttle = None
        self.set_throttle(throttle_rate, throttle_burst)
        self.log_lock = threading.Lock()
        # Requests being handled now, and the most at once since the last reset (tests of side-by-side writes).
        self.in_flight = self.max_in_flight = 0
        # When a list, every XML response body is kept here (tests validate them against the XSD).
        self.sent_xml = None

    def reset(self, seed=None):
        """Back to the emulator's own seed, or to ``seed`` (until the next reset)."""
        with self.state.lock:
            self.state.seed = copy.deepcopy(seed if seed is not None else self.own_seed)
            self.state.reset()
        with self.log_lock:
            self.log = []
            self.max_in_flight = 0
        self.faults = [Fault(f) for f in self.seed_faults]

    def set_throttle(self, rate, burst=None):
        """Answer API requests past ``rate`` a second (``burst`` at once) with 429; a rate of 0 or None: no limit."""
        self.throttle = TokenBucket(rate, burst) if rate else None

    def entered(self):
        """A request is being handled: count it among those in flight (``max_in_flight`` keeps the peak)."""
        with self.log_lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def left(self):
        with self.log_lock:
            self.in_flight -= 1

    def record(self, entry):
        with self.log_lock:
            entry["seq"] = len(self.log) + 1
            entry["finished"] = time.monotonic()
            self.log.append(entry)

    def site_of(self, path, headers, body):
        """The content URL a request works on: its session's site, or the one a sign-in asks for; else None."""
        token = headers.get("X-Tableau-Auth")
        if token:
            with self.state.lock:
                session = self.state.sessions.get(token)
            return session["content_url"] if session else None
        if path.lower().endswith("/auth/signin"):
            found = re.search(rb'<site[^>]*\scontentUrl="([^"]*)"', body or b"")
            return found.group(1).decode("utf-8", "replace") if found else ""
        return None

    def fault_for(self, method, path):
        for fault in self.faults:
            if fault.matches(method, path):
                return fault
        return None

    def control(self, method, path, body, query=""):
        """The ``/_emulator/`` endpoints: JSON in, JSON out."""
        name = path[len("/_emulator/"):].strip("/")
        data = json.loads(body.decode("utf-8")) if body else {}
        # GET forms for clients that can only GET (Ansible's url lookup): reset?faults=<json>, disarm.
        if method == "GET" and name == "reset":
            method, data = "POST", {"faults": json.loads(dict(parse_qsl(query)).get("faults") or "[]")}
        if method == "GET" and name == "disarm":
            method, name = "DELETE", "faults"
        if name == "requests" and method == "GET":
            with self.log_lock:
                return 200, {"requests": list(self.log), "max_in_flight": self.max_in_flight}
        if name == "requests" and method == "DELETE":
            with self.log_lock:
                self.log = []
            return 200, {"cleared": True}
        if name == "sessions" and method == "GET":
            with self.state.lock:
                sessions = [{"user": s["user_name"], "site": s["content_url"], "kind": s["kind"]}
                            for s in self.state.sessions.values()]
            return 200, {"open": len(sessions), "sessions": sessions}
        if name == "reset" and method == "POST":
            # Optional {"faults": [...]}: reset and arm these in one call; {"seed": {...}}: reset to that seed;
            # {"seed_sites": {content URL: {"flows": [...], ...}}}: the seed's sites get these items too. Both
            # hold until the next reset without them.
            data = data if isinstance(data, dict) else {}
            try:
                added = [Fault(spec) for spec in data.get("faults", [])]
            except (ValueError, TypeError, re.error) as exc:
                return 400, {"error": "bad fault: %s" % exc}
            seed = data.get("seed")
            if seed is not None and not isinstance(seed, dict):
                return 400, {"error": "seed must be a JSON object"}
            if data.get("seed_sites"):
                seed = copy.deepcopy(seed if seed is not None else self.own_seed)
                for site in seed.get("sites", []):
                    site.update(data["seed_sites"].get(site.get("content_url", ""), {}))
            self.reset(seed)
            self.faults.extend(added)
            return 200, {"reset": True, "faults": [f.describe() for f in self.faults]}
        if name == "snapshot" and method == "GET":
            # Everything a test checks after a task, in one call: request log, sessions, content.
            return 200, {"requests": self.control("GET", "/_emulator/requests", b"")[1]["requests"],
                         "sessions": self.control("GET", "/_emulator/sessions", b"")[1],
                         "state": self.content_summary(),
                         "faults": [f.describe() for f in self.faults]}
        if name == "faults" and method == "GET":
            return 200, {"faults": [f.describe() for f in self.faults]}
        if name == "faults" and method == "POST":
            specs = data if isinstance(data, list) else [data]
            try:
                added = [Fault(spec) for spec in specs]
            except (ValueError, TypeError, re.error) as exc:
                return 400, {"error": "bad fault: %s" % exc}
            self.faults.extend(added)
            return 200, {"faults": [f.describe() for f in self.faults]}
        if name == "faults" and method == "DELETE":
            self.faults = []
            return 200, {"faults": []}
        if name == "latency" and method == "POST":
            self.latency = float(data.get("request_ms", 0)) / 1000.0
            self.signin_latency = float(data.get("signin_ms", 0)) / 1000.0
            return 200, {"request_ms": self.latency * 1000, "signin_ms": self.signin_latency * 1000}
        if name == "throttle" and method == "POST":
            # {"rate": requests a second, "burst": at once}; a rate of 0 (or none) turns throttling off.
            data = data if isinstance(data, dict) else {}
            try:
                rate = float(data.get("rate") or 0)
                burst = int(data["burst"]) if data.get("burst") is not None else None
                if rate < 0 or (burst is not None and burst < 1):
                    raise ValueError("rate must be 0 or more, burst 1 or more")
            except (TypeError, ValueError) as exc:
                return 400, {"error": "bad throttle: %s" % exc}
            self.set_throttle(rate, burst)
            return 200, {"throttle": self.throttle.describe() if self.throttle else None}
        if name == "throttle" and method == "GET":
            return 200, {"throttle": self.throttle.describe() if self.throttle else None}
        if name == "routes" and method == "GET":
            # The one route table: every handler's method, path and the oldest REST API version serving it.
            return 200, {"routes": [{"method": r.method, "path": ("/api/<version>" if r.under_api else "") + r.pattern,
                                     "min_version": r.min_version, "until": r.until, "auth": r.auth}
                                    for r in registry.ROUTES]}
        if name == "state" and method == "GET":
            return 200, self.content_summary()
        if name == "server" and method in ("GET", "PATCH"):
            with self.state.lock:
                self.state.server.update(data)
                return 200, dict(self.state.server)
        return 404, {"error": "unknown emulator endpoint %s %s" % (method, path)}

    def content_summary(self):
        """Names of what each site holds, by kind, and of server-wide items (schedules): enough for a test to
        count duplicates. No secrets."""
        with self.state.lock:
            sites = []
            for site in self.state.sites.values():
                summary = {"name": site.name, "content_url": site.content_url}
                for kind in registry.summary_collections():
                    summary[kind] = registry.summarize(site, kind)
                sites.append(summary)
            found = {"sites": sorted(sites, key=lambda s: s["content_url"])}
            for kind in registry.server_summary_collections():
                found[kind] = registry.summarize_server(self.state, kind)
            return found

    def body_limit(self):
        """How much of a request body is kept: the publish limit plus room for the XML part and headers."""
        with self.state.lock:
            return int(self.state.server.get("max_request_bytes") or 0) + BODY_SLACK

    def handle(self, method, raw_path, headers, body, base_url, body_size=None):
        """Dispatch one API request; returns a Reply, cut down to the REST API version in its path. Never raises."""
        split = urlsplit(raw_path)
        path = re.sub("/+$", "", split.path) or "/"
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        match = API_VERSION_IN_PATH.match(path)
        version = match.group(1) if match else None
        try:
            found, params = find_route(method, path)
            request = Request(self.state, method, path, query, headers, body, params, base_url)
            request.body_size = len(body) if body_size is None else body_size
            with self.state.lock:
                if found.under_api:
                    self._check_version(request)
                if found.under_api and found.min_version and not request.api_version_at_least(found.min_version):
                    raise route_not_in_version(request.api_version)
                if found.under_api and found.until and request.api_version_at_least(found.until):
                    raise route_not_in_version(request.api_version)
                if found.auth:
                    self._authenticate(request)
                reply = self._as_reply(found.handler(request))
        except ApiError as exc:
            reply = Reply(exc.status, error_document(exc.code, exc.summary, exc.detail))
        return self._at_version(reply, version)

    def _at_version(self, reply, version):
        """What a server at the path's version sends: its schemaLocation, none of the newer attributes."""
        if reply.root is not None:
            known = version if version and self._version_known(version) else self.state.server["rest_api_version"]
            reply.root.set("xsi:schemaLocation", schema_location(known))
            registry.cut_to_version(reply.root, known)
        return reply

    def _version_known(self, version):
        return version_tuple(version) <= version_tuple(self.state.server["rest_api_version"])

    def _check_version(self, request):
        # A version newer than the server's is "not a valid version of the API": 404001, as quoted in
        # tableau/rest-api-samples#12 ("404001: Resource Not Found - Version '2.5' is not a valid version of
        # the API."); TSC's server_info_endpoint.py maps 404001 to EndpointUnavailableError.
        server_version = self.state.server["rest_api_version"]
        if version_tuple(request.api_version) > version_tuple(server_version):
            raise ApiError(404, "404001", "Resource Not Found",
                           "Version '%s' is not a valid version of the API." % request.api_version)

    def _authenticate(self, request):
        token = request.headers.get("X-Tableau-Auth")
        if not token:
            raise ApiError(401, "401000", "Unauthorized Access", "No authentication credentials were provided.")
        session = self.state.sessions.get(token)
        site_id = request.params.get("site_id")
        if session is None and token in self.state.site_gone_tokens:
            # A site named in the path that does not exist is 404000 first, even for a session that ended with its
            # site (a real 3.1 server in recorded traffic: sites.yml 7, the signed-in site deleted, then 8).
            if site_id is not None and not any(s.id.lower() == site_id.lower() for s in self.state.sites.values()):
                raise not_found("404000", "Resource Not Found", "Site '%s' could not be found." % site_id)
            raise unauthorized("The site of this session no longer exists.")
        if session is None:
            raise unauthorized()
        request.session = session
        request.site = self.state.sites.get(session["site_id"])
        if request.site is None:
            del self.state.sessions[token]
            raise unauthorized("The site of this session no longer exists.")
        if request.query.get("key", "").lower() in ("contenturl", "name"):
            site_id = None  # the handler resolves the site by its key
        if site_id is not None and site_id.lower() != request.site.id.lower():
            if not any(site.id.lower() == site_id.lower() for site in self.state.sites.values()):
                raise not_found("404000", "Resource Not Found", "Site '%s' could not be found." % site_id)
            raise forbidden("403000", "Forbidden",
                            "The session is signed in to site '%s'; the request names site '%s'."
                            % (request.site.id, site_id))

    @staticmethod
    def _as_reply(result):
        if isinstance(result, Reply):
            return result
        raise TypeError("handler returned %r" % (result,))


class RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go in separate writes; no 40 ms stalls
    server_version = "TableauEmulator/1.0"
    emulator = None  # set on the subclass made by make_server

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if getattr(self.server, "verbose", False):
            BaseHTTPRequestHandler.log_message(self, format, *args)

    def _read_body(self, limit):
        """The request body as (bytes, total length); past ``limit`` bytes the rest is read and dropped.

        Publish requests may be far larger than the emulator should hold in memory; keeping only
        the head lets the handler answer the server's "too large" error while the connection stays usable.
        """
        kept = []
        state = {"kept": 0, "total": 0}

        def take(data):
            state["total"] += len(data)
            room = limit - state["kept"]
            if room > 0:
                kept.append(data[:room])
                state["kept"] += min(room, len(data))

        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size_line = self.rfile.readline().strip()
                size = int(size_line.split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    break
                self._read_exactly(size, take)
                self.rfile.readline()
        else:
            length = int(self.headers.get("Content-Length") or 0)
            self._read_exactly(length, take)
        return b"".join(kept), state["total"]

    def _read_exactly(self, size, take):
        while size > 0:
            data = self.rfile.read(min(size, BODY_READ_CHUNK))
            if not data:
                break
            take(data)
            size -= len(data)

    def _dispatch(self):
        self.emulator.entered()
        try:
            self._dispatch_request()
        except (BrokenPipeError, ConnectionResetError):
            # The client went away mid-answer (it gave up on a huge or slow response): not our problem.
            self.close_connection = True
        finally:
            self.emulator.left()

    def _dispatch_request(self):
        method = self.command
        emulator = self.emulator
        body, body_size = self._read_body(emulator.body_limit())
        path = urlsplit(self.path).path
        if path.startswith("/_emulator/"):
            status, data = emulator.control(method, path, body, urlsplit(self.path).query)
            self._send(status, json.dumps(data).encode("utf-8"), {"Content-Type": "application/json"})
            return
        fault = emulator.fault_for(method, path)
        # started/finished (the emulator's monotonic clock, in seconds) bracket the handling: a request that
        # starts before another's finished ran side by side with it.
        entry = {"method": method, "path": path, "query": urlsplit(self.path).query,
                 "auth": bool(self.headers.get("X-Tableau-Auth")), "status": None, "fault": None,
                 "bytes": body_size, "site": emulator.site_of(path, self.headers, body), "started": time.monotonic()}
        if self._throttled(entry):
            return
        # An injected answer is logged before it is sent: a client that has it may count it at once.
        if fault is not None and fault.phase == "before" and \
                self._fault_before(fault, entry, logged=lambda: emulator.record(entry), body=body):
            return
        if emulator.latency:
            time.sleep(emulator.latency)
        if emulator.signin_latency and path.lower().endswith("/auth/signin"):
            time.sleep(emulator.signin_latency)
        reply = emulator.handle(method, self.path, self.headers, body, self._base_url(), body_size)
        entry["status"] = reply.status
        if fault is not None and fault.phase == "after":
            entry["fault"] = fault.action
            emulator.record(entry)
            self._fault_after(fault, reply)
            return
        emulator.record(entry)
        if emulator.sent_xml is not None and reply.root is not None:
            emulator.sent_xml.append((method, path, reply.status, serialize(reply.root)))
        self._send_reply(reply)

    def _throttled(self, entry):
        """Past the throttle's rate: answer 429 with Retry-After, as Tableau Cloud does, and log it; True then."""
        throttle = self.emulator.throttle
        wait = throttle.take() if throttle is not None else None
        if wait is None:
            return False
        entry.update(status=429, fault="throttle")
        self.emulator.record(entry)
        document = error_document("429000", "Too Many Requests",
                                  "The request rate limit was reached; try again in %d seconds." % max(1, math.ceil(wait)))
        self._send(429, serialize(document), {"Content-Type": "application/xml;charset=utf-8",
                                              "Retry-After": str(max(1, int(math.ceil(wait))))})
        return True

    def _fault_before(self, fault, entry, logged=lambda: None, body=b""):
        """Act out a fault instead of the handler; True when it fully answered the request.

        ``logged()`` runs once the entry is complete, just before the answer goes out.
        """
        action = fault.action
        spec = fault.spec
        entry["fault"] = action
        if action == "delay":
            time.sleep(float(spec.get("seconds", 1)))
            entry["fault"] = None
            return False
        if action == "expire_session":
            token = self.headers.get("X-Tableau-Auth")
            with self.emulator.state.lock:
                self.emulator.state.sessions.pop(token, None)
            return False
        if action == "reset":
            entry["status"] = "reset"
            placeholder = b'<?xml version="1.0"?><tsResponse xmlns="http://tableau.com/api"></tsResponse>'
            logged()
            self._reset(200, placeholder, {"Content-Type": "application/xml;charset=utf-8"}, spec)
            return True
        if action == "body":
            entry["status"] = int(spec.get("status", 200))
            logged()
            self._send_body_fault(spec)
            return True
        if action == "echo":
            # A careless server or proxy that quotes the request it refuses, body and query string included:
            # secrets come back in the forms they were sent in (XML-escaped, URL-encoded).
            status = int(spec.get("status", 400))
            quoted = "%s %s %s" % (self.command, self.path, (body or b"").decode("utf-8", "replace"))
            document = error_document(str(spec.get("code", "%d000" % status)), "Bad Request", quoted)
            entry["status"] = status
            logged()
            self._send(status, serialize(document), {"Content-Type": "application/xml;charset=utf-8"})
            return True
        status = int(spec.get("status", 503))
        headers = {"Content-Type": "application/xml;charset=utf-8"}
        if spec.get("retry_after") is not None:
            headers["Retry-After"] = str(spec["retry_after"])
        code = str(spec.get("code", "%d000" % status))
        document = error_document(code, spec.get("summary", "Injected fault"),
                                  spec.get("detail", "The emulator injected this %d response." % status))
        entry["status"] = status
        logged()
        self._send(status, serialize(document), headers)
        return True

    def _fault_after(self, fault, reply):
        """The handler has run (a write has happened): now spoil its answer."""
        spec = fault.spec
        if fault.action == "delay":
            time.sleep(float(spec.get("seconds", 1)))
            self._send_reply(reply)
        elif fault.action == "reset":
            status, body, headers = self._reply_parts(reply)
            if hasattr(body, "read"):
                with body:
                    body = body.read()
            self._reset(status, body, headers, spec)
        elif fault.action == "body":
            self._send_body_fault(dict(spec, status=spec.get("status", reply.status)))
        elif fault.action == "expire_session":  # the session ends after this request: the next one gets 401002
            self._fault_before(fault, {})
            self._send_reply(reply)
        else:  # status: the write happened, the answer says otherwise
            self._fault_before(fault, {})

    def _reset(self, status, body, headers, spec):
        """Send the status line, headers and part of the body, then drop the connection."""
        self.close_connection = True
        if spec.get("headers", True):
            cut = int(spec.get("bytes", len(body) // 2))
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:cut])
            self.wfile.flush()
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _send_body_fault(self, spec):
        kind = spec.get("kind", "malformed")
        status = int(spec.get("status", 200))
        headers = {"Content-Type": "application/xml;charset=utf-8"}
        if kind != "huge":
            self._send(status, HOSTILE_BODIES[kind], headers)
            return
        length, chunks = huge_body(float(spec.get("megabytes", 64)))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        chunked = bool(spec.get("chunked"))
        if chunked:
            # No Content-Length: the client only learns the size by reading.
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        for chunk in chunks:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _base_url(self):
        host = self.headers.get("Host") or "%s:%s" % self.server.server_address[:2]
        scheme = "https" if isinstance(self.connection, ssl.SSLSocket) else "http"
        return "%s://%s" % (scheme, host)

    def _reply_parts(self, reply):
        headers = dict(reply.headers)
        if reply.root is not None:
            body = serialize(reply.root)
            headers.setdefault("Content-Type", reply.content_type or "application/xml;charset=utf-8")
        else:
            body = reply.body or b""
            if reply.content_type:
                headers["Content-Type"] = reply.content_type
        # Location stays as the handler wrote it: a path, as the real server sends it.
        return reply.status, body, headers

    def _send_reply(self, reply):
        self._send(*self._reply_parts(reply))

    def _send(self, status, body, headers):
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if hasattr(body, "read"):
            self._send_file(body, headers)
            return
        if status == 204:
            # No content means no body and no Content-Length (RFC 9110 8.6), as the real server answers.
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_file(self, handle, headers):
        size = int(headers.get("Content-Length", 0))
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        with handle:
            while True:
                chunk = handle.read(1024 * 1024)
                if not chunk:
                    break
                self.wfile.write(chunk)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _dispatch


class EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def make_server(host="127.0.0.1", port=0, seed=None, tls_cert=None, tls_key=None,
                latency_ms=0, signin_latency_ms=0, verbose=False, throttle_rate=0, throttle_burst=None):
    emulator = Emulator(seed, latency_ms=latency_ms, signin_latency_ms=signin_latency_ms, throttle_rate=throttle_rate,
                        throttle_burst=throttle_burst)
    handler_class = type("BoundRequestHandler", (RequestHandler,), {"emulator": emulator})
    httpd = EmulatorHTTPServer((host, port), handler_class)
    httpd.verbose = verbose
    httpd.emulator = emulator
    scheme = "http"
    if tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls_cert, tls_key)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        scheme = "https"
    bound_host, bound_port = httpd.server_address[:2]
    httpd.url = "%s://%s:%d" % (scheme, bound_host, bound_port)
    return httpd


class BackgroundEmulator(object):
    """Runs an emulator in a thread: ``with BackgroundEmulator() as emu: emu.url``."""

    def __init__(self, **kwargs):
        self.httpd = make_server(**kwargs)
        self.url = self.httpd.url
        self.emulator = self.httpd.emulator
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.emulator.state.close()
