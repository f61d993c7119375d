"""The fault knobs: what each injected misbehaviour looks like on the wire, and when it fires."""

import http.client
import json
import socket
import urllib.parse

import pytest
import requests

from tableau_emulator.server import BackgroundEmulator

SIGN_IN = (b'<tsRequest><credentials name="admin" password="admin"><site contentUrl=""/></credentials>'
           b'</tsRequest>')


def control(emu, method, name, data=None):
    response = requests.request(method, "%s/_emulator/%s" % (emu.url, name), json=data, timeout=10)
    return response.status_code, response.json()


def add_faults(emu, *specs):
    status, data = control(emu, "POST", "faults", list(specs))
    assert status == 200, data
    return data


def sign_in(emu):
    response = requests.post(emu.url + "/api/3.25/auth/signin", data=SIGN_IN, timeout=10)
    assert response.status_code == 200, response.text
    token = response.text.split('token="')[1].split('"')[0]
    site_id = response.text.split('<site id="')[1].split('"')[0]
    return token, site_id


def projects_url(emu, site_id):
    return "%s/api/3.25/sites/%s/projects" % (emu.url, site_id)


def create_project(emu, token, site_id, name, timeout=10):
    body = ('<tsRequest><project name="%s"/></tsRequest>' % name).encode()
    return requests.post(projects_url(emu, site_id), data=body, timeout=timeout,
                         headers={"X-Tableau-Auth": token, "Content-Type": "application/xml"})


def project_names(emu):
    return control(emu, "GET", "state")[1]["sites"][0]["projects"]


