"""Connected apps: the JWT made for each sign-in, as Tableau wants it, and accepted by the emulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import hashlib
import hmac
import json

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.connected_app import DEFAULT_SCOPES, LIFETIME, mint_jwt
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauApiError,
    TableauValidationError,
    TableauVersionError,
)
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource

from tableau_emulator.jwt import SEED_APP  # pylint: disable=wrong-import-order
from tableau_emulator.server import Fault  # pylint: disable=wrong-import-order

APP = {"connected_app_client_id": SEED_APP["client_id"], "connected_app_secret_id": SEED_APP["secret_id"],
       "connected_app_secret_value": SEED_APP["secret_value"], "connected_app_username": "admin"}


def decoded(segment):
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def parts(token):
    header, claims, signature = token.split(".")
    return decoded(header), decoded(claims), header, claims, signature


def test_the_token_carries_what_tableau_asks_for():
    token = mint_jwt("client-id", "secret-id", "secret-value", "robot@example.com", ["tableau:content:read"], now=1000)
    header, claims, dummy, dummy, dummy = parts(token)
    assert header == {"alg": "HS256", "typ": "JWT", "kid": "secret-id", "iss": "client-id"}
    assert sorted(claims) == ["aud", "exp", "iss", "jti", "scp", "sub"]
    assert (claims["iss"], claims["sub"], claims["aud"], claims["scp"]) == (
        "client-id", "robot@example.com", "tableau", ["tableau:content:read"])
    assert claims["exp"] == 1000 + LIFETIME and LIFETIME <= 600


def test_the_signature_is_hs256_over_header_and_claims():
    token = mint_jwt("client-id", "secret-id", "secret-value", "robot")
    dummy, dummy, header, claims, signature = parts(token)
    expected = hmac.new(b"secret-value", ("%s.%s" % (header, claims)).encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)) == expected
    assert "=" not in token


def test_every_token_has_its_own_jti():
    jtis = set(parts(mint_jwt("c", "i", "v", "robot"))[1]["jti"] for dummy in range(50))
    assert len(jtis) == 50


def test_the_default_scopes_are_tableau_scopes():
    claims = parts(mint_jwt("c", "i", "v", "robot"))[1]
    assert claims["scp"] == list(DEFAULT_SCOPES)
    assert all(scope.startswith("tableau:") and scope.count(":") == 2 for scope in DEFAULT_SCOPES)


def test_no_scopes_at_all_is_refused_before_any_request():
    with pytest.raises(TableauValidationError):
        mint_jwt("c", "i", "v", "robot", scopes=[])


def test_a_connected_app_signs_in_and_out(emulator):
    client = TableauClient(emulator.url, site="finance", auth=dict(APP, connected_app_scopes=["tableau:projects:*"]))
    client.sign_in()
    (session,) = emulator.emulator.state.sessions.values()
    assert (session["kind"], session["user_name"], session["content_url"]) == ("jwt", "admin", "finance")
    assert session["scopes"] == ["tableau:projects:*"]
    client.sign_out()
    assert emulator.emulator.state.sessions == {}


def test_a_re_sign_in_after_401002_makes_a_new_token(emulator):
    client = TableauClient(emulator.url, auth=APP, backoff_factor=0).sign_in()
    emulator.emulator.faults.append(Fault({"path": r"/projects$", "action": "expire_session"}))
    assert [p["name"] for p in ProjectResource(client).list()] == ["Default"]
    sign_ins = [r for r in emulator.emulator.log if r["path"].endswith("/auth/signin")]
    assert len(sign_ins) == 2 and all(r["status"] == 200 for r in sign_ins)
    assert len(emulator.emulator.state.used_jtis[SEED_APP["client_id"]]) == 2
    client.sign_out()


def test_a_fixed_jwt_cannot_sign_in_again_after_401002(emulator):
    from tableau_emulator.jwt import connected_app_jwt  # pylint: disable=import-outside-toplevel
    client = TableauClient(emulator.url, auth={"jwt": connected_app_jwt("admin")}, backoff_factor=0).sign_in()
    emulator.emulator.faults.append(Fault({"path": r"/projects$", "action": "expire_session"}))
    with pytest.raises(TableauApiError) as info:
        ProjectResource(client).list()
    assert info.value.code == "401001"
    assert "jti" in info.value.detail


def test_a_wrong_secret_value_is_401001(emulator):
    client = TableauClient(emulator.url, auth=dict(APP, connected_app_secret_value="not-the-secret"))
    with pytest.raises(TableauApiError) as info:
        client.sign_in()
    assert info.value.code == "401001"


def test_a_server_older_than_3_17_is_told_before_any_sign_in(emulator):
    client = TableauClient(emulator.url, auth=APP, api_version="3.16")
    with pytest.raises(TableauVersionError) as info:
        client.sign_in()
    assert "3.17" in info.value.msg
    assert not [r for r in emulator.emulator.log if r["path"].endswith("/auth/signin")]
