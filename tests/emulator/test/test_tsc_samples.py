"""TSC's own sample scripts run unchanged against the emulator, as a user runs them.

The samples ship in tableauserverclient's source distribution only (not in the wheel); the Makefile's
``tsc-samples`` step fetches the release pinned in tests/requirements.txt and points ``$TABLEAU_TSC_SAMPLES``
at its ``samples/`` folder. Each case runs ``python samples/<x>.py --server <emulator> --site ""
--token-name automation --token-value automation-secret <its own arguments>`` in a scratch directory, without
a terminal, and then checks what the emulator holds and what it was asked, not only the exit status.

Every sample of the folder (tableauserverclient 0.42):

=========================================  =====================================================================
sample                                     applies?
=========================================  =====================================================================
_shared.py                                 no: the samples' sign-in helper, not a sample
add_default_permission.py                  yes
create_extract_task.py                     yes, on Tableau Cloud (a site of its own, ``--site cloud``): it creates a
                                           task with its own monthly frequency (Create Cloud Extract Refresh Task),
                                           which a Tableau Server refuses with 405
create_group.py                            yes (a new group; an existing one, 409009, and users from a CSV file)
create_project.py                          yes, on a 2023.3 server (API 3.21): it reads the default permissions
                                           for Ask Data lenses, which the REST API retired in 3.22 (Server
                                           2024.2), so against 2024.2 and later it fails with 404008 as on
                                           Tableau (case ``create_project.py-3.25``)
create_schedules.py                        yes (hourly, daily, weekly and monthly server schedules; reads one back)
create_user.py                             yes (its --email never reaches the server: TSC's Add User sends
                                           name, siteRole and authSetting, as Add User to Site documents)
explore_datasource.py                      yes
explore_favorites.py                       no: it defines ``main()`` but never calls it (the file has no
                                           ``if __name__ == "__main__"`` block), so it exits having sent no request
explore_site.py                            yes (update the current site; create a site)
explore_webhooks.py                        yes (create, list, delete; 0.42's sample tests no webhook)
explore_workbook.py                        yes; also with a custom view on the site, --preview-image and --powerpoint
                                           (workbook preview image, custom view image, workbook PowerPoint)
export.py                                  yes (--png)
extracts.py                                yes for a workbook's --refresh, and its --create and --delete (Create
                                           Extracts for Embedded Data Sources in a Workbook, then Delete Extracts of
                                           Embedded Data Sources from a Workbook: two jobs, the workbook live at the
                                           end); its --datasource --refresh is its own bug: it calls
                                           ``datasources.refresh(ds, includeAll=True, ...)``, and TSC's refresh takes
                                           no includeAll (TypeError before any request)
filter_sort_groups.py                      yes (its last query quote_plus-encodes the names it looks for, and
                                           TSC encodes filter values itself: it finds no group, as on Tableau)
filter_sort_projects.py                    yes up to its own bug: its last loop calls ``QuerySet.sort``, which
                                           TSC's QuerySet does not have (it has ``order_by``): AttributeError;
                                           before that, its name:in filter on quote_plus-encoded names finds
                                           nothing, since TSC encodes filter values itself
getting_started/1_hello_server.py          no: the server address is written in the file
                                           (https://10ax.online.tableau.com) and it takes no arguments
getting_started/2_hello_site.py            no: a written-in server address and user, and an interactive password
getting_started/3_hello_universe.py        no: the same as 2_hello_site.py
initialize_server.py                       no: it reads ``args.site_id``, which its parser never defines
                                           (``--site`` is stored as ``args.site``): AttributeError after sign-in
inspect_connection_details.py              no: it needs tableaudocumentapi, whose newest release (0.11) imports
                                           ``distutils``, gone from the Python 3.12 the tests run on
kill_all_jobs.py                           yes (a queued refresh is found by progress:lte:0 and cancelled)
list.py                                    yes for workbook, datasource, project, view and webhooks (the
                                           emulator's List Webhooks applies no sort, so that one is checked
                                           unordered); for job up to its own bug: it sorts every listing by name,
                                           and jobs have no name among their sort fields, so Query Jobs answers
                                           400065 (case ``list.py-job``)
list_jobs.py                               yes (--wait, Query Job; --status Success, Query Jobs)
login.py                                   yes
manage_subscriptions.py                    yes (create: a view on a server subscription schedule)
metadata_paginated_query.py                no: it needs the Metadata API (GraphQL), which the emulator does not serve
metadata_query.py                          no: the same as metadata_paginated_query.py
move_workbook_projects.py                  yes (the project's name has no character quote_plus changes)
move_workbook_sites.py                     yes up to its own bugs: TSC 0.42's WorkbookItem turns its
                                           ``project_id=""`` into a random UUID, so publishing to the other site
                                           names no project (404005); and it signs in to the second site with
                                           the same token while the first session is open, which ends the first
                                           session (Tableau's "Personal Access Tokens": signing in again with a
                                           token terminates its previous session)
pagination_sample.py                       yes
publish_datasource.py                      yes (synchronous; as a job, with embedded credentials)
publish_workbook.py                        yes (synchronous; as a job)
query_permissions.py                       yes for workbook, datasource and flow
refresh.py                                 yes (data source and workbook)
refresh_tasks.py                           yes (list: a workbook's task on a server schedule)
set_refresh_schedule.py                    yes (a workbook added to a server schedule)
smoke_test.py                              no: it sends no request (a Server for "Fake-Server-Url", then prints
                                           the user agent)
update_connection.py                       yes (workbook and data source)
update_connection_auth.py                  yes
update_connections_auth.py                 no: it needs the bulk "update connections" method that TSC gates at
                                           API 3.26 (Server 2025.2); neither the 3.29 XSD nor the REST reference
                                           describes it (no ``connectionLUIDs`` element), and the emulator is a
                                           2025.1 (3.25) server, where TSC refuses before sending a request
update_datasource_data.py                  yes
update_workbook_data_freshness_policy.py   yes
=========================================  =====================================================================

What the samples found the emulator lacking, each now in the emulator and tested through TSC in
test_view_details_with_tsc.py: Add Tags to View and Delete Tag from View, and the tags in view answers
(explore_workbook.py); Query, Get, Update and Delete Custom View (explore_workbook.py); the data freshness policy
of Update Workbook and of workbook answers (update_workbook_data_freshness_policy.py); Update Data in Hyper Data
Source (update_datasource_data.py); Query Workbook Preview Image, Query View Preview Image, Get Custom View Image
and Download Workbook PowerPoint (explore_workbook.py --preview-image --powerpoint). Create Extracts for Embedded
Data Sources in a Workbook and Delete Extracts of Embedded Data Sources from a Workbook (extracts.py --create
--delete), with the data source twins, are tested through TSC in test_extracts_with_tsc.py.
"""

