"""Performance benchmark: this collection against the vendor's Python client (TSC), side by side.

Run it with ``make bench`` (it needs the collection in an ``ansible_collections`` tree, which the
Makefile builds). It starts the emulator with injected latency and prints, in one run:

1. converging nested projects (and users and groups with memberships when tableau_user and
   tableau_group are in the tree), cold and again as a no-op: a playbook of one list-form task per
   kind of item, the same spec as one tableau_site_state task, and a TSC script doing the same
   idempotent work sequentially and on a thread pool (``--tsc-threads``, default 1, 4 and 16); HTTP
   requests against the lower bound the REST API allows, wall time and ratios to the threaded scripts;
   with ``--grid 100:10,1000:100,5000:500``, at each size in one run, with the peak RSS of the
   tableau_site_state module process and its growth per item; plus ansible-playbook's own fixed cost
   and the requests of one no-op tableau_project task, fresh and with a reused session;
2. peak RSS of the publishing process (the module's, or the TSC script's) while publishing a large
   data source file, above the same for a 1 MiB file (when tableau_datasource is in the tree);
3. listing many users: ansible-playbook with one tableau_user_info task (every key, and a ``fields``
   selection) against TSC scripts with pages of 1,000, sequential and on threads, whole processes timed;
4. permissions: projects x grantees converged with one tableau_permission task (its ``items`` read
   and written side by side) against a TSC script reading each project's permissions in turn, cold and
   as a no-op (when tableau_permission is in the tree);
5. a whole-site export (tableau_site_export) of a site seeded straight into the emulator's state
   (``--export-users`` users, ``--export-groups`` groups, ``--export-projects`` projects,
   ``--export-workbooks`` workbooks): requests, wall time and the module process's peak RSS, against a
   TSC script reading the same collections and per-item details on 4 threads (``read-site``).
   Heavy at its default size: run it alone, niced (``make bench ARGS="--skip converge ..."``);
6. throttled: users and groups with members converged (``--throttle-users``, ``--throttle-groups``) with
   ``max_concurrency: --throttle-concurrency`` against an emulator that takes ``--throttle-rate`` API
   requests a second (``--throttle-burst`` at once; ``--throttle-latency-ms`` each) and answers the rest
   429 with Retry-After: the 429
   count against the writes, and the rate achieved against the rate allowed, cold and as a no-op.

Every target is reported PASS or MISS. Options: ``python bench.py --help``.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

try:
    from urllib.request import Request, urlopen
except ImportError:  # pragma: no cover
    raise SystemExit("the benchmark needs Python 3")

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION = os.path.dirname(os.path.dirname(HERE))
COLLECTIONS_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION)))
MODULES = os.path.join(COLLECTION, "plugins", "modules")
TSC_REFERENCE = os.path.join(HERE, "tsc_reference.py")
sys.path.insert(0, os.path.join(COLLECTION, "tests", "utils"))
sys.path.insert(0, os.path.join(COLLECTION, "tests", "emulator"))
sys.path.insert(0, COLLECTIONS_ROOT)

# Without /proc: peak RSS of everything a command starts, ru_maxrss of the waited-for descendants.
RSS_WRAPPER = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:]); "
               "print('maxrss_kib=%d rc=%d' % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc))")
TOKEN = {"token_name": "automation", "token_secret": "automation-secret"}


def has_module(name):
    return os.path.exists(os.path.join(MODULES, name + ".py"))


def _documentation(path, attribute="DOCUMENTATION"):
    import ast
    import yaml
    with open(path) as handle:
        tree = ast.parse(handle.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == attribute:
            return yaml.safe_load(node.value.value) or {}
    return {}


def module_options(name):
    """Top-level option names of a module of this collection, its doc fragments included."""
    doc = _documentation(os.path.join(MODULES, name + ".py"))
    options = set(doc.get("options", {}))
    for fragment in doc.get("extends_documentation_fragment", []):
        parts = fragment.split(".")
        if parts[:2] == ["tableau", "server"]:
            path = os.path.join(COLLECTION, "plugins", "doc_fragments", parts[2] + ".py")
            attribute = parts[3].upper() if len(parts) > 3 else "DOCUMENTATION"
            options.update(_documentation(path, attribute).get("options", {}))
    return options


# ---------------------------------------------------------------------- the emulator

class Emulator(object):
    def __init__(self, latency_ms, signin_latency_ms, seed=None, extra=()):
        import with_emulator  # tests/utils/with_emulator.py
        args = ["--latency-ms", str(latency_ms), "--signin-latency-ms", str(signin_latency_ms)] + list(extra)
        if seed:
            args += ["--seed", seed]
        self.process, self.url = with_emulator.start(args)

    def call(self, method, name, data=None):
        body = json.dumps(data).encode("utf-8") if data is not None else None
        request = Request(self.url + "/_emulator/" + name, data=body, method=method,
                          headers={"Content-Type": "application/json"})
        with urlopen(request) as response:
            return json.loads(response.read().decode("utf-8"))

    def reset(self):
        self.call("POST", "reset")

    def clear_log(self):
        self.call("DELETE", "requests")

    def requests(self):
        return self.call("GET", "requests")["requests"]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


# ---------------------------------------------------------------------- running things

def ansible_env():
    return dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT, ANSIBLE_LOCALHOST_WARNING="false",
                ANSIBLE_INVENTORY_UNPARSED_WARNING="false", ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                ANSIBLE_NOCOWS="1", ANSIBLE_RETRY_FILES_ENABLED="false")


def playbook_command(path, extra_vars):
    return ["ansible-playbook", "-i", "localhost,", "-c", "local", path, "-e", json.dumps(extra_vars)]


def timed_with_rss(command, env, process_matching):
    """(wall time, output, peak RSS in MiB of the process whose command line has ``process_matching``, or
    None when no such process was seen), polled from /proc every 10 ms."""
    if not os.path.isdir("/proc/self"):
        return timed(command, env) + (None,)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
        peak = 0
        while process.poll() is None:
            for pid in descendants(process.pid):
                rss, cmdline = rss_and_command(pid)
                if process_matching in cmdline:
                    peak = max(peak, rss)
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit("failed (%d): %s\n%s" % (process.returncode, " ".join(command), text[-4000:]))
    return seconds, text, (peak / 1024.0 if peak else None)


def timed(command, env=None):
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                            env=env or os.environ, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit("failed (%d): %s\n%s" % (result.returncode, " ".join(command), result.stdout[-4000:]))
    return seconds, result.stdout


def changed_count(output):
    found = re.findall(r"changed=(\d+)", output)
    return int(found[-1]) if found else None


def descendants(pid):
    """Process ids below ``pid``, from /proc."""
    children, found = {}, []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (IOError, OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def rss_and_command(pid):
    try:
        with open("/proc/%d/status" % pid) as handle:
            rss = [int(line.split()[1]) for line in handle if line.startswith("VmRSS:")]
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            command = handle.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except (IOError, OSError):
        return 0, ""
    return (rss[0] if rss else 0), command


def peak_rss_mib(command, env=None, process_matching=None):
    """Peak RSS in MiB of the one process (the command or a descendant) whose command line contains
    ``process_matching`` (any process when None), polled from /proc every 10 ms."""
    if not os.path.isdir("/proc/self"):
        result = subprocess.run([sys.executable, "-c", RSS_WRAPPER] + command, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, universal_newlines=True, env=env or os.environ,
                                check=False)
        found = re.search(r"maxrss_kib=(\d+) rc=(\d+)", result.stdout)
        if not found or found.group(2) != "0":
            raise SystemExit("failed: %s\n%s" % (" ".join(command), result.stdout[-4000:]))
        return int(found.group(1)) / 1024.0
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env or os.environ)
        peak = 0
        while process.poll() is None:
            for pid in [process.pid] + descendants(process.pid):
                rss, cmdline = rss_and_command(pid)
                if process_matching is None or process_matching in cmdline:
                    peak = max(peak, rss)
            time.sleep(0.01)
        if process.returncode != 0:
            output.seek(0)
            tail = output.read()[-4000:].decode("utf-8", "replace")
            raise SystemExit("failed (%d): %s\n%s" % (process.returncode, " ".join(command), tail))
    if not peak:
        raise SystemExit("no process matching %r was seen running: %s" % (process_matching, " ".join(command)))
    return peak / 1024.0


def write_yaml(directory, name, data):
    # JSON is YAML; no YAML library needed to write a playbook.
    path = os.path.join(directory, name)
    with open(path, "w") as handle:
        json.dump(data, handle, indent=1)
    return path


def play(tasks, reuse_session=True, connection=None):
    """A play signing in once with tableau_session and signing out at the end; ``connection``: more options."""
    if not reuse_session:
        return [{"name": "bench", "hosts": "localhost", "gather_facts": False, "tasks": [{
            "name": "work", "module_defaults": {"group/tableau.server.tableau": dict(
                TOKEN, server_url="{{ url }}", **(connection or {}))},
            "block": tasks}]}]
    return [{"name": "bench", "hosts": "localhost", "gather_facts": False, "tasks": [
        {"name": "sign in", "register": "login",
         "tableau.server.tableau_session": dict(TOKEN, server_url="{{ url }}")},
        {"name": "work", "module_defaults": {"group/tableau.server.tableau": {"session": "{{ login.session }}"}},
         "block": tasks,
         "always": [{"name": "sign out", "tableau.server.tableau_session": {
             "session": "{{ login.session }}", "state": "absent"}}]},
    ]}]


# ---------------------------------------------------------------------- 1. converge

def site_spec(args, with_people):
    projects = []
    # Nested three deep: each top project has two children, each child one grandchild.
    tops = max(1, args.projects // 5)
    for top in range(tops):
        projects.append({"path": "Dept %02d" % top, "description": "Department %d" % top})
        for child in range(2):
            path = "Dept %02d/Team %d" % (top, child)
            projects.append({"path": path, "description": "Team %d" % child})
            projects.append({"path": path + "/Reports", "description": "Reports"})
    spec = {"projects": projects[:args.projects]}
    if with_people:
        spec["users"] = [{"name": "bench%04d" % i, "site_role": "Viewer"} for i in range(args.users)]
        per_group = max(1, args.users // max(1, args.groups))
        spec["groups"] = [{"name": "Bench Group %02d" % g,
                           "members": [u["name"] for u in spec["users"][g * per_group:(g + 1) * per_group]]}
                          for g in range(args.groups)]
    return spec


def converge_tasks(spec):
    tasks = [{"name": "projects", "tableau.server.tableau_project": {"projects": spec["projects"]}}]
    if spec.get("users"):
        tasks.append({"name": "users", "tableau.server.tableau_user": {"users": spec["users"]}})
        if "groups" in module_options("tableau_group"):
            tasks.append({"name": "groups", "tableau.server.tableau_group": {"groups": spec["groups"]}})
        else:
            tasks.append({"name": "groups", "loop": spec["groups"], "loop_control": {"label": "{{ item.name }}"},
                          "tableau.server.tableau_group": {"name": "{{ item.name }}", "members": "{{ item.members }}"}})
    return tasks


def median_run(runs):
    """The run of median wall time; the no-op verdict takes the worst ``changed`` of all runs."""
    ordered = sorted(runs, key=lambda run: run[0])
    seconds, requests, dummy = ordered[len(ordered) // 2]
    changed = [run[2] for run in runs if run[2] is not None]
    return seconds, requests, max(changed) if changed else None


def ansible_fixed_cost(workdir, task=None):
    """Median wall time of ansible-playbook running one task (by default the no-op module ping): what any
    playbook pays before its modules do any work."""
    task = task or {"name": "ping", "ansible.builtin.ping": {}}
    playbook = write_yaml(workdir, "fixed-cost.yml", [{"name": "fixed cost", "hosts": "localhost",
                                                       "gather_facts": False, "tasks": [task]}])
    return sorted(timed(playbook_command(playbook, {}), ansible_env())[0] for dummy in range(3))[1]


def api_count(emulator):
    return len(emulator.requests())


def site_state_tasks(spec):
    """The same spec as one tableau_site_state task: one process, one sign-in, one plan."""
    description = {"version": 1, "projects": spec["projects"]}
    for section in ("users", "groups"):
        if spec.get(section):
            description[section] = spec[section]
    return [{"name": "site", "tableau.server.tableau_site_state": {"description": description}}]


def converge_ways(args, with_people):
    """(key, label) of every way the spec is converged: ours as playbooks, TSC at each thread count."""
    ways = []
    if "tasks" in args.converge_with:
        ways.append(("tasks", "tableau.server, %s" % ("3 tasks, one session" if with_people else "1 task")))
    if "site-state" in args.converge_with and has_module("tableau_site_state"):
        ways.append(("site-state", "tableau.server, 1 tableau_site_state task"))
    for threads in args.tsc_threads:
        ways.append(("tsc%d" % threads, "TSC, sequential" if threads == 1 else "TSC, %d threads" % threads))
    return ways


def lower_bound(spec, phase):
    """Fewest requests the REST API allows: the server's version (every side asks it: neither is told the
    version), the sign-in and sign-out, one listing page (1,000 items) per kind, the users counting the
    signed-in administrator, each group's members when the groups exist; cold, one write per project, group
    and member list, and the users: one by one below 50, else per 1,000 one Import Users to Site from
    CSV, one read of its job and one listing page to learn the new users' ids (which the members need)."""
    def pages(count):
        return max(1, -(-count // 1000))
    users, groups = spec.get("users", []), spec.get("groups", [])
    reads = 3 + pages(len(spec["projects"]))
    if users:
        reads += pages(len(users) + 1) + pages(len(groups) + 1)
    if phase == "no-op":
        return reads + len(groups)
    user_writes = len(users) if len(users) < 50 else 3 * pages(len(users))
    return reads + len(spec["projects"]) + user_writes + 2 * len([g for g in groups if g.get("members")]) + len(
        [g for g in groups if not g.get("members")])


def measure_converge(emulator, workdir, args, with_people):
    spec = site_spec(args, with_people)
    spec_path = write_yaml(workdir, "spec.json", spec)
    # A session pays off from the second task on; one task signing in itself is cheaper than three.
    playbooks = {"tasks": write_yaml(workdir, "converge.yml", play(converge_tasks(spec), reuse_session=with_people))}
    if has_module("tableau_site_state"):
        playbooks["site-state"] = write_yaml(workdir, "site-state.yml", play(site_state_tasks(spec),
                                                                             reuse_session=False))
    env = ansible_env()
    runs, peaks = {}, {}
    # Median of several runs: one run on a busy two-core machine is noisy.
    for dummy in range(args.repeat):
        for key, label in converge_ways(args, with_people):
            emulator.reset()
            for phase in ("cold", "no-op"):
                print("   %s, %s ..." % (label, phase), flush=True)
                emulator.clear_log()
                if key in playbooks:
                    seconds, output, rss = timed_with_rss(playbook_command(playbooks[key], {"url": emulator.url}),
                                                          env, "AnsiballZ_tableau_site_state")
                    changed = changed_count(output)
                    if rss:
                        peaks.setdefault(phase, []).append(rss)
                else:
                    seconds, dummy_output = timed([sys.executable, TSC_REFERENCE, "converge", emulator.url, spec_path,
                                                   "--threads", key[3:]])
                    changed = None
                runs.setdefault((key, phase), []).append((seconds, api_count(emulator), changed))
                print("     %.2f s, %d requests" % (seconds, runs[(key, phase)][-1][1]), flush=True)
    rows = dict((key, median_run(values)) for key, values in runs.items())
    rows["rss"] = dict((phase, max(values)) for phase, values in peaks.items())
    return spec, rows


def report_converge(report, spec, rows, args, with_people):
    what = "%d nested projects" % len(spec["projects"])
    if with_people:
        what += ", %d users, %d groups with members" % (len(spec["users"]), len(spec["groups"]))
    ways = converge_ways(args, with_people)
    references = [key for key, dummy in ways if key.startswith("tsc") and key != "tsc1"] or \
        [key for key, dummy in ways if key.startswith("tsc")]
    labels = dict(ways)
    size = "%d users, " % len(spec["users"]) if with_people else ""
    for phase in ("cold", "no-op"):
        bound = lower_bound(spec, phase)
        for key, label in ways:
            seconds, requests, changed = rows[(key, phase)]
            ratios = ", ".join("%.2fx %s" % (seconds / rows[(ref, phase)][0], labels[ref][5:])
                               for ref in references if ref != key)
            report.converge_row(what, phase, label, requests, "%.2fx" % (float(requests) / bound),
                                "%.2f s" % seconds, ratios or "-")
        for key, dummy in ways:
            if key.startswith("tsc"):
                continue
            seconds, requests, changed = rows[(key, phase)]
            for ref, limit in (("tsc4", 1.0), ("tsc16", 1.5)):
                if (ref, phase) in rows:
                    ratio = seconds / rows[(ref, phase)][0]
                    report.target("converge %s%s, %s: wall time <= %.1fx %s" % (
                        size, phase, labels[key][16:], limit, labels[ref]), ratio <= limit, "%.2fx" % ratio)
            report.target("converge %s%s, %s: requests within 5%% of the lower bound (%d)" % (
                size, phase, labels[key][16:], bound), requests <= bound * 1.05, requests)
            if phase == "no-op":
                report.target("no-op converge, %s%s: changed=0" % (size, labels[key][16:]), changed == 0,
                              "changed=%s" % changed)


def report_site_memory(report, memory):
    """Peak RSS of the tableau_site_state module process at each size, and its growth per item (project,
    user or group) from the smallest size to each larger one."""
    for phase in ("cold", "no-op"):
        sizes = sorted((items, rss) for items, run, rss in memory if run == phase)
        for items, rss in sizes:
            report.row("converge %d items, %s: peak RSS of the tableau_site_state module process" % (items, phase),
                       "%.1f MiB" % rss, "", "")
        for items, rss in sizes[1:]:
            growth = (rss - sizes[0][1]) * 1024.0 / (items - sizes[0][0])
            report.row("converge %s, %d to %d items: peak RSS growth per item" % (phase, sizes[0][0], items),
                       "%.2f KiB" % growth, "", "")
            report.target("site apply (%s) peak RSS grows by less than 1 KiB per item, %d to %d items" % (
                phase, sizes[0][0], items), growth < 1.0, "%.2f KiB" % growth)


def measure_single_task(emulator, workdir):
    """Requests of one no-op tableau_project task: signing in itself, and reusing a session."""
    emulator.reset()
    project = {"tableau.server.tableau_project": {"path": "Single", "description": "one"}}
    fresh = write_yaml(workdir, "single.yml", play([dict(project, name="single")], reuse_session=False))
    env = ansible_env()
    timed(playbook_command(fresh, {"url": emulator.url}), env)
    emulator.clear_log()
    timed(playbook_command(fresh, {"url": emulator.url}), env)
    fresh_count = api_count(emulator)
    log_file = os.path.join(workdir, "reused-count")
    reused = write_yaml(workdir, "single-reused.yml", play([
        {"name": "clear the log", "ansible.builtin.uri": {"url": "{{ url }}/_emulator/requests", "method": "DELETE"}},
        dict(project, name="single"),
        {"name": "read the log", "register": "log",
         "ansible.builtin.uri": {"url": "{{ url }}/_emulator/requests", "return_content": True}},
        {"name": "keep the count", "ansible.builtin.copy": {
            "content": "{{ log.json.requests | length }}", "dest": log_file, "mode": "0600"}},
    ]))
    timed(playbook_command(reused, {"url": emulator.url}), env)
    with open(log_file) as handle:
        return fresh_count, int(handle.read().strip())


# ---------------------------------------------------------------------- 2. publish memory

def datasource_file_option():
    """The option of tableau_datasource that takes the file to publish."""
    for name in ("file", "path", "src", "file_path"):
        if name in module_options("tableau_datasource"):
            return name
    raise SystemExit("tableau_datasource has no option for the file to publish (looked for file, path, src)")


def make_file(path, mib):
    chunk = b"\0" * (1024 * 1024)
    with open(path, "wb") as handle:
        for dummy in range(mib):
            handle.write(chunk)


def measure_publish(emulator, workdir, args):
    emulator.reset()
    small = os.path.join(workdir, "small.hyper")
    big = os.path.join(workdir, "bench.hyper")
    make_file(small, 1)
    make_file(big, args.publish_mib)
    option = datasource_file_option()
    env = ansible_env()
    results = {}
    for label, path in (("baseline", small), ("publish", big)):
        playbook = write_yaml(workdir, "publish-%s.yml" % label, play([{
            "name": "publish", "tableau.server.tableau_datasource": {
                "name": "Bench " + label, "project": "Default", option: path}}]))
        results[("ours", label)] = peak_rss_mib(playbook_command(playbook, {"url": emulator.url}), env,
                                                process_matching="AnsiballZ_tableau_datasource")
        results[("tsc", label)] = peak_rss_mib([sys.executable, TSC_REFERENCE, "publish", emulator.url, path])
    os.remove(big)
    return results


# ---------------------------------------------------------------------- 3. listing users

def list_users_seed(workdir, count):
    from tableau_emulator.state import DEFAULT_SEED
    seed = json.loads(json.dumps(DEFAULT_SEED))
    seed["users"] += [{"name": "lister%05d" % i, "password": None, "site_role": "Viewer", "sites": [""]}
                      for i in range(count)]
    return write_yaml(workdir, "users-seed.json", seed)


def measure_listing(args, workdir):
    """Whole processes, as users run them: ansible-playbook with one tableau_user_info task (every key, and
    only ``fields: [name, site_role]``) against TSC scripts with pages of 1,000, sequential and on threads.

    Each is timed from start to exit, sign-in and sign-out included; the requests are counted in the
    emulator's log. Returns ``{way: (seconds, requests, count)}``.
    """
    emulator = Emulator(args.latency_ms, args.signin_latency_ms, seed=list_users_seed(workdir, args.list_users))
    listed = {}
    try:
        for way, options in (("ours", {}), ("ours, fields", {"fields": ["name", "site_role"]})):
            tasks = [{"name": "list", "register": "listed", "tableau.server.tableau_user_info": options},
                     {"name": "count", "ansible.builtin.debug": {"msg": "count={{ listed.users | length }}"}}]
            playbook = write_yaml(workdir, "list-users.yml", play(tasks, reuse_session=False))
            emulator.clear_log()
            seconds, output = timed(playbook_command(playbook, {"url": emulator.url}), ansible_env())
            count = int(re.search(r"count=(\d+)", output).group(1))
            listed[way] = (seconds, api_count(emulator), count)
        for threads in args.tsc_threads:
            emulator.clear_log()
            seconds, output = timed([sys.executable, TSC_REFERENCE, "list-users", emulator.url, "--threads", str(threads)])
            count = json.loads(output.strip().splitlines()[-1])["count"]
            listed["TSC, %s" % threads_label(threads)] = (seconds, api_count(emulator), count)
    finally:
        emulator.stop()
    return listed


def threads_label(threads):
    return "sequential" if threads == 1 else "%d threads" % threads


def report_listing(report, listed):
    counts = set(count for dummy, dummy, count in listed.values())
    if len(counts) != 1:
        raise SystemExit("the listings disagree: %s" % listed)
    # Server info (the version), sign-in, the pages of 1,000 (the most a page holds), sign-out.
    lower_bound = 3 + (counts.pop() + 999) // 1000
    references = [way for way in listed if way.startswith("TSC")]
    for way, (seconds, requests, count) in listed.items():
        ratios = ", ".join("%.2f vs %s" % (seconds / listed[ref][0], ref[5:]) for ref in references)
        report.row("list %d users (whole process), %s: time; HTTP requests (lower bound %d)" % (count, way, lower_bound),
                   "%.2f s; %d" % (seconds, requests) if way.startswith("ours") else "",
                   "%.2f s; %d" % (seconds, requests) if way.startswith("TSC") else "",
                   ratios if way.startswith("ours") else "")
    best_tsc = min(listed[ref][0] for ref in references)
    fastest_ours = min(listed[way][0] for way in listed if way.startswith("ours"))
    report.target("user listing (fields) <= 1.0x the fastest TSC script", fastest_ours <= best_tsc,
                  "%.2fx" % (fastest_ours / best_tsc))
    report.target("user listing requests within 5 %% of the lower bound (%d)" % lower_bound,
                  all(listed[way][1] <= lower_bound * 1.05 for way in listed if way.startswith("ours")),
                  ", ".join("%s %d" % (way, listed[way][1]) for way in listed))


# ---------------------------------------------------------------------- 4. permissions

PERMISSION_GRANTS = [
    ("Bench Publishers", {"Read": "Allow", "Write": "Allow"}),
    ("Bench Viewers", {"Read": "Allow"}),
    ("Bench Blocked", {"Read": "Allow", "Write": "Deny"}),
]


def permission_spec(args):
    grants = [{"group": name, "capabilities": caps} for name, caps in PERMISSION_GRANTS[:args.grantees]]
    return {"items": [{"project": "Perm %04d" % i, "grants": grants} for i in range(args.permission_projects)]}


def measure_permissions(emulator, workdir, args):
    spec = permission_spec(args)
    spec_path = write_yaml(workdir, "permissions.json", spec)
    setup = write_yaml(workdir, "permission-setup.yml", play([
        {"name": "projects", "tableau.server.tableau_project": {
            "projects": [{"path": item["project"]} for item in spec["items"]]}},
        {"name": "groups", "tableau.server.tableau_group": {
            "groups": [{"name": name} for name, dummy in PERMISSION_GRANTS[:args.grantees]]}},
    ]))
    task = {"name": "permissions", "tableau.server.tableau_permission": {"permissions": [
        {"content_type": "project", "project": item["project"], "grants": item["grants"]} for item in spec["items"]]}}
    playbook = write_yaml(workdir, "permissions.yml", play([task], reuse_session=False))
    env = ansible_env()
    runs = {}
    for dummy in range(args.repeat):
        for who in ("ours", "tsc"):
            emulator.reset()
            timed(playbook_command(setup, {"url": emulator.url}), env)
            for phase in ("cold", "no-op"):
                emulator.clear_log()
                if who == "ours":
                    seconds, output = timed(playbook_command(playbook, {"url": emulator.url}), env)
                    changed = changed_count(output)
                else:
                    seconds, dummy_output = timed([sys.executable, TSC_REFERENCE, "permissions", emulator.url, spec_path])
                    changed = None
                runs.setdefault((who, phase), []).append((seconds, api_count(emulator), changed))
    return spec, dict((key, median_run(values)) for key, values in runs.items())


def report_permissions(report, spec, rows, args):
    what = "permissions of %d projects x %d groups" % (len(spec["items"]), args.grantees)
    for phase in ("cold", "no-op"):
        ours, tsc = rows[("ours", phase)], rows[("tsc", phase)]
        ratio = ours[0] / tsc[0]
        report.row("%s, %s: wall time" % (what, phase), "%.2f s" % ours[0], "%.2f s" % tsc[0], "%.2f" % ratio)
        report.row("%s, %s: HTTP requests" % (what, phase), ours[1], tsc[1], "%.2f" % (float(ours[1]) / tsc[1]))
    noop = rows[("ours", "no-op")]
    report.target("no-op permissions converge reports changed=0", noop[2] == 0, "changed=%s" % noop[2])
    ratio = noop[0] / rows[("tsc", "no-op")][0]
    report.target("no-op permissions converge wall time <= 1.0x TSC", ratio <= 1.0, "%.3fx" % ratio)
    report.target("no-op permissions converge requests <= TSC's", noop[1] <= rows[("tsc", "no-op")][1],
                  "%d against %d" % (noop[1], rows[("tsc", "no-op")][1]))


# ---------------------------------------------------------------------- 5. site export

EXPORT_SECTIONS = ["users", "projects", "groups", "workbooks", "permissions", "default_permissions"]


def measure_export(args, workdir):
    """One export of the seeded site by tableau_site_export, and the TSC script's reads of it."""
    from tableau_emulator.server import BackgroundEmulator
    import site_seed  # tests/benchmark/site_seed.py
    dest = os.path.join(workdir, "site.yml")
    playbook = write_yaml(workdir, "export.yml", play([{"name": "export", "tableau.server.tableau_site_export": {
        "dest": dest, "sections": EXPORT_SECTIONS}, "register": "exported"},
        {"name": "counts", "ansible.builtin.copy": {"dest": os.path.join(workdir, "export.json"),
                                                    "content": "{{ exported | to_json }}"}}], reuse_session=False))
    with BackgroundEmulator(latency_ms=args.latency_ms, signin_latency_ms=args.signin_latency_ms) as emu:
        site_seed.fill(emu.emulator.state, args.export_users, args.export_groups, args.export_projects,
                       args.export_workbooks)
        url = emu.url
        emu.emulator.log = []
        started = time.perf_counter()
        rss = peak_rss_mib(playbook_command(playbook, {"url": url}), ansible_env(), "tableau_site_export")
        seconds = time.perf_counter() - started
        ours_requests = len(emu.emulator.log)
        with open(os.path.join(workdir, "export.json")) as handle:
            result = json.load(handle)
        emu.emulator.log = []
        tsc_rss = peak_rss_mib([sys.executable, TSC_REFERENCE, "read-site", url], None, "read-site")
        tsc_requests = len(emu.emulator.log)
        output = subprocess.check_output([sys.executable, TSC_REFERENCE, "read-site", url], universal_newlines=True)
        tsc = json.loads(output.strip().splitlines()[-1])
    return {"seconds": seconds, "fixed": ansible_fixed_cost(workdir), "requests": ours_requests, "rss": rss,
            "result": result,
            "size": os.path.getsize(dest), "tsc_seconds": tsc["seconds"], "tsc_requests": tsc_requests,
            "tsc_rss": tsc_rss}


def report_export(report, measured, args):
    what = "export of %d users, %d groups, %d projects, %d workbooks" % (
        args.export_users, args.export_groups, args.export_projects, args.export_workbooks)
    report.row("%s: wall time (ours: the whole ansible-playbook run; TSC: its reads)" % what,
               "%.2f s" % measured["seconds"], "%.2f s" % measured["tsc_seconds"],
               "%.2f" % (measured["seconds"] / measured["tsc_seconds"]))
    module = measured["seconds"] - measured["fixed"]
    report.row("%s: wall time less ansible-playbook's fixed cost (%.2f s)" % (what, measured["fixed"]),
               "%.2f s" % module, "%.2f s" % measured["tsc_seconds"], "%.2f" % (module / measured["tsc_seconds"]))
    report.row("%s: HTTP requests (ours reads 7 kinds of default permissions per project, TSC 3)" % what,
               measured["requests"], measured["tsc_requests"],
               "%.2f" % (float(measured["requests"]) / measured["tsc_requests"]))
    report.row("%s: peak RSS of the process" % what, "%.1f MiB" % measured["rss"], "%.1f MiB" % measured["tsc_rss"],
               "%.2f" % (measured["rss"] / measured["tsc_rss"]))
    report.row("%s: description written" % what, "%d bytes, sections %s" % (
        measured["size"], json.dumps(measured["result"].get("sections"), sort_keys=True)), "", "")


# ---------------------------------------------------------------------- 6. throttled

def measure_throttled(args, workdir):
    """Users and groups converged cold and as a no-op against a throttling emulator: per run, its seconds,
    the requests answered, those refused with 429, the writes, and ``changed``."""
    emulator = Emulator(args.throttle_latency_ms, args.signin_latency_ms, extra=[
        "--throttle-rate", str(args.throttle_rate), "--throttle-burst", str(args.throttle_burst)])
    users = [{"name": "throttled%04d" % i, "site_role": "Viewer"} for i in range(args.throttle_users)]
    per_group = max(1, len(users) // max(1, args.throttle_groups))
    groups = [{"name": "Throttled Group %02d" % g, "members": [u["name"] for u in users[g * per_group:(g + 1) * per_group]]}
              for g in range(args.throttle_groups)]
    # One write per user (no import job): the concurrent writes are what the throttle meets.
    tasks = [{"name": "users", "tableau.server.tableau_user": {"users": users, "bulk_import": "never"}},
             {"name": "groups", "tableau.server.tableau_group": {"groups": groups}}]
    playbook = write_yaml(workdir, "throttled.yml", play(tasks, reuse_session=False, connection={
        "max_concurrency": args.throttle_concurrency}))
    runs = {}
    try:
        for phase in ("cold", "no-op"):
            print("   %s ..." % phase, flush=True)
            emulator.clear_log()
            seconds, output = timed(playbook_command(playbook, {"url": emulator.url}), ansible_env())
            log = emulator.requests()
            answered = [r for r in log if r["status"] != 429]
            span = max(r["finished"] for r in log) - min(r["started"] for r in log)
            runs[phase] = {"seconds": seconds, "answered": len(answered), "refused": len(log) - len(answered),
                           "writes": len([r for r in answered if r["method"] in ("POST", "PUT", "DELETE")
                                          and not r["path"].endswith(("/signin", "/signout"))]),
                           "rate": len(log) / span if span else 0, "answered_rate": len(answered) / span if span else 0,
                           "changed": changed_count(output)}
            print("     %.2f s, %d answered, %d refused" % (seconds, runs[phase]["answered"], runs[phase]["refused"]),
                  flush=True)
    finally:
        emulator.stop()
    return runs


def report_throttled(report, runs, args):
    what = "throttled to %g requests/s (burst %d), %g ms a request: %d users, %d groups with members, max_concurrency %d" % (
        args.throttle_rate, args.throttle_burst, args.throttle_latency_ms, args.throttle_users, args.throttle_groups, args.throttle_concurrency)
    for phase in ("cold", "no-op"):
        run = runs[phase]
        report.row("%s, %s" % (what, phase),
                   "%.2f s; %d requests answered (%d writes), %d answered 429; %.1f requests/s answered, %.1f sent, "
                   "against %g allowed" % (run["seconds"], run["answered"], run["writes"], run["refused"],
                                           run["answered_rate"], run["rate"], args.throttle_rate), "", "")
    cold = runs["cold"]
    report.target("throttled converge: 429 answers fewer than half the writes", cold["refused"] < cold["writes"] / 2.0,
                  "%d for %d writes" % (cold["refused"], cold["writes"]))
    report.target("throttled no-op converge: changed=0", runs["no-op"]["changed"] == 0,
                  "changed=%s" % runs["no-op"]["changed"])


# ---------------------------------------------------------------------- report

class Report(object):
    def __init__(self):
        self.rows = []
        self.verdicts = []
        self.converge_rows = []

    def row(self, what, ours, tsc, ratio=""):
        self.rows.append((what, ours, tsc, ratio))

    def target(self, what, passed, detail):
        self.verdicts.append(("PASS" if passed else "MISS", what, detail))

    def converge_row(self, *row):
        self.converge_rows.append(row)

    def note(self, text):
        self.verdicts.append(("SKIP", text, ""))

    def print(self):
        if self.converge_rows:
            print()
            print("| converge | run | by | HTTP requests | requests / lower bound | wall time | ratio (wall time) |")
            print("| --- | --- | --- | --- | --- | --- | --- |")
            for row in self.converge_rows:
                print("| %s | %s | %s | %s | %s | %s | %s |" % row)
        print()
        print("| measurement | tableau.server | TSC | ratio (ours/TSC) |")
        print("| --- | --- | --- | --- |")
        for row in self.rows:
            print("| %s | %s | %s | %s |" % row)
        print()
        print("| verdict | target | measured |")
        print("| --- | --- | --- |")
        for verdict in self.verdicts:
            print("| %s | %s | %s |" % verdict)


def grid_sizes(text):
    """``100:10,1000:100`` as [(100, 10), (1000, 100)]."""
    try:
        return [tuple(int(part) for part in size.split(":")) for size in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError("sizes are users:groups, separated by commas: %r" % text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency-ms", type=float, default=20, help="added to every request (default 20)")
    parser.add_argument("--signin-latency-ms", type=float, default=300, help="added to every sign-in (default 300)")
    parser.add_argument("--projects", type=int, default=50, help="nested projects to converge (default 50)")
    parser.add_argument("--users", type=int, default=500, help="users to converge, with tableau_user (default 500)")
    parser.add_argument("--groups", type=int, default=50, help="groups to converge, with tableau_group (default 50)")
    parser.add_argument("--publish-mib", type=int, default=1024, help="size of the published file (default 1024)")
    parser.add_argument("--list-users", type=int, default=10000, help="users to list (default 10000)")
    parser.add_argument("--permission-projects", type=int, default=200,
                        help="projects whose permissions to converge (default 200)")
    parser.add_argument("--grantees", type=int, default=3, choices=[1, 2, 3], help="groups per project (default 3)")
    parser.add_argument("--tsc-threads", type=lambda text: [int(n) for n in text.split(",")], default=[1, 4, 16],
                        help="thread counts of the TSC converge script, 1 for sequential (default 1,4,16)")
    parser.add_argument("--converge-with", type=lambda text: text.split(","), default=["tasks", "site-state"],
                        help="our converge playbooks: tasks (one task per kind of item), site-state (one "
                             "tableau_site_state task) (default tasks,site-state)")
    parser.add_argument("--grid", type=grid_sizes, default=None,
                        help="users:groups sizes converged one after another in this run, e.g. "
                             "100:10,1000:100,5000:500 (default: --users and --groups)")
    parser.add_argument("--sequential-up-to", type=int, default=1000,
                        help="with --grid, the sequential TSC script runs up to this many users (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="converge runs to take the median of (default 3)")
    parser.add_argument("--export-users", type=int, default=5000, help="users of the exported site (default 5000)")
    parser.add_argument("--export-groups", type=int, default=500, help="groups of the exported site (default 500)")
    parser.add_argument("--export-projects", type=int, default=1000, help="projects of the exported site (default 1000)")
    parser.add_argument("--export-workbooks", type=int, default=2000,
                        help="workbooks of the exported site (default 2000)")
    parser.add_argument("--throttle-rate", type=float, default=20,
                        help="API requests a second the throttled emulator takes (default 20)")
    parser.add_argument("--throttle-burst", type=int, default=5, help="... and at once (default 5)")
    parser.add_argument("--throttle-users", type=int, default=300, help="users converged throttled (default 300)")
    parser.add_argument("--throttle-groups", type=int, default=30, help="groups converged throttled (default 30)")
    parser.add_argument("--throttle-latency-ms", type=float, default=100,
                        help="added to every request of the throttled emulator, as a distant server takes to answer; "
                             "at less than 1/rate even one request at a time is too fast (default 100)")
    parser.add_argument("--throttle-concurrency", type=int, default=16,
                        help="max_concurrency of the throttled tasks (default 16)")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["converge", "publish", "list", "permissions", "export", "throttled"],
                        help="leave a part out (repeatable)")
    args = parser.parse_args(argv)
    args.grid = args.grid or [(args.users, args.groups)]
    if os.path.basename(os.path.dirname(os.path.dirname(COLLECTION))) != "ansible_collections":
        raise SystemExit("run the benchmark with 'make bench': it needs the collection in an ansible_collections tree")

    report = Report()
    print("latency: %g ms per request, %g ms per sign-in" % (args.latency_ms, args.signin_latency_ms))
    workdir = tempfile.mkdtemp(prefix="tableau-bench-")
    emulator = Emulator(args.latency_ms, args.signin_latency_ms)
    try:
        if "converge" not in args.skip:
            with_people = has_module("tableau_user") and has_module("tableau_group")
            if not with_people:
                report.note("users and groups left out of the converge: tableau_user/tableau_group not in this tree")
            memory = []  # (items, phase, peak RSS of the tableau_site_state module process)
            for size in (args.grid if with_people else [None]):
                sized = args
                if size is not None:
                    sized = argparse.Namespace(**vars(args))
                    sized.users, sized.groups = size
                    # The sequential script is left out past --sequential-up-to users: it is never the reference.
                    sized.tsc_threads = [t for t in args.tsc_threads if t > 1 or size[0] <= args.sequential_up_to]
                label = "" if size is None else " %d users, %d groups" % (size[0], size[1])
                print("1. converge%s ..." % label, flush=True)
                spec, rows = measure_converge(emulator, workdir, sized, with_people)
                report_converge(report, spec, rows, sized, with_people)
                items = len(spec["projects"]) + len(spec.get("users", [])) + len(spec.get("groups", []))
                memory.extend((items, phase, rss) for phase, rss in rows["rss"].items())
            report_site_memory(report, memory)
            report.row("ansible-playbook with one debug task (no module process)",
                       "%.2f s" % ansible_fixed_cost(workdir, {"name": "debug", "ansible.builtin.debug": {"msg": "-"}}),
                       "", "")
            report.row("ansible-playbook with one no-op ping task (fixed cost of any play with a module)",
                       "%.2f s" % ansible_fixed_cost(workdir), "", "")
            fresh, reused = measure_single_task(emulator, workdir)
            report.row("no-op single tableau_project task: HTTP requests", "%d fresh, %d reused" % (fresh, reused),
                       "", "")
            report.target("no-op single task <= 4 requests signing in itself", fresh <= 4, fresh)
            report.target("no-op single task <= 1 request with a reused session", reused <= 1, reused)
        if "publish" not in args.skip:
            if has_module("tableau_datasource"):
                print("2. publish %d MiB ..." % args.publish_mib, flush=True)
                rss = measure_publish(emulator, workdir, args)
                ours = rss[("ours", "publish")] - rss[("ours", "baseline")]
                tsc = rss[("tsc", "publish")] - rss[("tsc", "baseline")]
                report.row("publish 1 MiB: peak RSS of the publishing process",
                           "%.1f MiB" % rss[("ours", "baseline")], "%.1f MiB" % rss[("tsc", "baseline")], "")
                report.row("publish %d MiB: peak RSS above the 1 MiB publish" % args.publish_mib,
                           "%.1f MiB" % ours, "%.1f MiB" % tsc, "")
                report.target("publish peak RSS <= 64 MiB above baseline", ours <= 64, "%.1f MiB" % ours)
            else:
                report.note("publish memory left out: tableau_datasource is not in this tree")
        if "list" not in args.skip:
            print("3. list %d users ..." % args.list_users, flush=True)
            report_listing(report, measure_listing(args, workdir))
        if "permissions" not in args.skip:
            if has_module("tableau_permission"):
                print("4. permissions of %d projects ..." % args.permission_projects, flush=True)
                spec, rows = measure_permissions(emulator, workdir, args)
                report_permissions(report, spec, rows, args)
            else:
                report.note("permissions left out: tableau_permission is not in this tree")
        if "export" not in args.skip:
            if has_module("tableau_site_export"):
                print("5. site export ...", flush=True)
                report_export(report, measure_export(args, workdir), args)
            else:
                report.note("site export left out: tableau_site_export is not in this tree")
        if "throttled" not in args.skip:
            print("6. throttled to %g requests/s ..." % args.throttle_rate, flush=True)
            report_throttled(report, measure_throttled(args, workdir), args)
    finally:
        emulator.stop()
    report.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
