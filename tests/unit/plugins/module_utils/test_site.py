"""The site resource: the settings table, payloads, comparison and the rules checked before any write."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.site import (
    SITE_SETTINGS,
    changes,
    settings_spec,
    site_element,
    site_from_xml,
    validate_settings,
)
from ansible_collections.tableau.server.plugins.module_utils.xmlio import parse

NS = "http://tableau.com/api"


def test_every_setting_becomes_an_option():
    spec = settings_spec()
    assert set(spec) == set(field.name for field in SITE_SETTINGS)
    assert spec["admin_mode"] == {"type": "str", "choices": ["ContentAndUsers", "ContentOnly"]}
    assert spec["user_quota"] == {"type": "int"}


def test_payload_sends_only_what_was_set():
    el = site_element({"name": "Marketing", "site_state": "Suspended", "revision_limit": 10,
                       "commenting_enabled": False})
    assert el.attrib == {"name": "Marketing", "state": "Suspended", "revisionLimit": "10", "commentingEnabled": "false"}


def test_site_from_xml_types_the_settings():
    body = ('<tsResponse xmlns="%s"><site id="s1" name="Finance" contentUrl="finance" adminMode="ContentOnly" '
            'state="Active" userQuota="" storageQuota="100" revisionLimit="25" disableSubscriptions="true"/>'
            '</tsResponse>' % NS).encode()
    site = site_from_xml(parse(body).find("{%s}site" % NS))
    assert site["content_url"] == "finance"
    assert site["user_quota"] is None
    assert site["storage_quota"] == 100
    assert site["disable_subscriptions"] is True
    assert site["commenting_enabled"] is None


def test_changes_leave_unset_settings_alone():
    current = {"name": "Finance", "revision_limit": 25, "disable_subscriptions": False}
    assert changes(current, {"name": "Finance", "revision_limit": None, "disable_subscriptions": True}) == \
        {"disable_subscriptions": True}


def test_false_is_a_change_not_an_unset_option():
    assert changes({"commenting_enabled": True}, {"commenting_enabled": False}) == {"commenting_enabled": False}


@pytest.mark.parametrize("fields, message", [
    ({"admin_mode": "ContentOnly", "user_quota": 5}, "ContentOnly"),
    ({"revision_limit": 1}, "revision_limit"),
    ({"revision_limit": 10001}, "revision_limit"),
    ({"storage_quota": -1}, "storage_quota"),
])
def test_rules_the_server_enforces_fail_before_any_write(fields, message):
    with pytest.raises(TableauValidationError, match=message):
        validate_settings(fields)


@pytest.mark.parametrize("fields", [{"revision_limit": -1}, {"revision_limit": 2}, {"admin_mode": "ContentOnly"}])
def test_valid_settings_pass(fields):
    validate_settings(fields)