import csv
import os
import subprocess
import sys
import zipfile

from urllib.parse import unquote

import pytest

from conftest import checked_emulator
from samples import write_tdsx, write_tfl, write_twbx
from tableau_emulator.state import DEFAULT_SEED

SAMPLES = os.environ.get("TABLEAU_TSC_SAMPLES", "")
TOKEN = ("automation", "automation-secret")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What _shared.py reads from the environment (and a .env file): a case passes only what its command line says.
CREDENTIAL_VARIABLES = ("TABLEAU_SERVER", "SERVER", "TABLEAU_SITE", "SITE", "TABLEAU_TOKEN_NAME", "TOKEN_NAME",
                        "TABLEAU_TOKEN_VALUE", "TOKEN_VALUE", "TABLEAU_USERNAME", "USERNAME", "TABLEAU_PASSWORD",
                        "PASSWORD", "TABLEAU_JWT", "JWT", "TABLEAU_JWT_FILE", "JWT_FILE")
# A 2023.3 server: the newest whose REST API (3.21) still has the Ask Data lens methods.
SERVER_2023_3 = dict(DEFAULT_SEED, server=dict(DEFAULT_SEED["server"], product_version="2023.3.0",
                                               build="20233.23.1017.0948", rest_api_version="3.21"))
# Tableau Cloud: extract-refresh tasks carry their own frequency (Create Cloud Extract Refresh Task).
CLOUD = dict(DEFAULT_SEED, server=dict(DEFAULT_SEED["server"], cloud=True), sites=[{"name": "Cloud", "content_url": "cloud"}],
             users=[dict(DEFAULT_SEED["users"][0], site_role="SiteAdministratorCreator", sites=["cloud"])])
# Jobs so slow that a sample started a moment later finds them at progress 0.
SLOW_JOBS = dict(DEFAULT_SEED, server=dict(DEFAULT_SEED["server"], job_seconds=3600))


class Case(object):
    """One run of one sample: its arguments (``{name}`` filled from ``Context.values``), setup and checks."""

    def __init__(self, sample, args=(), setup=None, check=None, exit_code=0, seed=None, needs=None, label=None,
                 site=""):
        self.sample = sample
        self.site = site
        self.args = list(args)
        self.setup = setup
        self.check = check
        self.exit_code = exit_code
        self.seed = seed
        self.needs = needs
        self.id = sample + ("-" + label if label else "")


class Context(object):
    """The emulator of one case, what its setup made (``values``), and the sample's run."""

    def __init__(self, emu, tmp_path, tsc, site_url=""):
        self.emu = emu
        self.site_url = site_url
        self.url = emu.url
        self.state = emu.emulator.state
        self.tmp = tmp_path
        self.tsc = tsc
        self.values = {"tmp": str(tmp_path)}
        self.server = None
        self.first_request = 0
        self.output = ""

    @property
    def site(self):
        return self.state.site_by_content_url(self.site_url)

    def admin(self):
        """TSC signed in as the seeded administrator, for what a case needs before the sample runs."""
        if self.server is None:
            self.server = self.tsc.Server(self.url, use_server_version=True)
            self.server.auth.sign_in(self.tsc.TableauAuth("admin", "admin", site_id=self.site_url))
        return self.server

    def default_project(self):
        return [p for p in self.site.projects.values() if p["name"] == "Default" and not p["parentProjectId"]][0]

    def finish_setup(self):
        if self.server is not None:
            self.server.auth.sign_out()
            self.server = None
        self.first_request = len(self.emu.emulator.log)

    def requests(self, method=None, fragment=""):
        """What the sample asked, in order: ``(method, path, query, status)``."""
        return [(r["method"], r["path"], r["query"], r["status"]) for r in self.emu.emulator.log[self.first_request:]
                if (method is None or r["method"] == method) and fragment.lower() in r["path"].lower()]

    def named(self, collection, name, site=None):
        found = [i for i in getattr(site or self.site, collection).values() if i.get("name") == name]
        assert len(found) == 1, "%d %s named %r" % (len(found), collection, name)
        return found[0]

    def open_sessions(self):
        return list(self.state.sessions.values())


def run_sample(ctx, script, args):
    command = [sys.executable, script, "--server", ctx.url, "--site", ctx.site_url, "--token-name", TOKEN[0],
               "--token-value", TOKEN[1]] + args
    env = dict((k, v) for k, v in os.environ.items() if k not in CREDENTIAL_VARIABLES)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(command, cwd=str(ctx.tmp), env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60, check=False)


# Setups: content published through TSC as the administrator before the sample runs.


