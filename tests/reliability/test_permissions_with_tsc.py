"""Permissions written by the modules read back by TSC exactly, and TSC's own rules removed by purge.

The modules run through ansible-playbook against the emulator; TSC (tableauserverclient) reads and
writes the same project in between, as another admin's script would.
"""

import copy
import json
import os
import subprocess

import tableauserverclient as TSC
import yaml

from conftest import COLLECTION, TOKEN_SECRET, seed
from tableau_emulator.server import BackgroundEmulator

CONNECTION = {"token_name": "automation", "token_secret": TOKEN_SECRET}
GRANTS = [
    {"group": "Readers", "template": "Publish"},
    {"user": "jsmith", "capabilities": {"Read": "Allow", "Write": "Deny"}},
]


def run_tasks(emu, directory, tasks):
    """Run ``tasks`` in one play; the registered result of each task, by its register name."""
    out = os.path.join(str(directory), "results.json")
    names = [t["register"] for t in tasks if "register" in t]
    play = [{"name": "permissions", "hosts": "localhost", "gather_facts": False,
             "module_defaults": {"group/tableau.server.tableau": dict(CONNECTION, server_url=emu.url)},
             "tasks": tasks + [{"ansible.builtin.copy": {
                 "content": "{{ {%s} | to_json }}" % ", ".join("%s: %s" % (json.dumps(n), n) for n in names),
                 "dest": out}}]}]
    playbook = os.path.join(str(directory), "play.yml")
    with open(playbook, "w") as handle:
        yaml.safe_dump(play, handle, sort_keys=False)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION))),
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    process = subprocess.run(["ansible-playbook", playbook], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True, env=env, check=False)
    assert process.returncode == 0, process.stdout[-6000:]
    with open(out) as handle:
        return json.load(handle)


def tsc_server(emu):
    server = TSC.Server(emu.url, use_server_version=True)
    server.auth.sign_in(TSC.PersonalAccessTokenAuth("automation", TOKEN_SECRET, site_id=""))
    return server


def rules_of(rules):
    """TSC's PermissionsRule list as {(grantee type, id): {capability: mode}}."""
    return dict(((rule.grantee.tag_name, rule.grantee.id), dict(rule.capabilities)) for rule in rules)


def module_rules(grants):
    return dict(((g["grantee_type"], g["id"]), g["capabilities"]) for g in grants)


def test_tsc_reads_what_the_modules_wrote_and_purge_removes_what_tsc_wrote(tmp_path):
    with BackgroundEmulator(seed=copy.deepcopy(seed())) as emu:
        first = run_tasks(emu, tmp_path, [
            {"tableau.server.tableau_group": {"name": "Readers", "members": ["alice"]}},
            {"tableau.server.tableau_project": {"path": "Shared"}},
            {"register": "explicit", "tableau.server.tableau_permission": {
                "content_type": "project", "project": "Shared", "grants": GRANTS}},
            {"register": "defaults", "tableau.server.tableau_default_permission": {
                "project": "Shared", "content_type": "workbook",
                "grants": [{"group": "Readers", "template": "Explore"}]}},
        ])
        server = tsc_server(emu)
        try:
            project = [p for p in TSC.Pager(server.projects) if p.name == "Shared"][0]
            server.projects.populate_permissions(project)
            server.projects.populate_workbook_default_permissions(project)
            assert rules_of(project.permissions) == module_rules(first["explicit"]["grants"])
            assert rules_of(project.default_workbook_permissions) == module_rules(first["defaults"]["grants"])
            readers = [g for g in TSC.Pager(server.groups) if g.name == "Readers"][0]
            bob = [u for u in TSC.Pager(server.users) if u.name == "bob"][0]
            # Another admin's script adds a rule for bob and makes Readers project leaders.
            server.projects.update_permissions(project, [
                TSC.PermissionsRule(bob, {TSC.Permission.Capability.Read: TSC.Permission.Mode.Allow}),
                TSC.PermissionsRule(readers, {TSC.Permission.Capability.ProjectLeader: TSC.Permission.Mode.Allow}),
            ])
        finally:
            server.auth.sign_out()

        second = run_tasks(emu, tmp_path, [
            {"register": "purged", "diff": True, "tableau.server.tableau_permission": {
                "content_type": "project", "project": "Shared", "purge": "all", "grants": GRANTS}},
            {"register": "again", "tableau.server.tableau_permission": {
                "content_type": "project", "project": "Shared", "purge": "all", "grants": GRANTS}},
        ])
        purged = second["purged"]
        assert purged["changed"] and not second["again"]["changed"]
        assert purged["diff"]["before"]["user:bob"] == {"Read": "Allow"}
        assert purged["diff"]["before"]["group:Readers"]["ProjectLeader"] == "Allow"
        assert "user:bob" not in purged["diff"]["after"]
        assert purged["diff"]["after"]["group:Readers"] == {"Read": "Allow", "Write": "Allow"}

        server = tsc_server(emu)
        try:
            project = [p for p in TSC.Pager(server.projects) if p.name == "Shared"][0]
            server.projects.populate_permissions(project)
            assert rules_of(project.permissions) == module_rules(purged["grants"])
            assert set(kind for kind, dummy in rules_of(project.permissions)) == {"group", "user"}
            assert ("user", bob.id) not in rules_of(project.permissions)
        finally:
            server.auth.sign_out()
        assert not emu.emulator.state.sessions
