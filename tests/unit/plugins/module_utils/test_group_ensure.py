"""tableau_group's logic against the emulator: names without case, check mode by construction, members."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.group import GroupResource, ensure_group, ensure_groups, group_info
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource

from .conftest import writes


def group(name, **options):
    params = dict(name=name, new_name=None, domain=None, minimum_site_role=None, grant_license_mode=None, members=None,
                  purge_members=False, state="present", groups=None)
    params.update(options)
    return params


@pytest.fixture
def people(signed_in):
    emulator, client = signed_in
    users = UserResource(client)
    for name in ("alice", "bob"):
        users.create({"name": name, "site_role": "Viewer"})
    return signed_in


def test_group_spelled_in_another_case_is_found_not_created(signed_in):
    emulator, client = signed_in
    assert ensure_group(GroupResource(client), group("Analysts"))[0]
    emulator.log = []
    changed, returned, dummy = ensure_group(GroupResource(client), group("ANALYSTS"))
    assert not changed and returned["group"]["name"] == "Analysts"
    assert writes(emulator) == []


def test_absent_group_matches_name_without_case(signed_in):
    emulator, client = signed_in
    ensure_group(GroupResource(client), group("Analysts"))
    changed, returned, diff = ensure_group(GroupResource(client), group("analysts", state="absent"))
    assert changed and returned == {"group": {}} and diff["before"]["name"] == "Analysts"


def test_members_spelled_in_another_case_are_found(people):
    emulator, client = people
    changed, returned, diff = ensure_group(GroupResource(client), group("Team", members=["ALICE", "Bob"]))
    assert changed and returned["members_added"] == ["alice", "bob"]  # as the server spells them
    assert returned["group"]["members"] == ["alice", "bob"]
    emulator.log = []
    changed, returned, diff = ensure_group(GroupResource(client), group("team", members=["alice", "BOB"],
                                                                        purge_members=True))
    assert not changed and returned["members_added"] == [] and returned["members_removed"] == []
    assert writes(emulator) == []
    assert diff["before"]["members"] == ["alice", "bob"]


def test_check_mode_sends_no_writes(people):
    emulator, client = people
    emulator.log = []
    changed, returned, diff = ensure_groups(GroupResource(client, check_mode=True), dict(groups=[
        group("New", members=["alice"]), group("All Users", members=None)]))
    assert changed and writes(emulator) == []
    assert returned["groups"][0]["id"] is None and returned["groups"][0]["members"] == ["alice"]
    assert diff["after"]["New"]["members"] == ["alice"]


def test_update_keeps_the_name_as_the_server_spells_it(signed_in):
    emulator, client = signed_in
    ensure_group(GroupResource(client), group("Sales"))
    emulator.log = []
    changed, returned, diff = ensure_group(GroupResource(client), group("SALES", minimum_site_role="Explorer"))
    assert changed and returned["group"]["minimum_site_role"] == "Explorer" and returned["group"]["name"] == "Sales"
    assert [method for method, path in writes(emulator)] == ["PUT"]


def test_all_users_in_any_case_cannot_be_renamed(signed_in):
    with pytest.raises(TableauValidationError, match="cannot be renamed"):
        ensure_group(GroupResource(signed_in[1]), group("all users", new_name="Everyone"))


def test_info_finds_a_name_spelled_in_another_case(people):
    emulator, client = people
    ensure_group(GroupResource(client), group("Team", members=["alice"]))
    changed, returned, diff = group_info(GroupResource(client), dict(name="TEAM", domain=None, minimum_site_role=None,
                                                                     include_members=True))
    assert not changed and [(g["name"], g["members"]) for g in returned["groups"]] == [("Team", ["alice"])]