def publish_content(ctx):
    """A packaged workbook "Sales" (three views, one postgres connection) and a data source "Orders"."""
    server = ctx.admin()
    project_id = ctx.default_project()["id"]
    workbook = server.workbooks.publish(ctx.tsc.WorkbookItem(project_id, name="Sales"),
                                        write_twbx(ctx.tmp / "Sales.twbx", extract_bytes=512), "CreateNew")
    datasource = server.datasources.publish(ctx.tsc.DatasourceItem(project_id, name="Orders"),
                                            write_tdsx(ctx.tmp / "Orders.tdsx"), "CreateNew")
    ctx.values.update(workbook_id=workbook.id, datasource_id=datasource.id,
                      workbook_connection=ctx.site.workbooks[workbook.id]["connections"][0]["id"],
                      datasource_connection=ctx.site.datasources[datasource.id]["connections"][0]["id"],
                      view_id=ctx.site.workbooks[workbook.id]["views"][0])
    return server


def files_to_publish(ctx):
    write_twbx(ctx.tmp / "Budget.twbx", worksheets=("Budget by Team",), dashboards=())
    write_tdsx(ctx.tmp / "Costs.tdsx", caption="Costs")


def content_and_files(ctx):
    publish_content(ctx)
    files_to_publish(ctx)


def content_and_custom_view(ctx):
    """Sales and Orders, and a custom view of Sales's first view (the sample renames, exports and deletes it)."""
    from tableau_emulator.handlers.custom_views import add_custom_view
    publish_content(ctx)
    with ctx.state.lock:
        admin = ctx.named("users", "admin")
        view = ctx.site.views[ctx.values["view_id"]]
        ctx.values["custom_view_id"] = add_custom_view(ctx.site, view, admin["id"], "West only")["id"]


def group_test_and_users_csv(ctx):
    """An existing group "test" (the sample then meets 409009) and a CSV file of two users, one already on the site."""
    ctx.admin().groups.create(ctx.tsc.GroupItem("test"))
    with open(str(ctx.tmp / "users.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ana", "secret-1", "Ana Lima", "Viewer", "None", "no", "ana@example.com"])
        writer.writerow(["admin", "", "Administrator", "Creator", "Site", "yes", "admin@example.com"])


def many_workbooks_two_owners(ctx):
    """Seven workbooks, four of them owned by jfitzgerald@tableau.com (the owner the sample filters on)."""
    server = ctx.admin()
    project_id = ctx.default_project()["id"]
    owner = server.users.add(ctx.tsc.UserItem("jfitzgerald", "Creator"))
    owner.email = "jfitzgerald@tableau.com"
    server.users.update(owner)
    for number in range(1, 8):
        item = server.workbooks.publish(ctx.tsc.WorkbookItem(project_id, name="Book %d" % number),
                                        write_twbx(ctx.tmp / ("Book%d.twbx" % number)), "CreateNew")
        if number % 2:
            item.owner_id = owner.id
            server.workbooks.update(item)
    ctx.values["owner_id"] = owner.id


def two_webhooks(ctx):
    for name, event in (("new-source", "datasource-created"), ("refresh-failed", "datasource-refresh-failed")):
        item = ctx.tsc.WebhookItem()
        item.name, item.event, item.url = name, event, "https://hooks.example.com/tableau"
        ctx.admin().webhooks.create(item)


def refresh_job(ctx):
    server = publish_content(ctx)
    ctx.values["job_id"] = server.datasources.refresh(ctx.values["datasource_id"]).id


# Checks: what the emulator holds and was asked after the sample.


def no_session_left(ctx):
    assert ctx.open_sessions() == [], "the sample's `with sign_in` should have signed out"


def check_login(ctx, done):
    [session] = ctx.open_sessions()  # login.py signs in and never out
    assert (session["kind"], session["pat"], session["user_name"]) == ("pat", "automation", "admin")
    assert session["user_id"] in done.stdout and session["site_id"] in done.stdout
    assert "REST API version:3.25" in done.stdout
    assert ctx.requests("POST", "/auth/signin") and ctx.requests("GET", "/serverinfo")


def check_add_default_permission(ctx, done):
    project = ctx.named("projects", "sample_project")
    all_users = ctx.named("groups", "All Users")
    rules = ctx.site.default_permissions[("projects", project["id"], "workbooks")]
    assert rules[("group", all_users["id"])]["ExportXml"] == "Allow"
    assert "ExportXml - Allow" in done.stdout
    no_session_left(ctx)


def check_new_group(ctx, done):
    group = ctx.named("groups", "test")
    assert not group["members"]
    assert [m for m, _p, _q, s in ctx.requests("POST", "/groups")] == ["POST"]
    no_session_left(ctx)


def check_existing_group_and_csv_users(ctx, done):
    assert "Group already exists" in done.stdout  # the sample's answer to 409009
    [refused] = [r for r in ctx.requests("POST", "/groups") if not r[1].endswith("/users")]
    assert refused[3] == 409
    group = ctx.named("groups", "test")
    ana = ctx.named("users", "ana")
    # TSC's Add User sends the name and site role only (Add User to Site takes no more): the CSV's display
    # name and email stay behind
    assert (ana["siteRole"], ana["email"], ana["fullName"]) == ("Viewer", None, None)
    assert set(group["members"]) == set([ana["id"]])
    # admin is on the site already: Add User answers 409000 (Add User to Site's "user is already a member of the
    # site"), which the sample prints; it looks for 409017 and so does not add admin to the group
    assert "409000" in done.stdout
    no_session_left(ctx)


def check_create_project(ctx, done):
    top = ctx.named("projects", "Top Level Project")
    child = ctx.named("projects", "Child Project")
    grand_child = ctx.named("projects", "Grand Child Project")
    assert (top["parentProjectId"], child["parentProjectId"], grand_child["parentProjectId"]) == \
        (None, top["id"], child["id"])
    assert top["description"] == "A sample tsc project"
    created = ctx.requests("POST", "/projects")
    # TSC puts publishSamples in the query twice, the item's and the argument's
    queries = [q.split("&") for _m, _p, q, _s in created]
    assert ["publishSamples=True" in q for q in queries] == [True, True, False]
    assert [p for _m, p, _q, _s in ctx.requests("GET", "/default-permissions/")] == [
        p for _m, p, _q, _s in ctx.requests("GET", "/default-permissions/") if p.startswith("/api/3.21/")]
    kinds = sorted(p.rsplit("/", 1)[1] for _m, p, _q, _s in ctx.requests("GET", "/default-permissions/"))
    assert kinds == ["datasources", "flows", "lenses", "workbooks"]
    no_session_left(ctx)


