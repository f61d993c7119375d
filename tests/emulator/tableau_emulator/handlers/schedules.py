"""Schedules: server-wide (not per site) extract, flow, subscription and data-acceleration schedules of Tableau Server.

A schedule is kept in ``state.schedules`` by id as a dict of its XML attributes (``name``, ``type``, ``state``,
``priority``, ``frequency``, ``executionOrder``, ``createdAt``, ``updatedAt``, ``nextRunAt``, ``endScheduleAt``)
plus ``start``, ``end`` (``HH:MM:SS``) and ``intervals`` (a list of dicts, each one ``<interval>``'s attributes:
``{"hours": "4"}``, ``{"weekDay": "Monday"}``, ``{"monthDay": "1"}``). ``get_schedule`` and
``schedule_element`` are what the task and subscription handlers use; deleting a schedule fires
``schedule_deleted`` so they can drop what ran on it.

The seed's ``"schedules"`` (a list of such dicts without ids and dates; name, type and frequency at least)
replaces the defaults a new Tableau Server comes with. Tableau Cloud has no server schedules: there the
routes answer 403.

Create, Update and Delete Schedule are for server administrators. Their codes are the REST API reference's:
409021 for a name another schedule has (names compare without regard to case), 404023 for an unknown
schedule, 400008 for an invalid value on update, and 409004 with HTTP 400 for frequency details that do not
fit the frequency (the reference: "For hourly, daily, or monthly schedules, this often means that the content
of the <intervals> element does not match the expected format"). What each frequency takes follows Tableau
Server's schedule editor and TSC's interval classes: Hourly a start, an end and one interval of 1, 2, 4, 6, 8
or 12 hours or 15 or 30 minutes; Daily a start and, from 3.21, every 2, 4, 6, 8 or 12 hours until an end
(24: once a day); Weekly one to seven week days; Monthly days of the month (1 to 31, LastDay) or a week day
of the month (``<interval weekDay="Monday" monthDay="First"/>``, First to Fifth or Last). Hourly and
daily schedules run on chosen week days, every day when none is given. Answers before 3.21 (Tableau Server
2023.3) leave out what those servers did not report (TSC issue #1377): the week days of hourly and daily
schedules, the intervals of daily ones, all but the first day of monthly ones. An hourly or daily schedule that
runs every day names no week day (the XSD allows seven intervals, fewer than seven days and the repeat). ``nextRunAt`` is worked out
from the frequency when an answer is made (UTC); nothing runs at that time.
"""

import calendar
import copy
import datetime
import re

from ..access import require_server_admin
from ..errors import ApiError, bad_request, conflict, forbidden, not_found
from ..query import list_response
from ..registry import fire, on, route, server_collection, version_tuple
from ..routing import created, no_content, ok
from ..state import new_id
from ..xmlio import child, element, now

server_collection("schedules", summary=True)

