"""Run a command with a fresh Tableau emulator on a free loopback port, then stop the emulator.

    python tests/utils/with_emulator.py [--config FILE] [emulator options] -- COMMAND...

The command gets TABLEAU_EMULATOR_URL (and TABLEAU_SERVER_URL when not set) in its environment;
``--config`` also writes ``tableau_url: <url>`` there (ansible-test's integration_config.yml), and
``ansible_remote_tmp`` when ANSIBLE_REMOTE_TMP is set: ansible-test passes few environment variables
on to ansible-playbook, and without it the modules' temporary files go under the user's own home.
"""

import argparse
import json
import os
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RUN_EMULATOR = os.path.join(os.path.dirname(HERE), "emulator", "run_emulator.py")


def start(extra_args):
    process = subprocess.Popen([sys.executable, RUN_EMULATOR, "--port", "0"] + extra_args,
                               stdout=subprocess.PIPE, universal_newlines=True)
    line = process.stdout.readline()
    if "ready on" not in line:
        process.kill()
        raise SystemExit("the emulator did not start: %r" % line)
    return process, line.strip().rsplit(" ", 1)[-1]


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        raise SystemExit(__doc__)
    split = argv.index("--")
    parser = argparse.ArgumentParser()
    parser.add_argument("--config")
    args, emulator_args = parser.parse_known_args(argv[:split])
    command = argv[split + 1:]
    process, url = start(emulator_args)
    try:
        if args.config:
            with open(args.config, "w") as handle:
                handle.write("tableau_url: %s\n" % url)
                if os.environ.get("ANSIBLE_REMOTE_TMP"):
                    handle.write("ansible_remote_tmp: %s\n" % json.dumps(os.environ["ANSIBLE_REMOTE_TMP"]))
        env = dict(os.environ, TABLEAU_EMULATOR_URL=url)
        env.setdefault("TABLEAU_SERVER_URL", url)
        print("emulator: %s" % url, flush=True)
        return subprocess.call(command, env=env)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    sys.exit(main())