def check_lens_permissions_refused(ctx, done):
    assert "404008" in done.stderr
    [(_method, path, _query, status)] = ctx.requests("GET", "/default-permissions/lenses")
    assert status == 404
    assert ctx.named("projects", "Grand Child Project")
    no_session_left(ctx)


def check_create_user(ctx, done):
    sam = ctx.named("users", "sam")
    # the sample sets user.email, but TSC's Add User request carries name, siteRole and authSetting only, as
    # Add User to Site documents: the email never reaches the server
    assert (sam["siteRole"], sam["email"]) == ("Viewer", None)
    no_session_left(ctx)


def check_explore_datasource(ctx, done):
    published = ctx.named("datasources", "Costs")
    assert published["description"] == "Published with a description"
    first = ctx.site.datasources[ctx.values["datasource_id"]]
    assert first["description"] == "Description updated by TSC"
    assert first["tags"] == []  # tagged a, b, c, d and then set back to none
    assert len(ctx.requests("PUT", "/tags")) == 1 and len(ctx.requests("DELETE", "/tags/")) == 4
    assert "New tag set: {" in done.stdout
    no_session_left(ctx)


def check_site_updated(ctx, done):
    assert ctx.site.settings.get("userQuota") == 7
    no_session_left(ctx)


def check_site_created(ctx, done):
    site = ctx.state.site_by_content_url("operations")
    assert site is not None and site.name == "Operations"
    no_session_left(ctx)


def check_explore_webhooks(ctx, done):
    assert ctx.site.webhooks == {}  # made, listed and deleted
    [(_m, _p, _q, status)] = ctx.requests("POST", "/webhooks")
    assert status == 201
    assert [s for _m, _p, _q, s in ctx.requests("DELETE", "/webhooks/")] == [204]
    assert "Deleting webhook sample-hook" in done.stdout
    no_session_left(ctx)


def check_explore_workbook(ctx, done):
    renamed = ctx.site.workbooks[ctx.values["workbook_id"]]
    assert (renamed["name"], renamed["description"], renamed["showTabs"]) == \
        ("Name me something cooler", "Updated description", True)
    assert renamed["tags"] == []
    assert ctx.named("workbooks", "Budget")
    view = ctx.site.views[renamed["views"][0]]
    assert view.get("tags") == []  # tagged view_tag, then set back
    assert len(ctx.requests("PUT", "/views/")) == 1 and len(ctx.requests("DELETE", "/views/")) == 1
    downloaded = ctx.tmp / "downloaded.twbx"  # TSC adds the extension the server's Content-Disposition names
    assert downloaded.stat().st_size == os.path.getsize(renamed["file"])
    assert ctx.requests("GET", "/customviews")
    no_session_left(ctx)


def check_explore_workbook_exports(ctx, done):
    assert (ctx.tmp / "preview.png").read_bytes()[:8] == PNG_SIGNATURE
    with zipfile.ZipFile(str(ctx.tmp / "deck.pptx")) as deck:
        slides = sorted(n for n in deck.namelist() if n.startswith("ppt/slides/slide"))
        assert "ppt/presentation.xml" in deck.namelist()
        assert slides == ["ppt/slides/slide1.xml", "ppt/slides/slide2.xml", "ppt/slides/slide3.xml"]
        assert b"Sales by Region" in deck.read("ppt/slides/slide1.xml")
        assert deck.read("ppt/media/image1.png")[:8] == PNG_SIGNATURE
    # The custom view: renamed, exported as an image into the working directory, then deleted
    image = ctx.tmp / (ctx.values["custom_view_id"] + "-image-export.png")
    assert image.read_bytes()[:8] == PNG_SIGNATURE
    assert "I was updated by tsc" in done.stdout
    assert ctx.site.custom_views == {}
    assert [s for _m, _p, _q, s in ctx.requests("GET", "/image")] == [200]
    assert len(ctx.requests("GET", "/previewImage")) == 1 and len(ctx.requests("GET", "/powerpoint")) == 1
    no_session_left(ctx)


def check_filter_sort_groups(ctx, done):
    assert ctx.named("groups", "SALES NORTHWEST") and ctx.named("groups", "SALES ROMANIA")
    lines = done.stdout.splitlines()
    at = lines.index("Filtered groups are:")
    assert lines[at + 1:at + 4] == ["SALES ROMANIA", "SALES NORTHWEST", "----"]  # name:in, by name descending
    # Its last query names the groups quote_plus-encoded, and TSC encodes filter values itself: the server is
    # asked for "SALES+NORTHWEST" and "SALES+ROMANIA", which no group is called
    assert lines[-2:] == ["['SALES+NORTHWEST', 'SALES+ROMANIA', 'this_group']", "done"]
    last = unquote(ctx.requests("GET", "/groups")[-1][2])
    assert "filter=name:in:[SALES+NORTHWEST,SALES+ROMANIA,this_group]" in last and "sort=name:desc" in last
    no_session_left(ctx)


def check_filter_sort_projects(ctx, done):
    assert "AttributeError: 'QuerySet' object has no attribute 'sort'" in done.stderr
    for name in ("Example 1", "Example 2", "Example 3", "Proiect ca Exemplu"):
        assert ctx.named("projects", name)
    # "don't forget to URL encode the query names", it says, and filters on "Example+1", ...; but TSC encodes
    # filter values itself, so the server is asked for names with plus signs, which no project has
    lines = done.stdout.splitlines()
    assert lines[lines.index("Filtered projects are:") + 1:] == []
    queries = [unquote(q) for _m, _p, q, _s in ctx.requests("GET", "/projects")]
    assert [q for q in queries if "filter=name:in:[Example+1,Example+2,Example+3]" in q and "sort=name:desc" in q]
    no_session_left(ctx)


