"""Connected-app JWTs are checked as Tableau checks them; the request log tells which requests ran side by side."""

import json
import time

import requests

from rawapi import error_code
from tableau_emulator.jwt import connected_app_jwt

SIGN_IN = '<tsRequest><credentials jwt="%s"><site contentUrl="%s"/></credentials></tsRequest>'


def sign_in(emulator, token, site=""):
    return requests.post(emulator.url + "/api/3.25/auth/signin", data=SIGN_IN % (token, site), timeout=10)


def refused_because(reply, words):
    assert reply.status_code == 401, reply.text
    assert error_code(reply) == "401001"
    assert words in reply.text, reply.text


def test_a_fresh_token_signs_in_and_its_scopes_are_kept(emulator):
    reply = sign_in(emulator, connected_app_jwt("admin", scopes=["tableau:content:read", "tableau:projects:*"]))
    assert reply.status_code == 200, reply.text
    (session,) = emulator.emulator.state.sessions.values()
    assert session["kind"] == "jwt"
    assert session["scopes"] == ["tableau:content:read", "tableau:projects:*"]


def test_a_token_is_taken_once(emulator):
    token = connected_app_jwt("admin")
    assert sign_in(emulator, token).status_code == 200
    refused_because(sign_in(emulator, token), "jti was used before")


def test_an_expired_token_is_refused(emulator):
    refused_because(sign_in(emulator, connected_app_jwt("admin", expires_in=-5)), "has expired")


def test_a_token_valid_for_more_than_ten_minutes_is_refused(emulator):
    refused_because(sign_in(emulator, connected_app_jwt("admin", expires_in=660)), "more than 600 seconds ahead")
    assert sign_in(emulator, connected_app_jwt("admin", expires_in=590)).status_code == 200


def test_an_app_may_allow_longer_tokens_and_reuse(emulator):
    app = emulator.emulator.state.connected_apps["emulator-client"]
    app.update(max_validity_seconds=7200, single_use_jti=False)
    token = connected_app_jwt("admin", expires_in=3600)
    assert sign_in(emulator, token).status_code == 200
    assert sign_in(emulator, token).status_code == 200


def test_a_token_without_subject_or_id_is_refused(emulator):
    refused_because(sign_in(emulator, connected_app_jwt("")), "names no user")
    token = connected_app_jwt("admin", jti="")
    refused_because(sign_in(emulator, token), "no ID (jti)")


def test_scopes_must_be_a_list(emulator):
    refused_because(sign_in(emulator, connected_app_jwt("admin", scopes="tableau:content:read")), "list of strings")


def test_a_reset_forgets_the_tokens_taken(emulator):
    token = connected_app_jwt("admin")
    assert sign_in(emulator, token).status_code == 200
    requests.post(emulator.url + "/_emulator/reset", timeout=10)
    assert sign_in(emulator, token).status_code == 200


def test_the_log_names_each_request_site_and_when_it_ran(emulator):
    before = time.monotonic()
    reply = sign_in(emulator, connected_app_jwt("admin"), site="finance")
    token = reply.text.split('token="')[1].split('"')[0]
    site_id = reply.text.split('<site id="')[1].split('"')[0]
    requests.get(emulator.url + "/api/3.25/sites/%s/projects" % site_id, headers={"X-Tableau-Auth": token}, timeout=10)
    log = requests.get(emulator.url + "/_emulator/requests", timeout=10).json()
    sign_in_entry, listing = log["requests"]
    assert sign_in_entry["site"] == "finance" and listing["site"] == "finance"
    assert before <= sign_in_entry["started"] <= sign_in_entry["finished"] <= listing["started"] <= listing["finished"]
    assert log["max_in_flight"] >= 1


def test_a_reset_may_bring_another_seed_until_the_next_reset(emulator):
    seed = {"sites": [{"name": "Default", "content_url": ""}] +
                     [{"name": "Site %d" % n, "content_url": "site%d" % n} for n in range(3)],
            "users": [{"name": "admin", "password": "admin", "site_role": "ServerAdministrator",
                       "sites": ["", "site0", "site1", "site2"]}]}
    answer = requests.post(emulator.url + "/_emulator/reset", data=json.dumps({"seed": seed}), timeout=10)
    assert answer.status_code == 200, answer.text
    assert [s["content_url"] for s in emulator.emulator.content_summary()["sites"]] == ["", "site0", "site1", "site2"]
    requests.post(emulator.url + "/_emulator/reset", timeout=10)
    assert [s["content_url"] for s in emulator.emulator.content_summary()["sites"]] == ["", "finance"]
