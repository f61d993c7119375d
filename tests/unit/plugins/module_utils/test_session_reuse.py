"""A session signed in by tableau_session and reused: no server info, no sign-in, no sign-out."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauSessionExpiredError,
    TableauValidationError,
)
from ansible_collections.tableau.server.plugins.module_utils.site import SiteResource

from ...conftest import error_body, ts

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "emulator"))

from tableau_emulator.server import BackgroundEmulator  # noqa: E402  pylint: disable=wrong-import-position

EXPIRED = (401, {}, error_body("401002", "Unauthorized Access", "Invalid authentication credentials"))


def session_for(server):
    return {"server_url": server.url, "site": "", "site_id": "site-1", "user_id": "user-1",
            "api_version": "3.25", "token": "tok-reused"}


def test_session_info_round_trips_through_adopt(scripted):
    first = TableauClient(scripted.url, auth={"username": "admin", "password": "secret"}).sign_in()
    second = TableauClient(scripted.url).adopt_session(first.session_info())
    assert (second.token, second.site_id, second.api_version) == ("tok-1", "site-1", "3.25")


def test_adopted_session_sends_only_the_work(scripted):
    scripted.on("GET", "/api/3.25/sites/site-1/projects", (200, {}, ts("<projects/>")))
    client = TableauClient(scripted.url).adopt_session(session_for(scripted))
    client.get("/projects")
    client.close()
    assert [r["path"] for r in scripted.requests] == ["/api/3.25/sites/site-1/projects"]
    assert scripted.requests[0]["headers"]["X-Tableau-Auth"] == "tok-reused"


def test_expired_reused_session_without_credentials_says_so(scripted):
    scripted.on("GET", "/api/3.25/sites/site-1/projects", EXPIRED)
    client = TableauClient(scripted.url).adopt_session(session_for(scripted))
    with pytest.raises(TableauSessionExpiredError, match="no longer valid") as caught:
        client.get("/projects")
    assert "tableau_session" in caught.value.fail_json_kwargs()["msg"]
    assert scripted.count("POST", "/api/3.25/auth/signin") == 0


def test_expired_reused_session_with_credentials_signs_in_and_out_itself(scripted):
    scripted.on("GET", "/api/3.25/sites/site-1/projects", EXPIRED, (200, {}, ts("<projects/>")))
    client = TableauClient(scripted.url, auth={"username": "admin", "password": "secret"})
    client.adopt_session(session_for(scripted))
    client.get("/projects")
    client.close()
    assert scripted.count("POST", "/api/3.25/auth/signin") == 1
    assert scripted.count("POST", "/api/3.25/auth/signout") == 1
    assert scripted.requests[-1]["headers"]["X-Tableau-Auth"] == "tok-1"


def test_incomplete_session_is_refused_before_any_request(scripted):
    with pytest.raises(TableauValidationError, match="token"):
        TableauClient(scripted.url).adopt_session(dict(session_for(scripted), token=None))
    assert scripted.requests == []


def test_switching_site_never_moves_a_reused_session():
    with BackgroundEmulator() as emu:
        shared = TableauClient(emu.url, auth={"username": "admin", "password": "admin"}).sign_in()
        finance = [s for s in SiteResource(shared).list() if s["content_url"] == "finance"][0]
        reusing = TableauClient(emu.url).adopt_session(shared.session_info())
        with pytest.raises(TableauValidationError, match="reused"):
            SiteResource(reusing).switch_to(finance)
        with_credentials = TableauClient(emu.url, auth={"username": "admin", "password": "admin"})
        with_credentials.adopt_session(shared.session_info())
        SiteResource(with_credentials).switch_to(finance)
        with_credentials.close()
        assert list(emu.emulator.state.sessions) == [shared.token]
        shared.close()
