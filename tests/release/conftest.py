"""The built artifact, and the artifact installed into a temporary collections path.

RELEASE_ARTIFACT names an artifact already built (make release-check passes the one it built);
without it, the collection this file is part of is built into a temporary directory.
"""

import glob
import os
import subprocess

import pytest

COLLECTION = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="session")
def artifact(tmp_path_factory):
    given = os.environ.get("RELEASE_ARTIFACT")
    if given:
        return os.path.abspath(given)
    output = tmp_path_factory.mktemp("dist")
    subprocess.run(["ansible-galaxy", "collection", "build", "--output-path", str(output), COLLECTION],
                   check=True, stdout=subprocess.PIPE)
    return glob.glob(str(output / "*.tar.gz"))[0]


def install(artifact, path):
    """Install the artifact as a user would, with ansible-galaxy, into the collections path ``path``."""
    subprocess.run(["ansible-galaxy", "collection", "install", "--no-deps", "--force", "-p", str(path), artifact],
                   check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return os.path.join(str(path), "ansible_collections", "tableau", "server")


@pytest.fixture(scope="session")
def collections_path(artifact, tmp_path_factory):
    path = tmp_path_factory.mktemp("collections")
    install(artifact, path)
    return str(path)
