"""Webhooks through the resource base, against the emulator: find by name without case, predict, write once."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError, TableauVersionError
from ansible_collections.tableau.server.plugins.module_utils.webhook import (
    WebhookResource,
    ensure_absent,
    ensure_present,
    event_from_source,
    source_element_name,
)

ADMIN = {"token_name": "automation", "token_secret": "automation-secret"}
WANTED = {"name": "Refresh-Failures", "event": "DatasourceRefreshFailed",
          "destination_url": "https://hooks.example.com/x", "enabled": None, "test": False}


def signed_in(emulator, **kwargs):
    return TableauClient(emulator.url, auth=ADMIN, **kwargs).sign_in()


def writes(emulator):
    return [r for r in emulator.emulator.log if r["method"] in ("POST", "PUT", "DELETE")
            and "/auth/" not in r["path"]]


def test_event_names_and_source_elements_map_both_ways():
    assert source_element_name("WorkbookRefreshFailed") == "webhook-source-event-workbook-refresh-failed"
    assert event_from_source("webhook-source-event-datasource-created") == "DatasourceCreated"


def test_check_mode_predicts_the_create_and_sends_no_writes(emulator):
    client = signed_in(emulator)
    changed, returned, diff = ensure_present(WebhookResource(client, check_mode=True), WANTED)
    assert changed and returned["webhook"]["id"] is None and returned["webhook"]["enabled"] is True
    assert diff["before"] == {} and diff["after"]["event"] == "DatasourceRefreshFailed"
    assert writes(emulator) == []
    client.sign_out()


def test_second_run_matches_the_name_without_case_and_reports_no_change(emulator):
    client = signed_in(emulator)
    webhooks = WebhookResource(client)
    first = ensure_present(webhooks, WANTED)
    second = ensure_present(webhooks, dict(WANTED, name="refresh-failures"))
    assert first[0] and not second[0]
    assert second[1]["webhook"]["id"] == first[1]["webhook"]["id"]
    assert len([w for w in writes(emulator) if w["method"] == "POST"]) == 1
    changed, _returned, diff = ensure_absent(webhooks, {"name": "REFRESH-FAILURES"})
    assert changed and diff["before"]["name"] == "Refresh-Failures" and diff["after"] == {}
    assert webhooks.list() == []
    client.sign_out()


def test_plain_http_destination_is_refused_before_any_request(emulator):
    client = signed_in(emulator)
    with pytest.raises(TableauValidationError):
        ensure_present(WebhookResource(client), dict(WANTED, destination_url="http://hooks.example.com/x"))
    assert writes(emulator) == []
    client.sign_out()


def test_webhooks_need_api_3_6(emulator):
    client = TableauClient(emulator.url, auth={"username": "admin", "password": "admin"}, api_version="3.5").sign_in()
    with pytest.raises(TableauVersionError):
        WebhookResource(client)
    client.sign_out()
