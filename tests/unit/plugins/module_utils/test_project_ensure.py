"""tableau_project's logic against the emulator: one converger for both forms, paths without case, check mode."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.project import (
    ProjectResource,
    ensure_project,
    ensure_projects,
    project_info,
)
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource

from .conftest import api_requests, writes


def one(path=None, **options):
    params = dict(path=path, projects=None, name=None, parent=None, new_name=None, new_parent=None, description=None,
                  content_permissions=None, owner=None, create_parents=False, state=None)
    params.update(options)
    return params


def make(client, path, **options):
    return ensure_project(ProjectResource(client), one(path, create_parents=True, **options))[1]["project"]


def test_path_spelled_in_another_case_finds_the_project(signed_in):
    emulator, client = signed_in
    make(client, "Finance/Reports")
    emulator.log = []
    changed, returned, diff = ensure_project(ProjectResource(client), one("FINANCE/reports"))
    assert not changed and returned["project"]["path"] == "Finance/Reports"
    assert writes(emulator) == []


def test_a_child_below_a_parent_spelled_otherwise_is_created_there(signed_in):
    emulator, client = signed_in
    finance = make(client, "Finance")
    changed, returned, dummy = ensure_project(ProjectResource(client), one("finance/Monthly"))
    assert changed and returned["project"]["parent_id"] == finance["id"]
    assert returned["project"]["path"] == "Finance/Monthly"


def test_absent_project_matches_path_without_case(signed_in):
    emulator, client = signed_in
    make(client, "Sales/EMEA")
    changed, returned, diff = ensure_project(ProjectResource(client), one("sales/emea", state="absent"))
    assert changed and returned == {"project": {}} and diff["before"]["path"] == "Sales/EMEA"


def test_owner_spelled_in_another_case_is_found(signed_in):
    emulator, client = signed_in
    UserResource(client).create({"name": "alice", "site_role": "Creator"})
    changed, returned, dummy = ensure_project(ProjectResource(client), one("Owned", owner="ALICE"))
    assert changed and returned["project"]["owner"] == "alice"
    assert ensure_project(ProjectResource(client), one("owned", owner="Alice"))[0] is False


def test_check_mode_sends_no_writes(signed_in):
    emulator, client = signed_in
    make(client, "Old")
    emulator.log = []
    checking = ProjectResource(client, check_mode=True)
    changed, returned, diff = ensure_project(checking, one("A/B/C", create_parents=True, description="x"))
    assert changed and returned["project"]["id"] is None and returned["project"]["path"] == "A/B/C"
    assert ensure_project(checking, one("Old", new_name="New"))[1]["project"]["path"] == "New"
    assert ensure_project(checking, one("Old", state="absent"))[0]
    assert writes(emulator) == []


def test_rename_and_move_then_second_run_reports_no_change(signed_in):
    emulator, client = signed_in
    make(client, "Finance/Reports/Monthly")
    params = one("Finance/Reports/Monthly", new_name="Monthly Close", new_parent="")
    changed, returned, diff = ensure_project(ProjectResource(client), params)
    assert changed and returned["project"]["path"] == "Monthly Close" and returned["project"]["parent_id"] is None
    assert diff["before"]["path"] == "Finance/Reports/Monthly" and diff["after"]["path"] == "Monthly Close"
    emulator.log = []
    changed, returned, dummy = ensure_project(ProjectResource(client), params)
    assert not changed and returned["project"]["path"] == "Monthly Close"
    assert [r["method"] for r in api_requests(emulator)] == ["GET"]


def test_rename_in_another_case_only_is_a_rename_not_a_conflict(signed_in):
    emulator, client = signed_in
    make(client, "reports")
    changed, returned, dummy = ensure_project(ProjectResource(client), one("reports", new_name="Reports"))
    assert changed and returned["project"]["name"] == "Reports"


def test_rename_onto_an_existing_project_is_refused_before_any_write(signed_in):
    emulator, client = signed_in
    make(client, "Alpha")
    make(client, "Beta")
    emulator.log = []
    with pytest.raises(TableauValidationError, match="already exists"):
        ensure_project(ProjectResource(client), one("Alpha", new_name="BETA"))
    assert writes(emulator) == []


def test_missing_parent_names_how_far_the_path_exists(signed_in):
    with pytest.raises(TableauValidationError, match="'Default/Nowhere' does not exist .found up to 'Default'") as caught:
        ensure_project(ProjectResource(signed_in[1]), one("Default/Nowhere/Child"))
    assert "create_parents" in caught.value.fail_json_kwargs()["msg"]


def test_renaming_the_default_project_surfaces_the_hint(signed_in):
    with pytest.raises(TableauApiError) as caught:
        ensure_project(ProjectResource(signed_in[1]), one("default", new_name="Standard"))
    assert caught.value.code == "403005" and "Default project cannot be renamed" in caught.value.fail_json_kwargs()["msg"]


def test_list_form_returns_every_item_with_its_path_and_a_diff_per_write(signed_in):
    emulator, client = signed_in
    changed, returned, diff = ensure_projects(ProjectResource(client), dict(create_parents=True, projects=[
        dict(path="Sales/EMEA", description=None, content_permissions="LockedToProject", owner=None, state="present"),
        dict(path="Gone", description=None, content_permissions=None, owner=None, state="absent")]))
    assert changed
    assert [(p["path"], p["changed"]) for p in returned["projects"]] == [("Sales/EMEA", True), ("Gone", False)]
    assert [d["after_header"] for d in diff] == ["Sales", "Sales/EMEA"]


def test_info_filters_paths_and_names_without_case(signed_in):
    emulator, client = signed_in
    make(client, "Finance/Reports")
    info = project_info(ProjectResource(client), dict(name=None, parent="FINANCE", path=None, owner=None))
    assert [p["path"] for p in info[1]["projects"]] == ["Finance/Reports"]
    info = project_info(ProjectResource(client), dict(name="reports", parent=None, path=None, owner="ADMIN"))
    assert [p["path"] for p in info[1]["projects"]] == ["Finance/Reports"]
