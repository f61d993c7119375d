"""tableau_user's bulk_import: the CSV and payload of Import Users to Site from CSV, when the import is used,
and that its results, diff and check mode are those of the one-by-one path."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import csv
import io
from xml.etree import ElementTree

import pytest

from ansible_collections.tableau.server.plugins.module_utils import user as user_utils
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauJobError, TableauVersionError, scrub
from ansible_collections.tableau.server.plugins.module_utils.user import (
    BULK_IMPORT_THRESHOLD,
    CSV_ROLE_COLUMNS,
    SITE_ROLES,
    UserResource,
    ensure_users,
    import_csv,
    import_payload,
    import_problem,
    split_adds,
)

from .conftest import api_requests, writes

IMPORT_PATH = "/users/import"


def params(users, **options):
    values = dict(name=None, site_role=None, auth_setting=None, full_name=None, email=None, user_password=None,
                  idp_configuration_id=None, update_password="on_create", map_assets_to=None, users=users,
                  purge=False, exclude=[], state="present", bulk_import="auto")
    values.update(options)
    return values


def item(name, site_role="Viewer", **fields):
    values = dict(name=name, site_role=site_role, auth_setting=None, full_name=None, email=None, user_password=None,
                  idp_configuration_id=None, state="present")
    values.update(fields)
    return values


def people(count, prefix="u"):
    roles = sorted(SITE_ROLES)
    return [item("%s%03d" % (prefix, n), roles[n % len(roles)], full_name="User %d" % n, email="%s%d@example.com"
                 % (prefix, n), user_password="pw-%d" % n) for n in range(count)]


def rows(data):
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


# ------------------------------------------------------------------------------------------ the file and payload

@pytest.mark.parametrize("role, columns", [
    ("Creator", ("Creator", "", "yes")),
    ("Explorer", ("Explorer", "", "no")),
    ("ExplorerCanPublish", ("Explorer", "", "yes")),
    ("SiteAdministratorCreator", ("Creator", "Site", "yes")),
    ("SiteAdministratorExplorer", ("Explorer", "Site", "yes")),
    ("Viewer", ("Viewer", "", "no")),
    ("Unlicensed", ("Unlicensed", "", "no")),
])
def test_each_site_role_is_a_license_level_an_admin_level_and_a_publishing_capability(role, columns):
    assert CSV_ROLE_COLUMNS[role] == columns
    [row] = rows(import_csv([dict(name="ann", site_role=role)]))
    assert tuple(row[3:6]) == columns


def test_every_role_tableau_user_takes_has_its_columns():
    assert sorted(CSV_ROLE_COLUMNS) == sorted(SITE_ROLES)


def test_the_file_has_seven_columns_no_header_and_quotes_what_needs_it():
    data = import_csv([dict(name="ann", site_role="Viewer", password='p"a,ss', full_name="Ann, the First",
                            email="ann@example.com"), dict(name="bob", site_role="Creator")])
    assert rows(data) == [["ann", 'p"a,ss', "Ann, the First", "Viewer", "", "no", "ann@example.com"],
                          ["bob", "", "", "Creator", "", "yes", ""]]
    assert b'"p""a,ss"' in data


def test_the_payload_names_each_user_with_how_they_sign_in():
    root = ElementTree.fromstring(import_payload([dict(name="ann"), dict(name="bob", auth_setting="SAML"),
                                                  dict(name="cat", idp_configuration_id="idp-1")]))
    assert [(u.get("name"), u.get("authSetting"), u.get("idpConfigurationId")) for u in root.findall("user")] == [
        ("ann", "ServerDefault", None), ("bob", "SAML", None), ("cat", None, "idp-1")]


def test_a_password_quoted_for_csv_is_scrubbed_too():
    assert scrub('line 1: "p""a,ss" refused', ['p"a,ss']) == 'line 1: "********" refused'


@pytest.mark.parametrize("fields, why", [
    (dict(name="dom\\ann"), "backslash"),
    (dict(name="a@b@example.com"), "more than one @"),
    (dict(name="ann", auth_setting="SAML", idp_configuration_id="x"), "both"),
    (dict(name="ann", full_name="two\nlines"), "spans lines"),
])
def test_what_the_file_cannot_carry_is_named(fields, why):
    assert why in import_problem(fields)


def test_an_email_address_as_user_name_goes_in_the_file():
    assert import_problem(dict(name="ann@example.com", email="ann@example.com")) is None


# ------------------------------------------------------------------------------------------ when it is used

class FakeClient(object):
    def __init__(self, version):
        self.api_version = version

    def supports(self, version):
        return tuple(map(int, self.api_version.split("."))) >= tuple(map(int, version.split(".")))

    def require_version(self, version, feature):
        if not self.supports(version):
            raise TableauVersionError("%s needs %s" % (feature, version))


def adds(count):
    return [dict(name="u%d" % n, site_role="Viewer") for n in range(count)]


def test_auto_imports_from_the_threshold_on_and_only_on_servers_that_have_it():
    users = UserResource(FakeClient("3.15"))
    assert split_adds(users, adds(BULK_IMPORT_THRESHOLD - 1), "auto") == ([], adds(BULK_IMPORT_THRESHOLD - 1))
    assert split_adds(users, adds(BULK_IMPORT_THRESHOLD), "auto") == (adds(BULK_IMPORT_THRESHOLD), [])
    assert split_adds(UserResource(FakeClient("3.14")), adds(60), "auto") == ([], adds(60))


def test_always_imports_one_user_and_refuses_an_old_server_in_check_mode_too():
    assert split_adds(UserResource(FakeClient("3.15")), adds(1), "always") == (adds(1), [])
    with pytest.raises(TableauVersionError):
        split_adds(UserResource(FakeClient("3.14"), check_mode=True), adds(1), "always")


def test_never_and_check_mode_add_one_by_one():
    assert split_adds(UserResource(FakeClient("3.29")), adds(60), "never") == ([], adds(60))
    assert split_adds(UserResource(FakeClient("3.29"), check_mode=True), adds(60), "always") == ([], adds(60))


def test_users_the_file_cannot_carry_are_added_one_by_one_beside_the_import():
    odd = dict(name="dom\\odd", site_role="Viewer")
    assert split_adds(UserResource(FakeClient("3.29")), adds(50) + [odd], "auto") == (adds(50), [odd])


# ------------------------------------------------------------------------------------------ against the emulator

def import_posts(emulator):
    return [p for m, p in writes(emulator) if p.endswith(IMPORT_PATH)]


def test_sixty_new_users_take_one_import_and_a_second_run_reports_no_change(signed_in):
    state, client = signed_in
    state.state.server["job_seconds"] = 0
    wanted = people(60)
    state.log = []
    changed, returned, diff = ensure_users(UserResource(client), params(wanted))
    assert changed
    assert len(import_posts(state)) == 1
    assert [m for m, p in writes(state)] == ["POST"]
    assert len(api_requests(state)) <= 6
    assert returned["added"] == [u["name"] for u in wanted]
    assert [u["name"] for u in returned["users"]] == [u["name"] for u in wanted]
    assert all(u["id"] for u in returned["users"])
    assert [u["site_role"] for u in returned["users"]] == [u["site_role"] for u in wanted]
    assert all("password" not in u for u in returned["users"])
    assert diff["before"] == {} and sorted(diff["after"]) == [u["name"] for u in wanted]
    assert diff["after"]["u000"] == dict((k, returned["users"][0][k]) for k in diff["after"]["u000"])
    state.log = []
    assert ensure_users(UserResource(client), params(wanted))[0] is False
    assert writes(state) == []


def test_the_result_and_diff_are_those_of_the_one_by_one_path(signed_in):
    state, client = signed_in
    state.state.server["job_seconds"] = 0
    imported = ensure_users(UserResource(client), params(people(3, "a"), bulk_import="always"))
    one_by_one = ensure_users(UserResource(client), params(people(3, "b"), bulk_import="never"))

    def without_names(result):
        changed, returned, diff = result
        users = [dict((k, v) for k, v in u.items() if k not in ("id", "name", "email", "full_name")) for u in returned["users"]]
        return changed, sorted(returned), users, diff["before"], [sorted(after) for after in diff["after"].values()]
    assert without_names(imported) == without_names(one_by_one)
    assert sorted(imported[1]["users"][0]) == sorted(one_by_one[1]["users"][0])


def test_check_mode_predicts_what_the_one_by_one_path_predicts_and_sends_nothing(signed_in):
    state, client = signed_in
    wanted = people(60)
    state.log = []
    auto = ensure_users(UserResource(client, check_mode=True), params(wanted, bulk_import="always"))
    never = ensure_users(UserResource(client, check_mode=True), params(wanted, bulk_import="never"))
    assert auto == never
    assert writes(state) == []


def test_skipped_users_fail_the_task_naming_them_and_what_was_added(signed_in, monkeypatch):
    state, client = signed_in
    state.state.server["job_seconds"] = 0
    wanted = people(3)
    # The CSV names one user with a license level the server refuses, as a server would for a bad line.
    real = user_utils.CSV_ROLE_COLUMNS
    monkeypatch.setattr(user_utils, "CSV_ROLE_COLUMNS", dict(real, Viewer=("Boss", "", "no")))
    wanted[0]["site_role"] = "Viewer"
    wanted[1]["site_role"] = wanted[2]["site_role"] = "Creator"
    with pytest.raises(TableauJobError) as caught:
        ensure_users(UserResource(client), params(wanted, bulk_import="always"))
    error = caught.value.fail_json_kwargs()
    assert "u000" in error["msg"] and "license level 'Boss'" in error["msg"]
    assert error["changed"] is True
    assert error["added"] == ["u001", "u002"] and error["not_added"] == ["u000"]
    assert error["job_id"]
    assert "pw-" not in str(error)


def test_a_job_that_fails_as_a_whole_names_every_user_and_adds_none(signed_in):
    state, client = signed_in
    state.state.server.update(job_seconds=0, fail_jobs=["CreateSiteUsersCsv"])
    with pytest.raises(TableauJobError) as caught:
        ensure_users(UserResource(client), params(people(2), bulk_import="always"))
    error = caught.value.fail_json_kwargs()
    assert error["changed"] is False and error["added"] == [] and error["not_added"] == ["u000", "u001"]
    assert "failed (finishCode 1)" in error["msg"]
