"""Every audited module through a misbehaving proxy (proxy.py) in front of the emulator, one behaviour at a
time: the task succeeds when the collection can recover, else fails with a clear message; never a
traceback, never a reported write that did not happen, never a secret in any form, never a session left
open, nothing sent off server_url's origin, and no purge on a listing the proxy spoiled."""

import base64
import copy
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, quote_plus
from xml.sax.saxutils import escape

import pytest

from audited_modules import MODULES
from conftest import Batch, Case, assert_failed_with, holds, run_batch, seed, writes_in
from proxy import MisbehavingProxy
from tableau_emulator.server import BackgroundEmulator

# Secrets with characters that every escaping changes, so an echoed form differs from the raw one.
PASSWORD = "Pw&<px>\"3e1f\"'77a0+/="
TOKEN_SECRET = "Pat&<px>'9b2c'\"d4e5\" %"
CONNECTION = {"token_secret": TOKEN_SECRET}


class Behaviour(object):
    """``outcome``: "ok", the words a failure must name, or ``("ok or", words)`` where it depends on what
    the module reads (a listing of one page is not spoiled by a page rewrite)."""

    def __init__(self, name, rules, outcome="ok", args=None, optional=None,
                 needs_listing=False, at_first_read=False):
        # Fails the task at sign-in or at its first read, before anything a setup task made is looked at:
        # the case runs without its setup (which would cost a task or two each).
        self.at_first_read = at_first_read
        self.optional = optional  # index of the rule a module that does not write never meets
        self.needs_listing = needs_listing  # a module that reads no paginated listing never meets it
        self.name = name
        self.rules = rules
        self.outcome = outcome
        self.args = args or {}

    def may_not_fire(self, audited, index):
        return self.needs_listing or (index == self.optional and not audited.writes)

    @property
    def at_sign_in(self):
        return all(SIGN_IN in r["path"] for r in self.rules)


# Every request to site content, the site list or server schedules (with its query string, as the proxy sees it).
SITE = r"/(sites|schedules)([/?]|$)"
SIGN_IN = "/auth/signin$"
FIRST_WRITE = ["POST", "PUT", "DELETE"]


def rule(behaviour, path=SITE, method="GET", times=1, **params):
    return dict(params, behaviour=behaviour, path=path, method=method, times=times)


# One task per module and behaviour. What the collection recovers from goes into one chain: each rule acts
# on one request, the next rule on the next try, so one task meets them all within its retries (4).
RECOVERABLE = [rule("redirect", SIGN_IN, None, status=307), rule("hang"), rule("cut"), rule("gzip_garbage"),
               rule("wrong_length", delta=64), rule("cut", method=FIRST_WRITE)]
BEHAVIOURS = [
    Behaviour("recovered: 307 on the same origin, hang, cut mid-body, gzip garbage, Content-Length too long, "
              "a write cut after it was done", RECOVERABLE, args={"timeout": 1}, optional=len(RECOVERABLE) - 1),
    Behaviour("302 to an SSO login page elsewhere", [rule("redirect", status=302, to="login")],
              ["redirect", "not followed", "server_url"], at_first_read=True),
    Behaviour("byte drip on every read", [rule("drip", times=0)], ["within 1 seconds"],
              args={"timeout": 1, "retries": 0}, at_first_read=True),
    Behaviour("HTML login page with 200", [rule("login_page", times=0)], ["html", "login page", "server_url"],
              at_first_read=True),
    Behaviour("sign-in body echoed in the error", [rule("echo", SIGN_IN, None, 0)], ["400000", "sign"],
              at_first_read=True),
    Behaviour("pageNumber rewritten to 1", [rule("page_rewrite", "pageNumber=", times=0)],
              ("ok or", ["cannot be trusted", "pageNumber"]), needs_listing=True),
    Behaviour("Content-Length too short", [rule("wrong_length", delta=-24)], ["not well-formed"],
              at_first_read=True),
]

CASES = [(audited, behaviour) for audited in MODULES for behaviour in BEHAVIOURS
         if audited.reads_site or behaviour.at_sign_in]

# Purges through the page rewrite: every listing is one user (or member) over and over.
PURGES = [
    Case("purge users on a rewritten listing", "tableau_user",
         dict(CONNECTION, users=[{"name": "admin", "site_role": "SiteAdministratorCreator"}], purge=True,
              purge_limit=100), proxy=[rule("page_rewrite", "pageNumber=", times=0)]),
    Case("purge members on a rewritten listing", "tableau_group",
         dict(CONNECTION, name="Purged", members=["jsmith"], purge_members=True, purge_limit=100),
         setup=[("tableau_group", dict(CONNECTION, name="Purged", members=["jsmith", "alice", "bob"]))],
         proxy=[rule("page_rewrite", "pageNumber=", times=0)]),
]


def case_name(audited, behaviour):
    return "%s / %s" % (audited.module, behaviour.name)


def expected(audited, behaviour):
    return behaviour.outcome


def plain_forms(secret):
    escaped = set(escape(secret, {'"': double, "'": single})
                  for double in ('"', "&quot;", "&#34;") for single in ("'", "&apos;", "&#39;"))
    return escaped | set([secret, json.dumps(secret)[1:-1]])


def forms(secret):
    """A secret as sent, escaped, URL-encoded (also after escaping: a form-encoded copy of an echoed body), base64."""
    found = set([base64.b64encode(secret.encode()).decode()])
    for form in plain_forms(secret):
        found.update([form, quote(form, safe=""), quote(form), quote_plus(form)])
    return found


