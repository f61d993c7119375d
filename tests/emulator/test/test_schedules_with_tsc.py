"""TSC's schedules endpoint runs unchanged against the emulator: server-wide schedules of Tableau Server."""

import pytest

from conftest import checked_emulator


def test_a_new_server_lists_its_default_schedules(tsc_server):
    listed, pagination = tsc_server.schedules.get()
    assert pagination.total_available == len(listed) >= 5
    by_name = dict((s.name, s) for s in listed)
    assert by_name["Saturday night"].schedule_type == "Extract"
    assert by_name["Monday morning"].schedule_type == "Subscription"


def test_one_schedule_is_read_with_its_frequency_details(tsc_server):
    listed, _pagination = tsc_server.schedules.get()
    saturday = [s for s in listed if s.name == "Saturday night"][0]
    one = tsc_server.schedules.get_by_id(saturday.id)
    assert one.interval_item.start_time.hour == 23
    assert one.interval_item.interval == ("Saturday",)


def test_tableau_cloud_has_no_server_schedules(request, tsc):
    pytest.importorskip("tableauserverclient")
    seed = {"server": {"cloud": True}, "sites": [{"name": "Cloud", "content_url": "cloud"}],
            "users": [{"name": "admin", "password": "admin", "site_role": "SiteAdministratorCreator",
                       "sites": ["cloud"]}]}
    with checked_emulator(request, seed=seed) as emu:
        server = tsc.Server(emu.url, use_server_version=True)
        server.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id="cloud"))
        with pytest.raises(tsc.server.endpoint.exceptions.ServerResponseError) as raised:
            server.schedules.get()
        assert raised.value.code == "403000"
        server.auth.sign_out()


def _schedule(tsc, name, interval, schedule_type="Extract", priority=50, order="Parallel"):
    return tsc.ScheduleItem(name, priority, schedule_type, order, interval)


def test_tsc_creates_a_schedule_of_each_frequency_and_reads_it_back(tsc_server, tsc):
    from datetime import time
    made = [
        tsc_server.schedules.create(_schedule(tsc, "Every two hours", tsc.HourlyInterval(time(2, 30), time(23, 30), 2))),
        tsc_server.schedules.create(_schedule(tsc, "Every morning", tsc.DailyInterval(time(6, 15)), "Subscription",
                                              priority=20, order="Serial")),
        tsc_server.schedules.create(_schedule(tsc, "Mon Wed Fri", tsc.WeeklyInterval(
            time(9, 15), tsc.IntervalItem.Day.Monday, tsc.IntervalItem.Day.Wednesday, tsc.IntervalItem.Day.Friday))),
        tsc_server.schedules.create(_schedule(tsc, "Mid-month", tsc.MonthlyInterval(time(7), 15), "Flow")),
    ]
    assert all(s.id for s in made) and len(set(s.id for s in made)) == 4
    hourly, daily, weekly, monthly = [tsc_server.schedules.get_by_id(s.id) for s in made]
    assert (hourly.interval_item.start_time, hourly.interval_item.end_time) == (time(2, 30), time(23, 30))
    assert "2" in hourly.interval_item.interval
    assert daily.schedule_type == "Subscription" and daily.priority == 20 and daily.execution_order == "Serial"
    assert daily.interval_item.start_time == time(6, 15) and 24 in daily.interval_item.interval  # once a day
    assert weekly.interval_item.interval == ("Monday", "Wednesday", "Friday")
    assert monthly.schedule_type == "Flow" and monthly.interval_item.interval == ("15",)
    assert all(s.next_run_at is not None and s.state == "Active" for s in (hourly, daily, weekly, monthly))
    listed, _pagination = tsc_server.schedules.get()
    assert set(s.name for s in made) <= set(s.name for s in listed)


def test_tsc_updates_the_frequency_and_suspends_a_schedule(tsc_server, tsc):
    from datetime import time
    schedule = tsc_server.schedules.create(_schedule(tsc, "Weekly refresh", tsc.WeeklyInterval(time(7), "Monday")))
    schedule.interval_item = tsc.WeeklyInterval(time(8, 30), "Monday", "Friday")
    schedule.priority = 90
    schedule.state = tsc.ScheduleItem.State.Suspended
    updated = tsc_server.schedules.update(schedule)
    assert updated.priority == 90
    read = tsc_server.schedules.get_by_id(schedule.id)
    assert read.state == "Suspended" and read.priority == 90
    assert read.interval_item.start_time == time(8, 30) and read.interval_item.interval == ("Monday", "Friday")


def test_a_taken_name_and_an_unfit_frequency_are_refused_with_the_documented_codes(tsc_server, tsc):
    from datetime import time
    exceptions = tsc.server.endpoint.exceptions
    with pytest.raises(exceptions.ServerResponseError) as taken:
        tsc_server.schedules.create(_schedule(tsc, "saturday NIGHT", tsc.WeeklyInterval(time(1), "Sunday")))
    assert taken.value.code == "409021"
    with pytest.raises(exceptions.ServerResponseError) as unfit:
        tsc_server.schedules.create(_schedule(tsc, "Quarter past", tsc.HourlyInterval(time(2, 15), time(20, 15), 0.25)))
    assert unfit.value.code == "409004"  # every 15 minutes must start and end on the hour
    listed, _pagination = tsc_server.schedules.get()
    assert "Quarter past" not in [s.name for s in listed]


def test_tsc_deletes_a_schedule_and_it_is_gone(tsc_server, tsc):
    from datetime import time
    schedule = tsc_server.schedules.create(_schedule(tsc, "Short-lived", tsc.MonthlyInterval(time(3), "LastDay")))
    tsc_server.schedules.delete(schedule.id)
    listed, _pagination = tsc_server.schedules.get()
    assert "Short-lived" not in [s.name for s in listed]
    with pytest.raises(tsc.server.endpoint.exceptions.ServerResponseError) as gone:
        tsc_server.schedules.get_by_id(schedule.id)
    assert gone.value.code == "404023"


def test_only_server_administrators_create_schedules(request, tsc):
    from datetime import time
    seed = {"sites": [{"name": "Default", "content_url": ""}],
            "users": [{"name": "admin", "password": "admin", "site_role": "ServerAdministrator", "sites": [""]},
                      {"name": "site.admin", "password": "pw", "site_role": "SiteAdministratorCreator", "sites": [""]}]}
    with checked_emulator(request, seed=seed) as emu:
        server = tsc.Server(emu.url, use_server_version=True)
        server.auth.sign_in(tsc.TableauAuth("site.admin", "pw", site_id=""))
        with pytest.raises(tsc.server.endpoint.exceptions.ServerResponseError) as refused:
            server.schedules.create(_schedule(tsc, "Mine", tsc.WeeklyInterval(time(7), "Monday")))
        assert refused.value.code == "403000"
        server.auth.sign_out()
        assert emu.emulator.state.schedules and "Mine" not in [s["name"] for s in emu.emulator.state.schedules.values()]