def listed(kind, expected, sorted_by_server=True):
    def check(ctx, done):
        lines = [line.strip() for line in done.stdout.splitlines()]
        assert lines[-1] == "Total: %d" % len(expected)
        if sorted_by_server:
            assert lines[:-1] == expected  # sorted by name, descending
        else:
            assert sorted(lines[:-1]) == sorted(expected)
        [(_m, _p, query, _s)] = ctx.requests("GET", "/" + kind)
        assert "sort=name:desc" in unquote(query)
        no_session_left(ctx)
    return check


def check_move_workbook_sites(ctx, done):
    # TSC 0.42's WorkbookItem turns the sample's project_id="" into a random UUID (models/workbook_item.py), so
    # the publish to the destination site names a project that does not exist: 404005, as Publish Workbook
    # documents for an unknown project
    assert "404005" in done.stderr
    finance = ctx.state.site_by_content_url("finance")
    assert finance.workbooks == {}
    assert ctx.site.workbooks[ctx.values["workbook_id"]]["name"] == "Sales"  # never deleted
    [publish] = ctx.requests("POST", "/workbooks")
    assert publish[3] == 404
    # It signs in to the second site with the same token while the first session is open; Tableau ends a token's
    # older session when it signs in again, so the first session's sign-out is refused
    signouts = ctx.requests("POST", "/auth/signout")
    assert [status for _m, _p, _q, status in signouts] == [204, 401]
    assert ctx.open_sessions() == []


def check_pagination(ctx, done):
    lines = done.stdout.splitlines()
    assert "Total: 7" in lines and "Truncated Total: 4" in lines  # pages of 3 from the second: 4..7
    assert "Filtered Total: 4" in lines and "QuerySet Total: 4" in lines
    assert "QuerySet Total, implicit paging: 4" in lines
    owner = ctx.values["owner_id"]
    assert len([line for line in lines if line.endswith(owner)]) == 12  # three listings of Book 1, 3, 5 and 7
    no_session_left(ctx)


def check_publish_datasource(ctx, done):
    published = ctx.named("datasources", "Costs")
    assert published["projectId"] == ctx.default_project()["id"]
    assert "Datasource published. Datasource ID: %s" % published["id"] in done.stdout
    no_session_left(ctx)


def check_publish_datasource_as_job(ctx, done):
    [(_m, _p, query, status)] = ctx.requests("POST", "/datasources")
    assert "asJob=true" in query and status == 202
    [job] = [j for j in ctx.site.jobs.values() if j["type"] == "PublishDatasource"]
    assert "Job ID: %s" % job["id"] in done.stdout
    ctx.admin().jobs.wait_for_job(job["id"])
    published = ctx.named("datasources", "Costs")
    assert [(c["userName"], c["embedPassword"]) for c in published["connections"]] == [("reporter", True)]
    ctx.finish_setup()


def check_publish_workbook(ctx, done):
    published = ctx.named("workbooks", "Budget")
    assert published["showTabs"] is True
    assert "Workbook published. ID: %s" % published["id"] in done.stdout
    no_session_left(ctx)


def check_publish_workbook_as_job(ctx, done):
    [(_m, _p, query, status)] = ctx.requests("POST", "/workbooks")
    assert "asJob=true" in query and "skipConnectionCheck=true" in query and status == 202
    [job] = [j for j in ctx.site.jobs.values() if j["type"] == "PublishWorkbook"]
    assert "JOB ID: %s" % job["id"] in done.stdout
    ctx.admin().jobs.wait_for_job(job["id"])
    assert ctx.named("workbooks", "Budget")["showTabs"] is False
    ctx.finish_setup()


def check_query_permissions(kind):
    def check(ctx, done):
        item_id = ctx.values[kind + "_id"]
        rules = ctx.site.permissions[(kind + "s", item_id)]
        capabilities = sum(len(caps) for caps in rules.values())
        assert "%d permission rule(s) found for %s %s." % (len(rules), kind, item_id) in done.stdout
        assert done.stdout.count(" - Allow") + done.stdout.count(" - Deny") == capabilities
        no_session_left(ctx)
    return check


def check_refresh_datasource(ctx, done):
    [job] = [j for j in ctx.site.jobs.values() if j["type"] == "RefreshExtract"]
    assert job["subject"][1] == ctx.values["datasource_id"]
    assert "FullRefresh job posted (ID: %s)" % job["id"] in done.stdout
    no_session_left(ctx)


def check_wait_for_job(ctx, done):
    job = ctx.site.jobs[ctx.values["job_id"]]
    assert job["completedAt"] is not None and job["finishCode"] == 0
    assert "Job %s finished. finish_code=0" % job["id"] in done.stdout
    assert len(ctx.requests("GET", "/jobs/" + job["id"])) >= 1
    no_session_left(ctx)


def check_connection_updated(kind, key):
    def check(ctx, done):
        collection = getattr(ctx.site, kind + "s")
        [conn] = [c for c in collection[ctx.values[kind + "_id"]]["connections"] if c["id"] == ctx.values[key]]
        assert (conn["userName"], conn["embedPassword"]) == ("etl", True)
        assert len(ctx.requests("PUT", "/connections/")) == 1
        no_session_left(ctx)
    return check


def check_connection_auth_updated(ctx, done):
    [conn] = ctx.site.datasources[ctx.values["datasource_id"]]["connections"]
    assert (conn["userName"], conn["embedPassword"], conn["authenticationType"]) == ("etl", True, "username-password")
    assert "Updated connection:" in done.stdout
    no_session_left(ctx)


def check_update_hyper_data(ctx, done):
    [(_m, _p, _q, status)] = ctx.requests("PATCH", "/data")
    assert status == 202
    [job] = [j for j in ctx.site.jobs.values() if j["subject"][1] == ctx.values["datasource_id"]]
    assert job["completedAt"] is not None and job["finishCode"] == 0
    assert "Job finished successfully" in done.stdout
    no_session_left(ctx)


