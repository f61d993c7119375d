"""Run real modules through ansible-playbook against the emulator, many cases per playbook run.

A case is one module task with its own emulator reset, armed faults and setup tasks. The cases of a
batch run in one play (one ansible-playbook start), a few batches side by side; after each case the
play stores the task's result and an emulator snapshot (request log, open sessions, content), which
the tests then judge.
"""

import copy
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(COLLECTION, "tests", "emulator"))
sys.path.insert(0, HERE)

from tableau_emulator.jwt import connected_app_jwt  # noqa: E402  pylint: disable=wrong-import-position
from tableau_emulator.server import BackgroundEmulator  # noqa: E402  pylint: disable=wrong-import-position

# Distinctive secrets, so a search of the output for them cannot match anything else.
PASSWORD = "Pw-rel-7c1e9d0b"
TOKEN_SECRET = "Pat-rel-5a88f2c1"
MUTATING = ("POST", "PUT", "PATCH", "DELETE")
AUTH_PATHS = ("/auth/signin", "/auth/signout")
OMIT = object()  # in a case's args: leave this connection option out
SECRET_OPTIONS = ("password", "token_secret", "jwt")
# Every request but server info, sign-in and sign-out: site content, the site list itself, server schedules.
SITE_REQUESTS = r"/(sites|schedules)(/|$)"
# How -vvv shows a no_log option among a task's module arguments, in the JSON or YAML result format.
MASKED_OPTION = r"""["']?%s["']?: *["']?VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"""


def seed():
    with open(os.path.join(COLLECTION, "tests", "examples", "seed.json")) as handle:
        data = json.load(handle)
    data["users"][0]["password"] = PASSWORD
    data["tokens"][0]["secret"] = TOKEN_SECRET
    return data


def connection(kind, url):
    """Connection options for one kind of sign-in."""
    base = {"server_url": url, "timeout": 2}
    if kind == "password":
        base.update(username="admin", password=PASSWORD)
    elif kind == "token":
        base.update(token_name="automation", token_secret=TOKEN_SECRET)
    elif kind == "jwt":
        base.update(jwt=connected_app_jwt("admin", expires_in=3600))
    return base


class Case(object):
    """One module task to run on a freshly reset emulator."""

    def __init__(self, name, module, args, faults=(), setup=(), check_mode=False, auth="token", rerun=False,
                 proxy=None):
        self.name = name
        self.proxy = proxy  # rules for the proxy of run_batch (proxy.py), armed like the faults
        self.module = module
        self.args = dict(args)
        self.faults = list(faults)
        self.setup = list(setup)  # (module, args) tasks run before the log is cleared
        self.check_mode = check_mode
        self.auth = auth
        self.rerun = rerun  # run the task once more without faults: does it converge?


def module_args(url, auth, args):
    merged = connection(auth, url)
    merged.update(args)
    return dict((key, value) for key, value in merged.items() if value is not OMIT)


