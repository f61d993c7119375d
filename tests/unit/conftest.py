"""A scripted HTTP server: the transport under unit test talks to a real socket, answers come from a script.
For tests that need a whole server, ``emulator`` is the Tableau emulator on a free port."""

import copy
import json
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator"))

from tableau_emulator.server import BackgroundEmulator  # noqa: E402  pylint: disable=wrong-import-position
from tableau_emulator.state import DEFAULT_SEED  # noqa: E402  pylint: disable=wrong-import-position

NS = "http://tableau.com/api"


def ts(body):
    return ('<?xml version="1.0" encoding="UTF-8"?><tsResponse xmlns="%s">%s</tsResponse>' % (NS, body)).encode()


def error_body(code, summary, detail):
    return ts('<error code="%s"><summary>%s</summary><detail>%s</detail></error>' % (code, summary, detail))


SERVER_INFO = ts("<serverInfo><productVersion build=\"20251.25.0212.1234\">2025.1.0</productVersion>"
                 "<restApiVersion>3.25</restApiVersion></serverInfo>")
SIGNED_IN = ts('<credentials token="tok-1"><site id="site-1" contentUrl=""/><user id="user-1"/></credentials>')


class Drip(bytes):
    """A body sent one byte at a time, ``every`` seconds apart (a server or proxy that drip-feeds its answer).

    Sending stops as soon as the client has hung up."""

    def __new__(cls, body, every):
        drip = bytes.__new__(cls, body)
        drip.every = every
        return drip

    def send(self, handler):
        handler.close_connection = True
        try:
            for index in range(len(self)):
                handler.wfile.write(self[index:index + 1])
                handler.wfile.flush()
                time.sleep(self.every)
        except OSError:
            pass


class Cut(bytes):
    """A body that breaks off: the headers promise ``declared_length`` bytes, the connection closes after these."""

    def __new__(cls, body, declared_length):
        cut = bytes.__new__(cls, body)
        cut.declared_length = declared_length
        return cut


class ScriptedServer(object):
    """Answers requests from ``routes``: (method, path prefix) -> list of (status, headers, body), consumed in order."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.delays = {}  # path prefix -> seconds to wait before answering
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with server.lock:
                    server.requests.append({"method": self.command, "path": self.path, "body": body,
                                            "headers": dict(self.headers)})
                    status, headers, payload = server.answer(self.command, self.path, server.requests[-1])
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    time.sleep(server.delay_for(self.path))
                finally:
                    with server.lock:
                        server.in_flight -= 1
                if status == "reset":
                    self.close_connection = True
                    self.connection.close()
                    return
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(getattr(payload, "declared_length", len(payload))))
                self.end_headers()
                if isinstance(payload, Cut):
                    self.wfile.write(payload)
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                elif isinstance(payload, Drip):
                    payload.send(self)
                else:
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _any

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def on(self, method, path, *answers):
        self.routes.setdefault((method, path), []).extend(answers)
        return self

    def delay_for(self, path):
        return max([seconds for prefix, seconds in self.delays.items() if path.startswith(prefix)] or [0])

    def answer(self, method, path, request=None):
        """The next scripted answer; an answer may be a function of the request (a dict as in ``requests``)."""
        for (route_method, prefix), answers in self.routes.items():
            if route_method == method and path.startswith(prefix) and answers:
                answer = answers.pop(0) if len(answers) > 1 else answers[0]
                return answer(request) if callable(answer) else answer
        return 404, {}, error_body("404000", "Resource Not Found", "no script for %s %s" % (method, path))

    def count(self, method=None, path=None):
        return len([r for r in self.requests if (method is None or r["method"] == method)
                    and (path is None or r["path"].startswith(path))])

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def scripted():
    server = ScriptedServer()
    server.on("GET", "/api/2.4/serverinfo", (200, {}, SERVER_INFO))
    server.on("POST", "/api/3.25/auth/signin", (200, {}, SIGNED_IN))
    server.on("POST", "/api/3.25/auth/signout", (204, {}, b""))
    yield server
    server.close()


@pytest.fixture
def no_sleep(monkeypatch):
    """Record the client's waits (back-off and Retry-After) instead of sleeping."""
    from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
    slept = []
    monkeypatch.setattr(TableauClient, "wait", lambda self, seconds: slept.append(seconds))
    return slept


def dumps(value):
    return json.dumps(value)


@pytest.fixture
def emulator(request):
    """An emulator on the default seed, or (parametrized indirectly) on the seed given, merged into it."""
    seed = None
    overrides = getattr(request, "param", None)
    if overrides:
        seed = copy.deepcopy(DEFAULT_SEED)
        for key, value in overrides.items():
            if isinstance(value, dict):
                seed.setdefault(key, {}).update(value)
            else:
                seed[key] = value
    with BackgroundEmulator(seed=seed) as emu:
        yield emu