def check_freshness_policy(ctx, done):
    workbook = ctx.site.workbooks[ctx.values["workbook_id"]]
    # The last of the sample's seven updates: fresh at midnight on the 1st, 13th and 20th of each month.
    assert workbook["dataFreshnessPolicy"] == {
        "option": "FreshAt", "freshEvery": None,
        "freshAt": {"frequency": "Month", "time": "00:00:00", "timezone": "America/Los_Angeles",
                    "intervals": [{"monthDay": "1"}, {"monthDay": "13"}, {"monthDay": "20"}]}}
    assert len(ctx.requests("PUT", "/workbooks/")) == 7
    lines = done.stdout.splitlines()
    # Get Workbook had no policy to tell before the first update; each update's answer carries the new one
    assert "Workbook does not have data freshness policy" in lines[3]
    assert [line.split(" updated data freshness policy option to: ")[1] for line in lines[4:]] == [
        "AlwaysLive", "SiteDefault", "FreshEvery with frequency of 10 Hours",
        "FreshAt with frequency of 10:00:00 every Day", "FreshAt with frequency of 18:00:00 every Week on Wednesday,Sunday",
        "FreshAt with frequency of 00:00:00 every Month on LastDay",
        "FreshAt with frequency of 00:00:00 every Month on ['1', '13', '20']"]
    no_session_left(ctx)


def extract_on_schedule(ctx):
    """Sales and Orders, Sales refreshed on the server schedule "Saturday night"."""
    server = publish_content(ctx)
    saturday = [s for s in server.schedules.get()[0] if s.name == "Saturday night"][0]
    server.schedules.add_to_schedule(saturday.id, workbook=server.workbooks.get_by_id(ctx.values["workbook_id"]))
    [task] = ctx.site.extract_refresh_tasks.values()
    ctx.values.update(task_id=task["id"], schedule_id=saturday.id)


def content_and_archive(ctx):
    publish_content(ctx)
    ctx.admin().projects.create(ctx.tsc.ProjectItem("Archive"))


def content_and_subscription_schedule(ctx):
    server = publish_content(ctx)
    monday = [s for s in server.schedules.get()[0] if s.name == "Monday morning"][0]
    ctx.values["schedule_id"] = monday.id


def published_flow(ctx):
    server = ctx.admin()
    flow = server.flows.publish(ctx.tsc.FlowItem(ctx.default_project()["id"], name="Cleanup"),
                                write_tfl(ctx.tmp / "Cleanup.tfl"), "CreateNew")
    ctx.values["flow_id"] = flow.id


def finished_refresh_job(ctx):
    refresh_job(ctx)
    ctx.admin().jobs.wait_for_job(ctx.values["job_id"], timeout=10)


def check_create_schedules(ctx, done):
    made = dict((s["name"], s) for s in ctx.state.schedules.values() if s["name"].endswith("-Schedule"))
    assert sorted(made) == ["Daily-Schedule", "Hourly-Schedule", "Monthly-Schedule", "Weekly-Schedule"]
    assert [(made[n]["type"], made[n]["frequency"], str(made[n]["priority"])) for n in sorted(made)] == [
        ("Subscription", "Daily", "60"), ("Extract", "Hourly", "50"), ("Subscription", "Monthly", "80"),
        ("Extract", "Weekly", "70")]
    # The weekly one read back (Get Schedule) with its three days
    assert "interval=('Monday', 'Wednesday', 'Friday')" in done.stdout
    assert len(ctx.requests("POST", "/schedules")) == 4
    no_session_left(ctx)


def check_cloud_extract_task(ctx, done):
    [task] = ctx.site.extract_refresh_tasks.values()
    assert (task["kind"], task["targetId"], task["scheduleId"]) == ("workbook", ctx.values["workbook_id"], None)
    assert task["frequency"]["frequency"] == "Monthly"
    [(_m, _p, _q, status)] = ctx.requests("POST", "/tasks/extractRefreshes")
    assert status == 200
    no_session_left(ctx)


def check_export_png(ctx, done):
    # The sample names the file after its --filter argument (None without one)
    image = ctx.tmp / "out-None.png"
    assert image.read_bytes()[:8] == PNG_SIGNATURE
    assert len(ctx.requests("GET", "/views/%s/image" % ctx.values["view_id"])) == 1
    no_session_left(ctx)


def check_jobs_cancelled(ctx, done):
    job = ctx.site.jobs[ctx.values["job_id"]]
    assert job["finishCode"] == 2 and job["completedAt"] is not None  # cancelled before it ran
    assert [s for _m, _p, _q, s in ctx.requests("PUT", "/jobs/")] == [200]
    assert job["id"] in done.stdout
    no_session_left(ctx)


def check_jobs_sorted_by_name_refused(ctx, done):
    # list.py sorts every listing by name; jobs have none (the job fields of "Filtering and Sorting in the REST
    # API" are args, completedAt, createdAt, jobType, notes, priority, progress, startedAt, status, title...)
    assert "400065" in done.stderr and "sort field 'name'" in done.stderr
    [(_m, _p, query, status)] = ctx.requests("GET", "/jobs")
    assert "sort=name:desc" in unquote(query) and status == 400
    no_session_left(ctx)


def check_jobs_listed(ctx, done):
    [line] = [line for line in done.stdout.splitlines() if line.startswith(ctx.values["job_id"])]
    assert "refresh_extracts" in line and "Success" in line  # Query Jobs names the type as listings do
    [(_m, _p, query, _s)] = ctx.requests("GET", "/jobs")
    assert "filter=status:eq:Success" in unquote(query) and "sort=createdAt:desc" in unquote(query)
    no_session_left(ctx)


