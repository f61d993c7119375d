"""The emulator starts from an installed collection with the command the README documents.

The artifact is installed with ansible-galaxy into a temporary collections path, the documented
command runs from outside any checkout, and the emulator answers GET /api/3.25/serverinfo; then a
playbook that uses the installed collection runs against it.
"""

import os
import re
import select
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import COLLECTION

DOCUMENTED = re.compile(r"^python3 ~/\.ansible/collections(/ansible_collections/tableau/server/\S+\.py)$", re.MULTILINE)
READY = re.compile(r"Tableau emulator ready on (\S+)")

PLAYBOOK = """
- name: A playbook under test, against the emulator
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/tableau.server.tableau:
      server_url: "{url}"
      token_name: automation
      token_secret: automation-secret
  tasks:
    - name: The projects of the Default site
      tableau.server.tableau_project_info:
      register: emulated_projects
    - name: The seed's Default project is there
      ansible.builtin.assert:
        that: "'Default' in emulated_projects.projects | map(attribute='path') | list"
"""


def documented_commands():
    found = {}
    for name in ("README.md", os.path.join("docs", "testing-with-the-emulator.md")):
        with open(os.path.join(COLLECTION, name)) as handle:
            found[name] = DOCUMENTED.findall(handle.read())
    return found


def test_the_readme_and_the_guide_document_the_same_command():
    found = documented_commands()
    assert all(len(commands) == 1 for commands in found.values()), found
    assert len(set(commands[0] for commands in found.values())) == 1, found


def wait_until_ready(process, deadline=30):
    output = ""
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        readable = select.select([process.stdout], [], [], 0.5)[0]
        if readable:
            line = process.stdout.readline()
            if not line:
                break
            output += line
            match = READY.search(line)
            if match:
                return match.group(1)
    raise AssertionError("the emulator did not start:\n%s" % output)


@pytest.fixture()
def running_emulator(collections_path, tmp_path):
    script = collections_path + documented_commands()["README.md"][0]
    assert os.path.isfile(script), "the artifact has no %s" % script
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    # The documented command, with python3 being this interpreter (it has the collection's
    # requirements) and a free port instead of 8850.
    process = subprocess.Popen([sys.executable, script, "--port", "0"], cwd=str(tmp_path), env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    try:
        yield wait_until_ready(process)
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()


def test_the_installed_emulator_answers_serverinfo(running_emulator):
    with urllib.request.urlopen(running_emulator + "/api/3.25/serverinfo", timeout=30) as answer:
        body = answer.read().decode("utf-8")
        assert answer.status == 200
    assert "<serverInfo>" in body and "restApiVersion" in body, body


def test_a_playbook_runs_against_the_installed_emulator(running_emulator, collections_path, tmp_path):
    playbook = tmp_path / "playbook.yml"
    playbook.write_text(PLAYBOOK.format(url=running_emulator))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_LOCALHOST_WARNING="false",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    result = subprocess.run(["ansible-playbook", str(playbook)], cwd=str(tmp_path), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    assert result.returncode == 0, result.stdout[-6000:]
