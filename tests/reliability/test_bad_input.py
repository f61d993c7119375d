"""The bad-input catalogue: each entry fails with a message naming the problem, before any write.

One line per entry: Bad(id, module, args, words the message must hold, setup=[(module, args)], auth=...).
``args`` are laid over a working token sign-in; ``OMIT`` drops a connection option.
"""

import pytest

from conftest import OMIT, Case, assert_failed_with, run_cases, writes_in


class Bad(object):
    def __init__(self, name, module, args, words, setup=(), auth="token"):
        self.case = Case(name, module, args, setup=setup, auth=auth)
        self.words = words


P, PI = "tableau_project", "tableau_project_info"
W, D = "tableau_workbook", "tableau_datasource"
S, SI, U, UI, G, GI = ("tableau_site", "tableau_site_info", "tableau_user", "tableau_user_info", "tableau_group",
                       "tableau_group_info")
SUB = "tableau_subscription"
SUBSCRIBE = {"user": "jsmith", "content_type": "workbook", "project": "Default", "workbook": "Sales",
             "subject": "Audit", "schedule": "Monday morning"}
BOOK = [(W, {"name": "Sales", "file": "{{ example_dir }}/sales.twbx"})]
NO_TOKEN = {"token_name": OMIT, "token_secret": OMIT}
TWO = [(P, {"path": "Alpha"}), (P, {"path": "Beta"})]

