"""Run the demo playbook twice against TABLEAU_SERVER_URL and show that the second run changes nothing."""

import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE_FILES = os.path.join(os.path.dirname(HERE), "examples", "sample_files.py")


def converge(run, files):
    print("\n=== run %d: ansible-playbook tests/demo/site.yml ===" % run, flush=True)
    process = subprocess.run(["ansible-playbook", os.path.join(HERE, "site.yml"), "-e", "demo_files=%s" % files],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    print(process.stdout, flush=True)
    if process.returncode != 0:
        raise SystemExit("run %d failed with exit code %d" % (run, process.returncode))
    recap = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+).*failed=(\d+)", process.stdout)
    return int(recap.group(2))


def main():
    files = tempfile.mkdtemp(prefix="tableau-demo-")
    subprocess.check_call([sys.executable, SAMPLE_FILES, files])
    first = converge(1, files)
    second = converge(2, files)
    print("demo: first run changed=%d, second run changed=%d" % (first, second))
    if first == 0 or second != 0:
        print("demo FAILED: the first run must change the site and the second must not")
        return 1
    print("demo OK: the second run is idempotent (changed=0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
