"""make release-check: everything a release must pass beyond the tests, one step after another.

    python tests/release/release_check.py OUTPUT_DIR DOCSITE_DIR

Runs from the collection's directory in the build tree, with the release tools' venv first on PATH
and the build tree as ANSIBLE_COLLECTIONS_PATH. Each step's whole output goes to
OUTPUT_DIR/<step>.log; its summary lines and its time are printed. Every step runs even after one
fails, and the check fails if any did.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.dirname(sys.executable)


def tool(name):
    return os.path.join(BIN, name)


def steps(output, docsite):
    artifact = os.path.join(output, "dist", "tableau-server-*.tar.gz")
    doc_playbooks = os.path.join(output, "doc-playbooks")
    return [
        ("build", [tool("ansible-galaxy"), "collection", "build", "--force", "--output-path",
                   os.path.join(output, "dist"), "."], r"^Created collection"),
        ("galaxy-importer", [sys.executable, os.path.join(HERE, "import_check.py"), artifact,
                             os.path.join(output, "importer"), os.path.join(HERE, "galaxy-importer.cfg"),
                             os.path.join(HERE, "galaxy-importer-automation-hub.cfg")], r"^(Importing|  )"),
        ("doc-playbooks", [sys.executable, os.path.join(HERE, "doc_playbooks.py"), ".", doc_playbooks],
         r"^doc playbooks:"),
        ("ansible-lint", [tool("ansible-lint"), "--profile", "production", "--offline", "--nocolor",
                          "roles", doc_playbooks], r"^(Passed|Failed)|^\S+:\d+|^# Rule"),
        ("antsibull-docs-lint", [tool("antsibull-docs"), "lint-collection-docs", "--plugin-docs",
                                 "--validate-collection-refs", "all", "--disallow-unknown-collection-refs", "."],
         r"."),
        ("docsite", [sys.executable, os.path.join(HERE, "build_docsite.py"), ".", docsite], r"^docsite"),
        ("artifact-tests", [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
                            os.path.join("tests", "release")], r"^ansible-builder|^\d+ (passed|failed)|^FAILED|passed|failed"),
        ("antsibull-changelog-lint", [tool("antsibull-changelog"), "lint"], r"."),
    ]


def expand(command):
    expanded = []
    for word in command:
        matches = sorted(glob.glob(word)) if "*" in word else [word]
        expanded.extend(matches or [word])
    return expanded


# Modules of other collections the doc playbooks use (AWX's, in docs/awx.md), which the release checks do
# not install: ansible-lint finds a stand-in that says only that the module exists.
STAND_INS = {"awx.awx": ["credential_type"]}
STAND_IN = '''DOCUMENTATION = """
module: %s
short_description: Stand-in for the release checks
description: [Stands in for the module of the same name, which the release checks do not install.]
"""
'''


def stand_in_collections(output):
    """A collections path holding a stand-in for each module of ``STAND_INS``."""
    root = os.path.join(output, "stand-ins")
    for collection, modules in STAND_INS.items():
        namespace, name = collection.split(".")
        folder = os.path.join(root, "ansible_collections", namespace, name, "plugins", "modules")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "..", "..", "galaxy.yml"), "w") as handle:
            handle.write("namespace: %s\nname: %s\nversion: 0.0.1\nreadme: README.md\nauthors: [x]\n" % (namespace, name))
        for module in modules:
            with open(os.path.join(folder, module + ".py"), "w") as handle:
                handle.write(STAND_IN % module)
    return root


def run_step(name, command, summary, output):
    log = os.path.join(output, name + ".log")
    env = dict(os.environ)
    if name == "ansible-lint":
        env["ANSIBLE_COLLECTIONS_PATH"] = os.pathsep.join(
            [env.get("ANSIBLE_COLLECTIONS_PATH", ""), stand_in_collections(output)]).strip(os.pathsep)
    if name == "artifact-tests":
        env["RELEASE_ARTIFACT"] = expand([os.path.join(output, "dist", "tableau-server-*.tar.gz")])[0]
    started = time.monotonic()
    with open(log, "w") as handle:
        process = subprocess.run(expand(command), stdout=handle, stderr=subprocess.STDOUT, env=env, check=False)
    seconds = time.monotonic() - started
    with open(log) as handle:
        lines = [line.rstrip() for line in handle if re.search(summary, line)]
    status = "ok" if process.returncode == 0 else "FAILED (exit code %d)" % process.returncode
    print("== %s: %s in %.0f s (log: %s)" % (name, status, seconds, log), flush=True)
    for line in lines[-25:] or ["(no output: no errors)"]:
        print("   " + line, flush=True)
    return process.returncode == 0


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    output, docsite = (os.path.abspath(path) for path in argv)
    shutil.rmtree(os.path.join(output, "dist"), ignore_errors=True)
    os.makedirs(output, exist_ok=True)
    started = time.monotonic()
    failed = [name for name, command, summary in steps(output, docsite) if not run_step(name, command, summary, output)]
    took = time.monotonic() - started
    if failed:
        print("release-check FAILED in %.0f s: %s" % (took, ", ".join(failed)))
        return 1
    print("release-check passed in %.0f s" % took)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