def leaked_forms(text, secrets):
    """The forms of ``secrets`` in ``text``, and the base64 runs of it that decode to text holding one."""
    leaked = sorted(form for secret in secrets for form in forms(secret) if form in text)
    for run in set(re.findall(r"[A-Za-z0-9+/]{16,}={0,2}", text)):
        try:
            decoded = base64.b64decode(run + "=" * (-len(run) % 4)).decode("utf-8")
        except ValueError:
            continue
        leaked += ["base64 of %r" % decoded[:80] for secret in secrets for form in plain_forms(secret)
                   if form in decoded]
    return leaked


def proxied_seed():
    data = copy.deepcopy(seed())
    data["users"][0]["password"] = PASSWORD
    data["tokens"][0]["secret"] = TOKEN_SECRET
    return data


def run_proxied(cases, directory, workers=6):
    """``cases`` over ``workers`` emulators, each behind a proxy of its own and driven by one ansible-playbook run."""
    groups = [group for group in (cases[index::workers] for index in range(workers)) if group]

    def run(numbered):
        number, group = numbered
        part = os.path.join(str(directory), "part%d" % number)
        os.makedirs(part)
        with BackgroundEmulator(seed=proxied_seed()) as emu, MisbehavingProxy(emu.url) as proxy:
            return run_batch(emu, group, part, verbosity=3, proxy_url=proxy.url)
    with ThreadPoolExecutor(len(groups)) as pool:
        parts = list(pool.map(run, enumerate(groups)))
    results = {}
    for part in parts:
        results.update(part.results)
    return Batch(results, "\n".join(part.output for part in parts), max(part.returncode for part in parts),
                 sorted(set(s for part in parts for s in part.secrets)), [t for part in parts for t in part.tokens])


def selected(request):
    """The cases of the tests pytest will run (all of them, unless -k leaves some out)."""
    chosen = set()
    for item in request.session.items:
        if item.module.__name__ != __name__:
            continue  # the other files' cases, run in the same session
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "audited" in params:
            chosen.add(case_name(params["audited"], params["behaviour"]))
        elif "case" in params:
            chosen.add(params["case"].name)
        else:
            return None  # a test over the whole batch
    return chosen


@pytest.fixture(scope="module")
def batch(request, tmp_path_factory):
    chosen = selected(request)
    cases = [Case(case_name(audited, behaviour), audited.module,
                  dict(audited.args, **dict(CONNECTION, **behaviour.args)),
                  setup=[] if behaviour.at_first_read else [(module, dict(args, **CONNECTION))
                                                            for module, args in audited.setup],
                  proxy=behaviour.rules)
             for audited, behaviour in CASES]
    cases = [case for case in cases + PURGES if chosen is None or case.name in chosen]
    return run_proxied(cases, tmp_path_factory.mktemp("proxy"))


@pytest.mark.parametrize("audited, behaviour", CASES, ids=[case_name(a, b) for a, b in CASES])
def test_behaviour_ends_in_success_or_a_clear_failure(batch, audited, behaviour):
    case = batch[case_name(audited, behaviour)]
    outcome, emulator, proxy = case["result"], case["emulator"], case["proxy"]
    unfired = [r for index, r in enumerate(proxy["rules"]) if not r["fired"]
               and not behaviour.may_not_fire(audited, index)]
    assert not unfired, "the proxy never acted: %s" % unfired
    assert proxy["strays"] == [], "requests followed a redirect off server_url's origin: %s" % proxy["strays"]
    wanted = expected(audited, behaviour)
    if isinstance(wanted, tuple):
        wanted = "ok" if not outcome.get("failed") else wanted[1]
        assert not [r for r in writes_in(emulator) if r["method"] == "DELETE"] or wanted == "ok", \
            "a delete went out after a spoiled listing"
    if wanted == "ok":
        assert not outcome.get("failed"), outcome.get("msg")
        if audited.writes:
            assert outcome["changed"] and holds(emulator, *audited.creates), "success reported, nothing written"
    else:
        assert_failed_with(outcome, wanted)
        assert "Traceback" not in outcome.get("msg", "") + str(outcome.get("exception", ""))
        # Every behaviour that fails a task spoils a read: if a write went out before it, the task says so.
        assert outcome.get("changed") or not writes_in(emulator), "changed=false after %s" % writes_in(emulator)
    assert emulator["sessions"]["open"] == audited.sessions_left(outcome), emulator["sessions"]


@pytest.mark.parametrize("case", PURGES, ids=[c.name for c in PURGES])
def test_no_purge_acts_on_a_rewritten_listing(batch, case):
    result = batch[case.name]
    assert_failed_with(result["result"], ["cannot be trusted"])
    assert [r for r in writes_in(result["emulator"]) if r["method"] == "DELETE"] == []
    assert result["emulator"]["sessions"]["open"] == 0


def test_no_traceback_and_no_form_of_a_secret_in_the_output(batch):
    assert "CASE " in batch.output and "token_secret" in batch.masked_options_shown()
    assert "Traceback (most recent call last)" not in batch.output
    leaked = leaked_forms(batch.output, (PASSWORD, TOKEN_SECRET))
    assert not leaked, "secret forms in the -vvv output: %s" % leaked
    assert not batch.leaked(), "session tokens in the -vvv output"
