"""Throttling end to end: an emulator that lets 20 API requests a second through (5 at once) and answers the
rest with 429 and Retry-After, as Tableau Cloud does, each answer taking 100 ms. Tasks that may send 16
requests at once converge 150 users and 15 groups with their members: they must all succeed, cut down to
what the server takes (the 429s well under the writes), and a second run must change nothing. Request
counts, never time."""

import json
import os
import subprocess

import yaml

from conftest import COLLECTION, BackgroundEmulator

USERS = ["throttled%03d" % n for n in range(150)]
GROUPS = [{"name": "Crew %02d" % n, "members": USERS[n * 10:n * 10 + 10]} for n in range(15)]
RATE, BURST = 20, 5
# A real server takes a while to answer; without it even one request at a time goes far faster than 20 a second.
LATENCY_MS = 100


def play(url, out):
    connection = {"server_url": url, "token_name": "automation", "token_secret": "automation-secret",
                  "max_concurrency": 16}
    tasks = [
        {"name": "users", "register": "users_result",
         # One write per user (no import job): the concurrent writes are what is throttled.
         "tableau.server.tableau_user": {"users": [{"name": n, "site_role": "Viewer"} for n in USERS], "bulk_import": "never"}},
        {"name": "groups", "tableau.server.tableau_group": {"groups": GROUPS}, "register": "groups_result"},
        {"ansible.builtin.copy": {"content": "{{ {'users': users_result, 'groups': groups_result} | to_json }}", "dest": out}},
    ]
    return [{"name": "throttled", "hosts": "localhost", "gather_facts": False,
             "module_defaults": {"group/tableau.server.tableau": connection}, "tasks": tasks}]


def converge(emu, directory, run):
    out = os.path.join(str(directory), "results%d.json" % run)
    playbook = os.path.join(str(directory), "play%d.yml" % run)
    with open(playbook, "w") as handle:
        yaml.safe_dump(play(emu.url, out), handle, sort_keys=False)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION))),
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false", ANSIBLE_NOCOLOR="true")
    process = subprocess.run(["ansible-playbook", playbook], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True, env=env, check=False)
    assert process.returncode == 0, process.stdout[-6000:]
    with open(out) as handle:
        return json.load(handle)


def writes(log):
    return [r for r in log if r["method"] in ("POST", "PUT", "DELETE") and not r["path"].endswith(("/signin", "/signout"))
            and r["status"] != 429]


def test_tasks_under_throttling_converge_with_few_429s_and_change_nothing_the_second_time(tmp_path):
    with BackgroundEmulator(latency_ms=LATENCY_MS, throttle_rate=RATE, throttle_burst=BURST) as emu:
        first = converge(emu, tmp_path, 1)
        log = list(emu.emulator.log)
        assert first["users"]["changed"] and first["groups"]["changed"]
        assert sorted(first["users"]["added"]) == USERS
        summary = emu.emulator.content_summary()["sites"][0]
        assert set(USERS) <= set(summary["users"])
        assert set(g["name"] for g in GROUPS) <= set(summary["groups"])
        members = dict((g["name"], g.get("members")) for g in first["groups"]["groups"])
        assert all(members[g["name"]] == g["members"] for g in GROUPS)
        refused = [r for r in log if r["status"] == 429]
        done = writes(log)
        assert len(done) == len(USERS) + 2 * len(GROUPS)  # one create per user and group, one bulk add per group
        assert refused, "the throttle never refused a request: the test proves nothing"
        # Without adapting, 16 at once against 5 at once and 20 a second are refused over and over, until a
        # create has had its 5 tries (with 16 in flight at all times the users task fails about half way, after
        # some 80 refusals). Cut to what the server takes and grown back one at a time, the task meets a few
        # 429s a second as it probes for more: about a third as many as it makes writes.
        assert len(refused) < len(done) / 2, "%d requests refused for %d writes" % (len(refused), len(done))

        emu.emulator.log = []
        second = converge(emu, tmp_path, 2)
        assert not second["users"]["changed"] and not second["groups"]["changed"]
        assert writes(emu.emulator.log) == []
