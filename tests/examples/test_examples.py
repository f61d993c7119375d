"""Every module's EXAMPLES block runs, as written, against the emulator; so does every ``yaml`` task list
of the guides in GUIDES_RUN (docs/operations.md, docs/site-as-code.md), by the same rules.

The examples are written for users: they connect to ``https://tableau.example.com`` with the
personal access token ``automation`` and the secret ``{{ vault_tableau_token_secret }}``, and read
their files from ``files/`` next to the playbook. Each module's examples run in order, in one play,
on a freshly reset emulator seeded with ``seed.json``, the way a user would run them:

- the play is written into a scratch directory that looks like a user's playbook directory:
  ``files/`` holds the sample files made by ``sample_files.py`` (``files/sales.twbx``,
  ``files/orders.tdsx``, ``files/events.hyper``, ``files/events-new-rows.hyper``, ``files/cleanup.tflx``), and
  ``backup/`` is an empty folder for downloads. The playbook is written there and ansible-playbook runs there;
  modules on localhost run in the playbook's directory, so the relative paths of the examples
  resolve as they do for a user.
- every string of the loaded EXAMPLES that contains ``https://tableau.example.com`` has it replaced
  by the emulator's URL before the play is written. Nothing else of the examples is changed.
  (module_defaults at play level would not do: a block's own module_defaults for the group replace
  the play's.)
- every ``vault_*`` variable the examples use is passed as an extra var: ``vault_tableau_token_secret``
  is the secret of the seed's ``automation`` token, any other (a database or user password) a
  placeholder.
- ``TABLEAU_*`` variables of the calling environment are not passed on, so the examples run on what
  they say and nothing else.

Examples must not use the variables that only tests have (``tableau_url``, ``example_dir`` ...).
"""

import ast
import glob
import json
import os
import re
import subprocess
import sys

import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(COLLECTION, "tests", "emulator"))

from tableau_emulator.server import BackgroundEmulator  # noqa: E402  pylint: disable=wrong-import-position

