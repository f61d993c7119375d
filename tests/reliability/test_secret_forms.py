"""A server that quotes the request it refuses hands secrets back escaped: XML-escaped from a request body,
URL-encoded from a query string. None of those forms may reach the -vvv output, a message or a result."""

import base64
import copy
import json
from urllib.parse import quote, quote_plus
from xml.sax.saxutils import escape

import pytest

from conftest import Case, run_batch, seed
from tableau_emulator.server import BackgroundEmulator

# Secrets with every character that escaping changes.
PASSWORD = "Pw&<rel>\"7c1e\"'9d0b+/="
TOKEN_SECRET = "Pat&<rel>'5a88'\"f2c1\" %"
USER_PASSWORD = "Usr&<new>\"pw\"'x' ?="

ECHO_SIGN_IN = [{"path": "/auth/signin$", "action": "echo", "status": 401, "code": "401001"}]
# Add User carries no password; the Update User after it does.
ECHO_USER_WRITES = [{"path": "/users/[^/]+$", "method": "PUT", "action": "echo", "status": 400}]

CASES = [
    Case("password sign-in echoed", "tableau_user_info", {"name": "jsmith", "password": PASSWORD},
         faults=ECHO_SIGN_IN, auth="password"),
    Case("token sign-in echoed", "tableau_user_info", {"name": "jsmith", "token_secret": TOKEN_SECRET},
         faults=ECHO_SIGN_IN, auth="token"),
    Case("user password echoed", "tableau_user", {"name": "echo.user", "site_role": "Viewer", "user_password": USER_PASSWORD,
                                                  "token_secret": TOKEN_SECRET}, faults=ECHO_USER_WRITES),
]


def forms(secret):
    escaped = set(escape(secret, {'"': double, "'": single})
                  for double in ('"', "&quot;", "&#34;") for single in ("'", "&apos;", "&#39;"))
    return escaped | set([secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1],
                          base64.b64encode(secret.encode()).decode()])


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    data = copy.deepcopy(seed())
    data["users"][0]["password"] = PASSWORD
    data["tokens"][0]["secret"] = TOKEN_SECRET
    with BackgroundEmulator(seed=data) as emu:
        yield run_batch(emu, CASES, tmp_path_factory.mktemp("echo"), verbosity=3)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_task_fails_with_the_servers_answer_scrubbed(batch, case):
    result = batch[case.name]["result"]
    assert result.get("failed"), result
    assert "********" in result["msg"], result["msg"]
    assert batch[case.name]["emulator"]["sessions"]["open"] == 0


def test_no_form_of_any_secret_is_in_the_verbose_output(batch):
    assert "CASE " in batch.output
    leaked = sorted(form for secret in (PASSWORD, TOKEN_SECRET, USER_PASSWORD) for form in forms(secret)
                    if form in batch.output)
    assert not leaked, "secret forms in the -vvv output: %s" % leaked
