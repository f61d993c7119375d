"""The same idempotent work done with tableauserverclient (TSC), the way a careful user writes it:
list each kind of thing once (pages of 1,000), create what is missing, update what differs; with
``--threads``, independent reads and writes on a thread pool (TSC gives each thread its own session).

    python tsc_reference.py converge URL SPEC.json [--threads N]   (N > 1: a thread pool of N)
    python tsc_reference.py publish URL FILE
    python tsc_reference.py list-users URL [--threads N]   (prints the count)
    python tsc_reference.py permissions URL SPEC.json
    python tsc_reference.py read-site URL         (what a site export reads, with 4 threads; prints counts)
"""

import json
import sys
import time

import tableauserverclient as TSC


def signed_in(url):
    server = TSC.Server(url, use_server_version=True)
    server.auth.sign_in(TSC.PersonalAccessTokenAuth("automation", "automation-secret", site_id=""))
    return server


PAGE = 1000  # the most a server gives in one page; TSC's default is 100


def listing(endpoint):
    return TSC.Pager(endpoint, TSC.RequestOptions(pagesize=PAGE))


def each(pool, function, items):
    """``function`` over ``items``: on the thread pool when there is one, in turn otherwise."""
    items = list(items)
    if pool is None:
        return [function(item) for item in items]
    return list(pool.map(function, items))


def converge_projects(server, pool, projects):
    by_parent = {}
    for project in listing(server.projects):
        by_parent[(project.parent_id, project.name)] = project

    def parent_id_of(path):
        parent_id = None
        for name in path.split("/")[:-1]:
            parent_id = by_parent[(parent_id, name)].id
        return parent_id

    def converge_one(wanted):
        parent_id = parent_id_of(wanted["path"])
        name = wanted["path"].split("/")[-1]
        current = by_parent.get((parent_id, name))
        if current is None:
            item = TSC.ProjectItem(name=name, description=wanted.get("description"), parent_id=parent_id)
            return (parent_id, name), server.projects.create(item)
        if wanted.get("description") is not None and (current.description or "") != wanted["description"]:
            current.description = wanted["description"]
            server.projects.update(current)
        return (parent_id, name), current

    # Parents before children: one depth at a time, the projects of a depth side by side.
    depths = sorted(set(p["path"].count("/") for p in projects))
    for depth in depths:
        for key, project in each(pool, converge_one, [p for p in projects if p["path"].count("/") == depth]):
            by_parent[key] = project


def converge_users(server, pool, users):
    existing = dict((u.name.lower(), u) for u in listing(server.users))

    def converge_one(wanted):
        current = existing.get(wanted["name"].lower())
        if current is None:
            return server.users.add(TSC.UserItem(wanted["name"], wanted["site_role"]))
        if current.site_role != wanted["site_role"]:
            current.site_role = wanted["site_role"]
            server.users.update(current)
        return current
    for user in each(pool, converge_one, users):
        existing[user.name.lower()] = user
    return existing


def converge_groups(server, pool, groups, users):
    existing = dict((g.name, g) for g in listing(server.groups))

    def converge_one(wanted):
        group = existing.get(wanted["name"])
        if group is None:
            group = server.groups.create(TSC.GroupItem(wanted["name"]))
            members = set()
        else:
            # populate_users only installs a pager: the reads go out here, in this thread.
            server.groups.populate_users(group, TSC.RequestOptions(pagesize=PAGE))
            members = set(u.name.lower() for u in group.users)
        missing = [users[name.lower()] for name in wanted["members"] if name.lower() not in members]
        if missing:
            server.groups.add_users(group, missing)
    each(pool, converge_one, groups)


def converge(url, spec_path, threads=1):
    """Projects, then users, then groups and members (a user exists before a group names it); within
    each kind, the reads and writes of independent items on ``threads`` threads (1: one after another)."""
    from concurrent.futures import ThreadPoolExecutor
    with open(spec_path) as handle:
        spec = json.load(handle)
    server = signed_in(url)
    pool = ThreadPoolExecutor(threads) if threads > 1 else None
    try:
        converge_projects(server, pool, spec["projects"])
        if spec.get("users"):
            users = converge_users(server, pool, spec["users"])
            converge_groups(server, pool, spec.get("groups", []), users)
    finally:
        if pool is not None:
            pool.shutdown()
        server.auth.sign_out()


