"""The task sections of a site description (extract refresh tasks, subscriptions): applied through the
per-resource modules' logic (check mode without writes, second run unchanged, purge), and exported by names,
with a server schedule's frequency for Tableau Cloud."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import os
import sys

import pytest
import yaml

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.extract_refresh_task import ExtractRefreshTaskResource
from ansible_collections.tableau.server.plugins.module_utils.publishing import ensure_present as publish
from ansible_collections.tableau.server.plugins.module_utils.site_export import ensure_exported
from ansible_collections.tableau.server.plugins.module_utils.site_state import converge
from ansible_collections.tableau.server.plugins.module_utils.subscription import SubscriptionResource
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "emulator"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "emulator", "test"))
import samples  # noqa: E402  pylint: disable=wrong-import-position,wrong-import-order
from tableau_emulator.server import BackgroundEmulator  # noqa: E402  pylint: disable=wrong-import-position
from tableau_emulator.state import DEFAULT_SEED  # noqa: E402  pylint: disable=wrong-import-position

TOKEN = {"token_name": "automation", "token_secret": "automation-secret"}
MUTATING = ("POST", "PUT", "PATCH", "DELETE")
SERVER_TASK = {"datasource": "Events", "schedule": "Saturday night"}
CLOUD_TASK = {"workbook": "Sales", "frequency": "Weekly", "start_time": "06:00", "week_days": ["Monday", "Friday"]}


def seed(cloud=False):
    data = copy.deepcopy(DEFAULT_SEED)
    data["server"].update(cloud=cloud, job_seconds=0.05, rest_api_version="3.25")
    return data


@pytest.fixture(params=[False, True], ids=["server", "cloud"])
def site(request, tmp_path):
    with BackgroundEmulator(seed=seed(cloud=request.param)) as emu:
        client = TableauClient(emu.url, site="finance" if request.param else "", auth=TOKEN, backoff_factor=0).sign_in()
        client.wait = lambda seconds: None
        publish_content(client, tmp_path)
        UserResource(client).create({"name": "maria@example.com", "site_role": "Explorer"})
        del emu.emulator.log[:]
        yield emu, client, request.param
        client.sign_out()


def publish_content(client, tmp_path):
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


def writes(emu):
    return [(e["method"], e["path"]) for e in emu.emulator.log
            if e["method"] in MUTATING and not e["path"].endswith(("/auth/signin", "/auth/signout"))]


def apply(client, sections, check_mode=False, purge=False):
    description = dict(copy.deepcopy(sections), version=1)
    return converge(client, dict(description=description, base_dir=None, purge=purge, purge_limit=100, exclude=[]),
                    check_mode=check_mode)


def subscription(cloud, **values):
    item = {"user": "maria@example.com", "content_type": "view", "project": "Default", "workbook": "Sales",
            "view": "Overview", "subject": "Sales overview"}
    item.update({"frequency": "Daily", "start_time": "07:00"} if cloud else {"schedule": "Monday morning"})
    item.update(values)
    return item


def export(client, **values):
    options = dict(dest=None, return_description=False, sections=["extract_refresh_tasks"], content="none",
                   content_dir="content", for_platform="same")
    options.update(values)
    return ensure_exported(client, options, None, False, yaml.safe_load)[1]


def test_extract_refresh_tasks_apply_in_check_mode_then_for_real_then_unchanged_and_export_by_names(site):
    emu, client, cloud = site
    task = CLOUD_TASK if cloud else SERVER_TASK
    label = "workbook Default/Sales Weekly full" if cloud else "datasource Default/Events on Saturday night"
    changed, planned, dummy = apply(client, {"extract_refresh_tasks": [task]}, check_mode=True)
    assert changed and planned["summary"]["extract_refresh_tasks"]["created"] == [label]
    assert writes(emu) == []
    changed, applied, diff = apply(client, {"extract_refresh_tasks": [task]})
    assert changed and applied["summary"] == planned["summary"]
    entry = [d for d in diff if d["after_header"] == "extract_refresh_tasks"][0]
    assert entry["after"][label]["project"] == "Default"
    del emu.emulator.log[:]
    assert not apply(client, {"extract_refresh_tasks": [task]})[0]
    assert writes(emu) == []
    assert export(client)["description"]["extract_refresh_tasks"] == [task]


def test_unlisted_extract_refresh_tasks_are_purged_and_the_listed_kept(site):
    emu, client, cloud = site
    task = CLOUD_TASK if cloud else SERVER_TASK
    other = dict(CLOUD_TASK, workbook=None, datasource="Events") if cloud else dict(SERVER_TASK, datasource=None,
                                                                                    workbook="Sales")
    other = dict((k, v) for k, v in other.items() if v is not None)
    apply(client, {"extract_refresh_tasks": [task, other]})
    changed, planned, dummy = apply(client, {"extract_refresh_tasks": [task]}, check_mode=True, purge=True)
    assert changed and len(planned["summary"]["extract_refresh_tasks"]["removed"]) == 1
    assert planned["summary"]["extract_refresh_tasks"]["unchanged"] != []
    apply(client, {"extract_refresh_tasks": [task]}, purge=True)
    assert len(ExtractRefreshTaskResource(client).list()) == 1


def test_for_cloud_a_task_on_a_server_schedule_takes_the_schedules_frequency(site):
    emu, client, cloud = site
    if cloud:
        pytest.skip("Tableau Cloud has no server schedules")
    apply(client, {"extract_refresh_tasks": [SERVER_TASK]})
    exported = export(client, for_platform="cloud")
    assert exported["description"]["extract_refresh_tasks"] == [
        {"datasource": "Events", "frequency": "Weekly", "start_time": "23:00", "week_days": ["Saturday"]}]
    assert [u for u in exported["unmapped"] if u["kind"] == "extract_refresh_task"] == []


@pytest.mark.parametrize("item, message", [
    ({"workbook": "Sales", "datasource": "Events", "schedule": "Saturday night"}, "both a workbook and a data source"),
    ({"schedule": "Saturday night"}, "no content"),
    ({"workbook": "Sales"}, "needs schedule"),
])
def test_a_bad_task_item_fails_before_any_write(site, item, message):
    emu, client, cloud = site
    with pytest.raises(TableauValidationError) as raised:
        apply(client, {"extract_refresh_tasks": [item]})
    assert message in str(raised.value)
    assert writes(emu) == []


def test_subscriptions_apply_in_check_mode_then_for_real_then_unchanged_and_export_by_names(site):
    emu, client, cloud = site
    wanted = subscription(cloud, attach_pdf=True, body="This week's numbers")
    label = "maria@example.com: Default/Sales/Overview 'Sales overview'"
    changed, planned, dummy = apply(client, {"subscriptions": [wanted]}, check_mode=True)
    assert changed and planned["summary"]["subscriptions"]["created"] == [label]
    assert writes(emu) == []
    changed, applied, diff = apply(client, {"subscriptions": [wanted]})
    assert changed and applied["summary"] == planned["summary"]
    entry = [d for d in diff if d["after_header"] == "subscriptions"][0]
    assert entry["after"][label]["user"] == "maria@example.com" and entry["after"][label]["view"] == "Overview"
    del emu.emulator.log[:]
    assert not apply(client, {"subscriptions": [wanted]})[0]
    assert writes(emu) == []
    assert export(client, sections=["subscriptions"])["description"]["subscriptions"] == [wanted]


def test_unlisted_subscriptions_are_purged_and_a_changed_one_updated_in_place(site):
    emu, client, cloud = site
    apply(client, {"subscriptions": [subscription(cloud), subscription(cloud, subject="Another")]})
    changed, returned, dummy = apply(client, {"subscriptions": [subscription(cloud, suspended=True)]},
                                     purge={"subscriptions": True})
    summary = returned["summary"]["subscriptions"]
    assert changed and summary["removed"] == ["maria@example.com: Default/Sales/Overview 'Another'"]
    assert summary["updated"] == ["maria@example.com: Default/Sales/Overview 'Sales overview'"]
    left = SubscriptionResource(client).list()
    assert [s["subject"] for s in left] == ["Sales overview"] and left[0]["suspended"] is True


def test_for_cloud_a_subscription_on_a_server_schedule_takes_the_schedules_frequency(site):
    emu, client, cloud = site
    if cloud:
        pytest.skip("Tableau Cloud has no server schedules")
    apply(client, {"subscriptions": [subscription(cloud)]})
    exported = export(client, sections=["subscriptions"], for_platform="cloud")
    expected = dict(subscription(cloud), frequency="Weekly", start_time="07:00", week_days=["Monday"])
    del expected["schedule"]
    assert exported["description"]["subscriptions"] == [expected]


def test_a_subscription_with_both_schedule_and_frequency_fails_before_any_write(site):
    emu, client, cloud = site
    with pytest.raises(TableauValidationError) as raised:
        apply(client, {"subscriptions": [subscription(cloud, schedule="Monday morning", frequency="Daily",
                                                      start_time="07:00")]})
    assert "both schedule and frequency" in str(raised.value)
    assert writes(emu) == []