# What a new Tableau Server comes with.
DEFAULT_SCHEDULES = [
    {"name": "Weekday early mornings", "type": "Extract", "frequency": "Weekly", "priority": "50",
     "executionOrder": "Parallel", "start": "05:00:00",
     "intervals": [{"weekDay": day} for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")]},
    {"name": "Saturday night", "type": "Extract", "frequency": "Weekly", "priority": "50",
     "executionOrder": "Parallel", "start": "23:00:00", "intervals": [{"weekDay": "Saturday"}]},
    {"name": "End of the month", "type": "Extract", "frequency": "Monthly", "priority": "50",
     "executionOrder": "Parallel", "start": "23:00:00", "intervals": [{"monthDay": "LastDay"}]},
    {"name": "Monday morning", "type": "Subscription", "frequency": "Weekly", "priority": "50",
     "executionOrder": "Parallel", "start": "07:00:00", "intervals": [{"weekDay": "Monday"}]},
    {"name": "Weekday mornings", "type": "Subscription", "frequency": "Weekly", "priority": "50",
     "executionOrder": "Parallel", "start": "07:00:00",
     "intervals": [{"weekDay": day} for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")]},
    {"name": "Daily flow run", "type": "Flow", "frequency": "Daily", "priority": "50",
     "executionOrder": "Parallel", "start": "02:00:00", "intervals": [{"hours": "24"}]},
]

ATTRIBUTES = ("id", "name", "state", "priority", "createdAt", "updatedAt", "type", "frequency", "nextRunAt",
              "endScheduleAt", "executionOrder")
WEEK_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEK_OF_MONTH = ("First", "Second", "Third", "Fourth", "Fifth", "Last")
FREQUENCIES = ("Hourly", "Daily", "Weekly", "Monthly")
# The types Create Schedule takes, and the version each came with (Prep Conductor's flows 3.3, Tableau
# Server 2020.2's data acceleration 3.8); ActiveDirectorySync schedules are the server's own.
TYPE_VERSIONS = {"Extract": "2.3", "Subscription": "2.3", "Flow": "3.3", "DataAcceleration": "3.8"}
HOURLY_HOURS = ("1", "2", "4", "6", "8", "12")
DAILY_HOURS = ("2", "4", "6", "8", "12", "24")
MINUTES = ("15", "30")
FLEXIBLE_VERSION = "3.21"
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$")


def new_schedule(spec):
    """A stored schedule from a seed entry or a parsed request: defaults for what ``spec`` leaves out."""
    stamp = now()
    schedule = {"id": new_id(), "state": "Active", "priority": "50", "executionOrder": "Parallel",
                "createdAt": stamp, "updatedAt": stamp, "nextRunAt": None, "endScheduleAt": None,
                "start": "00:00:00", "end": None, "intervals": []}
    schedule.update(copy.deepcopy(spec))
    return schedule


@on("seed")
def seed_schedules(state, seed):
    if state.is_cloud:
        return
    for spec in seed.get("schedules", DEFAULT_SCHEDULES):
        schedule = new_schedule(spec)
        state.schedules[schedule["id"]] = schedule


def no_schedules_on_cloud(request):
    if request.state.is_cloud:
        raise forbidden("403000", "Forbidden",
                        "Server schedules are not available on Tableau Cloud; extract refreshes, flow runs and "
                        "subscriptions there carry their own frequency.")


def get_schedule(state, schedule_id, code="404000"):
    """The stored schedule; 404 with ``code`` (the schedule methods' own is 404023) when there is none."""
    schedule = state.schedules.get(schedule_id)
    if schedule is None:
        raise not_found(code, "Resource Not Found", "The schedule '%s' could not be found." % schedule_id)
    return schedule


# ---------------------------------------------------------------------- answers

def as_reported(schedule, version):
    """``(end, intervals)`` as a server at ``version`` reports them (see the module docstring)."""
    end, intervals = schedule.get("end"), schedule["intervals"]
    if version is None or version_tuple(version) >= version_tuple(FLEXIBLE_VERSION):
        return end, intervals
    frequency = schedule["frequency"]
    if frequency == "Hourly":
        intervals = [i for i in intervals if "hours" in i or "minutes" in i]
    elif frequency == "Daily":
        end, intervals = None, []
    elif frequency == "Monthly":
        intervals = intervals[:1]
    return end, intervals


def frequency_details_element(schedule, version=None):
    end, intervals = as_reported(schedule, version)
    listed = element("intervals", None, *[element("interval", dict(interval)) for interval in intervals])
    return element("frequencyDetails", {"start": schedule["start"], "end": end}, listed)


def schedule_element(schedule, details=True, version=None):
    """``<schedule>``; listings (``details=False``) leave out ``<frequencyDetails>``, as Query Schedules does.

    ``version``: the request's REST API version, for what older servers leave out of the details.
    """
    attrs = dict((name, schedule.get(name)) for name in ATTRIBUTES)
    if attrs["nextRunAt"] is None:
        attrs["nextRunAt"] = next_run_at(schedule)
    el = element("schedule", attrs)
    if details:
        el.append(frequency_details_element(schedule, version))
    return el


# ---------------------------------------------------------------------- when it runs next

def _clock(text):
    hours, minutes, seconds = (int(part) for part in text.split(":"))
    return datetime.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _times_of_day(schedule):
    """When in a day (from its midnight; past 24 hours for a window that ends after midnight) the schedule runs."""
    start = _clock(schedule["start"])
    steps = [int(i["hours"]) * 60 for i in schedule["intervals"] if "hours" in i] + \
            [int(i["minutes"]) for i in schedule["intervals"] if "minutes" in i]
    if schedule["frequency"] not in ("Hourly", "Daily") or not steps or steps[0] >= 24 * 60:
        return [start]
    end = _clock(schedule["end"]) if schedule.get("end") else start
    if end <= start:
        end += datetime.timedelta(days=1)
    step, times, at = datetime.timedelta(minutes=steps[0]), [], start
    while at <= end:
        times.append(at)
        at += step
    return times


def _runs_on(schedule, day):
    week_days = [i["weekDay"] for i in schedule["intervals"] if "weekDay" in i and "monthDay" not in i]
    if schedule["frequency"] == "Monthly":
        last = calendar.monthrange(day.year, day.month)[1]
        days = [i["monthDay"] for i in schedule["intervals"] if "monthDay" in i and "weekDay" not in i]
        return (str(day.day) in days or ("LastDay" in days and day.day == last)
                or any(_is_week_day_of_month(i, day, last) for i in schedule["intervals"] if "weekDay" in i))
    return not week_days or WEEK_DAYS[day.weekday()] in week_days


def _is_week_day_of_month(interval, day, last):
    """``<interval weekDay="Monday" monthDay="First"/>``: the first (.. fifth, last) Monday of the month."""
    if WEEK_DAYS[day.weekday()] != interval["weekDay"]:
        return False
    if interval["monthDay"] == "Last":
        return day.day + 7 > last
    return WEEK_OF_MONTH.index(interval["monthDay"]) == (day.day - 1) // 7


def next_run_at(schedule, moment=None):
    """The first time after ``moment`` (now, UTC) the frequency gives, as ISO 8601; None when it gives none."""
    moment = moment or datetime.datetime.now(datetime.timezone.utc)
    midnight = datetime.datetime.combine(moment.date(), datetime.time(0), tzinfo=datetime.timezone.utc)
    times = _times_of_day(schedule)
    found = [midnight + datetime.timedelta(days=offset) + at
             for offset in range(-1, 63) if _runs_on(schedule, (midnight + datetime.timedelta(days=offset)).date())
             for at in times]
    later = [when for when in found if when > moment]
    return min(later).strftime("%Y-%m-%dT%H:%M:%SZ") if later else None


# ---------------------------------------------------------------------- requests

def bad_frequency(detail):
    # The code the reference gives Create Schedule for intervals that do not fit the frequency (with HTTP 400).
    return ApiError(400, "409004", "Bad Request", detail)


def invalid_parameter(detail):
    return bad_request(detail, code="400008", summary="Invalid Parameter")


def _time(value, what):
    if value is not None and not TIME.match(value):
        raise bad_frequency("The %s time '%s' is not a time of day as HH:MM:SS." % (what, value))
    return value


def _intervals(details_el):
    intervals = []
    for interval in details_el.findall("intervals/interval"):
        attrs = dict((key, value) for key, value in interval.attrib.items()
                     if key in ("hours", "minutes", "weekDay", "monthDay"))
        if not attrs:
            raise bad_frequency("An <interval> needs hours, minutes, weekDay or monthDay.")
        if "weekDay" in attrs and attrs["weekDay"] not in WEEK_DAYS:
            raise bad_frequency("'%s' is not a week day; valid values are %s." % (attrs["weekDay"], ", ".join(WEEK_DAYS)))
        intervals.append(attrs)
    return intervals


def _check_hourly(start, end, intervals, repeats):
    if end is None:
        raise bad_frequency("An hourly schedule needs an end time.")
    if len(repeats) != 1:
        raise bad_frequency("An hourly schedule needs one interval of hours (1, 2, 4, 6, 8, 12) or minutes (15, 30).")
    repeat = repeats[0]
    if repeat.get("hours") not in (None,) + HOURLY_HOURS or repeat.get("minutes") not in (None,) + MINUTES:
        raise bad_frequency("Hourly schedules repeat every 1, 2, 4, 6, 8 or 12 hours or every 15 or 30 minutes.")
    if "minutes" in repeat and (start[3:5] != "00" or end[3:5] != "00"):
        raise bad_frequency("A schedule that repeats every %s minutes must start and end on the hour." % repeat["minutes"])
    if any("monthDay" in i for i in intervals):
        raise bad_frequency("An hourly schedule takes no monthDay interval.")


def _check_daily(intervals, repeats):
    if len(repeats) > 1 or any("minutes" in r or r.get("hours") not in DAILY_HOURS for r in repeats):
        raise bad_frequency("A daily schedule runs once a day (hours 24) or every 2, 4, 6, 8 or 12 hours.")
    if any("monthDay" in i for i in intervals):
        raise bad_frequency("A daily schedule takes no monthDay interval.")


def _check_weekly(intervals, repeats):
    days = [i.get("weekDay") for i in intervals]
    if repeats or not days or None in days or len(set(days)) != len(days):
        raise bad_frequency("A weekly schedule needs one to seven different weekDay intervals and nothing else.")


def _check_monthly(intervals, repeats):
    days = [i.get("monthDay") for i in intervals]
    if repeats or not days or None in days:
        raise bad_frequency("A monthly schedule needs monthDay intervals (1 to 31, or LastDay) and nothing else.")
    for interval in intervals:
        day = interval["monthDay"]
        if "weekDay" in interval:
            # A week day of the month (TSC's schedule_get_monthly_id_2.xml, a 3.25 server's "first Monday").
            if day not in WEEK_OF_MONTH or interval["weekDay"] not in WEEK_DAYS:
                raise bad_frequency("<interval weekDay=\"%s\" monthDay=\"%s\"/> names no week day of the month "
                                    "(a week day and one of %s)."
                                    % (interval["weekDay"], day, ", ".join(WEEK_OF_MONTH)))
        elif day != "LastDay" and not (day.isdigit() and 1 <= int(day) <= 31):
            raise bad_frequency("'%s' is not a day of the month (1 to 31, or LastDay)." % day)


def frequency_of(schedule_el, frequency):
    """``{"frequency", "start", "end", "intervals"}`` from a request's ``<frequencyDetails>``, checked and completed."""
    if frequency not in FREQUENCIES:
        raise bad_frequency("The frequency '%s' is not one of %s." % (frequency, ", ".join(FREQUENCIES)))
    details_el = schedule_el.find("frequencyDetails")
    if details_el is None:
        raise bad_frequency("A %s schedule needs frequencyDetails with a start time." % frequency.lower())
    start = _time(details_el.get("start"), "start")
    if start is None:
        raise bad_frequency("The frequencyDetails need a start time.")
    end = _time(details_el.get("end"), "end")
    intervals = _intervals(details_el)
    repeats = [i for i in intervals if "hours" in i or "minutes" in i]
    if frequency == "Hourly":
        _check_hourly(start, end, intervals, repeats)
    elif frequency == "Daily":
        _check_daily(intervals, repeats)
    elif frequency == "Weekly":
        _check_weekly(intervals, repeats)
    else:
        _check_monthly(intervals, repeats)
    if frequency in ("Hourly", "Daily") and set(i.get("weekDay") for i in intervals) >= set(WEEK_DAYS):
        # Every day is said by naming no day: seven days and the repeat would be more intervals than the XSD's 7.
        intervals = [i for i in intervals if "weekDay" not in i]
    if frequency == "Daily" and not repeats:
        intervals.insert(0, {"hours": "24"})
    if frequency in ("Weekly", "Monthly") or any(i.get("hours") == "24" for i in intervals):
        end = None  # no end to a day that has one run
    return {"frequency": frequency, "start": start, "end": end, "intervals": intervals}


def _name_free(state, name, schedule_id=None):
    for schedule in state.schedules.values():
        if schedule["name"].lower() == name.lower() and schedule["id"] != schedule_id:
            raise conflict("409021", "Schedule name conflict",
                           "The schedule name '%s' already belongs to an existing schedule." % name)


def _priority(value, refuse):
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 100:
        raise refuse("The priority '%s' is not a number from 1 to 100." % value)
    return str(int(value))


def _choice(value, choices, what, refuse):
    if value is not None and value not in choices:
        raise refuse("The %s '%s' is not one of %s." % (what, value, ", ".join(choices)))
    return value


def _check_type(request, schedule_type):
    since = TYPE_VERSIONS.get(schedule_type)
    if since is None or not request.api_version_at_least(since):
        known = [t for t, v in sorted(TYPE_VERSIONS.items()) if request.api_version_at_least(v)]
        raise bad_request("The schedule type '%s' is not one of %s." % (schedule_type, ", ".join(known)))


SCHEDULE_FIELDS = {
    "name": lambda s: s["name"], "type": lambda s: s["type"], "state": lambda s: s["state"],
    "frequency": lambda s: s["frequency"], "priority": lambda s: int(s["priority"]),
}


@route("GET", "/schedules", min_version="2.3")
def query_schedules(request):
    no_schedules_on_cloud(request)
    require_server_admin(request, "list server schedules")
    schedules = sorted(request.state.schedules.values(), key=lambda s: s["createdAt"] + s["name"].lower())
    page, pagination = list_response(schedules, request.query, SCHEDULE_FIELDS)
    return ok(element("pagination", pagination),
              element("schedules", None, *[schedule_element(s, details=False) for s in page]))


@route("GET", "/schedules/{schedule_id}", min_version="3.8")
def query_schedule(request):
    no_schedules_on_cloud(request)
    schedule = get_schedule(request.state, request.params["schedule_id"], code="404023")
    return ok(schedule_element(schedule, version=request.api_version))


@route("POST", "/schedules", min_version="2.3")
def create_schedule(request):
    no_schedules_on_cloud(request)
    require_server_admin(request, "create server schedules")
    schedule_el = child(request.xml(), "schedule")
    name = (schedule_el.get("name") or "").strip()
    if not name:
        raise bad_request("A schedule needs a name.")
    _check_type(request, schedule_el.get("type"))
    _name_free(request.state, name)
    spec = {"name": name, "type": schedule_el.get("type"),
            "priority": _priority(schedule_el.get("priority"), bad_request) or "50",
            "executionOrder": _choice(schedule_el.get("executionOrder"), ("Parallel", "Serial"), "execution order",
                                      bad_request) or "Parallel",
            "state": _choice(schedule_el.get("state"), ("Active", "Suspended"), "state", bad_request) or "Active"}
    spec.update(frequency_of(schedule_el, schedule_el.get("frequency")))
    schedule = new_schedule(spec)
    request.state.schedules[schedule["id"]] = schedule
    return created("/api/%s/schedules/%s" % (request.api_version, schedule["id"]),
                   schedule_element(schedule, version=request.api_version))


@route("PUT", "/schedules/{schedule_id}", min_version="2.3")
def update_schedule(request):
    no_schedules_on_cloud(request)
    require_server_admin(request, "change server schedules")
    schedule = get_schedule(request.state, request.params["schedule_id"], code="404023")
    schedule_el = child(request.xml(), "schedule")
    changes = {}
    if schedule_el.get("name") is not None:
        name = schedule_el.get("name").strip()
        if not name:
            raise invalid_parameter("A schedule's name cannot be empty.")
        _name_free(request.state, name, schedule["id"])
        changes["name"] = name
    if schedule_el.get("type") not in (None, schedule["type"]):
        raise invalid_parameter("The type of schedule '%s' is %s; it cannot change." % (schedule["name"], schedule["type"]))
    changes["priority"] = _priority(schedule_el.get("priority"), invalid_parameter)
    changes["executionOrder"] = _choice(schedule_el.get("executionOrder"), ("Parallel", "Serial"), "execution order",
                                        invalid_parameter)
    changes["state"] = _choice(schedule_el.get("state"), ("Active", "Suspended"), "state", invalid_parameter)
    frequency = schedule_el.get("frequency") or schedule["frequency"]
    if schedule_el.find("frequencyDetails") is None and frequency != schedule["frequency"]:
        raise bad_frequency("A new frequency (%s) needs its frequencyDetails." % frequency)
    schedule.update((key, value) for key, value in changes.items() if value is not None)
    if schedule_el.find("frequencyDetails") is not None:
        schedule.update(frequency_of(schedule_el, frequency))
    schedule["updatedAt"] = now()
    return ok(schedule_element(schedule, version=request.api_version))


@route("DELETE", "/schedules/{schedule_id}", min_version="2.3")
def delete_schedule(request):
    no_schedules_on_cloud(request)
    require_server_admin(request, "delete server schedules")
    schedule = get_schedule(request.state, request.params["schedule_id"], code="404023")
    del request.state.schedules[schedule["id"]]
    fire("schedule_deleted", request.state, schedule)
    return no_content()