def check_subscription_created(ctx, done):
    [item] = ctx.site.subscriptions.values()
    admin = ctx.named("users", "admin")
    assert (item["subject"], item["contentType"], item["contentId"], item["userId"]) == (
        "Weekly sales", "View", ctx.values["view_id"], admin["id"])
    assert (item["attachImage"], item["attachPdf"]) == (True, False)
    assert "Created subscription %s" % item["id"] in done.stdout
    no_session_left(ctx)


def check_workbook_moved(ctx, done):
    workbook = ctx.site.workbooks[ctx.values["workbook_id"]]
    assert workbook["projectId"] == ctx.named("projects", "Archive")["id"]
    assert len(ctx.requests("PUT", "/workbooks/")) == 1
    no_session_left(ctx)


def check_refresh_workbook(ctx, done):
    [job] = [j for j in ctx.site.jobs.values() if j["type"] == "RefreshExtract"]
    assert job["subject"][:2] == ("workbook", ctx.values["workbook_id"])
    [(_m, _p, _q, status)] = ctx.requests("POST", "/refresh")
    assert status == 202
    no_session_left(ctx)


def check_tasks_listed(ctx, done):
    [line] = [line for line in done.stdout.splitlines() if ctx.values["task_id"] in line]
    assert "workbook" in line.lower()
    no_session_left(ctx)


def check_added_to_schedule(ctx, done):
    [task] = ctx.site.extract_refresh_tasks.values()
    saturday = [s for s in ctx.state.schedules.values() if s["name"] == "Saturday night"][0]
    wanted = ("workbook", ctx.values["workbook_id"], saturday["id"])
    assert (task["kind"], task["targetId"], task["scheduleId"]) == wanted
    [(_m, _p, _q, status)] = ctx.requests("PUT", "/schedules/%s/workbooks" % saturday["id"])
    assert status == 200
    no_session_left(ctx)


def check_extracts_created_then_deleted(ctx, done):
    """Both calls answer 200 with their job (the shape chosen in the emulator's handlers/items.py), the delete
    queued behind the create; when they finish, in that order, the workbook is live."""
    from tableau_emulator.handlers.jobs import advance_jobs
    workbook_id = ctx.values["workbook_id"]
    asked = [(path.rsplit("/", 1)[-1], status) for _m, path, _q, status in ctx.requests("POST", workbook_id)]
    assert asked == [("createExtract", 200), ("deleteExtract", 200)]
    jobs = [j for j in ctx.site.jobs.values() if j["subject"][1] == workbook_id]
    assert ctx.site.workbooks[workbook_id]["hasExtracts"] is True  # nothing changes before the jobs finish
    with ctx.state.lock:
        for job in jobs:
            job["seconds"] = 0
        advance_jobs(ctx.site)
    assert [(j["notes"], j["finishCode"]) for j in jobs] == [("Extract created.", 0), ("Extract deleted.", 0)]
    assert ctx.site.workbooks[workbook_id]["hasExtracts"] is False
    assert jobs[0]["id"] in done.stdout and jobs[1]["id"] in done.stdout  # it prints both jobs it got back
    no_session_left(ctx)


