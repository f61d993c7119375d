"""Flows: their payloads, the options refused before any request, and the ensure functions against the emulator
(publish by fingerprint, description by publishing, runs waited for, queued runs not doubled, version gates)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauJobError,
    TableauValidationError,
    TableauVersionError,
)
from ansible_collections.tableau.server.plugins.module_utils.flow import FlowResource, converge, flow_run_from_xml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator", "test"))
import samples  # noqa: E402  pylint: disable=wrong-import-position,wrong-import-order

MUTATING = ("POST", "PUT", "PATCH", "DELETE")


def emulated(emu, check_mode=False, api_version=None):
    client = TableauClient(emu.url, auth={"username": "admin", "password": "admin"}, api_version=api_version,
                           backoff_factor=0).sign_in()
    return FlowResource(client, check_mode)


def writes(emu):
    return [(e["method"], e["path"]) for e in emu.emulator.log
            if e["method"] in MUTATING and not e["path"].endswith(("/auth/signin", "/auth/signout"))]


def desired(path, **values):
    base = dict(name="Cleanup", project="Default", file=path, publish_mode="auto", force=False, tags=None,
                purge_tags=True, as_job=False, wait_timeout=30, connections=None, update_password="on_create",
                description=None, credentials=None, owner=None, state="present", run_mode="full", wait=True,
                include_extract=True)
    base.update(values)
    return base


@pytest.fixture
def tflx(tmp_path):
    return samples.write_tflx(str(tmp_path / "cleanup.tflx"))


# ------------------------------------------------------------------------------------------ payloads and options

def test_publish_payload_puts_credentials_on_their_connection():
    el = FlowResource(None).publish_element(
        {"name": "Cleanup", "description": "Cleans", "credentials": {
            "username": "svc", "password": "pw", "embed": True, "server_address": "db.example.com",
            "server_port": 5432}}, "project-id", None)
    body = xmlio.ts_request(el).decode("utf-8")
    assert '<flow name="Cleanup" description="Cleans"><project id="project-id" />' in body
    assert '<connections><connection serverAddress="db.example.com" serverPort="5432">' in body
    assert '<connectionCredentials name="svc" password="pw" embed="true" />' in body


@pytest.mark.parametrize("params,words", [
    ({"as_job": True}, "no background-job mode"),
    ({"state": "downloaded", "include_extract": False}, "no includeExtract"),
    ({"credentials": {"username": "svc", "password": "pw"}}, "credentials needs server_address"),
])
def test_options_a_flow_cannot_take_are_refused(params, words):
    with pytest.raises(TableauValidationError, match=words):
        FlowResource.check_options(dict({"state": "present"}, **params))


def test_a_flow_run_is_read_with_its_job():
    el = xmlio.parse(b'<tsResponse xmlns="http://tableau.com/api"><flowRun id="r" flowId="f" status="Success" '
                     b'progress="100" startedAt="2026-01-01T00:00:00Z" completedAt="2026-01-01T00:01:00Z" '
                     b'backgroundJobId="j"/></tsResponse>')
    assert flow_run_from_xml(xmlio.find(el, "flowRun")) == {
        "id": "r", "flow_id": "f", "status": "Success", "progress": 100, "started_at": "2026-01-01T00:00:00Z",
        "completed_at": "2026-01-01T00:01:00Z", "job_id": "j"}


def test_the_shared_fields_flows_lack_are_left_out():
    assert not set(("content_url", "size_mb", "has_extracts")) & set(FlowResource.table.names())
    assert "file_type" in FlowResource.table.names()


# ------------------------------------------------------------------------------------------ against the emulator

def test_check_mode_publish_predicts_and_sends_no_writes(emulator, tflx):
    changed, returned, diff = converge(emulated(emulator, check_mode=True), desired(tflx, tags=["prep"]))
    assert changed and returned["publish_action"] == "CreateNew"
    assert returned["flow"]["id"] is None and returned["flow"]["tags"] == ["prep"]
    assert diff["after"]["owner"] == "admin" and diff["before"] == {}
    assert writes(emulator) == []


def test_second_run_reports_no_change_and_a_description_republishes(emulator, tflx):
    flows = emulated(emulator)
    converge(flows, desired(tflx, description="Cleans"))
    del emulator.emulator.log[:]
    changed, returned, dummy = converge(flows, desired(tflx, description="Cleans"))
    assert not changed and writes(emulator) == []

    changed, returned, diff = converge(flows, desired(tflx, description="Cleans and dedupes"))
    assert changed and returned["publish_action"] == "Overwrite"
    assert (diff["before"]["description"], diff["after"]["description"]) == ("Cleans", "Cleans and dedupes")
    assert [w for w in writes(emulator) if w[0] == "PUT" and w[1].endswith(returned["flow"]["id"])] == []


def test_create_new_refuses_a_description_before_any_write(emulator, tflx):
    flows = emulated(emulator)
    converge(flows, desired(tflx))
    del emulator.emulator.log[:]
    with pytest.raises(TableauValidationError, match="only a publish can change"):
        converge(flows, desired(tflx, publish_mode="create_new", description="New", tags=["x"]))
    assert writes(emulator) == []


def test_publishing_needs_flow_tags_before_any_write(emulator, tflx):
    flows = emulated(emulator, api_version="3.8")
    del emulator.emulator.log[:]
    with pytest.raises(TableauVersionError, match="3.9"):
        converge(flows, desired(tflx))
    assert writes(emulator) == []


def test_a_run_is_waited_for_and_read_back(emulator, tflx):
    emulator.emulator.state.server["job_seconds"] = 0.1
    flows = emulated(emulator)
    converge(flows, desired(tflx))
    changed, returned, diff = converge(flows, desired(tflx, state="run"))
    assert changed and returned["flow_run"]["status"] == "Success"
    assert returned["flow_run"]["id"] == returned["flow_run_id"]
    assert diff["after"]["run_status"] == "Success"
    [run] = flows.runs(returned["flow"])
    assert run["job_id"] == returned["job_id"]


def test_a_queued_run_is_a_warning_not_a_change(emulator, tflx):
    emulator.emulator.state.server["job_seconds"] = 30
    flows = emulated(emulator)
    converge(flows, desired(tflx))
    started = converge(flows, desired(tflx, state="run", wait=False))
    changed, returned, dummy = converge(flows, desired(tflx, state="run", wait=False))
    assert started[0] and started[1]["flow_run"]["status"] in ("Pending", "InProgress")
    assert not changed and returned["job_id"] is None
    assert "already queued" in returned["warnings"][0]


def test_a_failed_run_fails_with_the_jobs_notes(emulator, tflx):
    emulator.emulator.state.server.update(job_seconds=0.1, fail_jobs=["Cleanup"])
    flows = emulated(emulator)
    converge(flows, desired(tflx))
    with pytest.raises(TableauJobError, match="RunFlow job .* failed"):
        converge(flows, desired(tflx, state="run"))


def test_check_mode_run_and_an_old_incremental_run_send_no_writes(emulator, tflx):
    converge(emulated(emulator), desired(tflx))
    del emulator.emulator.log[:]
    changed, returned, dummy = converge(emulated(emulator, check_mode=True), desired(tflx, state="run"))
    assert changed and returned["job_id"] is None
    with pytest.raises(TableauVersionError, match="3.14"):
        converge(emulated(emulator, api_version="3.13"), desired(tflx, state="run", run_mode="incremental"))
    assert writes(emulator) == []


def test_an_incremental_run_sends_its_run_spec(emulator, tflx):
    emulator.emulator.state.server["job_seconds"] = 0
    flows = emulated(emulator)
    converge(flows, desired(tflx))
    changed, returned, dummy = converge(flows, desired(tflx, state="run", run_mode="incremental"))
    site = emulator.emulator.state.site_by_content_url("")
    assert changed and site.flow_runs[returned["flow_run_id"]]["runMode"] == "incremental"
