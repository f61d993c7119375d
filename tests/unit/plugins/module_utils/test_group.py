"""The group resource: members planning, payloads and comparison."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import xml.etree.ElementTree as ET

from ansible_collections.tableau.server.plugins.module_utils.group import (
    changes,
    group_element,
    group_from_xml,
    plan_members,
)
from ansible_collections.tableau.server.plugins.module_utils.xmlio import parse

NS = "http://tableau.com/api"


def test_members_are_only_added_without_purge():
    assert plan_members(["alice", "bob"], ["bob", "carol"], purge=False) == (["carol"], [])


def test_purge_makes_members_exactly_the_list():
    assert plan_members(["alice", "bob"], ["bob", "carol"], purge=True) == (["carol"], ["alice"])


def test_member_names_compare_without_regard_to_case():
    assert plan_members(["Alice"], ["alice"], purge=True) == ([], [])


def test_changes_leave_unset_options_alone():
    current = {"name": "Sales", "domain": "example.com", "minimum_site_role": "Viewer", "grant_license_mode": "onSync"}
    assert changes(current, {"name": "Sales", "minimum_site_role": None, "grant_license_mode": "onLogin"}) == \
        {"grant_license_mode": "onLogin"}


def test_local_group_payload_carries_the_role_as_an_attribute():
    el = group_element({"name": "Analysts", "domain": "local", "minimum_site_role": "Explorer"})
    assert el.attrib == {"name": "Analysts", "minimumSiteRole": "Explorer"}
    assert el.find("import") is None


def test_imported_group_payload_carries_the_whole_import_directive():
    el = group_element({"name": "Sales", "domain": "example.com", "minimum_site_role": "Viewer",
                        "grant_license_mode": "onLogin"})
    assert el.attrib == {"name": "Sales"}
    assert el.find("import").attrib == {"source": "ActiveDirectory", "domainName": "example.com",
                                        "siteRole": "Viewer", "grantLicenseMode": "onLogin"}


def test_group_from_xml_reads_import_and_user_count():
    body = ('<tsResponse xmlns="%s"><group id="g1" name="Sales" userCount="3"><domain name="example.com"/>'
            '<import source="ActiveDirectory" domainName="example.com" siteRole="Viewer" grantLicenseMode="onSync"/>'
            '</group></tsResponse>' % NS).encode()
    group = group_from_xml(parse(body).find("{%s}group" % NS))
    assert group == {"id": "g1", "name": "Sales", "domain": "example.com", "minimum_site_role": "Viewer",
                     "grant_license_mode": "onSync", "user_count": 3}
    assert ET.iselement(group_element(group))
