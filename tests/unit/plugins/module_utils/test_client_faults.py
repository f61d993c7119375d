"""The transport under the emulator's faults: what is repeated, what is not, and what is refused."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

import pytest

from ansible_collections.tableau.server.plugins.module_utils import client as client_module
from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauApiError,
    TableauConnectionError,
    TableauResponseError,
)
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource

from ...conftest import error_body, ts

from tableau_emulator.server import Fault  # pylint: disable=wrong-import-order

SITE_PATH = r"/sites/[0-9a-f-]{36}/projects$"


def signed_in(emu, **kwargs):
    kwargs.setdefault("backoff_factor", 0)
    return TableauClient(emu.url, auth={"username": "admin", "password": "admin"}, **kwargs).sign_in()


def inject(emu, **spec):
    emu.emulator.faults.append(Fault(spec))


def logged(emu, wanted):
    """Log entries for which ``wanted`` holds. An injected answer is logged just after it is sent, so the
    client may have it first: give the emulator's thread a moment to write the entry."""
    for dummy in range(200):
        entries = [e for e in emu.emulator.log if wanted(e)]
        if entries:
            return entries
        time.sleep(0.01)
    return []


def names(emu):
    return emu.emulator.content_summary()["sites"][0]["projects"]


def test_a_get_whose_answer_broke_off_is_read_again(emulator):
    client = signed_in(emulator)
    inject(emulator, path=SITE_PATH, method="GET", action="reset")
    assert [p["name"] for p in ProjectResource(client).list()] == ["Default"]
    assert [e["status"] for e in emulator.emulator.log if e["path"].endswith("/projects")] == ["reset", 200]


def test_a_get_that_never_answers_in_time_is_read_again(emulator):
    client = signed_in(emulator, timeout=0.5)
    inject(emulator, path=SITE_PATH, method="GET", action="delay", seconds=1)
    assert len(ProjectResource(client).list()) == 1


def test_a_post_whose_answer_broke_off_is_not_sent_again_by_the_transport(emulator):
    client = signed_in(emulator)
    inject(emulator, path=SITE_PATH, method="POST", action="reset", phase="after")
    with pytest.raises(TableauConnectionError) as info:
        client.post("/projects", b'<tsRequest><project name="Once"/></tsRequest>', expected=(201,))
    assert info.value.maybe_applied
    assert names(emulator).count("Once") == 1


@pytest.mark.parametrize("fault", [
    dict(action="reset", phase="after"),
    dict(action="reset"),
    dict(action="reset", headers=False),
    dict(action="delay", seconds=1.2, phase="after"),
], ids=["reset-after-write", "reset-before-write", "closed-before-answer", "slow-after-write"])
def test_a_project_create_with_a_lost_answer_makes_exactly_one_project(emulator, fault):
    client = signed_in(emulator, timeout=0.6)
    inject(emulator, path=SITE_PATH, method="POST", **fault)
    project = ProjectResource(client).create({"name": "Exactly once", "parent_id": None})
    assert project["id"] and project["name"] == "Exactly once"
    assert names(emulator).count("Exactly once") == 1


def test_a_delete_whose_answer_was_lost_is_done_when_the_retry_finds_nothing(emulator):
    client = signed_in(emulator)
    projects = ProjectResource(client)
    project = projects.create({"name": "Doomed", "parent_id": None})
    inject(emulator, path=r"/projects/[0-9a-f-]{36}$", method="DELETE", action="reset", phase="after")
    projects.delete(project)
    assert "Doomed" not in names(emulator)


def test_a_create_refused_with_503_is_a_clear_error_and_not_repeated(emulator):
    client = signed_in(emulator)
    inject(emulator, path=SITE_PATH, method="POST", status=503, times=0)
    with pytest.raises(TableauApiError, match="503"):
        ProjectResource(client).create({"name": "Refused", "parent_id": None})
    assert len(logged(emulator, lambda e: e["method"] == "POST" and "projects" in e["path"])) == 1
    assert "Refused" not in names(emulator)


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "undeclared"])
def test_a_huge_answer_is_refused_without_reading_it_all(emulator, chunked):
    client = signed_in(emulator, max_response_bytes=1024 * 1024)
    inject(emulator, path=SITE_PATH, action="body", kind="huge", megabytes=8, chunked=chunked)
    with pytest.raises(TableauResponseError, match="too large"):
        ProjectResource(client).list()


@pytest.mark.parametrize("kind, words", [
    ("xxe", "unsafe"), ("billion_laughs", "unsafe"), ("malformed", "not well-formed"),
    ("truncated", "not well-formed"), ("not_xml", "tsResponse"),
])
def test_hostile_or_broken_xml_is_refused(emulator, kind, words):
    client = signed_in(emulator)
    inject(emulator, path=SITE_PATH, action="body", kind=kind)
    with pytest.raises(TableauResponseError, match=words):
        ProjectResource(client).list()


def test_a_session_expired_before_a_create_signs_in_again_and_creates_once(emulator):
    client = signed_in(emulator)
    inject(emulator, path=SITE_PATH, method="POST", action="expire_session")
    ProjectResource(client).create({"name": "After expiry", "parent_id": None})
    assert names(emulator).count("After expiry") == 1
    client.sign_out()
    assert emulator.emulator.state.sessions == {}


def test_retry_after_is_capped(scripted, no_sleep):
    scripted.on("GET", "/api/3.25/sites/site-1/users", (429, {"Retry-After": "86400"}, b""), (200, {}, ts("")))
    client = TableauClient(scripted.url, auth={"username": "a", "password": "b"}).sign_in()
    client.get("/users")
    assert max(no_sleep) == client_module.MAX_RETRY_AFTER


def test_a_500_is_not_retried(scripted, no_sleep):
    scripted.on("GET", "/api/3.25/sites/site-1/users", (500, {}, error_body("500000", "Internal Error", "boom")))
    client = TableauClient(scripted.url, auth={"username": "a", "password": "b"}).sign_in()
    with pytest.raises(TableauApiError, match="500000"):
        client.get("/users")
    assert scripted.count("GET", "/api/3.25/sites/site-1/users") == 1
