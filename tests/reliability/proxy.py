"""A misbehaving HTTP proxy on loopback, in front of the emulator.

It passes every request on to ``upstream`` unchanged, except those an armed rule matches: these get one
of the BEHAVIOURS below, each a short model of what real proxies, gateways and SSO front ends do to
Tableau's REST API. Rules are armed for one case at a time through the proxy itself::

    GET /_proxy/arm?rules=<JSON list>   replaces the rules and forgets what was seen
    GET /_proxy/state                   {"rules": [... with "fired"], "strays": [...]} as JSON

A rule is ``{"behaviour": name, "path": regex searched in path and query, "method": str or list,
"times": how many matching requests it acts on (0: all), "after": matching requests to let through
first, ...the behaviour's own parameters}``.

The proxy also answers for a second origin: requests that reach it under the host name ``localhost``
(where the off-origin redirects point) are recorded in ``strays`` and get an SSO login page, so a test
can tell that nothing (least of all a credential) followed a redirect off ``server_url``'s origin.
Standard library only.
"""

import base64
import http.client
import json
import re
import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote_plus, urlencode, urlsplit
from xml.sax.saxutils import escape

LOGIN_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Sign in - Example SSO</title></head><body>"
              b"<form method=\"post\" action=\"/sso/login\"><input name=\"user\"><input name=\"password\" "
              b"type=\"password\"><button>Sign in</button></form></body></html>\n")
HANG_LIMIT = 30  # seconds a hung request is held at most, should the client never give up


class Upstream(object):
    """What the emulator answered: status, reason, headers (a list of pairs) and the whole body."""

    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body


# ------------------------------------------------------------------ behaviours
# Each is called with the request handler and the rule; it answers the request itself (or never does).


def redirect(handler, rule):
    """A 301/302/307 to ``to``: "same" (this proxy under the same origin, which a client may follow; the
    request comes back marked and is then passed on), "other" (another origin), or "login" (an SSO login
    page on another origin)."""
    if rule.get("to", "same") == "same":
        parts = urlsplit(handler.path)
        query = parse_qsl(parts.query, keep_blank_values=True) + [("proxy_redirected", "1")]
        location = "%s?%s" % (parts.path, urlencode(query))
    else:
        path = "/sso/login?return=%s" % quote_plus(handler.path) if rule.get("to") == "login" else handler.path
        location = "http://localhost:%d%s" % (handler.server.server_port, path)
    handler.read_body()
    handler.answer(rule.get("status", 302), [("Location", location)], b"")


def hang(handler, rule):
    """No answer at all (the request is not passed on) until the client gives up."""
    handler.read_body()
    handler.wait_for_close(HANG_LIMIT)


def drip(handler, rule):
    """The real answer, ``bytes`` bytes every ``interval`` seconds: slower than any timeout."""
    upstream = handler.forward()
    handler.send_head(upstream, len(upstream.body))
    step, interval = rule.get("bytes", 4), rule.get("interval", 0.2)
    try:
        for start in range(0, len(upstream.body), step):
            handler.wfile.write(upstream.body[start:start + step])
            handler.wfile.flush()
            time.sleep(interval)
    except OSError:
        pass  # the client gave up, as it should
    handler.close_connection = True


def login_page(handler, rule):
    """An SSO front end's login page, with 200 OK, in place of the answer (the request is not passed on)."""
    handler.read_body()
    handler.answer(200, [("Content-Type", "text/html; charset=utf-8")], LOGIN_PAGE)


def echo(handler, rule):
    """An error answer that quotes the request body back: in a Tableau error's detail (so XML-escaped),
    URL-encoded and in base64, as gateways that log the refused request into their answer do."""
    body = handler.read_body()
    text = body.decode("utf-8", "replace")
    detail = "Refused by the gateway: %s (form-encoded: %s; base64: %s)" % (
        text, quote_plus(text), base64.b64encode(body).decode("ascii"))
    xml = ('<?xml version="1.0" encoding="UTF-8"?><tsResponse xmlns="http://tableau.com/api">'
           '<error code="400000"><summary>Bad Request</summary><detail>%s</detail></error></tsResponse>'
           % escape(detail, {'"': "&quot;"}))
    handler.answer(rule.get("status", 400), [("Content-Type", "application/xml")], xml.encode("utf-8"))


def page_rewrite(handler, rule):
    """Every page asked for becomes page 1 (of ``page_size`` items): a proxy whose cache key ignores pageNumber."""
    parts = urlsplit(handler.path)
    query = [(key, "1" if key == "pageNumber" else str(rule.get("page_size", 1)) if key == "pageSize" else value)
             for key, value in parse_qsl(parts.query, keep_blank_values=True)]
    upstream = handler.forward(path="%s?%s" % (parts.path, urlencode(query)))
    handler.relay(upstream)


