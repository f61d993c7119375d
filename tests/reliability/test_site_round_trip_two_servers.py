"""A site moved between two servers: two emulator processes on loopback, one ansible-playbook run that
fills a site on the first, exports it (with its workbook and data source files), applies the description
to the second with tableau_site_state, and exports the second. The two descriptions must be the same
bytes, a second apply must change nothing, and neither server may be left with an open session."""

import json
import os
import signal
import subprocess
import sys
from urllib.request import urlopen

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION = os.path.dirname(os.path.dirname(HERE))
RUN_EMULATOR = os.path.join(COLLECTION, "tests", "emulator", "run_emulator.py")
SAMPLE_FILES = os.path.join(COLLECTION, "tests", "examples", "sample_files.py")
COLLECTED = "{{ {'one': exported_one, 'applied': applied, 'two': exported_two, 'again': applied_again} | to_json }}"
APPLIED_SECTIONS = ["site", "users", "projects", "groups", "workbooks", "datasources", "permissions",
                    "default_permissions", "schedules", "extract_refresh_tasks", "subscriptions", "webhooks"]


def start_emulator():
    process = subprocess.Popen([sys.executable, RUN_EMULATOR, "--port", "0"], stdout=subprocess.PIPE,
                               universal_newlines=True)
    line = process.stdout.readline()
    if "ready on" not in line:
        process.kill()
        raise AssertionError("the emulator did not start: %r" % line)
    return process, line.strip().rsplit(" ", 1)[-1]


def stop_emulator(process):
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def connect(url):
    return {"server_url": url, "token_name": "automation", "token_secret": "automation-secret"}


def fill_site(url, files):
    """Tasks that give the first server's Default site something of every section the apply takes."""
    tasks = [
        {"tableau.server.tableau_user": {"users": [
            {"name": "maria", "site_role": "Creator", "full_name": "Maria Lopez", "email": "maria@example.com"},
            {"name": "tom", "site_role": "Viewer", "auth_setting": "SAML"}]}},
        {"tableau.server.tableau_project": {"projects": [
            {"path": "Marketing", "owner": "maria", "description": "Campaigns and results"},
            {"path": "Marketing/Archive", "content_permissions": "LockedToProject"}]}},
        {"tableau.server.tableau_group": {"name": "Marketing Team", "members": ["tom", "maria"]}},
        {"tableau.server.tableau_workbook": {
            "name": "Campaign Results", "project": "Marketing", "file": os.path.join(files, "sales.twbx"),
            "owner": "maria", "tags": ["campaign"], "show_tabs": True,
            "connections": [{"match": {"server_address": "db.example.com"}, "username": "svc",
                             "password": "not-in-the-file", "embed_password": True}]}},
        {"tableau.server.tableau_datasource": {"name": "Orders", "project": "Marketing",
                                               "file": os.path.join(files, "orders.tdsx")}},
        {"tableau.server.tableau_permission": {"content_type": "project", "project": "Marketing", "grants": [
            {"group": "Marketing Team", "template": "Publish"}, {"user": "tom", "capabilities": {"Write": "Deny"}}]}},
        {"tableau.server.tableau_webhook": {"name": "new-workbooks", "event": "WorkbookCreated",
                                            "destination_url": "https://hooks.example.com/tableau/new"}},
        {"tableau.server.tableau_schedule": {"name": "Marketing nightly", "type": "Extract", "frequency": "Daily",
                                             "start_time": "02:30", "priority": 40}},
        # On the schedule the description creates too: the second server gets the schedule before the task.
        {"tableau.server.tableau_extract_refresh_task": {"datasource": "Orders", "project": "Marketing",
                                                         "schedule": "Marketing nightly"}},
        {"tableau.server.tableau_subscription": {"user": "maria", "content_type": "view", "project": "Marketing",
                                                 "workbook": "Campaign Results", "view": "Overview",
                                                 "subject": "Campaign overview", "schedule": "Monday morning"}},
    ]
    return [dict(task, module_defaults={"group/tableau.server.tableau": connect(url)}) for task in tasks]


def export_task(url, dest, register):
    return {"tableau.server.tableau_site_export": dict(connect(url), dest=dest, sections=APPLIED_SECTIONS,
                                                       content="files_with_extracts"), "register": register}


def apply_task(url, base_dir, register):
    return {"tableau.server.tableau_site_state": dict(connect(url), description="{{ one }}", base_dir=base_dir),
            "vars": {"one": "{{ lookup('file', '%s/site.yml') | from_yaml }}" % base_dir}, "register": register}


def test_a_site_exported_from_one_server_and_applied_to_another_exports_the_same(tmp_path):
    files, one_dir, two_dir = (str(tmp_path / name) for name in ("files", "one", "two"))
    for folder in (files, one_dir, two_dir):
        os.makedirs(folder)
    subprocess.check_call([sys.executable, SAMPLE_FILES, files])
    first, url_one = start_emulator()
    try:
        second, url_two = start_emulator()
        try:
            results = os.path.join(str(tmp_path), "results.json")
            tasks = fill_site(url_one, files) + [
                export_task(url_one, os.path.join(one_dir, "site.yml"), "exported_one"),
                apply_task(url_two, one_dir, "applied"),
                export_task(url_two, os.path.join(two_dir, "site.yml"), "exported_two"),
                apply_task(url_two, one_dir, "applied_again"),
                {"ansible.builtin.copy": {"dest": results, "content": COLLECTED}},
            ]
            playbook = os.path.join(str(tmp_path), "play.yml")
            with open(playbook, "w") as handle:
                yaml.safe_dump([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}], handle, sort_keys=False)
            env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION))),
                       ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
                       ANSIBLE_NOCOLOR="true")
            run = subprocess.run(["ansible-playbook", playbook], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 universal_newlines=True, env=env, check=False)
            assert run.returncode == 0, run.stdout[-4000:]
            sessions = [json.load(urlopen(url + "/_emulator/sessions"))["open"] for url in (url_one, url_two)]
        finally:
            stop_emulator(second)
    finally:
        stop_emulator(first)
    with open(results) as handle:
        result = json.load(handle)
    with open(os.path.join(one_dir, "site.yml"), "rb") as handle:
        one = handle.read()
    with open(os.path.join(two_dir, "site.yml"), "rb") as handle:
        two = handle.read()
    assert one == two
    described = yaml.safe_load(one)
    assert [w["name"] for w in described["workbooks"]] == ["Campaign Results"]
    assert [w["name"] for w in described["webhooks"]] == ["new-workbooks"]
    nightly = [s for s in described["schedules"] if s["name"] == "Marketing nightly"]
    assert nightly == [{"name": "Marketing nightly", "type": "Extract", "frequency": "Daily", "start_time": "02:30:00",
                        "priority": 40}]
    assert described["extract_refresh_tasks"] == [
        {"datasource": "Orders", "project": "Marketing", "schedule": "Marketing nightly"}]
    assert described["subscriptions"] == [
        {"user": "maria", "content_type": "view", "project": "Marketing", "workbook": "Campaign Results",
         "view": "Overview", "subject": "Campaign overview", "schedule": "Monday morning"}]
    assert described["workbooks"][0]["connections"][0]["password"] == "{{ vault_tableau_workbook_campaign_results_1 }}"
    assert b"not-in-the-file" not in one
    assert result["one"]["content_files"] == result["two"]["content_files"] == [
        "content/Marketing/Campaign Results.twbx", "content/Marketing/Orders.tdsx"]
    assert result["applied"]["changed"] and not result["again"]["changed"]
    assert sessions == [0, 0]