def case_tasks(url, case, number, proxy_url=None):
    """The tasks of one case. The emulator is driven through the url lookup (no process per call) and
    the test plumbing is no_log, so -vvv output is mostly the module tasks themselves. With ``proxy_url``
    the case's task (not its setup) goes through that proxy, armed with ``case.proxy``."""
    control = url + "/_emulator/"
    # Faults are armed after the setup tasks, which must not meet them.
    armed_at_reset = [] if case.setup else case.faults
    reset = control + "reset?faults=" + quote(json.dumps(armed_at_reset), safe="")
    arm = lookup(proxy_url + "/_proxy/arm?rules=" + quote(json.dumps(case.proxy or []), safe="")) if proxy_url else ""
    # Without setup tasks the proxy is armed in the same task as the reset: one task less per case.
    tasks = [{"name": "reset for %s" % case.name, "no_log": True,
              "ansible.builtin.set_fact": {"armed": lookup(reset) + ("" if case.setup else arm)}}]
    for module, args in case.setup:
        tasks.append({"name": "setup for %s" % case.name,
                      "tableau.server.%s" % module: module_args(url, case.auth, args)})
    if case.setup:
        tasks.append({"ansible.builtin.uri": {"url": control + "requests", "method": "DELETE", "validate_certs": False}})
        if case.faults:
            tasks.append({"ansible.builtin.uri": {"url": control + "faults", "method": "POST", "body_format": "json",
                                                  "body": case.faults, "validate_certs": False}})
    if proxy_url and case.setup:
        tasks.append({"name": "arm the proxy for %s" % case.name, "no_log": True,
                      "ansible.builtin.set_fact": {"armed": arm}})
    task = {"name": "CASE %s" % case.name,
            "tableau.server.%s" % case.module: module_args(proxy_url or url, case.auth, case.args),
            "check_mode": case.check_mode, "ignore_errors": True, "register": "outcome"}
    snapshot = "%s | from_json" % lookup(control + "snapshot", braces=False)
    kept = {"result": "{{ outcome }}", "emulator": "{{ %s }}" % snapshot}
    if proxy_url:
        kept["proxy"] = "{{ %s | from_json }}" % lookup(proxy_url + "/_proxy/state", braces=False)
    tasks += [task, {"name": "keep %s" % case.name, "no_log": True, "ansible.builtin.set_fact": {
        "case_%d" % number: kept}}]
    if case.rerun:
        disarm = lookup(control + "disarm")
        if proxy_url:
            disarm += lookup(proxy_url + "/_proxy/arm?rules=%5B%5D")
        tasks += [
            {"name": "disarm for %s" % case.name, "no_log": True,
             "ansible.builtin.set_fact": {"armed": disarm}},
            dict(task, name="RERUN %s" % case.name, register="rerun"),
            {"name": "keep the rerun of %s" % case.name, "no_log": True, "ansible.builtin.set_fact": {
                "case_%d" % number: "{{ case_%d | combine({'rerun': rerun, 'after_rerun': %s}) }}"
                                    % (number, snapshot)}},
        ]
    return tasks


def lookup(url, braces=True):
    expression = "lookup('ansible.builtin.url', %s, validate_certs=False, split_lines=False)" % json.dumps(url)
    return "{{ %s }}" % expression if braces else expression


class Batch(object):
    """The outcome of a batch: ``results[name]`` is {'result': ..., 'emulator': snapshot}; ``output`` the text;
    ``secrets`` every password, token secret and JWT the tasks were given; ``tokens`` every session token."""

    def __init__(self, results, output, returncode, secrets, tokens):
        self.results = results
        self.output = output
        self.returncode = returncode
        self.secrets = secrets
        self.tokens = tokens

    def masked_options_shown(self):
        """The secret options whose masked value the output shows among a task's module arguments:
        proof that -vvv printed the arguments, so that a scan of it for secrets means something."""
        return sorted(option for option in SECRET_OPTIONS if re.search(MASKED_OPTION % option, self.output))

    def leaked(self):
        """Secrets and session tokens (or their random part) found in the output."""
        found = [s for s in self.secrets if s in self.output]
        return found + [t for t in self.tokens if t in self.output or t.split("|")[0] in self.output]

    def __getitem__(self, name):
        if name not in self.results:
            raise AssertionError("case %s did not run; play output:\n%s" % (name, self.output[-6000:]))
        return self.results[name]


