"""Connection options are validated before any request: one kind of credentials, complete, from options or env."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule


def build(capsys, **args):
    try:
        with patch_module_args(args):
            return TableauModule(argument_spec={}, supports_check_mode=True), None
    except SystemExit:
        return None, json.loads(capsys.readouterr().out)


def test_password_and_token_together_are_refused(capsys):
    module, failure = build(capsys, server_url="https://t", username="someone", password="pw-123456",
                            token_name="n", token_secret="tok-secret-123")
    assert module is None
    assert "mutually exclusive" in failure["msg"]
    assert "username" in failure["msg"] and "token_name" in failure["msg"]


def test_token_name_needs_its_secret(capsys):
    module, failure = build(capsys, server_url="https://t", token_name="n")
    assert module is None
    assert "token_secret" in failure["msg"]


def test_some_credentials_are_required(capsys):
    module, failure = build(capsys, server_url="https://t")
    assert module is None
    assert "one of the following is required" in failure["msg"]


def test_credentials_and_url_come_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("TABLEAU_SERVER_URL", "https://env.example.com")
    monkeypatch.setenv("TABLEAU_TOKEN_NAME", "automation")
    monkeypatch.setenv("TABLEAU_TOKEN_SECRET", "from-env")
    monkeypatch.setenv("TABLEAU_SITE", "finance")
    module, failure = build(capsys)
    assert failure is None
    client = module.client()
    assert client.server_url == "https://env.example.com"
    assert client.site == "finance"
    assert client.auth == {"token_name": "automation", "token_secret": "from-env"}
    assert "from-env" in module.no_log_values


@pytest.mark.parametrize("secret_option", ["password", "token_secret", "jwt"])
def test_every_secret_is_no_log(secret_option):
    from ansible_collections.tableau.server.plugins.module_utils.arguments import CONNECTION_SPEC
    assert CONNECTION_SPEC[secret_option]["no_log"] is True


def test_an_old_urllib3_is_reported_as_a_missing_requirement(monkeypatch, capsys):
    from ansible_collections.tableau.server.plugins.module_utils import module as module_utils
    monkeypatch.setattr(module_utils, "HAS_URLLIB3", False)
    monkeypatch.setattr(module_utils, "URLLIB3_IMPORT_ERROR", "urllib3 1.26.20 is installed")
    module, failure = build(capsys, server_url="https://t", token_name="n", token_secret="s")
    assert module is None
    assert "urllib3 >= 2.0.2" in failure["msg"]


# ------------------------------------------------------------------ the task's credentials win over the environment

PAT_IN_ENV = {"TABLEAU_TOKEN_NAME": "automation", "TABLEAU_TOKEN_SECRET": "env-token-secret"}
PASSWORD_IN_ENV = {"TABLEAU_USERNAME": "env-user", "TABLEAU_PASSWORD": "env-password"}
APP_IN_ENV = {"TABLEAU_CONNECTED_APP_CLIENT_ID": "client", "TABLEAU_CONNECTED_APP_SECRET_ID": "secret-id",
              "TABLEAU_CONNECTED_APP_SECRET_VALUE": "env-app-secret", "TABLEAU_CONNECTED_APP_USERNAME": "robot"}


def with_env(monkeypatch, *variables):
    for found in variables:
        for name, value in found.items():
            monkeypatch.setenv(name, value)


def test_a_task_password_wins_over_a_token_in_the_environment(monkeypatch, capsys):
    with_env(monkeypatch, PAT_IN_ENV)
    module, failure = build(capsys, server_url="https://t", username="someone", password="pw-123456")
    assert failure is None
    assert module.credential_kind == "password"
    assert module.client().auth == {"username": "someone", "password": "pw-123456"}
    assert module.params["token_name"] is None and module.params["token_secret"] is None
    assert "env-token-secret" in module.no_log_values


def test_a_task_token_wins_over_a_password_in_the_environment(monkeypatch, capsys):
    with_env(monkeypatch, PASSWORD_IN_ENV)
    module, failure = build(capsys, server_url="https://t", token_name="n", token_secret="tok-secret-123")
    assert failure is None
    assert module.client().auth == {"token_name": "n", "token_secret": "tok-secret-123"}
    assert "env-password" in module.no_log_values


def test_a_task_connected_app_wins_over_both_kinds_in_the_environment(monkeypatch, capsys):
    with_env(monkeypatch, PASSWORD_IN_ENV, PAT_IN_ENV)
    module, failure = build(capsys, server_url="https://t", connected_app_client_id="c", connected_app_secret_id="i",
                            connected_app_secret_value="v-123456", connected_app_username="robot")
    assert failure is None
    assert module.credential_kind == "connected app"
    assert sorted(module.client().auth) == ["connected_app_client_id", "connected_app_scopes", "connected_app_secret_id",
                                            "connected_app_secret_value", "connected_app_username"]


def test_the_missing_part_of_the_kind_a_task_names_comes_from_the_environment(monkeypatch, capsys):
    # The task picks the user; the controller holds the password.
    with_env(monkeypatch, {"TABLEAU_PASSWORD": "env-password"}, PAT_IN_ENV)
    module, failure = build(capsys, server_url="https://t", username="someone")
    assert failure is None
    assert module.client().auth == {"username": "someone", "password": "env-password"}


def test_the_environment_alone_may_hold_one_kind(monkeypatch, capsys):
    with_env(monkeypatch, APP_IN_ENV)
    module, failure = build(capsys, server_url="https://t")
    assert failure is None
    assert module.credential_kind == "connected app"
    assert module.params["connected_app_username"] == "robot"
    assert "env-app-secret" in module.no_log_values


def test_two_kinds_in_the_environment_and_none_in_the_task_are_refused(monkeypatch, capsys):
    with_env(monkeypatch, PASSWORD_IN_ENV, PAT_IN_ENV)
    module, failure = build(capsys, server_url="https://t")
    assert module is None
    assert "mutually exclusive" in failure["msg"]
    assert "TABLEAU_USERNAME" in failure["msg"] and "TABLEAU_TOKEN_NAME" in failure["msg"]
    assert "env-password" not in json.dumps(failure) and "env-token-secret" not in json.dumps(failure)


def test_an_incomplete_kind_in_the_task_names_what_is_missing(monkeypatch, capsys):
    with_env(monkeypatch, PAT_IN_ENV)
    module, failure = build(capsys, server_url="https://t", username="someone")
    assert module is None
    assert "required together" in failure["msg"]
    assert "TABLEAU_PASSWORD" in failure["msg"]


def test_a_connected_app_needs_all_four_options(capsys):
    module, failure = build(capsys, server_url="https://t", connected_app_client_id="c", connected_app_secret_id="i")
    assert module is None
    assert "required together" in failure["msg"]
    assert "connected_app_secret_value and connected_app_username are missing" in failure["msg"]


def test_an_empty_variable_counts_as_unset(monkeypatch, capsys):
    # A controller injects optional fields left blank as empty strings.
    with_env(monkeypatch, PAT_IN_ENV, {"TABLEAU_USERNAME": "", "TABLEAU_PASSWORD": "", "TABLEAU_VALIDATE_CERTS": "",
                                       "TABLEAU_TIMEOUT": "", "TABLEAU_CA_PATH": "", "TABLEAU_SITE": ""})
    module, failure = build(capsys, server_url="https://t")
    assert failure is None
    assert module.credential_kind == "personal access token"
    assert module.params["validate_certs"] is True and module.params["timeout"] == 60
    assert module.params["ca_path"] is None and module.params["site"] == ""


def test_every_other_connection_option_comes_from_the_environment(monkeypatch, capsys):
    with_env(monkeypatch, PAT_IN_ENV, {"TABLEAU_SERVER_URL": "https://env", "TABLEAU_CA_PATH": "/etc/ca.pem",
                                       "TABLEAU_TIMEOUT": "7", "TABLEAU_RETRIES": "2", "TABLEAU_VALIDATE_CERTS": "false",
                                       "TABLEAU_API_VERSION": "3.20", "TABLEAU_SITE": "finance"})
    module, failure = build(capsys)
    assert failure is None
    params = module.params
    assert (params["server_url"], params["ca_path"], params["timeout"], params["retries"], params["validate_certs"],
            params["api_version"], params["site"]) == ("https://env", "/etc/ca.pem", 7, 2, False, "3.20", "finance")


def test_a_session_needs_no_credentials(capsys):
    module, failure = build(capsys, session={"server_url": "https://t", "site": "", "site_id": "s", "user_id": "u",
                                             "api_version": "3.25", "token": "tok"})
    assert failure is None
    assert module.credential_kind is None


@pytest.mark.parametrize("option", ["password", "token_secret", "jwt", "connected_app_secret_value"])
def test_every_secret_option_is_no_log_and_counted_as_secret(option):
    from ansible_collections.tableau.server.plugins.module_utils.arguments import CONNECTION_SPEC, SECRET_OPTIONS
    assert CONNECTION_SPEC[option]["no_log"] is True
    assert option in SECRET_OPTIONS


def test_every_connection_option_but_the_session_and_impersonation_has_a_variable():
    from ansible_collections.tableau.server.plugins.module_utils.arguments import CONNECTION_SPEC, ENVIRONMENT
    assert sorted(ENVIRONMENT) == sorted(set(CONNECTION_SPEC) - {"session", "impersonate_user_id", "connected_app_scopes"})
    assert all(name.startswith("TABLEAU_") for name in ENVIRONMENT.values())