MODULES = sorted(glob.glob(os.path.join(COLLECTION, "plugins", "modules", "tableau_*.py")))
EXAMPLE_URL = "https://tableau.example.com"
VAULT_VARIABLE = re.compile(r"\bvault_[A-Za-z0-9_]+")
TEST_ONLY_VARIABLES = ("tableau_url", "tableau_password", "tableau_token_secret", "example_dir")
# The guides whose yaml task lists run as they stand, like the EXAMPLES (a block meant for another
# server, such as Tableau Cloud, is fenced as plain text instead).
GUIDES_RUN = ("docs/operations.md", "docs/site-as-code.md")
YAML_BLOCK = re.compile(r"^```yaml[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def examples_text_of(path):
    tree = ast.parse(open(path).read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "EXAMPLES":
            return node.value.value
    raise AssertionError("%s has no EXAMPLES" % path)


def examples_of(path):
    return yaml.safe_load(examples_text_of(path))


def pointed_at(data, url):
    """``data`` with EXAMPLE_URL replaced by ``url`` in every string, and how many strings had it."""
    if isinstance(data, dict):
        pairs = [(key, pointed_at(value, url)) for key, value in data.items()]
        return dict((key, found[0]) for key, found in pairs), sum(found[1] for key, found in pairs)
    if isinstance(data, list):
        pairs = [pointed_at(item, url) for item in data]
        return [found[0] for found in pairs], sum(found[1] for found in pairs)
    if isinstance(data, str) and EXAMPLE_URL in data:
        return data.replace(EXAMPLE_URL, url), 1
    return data, 0


def extra_vars_for(text, seed):
    """A value for every vault_* variable of the examples: the seed's token secret, or a placeholder."""
    token_secret = dict((token["name"], token["secret"]) for token in seed["tokens"])["automation"]
    names = sorted(set(VAULT_VARIABLE.findall(text)))
    return dict((name, token_secret if name == "vault_tableau_token_secret" else "Example-%s-1" % name)
                for name in names)


def make_playbook_directory(directory):
    files = os.path.join(directory, "files")
    os.makedirs(files)
    os.makedirs(os.path.join(directory, "backup"))
    subprocess.check_call([sys.executable, os.path.join(HERE, "sample_files.py"), files])


@pytest.mark.parametrize("module_path", MODULES, ids=[os.path.basename(m)[:-3] for m in MODULES])
def test_examples_read_as_a_user_writes_them(module_path):
    text = examples_text_of(module_path)
    used = [name for name in TEST_ONLY_VARIABLES if re.search(r"\b%s\b" % name, text)]
    assert not used, "the EXAMPLES use variables that only the tests have: %s" % used
    assert EXAMPLE_URL in text, "the EXAMPLES should connect to %s" % EXAMPLE_URL


@pytest.mark.parametrize("module_path", MODULES, ids=[os.path.basename(m)[:-3] for m in MODULES])
def test_examples_run_against_the_emulator(module_path, tmp_path):
    tasks = examples_of(module_path)
    assert tasks, "EXAMPLES is empty"
    run_as_a_user(examples_text_of(module_path), tasks, "EXAMPLES of %s" % os.path.basename(module_path), tmp_path)


def guide_blocks():
    """(id, text, tasks) for every ``yaml`` block of the guides in GUIDES_RUN that is a list of tasks."""
    blocks = []
    for guide in GUIDES_RUN:
        text = open(os.path.join(COLLECTION, guide)).read()
        for match in YAML_BLOCK.finditer(text):
            data = yaml.safe_load(match.group(1))
            if isinstance(data, list) and data and all(isinstance(t, dict) and "hosts" not in t for t in data):
                line = text.count("\n", 0, match.start()) + 1
                blocks.append(("%s:%d" % (guide, line), match.group(1), data))
    return blocks


GUIDE_BLOCKS = guide_blocks()


def test_the_guides_have_examples_to_run():
    assert set(block[0].split(":")[0] for block in GUIDE_BLOCKS) == set(GUIDES_RUN)


@pytest.mark.parametrize("block", GUIDE_BLOCKS, ids=[block[0] for block in GUIDE_BLOCKS])
def test_guide_examples_run_against_the_emulator(block, tmp_path):
    where, text, tasks = block
    used = [name for name in TEST_ONLY_VARIABLES if re.search(r"\b%s\b" % name, text)]
    assert not used, "the example at %s uses variables that only the tests have: %s" % (where, used)
    run_as_a_user(text, tasks, "example at %s" % where, tmp_path)


def run_as_a_user(text, tasks, title, tmp_path):
    """``tasks`` as one play in a user's playbook directory, on a fresh emulator seeded with seed.json."""
    with open(os.path.join(HERE, "seed.json")) as handle:
        seed = json.load(handle)
    make_playbook_directory(str(tmp_path))
    with BackgroundEmulator(seed=seed) as emu:
        tasks, pointed = pointed_at(tasks, emu.url)
        assert pointed, "nothing in the %s names %s, so nothing points at the emulator" % (title, EXAMPLE_URL)
        play = [{
            "name": title,
            "hosts": "localhost",
            "gather_facts": False,
            "tasks": tasks,
        }]
        playbook = tmp_path / "examples.yml"
        playbook.write_text(yaml.safe_dump(play, sort_keys=False))
        extra_vars = tmp_path / "vault.json"
        extra_vars.write_text(json.dumps(extra_vars_for(text, seed)))
        env = dict((key, value) for key, value in os.environ.items() if not key.startswith("TABLEAU_"))
        env.update(ANSIBLE_COLLECTIONS_PATH=os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION))),
                   ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
        result = subprocess.run(["ansible-playbook", "examples.yml", "--extra-vars", "@vault.json"],
                                cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                universal_newlines=True, env=env, check=False)
        sessions = len(emu.emulator.state.sessions)
    assert result.returncode == 0, result.stdout[-6000:]
    assert sessions == 0, "the examples left %d sessions open" % sessions
