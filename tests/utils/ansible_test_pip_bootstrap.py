"""Offline pip bootstrap for ansible-test's own virtual environments.

ansible-test creates its sanity venvs without pip and fills them with a get-pip script it downloads
from ci-files.testing.ansible.com, caching it as ``~/.ansible/test/cache/get_pip_<version>.py``.
Where only the package index is reachable, this file stands in for that script: ansible-test runs
it (through its quiet_pip wrapper) as ``get_pip.py [pip options] pip==X [--no-setuptools] [--no-wheel]``;
it installs the pip wheel the interpreter bundles (ensurepip), then ``pip install`` with the package
index and the arguments ansible-test passed, less get-pip's own options.

    python ansible_test_pip_bootstrap.py --install HOME [--python 3.12]

puts it where ansible-test looks when ``HOME`` is its home directory. The Makefile runs ansible-test
with ``HOME`` in the build tree, so the user's own ``~/.ansible`` is never touched.
"""

import argparse
import os
import pwd
import re
import shutil
import subprocess
import sys

# Options of get-pip.py that pip install does not know.
GET_PIP_OPTIONS = ("--no-setuptools", "--no-wheel")


def pip_versions(python_version):
    """The pip releases ansible-test bootstraps its venvs with (ansible-test 2.19 and later)."""
    from ansible_test._internal import python_requirements as requirements

    class Python(object):
        version = python_version

    try:
        return [requirements.get_venv_packages(Python())["pip"]]
    except (AttributeError, KeyError, TypeError):
        # An ansible-test whose helper differs: every pip release its source names.
        with open(requirements.__file__) as handle:
            found = sorted(set(re.findall(r"pip='([0-9.]+)'", handle.read())))
        if not found:
            raise SystemExit("cannot tell which pip %s bootstraps" % requirements.__file__)
        return found


def install_into_cache(home, python_version):
    if os.path.realpath(home) == os.path.realpath(pwd.getpwuid(os.getuid()).pw_dir):
        raise SystemExit("refusing to write into your own ~/.ansible: give the home directory the tests run with")
    cache = os.path.join(home, ".ansible", "test", "cache")
    if not os.path.isdir(cache):
        os.makedirs(cache)
    for version in pip_versions(python_version):
        target = os.path.join(cache, "get_pip_%s.py" % version.replace(".", "_"))
        shutil.copyfile(os.path.abspath(__file__), target)
        print("pip bootstrap for ansible-test: %s" % target)


def bootstrap(args):
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"])
    subprocess.check_call([sys.executable, "-m", "pip", "install"] + [a for a in args if a not in GET_PIP_OPTIONS])


def main(argv):
    if "--install" not in argv:
        bootstrap(argv)
        return
    parser = argparse.ArgumentParser(description="Put the offline pip bootstrap where ansible-test looks.")
    parser.add_argument("--install", metavar="HOME", required=True, help="the home directory ansible-test runs with")
    parser.add_argument("--python", default="%d.%d" % sys.version_info[:2], help="the Python sanity runs on")
    args = parser.parse_args(argv)
    install_into_cache(args.install, args.python)


if __name__ == "__main__":
    main(sys.argv[1:])
