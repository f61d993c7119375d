"""Project paths and the comparison the project module relies on."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource, join_path, split_path


@pytest.mark.parametrize("path, parts", [
    ("Finance", ["Finance"]),
    ("Finance/Reports/Monthly", ["Finance", "Reports", "Monthly"]),
    ("/Finance/Reports/", ["Finance", "Reports"]),
    ("Sales\\/Marketing/EMEA", ["Sales/Marketing", "EMEA"]),
    ("Back\\\\slash", ["Back\\slash"]),
    ("", []),
    ("/", []),
])
def test_split_path(path, parts):
    assert split_path(path) == parts


def test_join_path_escapes_what_split_path_unescapes():
    names = ["Sales/Marketing", "Back\\slash", "Plain"]
    assert split_path(join_path(names)) == names


def test_empty_segment_is_refused():
    with pytest.raises(TableauValidationError, match="empty name"):
        split_path("Finance//Reports")


def test_walk_follows_parents_not_just_names():
    candidates = [
        {"id": "1", "name": "Finance", "parent_id": None},
        {"id": "2", "name": "Reports", "parent_id": "9"},  # a Reports elsewhere
        {"id": "3", "name": "Reports", "parent_id": "1"},
    ]
    chain = ProjectResource.walk(["Finance", "Reports"], candidates)
    assert [p["id"] for p in chain] == ["1", "3"]
    assert ProjectResource.walk(["Reports"], candidates) == []


def test_changes_leave_unset_options_alone():
    current = {"description": "x", "content_permissions": "ManagedByOwner", "owner_id": "u1"}
    desired = {"description": None, "content_permissions": "LockedToProject", "owner_id": "u1"}
    assert ProjectResource.changes(current, desired) == {"content_permissions": "LockedToProject"}


def test_check_mode_create_predicts_without_a_request():
    class NoRequests(object):
        user_id = "me"

        def __getattr__(self, name):
            raise AssertionError("check mode sent a request: %s" % name)

    predicted = ProjectResource(NoRequests(), check_mode=True).create({"name": "New", "parent_id": None})
    assert predicted["id"] is None and predicted["owner_id"] == "me" and predicted["name"] == "New"