def publish(url, path):
    server = signed_in(url)
    try:
        default = [p for p in listing(server.projects) if p.name == "Default"][0]
        item = TSC.DatasourceItem(default.id, name="Bench")
        server.datasources.publish(item, path, TSC.Server.PublishMode.Overwrite)
    finally:
        server.auth.sign_out()


def list_users(url, threads):
    """Every user of the site, in pages of 1,000; with threads, the pages after the first side by side.

    Prints the count; the benchmark times the whole process (imports and sign-in included).
    """
    from concurrent.futures import ThreadPoolExecutor
    server = signed_in(url)
    try:
        def page(number):
            return server.users.get(TSC.RequestOptions(pagesize=PAGE, pagenumber=number))
        first, pagination = page(1)
        numbers = range(2, (pagination.total_available + PAGE - 1) // PAGE + 1)
        pool = ThreadPoolExecutor(threads) if threads > 1 else None
        try:
            rest = each(pool, lambda number: page(number)[0], numbers)
        finally:
            if pool is not None:
                pool.shutdown()
        print(json.dumps({"count": len(first) + sum(len(users) for users in rest)}))
    finally:
        server.auth.sign_out()


def converge_permissions(url, spec_path):
    """Each project's rules read once; the missing ones added, a rule of the other mode deleted first."""
    with open(spec_path) as handle:
        spec = json.load(handle)
    server = signed_in(url)
    try:
        projects = dict((p.name.lower(), p) for p in listing(server.projects) if p.parent_id is None)
        groups = dict((g.name.lower(), g) for g in listing(server.groups))
        for item in spec["items"]:
            project = projects[item["project"].lower()]
            server.projects.populate_permissions(project)
            have = {}
            for rule in project.permissions:
                have[rule.grantee.id] = dict(rule.capabilities)
            for grant in item["grants"]:
                group = groups[grant["group"].lower()]
                current = have.get(group.id, {})
                missing = dict((c, m) for c, m in grant["capabilities"].items() if current.get(c) != m)
                stale = dict((c, current[c]) for c in missing if c in current)
                if stale:
                    server.projects.delete_permission(project, TSC.PermissionsRule(group, stale))
                if missing:
                    server.projects.update_permissions(project, [TSC.PermissionsRule(group, missing)])
    finally:
        server.auth.sign_out()


def read_site(url):
    """Users, groups with members, projects with permissions and default permissions, workbooks with
    connections and permissions: the per-item reads on 4 threads, as a careful TSC script would."""
    from concurrent.futures import ThreadPoolExecutor
    server = signed_in(url)
    started = time.perf_counter()
    try:
        users = list(listing(server.users))
        groups = list(listing(server.groups))
        projects = list(listing(server.projects))
        workbooks = list(listing(server.workbooks))

        # TSC's populate_* only install a fetcher: the request goes out when the attribute is read.
        def members(group):
            server.groups.populate_users(group)
            return len(list(group.users))

        def project_rules(project):
            server.projects.populate_permissions(project)
            server.projects.populate_workbook_default_permissions(project)
            server.projects.populate_datasource_default_permissions(project)
            server.projects.populate_flow_default_permissions(project)
            return (len(project.permissions), len(project.default_workbook_permissions),
                    len(project.default_datasource_permissions), len(project.default_flow_permissions))

        def workbook_details(workbook):
            server.workbooks.populate_connections(workbook)
            server.workbooks.populate_permissions(workbook)
            return len(workbook.connections), len(workbook.permissions)
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(members, groups))
            list(pool.map(project_rules, projects))
            list(pool.map(workbook_details, workbooks))
        print(json.dumps({"users": len(users), "groups": len(groups), "projects": len(projects),
                          "workbooks": len(workbooks), "seconds": time.perf_counter() - started}))
    finally:
        server.auth.sign_out()


def main(argv):
    command, url = argv[1], argv[2]
    if command == "converge":
        threads = int(argv[argv.index("--threads") + 1]) if "--threads" in argv else 1
        converge(url, argv[3], threads)
    elif command == "publish":
        publish(url, argv[3])
    elif command == "permissions":
        converge_permissions(url, argv[3])
    elif command == "list-users":
        threads = int(argv[argv.index("--threads") + 1]) if "--threads" in argv else 1
        list_users(url, threads)
    elif command == "read-site":
        read_site(url)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
