"""Write every YAML block of the README and the guides as a playbook, for ansible-lint to check.

    python tests/release/doc_playbooks.py COLLECTION_DIR OUTPUT_DIR

The blocks are the fenced ``yaml`` blocks of README.md, docs/*.md and roles/*/README.md. A block
that is a list of plays is written as it stands; a block that is a list of tasks is written as the
tasks of one play on localhost. Every other block (a mapping, such as a seed file or a credential
type) is no playbook and is left out, and said so. A block that is not valid YAML fails.
"""

import glob
import os
import re
import sys

import yaml

FENCE = re.compile(r"^```yaml[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
PLAY_KEYS = ("hosts", "import_playbook", "ansible.builtin.import_playbook")


def sources(collection):
    found = [os.path.join(collection, "README.md")]
    found += sorted(glob.glob(os.path.join(collection, "docs", "*.md")))
    found += sorted(glob.glob(os.path.join(collection, "roles", "*", "README.md")))
    return [path for path in found if os.path.isfile(path)]


def blocks_of(path):
    with open(path) as handle:
        text = handle.read()
    for match in FENCE.finditer(text):
        yield text.count("\n", 0, match.start()) + 1, match.group(1)


def kind_of(data):
    if not isinstance(data, list) or not data or not all(isinstance(item, dict) for item in data):
        return None
    if all(any(key in item for key in PLAY_KEYS) for item in data):
        return "playbook"
    if not any(any(key in item for key in PLAY_KEYS) for item in data):
        return "tasks"
    return None


def as_playbook(kind, block, where):
    if kind == "playbook":
        return block if block.startswith("---") else "---\n" + block
    tasks = "".join("    " + line if line.strip() else line for line in block.splitlines(True))
    return "---\n- name: %s\n  hosts: localhost\n  gather_facts: false\n  tasks:\n%s" % (where, tasks)


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    collection, output = argv
    os.makedirs(output, exist_ok=True)
    for old in glob.glob(os.path.join(output, "*.yml")):
        os.remove(old)
    written, skipped, broken = 0, 0, 0
    for path in sources(collection):
        relative = os.path.relpath(path, collection)
        for line, block in blocks_of(path):
            where = "%s line %d" % (relative, line)
            try:
                data = yaml.safe_load(block)
            except yaml.YAMLError as error:
                print("%s: not valid YAML: %s" % (where, error))
                broken += 1
                continue
            kind = kind_of(data)
            if kind is None:
                print("%s: neither plays nor tasks, left out" % where)
                skipped += 1
                continue
            name = "%s-%d.yml" % (re.sub(r"[^A-Za-z0-9]+", "-", relative[:-3]).strip("-").lower(), line)
            with open(os.path.join(output, name), "w") as handle:
                handle.write(as_playbook(kind, block, "Example from %s" % where))
            written += 1
    print("doc playbooks: %d written to %s (%d blocks left out, %d not valid YAML)" % (written, output, skipped, broken))
    return 1 if broken or not written else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
