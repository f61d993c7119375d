"""Every module's EXAMPLES block runs, as written, against the emulator.

Each module's examples run in order, in one play, on a freshly reset emulator seeded with
``seed.json``. Examples may use these variables: ``tableau_url``, ``tableau_password`` (admin's),
``tableau_token_secret`` (the ``automation`` token's) and ``example_dir`` (a scratch directory
holding the sample files made by ``sample_files.py``, when it exists).
"""

import ast
import glob
import json
import os
import subprocess
import sys

import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(COLLECTION, "tests", "emulator"))

from tableau_emulator.server import BackgroundEmulator  # noqa: E402  pylint: disable=wrong-import-position

MODULES = sorted(glob.glob(os.path.join(COLLECTION, "plugins", "modules", "tableau_*.py")))


def examples_of(path):
    tree = ast.parse(open(path).read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "EXAMPLES":
            return yaml.safe_load(node.value.value)
    raise AssertionError("%s has no EXAMPLES" % path)


def make_sample_files(directory):
    maker = os.path.join(HERE, "sample_files.py")
    if os.path.exists(maker):
        subprocess.check_call([sys.executable, maker, directory])


@pytest.mark.parametrize("module_path", MODULES, ids=[os.path.basename(m)[:-3] for m in MODULES])
def test_examples_run_against_the_emulator(module_path, tmp_path):
    tasks = examples_of(module_path)
    assert tasks, "EXAMPLES is empty"
    with open(os.path.join(HERE, "seed.json")) as handle:
        seed = json.load(handle)
    make_sample_files(str(tmp_path))
    with BackgroundEmulator(seed=seed) as emu:
        play = [{
            "name": "EXAMPLES of %s" % os.path.basename(module_path),
            "hosts": "localhost",
            "gather_facts": False,
            "vars": {"tableau_url": emu.url, "tableau_password": "admin",
                     "tableau_token_secret": "automation-secret", "example_dir": str(tmp_path)},
            "tasks": tasks,
        }]
        playbook = tmp_path / "examples.yml"
        playbook.write_text(yaml.safe_dump(play, sort_keys=False))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION))),
                   ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
        result = subprocess.run(["ansible-playbook", str(playbook)], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, universal_newlines=True, env=env, check=False)
        sessions = len(emu.emulator.state.sessions)
    assert result.returncode == 0, result.stdout[-6000:]
    assert sessions == 0, "the examples left %d sessions open" % sessions
