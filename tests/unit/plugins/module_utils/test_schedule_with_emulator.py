"""Server schedules through the resource layer, against the emulator: by name, with frequency details in the
options' terms, check mode predicting the real run, a second run changing nothing, refusals before any write."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauValidationError,
    TableauVersionError,
)
from ansible_collections.tableau.server.plugins.module_utils.schedule import (
    ScheduleResource,
    ensure_absent,
    ensure_present,
    frequency_in_user_terms,
    normalized_month_days,
    normalized_time,
)

ADMIN = {"username": "admin", "password": "admin"}
OPTIONS = ("type", "frequency", "start_time", "end_time", "interval_hours", "interval_minutes", "week_days",
           "month_days", "priority", "execution_order", "enabled")
HOURLY = {"name": "Working hours", "type": "Extract", "frequency": "Hourly", "start_time": "7:00",
          "end_time": "19:00", "interval_hours": 2, "week_days": ["Friday", "Monday"], "priority": 30}


def params(**values):
    found = dict((key, None) for key in OPTIONS)
    found.update(values)
    return found


def signed_in(emulator, **kwargs):
    return TableauClient(emulator.url, auth=ADMIN, **kwargs).sign_in()


def writes(emulator):
    return [(r["method"], r["path"]) for r in emulator.emulator.log
            if r["method"] in ("POST", "PUT", "DELETE") and "/auth/" not in r["path"]]


def test_a_schedule_is_found_by_name_without_regard_to_case_and_read_with_its_intervals(emulator):
    client = TableauClient(emulator.url, auth={"username": "admin", "password": "admin"}).sign_in()
    try:
        schedules = ScheduleResource(client)
        saturday = schedules.read(schedules.require_by_name("SATURDAY NIGHT"))
        assert saturday["type"] == "Extract" and saturday["enabled"] is True
        details = saturday["frequency_details"]
        assert dict((key, details[key]) for key in ("start", "end", "intervals")) == {
            "start": "23:00:00", "end": None, "intervals": [{"week_day": "Saturday"}]}
        assert details["start_time"] == "23:00:00" and details["week_days"] == ["Saturday"]
    finally:
        client.sign_out()


def test_a_cloud_host_is_told_what_to_use_instead_before_any_request():
    client = TableauClient("https://prod-useast-a.online.tableau.com", auth={"username": "a", "password": "b"})
    with pytest.raises(TableauValidationError) as info:
        ScheduleResource(client)
    assert "tableau_extract_refresh_task" in info.value.fail_json_kwargs()["msg"]


def test_times_and_days_are_normalised_so_spellings_compare_equal():
    assert normalized_time("7:05", "start_time") == "07:05:00"
    assert normalized_time("23:00:00", "start_time") == "23:00:00"
    assert normalized_month_days(["LastDay", 15, "1", "lastday"]) == ["1", "15", "LastDay"]
    with pytest.raises(TableauValidationError):
        normalized_time("24:00", "start_time")
    with pytest.raises(TableauValidationError):
        normalized_month_days([32])
    daily = frequency_in_user_terms("Daily", {"start": "02:00:00", "end": None, "intervals": []})
    assert daily["interval_hours"] == 24  # a daily schedule without an hours interval runs once a day


def test_check_mode_predicts_the_create_and_the_real_run_matches(emulator):
    client = signed_in(emulator)
    predicted = ensure_present(ScheduleResource(client, check_mode=True), params(name=HOURLY["name"], **dict(
        (k, v) for k, v in HOURLY.items() if k != "name")))
    assert writes(emulator) == []
    changed, returned, diff = predicted
    assert changed and returned["schedule"]["id"] is None and diff["before"] == {}
    assert diff["after"]["frequency_details"] == {
        "start_time": "07:00:00", "end_time": "19:00:00", "interval_hours": 2, "interval_minutes": None,
        "week_days": ["Monday", "Friday"], "month_days": None}
    assert diff["after"]["priority"] == 30 and diff["after"]["execution_order"] == "Parallel" and diff["after"]["enabled"]
    real = ensure_present(ScheduleResource(client), params(**HOURLY))
    assert real[0] and real[1]["schedule"]["id"] and real[2]["after"] == diff["after"]
    assert writes(emulator) == [("POST", "/api/3.25/schedules")]
    client.sign_out()


def test_a_second_run_in_other_spellings_reports_no_change(emulator):
    client = signed_in(emulator)
    schedules = ScheduleResource(client)
    first = ensure_present(schedules, params(**HOURLY))
    respelled = dict(HOURLY)
    respelled.update(name="WORKING HOURS", start_time="07:00:00", week_days=["Monday", "Friday", "Monday"])
    again = ensure_present(schedules, params(**respelled))
    assert first[0] and not again[0]
    assert again[1]["schedule"]["id"] == first[1]["schedule"]["id"]
    assert len([w for w in writes(emulator) if w[0] == "POST"]) == 1 and len(writes(emulator)) == 1
    client.sign_out()


def test_an_update_sends_the_whole_frequency_and_shows_the_details_by_name(emulator):
    client = signed_in(emulator)
    schedules = ScheduleResource(client)
    ensure_present(schedules, params(**HOURLY))
    changed, returned, diff = ensure_present(schedules, params(name="Working hours", interval_minutes=30,
                                                               start_time="08:00", enabled=False))
    assert changed and diff["before"]["frequency_details"]["interval_hours"] == 2
    assert diff["after"]["frequency_details"]["interval_hours"] is None
    assert diff["after"]["frequency_details"]["interval_minutes"] == 30
    assert diff["after"]["frequency_details"]["start_time"] == "08:00:00"
    assert diff["after"]["frequency_details"]["end_time"] == "19:00:00"  # kept
    assert diff["before"]["enabled"] and not diff["after"]["enabled"] and returned["schedule"]["state"] == "Suspended"
    stored = [s for s in emulator.emulator.state.schedules.values() if s["name"] == "Working hours"][0]
    assert stored["state"] == "Suspended" and stored["start"] == "08:00:00"
    assert {"minutes": "30"} in stored["intervals"] and {"weekDay": "Friday"} in stored["intervals"]
    client.sign_out()


def test_a_new_frequency_needs_its_own_details_and_keeps_only_the_start(emulator):
    client = signed_in(emulator)
    schedules = ScheduleResource(client)
    ensure_present(schedules, params(**HOURLY))
    before = len(writes(emulator))
    with pytest.raises(TableauValidationError) as refused:
        ensure_present(schedules, params(name="Working hours", frequency="Weekly"))
    assert "needs week_days" in refused.value.msg and len(writes(emulator)) == before
    changed, returned, dummy = ensure_present(schedules, params(name="Working hours", frequency="Weekly",
                                                                week_days=["Sunday"]))
    details = returned["schedule"]["frequency_details"]
    assert changed and details["start_time"] == "07:00:00" and details["week_days"] == ["Sunday"]
    assert details["end_time"] is None and details["interval_hours"] is None
    client.sign_out()


@pytest.mark.parametrize("wanted, words", [
    (dict(frequency="Weekly", start_time="06:00"), "needs week_days"),
    (dict(frequency="Hourly", start_time="06:00", interval_hours=2), "needs end_time"),
    (dict(frequency="Hourly", start_time="06:00", end_time="20:00"), "needs interval_hours or interval_minutes"),
    (dict(frequency="Hourly", start_time="06:15", end_time="20:15", interval_minutes=15), "on the hour"),
    (dict(frequency="Daily", start_time="06:00", interval_hours=4), "needs end_time"),
    (dict(frequency="Daily", start_time="06:00", end_time="08:00"), "end_time applies"),
    (dict(frequency="Monthly", start_time="06:00", week_days=["Monday"]), "week_days does not apply"),
    (dict(frequency="Weekly", week_days=["Monday"]), "needs type, start_time"),
    (dict(frequency="Weekly", start_time="6", week_days=["Monday"]), "HH:MM"),
    (dict(frequency="Weekly", start_time="06:00", week_days=["Monday"], priority=0), "priority"),
    (dict(frequency="Weekly", start_time="06:00", week_days=["Monday"], interval_hours=2, interval_minutes=15),
     "not both"),
])
def test_bad_input_is_refused_before_any_write(emulator, wanted, words):
    client = signed_in(emulator)
    wanted.setdefault("type", None if "needs type" in words else "Extract")
    with pytest.raises(TableauValidationError) as refused:
        ensure_present(ScheduleResource(client), params(name="Bad", **wanted))
    assert words in refused.value.fail_json_kwargs()["msg"]
    assert writes(emulator) == []
    client.sign_out()


def test_the_type_of_a_schedule_cannot_change(emulator):
    client = signed_in(emulator)
    with pytest.raises(TableauValidationError) as refused:
        ensure_present(ScheduleResource(client), params(name="Saturday night", type="Subscription"))
    assert "type cannot change" in refused.value.msg and "an Extract schedule" in refused.value.msg
    assert writes(emulator) == []
    client.sign_out()


def test_what_came_in_3_21_is_refused_on_older_servers(emulator):
    client = signed_in(emulator, api_version="3.20")
    schedules = ScheduleResource(client)
    for wanted in (dict(HOURLY), dict(HOURLY, week_days=None, frequency="Daily", interval_hours=4),
                   dict(name="Bookends", type="Subscription", frequency="Monthly", start_time="06:00",
                        month_days=[1, "LastDay"])):
        with pytest.raises(TableauVersionError) as refused:
            ensure_present(schedules, params(**wanted))
        assert "REST API version 3.21" in refused.value.msg
    assert writes(emulator) == []
    # Every day is what older servers do anyway: no refusal, and a second run is no change.
    everyday = dict(HOURLY)
    everyday["week_days"] = None
    assert ensure_present(schedules, params(**everyday))[0]
    assert not ensure_present(schedules, params(**everyday))[0]
    client.sign_out()


def test_flow_schedules_need_3_3(emulator):
    client = signed_in(emulator, api_version="3.2")
    with pytest.raises(TableauVersionError) as refused:
        ensure_present(ScheduleResource(client), params(name="Flows", type="Flow", frequency="Weekly",
                                                        start_time="01:00", week_days=["Sunday"]))
    assert "Flow schedules needs REST API version 3.3" in refused.value.msg
    client.sign_out()


def test_a_suspended_create_is_two_writes_and_check_mode_predicts_the_state(emulator):
    client = signed_in(emulator)
    wanted = params(name="Paused", type="Subscription", frequency="Monthly", start_time="06:00",
                    month_days=["LastDay"], enabled=False)
    predicted = ensure_present(ScheduleResource(client, check_mode=True), wanted)
    assert predicted[1]["schedule"]["state"] == "Suspended" and writes(emulator) == []
    real = ensure_present(ScheduleResource(client), wanted)
    assert real[1]["schedule"]["state"] == "Suspended" and real[2]["after"] == predicted[2]["after"]
    assert [w[0] for w in writes(emulator)] == ["POST", "PUT"]
    assert not ensure_present(ScheduleResource(client), wanted)[0]
    client.sign_out()


def test_delete_shows_what_went_and_a_second_delete_is_no_change(emulator):
    client = signed_in(emulator)
    schedules = ScheduleResource(client)
    predicted = ensure_absent(ScheduleResource(client, check_mode=True), {"name": "saturday night"})
    assert predicted[0] and writes(emulator) == []
    changed, returned, diff = ensure_absent(schedules, {"name": "saturday night"})
    assert changed and returned == {"schedule": {}} and diff["after"] == {}
    assert diff["before"]["name"] == "Saturday night" and diff["before"]["frequency_details"]["week_days"] == ["Saturday"]
    assert not ensure_absent(schedules, {"name": "saturday night"})[0]
    assert "Saturday night" not in [s["name"] for s in emulator.emulator.state.schedules.values()]
    client.sign_out()


def test_a_cloud_emulator_refuses_the_listing_and_the_message_says_what_to_use(emulator):
    client = signed_in(emulator)
    emulator.emulator.state.server["cloud"] = True
    try:
        with pytest.raises(TableauValidationError) as refused:
            ensure_present(ScheduleResource(client), params(**HOURLY))
        assert "tableau_extract_refresh_task" in refused.value.fail_json_kwargs()["msg"]
        assert writes(emulator) == []
    finally:
        emulator.emulator.state.server["cloud"] = False
        client.sign_out()
