"""Which credentials a task signs in with, from its own options and the environment's."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.arguments import (
    environment_credentials,
    resolve_credentials,
)
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError

PAT = {"token_name": "automation", "token_secret": "pat-secret"}
PASSWORD = {"username": "admin", "password": "pw"}
APP = {"connected_app_client_id": "c", "connected_app_secret_id": "i", "connected_app_secret_value": "v",
       "connected_app_username": "robot"}


@pytest.mark.parametrize("given, environment, kind, used", [
    (PASSWORD, PAT, "password", PASSWORD),
    (PAT, PASSWORD, "personal access token", PAT),
    (APP, dict(PAT, **PASSWORD), "connected app", APP),
    ({"jwt": "a.b.c"}, APP, "JWT", {"jwt": "a.b.c"}),
    ({}, PAT, "personal access token", PAT),
    ({"username": "someone"}, dict(PAT, password="env-pw"), "password", {"username": "someone", "password": "env-pw"}),
    ({"connected_app_username": "other"}, APP, "connected app", dict(APP, connected_app_username="other")),
    ({}, {}, None, {}),
], ids=["password over env PAT", "PAT over env password", "app over both", "jwt over env app", "env only",
        "task names the user, env has the password", "task picks the app's user", "none"])
def test_the_task_names_the_kind_and_the_environment_fills_in(given, environment, kind, used):
    assert resolve_credentials(given, environment) == (kind, used)


def test_two_kinds_in_the_task_are_mutually_exclusive():
    with pytest.raises(TableauValidationError) as info:
        resolve_credentials(dict(PASSWORD, **PAT), {})
    assert info.value.msg == ("username (password) and token_name (personal access token) are mutually exclusive: "
                              "give one kind of credentials.")


def test_two_kinds_in_the_environment_are_named_by_their_variables():
    with pytest.raises(TableauValidationError) as info:
        resolve_credentials({}, dict(PASSWORD, **APP))
    assert "TABLEAU_USERNAME (password)" in info.value.msg
    assert "TABLEAU_CONNECTED_APP_CLIENT_ID (connected app)" in info.value.msg


def test_a_part_missing_from_task_and_environment_is_named_with_its_variable():
    with pytest.raises(TableauValidationError) as info:
        resolve_credentials({"token_name": "automation"}, PASSWORD)
    message = info.value.fail_json_kwargs()["msg"]
    assert "token_name and token_secret are required together" in message
    assert "token_secret is missing" in message
    assert "TABLEAU_TOKEN_SECRET" in message


def test_empty_values_count_as_unset():
    assert resolve_credentials({"username": "", "password": None}, PAT) == ("personal access token", PAT)
    assert environment_credentials({"TABLEAU_USERNAME": "", "TABLEAU_TOKEN_NAME": "n"}) == {"token_name": "n"}