CASES = [
    Case("login.py", check=check_login),
    Case("add_default_permission.py", check=check_add_default_permission),
    Case("create_extract_task.py", ["workbook", "{workbook_id}"], setup=publish_content,
         check=check_cloud_extract_task, seed=CLOUD, site="cloud"),
    Case("create_group.py", check=check_new_group),
    Case("create_group.py", ["--file", "{tmp}/users.csv"], setup=group_test_and_users_csv,
         check=check_existing_group_and_csv_users, label="existing-group-and-csv"),
    Case("create_project.py", check=check_create_project, seed=SERVER_2023_3, label="3.21"),
    Case("create_project.py", check=check_lens_permissions_refused, exit_code=1, label="3.25"),
    Case("create_schedules.py", check=check_create_schedules),
    Case("create_user.py", ["--user", "sam", "--role", "Viewer", "--email", "sam@example.com"],
         check=check_create_user),
    Case("explore_datasource.py", ["--publish", "{tmp}/Costs.tdsx"], setup=content_and_files,
         check=check_explore_datasource),
    Case("explore_site.py", ["--user_quota", "7"], check=check_site_updated, label="update"),
    Case("explore_site.py", ["--create", "Operations", "--url", "operations"], check=check_site_created,
         label="create"),
    Case("explore_webhooks.py", ["--create", "sample-hook", "--delete"], check=check_explore_webhooks),
    Case("explore_workbook.py", ["--publish", "{tmp}/Budget.twbx", "--download", "{tmp}/downloaded"],
         setup=content_and_files, check=check_explore_workbook),
    Case("explore_workbook.py", ["--preview-image", "{tmp}/preview.png", "--powerpoint", "{tmp}/deck.pptx",
                                 "--delete"], setup=content_and_custom_view, check=check_explore_workbook_exports,
         label="export"),
    Case("export.py", ["--png", "{view_id}"], setup=publish_content, check=check_export_png),
    Case("extracts.py", ["--workbook", "{workbook_id}", "--refresh"], setup=publish_content,
         check=check_refresh_workbook, label="workbook-refresh"),
    Case("extracts.py", ["--workbook", "{workbook_id}", "--create", "--delete"], setup=publish_content,
         check=check_extracts_created_then_deleted, label="workbook-create-delete"),
    Case("filter_sort_groups.py", check=check_filter_sort_groups),
    Case("filter_sort_projects.py", check=check_filter_sort_projects, exit_code=1),
    Case("kill_all_jobs.py", setup=refresh_job, check=check_jobs_cancelled, seed=SLOW_JOBS),
    Case("list.py", ["workbook"], setup=content_and_files, check=listed("workbooks", ["Sales"]), label="workbook"),
    Case("list.py", ["datasource"], setup=publish_content, check=listed("datasources", ["Orders"]),
         label="datasource"),
    Case("list.py", ["project"], check=listed("projects", ["Default"]), label="project"),
    Case("list.py", ["view"], setup=publish_content,
         check=listed("views", ["Sales by Region", "Sales by Month", "Overview"]), label="view"),
    Case("list.py", ["webhooks"], setup=two_webhooks, check=listed("webhooks", ["refresh-failed", "new-source"], sorted_by_server=False),
         label="webhooks"),
    Case("list.py", ["job"], setup=refresh_job, check=check_jobs_sorted_by_name_refused, exit_code=1, label="job"),
    Case("list_jobs.py", ["--wait", "{job_id}", "--timeout", "30"], setup=refresh_job, check=check_wait_for_job,
         label="wait"),
    Case("list_jobs.py", ["--status", "Success"], setup=finished_refresh_job, check=check_jobs_listed,
         label="list"),
    Case("manage_subscriptions.py", ["create", "--target-type", "View", "--target-id", "{view_id}", "--schedule-id",
                                     "{schedule_id}", "--subject", "Weekly sales"],
         setup=content_and_subscription_schedule, check=check_subscription_created),
    Case("move_workbook_projects.py", ["--workbook-name", "Sales", "--destination-project", "Archive"],
         setup=content_and_archive, check=check_workbook_moved),
    Case("move_workbook_sites.py", ["--workbook-name", "Sales", "--destination-site", "finance"],
         setup=publish_content, check=check_move_workbook_sites, exit_code=1),
    Case("pagination_sample.py", setup=many_workbooks_two_owners, check=check_pagination),
    Case("publish_datasource.py", ["--file", "{tmp}/Costs.tdsx", "--project", "Default"], setup=files_to_publish,
         check=check_publish_datasource, label="sync"),
    Case("publish_datasource.py", ["--file", "{tmp}/Costs.tdsx", "--async", "--conn-username", "reporter",
                                   "--conn-password", "db-secret", "--conn-embed"],
         setup=files_to_publish, check=check_publish_datasource_as_job, label="async-credentials"),
    Case("publish_workbook.py", ["--file", "{tmp}/Budget.twbx", "--project", "Default", "--show-tabs"],
         setup=files_to_publish, check=check_publish_workbook, label="sync"),
    Case("publish_workbook.py", ["--file", "{tmp}/Budget.twbx", "--as-job", "--skip-connection-check"],
         setup=files_to_publish, check=check_publish_workbook_as_job, label="as-job"),
    Case("query_permissions.py", ["workbook", "{workbook_id}"], setup=publish_content,
         check=check_query_permissions("workbook"), label="workbook"),
    Case("query_permissions.py", ["datasource", "{datasource_id}"], setup=publish_content,
         check=check_query_permissions("datasource"), label="datasource"),
    Case("query_permissions.py", ["flow", "{flow_id}"], setup=published_flow, check=check_query_permissions("flow"),
         label="flow"),
    Case("refresh.py", ["datasource", "{datasource_id}"], setup=publish_content, check=check_refresh_datasource,
         label="datasource"),
    Case("refresh.py", ["workbook", "{workbook_id}"], setup=publish_content, check=check_refresh_workbook,
         label="workbook"),
    Case("refresh_tasks.py", ["list"], setup=extract_on_schedule, check=check_tasks_listed),
    Case("set_refresh_schedule.py", ["--workbook", "Sales", "Saturday night"], setup=publish_content,
         check=check_added_to_schedule),
    Case("update_connection.py", ["workbook", "{workbook_id}", "{workbook_connection}", "etl", "db-secret"],
         setup=publish_content, check=check_connection_updated("workbook", "workbook_connection"),
         label="workbook"),
    Case("update_connection.py", ["datasource", "{datasource_id}", "{datasource_connection}", "etl", "db-secret"],
         setup=publish_content, check=check_connection_updated("datasource", "datasource_connection"),
         label="datasource"),
    Case("update_connection_auth.py", ["datasource", "{datasource_id}", "{datasource_connection}", "etl",
                                       "db-secret", "username-password"],
         setup=publish_content, check=check_connection_auth_updated),
    Case("update_datasource_data.py", ["{datasource_id}"], setup=publish_content, check=check_update_hyper_data),
    Case("update_workbook_data_freshness_policy.py", setup=publish_content, check=check_freshness_policy),
]


@pytest.fixture(scope="module")
def samples_dir():
    if not SAMPLES or not os.path.isdir(SAMPLES):
        pytest.skip("TSC's samples are not unpacked ($TABLEAU_TSC_SAMPLES); `make emulator-tests` fetches them")
    return SAMPLES


def test_every_sample_of_the_folder_is_in_the_table(samples_dir):
    found = set()
    for folder, _dirs, files in os.walk(samples_dir):
        for name in files:
            if name.endswith(".py"):
                found.add(os.path.relpath(os.path.join(folder, name), samples_dir))
    table = __doc__.split("What the samples found", maxsplit=1)[0]
    listed_in_table = set(line.split()[0] for line in table.splitlines() if line.split() and
                          line.split()[0].endswith(".py"))
    assert found == listed_in_table
    assert set(c.sample for c in CASES) <= found


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_sample(case, samples_dir, request, tmp_path, tsc):
    if case.needs:
        pytest.skip("needs %s, which the emulator does not serve" % case.needs)
    assert case.check is not None, "a case that runs checks what the sample did"
    with checked_emulator(request, case.seed) as emu:
        ctx = Context(emu, tmp_path, tsc, case.site)
        if case.setup:
            case.setup(ctx)
        ctx.finish_setup()
        done = run_sample(ctx, os.path.join(samples_dir, case.sample), [a.format(**ctx.values) for a in case.args])
        assert done.returncode == case.exit_code, "%s exited %s:\n%s\n%s" % (
            case.sample, done.returncode, done.stdout, done.stderr)
        try:
            case.check(ctx, done)
        except AssertionError as exc:
            raise AssertionError("%s\n--- %s printed:\n%s\n%s" % (exc, case.sample, done.stdout, done.stderr))
