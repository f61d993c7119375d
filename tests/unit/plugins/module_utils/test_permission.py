"""Permissions: the capability table, the grammar of grants, and the plan of deletes and adds."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError, TableauVersionError
from ansible_collections.tableau.server.plugins.module_utils.permission import (
    ALLOW,
    CONTENT_TYPES,
    DENY,
    by_mode,
    check_specs,
    parse_grant,
    plan,
    rules_element,
    rules_from_xml,
    specs_of,
)
from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.client import version_tuple


class Version(object):
    """What the permission checks ask of a client: its REST API version."""

    def __init__(self, api_version):
        self.api_version = api_version

    def supports(self, version):
        return version_tuple(self.api_version) >= version_tuple(version)

    def require_version(self, version, feature):
        if not self.supports(version):
            raise TableauVersionError("%s needs %s" % (feature, version))


NEW = Version("3.25")
G = ("group", "g1")
U = ("user", "u1")


def test_templates_build_on_each_other_and_administer_is_everything():
    workbook = CONTENT_TYPES["workbook"]
    view, explore, publish = (set(workbook.template(t, NEW)) for t in ("View", "Explore", "Publish"))
    assert view < explore < publish < set(workbook.template("Administer", NEW)) == set(workbook.capabilities)
    assert set(workbook.template("view", NEW).values()) == {ALLOW}
    assert set(workbook.template("Denied", NEW).values()) == {DENY}
    assert CONTENT_TYPES["project"].template("Publish", NEW) == {"Read": ALLOW, "Write": ALLOW}


def test_capabilities_newer_than_the_server_are_left_out_of_templates_and_refused_by_name():
    old = Version("3.10")
    datasource = CONTENT_TYPES["datasource"]
    assert "ExtractRefresh" not in datasource.template("Administer", old)
    with pytest.raises(TableauVersionError):
        datasource.capability("ExtractRefresh", old)
    assert datasource.capability("extractrefresh", NEW) == "ExtractRefresh"


def test_unknown_capability_names_the_valid_ones():
    with pytest.raises(TableauValidationError) as failure:
        CONTENT_TYPES["project"].capability("ExportData", NEW)
    assert "ProjectLeader" in failure.value.hint and "Read" in failure.value.hint


def test_unknown_template_lists_the_templates():
    with pytest.raises(TableauValidationError) as failure:
        CONTENT_TYPES["project"].template("Explore", NEW)
    assert "Publish" in failure.value.hint


def test_a_grant_names_one_grantee_and_known_keys_with_valid_modes():
    workbook = CONTENT_TYPES["workbook"]
    with pytest.raises(TableauValidationError):
        parse_grant({"group": "a", "user": "b", "template": "View"}, workbook, NEW, "present")
    with pytest.raises(TableauValidationError):
        parse_grant({"group": "a", "capabilities": {"Read": "Maybe"}}, workbook, NEW, "present")
    with pytest.raises(TableauValidationError):
        parse_grant({"group": "a", "role": "View"}, workbook, NEW, "present")
    with pytest.raises(TableauValidationError):
        parse_grant({"group": "a"}, workbook, NEW, "present")
    kind, name, domain, caps = parse_grant({"group": "a", "template": "View", "capabilities": {"exportdata": "deny"}},
                                           workbook, NEW, "present")
    assert (kind, name, domain) == ("group", "a", "local")
    assert caps["ExportData"] == DENY and caps["Read"] == ALLOW
    assert parse_grant({"user": "bob"}, workbook, NEW, "absent")[3] is None


def test_options_are_checked_before_sign_in():
    specs, listed = specs_of({"content_type": "view", "project": "P", "name": "V", "workbook": None,
                              "grants": [], "purge": "none", "state": "present", "permissions": None})
    assert not listed
    with pytest.raises(TableauValidationError):
        list(check_specs(specs, False))
    specs, listed = specs_of({"content_type": "workbook", "project": "P", "name": None, "workbook": None,
                              "grants": [{"group": "a", "template": "View"}], "purge": "none", "state": "present",
                              "permissions": [{"name": "W1"}, {"name": "W2", "grants": [
                                  {"group": "a", "template": "View"}, {"group": "A", "template": "Explore"}]}]})
    assert listed and specs[0]["grants"] == [{"group": "a", "template": "View"}]
    with pytest.raises(TableauValidationError) as twice:
        list(check_specs(specs, False))
    assert "twice" in twice.value.msg
    with pytest.raises(TableauValidationError):
        list(check_specs([{"content_type": "view", "project": "P", "name": "V", "workbook": "W",
                           "grants": [], "purge": "all", "state": "absent"}], False))


def test_plan_without_purge_adds_and_flips_only_what_is_listed():
    current = {G: {"Read": ALLOW, "ExportData": ALLOW}, U: {"Read": ALLOW}}
    deletes, adds, after = plan(current, {G: {"Read": ALLOW, "ExportData": DENY, "Filter": ALLOW}}, "present", "none")
    assert deletes == {G: {"ExportData": ALLOW}}
    assert adds == {G: {"ExportData": DENY, "Filter": ALLOW}}
    assert after == {G: {"Read": ALLOW, "ExportData": DENY, "Filter": ALLOW}, U: {"Read": ALLOW}}


def test_plan_with_purge_listed_and_all():
    current = {G: {"Read": ALLOW, "ExportData": ALLOW}, U: {"Read": ALLOW}}
    deletes, adds, after = plan(current, {G: {"Read": ALLOW}}, "present", "listed")
    assert deletes == {G: {"ExportData": ALLOW}} and adds == {} and after == {G: {"Read": ALLOW}, U: {"Read": ALLOW}}
    deletes, adds, after = plan(current, {G: {"Read": ALLOW}}, "present", "all")
    assert deletes == {G: {"ExportData": ALLOW}, U: {"Read": ALLOW}} and after == {G: {"Read": ALLOW}}


def test_plan_of_a_converged_item_is_empty():
    current = {G: {"Read": ALLOW}}
    assert plan(current, {G: {"Read": ALLOW}}, "present", "all") == ({}, {}, current)


def test_plan_absent_removes_listed_capabilities_in_any_mode_or_the_whole_grantee():
    current = {G: {"Read": ALLOW, "ExportData": DENY}, U: {"Read": ALLOW}}
    deletes, adds, after = plan(current, {G: {"ExportData": ALLOW}, U: None}, "absent", "none")
    assert deletes == {G: {"ExportData": DENY}, U: {"Read": ALLOW}} and adds == {}
    assert after == {G: {"Read": ALLOW}}


def test_rules_go_to_xml_and_back():
    rules = {G: {"Read": ALLOW, "Write": DENY}, U: {"Read": ALLOW}}
    request = xmlio.ts_request(rules_element(rules))
    request = request.decode() if isinstance(request, bytes) else request
    answer = request.replace("<tsRequest>", '<tsResponse xmlns="%s">' % xmlio.NS).replace("</tsRequest>", "</tsResponse>")
    assert rules_from_xml(xmlio.parse(answer)) == rules
    assert by_mode(rules, DENY) == {G: {"Write": DENY}}
