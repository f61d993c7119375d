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
