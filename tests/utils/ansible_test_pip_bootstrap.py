"""Offline pip bootstrap for ansible-test's own virtual environments.

ansible-test creates its sanity venvs without pip and downloads a get-pip script to fill them. Where
only the package index is reachable, this stands in for that script: it installs the pip wheel the
interpreter bundles (ensurepip), then runs ``pip install`` with the arguments ansible-test passed.
``python tests/utils/ansible_test_pip_bootstrap.py --install`` puts it where ansible-test looks.
"""

import os
import re
import shutil
import subprocess
import sys


def install_into_cache():
    import ansible_test._internal.python_requirements as requirements
    source = open(requirements.__file__).read()
    version = re.search(r"pip='([0-9.]+)'", source).group(1)
    cache = os.path.expanduser("~/.ansible/test/cache")
    target = os.path.join(cache, "get_pip_%s.py" % version.replace(".", "_"))
    if not os.path.exists(cache):
        os.makedirs(cache)
    shutil.copyfile(os.path.abspath(__file__), target)
    print("pip bootstrap for ansible-test: %s" % target)


def bootstrap(args):
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"])
    subprocess.check_call([sys.executable, "-m", "pip", "install"] + args)


if __name__ == "__main__":
    if sys.argv[1:] == ["--install"]:
        install_into_cache()
    else:
        bootstrap(sys.argv[1:])
