"""Every audited module under every fault: success after a retry, or a clear failure; never a duplicate,
never a reported write that did not happen, never an open session afterwards."""

import pytest

from audited_modules import MODULES
from conftest import SITE_REQUESTS, Case, assert_failed_with, duplicates_in, holds, run_cases, writes_in

SITE = SITE_REQUESTS


class FaultKind(object):
    """``faults``: what the emulator is armed with. ``outcome``: 'ok' or the words the failure must name.
    ``writes_only``: aimed at the first write, so only modules that write meet it. ``repeatable_outcome``:
    the outcome when that first write is repeatable (a PUT or DELETE, which the transport may send again),
    where it differs from a create's."""

    def __init__(self, name, faults, outcome="ok", args=None, writes_only=False, optional=False, on_existing=False,
                 repeatable_outcome=None, breaks_body=False):
        self.breaks_body = breaks_body  # spoils the answer's body: nothing to spoil in a 204
        self.optional = optional  # a module may make too few requests for it to fire
        self.on_existing = on_existing  # the task has run once already: under the fault it must change nothing
        self.name = name
        self.faults = faults
        self.outcome = outcome
        self.args = args or {}
        self.writes_only = writes_only
        self.repeatable_outcome = outcome if repeatable_outcome is None else repeatable_outcome

    def expected(self, audited):
        if self.breaks_body and audited.empty_write_answer:
            return "ok"
        return self.repeatable_outcome if audited.repeatable_writes else self.outcome

    @property
    def at_sign_in(self):
        return all("signin" in str(spec.get("path")) for spec in self.faults)


def first_read(**spec):
    return [dict(spec, path=SITE, method="GET")]


def first_write(**spec):
    return [dict(spec, path=SITE, method=["POST", "PUT", "DELETE"])]


FAULTS = [
    FaultKind("429 with Retry-After", first_read(status=429, retry_after=1)),
    FaultKind("429 without Retry-After", first_read(status=429, times=2)),
    FaultKind("500", first_read(status=500), ["500", "Injected fault"]),
    FaultKind("502 twice", first_read(status=502, times=2)),
    FaultKind("503 twice", first_read(status=503, times=2)),
    FaultKind("504", first_read(status=504)),
    FaultKind("503 for good", first_read(status=503, times=0), ["503"], args={"retries": 1}),
    FaultKind("reset mid-answer", first_read(action="reset")),
    FaultKind("closed before answering", first_read(action="reset", headers=False)),
    FaultKind("slower than the timeout", first_read(action="delay", seconds=3)),
    FaultKind("always slower than the timeout", first_read(action="delay", seconds=1.5, times=0),
              ["within 1 seconds"], args={"timeout": 1, "retries": 1}),
    FaultKind("session expired", first_read(action="expire_session")),
    FaultKind("session expires mid-task", [{"path": SITE, "action": "expire_session", "after": 1}], optional=True),
    FaultKind("sign-in 503", [{"path": "/auth/signin$", "status": 503}]),
    FaultKind("sign-in reset", [{"path": "/auth/signin$", "action": "reset", "headers": False}]),
    FaultKind("wrong password for good", [{"path": "/auth/signin$", "status": 401, "code": "401001",
                                           "summary": "Signin Error", "times": 0}], ["401001", "Sign-in failed"]),
    FaultKind("malformed XML", first_read(action="body", kind="malformed"), ["not well-formed"]),
    FaultKind("truncated XML", first_read(action="body", kind="truncated"), ["not well-formed"]),
    FaultKind("HTML instead of XML", first_read(action="body", kind="not_xml"), ["tsResponse", "proxy"]),
    FaultKind("request quoted back in the error", first_read(action="echo"), ["400"]),
    FaultKind("write quoted back in the error", first_write(action="echo"), ["400"], writes_only=True),
    FaultKind("XXE", first_read(action="body", kind="xxe"), ["unsafe"]),
    FaultKind("billion laughs", first_read(action="body", kind="billion_laughs"), ["unsafe"]),
    FaultKind("huge answer", first_read(action="body", kind="huge", megabytes=40), ["too large"]),
    FaultKind("huge answer, no length", first_read(action="body", kind="huge", megabytes=40, chunked=True),
              ["too large"]),
    FaultKind("second run, reads flaky", first_read(status=503, times=2), writes_only=True, on_existing=True),
    FaultKind("second run, reads cut off", first_read(action="reset"), writes_only=True, on_existing=True),
    # Aimed at the first write.
    FaultKind("write: 429", first_write(status=429, retry_after=1), writes_only=True),
    FaultKind("write: 503, a create is not repeated", first_write(status=503), ["503"], writes_only=True,
              repeatable_outcome="ok"),
    FaultKind("write: session expired", first_write(action="expire_session"), writes_only=True),
    FaultKind("write: reset after it was done", first_write(action="reset", phase="after"), writes_only=True),
    FaultKind("write: reset before it was done", first_write(action="reset"), writes_only=True),
    FaultKind("write: closed before answering", first_write(action="reset", headers=False, phase="after"),
              writes_only=True),
    FaultKind("write: slow answer after it was done", first_write(action="delay", seconds=3, phase="after"),
              writes_only=True),
    FaultKind("write: reset twice before it was done", first_write(action="reset", times=2),
              ["broke twice", "run the task again"], writes_only=True, repeatable_outcome="ok"),
    FaultKind("write: 504 after it was done", first_write(status=504, phase="after"), ["504"], writes_only=True,
              repeatable_outcome="ok"),
    FaultKind("write: broken answer after it was done", first_write(action="body", kind="malformed", phase="after"),
              ["not well-formed"], writes_only=True, breaks_body=True),
]

