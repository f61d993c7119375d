"""tableau_user's logic against the emulator: names without case, check mode by construction, one listing."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource, ensure_user, ensure_users, user_info

from .conftest import api_requests, writes


def one(name, **options):
    params = dict(name=name, site_role=None, auth_setting=None, full_name=None, email=None, user_password=None,
                  idp_configuration_id=None, update_password="on_create", map_assets_to=None, users=None,
                  purge=False, exclude=[], state="present")
    params.update(options)
    return params


def many(users, **options):
    return one(None, users=users, **options)


def add(client, name, role="Viewer"):
    return ensure_user(UserResource(client), one(name, site_role=role))[1]["user"]


def test_absent_user_matches_name_without_case(signed_in):
    emulator, client = signed_in
    add(client, "alice")
    changed, returned, diff = ensure_user(UserResource(client), one("Alice", state="absent"))
    assert changed and returned == {"user": {}}
    assert diff["before"]["name"] == "alice" and diff["after"] == {}
    assert ensure_user(UserResource(client), one("ALICE", state="absent"))[0] is False


def test_present_user_in_another_case_is_not_added_again(signed_in):
    emulator, client = signed_in
    add(client, "alice")
    emulator.log = []
    changed, returned, dummy = ensure_user(UserResource(client), one("ALICE", site_role="Viewer"))
    assert not changed and returned["user"]["name"] == "alice"
    assert writes(emulator) == []


def test_check_mode_sends_no_writes_and_predicts_the_user(signed_in):
    emulator, client = signed_in
    emulator.log = []
    changed, returned, diff = ensure_user(UserResource(client, check_mode=True),
                                          one("carol", site_role="Creator", email="c@example.com", user_password="pw"))
    assert changed and writes(emulator) == []
    user = returned["user"]
    assert user["id"] is None and user["site_role"] == "Creator" and user["email"] == "c@example.com"
    assert user["auth_setting"] == "ServerDefault" and "password" not in user
    assert diff == {"before": {}, "after": dict((k, user[k]) for k in diff["after"])}


def test_add_sends_the_rest_in_an_update_and_never_returns_the_password(signed_in):
    emulator, client = signed_in
    emulator.log = []
    changed, returned, dummy = ensure_user(UserResource(client),
                                           one("dave", site_role="Explorer", full_name="Dave", user_password="pw"))
    assert changed and returned["user"]["full_name"] == "Dave" and returned["user"]["id"]
    assert [m for m, p in writes(emulator)] == ["POST", "PUT"]
    assert "password" not in returned["user"]


def test_second_run_reports_no_change(signed_in):
    emulator, client = signed_in
    params = one("erin", site_role="Viewer", email="e@example.com")
    assert ensure_user(UserResource(client), params)[0]
    changed, returned, diff = ensure_user(UserResource(client), params)
    assert not changed and diff["before"] == diff["after"]


def test_map_assets_to_is_found_without_case_and_checked_before_any_write(signed_in):
    emulator, client = signed_in
    add(client, "bob")
    add(client, "Heir")
    emulator.log = []
    with pytest.raises(TableauValidationError, match="map_assets_to user 'nobody'"):
        ensure_user(UserResource(client), one("bob", state="absent", map_assets_to="nobody"))
    assert writes(emulator) == []
    assert ensure_user(UserResource(client), one("BOB", state="absent", map_assets_to="heir"))[0]


def test_removing_a_user_who_owns_content_points_to_map_assets_to(signed_in):
    emulator, client = signed_in
    bob = add(client, "bob", role="Creator")
    client.post("/projects", b'<tsRequest><project name="Bobs"/></tsRequest>')
    project = [p for p in client.paginate("/projects", "project") if p.get("name") == "Bobs"][0]
    client.put("/projects/%s" % project.get("id"),
               ('<tsRequest><project><owner id="%s"/></project></tsRequest>' % bob["id"]).encode())
    with pytest.raises(TableauApiError) as caught:
        ensure_user(UserResource(client), one("bob", state="absent"))
    assert caught.value.code == "409003" and "map_assets_to" in caught.value.fail_json_kwargs()["msg"]


def test_signed_in_user_cannot_remove_themselves(signed_in):
    with pytest.raises(TableauValidationError, match="cannot remove themselves"):
        ensure_user(UserResource(signed_in[1]), one("ADMIN", state="absent"))


def test_purge_needs_the_list():
    with pytest.raises(TableauValidationError, match="purge needs users"):
        ensure_user(UserResource(None), one("x", purge=True))


def test_list_form_converges_with_one_listing_and_reports_names(signed_in):
    emulator, client = signed_in
    add(client, "alice", role="Explorer")
    add(client, "zed")
    emulator.log = []
    changed, returned, diff = ensure_users(UserResource(client), many(
        [{"name": "ALICE", "site_role": "Creator"}, {"name": "bob", "site_role": "Viewer"}], purge=True))
    assert changed
    assert returned["added"] == ["bob"] and returned["updated"] == ["alice"] and returned["removed"] == ["zed"]
    assert [u["name"] for u in returned["users"]] == ["alice", "bob"]
    assert [r["method"] for r in api_requests(emulator)].count("GET") == 1
    assert set(diff["before"]) == {"alice", "zed"} and set(diff["after"]) == {"alice", "bob"}


def test_list_form_check_mode_sends_no_writes(signed_in):
    emulator, client = signed_in
    add(client, "zed")
    emulator.log = []
    changed, returned, dummy = ensure_users(UserResource(client, check_mode=True), many(
        [{"name": "bob", "site_role": "Viewer"}], purge=True))
    assert changed and returned["added"] == ["bob"] and returned["removed"] == ["zed"]
    assert writes(emulator) == []


def test_info_finds_a_name_spelled_in_another_case(signed_in):
    emulator, client = signed_in
    add(client, "alice")
    changed, returned, diff = user_info(UserResource(client), dict(name="ALICE", site_roles=None, last_login_after=None,
                                                                   last_login_before=None, include_groups=True))
    assert not changed and [u["name"] for u in returned["users"]] == ["alice"]
    assert returned["users"][0]["groups"] == ["All Users"]


def test_info_refuses_a_time_that_is_not_utc():
    with pytest.raises(TableauValidationError, match="UTC time"):
        user_info(UserResource(None), dict(name=None, site_roles=None, last_login_after="yesterday",
                                           last_login_before=None, include_groups=False))


def test_names_the_filter_finds_cost_one_filtered_listing(signed_in):
    emulator, client = signed_in
    add(client, "alice")
    add(client, "bob")
    emulator.log = []
    found = UserResource(client).find_by_names(["alice", "bob"])
    assert sorted(found) == ["alice", "bob"]
    assert ["filter=" in r["query"] for r in api_requests(emulator)] == [True]


def test_a_name_the_filter_misses_is_looked_for_in_one_full_listing(signed_in):
    emulator, client = signed_in
    add(client, "alice")
    emulator.log = []
    found = UserResource(client).find_by_names(["ALICE", "nobody"])
    assert [u["name"] for u in found.values()] == ["alice"]
    assert ["filter=" in r["query"] for r in api_requests(emulator)] == [True, False]
