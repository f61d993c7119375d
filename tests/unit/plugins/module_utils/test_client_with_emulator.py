"""The client against the emulator: the three kinds of sign-in, impersonation and a real listing."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError

from tableau_emulator.jwt import connected_app_jwt  # pylint: disable=wrong-import-order


@pytest.mark.parametrize("auth", [
    {"username": "admin", "password": "admin"},
    {"token_name": "automation", "token_secret": "automation-secret"},
    {"jwt": connected_app_jwt("admin")},
], ids=["password", "token", "jwt"])
def test_each_kind_of_sign_in_lists_projects_and_signs_out(emulator, auth):
    client = TableauClient(emulator.url, site="finance", auth=auth).sign_in()
    assert client.api_version == "3.25"
    assert [p.get("name") for p in client.paginate("/projects", "project")] == ["Default"]
    client.sign_out()
    assert emulator.emulator.state.sessions == {}


def test_jwt_with_a_wrong_signature_is_401001(emulator):
    client = TableauClient(emulator.url, auth={"jwt": connected_app_jwt("admin", secret="wrong")})
    with pytest.raises(TableauApiError) as info:
        client.sign_in()
    assert info.value.code == "401001"


def test_unknown_site_is_401001_with_the_site_hint(emulator):
    client = TableauClient(emulator.url, site="nope", auth={"username": "admin", "password": "admin"})
    with pytest.raises(TableauApiError) as info:
        client.sign_in()
    assert "content URL" in info.value.fail_json_kwargs()["msg"]


def test_server_admin_can_impersonate(emulator):
    admin = TableauClient(emulator.url, auth={"username": "admin", "password": "admin"}).sign_in()
    admin_id = admin.user_id
    admin.sign_out()
    client = TableauClient(emulator.url, auth={"username": "admin", "password": "admin"},
                           impersonate_user_id=admin_id).sign_in()
    assert client.user_id == admin_id
    client.sign_out()


@pytest.mark.parametrize("emulator", [{"server": {"rest_api_version": "2.3", "product_version": "10.0.2"}}],
                         indirect=True, ids=["tableau-10.0"])
def test_a_server_older_than_serverinfo_is_spoken_to_in_its_own_version(emulator):
    client = TableauClient(emulator.url, auth={"username": "admin", "password": "admin"})
    assert client.negotiate_version() == "2.3"
    assert client.server_info["product_version"] == "10.0.2"
    client.sign_in()
    assert client.api_version == "2.3"
    client.sign_out()
