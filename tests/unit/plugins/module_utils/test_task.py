"""Extract-refresh and flow-run tasks through the resource layer, against the emulator: Server schedules and Cloud
frequencies, check mode without writes, second runs without change, diffs by names, runs that wait for their job."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import os
import sys

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauJobError,
    TableauValidationError,
    TableauVersionError,
)
from ansible_collections.tableau.server.plugins.module_utils.extract_refresh_task import ExtractRefreshTaskResource
from ansible_collections.tableau.server.plugins.module_utils.flow_task import FlowTaskResource
from ansible_collections.tableau.server.plugins.module_utils.frequency import frequency_argspec
from ansible_collections.tableau.server.plugins.module_utils.publishing import ensure_present as publish
from ansible_collections.tableau.server.plugins.module_utils.task import (
    ensure_absent,
    ensure_present,
    ensure_run,
    list_tasks,
)
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "emulator"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "emulator", "test"))
import samples  # noqa: E402  pylint: disable=wrong-import-position,wrong-import-order
from tableau_emulator.server import BackgroundEmulator  # noqa: E402  pylint: disable=wrong-import-position
from tableau_emulator.state import DEFAULT_SEED  # noqa: E402  pylint: disable=wrong-import-position

MUTATING = ("POST", "PUT", "PATCH", "DELETE")
TOKEN = {"token_name": "automation", "token_secret": "automation-secret"}


def seed(cloud=False):
    data = copy.deepcopy(DEFAULT_SEED)
    data["server"].update(cloud=cloud, job_seconds=0.05, rest_api_version="3.25")
    for site in data["sites"]:
        site["flows"] = [{"name": "Prepare Orders"}]
    return data


@pytest.fixture
def server():
    with BackgroundEmulator(seed=seed()) as emu:
        yield emu


@pytest.fixture
def cloud():
    with BackgroundEmulator(seed=seed(cloud=True)) as emu:
        yield emu


def client_of(emu, site="", auth=None, **kwargs):
    client = TableauClient(emu.url, site=site, auth=auth or TOKEN, backoff_factor=0, **kwargs)
    client.wait = lambda seconds: None
    return client.sign_in()


def writes(emu):
    return [(e["method"], e["path"]) for e in emu.emulator.log
            if e["method"] in MUTATING and not e["path"].endswith(("/auth/signin", "/auth/signout"))]


def requests(emu):
    return [e for e in emu.emulator.log if not e["path"].endswith(("/auth/signin", "/auth/signout", "/serverinfo"))]


def params(**values):
    base = dict(workbook=None, datasource=None, flow=None, project="Default", schedule=None, type=None,
                state="present", wait=True, wait_timeout=10)
    base.update(dict((name, None) for name in frequency_argspec()))
    base.update(values)
    return base


def publish_content(emu, tmp_path, site=""):
    client = client_of(emu, site)
    extract = str(tmp_path / "events.hyper")
    samples.write_random(extract, 2048)
    book = str(tmp_path / "sales.twbx")
    samples.write_twbx(book, extract_bytes=1024)
    common = dict(project="Default", publish_mode="auto", force=False, tags=None, purge_tags=True, as_job=False,
                  wait_timeout=30, connections=None, update_password="on_create", description=None, owner=None,
                  credentials=None, skip_connection_check=False, show_tabs=None, hidden_views=None)
    publish(DatasourceResource(client), dict(common, name="Events", file=extract, certified=None,
                                             certification_note=None))
    publish(WorkbookResource(client), dict(common, name="Sales", file=book))
    client.sign_out()
    del emu.emulator.log[:]


def tasks_of(emu, resource=ExtractRefreshTaskResource, check_mode=False, site="", **kwargs):
    return resource(client_of(emu, site, **kwargs), check_mode)


# ------------------------------------------------------------------------------------------ Tableau Server

def test_check_mode_predicts_the_server_task_and_writes_nothing(server, tmp_path):
    publish_content(server, tmp_path)
    wanted = params(datasource="EVENTS", schedule="saturday night")
    changed, returned, diff = ensure_present(tasks_of(server, check_mode=True), wanted)
    assert changed and returned["task"]["id"] is None
    assert diff == {"before": {}, "after": {"datasource": "Events", "project": "Default",
                                            "schedule": "Saturday night", "type": "full"}}
    assert writes(server) == []

    changed, created, real_diff = ensure_present(tasks_of(server), wanted)
    assert changed and created["task"]["id"] and real_diff == diff
    assert writes(server)[-1][0] == "PUT" and writes(server)[-1][1].endswith("/datasources")
    del server.emulator.log[:]
    changed, again, _diff = ensure_present(tasks_of(server), params(datasource="events", schedule="Saturday Night"))
    assert not changed and again["task"]["id"] == created["task"]["id"]
    assert writes(server) == []


def test_an_incremental_refresh_cannot_be_put_on_a_server_schedule(server, tmp_path):
    publish_content(server, tmp_path)
    with pytest.raises(TableauValidationError) as refused:
        ensure_present(tasks_of(server), params(workbook="Sales", schedule="Saturday night", type="incremental"))
    assert "incremental" in refused.value.msg and "web UI" in refused.value.hint
    assert writes(server) == []


def test_an_incremental_task_from_the_web_ui_asked_full_is_replaced(server, tmp_path):
    publish_content(server, tmp_path)
    first = ensure_present(tasks_of(server), params(workbook="Sales", schedule="Saturday night"))[1]["task"]
    site = [s for s in server.emulator.state.sites.values() if s.content_url == ""][0]
    site.extract_refresh_tasks[first["id"]]["type"] = "IncrementalRefresh"
    kept = ensure_present(tasks_of(server), params(workbook="Sales", schedule="Saturday night"))
    assert not kept[0] and kept[1]["task"]["type"] == "incremental"
    changed, replaced, diff = ensure_present(tasks_of(server), params(workbook="Sales", schedule="Saturday night",
                                                                      type="full"))
    assert changed and diff["before"]["type"] == "incremental" and diff["after"]["type"] == "full"
    assert replaced["task"]["id"] != first["id"]
    assert [t["type"] for t in tasks_of(server).list()] == ["full"]


def test_a_schedule_of_another_type_or_a_missing_one_is_refused_before_any_write(server, tmp_path):
    publish_content(server, tmp_path)
    with pytest.raises(TableauValidationError, match="is a Flow schedule"):
        ensure_present(tasks_of(server), params(workbook="Sales", schedule="Daily flow run"))
    with pytest.raises(TableauValidationError, match="does not exist"):
        ensure_present(tasks_of(server), params(workbook="Sales", schedule="Nightly"))
    with pytest.raises(TableauValidationError, match="no workbook named 'Nothing'"):
        ensure_present(tasks_of(server), params(workbook="Nothing", schedule="Saturday night"))
    assert writes(server) == []


def test_run_waits_for_the_job_and_reports_a_failed_one(server, tmp_path):
    publish_content(server, tmp_path)
    tasks = tasks_of(server)
    ensure_present(tasks, params(datasource="Events", schedule="Saturday night"))
    changed, returned, _diff = ensure_run(tasks_of(server, check_mode=True), params(datasource="Events", state="run"))
    assert changed and returned["job_id"] is None
    changed, returned, _diff = ensure_run(tasks, params(datasource="Events", state="run"))
    assert changed and returned["job_id"]
    job = [j for s in server.emulator.state.sites.values() for j in s.jobs.values()][0]
    assert job["completedAt"] and job["finishCode"] == 0

    server.emulator.state.server["fail_jobs"] = ["RefreshExtract"]
    with pytest.raises(TableauJobError, match="RefreshExtract job .* failed"):
        ensure_run(tasks, params(datasource="Events", schedule="Saturday night", state="run"))
    with pytest.raises(TableauValidationError, match="There are 0 extract refresh tasks"):
        ensure_run(tasks, params(workbook="Sales", state="run"))


def test_absent_removes_the_named_task_or_every_task_of_the_content(server, tmp_path):
    publish_content(server, tmp_path)
    tasks = tasks_of(server)
    for schedule in ("Saturday night", "End of the month"):
        ensure_present(tasks, params(workbook="Sales", schedule=schedule))
    del server.emulator.log[:]
    changed, _returned, diff = ensure_absent(tasks_of(server, check_mode=True), params(workbook="Sales",
                                                                                       state="absent"))
    assert changed and len(diff) == 2 and writes(server) == []
    changed, _returned, diff = ensure_absent(tasks, params(workbook="Sales", schedule="End of the month",
                                                           state="absent"))
    assert changed and diff["before"]["schedule"] == "End of the month" and diff["after"] == {}
    assert [t["schedule"] for t in tasks.list()] == ["Saturday night"]
    assert not ensure_absent(tasks, params(workbook="Sales", schedule="End of the month", state="absent"))[0]


def test_deleting_needs_3_6_and_is_refused_before_the_request(server, tmp_path):
    publish_content(server, tmp_path)
    ensure_present(tasks_of(server), params(workbook="Sales", schedule="Saturday night"))
    old = tasks_of(server, api_version="3.5", auth={"username": "admin", "password": "admin"})
    with pytest.raises(TableauVersionError, match="3.6"):
        ensure_absent(old, params(workbook="Sales", state="absent"))
    assert [m for m, _p in writes(server) if m == "DELETE"] == []


def test_a_cloud_frequency_on_tableau_server_is_refused_with_what_to_use(server, tmp_path):
    publish_content(server, tmp_path)
    with pytest.raises(TableauValidationError) as refused:
        ensure_present(tasks_of(server), params(workbook="Sales", frequency="Daily", start_time="06:00"))
    assert "Tableau Cloud method" in refused.value.msg and "give schedule" in refused.value.hint


def test_the_listing_names_content_projects_and_schedules_in_one_request_each(server, tmp_path):
    publish_content(server, tmp_path)
    tasks = tasks_of(server)
    ensure_present(tasks, params(workbook="Sales", schedule="Saturday night"))
    ensure_present(tasks, params(datasource="Events", schedule="Weekday early mornings"))
    del server.emulator.log[:]
    listed = list_tasks(tasks, params(state="info"))
    assert [(t["content_type"], t.get(t["content_type"]), t["schedule"], t["project"]) for t in listed] == [
        ("datasource", "Events", "Weekday early mornings", "Default"), ("workbook", "Sales", "Saturday night",
                                                                        "Default")]
    paths = sorted(e["path"].split("?")[0].rsplit("/", 1)[-1] for e in requests(server))
    assert paths == ["datasources", "extractRefreshes", "projects", "workbooks"]
    assert [t["workbook"] for t in list_tasks(tasks, params(workbook="SALES", state="info"))] == ["Sales"]
    assert list_tasks(tasks, params(schedule="End of the month", state="info")) == []
    assert list_tasks(tasks, params(project="Elsewhere", state="info")) == []


# ------------------------------------------------------------------------------------------ Tableau Cloud

def test_cloud_tasks_carry_their_frequency_and_change_it_in_place(cloud, tmp_path):
    publish_content(cloud, tmp_path, site="finance")
    daily = params(datasource="Events", frequency="Daily", start_time="06:00")
    changed, predicted, _diff = ensure_present(tasks_of(cloud, check_mode=True, site="finance"), daily)
    assert changed and predicted["task"]["frequency"] == "Daily" and writes(cloud) == []
    changed, created, diff = ensure_present(tasks_of(cloud, site="finance"), daily)
    assert changed and diff["after"]["start_time"] == "06:00" and "schedule" not in diff["after"]
    assert not ensure_present(tasks_of(cloud, site="finance"), daily)[0]

    weekly = params(datasource="Events", frequency="Weekly", start_time="05:30", week_days=["Monday", "Friday"])
    del cloud.emulator.log[:]
    changed, updated, diff = ensure_present(tasks_of(cloud, site="finance"), weekly)
    assert changed and updated["task"]["id"] == created["task"]["id"]
    assert diff["before"]["frequency"] == "Daily" and diff["after"]["week_days"] == ["Monday", "Friday"]
    assert [m for m, p in writes(cloud)] == ["POST"] and writes(cloud)[0][1].endswith(created["task"]["id"])

    incremental = ensure_present(tasks_of(cloud, site="finance"), dict(daily, type="incremental"))[1]["task"]
    assert incremental["id"] != created["task"]["id"] and incremental["type"] == "incremental"
    assert sorted(t["type"] for t in tasks_of(cloud, site="finance").list()) == ["full", "incremental"]


def test_a_server_schedule_on_tableau_cloud_is_refused_with_what_to_use(cloud, tmp_path):
    publish_content(cloud, tmp_path, site="finance")
    with pytest.raises(TableauValidationError) as refused:
        ensure_present(tasks_of(cloud, site="finance"), params(workbook="Sales", schedule="Saturday night"))
    assert "own frequency" in refused.value.hint
    assert writes(cloud) == []


def test_cloud_flow_tasks_are_replaced_for_a_new_frequency(cloud):
    flows = tasks_of(cloud, FlowTaskResource, site="finance")
    first = ensure_present(flows, params(flow="prepare orders", frequency="Daily", start_time="04:00"))[1]["task"]
    assert first["flow"] == "Prepare Orders" and first["id"]
    changed, second, diff = ensure_present(flows, params(flow="Prepare Orders", frequency="Daily",
                                                         start_time="05:00"))
    assert changed and second["task"]["id"] != first["id"]
    assert diff["before"]["start_time"] == "04:00" and diff["after"]["start_time"] == "05:00"
    assert [t["start_time"] for t in flows.list()] == ["05:00"]


# ------------------------------------------------------------------------------------------ flows on Tableau Server

def test_a_flow_on_a_flow_schedule_runs_and_goes(server):
    flows = tasks_of(server, FlowTaskResource)
    changed, created, diff = ensure_present(flows, params(flow="Prepare Orders", schedule="Daily flow run"))
    assert changed and diff["after"] == {"flow": "Prepare Orders", "project": "Default", "schedule": "Daily flow run"}
    assert not ensure_present(flows, params(flow="PREPARE ORDERS", schedule="daily flow run"))[0]
    changed, ran, _diff = ensure_run(flows, params(flow="Prepare Orders", state="run"))
    assert changed and ran["job_id"] and ran["task"]["id"] == created["task"]["id"]
    [listed] = list_tasks(flows, params(state="info"))
    assert listed["flow"] == "Prepare Orders" and listed["schedule"] == "Daily flow run"
    assert ensure_absent(flows, params(flow="Prepare Orders", state="absent"))[0]
    assert flows.list() == []
    with pytest.raises(TableauValidationError, match="is an Extract schedule; a flow task needs a Flow schedule"):
        ensure_present(flows, params(flow="Prepare Orders", schedule="Saturday night"))
