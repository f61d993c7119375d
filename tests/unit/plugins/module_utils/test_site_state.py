"""tableau_site_state's planner and applier against the emulator: validation before any request, the plan in
check mode (what the run creates taken as existing, zero writes), the apply in dependency order, idempotence,
purge in reverse order, and the summary, message and diff by names."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource
from ansible_collections.tableau.server.plugins.module_utils.resource import is_planned, start_planning, stop_planning
from ansible_collections.tableau.server.plugins.module_utils.site_state import converge, validate
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource

ADMIN = {"username": "admin", "password": "admin"}
DESCRIPTION = {
    "version": 1,
    "projects": [
        {"path": "Team", "owner": "ursula"},
        {"path": "Team/Reports", "description": "Monthly"},
        {"path": "Team/Reports/Archive", "content_permissions": "LockedToProject"},
    ],
    "users": [{"name": "ursula", "site_role": "Creator", "email": "ursula@example.com"},
              {"name": "victor", "site_role": "Viewer"}],
    "groups": [{"name": "Team Members", "members": ["ursula", "victor"]}],
    "permissions": [{"content_type": "project", "project": "Team",
                     "grants": [{"group": "Team Members", "template": "View"}, {"user": "victor", "template": "Publish"}]}],
    "default_permissions": [{"project": "Team", "content_type": "workbook",
                             "grants": [{"group": "Team Members", "template": "View"}]}],
}


def params(description=None, **options):
    found = dict(description=copy.deepcopy(description or DESCRIPTION), base_dir=None, purge=False, purge_limit=25,
                 exclude=[])
    found.update(options)
    return found


def writes(emulator):
    return [(r["method"], r["path"]) for r in emulator.emulator.log
            if r["method"] in ("POST", "PUT", "DELETE") and "/auth/" not in r["path"]]


@pytest.fixture
def client(emulator):
    signed = TableauClient(emulator.url, auth=ADMIN).sign_in()
    yield signed
    signed.sign_out()


def test_check_mode_on_a_new_site_predicts_the_whole_apply_with_no_write(emulator, client):
    before = len(writes(emulator))
    changed, returned, diff = converge(client, params(), check_mode=True)
    assert changed and len(writes(emulator)) == before
    summary = returned["summary"]
    assert summary["users"]["created"] == ["ursula", "victor"]
    assert summary["projects"]["created"] == ["Team", "Team/Reports", "Team/Reports/Archive"]
    assert summary["groups"]["created"] == ["Team Members"]
    assert summary["permissions"]["updated"] == ["project Team"]
    assert returned["msg"].startswith("users: 2 to create; projects: 3 to create; groups: 1 to create")
    headers = [entry["before_header"] for entry in diff]
    assert headers == ["users", "projects", "groups", "permissions", "default_permissions"]
    projects = [entry for entry in diff if entry["after_header"] == "projects"][0]
    assert projects["after"]["Team"]["owner"] == "ursula"
    groups = [entry for entry in diff if entry["after_header"] == "groups"][0]
    assert groups["after"]["Team Members"]["members"] == ["ursula", "victor"]
    # The plan leaves no planned item behind for later lookups through the client.
    assert UserResource(client).find_by_name("ursula") is None


def test_the_apply_writes_what_the_plan_said_and_a_second_run_changes_nothing(emulator, client):
    planned = converge(client, params(), check_mode=True)[1]["summary"]
    changed, returned, dummy = converge(client, params(), check_mode=False)
    assert changed and returned["summary"] == planned
    team = ProjectResource(client).find(["Team"])
    assert team["owner_id"] == UserResource(client).find_by_name("ursula")["id"]
    before = len(writes(emulator))
    changed, returned, diff = converge(client, params(), check_mode=False)
    assert not changed and diff == [] and len(writes(emulator)) == before
    assert returned["summary"]["users"]["unchanged"] == ["ursula", "victor"]
    assert returned["msg"].startswith("users: 2 unchanged; projects: 3 unchanged")


def test_a_change_shows_by_names_and_purge_removes_in_reverse_order(emulator, client):
    converge(client, params(), check_mode=False)
    description = copy.deepcopy(DESCRIPTION)
    description["users"][1]["site_role"] = "Explorer"
    description["projects"] = description["projects"][:2]
    description["groups"][0]["members"] = ["ursula"]
    purge = {"projects": True, "groups": True}
    changed, returned, diff = converge(client, params(description, purge=purge), check_mode=True)
    summary = returned["summary"]
    assert summary["users"]["updated"] == ["victor"]
    assert summary["projects"]["removed"] == ["Team/Reports/Archive"]
    assert summary["groups"]["updated"] == ["Team Members"]
    users = [entry for entry in diff if entry["after_header"] == "users"][0]
    assert users["before"]["victor"]["site_role"] == "Viewer" and users["after"]["victor"]["site_role"] == "Explorer"
    changed, applied, dummy = converge(client, params(description, purge=purge), check_mode=False)
    assert changed and applied["summary"] == summary
    assert ProjectResource(client).find(["Team", "Reports", "Archive"]) is None
    assert not converge(client, params(description, purge=purge), check_mode=False)[0]


@pytest.mark.parametrize("change, message", [
    ({"users": [{"name": "x", "site_role": "Boss"}]}, "users[0].site_role: value of site_role must be one of"),
    ({"users": [{"name": "x", "nickname": "y"}]}, "users[0].nickname: nickname. Supported parameters"),
    ({"groups": [{"members": ["x"]}]}, "groups[0].name: missing required arguments: name"),
    ({"version": 2}, "version is 2"),
    ({"flows": [{"name": "f", "file": "f.tflx", "run_mode": "full"}]}, "flows[0].run_mode: run_mode. Supported"),
    ({"folders": []}, "unknown section 'folders'"),
    ({"workbooks": [{"name": "w", "file": "w.twbx"}]}, "give base_dir"),
])
def test_bad_input_fails_before_any_request(change, message):
    description = dict(copy.deepcopy(DESCRIPTION), **change)
    with pytest.raises(TableauValidationError) as caught:
        validate(params(description))
    assert message in caught.value.msg


def test_bad_input_the_server_tells_fails_in_the_plan_before_any_write(emulator, client):
    description = copy.deepcopy(DESCRIPTION)
    description["permissions"][0]["grants"].append({"group": "Nobody Here", "template": "View"})
    before = len(writes(emulator))
    with pytest.raises(TableauValidationError) as caught:
        converge(client, params(description), check_mode=False)
    assert "Nobody Here" in caught.value.msg and len(writes(emulator)) == before


def test_planning_is_off_unless_asked_and_ends_with_the_plan(client):
    users = UserResource(client, check_mode=True)
    assert users.create({"name": "wendy", "site_role": "Viewer"})["id"] is None
    start_planning(client)
    try:
        planned = users.create({"name": "wendy", "site_role": "Viewer"})
        assert is_planned(planned) and UserResource(client).find_by_name("WENDY")["id"] == planned["id"]
    finally:
        stop_planning(client)
    assert UserResource(client).find_by_name("wendy") is None


def test_a_site_that_matches_is_read_once(emulator, client):
    converge(client, params(), check_mode=False)
    before = len(emulator.emulator.log)
    converge(client, params(), check_mode=True)
    planned = len(emulator.emulator.log) - before
    before = len(emulator.emulator.log)
    assert not converge(client, params(), check_mode=False)[0]
    assert len(emulator.emulator.log) - before == planned


def test_webhooks_are_one_more_row_of_the_pipeline(emulator, client):
    description = {"version": 1, "webhooks": [
        {"name": "refresh-failures", "event": "DatasourceRefreshFailed", "destination_url": "https://hooks.example.com/a"}]}
    planned = converge(client, params(description), check_mode=True)[1]
    assert planned["summary"]["webhooks"]["created"] == ["refresh-failures"] and not writes(emulator)
    assert converge(client, params(description), check_mode=False)[0]
    description["webhooks"] = [dict(description["webhooks"][0], name="workbook-updates", event="WorkbookUpdated")]
    changed, returned, diff = converge(client, params(description, purge={"webhooks": True}), check_mode=False)
    assert returned["summary"]["webhooks"]["created"] == ["workbook-updates"]
    assert returned["summary"]["webhooks"]["removed"] == ["refresh-failures"]
    assert diff[0]["before"]["refresh-failures"]["event"] == "DatasourceRefreshFailed"


def test_a_field_the_servers_version_lacks_fails_in_the_plan_before_any_write(emulator):
    older = TableauClient(emulator.url, auth=ADMIN, api_version="3.20").sign_in()
    try:
        description = copy.deepcopy(DESCRIPTION)
        description["users"][0]["idp_configuration_id"] = "4b5c6d7e-0000-4000-8000-000000000001"
        before = len(writes(emulator))
        with pytest.raises(TableauError) as caught:
            converge(older, params(description), check_mode=False)
        assert "3.25" in caught.value.msg and len(writes(emulator)) == before
    finally:
        older.sign_out()


def test_many_new_users_go_in_with_one_import_job(emulator, client):
    names = ["import%02d" % n for n in range(60)]
    description = {"version": 1,
                   "users": [{"name": name, "site_role": "Explorer" if n % 2 else "Viewer"} for n, name in enumerate(names)],
                   "groups": [{"name": "Imported", "members": names[:3]}]}
    before = len(writes(emulator))
    changed, returned, dummy = converge(client, params(description), check_mode=True)
    assert changed and returned["summary"]["users"]["created"] == names and len(writes(emulator)) == before
    changed, returned, dummy = converge(client, params(description), check_mode=False)
    sent = writes(emulator)[before:]
    assert changed and returned["summary"]["users"]["created"] == names
    assert [w for w in sent if w[1].endswith("/users/import")] == [sent[0]] and sent[0][0] == "POST"
    assert not [w for w in sent if w[0] == "POST" and w[1].endswith("/users") and "/groups/" not in w[1]]
    users = UserResource(client)
    assert users.find_by_name("import01")["site_role"] == "Explorer"
    assert users.find_by_name("import02")["site_role"] == "Viewer"
    again = len(writes(emulator))
    changed, returned, dummy = converge(client, params(description), check_mode=False)
    assert not changed and len(writes(emulator)) == again


def listings(emulator, since):
    """(path's last part, page number) of every GET of a whole listing since ``since`` log entries."""
    found = []
    for entry in emulator.emulator.log[since:]:
        if entry["method"] == "GET" and entry["path"].rsplit("/", 1)[-1] in ("users", "groups", "projects") \
                and "/groups/" not in entry["path"]:
            found.append(entry["path"].rsplit("/", 1)[-1])
    return found


@pytest.mark.parametrize("count", [60, 120])
def test_the_plan_reads_each_listing_once_and_still_sees_what_changed(emulator, client, count):
    """60 users: one filtered listing settles the names for the groups too; 120: one whole listing."""
    names = ["many%03d" % n for n in range(count)]
    description = {"version": 1, "projects": [{"path": "Big"}],
                   "users": [{"name": name, "site_role": "Viewer"} for name in names],
                   "groups": [{"name": "All of them", "members": names}]}
    assert converge(client, params(description), check_mode=False)[0]
    before = len(emulator.emulator.log)
    assert not converge(client, params(description), check_mode=False)[0]
    # The users section and the groups' members share one listing of the users.
    assert sorted(listings(emulator, before)) == ["groups", "projects", "users"]
    # A change made between two runs is seen: the memory of a listing lasts one plan.
    UserResource(client).update(UserResource(client).find_by_name("many007"), {"site_role": "Explorer"})
    changed, returned, dummy = converge(client, params(description), check_mode=False)
    assert changed and returned["summary"]["users"]["updated"] == ["many007"]
    assert UserResource(client).find_by_name("many007")["site_role"] == "Viewer"
