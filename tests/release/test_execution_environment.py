"""ansible-builder makes an execution environment's build context for the artifact, and finds the
collection's Python requirements and system packages through meta/execution-environment.yml.

`ansible-builder create` writes the context (no container runtime needed); the build would install
the collection from the context and run the context's own introspection script on it. The test does
the same here: it installs the artifact from the context and runs that script, which must list
requests, urllib3 and defusedxml (requirements.txt) and ca-certificates (bindep.txt).
"""

import os
import shutil
import subprocess
import sys

import yaml

from conftest import install

EE = {
    "version": 3,
    "images": {"base_image": {"name": "ghcr.io/ansible-community/community-ee-base:latest"}},
    "dependencies": {
        "ansible_core": {"package_pip": "ansible-core>=2.19"},
        "ansible_runner": {"package_pip": "ansible-runner"},
        "galaxy": {"collections": [{"name": None, "type": "file"}]},
    },
    "additional_build_files": [{"src": None, "dest": "collections"}],
}


def requirement_names(lines):
    return sorted(line.split(">=")[0].split()[0] for line in lines if line.strip() and not line.startswith("#"))


def test_ansible_builder_context_lists_the_runtime_requirements(artifact, tmp_path):
    definition = yaml.safe_load(yaml.safe_dump(EE))
    shutil.copy(artifact, str(tmp_path))
    name = os.path.basename(artifact)
    definition["additional_build_files"][0]["src"] = name
    definition["dependencies"]["galaxy"]["collections"][0]["name"] = "/build/collections/" + name
    (tmp_path / "execution-environment.yml").write_text(yaml.safe_dump(definition, sort_keys=False))
    context = tmp_path / "context"
    created = subprocess.run(["ansible-builder", "create", "--file", "execution-environment.yml", "--context", str(context),
                              "--output-filename", "Containerfile"], cwd=str(tmp_path),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    assert created.returncode == 0, created.stdout
    print("ansible-builder create: " + created.stdout.strip().splitlines()[-1])
    assert (context / "Containerfile").is_file()
    galaxy = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    assert galaxy["collections"][0]["name"].endswith(name)
    shipped = context / "_build" / "collections" / name
    assert shipped.is_file(), "the context does not carry the artifact"

    install(str(shipped), tmp_path / "installed")
    pip, bindep = tmp_path / "pip.txt", tmp_path / "bindep.txt"
    introspected = subprocess.run([sys.executable, str(context / "_build" / "scripts" / "introspect.py"), "introspect",
                                   "--write-pip", str(pip), "--write-bindep", str(bindep), str(tmp_path / "installed")],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    assert introspected.returncode == 0, introspected.stdout
    python_lines = pip.read_text().splitlines()
    system_lines = bindep.read_text().splitlines()
    print("ansible-builder introspect: python %s; system %s" % (
        ", ".join(line.split("  #")[0] for line in python_lines), ", ".join(line.split("  #")[0] for line in system_lines)))
    assert requirement_names(python_lines) == ["defusedxml", "requests", "urllib3"], python_lines
    assert all("from collection tableau.server" in line for line in python_lines), python_lines
    assert any(line.startswith("ca-certificates") for line in system_lines), system_lines
