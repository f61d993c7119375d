"""Many projects in one run: one listing, parents first, writes only for differences, check mode by construction."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import DEFAULT_MAX_CONCURRENCY, TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.project import (
    ProjectConverger,
    ProjectResource,
    ProjectTree,
    split_path,
)

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "emulator"))

from tableau_emulator.server import BackgroundEmulator  # noqa: E402  pylint: disable=wrong-import-position


def item(path, state="present", **fields):
    desired = dict(description=None, content_permissions=None, owner_id=None)
    desired.update(fields)
    return dict(desired, parts=split_path(path), state=state)


@pytest.fixture
def site():
    with BackgroundEmulator() as emu:
        client = TableauClient(emu.url, auth={"token_name": "automation", "token_secret": "automation-secret"})
        client.sign_in()
        yield emu.emulator, client
        client.sign_out()


def converge(client, items, check_mode=False, create_parents=False):
    converger = ProjectConverger(ProjectResource(client, check_mode), create_parents)
    return converger, converger.converge(items)


def api_requests(emulator):
    return [r for r in emulator.log if not r["path"].endswith(("/auth/signin", "/auth/signout"))]


WANTED = [item("Sales/EMEA/North", description="n"), item("Sales", description="s"), item("Sales/EMEA"),
          item("Ops", content_permissions="LockedToProject")]


def test_parents_are_created_before_children_whatever_the_order(site):
    emulator, client = site
    emulator.log = []
    converger, results = converge(client, WANTED)
    assert [r["changed"] for r in results] == [True] * 4
    posts = [r for r in api_requests(emulator) if r["method"] == "POST"]
    assert len(posts) == 4
    written = [p for p, before, after in converger.changes]
    assert written == [["Sales"], ["Ops"], ["Sales", "EMEA"], ["Sales", "EMEA", "North"]]
    assert results[0]["project"]["path"] == "Sales/EMEA/North"
    assert len([r for r in api_requests(emulator) if r["method"] == "GET"]) == 1


def test_second_run_reports_no_change_with_one_listing(site):
    emulator, client = site
    converge(client, WANTED)
    emulator.log = []
    converger, results = converge(client, WANTED)
    assert not any(r["changed"] for r in results) and converger.changes == []
    assert [r["method"] for r in api_requests(emulator)] == ["GET"]


def test_only_differences_are_written(site):
    emulator, client = site
    converge(client, WANTED)
    emulator.log = []
    changed = [item("Sales", description="new"), item("Sales/EMEA"), item("Ops", content_permissions="LockedToProject")]
    converger, results = converge(client, changed)
    assert [r["changed"] for r in results] == [True, False, False]
    assert [r["method"] for r in api_requests(emulator)] == ["GET", "PUT"]
    assert results[0]["before"]["description"] == "s" and results[0]["project"]["description"] == "new"


def test_check_mode_sends_no_writes_and_predicts_nested_creations(site):
    emulator, client = site
    emulator.log = []
    converger, results = converge(client, WANTED, check_mode=True)
    assert [r["method"] for r in api_requests(emulator)] == ["GET"]
    assert [r["changed"] for r in results] == [True] * 4
    assert len(converger.changes) == 4


def test_a_project_inside_a_deleted_one_costs_no_request_of_its_own(site):
    emulator, client = site
    converge(client, WANTED)
    emulator.log = []
    converger, results = converge(client, [item("Sales/EMEA", state="absent"), item("Sales", state="absent")])
    assert [r["changed"] for r in results] == [True, True]
    assert [p for p, before, after in converger.changes] == [["Sales"], ["Sales", "EMEA"]]
    assert [r["method"] for r in api_requests(emulator)] == ["GET", "DELETE"]
    converger, results = converge(client, [item("Sales", state="absent")])
    assert not results[0]["changed"]


def test_missing_unlisted_parent_is_refused_before_any_write(site):
    emulator, client = site
    emulator.log = []
    with pytest.raises(TableauValidationError, match="not in the list") as caught:
        converge(client, [item("Ops"), item("Finance/Reports")])
    assert "create_parents" in caught.value.fail_json_kwargs()["msg"]
    assert [r["method"] for r in api_requests(emulator)] == ["GET"]
    converger, results = converge(client, [item("Finance/Reports")], create_parents=True)
    assert [p for p, before, after in converger.changes] == [["Finance"], ["Finance", "Reports"]]


@pytest.mark.parametrize("items, message", [
    ([item("A"), item("A")], "listed twice"),
    ([item("A/B"), item("A", state="absent")], "absent"),
])
def test_contradictory_lists_are_refused(site, items, message):
    with pytest.raises(TableauValidationError, match=message):
        converge(site[1], items)


def test_writes_at_one_depth_go_out_side_by_side(site):
    emulator, client = site
    emulator.log = []
    # Each answer takes long enough that requests sent side by side overlap on the server.
    emulator.latency = 0.2
    emulator.max_in_flight = 0
    converge(client, [item("Wide %d" % n) for n in range(8)])
    emulator.latency = 0
    assert len([r for r in api_requests(emulator) if r["method"] == "POST"]) == 8
    assert emulator.max_in_flight > 1, "the 8 creations went out one after another"
    assert emulator.max_in_flight <= DEFAULT_MAX_CONCURRENCY


def test_tree_tells_apart_same_names_under_other_parents():
    tree = ProjectTree([{"id": "1", "name": "Finance", "parent_id": None},
                        {"id": "2", "name": "Reports", "parent_id": "9"},
                        {"id": "3", "name": "Reports", "parent_id": "1"}])
    assert tree.get(["Finance", "Reports"])["id"] == "3"
    assert tree.get(["Reports"]) is None
    tree.add(["New"], {"id": None, "name": "New", "parent_id": None})
    tree.add(["New", "Child"], {"id": None, "name": "Child", "parent_id": None})
    assert tree.get(["New", "Child"])["name"] == "Child"
    tree.remove(["Finance", "Reports"])
    assert tree.get(["Finance", "Reports"]) is None
