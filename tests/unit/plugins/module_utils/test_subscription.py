"""Subscriptions through the resource layer, against the emulator: found by user, content and subject; check mode
predicts and writes nothing; Server schedules by name, Cloud frequencies; names from one listing per kind."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauApiError,
    TableauValidationError,
    TableauVersionError,
)
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource
from ansible_collections.tableau.server.plugins.module_utils.subscription import (
    SubscriptionResource,
    check_params,
    ensure_absent,
    ensure_present,
    subscription_info,
)
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator", "test"))
import samples  # noqa: E402  pylint: disable=wrong-import-position,wrong-import-order

TOKEN = {"token_name": "automation", "token_secret": "automation-secret"}
FREQUENCY_OFF = dict(frequency=None, start_time=None, end_time=None, interval_hours=None, interval_minutes=None,
                     week_days=None, month_days=None)
WANTED = dict(FREQUENCY_OFF, user="ADMIN", content_type="view", project="default", workbook="sales", view="overview",
              subject="Sales overview", schedule="weekday mornings", body="Morning", attach_image=None,
              attach_pdf=None, page_orientation=None, page_size=None, send_if_view_empty=None, suspended=None,
              state="present")


def writes(emulator):
    return [(r["method"], r["path"]) for r in emulator.emulator.log
            if r["method"] != "GET" and not r["path"].endswith(("/auth/signin", "/auth/signout"))]


def gets(emulator):
    return [r["path"].split("?")[0] for r in emulator.emulator.log if r["method"] == "GET"]


def publish(client, tmp_path, name="Sales"):
    project = ProjectResource(client).find(["Default"])
    path = samples.write_twbx(tmp_path / ("%s.twbx" % name))
    return WorkbookResource(client).publish(path, {"name": name}, project["id"], "CreateNew")


@pytest.fixture
def server(emulator, tmp_path):
    client = TableauClient(emulator.url, auth=TOKEN).sign_in()
    publish(client, tmp_path)
    del emulator.emulator.log[:]
    yield client
    client.sign_out()


@pytest.fixture
def cloud(emulator, tmp_path):
    emulator.emulator.state.server["cloud"] = True
    client = TableauClient(emulator.url, site="finance", auth=TOKEN).sign_in()
    publish(client, tmp_path)
    del emulator.emulator.log[:]
    yield client
    client.sign_out()


@pytest.mark.parametrize("change, words", [
    (dict(view=None), "needs view"),
    (dict(content_type="workbook"), "view is for content_type view"),
    (dict(content_type="workbook", view=None, send_if_view_empty=False), "views only"),
    (dict(attach_image=False, attach_pdf=False), "cannot both be false"),
    (dict(subject=" "), "subject must not be empty"),
])
def test_bad_options_are_refused_before_any_request(change, words):
    with pytest.raises(TableauValidationError, match=words):
        check_params(dict(WANTED, **change))


def test_a_page_orientation_in_capitals_reads_as_the_choice():
    root = xmlio.parse(b'<tsResponse xmlns="http://tableau.com/api"><subscription id="s" subject="x" '
                       b'pageOrientation="PORTRAIT" pageSizeOption="a5"><content id="c" type="View"/>'
                       b'<schedule id="d" name="Daily"/><user id="u" name="admin"/></subscription></tsResponse>')
    record = SubscriptionResource.from_xml(SubscriptionResource.__new__(SubscriptionResource),
                                           xmlio.find(root, "subscription"))
    assert record["page_orientation"] == "Portrait" and record["page_size"] == "A5"
    assert record["content_type"] == "view" and record["schedule"] == "Daily" and record["user"] == "admin"


# ------------------------------------------------------------------------------------------ Tableau Server

def test_check_mode_predicts_the_subscription_by_names_and_writes_nothing(emulator, server):
    changed, returned, diff = ensure_present(SubscriptionResource(server, check_mode=True), WANTED)
    predicted = returned["subscription"]
    assert changed and predicted["id"] is None and writes(emulator) == []
    assert diff["before"] == {}
    assert diff["after"]["user"] == "admin" and diff["after"]["workbook"] == "Sales"
    assert diff["after"]["view"] == "Overview" and diff["after"]["schedule"] == "Weekday mornings"
    assert diff["after"]["project"] == "Default" and diff["after"]["attach_image"] is True

    made = ensure_present(SubscriptionResource(server), WANTED)
    assert made[2]["after"] == diff["after"]
    assert [w[0] for w in writes(emulator)] == ["POST"]


def test_the_second_run_finds_the_same_subscription_and_changes_nothing(emulator, server):
    subscriptions = SubscriptionResource(server)
    first = ensure_present(subscriptions, WANTED)[1]["subscription"]
    del emulator.emulator.log[:]
    changed, returned, _diff = ensure_present(subscriptions, dict(WANTED, user="admin", view="OVERVIEW"))
    assert not changed and returned["subscription"]["id"] == first["id"] and writes(emulator) == []
    other_subject = ensure_present(subscriptions, dict(WANTED, subject="Sales overview, again"))
    assert other_subject[0] and other_subject[1]["subscription"]["id"] != first["id"]


def test_a_change_of_schedule_and_attachments_is_one_put_with_a_diff_by_names(emulator, server):
    subscriptions = SubscriptionResource(server)
    ensure_present(subscriptions, WANTED)
    del emulator.emulator.log[:]
    change = dict(WANTED, schedule="Monday morning", attach_pdf=True, page_size="A4", suspended=True)
    predicted = ensure_present(SubscriptionResource(server, check_mode=True), change)
    assert writes(emulator) == []
    changed, returned, diff = ensure_present(subscriptions, change)
    assert changed and diff == predicted[2]
    assert diff["before"]["schedule"] == "Weekday mornings" and diff["after"]["schedule"] == "Monday morning"
    assert diff["before"]["attach_pdf"] is False and diff["after"]["attach_pdf"] is True
    assert [w[0] for w in writes(emulator)] == ["PUT"]
    read = subscription_info(subscriptions, {"user": "admin"})[1]["subscriptions"]
    assert [(s["schedule"], s["suspended"], s["page_size"]) for s in read] == [("Monday morning", True, "A4")]


def test_a_schedule_of_another_type_or_no_schedule_is_refused_before_any_write(emulator, server):
    with pytest.raises(TableauValidationError, match="is an Extract schedule"):
        ensure_present(SubscriptionResource(server), dict(WANTED, schedule="Saturday night"))
    with pytest.raises(TableauValidationError, match="needs schedule"):
        ensure_present(SubscriptionResource(server), dict(WANTED, schedule=None))
    with pytest.raises(TableauValidationError, match="no view named"):
        ensure_present(SubscriptionResource(server), dict(WANTED, view="Nope"))
    with pytest.raises(TableauValidationError, match="not a user"):
        ensure_present(SubscriptionResource(server), dict(WANTED, user="nobody"))
    assert writes(emulator) == []


def test_a_new_subscription_wanted_suspended_is_suspended_right_after(emulator, server):
    changed, returned, _diff = ensure_present(SubscriptionResource(server), dict(WANTED, suspended=True))
    assert changed and returned["subscription"]["suspended"] is True
    assert [w[0] for w in writes(emulator)] == ["POST", "PUT"]


def test_absent_removes_it_and_then_has_nothing_to_do(emulator, server):
    subscriptions = SubscriptionResource(server)
    ensure_present(subscriptions, WANTED)
    changed, returned, diff = ensure_absent(subscriptions, WANTED)
    assert changed and returned == {"subscription": {}} and diff["before"]["subject"] == "Sales overview"
    assert diff["before"]["schedule"] == "Weekday mornings" and diff["after"] == {}
    assert not ensure_absent(subscriptions, WANTED)[0]
    assert not ensure_absent(subscriptions, dict(WANTED, workbook="No such book"))[0]
    assert not ensure_absent(subscriptions, dict(WANTED, user="nobody"))[0]


def test_the_listing_names_everything_from_one_listing_per_kind(emulator, server, tmp_path):
    publish(server, tmp_path, "Finance")
    subscriptions = SubscriptionResource(server)
    for workbook, view, subject in (("Sales", "Overview", "a"), ("Sales", "Sales by Month", "b"),
                                    ("Finance", None, "c")):
        ensure_present(subscriptions, dict(WANTED, workbook=workbook, view=view, subject=subject,
                                           content_type="view" if view else "workbook"))
    del emulator.emulator.log[:]
    listed = subscription_info(subscriptions, {})[1]["subscriptions"]
    assert [(s["workbook"], s["view"], s["project"], s["user"], s["schedule"]) for s in listed] == [
        ("Finance", None, "Default", "admin", "Weekday mornings"),
        ("Sales", "Overview", "Default", "admin", "Weekday mornings"),
        ("Sales", "Sales by Month", "Default", "admin", "Weekday mornings")]
    # The answers name users and schedules; workbooks, views and projects take one listing each.
    assert sorted(p.rsplit("/", 1)[-1] for p in gets(emulator)) == ["projects", "subscriptions", "views", "workbooks"]
    filtered = subscription_info(subscriptions, {"workbook": "sales", "view": "overview"})[1]["subscriptions"]
    assert [s["subject"] for s in filtered] == ["a"]
    assert subscription_info(subscriptions, {"schedule": "Monday morning"})[1]["subscriptions"] == []


def test_subscriptions_need_api_2_3_and_their_details_3_1(emulator):
    old = TableauClient(emulator.url, auth={"username": "admin", "password": "admin"}, api_version="2.2").sign_in()
    with pytest.raises(TableauVersionError, match="Subscriptions needs REST API version 2.3"):
        SubscriptionResource(old)
    old.sign_out()


def test_a_body_is_refused_below_3_1_before_any_write(emulator, tmp_path):
    client = TableauClient(emulator.url, auth={"username": "admin", "password": "admin"}, api_version="3.0").sign_in()
    publish(client, tmp_path)
    del emulator.emulator.log[:]
    with pytest.raises(TableauVersionError, match="body needs REST API version 3.1"):
        ensure_present(SubscriptionResource(client), WANTED)
    assert writes(emulator) == []
    client.sign_out()


# ------------------------------------------------------------------------------------------ Tableau Cloud

CLOUD_WANTED = dict(WANTED, schedule=None, frequency="Weekly", start_time="07:30", week_days=["Monday", "Thursday"])


def test_on_cloud_the_subscription_carries_its_frequency(emulator, cloud):
    subscriptions = SubscriptionResource(cloud)
    changed, returned, diff = ensure_present(subscriptions, CLOUD_WANTED)
    made = returned["subscription"]
    assert changed and made["schedule"] is None and made["schedule_id"] is None
    assert (made["frequency"], made["start_time"], made["week_days"]) == ("Weekly", "07:30", ["Monday", "Thursday"])
    assert diff["after"]["frequency"] == "Weekly"
    del emulator.emulator.log[:]
    assert not ensure_present(subscriptions, dict(CLOUD_WANTED, week_days=["thursday", "monday"]))[0]
    assert writes(emulator) == []

    daily = dict(CLOUD_WANTED, frequency="Daily", start_time="06:00", week_days=None)
    predicted = ensure_present(SubscriptionResource(cloud, check_mode=True), daily)
    assert writes(emulator) == []
    changed, returned, diff = ensure_present(subscriptions, daily)
    assert changed and diff == predicted[2] and [w[0] for w in writes(emulator)] == ["PUT"]
    assert diff["before"]["week_days"] == ["Monday", "Thursday"] and diff["after"]["week_days"] == []
    listed = subscription_info(subscriptions, {})[1]["subscriptions"]
    assert [(s["frequency"], s["start_time"], s["week_days"]) for s in listed] == [("Daily", "06:00", [])]


def test_on_cloud_a_server_schedule_is_refused_with_what_to_use_instead(emulator, cloud):
    with pytest.raises(TableauValidationError) as raised:
        ensure_present(SubscriptionResource(cloud), WANTED)
    assert "frequency" in raised.value.fail_json_kwargs()["msg"] + raised.value.fail_json_kwargs().get("hint", "")
    assert writes(emulator) == []


def test_the_cloud_form_needs_api_3_20(emulator, cloud):
    old = TableauClient(emulator.url, site="finance", auth=TOKEN, api_version="3.19").sign_in()
    with pytest.raises(TableauVersionError, match=r"own frequency \(Tableau Cloud\) needs REST API version 3.20"):
        ensure_present(SubscriptionResource(old), CLOUD_WANTED)
    assert writes(emulator) == []
    old.sign_out()


def test_a_frequency_on_tableau_server_is_refused_by_the_server(emulator, server):
    with pytest.raises(TableauApiError) as raised:
        ensure_present(SubscriptionResource(server), CLOUD_WANTED)
    assert raised.value.code == "400000" and "server schedule" in raised.value.detail
    assert subscription_info(SubscriptionResource(server), {})[1]["subscriptions"] == []