CATALOGUE = [
    # --- connection and sign-in (every module shares these)
    Bad("password and token both given", P, {"path": "X", "username": "admin", "password": "not-it"},
        ["mutually exclusive", "username", "token_name"]),
    Bad("no credentials at all", P, dict(NO_TOKEN, path="X"), ["one of the following is required", "username"]),
    Bad("token without secret", P, {"path": "X", "token_secret": OMIT}, ["required together", "token_secret"]),
    Bad("username without password", P, dict(NO_TOKEN, path="X", username="admin"),
        ["required together", "password"]),
    Bad("empty server_url", P, {"path": "X", "server_url": ""}, ["server_url", "full URL"]),
    Bad("server_url without scheme", P, {"path": "X", "server_url": "tableau.example.com"},
        ["server_url", "full URL", "https://"]),
    Bad("unknown site", P, {"path": "X", "site": "no-such-site"}, ["401001", "content URL", "no-such-site"]),
    Bad("wrong password", P, dict(NO_TOKEN, path="X", username="admin", password="wrong"),
        ["401001", "Sign-in failed", "password"], auth="password"),
    Bad("wrong token secret", PI, {"token_secret": "not-the-secret"}, ["401001", "Sign-in failed"]),
    Bad("forged JWT", PI, dict(NO_TOKEN, jwt="e30.e30.c2ln"), ["401001", "JWT"]),
    Bad("api_version garbage", P, {"path": "X", "api_version": "three"}, ["'three'", "REST API version"]),
    Bad("api_version newer than the server", PI, {"api_version": "9.99"}, ["404", "9.99"]),
    Bad("token sign-in on an old api_version", PI, {"api_version": "3.5"}, ["3.6", "Personal access token"]),
    Bad("impersonating an unknown user", PI, {"impersonate_user_id": "00000000-0000-0000-0000-000000000000"},
        ["401001", "impersonate"]),
    Bad("retries not a number", PI, {"retries": "many"}, ["retries", "int"]),
    Bad("validate_certs not a boolean", PI, {"validate_certs": "maybe"}, ["validate_certs", "bool"]),
    # --- projects
    Bad("project path with an empty segment", P, {"path": "Finance//Monthly"}, ["empty name", "Finance//Monthly"]),
    Bad("project path of only a slash", P, {"path": "/"}, ["path is empty"]),
    Bad("empty project name", P, {"name": "", "parent": "Default"}, ["name cannot be empty"]),
    Bad("empty new_name", P, {"path": "Default", "new_name": " "}, ["new_name cannot be empty"]),
    Bad("path and name both given", P, {"path": "X", "name": "X"}, ["mutually exclusive", "path", "name"]),
    Bad("neither path nor name", P, {"description": "x"}, ["one of the following is required", "path"]),
    Bad("missing parent", P, {"path": "Nowhere/Child"}, ["'Nowhere' does not exist", "create_parents"]),
    Bad("missing parent deeper down", P, {"path": "Default/Nowhere/Child"},
        ["'Default/Nowhere' does not exist", "found up to 'Default'"]),
    Bad("unknown owner", P, {"path": "X", "owner": "nobody"}, ["owner 'nobody'", "not a user"]),
    Bad("bad content_permissions", P, {"path": "X", "content_permissions": "Locked"},
        ["content_permissions", "ManagedByOwner"]),
    Bad("bad state", P, {"path": "X", "state": "gone"}, ["state", "present", "absent"]),
    Bad("new_parent missing", P, {"path": "Alpha", "new_parent": "Nowhere"}, ["new parent", "'Nowhere'"],
        setup=TWO),
    Bad("rename onto an existing project", P, {"path": "Alpha", "new_name": "Beta"},
        ["Cannot rename or move", "already exists"], setup=TWO),
    Bad("info path with an empty segment", PI, {"path": "A//B"}, ["empty name"]),
    Bad("info path and name both given", PI, {"path": "A", "name": "A"}, ["mutually exclusive"]),
    # --- sites
    Bad("negative user quota", S, {"name": "Audit", "content_url": "audit", "user_quota": -1},
        ["user_quota", "0 or more"]),
    Bad("negative storage quota", S, {"name": "Audit", "content_url": "audit", "storage_quota": -5},
        ["storage_quota", "0 or more"]),
    Bad("revision limit out of range", S, {"name": "Audit", "content_url": "audit", "revision_limit": 1},
        ["revision_limit", "10000"]),
    Bad("user quota on a ContentOnly site", S, {"name": "Audit", "content_url": "audit", "admin_mode": "ContentOnly",
                                                "user_quota": 5}, ["ContentOnly", "user_quota"]),
    Bad("new site without content_url", S, {"name": "Brand New"}, ["needs both name and content_url"]),
    Bad("deleting the Default site", S, {"content_url": "", "state": "absent"}, ["Default site cannot be deleted"]),
    Bad("bad admin_mode", S, {"name": "Audit", "content_url": "audit", "admin_mode": "Everything"},
        ["admin_mode", "ContentAndUsers"]),
    # --- users
    Bad("unknown site role", U, {"name": "new.user", "site_role": "Wizard"}, ["site_role", "Creator"]),
    Bad("new user without site role", U, {"name": "new.user"}, ["not on the site", "site_role"]),
    Bad("name and users both given", U, {"name": "a", "users": [{"name": "b"}]}, ["mutually exclusive"]),
    Bad("a user listed twice", U, {"users": [{"name": "jsmith"}, {"name": "jsmith"}]}, ["more than once"]),
    Bad("unknown map_assets_to", U, {"name": "bob", "state": "absent", "map_assets_to": "nobody"},
        ["map_assets_to", "'nobody'"]),
    Bad("removing oneself", U, {"name": "admin", "state": "absent"}, ["cannot remove themselves"]),
    Bad("bad exclude glob", U, {"users": [{"name": "jsmith", "site_role": "Creator"}], "purge": True,
                                "exclude": ["[abc"]}, ["exclude pattern", "[abc"]),
    Bad("bad last_login_after", UI, {"last_login_after": "yesterday"}, ["last_login_after", "UTC time"]),
    Bad("unknown site role filter", UI, {"site_roles": ["Wizard"]}, ["site_roles", "Viewer"]),
    # --- groups
    Bad("unknown user in members", G, {"name": "Audit Group", "members": ["jsmith", "nobody"]},
        ["not users on the site", "nobody"]),
    Bad("a member listed twice", G, {"name": "Audit Group", "members": ["jsmith", "jsmith"]}, ["more than once"]),
    Bad("renaming All Users", G, {"name": "All Users", "new_name": "Everyone"}, ["All Users", "cannot be renamed"]),
    Bad("setting the members of All Users", G, {"name": "All Users", "members": ["jsmith"]},
        ["every user of the site"]),
    Bad("grant_license_mode on a local group", G, {"name": "Audit Group", "grant_license_mode": "onLogin"},
        ["grant_license_mode", "domain"]),
    Bad("bad minimum_site_role", G, {"name": "Audit Group", "minimum_site_role": "Boss"},
        ["minimum_site_role", "Viewer"]),
    Bad("group rename onto an existing group", G, {"name": "Alpha", "new_name": "Beta"}, ["a group with that name"],
        setup=[(G, {"name": "Alpha"}), (G, {"name": "Beta"})]),
    Bad("info: bad minimum_site_role", GI, {"minimum_site_role": "Boss"}, ["minimum_site_role"]),
    # --- workbooks and data sources
    Bad("workbook with a data source's extension", W, {"name": "X", "file": "{{ example_dir }}/orders.tdsx"},
        [".twbx"]),
    Bad("data source with a workbook's extension", D, {"name": "X", "file": "{{ example_dir }}/sales.twbx"},
        [".tdsx"]),
    Bad("missing workbook file", W, {"name": "X", "file": "/nonexistent/sales.twbx"}, ["/nonexistent/sales.twbx"]),
    Bad("missing data source file", D, {"name": "X", "file": "/nonexistent/orders.tdsx"},
        ["/nonexistent/orders.tdsx"]),
    Bad("publish into a missing project", W, {"name": "X", "project": "Nowhere", "file": "{{ example_dir }}/sales.twbx"},
        ["Nowhere"]),
    Bad("workbook without a file or a move", W, {"name": "X"}, ["needs 'file'"]),
    Bad("workbook move to a missing project", W, {"name": "Book", "new_project": "Nowhere"},
        ["'Nowhere' to move to does not exist"], setup=[(W, {"name": "Book", "file": "{{ example_dir }}/sales.twbx"})]),
    Bad("workbook rename onto a name the project holds", W, {"name": "Alpha", "new_name": "beta"},
        ["of that name is there already"], setup=[(W, {"name": "Alpha", "file": "{{ example_dir }}/sales.twbx"}),
                                                  (W, {"name": "Beta", "file": "{{ example_dir }}/sales.twbx"})]),
    Bad("workbook move of nothing", W, {"name": "Nothing", "new_name": "Something"}, ["no workbook named 'Nothing'"]),
    Bad("workbook move with state absent", W, {"name": "X", "new_project": "Default", "state": "absent"},
        ["state present only"]),
    Bad("data source rename below REST API 3.12", D, {"name": "Source", "new_name": "Renamed", "api_version": "3.11"},
        ["Renaming a data source", "3.12"], setup=[(D, {"name": "Source", "file": "{{ example_dir }}/orders.tdsx"})]),

    # --- views
    Bad("tags of a view of a missing workbook", "tableau_view", {"workbook": "Nope", "name": "Overview", "tags": ["x"]},
        ["no workbook named 'Nope'"]),
    Bad("an empty view tag", "tableau_view", {"workbook": "Nope", "name": "Overview", "tags": [""]}, ["tag is empty"]),
    Bad("info: a limit of zero", "tableau_view_info", {"limit": 0}, ["limit must be 1 or more"]),
    Bad("export: a page type for an image", "tableau_view_export",
        {"workbook": "Sales", "name": "Overview", "page_type": "A4", "dest": "{{ example_dir }}/x.png"},
        ["page_type applies to format pdf only"]),
    Bad("export into a missing folder", "tableau_view_export",
        {"workbook": "Sales", "name": "Overview", "dest": "/nonexistent/x.png"}, ["/nonexistent", "does not exist"]),
    Bad("export of a view the workbook does not have", "tableau_view_export",
        {"workbook": "Sales", "name": "Nope", "dest": "{{ example_dir }}/x.png"}, ["has no view named 'Nope'"],
        setup=[(W, {"name": "Sales", "file": "{{ example_dir }}/sales.twbx"})]),
    # --- subscriptions
    Bad("subscription on an Extract schedule", SUB, dict(SUBSCRIBE, schedule="Saturday night"),
        ["Extract schedule", "Subscription"], setup=BOOK),
    Bad("subscription to a missing workbook", SUB, dict(SUBSCRIBE, workbook="Nowhere"), ["no workbook", "Nowhere"]),
    Bad("subscription to a missing view", SUB, dict(SUBSCRIBE, content_type="view", view="Nope"),
        ["no view named", "Nope"], setup=BOOK),
    Bad("subscription without a schedule", SUB, dict(SUBSCRIBE, schedule=OMIT), ["needs schedule", "frequency"],
        setup=BOOK),
    Bad("subscription with schedule and frequency", SUB, dict(SUBSCRIBE, frequency="Daily", start_time="07:00"),
        ["mutually exclusive", "schedule", "frequency"]),
    Bad("weekly frequency without days", SUB, dict(SUBSCRIBE, schedule=OMIT, frequency="Weekly", start_time="07:00"),
        ["Weekly", "week_days"]),
    Bad("a view subscription without a view", SUB, dict(SUBSCRIBE, content_type="view"), ["needs view"]),
    Bad("neither image nor PDF", SUB, dict(SUBSCRIBE, attach_image=False, attach_pdf=False), ["cannot both be false"]),
]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    return run_cases([bad.case for bad in CATALOGUE], tmp_path_factory.mktemp("bad-input"))


def test_the_catalogue_is_large_enough():
    assert len(CATALOGUE) >= 40
    assert len(set(bad.case.name for bad in CATALOGUE)) == len(CATALOGUE)


@pytest.mark.parametrize("bad", CATALOGUE, ids=[bad.case.name for bad in CATALOGUE])
def test_bad_input_fails_clearly_before_any_write(batch, bad):
    outcome = batch[bad.case.name]
    assert_failed_with(outcome["result"], bad.words)
    assert writes_in(outcome["emulator"]) == [], "a write went out before the error"
    assert outcome["emulator"]["sessions"]["open"] == 0