CASES = [(audited, fault) for audited in MODULES for fault in FAULTS
         if (audited.writes or not fault.writes_only) and (audited.reads_site or fault.at_sign_in)]


def case_name(audited, fault):
    return "%s / %s" % (audited.module, fault.name)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    cases = [Case(case_name(audited, fault), audited.module, dict(audited.args, **fault.args), faults=fault.faults,
                  rerun=audited.writes and fault.expected(audited) != "ok",
                  setup=audited.setup + ([(audited.module, audited.args)] if fault.on_existing else []))
             for audited, fault in CASES]
    return run_cases(cases, tmp_path_factory.mktemp("faults"), verbosity=3)


@pytest.mark.parametrize("audited, fault", CASES, ids=[case_name(a, f) for a, f in CASES])
def test_fault_ends_in_success_or_a_clear_failure(batch, audited, fault):
    case = batch[case_name(audited, fault)]
    outcome, emulator = case["result"], case["emulator"]
    if not any(f["fired"] for f in emulator["faults"]):
        if fault.optional:
            pytest.skip("%s makes too few requests for this fault" % audited.module)
        raise AssertionError("the fault never fired")
    expected = fault.expected(audited)
    if expected == "ok":
        assert not outcome.get("failed"), outcome.get("msg")
        if fault.on_existing:
            assert not outcome["changed"] and writes_in(emulator) == [], "a second run changed something"
        elif audited.writes:
            assert outcome["changed"] and holds(emulator, *audited.creates), "success reported, nothing written"
    else:
        assert_failed_with(outcome, expected)
        if fault.name.startswith("write: 503"):
            assert not holds(emulator, *audited.creates) and len(writes_in(emulator)) == 1
    assert not duplicates_in(emulator), duplicates_in(emulator)
    assert emulator["sessions"]["open"] == audited.sessions_left(outcome), emulator["sessions"]


FAILING_WRITES = [(a, f) for a, f in CASES if a.writes and f.expected(a) != "ok"]


@pytest.mark.parametrize("audited, fault", FAILING_WRITES, ids=[case_name(a, f) for a, f in FAILING_WRITES])
def test_a_failed_write_converges_when_run_again(batch, audited, fault):
    case = batch[case_name(audited, fault)]
    assert not case["rerun"].get("failed"), case["rerun"].get("msg")
    assert holds(case["after_rerun"], *audited.creates)
    assert not duplicates_in(case["after_rerun"]), duplicates_in(case["after_rerun"])
    assert case["after_rerun"]["sessions"]["open"] == 0


def test_verbose_output_of_the_fault_runs_holds_no_secret(batch):
    assert batch.secrets and batch.tokens
    assert "token_secret" in batch.masked_options_shown(), "-vvv should show the module arguments, masked"
    assert not batch.leaked(), "secrets in the -vvv output: %d of them" % len(batch.leaked())