def cut(handler, rule):
    """The real answer (the request was passed on and done), cut off halfway through its body."""
    upstream = handler.forward()
    handler.send_head(upstream, len(upstream.body))
    handler.wfile.write(upstream.body[:len(upstream.body) // 2])
    handler.drop()


def wrong_length(handler, rule):
    """The real answer under a Content-Length ``delta`` bytes off: longer (the connection then closes
    short of it) or shorter (a client that trusts it reads a truncated body)."""
    upstream = handler.forward()
    handler.send_head(upstream, max(len(upstream.body) + rule.get("delta", 64), 0))
    handler.wfile.write(upstream.body)
    handler.drop()


def gzip_garbage(handler, rule):
    """``Content-Encoding: gzip`` on a body that is not gzip."""
    upstream = handler.forward()
    garbage = b"\x1f\x8b\x08\x00" + bytes(reversed(upstream.body or b"not gzip at all"))
    upstream.headers = [(k, v) for k, v in upstream.headers if k.lower() != "content-encoding"]
    upstream.headers.append(("Content-Encoding", "gzip"))
    upstream.body = garbage
    handler.relay(upstream)


BEHAVIOURS = {
    "redirect": redirect,
    "hang": hang,
    "drip": drip,
    "login_page": login_page,
    "echo": echo,
    "page_rewrite": page_rewrite,
    "cut": cut,
    "wrong_length": wrong_length,
    "gzip_garbage": gzip_garbage,
}


# ------------------------------------------------------------------ the proxy


class Rule(object):
    def __init__(self, spec):
        self.spec = dict(spec, fired=0, seen=0)
        if spec["behaviour"] not in BEHAVIOURS:
            raise ValueError("unknown behaviour %r" % spec["behaviour"])
        methods = spec.get("method")
        self.methods = [methods] if isinstance(methods, str) else methods
        self.path = re.compile(spec.get("path", ""))

    def claims(self, method, path):
        """Whether this rule acts on the request (counting it if so)."""
        if "proxy_redirected=1" in path:
            return False
        if (self.methods and method not in self.methods) or not self.path.search(path):
            return False
        self.spec["seen"] += 1
        if self.spec["seen"] <= self.spec.get("after", 0):
            return False
        times = self.spec.get("times", 1)
        if times and self.spec["fired"] >= times:
            return False
        self.spec["fired"] += 1
        return True


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "MisbehavingProxy/1.0"

    def log_message(self, *args):  # quiet: tests read the state instead
        pass

    def handle_one_request(self):
        self._body = None
        BaseHTTPRequestHandler.handle_one_request(self)

    def do_any(self):
        if self.headers.get("Host", "").startswith("localhost"):
            return self.stray()
        if self.path.startswith("/_proxy/"):
            return self.control()
        rule = self.server.rule_for(self.command, self.path)
        if rule is None:
            return self.relay(self.forward())
        return BEHAVIOURS[rule.spec["behaviour"]](self, rule.spec)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_any

    # -------------------------------------------------------- helpers for the behaviours

    def read_body(self):
        if self._body is None:
            length = int(self.headers.get("Content-Length") or 0)
            self._body = self.rfile.read(length) if length else b""
        return self._body

    def forward(self, path=None):
        """The request passed on to the emulator; its whole answer."""
        body = self.read_body()
        headers = dict((k, v) for k, v in self.headers.items() if k.lower() not in ("host", "connection"))
        connection = http.client.HTTPConnection(self.server.upstream_host, self.server.upstream_port, timeout=60)
        try:
            connection.request(self.command, path or self.path, body=body or None, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
            return Upstream(answer.status, answer.reason, answer.getheaders(), content)
        finally:
            connection.close()

    def send_head(self, upstream, length):
        self.send_response(upstream.status, upstream.reason)
        for key, value in upstream.headers:
            if key.lower() not in ("content-length", "connection", "transfer-encoding", "server", "date"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(length))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def relay(self, upstream):
        self.send_head(upstream, len(upstream.body))
        if self.command != "HEAD":
            self.wfile.write(upstream.body)

    def answer(self, status, headers, body):
        self.relay(Upstream(status, None, headers, body))

    def drop(self):
        """Close the connection now, whatever was promised."""
        self.wfile.flush()
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True

    def wait_for_close(self, limit):
        end = time.monotonic() + limit
        while time.monotonic() < end and not self.server.stopping.is_set():
            readable = select.select([self.connection], [], [], 0.1)[0]
            if readable:
                try:
                    if not self.connection.recv(1024):
                        break
                except OSError:
                    break
        self.close_connection = True

    # -------------------------------------------------------- the second origin and the controls

    def stray(self):
        body = self.read_body()
        self.server.strays.append({"method": self.command, "path": self.path,
                                   "auth_header": bool(self.headers.get("X-Tableau-Auth")),
                                   "body": body.decode("utf-8", "replace")})
        self.answer(200, [("Content-Type", "text/html; charset=utf-8")], LOGIN_PAGE)

    def control(self):
        parts = urlsplit(self.path)
        if parts.path == "/_proxy/arm":
            rules = json.loads(dict(parse_qsl(parts.query)).get("rules", "[]"))
            self.server.arm(rules)
        self.answer(200, [("Content-Type", "application/json")], json.dumps(self.server.state()).encode("utf-8"))


class MisbehavingProxy(ThreadingHTTPServer):
    """``with MisbehavingProxy(upstream_url) as proxy: proxy.url``; serves in a thread of its own."""

    daemon_threads = True

    def __init__(self, upstream):
        ThreadingHTTPServer.__init__(self, ("127.0.0.1", 0), Handler)
        parts = urlsplit(upstream)
        self.upstream_host, self.upstream_port = parts.hostname, parts.port
        self.url = "http://127.0.0.1:%d" % self.server_port
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.rules, self.strays = [], []
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def arm(self, specs):
        with self.lock:
            self.rules = [Rule(spec) for spec in specs]
            self.strays = []

    def rule_for(self, method, path):
        with self.lock:
            return next((rule for rule in self.rules if rule.claims(method, path)), None)

    def state(self):
        with self.lock:
            return {"rules": [dict(rule.spec) for rule in self.rules], "strays": list(self.strays)}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.shutdown()
        self.server_close()
