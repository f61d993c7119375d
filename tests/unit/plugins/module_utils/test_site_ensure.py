"""tableau_site's logic against the emulator: found without case, switched to before writes, check mode."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.site import SETTING_NAMES, SiteResource, ensure_absent, ensure_present, site_info

from .conftest import writes


def site(content_url=None, name=None, **settings):
    params = dict((option, None) for option in SETTING_NAMES)
    params.update(content_url=content_url, name=name, state="present")
    params.update(settings)
    return params


def test_site_is_found_by_content_url_without_case(signed_in):
    emulator, client = signed_in
    emulator.log = []
    changed, returned, diff = ensure_present(SiteResource(client), site("FINANCE"))
    assert not changed and returned["site"]["content_url"] == "finance"
    assert writes(emulator) == []


def test_site_is_found_by_name_without_case(signed_in):
    emulator, client = signed_in
    changed, returned, dummy = ensure_present(SiteResource(client), site(name="FINANCE"))
    assert not changed and returned["site"]["name"] == "Finance"


def test_update_of_another_site_switches_the_session_there_first(signed_in):
    emulator, client = signed_in
    emulator.log = []
    changed, returned, diff = ensure_present(SiteResource(client), site("finance", "Finance", user_quota=5))
    assert changed and returned["site"]["user_quota"] == 5
    assert diff["before"]["user_quota"] is None and diff["after"]["user_quota"] == 5
    assert [path.split("/")[-1] for method, path in writes(emulator)] == ["switchSite", returned["site"]["id"]]
    assert client.site == "finance"


def test_renaming_the_content_url_follows_the_session(signed_in):
    emulator, client = signed_in
    ensure_present(SiteResource(client), site("finance", "Finance"))
    changed, returned, dummy = ensure_present(SiteResource(client), site(name="Finance", content_url=None))
    assert not changed
    sites = SiteResource(client)
    sites.update(sites.find("finance"), {"content_url": "money"})
    assert client.site == "money"


def test_check_mode_sends_no_writes(signed_in):
    emulator, client = signed_in
    emulator.log = []
    checking = SiteResource(client, check_mode=True)
    changed, returned, diff = ensure_present(checking, site("new", "New", revision_limit=10))
    assert changed and returned["site"]["id"] is None and returned["site"]["site_state"] == "Active"
    assert ensure_present(checking, site("finance", "Finance", user_quota=5))[0]
    assert ensure_absent(checking, site("finance"))[0]
    assert writes(emulator) == [] and client.site == ""


def test_delete_switches_there_and_forgets_the_ended_session(signed_in):
    emulator, client = signed_in
    changed, returned, diff = ensure_absent(SiteResource(client), site("Finance"))
    assert changed and returned == {"site": {}} and diff["before"]["content_url"] == "finance"
    assert client.token is None


def test_the_default_site_cannot_be_deleted(signed_in):
    with pytest.raises(TableauValidationError, match="Default site cannot be deleted"):
        ensure_absent(SiteResource(signed_in[1]), site(""))


def test_info_matches_without_case_and_marks_the_current_site(signed_in):
    emulator, client = signed_in
    changed, returned, dummy = site_info(SiteResource(client), dict(content_url=None, name="finance", current_only=False))
    assert not changed and returned["listed_all"]
    assert [(s["content_url"], s["current"]) for s in returned["sites"]] == [("finance", False)]


def test_data_alerts_converge_whichever_spelling_the_server_answers(signed_in):
    # Real servers answer isDataAlertsEnabled, the schema spells it dataAlertsEnabled.
    emulator, client = signed_in
    first, dummy, dummy_diff = ensure_present(SiteResource(client), site("finance", data_alerts_enabled=False))
    emulator.log = []
    second, returned, dummy_diff = ensure_present(SiteResource(client), site("finance", data_alerts_enabled=False))
    assert first and not second
    assert returned["site"]["data_alerts_enabled"] is False
    assert writes(emulator) == []
