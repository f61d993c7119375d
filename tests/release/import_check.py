"""Run galaxy-importer on the built artifact with each given configuration; fail on any warning or error.

    python tests/release/import_check.py ARTIFACT OUTPUT_DIR CONFIG [CONFIG ...]

galaxy-importer exits 0 when the import goes through, even when its ansible-lint run found
something: those findings are only logged as warnings. A release must import without any, so every
``WARNING:`` or ``ERROR:`` line fails the check. Each run's whole log is kept in OUTPUT_DIR.
"""

import os
import subprocess
import sys

SUCCESS = "Importer processing completed successfully"


def run_importer(artifact, output_dir, config):
    label = os.path.splitext(os.path.basename(config))[0]
    workdir = os.path.join(output_dir, label)
    os.makedirs(workdir, exist_ok=True)
    env = dict(os.environ, GALAXY_IMPORTER_CONFIG=os.path.abspath(config),
               GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP=os.path.join(workdir, "ansible-tmp"))
    process = subprocess.run([sys.executable, "-m", "galaxy_importer.main", os.path.abspath(artifact)],
                             cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True, check=False)
    with open(os.path.join(workdir, "importer.log"), "w") as handle:
        handle.write(process.stdout)
    lines = process.stdout.splitlines()
    problems = [line for line in lines if line.startswith(("WARNING:", "ERROR:", "CRITICAL:"))]
    succeeded = process.returncode == 0 and SUCCESS in lines
    version = next((line for line in lines if line.startswith("Importing with galaxy-importer")), "galaxy-importer")
    print("%s [%s]: %s, %d warnings or errors (log: %s)" % (
        version, label, SUCCESS if succeeded else "import FAILED with exit code %d" % process.returncode,
        len(problems), os.path.join(workdir, "importer.log")))
    for line in problems:
        print("  " + line)
    return succeeded and not problems


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    artifact, output_dir, configs = argv[0], argv[1], argv[2:]
    results = [run_importer(artifact, output_dir, config) for config in configs]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
