"""Check mode sends no writes; -vvv output never shows a password, token secret, JWT or session token;
every session is closed after success and after failure, for every audited module and kind of sign-in."""

import pytest

from audited_modules import MODULES, audited as audited_entry
from conftest import SECRET_OPTIONS, SITE_REQUESTS, Case, run_cases, writes_in

AUTH_KINDS = ("password", "token", "jwt")
# A failure after sign-in, and a session that expires and is replaced mid-task.
SITUATIONS = {
    "succeeds": [],
    "fails": [{"path": SITE_REQUESTS, "status": 500, "times": 0}],
    "session expires": [{"path": SITE_REQUESTS, "action": "expire_session"}],
}


def name(audited, auth, situation):
    return "%s / %s / %s" % (audited.module, auth, situation)


CHECK_CASES = [Case("check %s" % audited.module, audited.module, audited.check_args, check_mode=True,
                    setup=audited.setup)
               for audited in MODULES]
SECRET_CASES = [Case(name(audited, auth, situation), audited.module, audited.args, faults=faults, auth=auth,
                     setup=audited.setup)
                for audited in MODULES for auth in AUTH_KINDS for situation, faults in SITUATIONS.items()
                if audited.reads_site or not faults]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    return run_cases(CHECK_CASES + SECRET_CASES, tmp_path_factory.mktemp("audit"), verbosity=3)


@pytest.mark.parametrize("audited", MODULES, ids=[a.module for a in MODULES])
def test_check_mode_sends_no_writes(batch, audited):
    case = batch["check %s" % audited.module]
    assert not case["result"].get("failed"), case["result"].get("msg")
    assert writes_in(case["emulator"]) == []
    if audited.writes:
        assert case["result"]["changed"], "check mode should predict the change"
    assert case["emulator"]["sessions"]["open"] == audited.sessions_left(case["result"])


@pytest.mark.parametrize("case", SECRET_CASES, ids=[c.name for c in SECRET_CASES])
def test_every_session_is_closed(batch, case):
    outcome = batch[case.name]
    assert bool(outcome["result"].get("failed")) == bool(case.faults and case.faults[0].get("status")), \
        outcome["result"].get("msg")
    expected = audited_entry(case.module).sessions_left(outcome["result"])
    assert outcome["emulator"]["sessions"]["open"] == expected, outcome["emulator"]["sessions"]


def test_verbose_output_shows_no_secret(batch):
    # -vvv shows each module's arguments (with secrets masked) and its full result.
    assert "CASE " in batch.output, batch.output[-3000:]
    assert batch.masked_options_shown() == sorted(SECRET_OPTIONS), \
        "-vvv should show every secret option masked among the module arguments:\n" + batch.output[-3000:]
    assert len(batch.secrets) >= 3 and batch.tokens, "the batch should use every kind of secret and session"
    assert not batch.leaked(), "secrets in the -vvv output: %d of them" % len(batch.leaked())