def run_batch(emu, cases, directory, verbosity=0, env_overrides=None, proxy_url=None):
    out = os.path.join(str(directory), "results.json")
    tasks = []
    for number, case in enumerate(cases):
        tasks += case_tasks(emu.url, case, number, proxy_url)
    everything = ", ".join("%s: case_%d | default(None)" % (json.dumps(case.name), number)
                           for number, case in enumerate(cases))
    tasks.append({"ansible.builtin.copy": {"content": "{{ {%s} | to_json }}" % everything, "dest": out}})
    maker = os.path.join(COLLECTION, "tests", "examples", "sample_files.py")
    if os.path.exists(maker):
        subprocess.check_call([sys.executable, maker, str(directory)])
    play = [{"name": "reliability", "hosts": "localhost", "gather_facts": False,
             "vars": {"example_dir": str(directory)}, "tasks": tasks}]
    playbook = os.path.join(str(directory), "play.yml")
    with open(playbook, "w") as handle:
        yaml.safe_dump(play, handle, sort_keys=False)
    # ansible-core 2.21 and later leave the module arguments out of a result unless told to put them in.
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION))),
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
               ANSIBLE_NOCOLOR="true", ANSIBLE_DEPRECATION_WARNINGS="false", ANSIBLE_INJECT_INVOCATION="true")
    env.update(env_overrides or {})
    command = ["ansible-playbook", playbook] + (["-" + "v" * verbosity] if verbosity else [])
    process = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                             env=env, check=False)
    results = {}
    if os.path.exists(out):
        with open(out) as handle:
            results = dict((name, value) for name, value in json.load(handle).items() if value is not None)
    secrets = sorted(set(args[key] for task in tasks for module, args in task.items()
                         if module.startswith("tableau.server.") for key in SECRET_OPTIONS if args.get(key)))
    return Batch(results, process.stdout, process.returncode, secrets, list(emu.emulator.state.issued_tokens))


def run_cases(cases, directory, verbosity=0, workers=4):
    """``cases`` spread over ``workers`` emulators, each with its own ansible-playbook run, all at once
    (most of a case's time is spent waiting on timeouts and back-off); one merged Batch."""
    groups = [group for group in (cases[index::workers] for index in range(workers)) if group]

    def run(numbered):
        number, group = numbered
        part = os.path.join(str(directory), "part%d" % number)
        os.makedirs(part)
        with BackgroundEmulator(seed=copy.deepcopy(seed())) as emu:
            return run_batch(emu, group, part, verbosity)
    with ThreadPoolExecutor(len(groups)) as pool:
        parts = list(pool.map(run, enumerate(groups)))
    results = {}
    for part in parts:
        results.update(part.results)
    return Batch(results, "\n".join(part.output for part in parts), max(part.returncode for part in parts),
                 sorted(set(s for part in parts for s in part.secrets)), [t for part in parts for t in part.tokens])


# ------------------------------------------------------------------ what every test checks


def writes_in(snapshot):
    """Requests that could change something, other than signing in and out."""
    return [r for r in snapshot["requests"] if r["method"] in MUTATING and not r["path"].endswith(AUTH_PATHS)]


def duplicates_in(snapshot):
    """Names that appear twice for one kind of item on one site, or for two sites."""
    site_names = [site["name"] for site in snapshot["state"]["sites"]]
    found = ["site %s" % n for n in set(site_names) if site_names.count(n) > 1]
    for kind, names in snapshot["state"].items():  # server-wide items (schedules) beside the sites
        if kind != "sites" and isinstance(names, list):
            found += ["%s %s" % (kind, n) for n in set(names) if names.count(n) > 1]
    for site in snapshot["state"]["sites"]:
        for kind, names in site.items():
            if isinstance(names, list):
                found += ["%s %s on site '%s'" % (kind, n, site["content_url"]) for n in set(names)
                          if names.count(n) > 1]
    return found


def holds(snapshot, kind, name, site=""):
    """Whether the site has the item ``name`` of ``kind``; for a summary by item (permissions),
    ``name`` is ``"<item>: <rule>"`` as the summary spells them, the item without its id."""
    if kind == "sites":
        return name in [entry["name"] for entry in snapshot["state"]["sites"]]
    if isinstance(snapshot["state"].get(kind), list):  # server-wide items (schedules)
        return name in snapshot["state"][kind]
    for entry in snapshot["state"]["sites"]:
        if entry["content_url"] == site:
            if isinstance(entry[kind], dict):
                item, dummy, rule = name.partition(": ")
                return any(re.sub(r" \([^)]*\)", "", key) == item and rule in rules
                           for key, rules in entry[kind].items())
            return name in entry[kind]
    return False


def assert_failed_with(outcome, words):
    assert outcome.get("failed"), "expected a failure, got %s" % json.dumps(outcome)[:2000]
    message = outcome.get("msg", "").lower()
    missing = [w for w in words if w.lower() not in message]
    assert not missing, "message lacks %s: %s" % (missing, outcome.get("msg"))
