"""The user resource's comparison and planning: who is added, changed, removed, and what is never touched."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.user import (
    changes,
    compile_patterns,
    glob_problem,
    matches_any,
    plan_users,
)


def user(name, role="Viewer", uid=None, **fields):
    found = {"id": uid or "id-" + name, "name": name, "site_role": role, "auth_setting": "ServerDefault",
             "full_name": None, "email": None, "idp_configuration_id": None}
    found.update(fields)
    return found


SITE = [user("admin", "ServerAdministrator"), user("alice", "Explorer"), user("bob"), user("svc_backup")]


def test_changes_leave_unset_fields_alone():
    assert changes(user("alice"), {"site_role": None, "email": None}) == {}


def test_changes_treat_missing_and_empty_text_alike():
    assert changes(user("alice"), {"full_name": ""}) == {}
    assert changes(user("alice"), {"full_name": "Alice"}) == {"full_name": "Alice"}


def test_changes_never_compare_a_password():
    assert changes(user("alice"), {"password": "secret"}) == {}


def test_plan_adds_missing_users_and_updates_differing_ones():
    plan = plan_users([{"name": "alice", "site_role": "Creator"}, {"name": "carol", "site_role": "Viewer"}], SITE)
    assert [f["name"] for f in plan["add"]] == ["carol"]
    assert [(u["name"], c) for u, c, _p in plan["update"]] == [("alice", {"site_role": "Creator"})]
    assert plan["remove"] == []


def test_second_run_plans_nothing():
    plan = plan_users([{"name": "Alice", "site_role": "Explorer"}], SITE)
    assert plan["add"] == plan["update"] == plan["remove"] == []
    assert [u["name"] for u in plan["unchanged"]] == ["alice"]


def test_password_is_sent_on_create_only_by_default():
    desired = [{"name": "alice", "password": "pw"}, {"name": "carol", "site_role": "Viewer", "password": "pw"}]
    plan = plan_users(desired, SITE)
    assert plan["update"] == []
    assert plan["add"][0]["password"] == "pw"


def test_update_password_always_sends_it_every_run():
    plan = plan_users([{"name": "alice", "password": "pw"}], SITE, update_password="always")
    assert [(u["name"], c, p) for u, c, p in plan["update"]] == [("alice", {}, "pw")]


def test_adding_needs_a_site_role():
    with pytest.raises(TableauValidationError, match="site_role"):
        plan_users([{"name": "carol"}], SITE)


def test_a_name_listed_twice_is_refused():
    with pytest.raises(TableauValidationError, match="more than once"):
        plan_users([{"name": "alice"}, {"name": "ALICE"}], SITE)


def test_purge_removes_unlisted_users_but_never_the_signed_in_user_or_excluded_names():
    plan = plan_users([{"name": "alice"}], SITE, purge=True, exclude=["SVC_*"], keep_ids=("id-admin",))
    assert [u["name"] for u in plan["remove"]] == ["bob"]


def test_without_purge_nobody_unlisted_is_removed():
    assert plan_users([{"name": "alice"}], SITE)["remove"] == []


def test_state_absent_in_the_list_removes_that_user():
    plan = plan_users([{"name": "bob", "state": "absent"}, {"name": "ghost", "state": "absent"}], SITE)
    assert [u["name"] for u in plan["remove"]] == ["bob"]


@pytest.mark.parametrize("pattern, problem", [
    ("svc_[a", "never closed"),
    ("[z-a]*", "backwards"),
    ("", "empty"),
])
def test_bad_glob_patterns_are_named(pattern, problem):
    assert problem in glob_problem(pattern)
    with pytest.raises(TableauValidationError, match="not a valid glob"):
        compile_patterns([pattern])


@pytest.mark.parametrize("pattern", ["svc_*", "admin?", "[!x]*", "[]]x", "[a-z]*", "plain"])
def test_good_glob_patterns_pass(pattern):
    assert glob_problem(pattern) is None


def test_patterns_match_whole_names_without_regard_to_case():
    compiled = compile_patterns(["svc_*", "bo?"])
    assert matches_any("SVC_backup", compiled)
    assert matches_any("bob", compiled)
    assert not matches_any("bobby", compiled)
