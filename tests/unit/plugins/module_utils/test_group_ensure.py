"""tableau_group's logic against the emulator: names without case, check mode by construction, members."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauError, TableauValidationError
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


# ---------------------------------------------------------------- writes side by side

@pytest.fixture
def crowd(signed_in):
    emulator, client = signed_in
    users = UserResource(client)
    users.map(lambda n: users.create({"name": "user%02d" % n, "site_role": "Viewer"}), range(12))
    return signed_in


def team_specs(count=6, size=4):
    return [group("Team %d" % n, members=["user%02d" % (n + m) for m in range(size)]) for n in range(count)]


def test_groups_and_their_members_are_written_side_by_side_with_one_request_each(crowd):
    emulator, client = crowd
    emulator.log = []
    emulator.max_in_flight = 0
    emulator.latency = 0.1  # long enough for requests sent side by side to overlap on the server
    changed, returned, diff = ensure_groups(GroupResource(client), dict(groups=team_specs()))
    emulator.latency = 0
    assert changed and [g["members"] for g in returned["groups"]][0] == ["user00", "user01", "user02", "user03"]
    posts = [path for method, path in writes(emulator)]
    assert len(posts) == 12  # one create and one bulk add per group, as one after another would send
    assert emulator.max_in_flight > 1
    # Every group existed before its members were added.
    created = [n for n, (method, path) in enumerate(writes(emulator)) if path.endswith("/groups")]
    added = [n for n, (method, path) in enumerate(writes(emulator)) if path.endswith("/users")]
    assert max(created) < min(added)
    emulator.log = []
    changed, returned, diff = ensure_groups(GroupResource(client), dict(groups=team_specs()))
    assert not changed and writes(emulator) == []


def test_check_mode_predicts_the_side_by_side_run(crowd):
    emulator, client = crowd
    specs = team_specs() + [group("All Users", state="present")]
    emulator.log = []
    predicted = ensure_groups(GroupResource(client, check_mode=True), dict(groups=specs))
    assert writes(emulator) == []
    done = ensure_groups(GroupResource(client), dict(groups=specs))
    assert predicted[0] == done[0] and predicted[2] == done[2]
    assert [g.get("members") for g in predicted[1]["groups"]] == [g.get("members") for g in done[1]["groups"]]


def test_members_of_several_groups_change_side_by_side_and_removals_are_made(crowd):
    emulator, client = crowd
    ensure_groups(GroupResource(client), dict(groups=team_specs()))
    emulator.log = []
    specs = [dict(spec, members=spec["members"][1:] + ["user11"], purge_members=True) for spec in team_specs()]
    changed, returned, diff = ensure_groups(GroupResource(client), dict(groups=specs))
    assert changed
    methods = sorted(method for method, path in writes(emulator))
    assert methods == ["POST"] * 6 + ["PUT"] * 6  # one bulk add and one bulk removal per group
    assert diff["after"]["Team 0"]["members"] == ["user01", "user02", "user03", "user11"]
    assert diff["before"]["Team 0"]["members"] == ["user00", "user01", "user02", "user03"]


def test_a_failed_write_is_not_reported_as_done_and_those_that_landed_are(crowd):
    from tableau_emulator.server import Fault
    emulator, client = crowd
    ensure_groups(GroupResource(client), dict(groups=team_specs(count=3)))
    team_1 = GroupResource(client).find_by_name("Team 1")
    emulator.faults.append(Fault({"method": "POST", "path": "/groups/%s/users$" % team_1["id"], "status": 400,
                                  "code": "400000", "times": 0}))
    specs = [dict(spec, members=spec["members"] + ["user10"]) for spec in team_specs(count=3)] + [group("Extra")]
    with pytest.raises(TableauError) as info:
        ensure_groups(GroupResource(client), dict(groups=specs))
    reported = info.value.fail_json_kwargs()
    assert reported["changed"] is True
    assert sorted(g["name"] for g in reported["groups"]) == ["Extra", "Team 0", "Team 2"]
    groups = GroupResource(client)
    members = dict((name, [u["name"] for u in groups.members(groups.find_by_name(name))])
                   for name in ("Team 0", "Team 1", "Team 2"))
    assert "user10" in members["Team 0"] and "user10" in members["Team 2"] and "user10" not in members["Team 1"]
    assert GroupResource(client).find_by_name("Extra") is not None


def test_a_single_group_whose_members_fail_reports_no_members_added(crowd):
    from tableau_emulator.server import Fault
    emulator, client = crowd
    emulator.faults.append(Fault({"method": "POST", "path": "/groups/[^/]+/users$", "status": 400, "code": "400000",
                                  "times": 0}))
    with pytest.raises(TableauError) as info:
        ensure_group(GroupResource(client), group("Solo", members=["user00"]))
    reported = info.value.fail_json_kwargs()
    assert reported["changed"] is True  # the group was created
    assert reported["members_added"] == [] and reported["group"]["name"] == "Solo"