def raw_get(emu, path):
    """A GET over a bare connection, so a half-sent answer can be inspected rather than retried."""
    parts = urllib.parse.urlsplit(emu.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", path)
    return connection, connection.getresponse()


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_status_fault_answers_with_a_tableau_error_document(emulator, status):
    add_faults(emulator, {"path": "/serverinfo$", "status": status})
    response = requests.get(emulator.url + "/api/2.4/serverinfo", timeout=10)
    assert response.status_code == status
    assert 'code="%d000"' % status in response.text
    assert "Retry-After" not in response.headers
    assert requests.get(emulator.url + "/api/2.4/serverinfo", timeout=10).status_code == 200


def test_429_carries_retry_after_when_asked(emulator):
    add_faults(emulator, {"path": "/serverinfo$", "status": 429, "retry_after": 3})
    response = requests.get(emulator.url + "/api/2.4/serverinfo", timeout=10)
    assert response.status_code == 429 and response.headers["Retry-After"] == "3"


def test_after_and_times_count_only_matching_requests(emulator):
    add_faults(emulator, {"path": "/serverinfo$", "method": ["GET"], "status": 503, "after": 1, "times": 2})
    statuses = []
    for dummy in range(4):
        requests.post(emulator.url + "/api/2.4/serverinfo", timeout=10)  # other method: not counted
        statuses.append(requests.get(emulator.url + "/api/2.4/serverinfo", timeout=10).status_code)
    assert statuses == [200, 503, 503, 200]
    fault = control(emulator, "GET", "faults")[1]["faults"][0]
    assert (fault["seen"], fault["fired"]) == (4, 2)


def test_times_zero_fires_on_every_request(emulator):
    add_faults(emulator, {"path": "/serverinfo$", "status": 502, "times": 0})
    assert [requests.get(emulator.url + "/api/2.4/serverinfo", timeout=10).status_code
            for dummy in range(3)] == [502, 502, 502]


def test_faults_in_the_seed_come_back_unfired_after_a_reset():
    seed = {"sites": [{"name": "Default", "content_url": ""}],
            "faults": [{"path": "/serverinfo$", "status": 504}]}
    with BackgroundEmulator(seed=seed) as emu:
        url = emu.url + "/api/2.4/serverinfo"
        assert [requests.get(url, timeout=10).status_code for dummy in range(2)] == [504, 200]
        control(emu, "POST", "reset")
        assert [requests.get(url, timeout=10).status_code for dummy in range(2)] == [504, 200]


@pytest.mark.parametrize("spec", [{"action": "explode"}, {"action": "body", "kind": "gigantic"},
                                  {"phase": "during"}, {"path": "("}])
def test_a_bad_fault_is_refused(emulator, spec):
    status, data = control(emulator, "POST", "faults", spec)
    assert status == 400 and "bad fault" in data["error"]


def test_reset_sends_headers_and_part_of_the_body_then_closes(emulator):
    add_faults(emulator, {"path": "/serverinfo$", "action": "reset", "bytes": 10})
    connection, response = raw_get(emulator, "/api/2.4/serverinfo")
    assert response.status == 200
    with pytest.raises(http.client.IncompleteRead) as info:
        response.read()
    assert len(info.value.partial) == 10
    connection.close()


def test_reset_without_headers_closes_before_answering(emulator):
    add_faults(emulator, {"path": "/serverinfo$", "action": "reset", "headers": False})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        raw_get(emulator, "/api/2.4/serverinfo")


def test_reset_after_the_handler_ran_keeps_the_write(emulator):
    token, site_id = sign_in(emulator)
    add_faults(emulator, {"path": "/projects$", "method": "POST", "action": "reset", "phase": "after"})
    with pytest.raises((requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        create_project(emulator, token, site_id, "Half answered")
    assert "Half answered" in project_names(emulator)


def test_reset_before_the_handler_changes_nothing(emulator):
    token, site_id = sign_in(emulator)
    add_faults(emulator, {"path": "/projects$", "method": "POST", "action": "reset"})
    with pytest.raises((requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        create_project(emulator, token, site_id, "Never made")
    assert "Never made" not in project_names(emulator)


def test_delay_after_the_handler_outlasts_the_client_timeout_but_the_write_happens(emulator):
    token, site_id = sign_in(emulator)
    add_faults(emulator, {"path": "/projects$", "method": "POST", "action": "delay", "seconds": 1.5,
                          "phase": "after"})
    with pytest.raises(requests.exceptions.Timeout):
        create_project(emulator, token, site_id, "Slow", timeout=0.5)
    assert "Slow" in project_names(emulator)


def test_expire_session_after_n_requests_gives_401002(emulator):
    token, site_id = sign_in(emulator)
    add_faults(emulator, {"path": "/sites/", "action": "expire_session", "after": 2})
    headers = {"X-Tableau-Auth": token}
    statuses = [requests.get(projects_url(emulator, site_id), headers=headers, timeout=10) for dummy in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 401]
    assert 'code="401002"' in statuses[-1].text
    assert control(emulator, "GET", "sessions")[1]["open"] == 0


@pytest.mark.parametrize("kind, marker", [
    ("malformed", b'<project id="1"'), ("truncated", b'name="Def'), ("xxe", b"<!ENTITY xxe SYSTEM"),
    ("billion_laughs", b"<!ENTITY lol4"), ("not_xml", b"<html>"),
])
def test_body_kinds(emulator, kind, marker):
    add_faults(emulator, {"path": "/serverinfo$", "action": "body", "kind": kind, "status": 200})
    response = requests.get(emulator.url + "/api/2.4/serverinfo", timeout=10)
    assert response.status_code == 200 and marker in response.content


@pytest.mark.parametrize("chunked", [False, True])
def test_huge_body_has_the_size_asked_for(emulator, chunked):
    add_faults(emulator, {"path": "/serverinfo$", "action": "body", "kind": "huge", "megabytes": 2,
                          "chunked": chunked})
    response = requests.get(emulator.url + "/api/2.4/serverinfo", timeout=10)
    assert ("Content-Length" in response.headers) is not chunked
    assert 2 * 1024 * 1024 - 70000 < len(response.content) < 2 * 1024 * 1024 + 1000
    assert response.content.endswith(b"</projects></tsResponse>")


def test_a_client_that_hangs_up_on_a_huge_body_does_not_hurt_the_emulator(emulator):
    add_faults(emulator, {"path": "/serverinfo$", "action": "body", "kind": "huge", "megabytes": 64})
    parts = urllib.parse.urlsplit(emulator.url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
    sock.sendall(b"GET /api/2.4/serverinfo HTTP/1.1\r\nHost: emulator\r\n\r\n")
    assert sock.recv(1024).startswith(b"HTTP/1.1 200")
    sock.close()
    assert requests.get(emulator.url + "/api/2.4/serverinfo", timeout=10).status_code == 200


def test_every_fault_is_in_the_request_log(emulator):
    add_faults(emulator, {"path": "/serverinfo$", "status": 503})
    requests.get(emulator.url + "/api/2.4/serverinfo", timeout=10)
    log = control(emulator, "GET", "requests")[1]["requests"]
    assert [(e["status"], e["fault"]) for e in log] == [(503, "status")]
    assert json.dumps(log)  # plain data, no tokens


def test_status_after_the_handler_ran_reports_an_error_for_a_write_that_happened(emulator):
    token, site_id = sign_in(emulator)
    add_faults(emulator, {"path": "/projects$", "method": "POST", "status": 502, "phase": "after"})
    assert create_project(emulator, token, site_id, "Done anyway").status_code == 502
    assert "Done anyway" in project_names(emulator)


def test_expire_session_after_the_handler_answers_then_ends_the_session(emulator):
    token, site_id = sign_in(emulator)
    add_faults(emulator, {"path": "/projects$", "action": "expire_session", "phase": "after"})
    headers = {"X-Tableau-Auth": token}
    assert requests.get(projects_url(emulator, site_id), headers=headers, timeout=10).status_code == 200
    assert requests.get(projects_url(emulator, site_id), headers=headers, timeout=10).status_code == 401


def test_get_forms_of_reset_and_disarm_for_get_only_clients(emulator):
    spec = urllib.parse.quote(json.dumps([{"path": "/serverinfo$", "status": 503, "times": 0}]))
    assert requests.get("%s/_emulator/reset?faults=%s" % (emulator.url, spec), timeout=10).json()["faults"]
    assert requests.get(emulator.url + "/api/2.4/serverinfo", timeout=10).status_code == 503
    assert control(emulator, "GET", "disarm") == (200, {"faults": []})
    assert requests.get(emulator.url + "/api/2.4/serverinfo", timeout=10).status_code == 200
