# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Server schedules of Tableau Server: found by name, read with their frequency, created, changed and deleted.

Schedules live outside any site (``/api/<version>/schedules``). Tableau Cloud has none: there extract
refreshes, flow runs and subscriptions carry their own frequency, so ``ScheduleResource`` refuses to run
on Cloud (a host under ``online.tableau.com``) with a message that says so, before any request; a server
that refuses the listing (403) gets the same explanation.

A schedule's frequency is given and returned in the options' own terms (``FREQUENCY_DETAILS``):
``start_time`` and ``end_time`` as ``HH:MM:SS``, ``interval_hours`` or ``interval_minutes``, ``week_days``
and ``month_days`` as lists in calendar order, so two spellings of the same frequency compare equal. The
REST API carries them as ``<frequencyDetails start end><intervals><interval hours|minutes|weekDay|monthDay>``,
one element per value (``parse_frequency_details`` reads that form).

Which frequency takes which details (as Tableau Server's schedule editor and TSC's interval classes have them):
Hourly: start, end, every 1, 2, 4, 6, 8 or 12 hours or every 15 or 30 minutes; Daily: start, once a day
(hours 24) or every 2, 4, 6, 8 or 12 hours until end; Weekly: start and one to seven week days; Monthly:
start and days of the month (1 to 31, LastDay). Week days of hourly and daily schedules, daily schedules
that repeat every few hours and monthly schedules on several days came to the REST API in 3.21 (Tableau
Server 2023.3): before, Query Schedule did not even report them (TSC issues #1140 and #1377).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.frequency import ordered_days
from ansible_collections.tableau.server.plugins.module_utils.resource import (
    Field,
    FieldTable,
    Outcome,
    Resource,
    predicted_update,
)

SCHEDULES_VERSION = "2.3"
# Query Schedule (one schedule, with its frequency details) came in 3.8; listings leave the details out.
QUERY_SCHEDULE_VERSION = "3.8"
# Week days of hourly and daily schedules, daily schedules every few hours, monthly ones on several days.
FLEXIBLE_FREQUENCY_VERSION = "3.21"
SCHEDULE_TYPES = ["Extract", "Flow", "Subscription", "DataAcceleration", "ActiveDirectorySync"]
# What Create Schedule takes (ActiveDirectorySync schedules are the server's own), and since when: flows
# came with Tableau Prep Conductor (3.3), data acceleration with Tableau Server 2020.2 (3.8).
CREATABLE_TYPES = ["Extract", "Flow", "Subscription", "DataAcceleration"]
TYPE_VERSIONS = {"Flow": "3.3", "DataAcceleration": "3.8"}
FREQUENCIES = ["Hourly", "Daily", "Weekly", "Monthly"]
EXECUTION_ORDERS = ["Parallel", "Serial"]
WEEK_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
LAST_DAY = "LastDay"
HOURLY_HOURS = [1, 2, 4, 6, 8, 12]
ONCE_A_DAY = 24
DAILY_HOURS = [2, 4, 6, 8, 12, ONCE_A_DAY]
INTERVAL_HOURS = [1, 2, 4, 6, 8, 12, ONCE_A_DAY]
INTERVAL_MINUTES = [15, 30]
DEFAULT_PRIORITY = 50
DEFAULT_EXECUTION_ORDER = "Parallel"

FREQUENCY_DETAILS = ("start_time", "end_time", "interval_hours", "interval_minutes", "week_days", "month_days")
# The details each frequency takes.
APPLIES = {
    "Hourly": ("start_time", "end_time", "interval_hours", "interval_minutes", "week_days"),
    "Daily": ("start_time", "end_time", "interval_hours", "week_days"),
    "Weekly": ("start_time", "week_days"),
    "Monthly": ("start_time", "month_days"),
}
FREQUENCY_HINT = ("Hourly takes start_time, end_time and interval_hours (1, 2, 4, 6, 8, 12) or interval_minutes "
                  "(15, 30); Daily takes start_time, and interval_hours (2, 4, 6, 8, 12, or 24 for once a day) "
                  "with end_time when it repeats; Weekly takes start_time and week_days; Monthly takes start_time "
                  "and month_days (1 to 31, LastDay). Hourly and daily schedules take week_days too.")

SCHEDULE_FIELDS = FieldTable("schedule", (
    Field("name", "name"),
    Field("type", "type", kind=SCHEDULE_TYPES),
    Field("frequency", "frequency", kind=FREQUENCIES),
    Field("priority", "priority", kind="int"),
    Field("execution_order", "executionOrder", kind=EXECUTION_ORDERS),
    Field("enabled", None, kind="bool"),
    Field("state", "state", compare=False, option=False),
    Field("next_run_at", "nextRunAt", compare=False, option=False),
    Field("end_schedule_at", "endScheduleAt", compare=False, option=False),
    Field("created_at", "createdAt", compare=False, option=False),
    Field("updated_at", "updatedAt", compare=False, option=False),
))

CLOUD_HINT = ("Tableau Cloud has no server schedules: give an extract-refresh task, flow-run task or subscription "
              "its own frequency instead (tableau_extract_refresh_task, tableau_subscription).")
TIME_PATTERN = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?$")


def is_tableau_cloud(client):
    host = client.server_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    return host == "online.tableau.com" or host.endswith(".online.tableau.com")


def refuse_on_cloud(client, feature):
    """Server schedules exist on Tableau Server only; on Cloud say what to use instead, before any request."""
    if is_tableau_cloud(client):
        raise TableauValidationError("%s needs Tableau Server; %s is Tableau Cloud." % (feature, client.server_url),
                                     hint=CLOUD_HINT)


def refused(exc):
    """A 403 on schedules: Tableau Cloud, or not a server administrator."""
    if getattr(exc, "status", None) != 403:
        return exc
    return TableauValidationError("Reading server schedules was refused: %s" % exc.detail,
                                  hint=CLOUD_HINT + " On Tableau Server, sign in as a server administrator.",
                                  code=exc.code, summary=exc.summary, detail=exc.detail)


def parse_frequency_details(el):
    """``<frequencyDetails>`` as ``{"start", "end", "intervals": [{"hours": 4}, {"week_day": "Monday"}, ...]}``."""
    details = xmlio.find(el, "frequencyDetails")
    if details is None:
        return None
    intervals = []
    for interval in xmlio.findall(details, "intervals/interval"):
        for attr, key in (("hours", "hours"), ("minutes", "minutes"), ("weekDay", "week_day"), ("monthDay", "month_day")):
            if interval.get(attr) is not None:
                value = interval.get(attr)
                intervals.append({key: xmlio.to_int(value) if key in ("hours", "minutes") else value})
    return {"start": details.get("start"), "end": details.get("end"), "intervals": intervals}


# ---------------------------------------------------------------------- frequency details in the options' terms

def normalized_time(value, option):
    """``"5:30"`` or ``"05:30:00"`` as ``"05:30:00"``; a clear refusal for anything else."""
    if value is None:
        return None
    match = TIME_PATTERN.match(str(value).strip())
    if not match:
        raise TableauValidationError("%s must be a time of day as HH:MM or HH:MM:SS (24-hour clock); got '%s'."
                                     % (option, value), hint="For example 06:30, or 23:00:00.")
    hours, minutes, seconds = match.groups()
    return "%02d:%02d:%02d" % (int(hours), int(minutes), int(seconds or 0))


def normalized_week_days(days):
    """Days of the week as frequency.py spells and orders them for every module; None stays None (not given)."""
    return None if days is None else ordered_days(days)


def _month_day(value):
    text = str(value).strip()
    if text.lower() == LAST_DAY.lower():
        return LAST_DAY
    if text.isdigit() and 1 <= int(text) <= 31:
        return str(int(text))
    raise TableauValidationError("month_days takes days of the month from 1 to 31, or LastDay; got '%s'." % value)


def _month_day_order(day):
    return (1, 0) if day == LAST_DAY else (0, int(day))


def normalized_month_days(days):
    if days is None:
        return None
    return sorted(set(_month_day(day) for day in days), key=_month_day_order)


def frequency_in_user_terms(frequency, details):
    """``parse_frequency_details``'s dict in the options' terms; None when the answer had no details.

    A daily schedule without an hours interval runs once a day: ``interval_hours`` 24, as newer servers say.
    """
    if details is None:
        return None
    intervals = details.get("intervals") or []

    def values(key):
        return [interval[key] for interval in intervals if interval.get(key) is not None]
    hours, minutes = values("hours"), values("minutes")
    week_days = [day for day in WEEK_DAYS if day in values("week_day")]
    month_days = sorted(set(str(day) for day in values("month_day")), key=_month_day_sort_key)
    if frequency == "Daily" and not hours:
        hours = [ONCE_A_DAY]
    return {
        "start_time": details.get("start"), "end_time": details.get("end"),
        "interval_hours": hours[0] if hours else None, "interval_minutes": minutes[0] if minutes else None,
        "week_days": week_days or None, "month_days": month_days or None,
    }


def _month_day_sort_key(day):
    # What a server reports may be more than the options take (First, Customized Monthly): keep it, after the rest.
    if day == LAST_DAY:
        return (1, 0, day)
    return (0, int(day), day) if day.isdigit() else (2, 0, day)


def interval_list(frequency, details, flexible=True):
    """The ``<interval>`` values of ``details`` (options' terms), as ``parse_frequency_details`` spells them.

    ``flexible``: the server takes week days on hourly and daily schedules and an hours interval on daily ones
    (3.21); older servers get a daily schedule without intervals, as TSC sends one.
    """
    intervals = []
    if details.get("interval_hours") is not None and (frequency == "Hourly" or flexible):
        intervals.append({"hours": details["interval_hours"]})
    if details.get("interval_minutes") is not None:
        intervals.append({"minutes": details["interval_minutes"]})
    days = details.get("week_days") or []
    if frequency == "Weekly" or (flexible and len(days) < len(WEEK_DAYS)):
        # An hourly or daily schedule that runs every day names no day.
        intervals.extend({"week_day": day} for day in days)
    intervals.extend({"month_day": day} for day in details.get("month_days") or [])
    return intervals


def details_record(frequency, details, flexible=True):
    """What a record carries as ``frequency_details``: the options' terms, and the REST API's own form beside them."""
    record = dict((key, details.get(key)) for key in FREQUENCY_DETAILS)
    record.update(start=details.get("start_time"), end=details.get("end_time"),
                  intervals=interval_list(frequency, details, flexible))
    return record


def shown_details(details):
    if details is None:
        return None
    return dict((key, details.get(key)) for key in FREQUENCY_DETAILS)


def frequency_details_element(frequency, details, flexible=True):
    attrs = {"hours": "hours", "minutes": "minutes", "week_day": "weekDay", "month_day": "monthDay"}
    intervals = [xmlio.element("interval", dict((attrs[key], value) for key, value in interval.items()))
                 for interval in interval_list(frequency, details, flexible)]
    return xmlio.element("frequencyDetails", {"start": details.get("start_time"), "end": details.get("end_time")},
                         xmlio.element("intervals", None, *intervals))


def shown(record):
    """What a diff shows of a schedule: its fields and its frequency details, by name."""
    if not record:
        return {}
    view = SCHEDULE_FIELDS.shown(record)
    view["frequency_details"] = shown_details(record.get("frequency_details"))
    return view


# ---------------------------------------------------------------------- checks made before any write

def given_frequency(params):
    """The frequency options of ``params``, normalised (None for those not given); format errors raise here."""
    given = {
        "frequency": params.get("frequency"),
        "start_time": normalized_time(params.get("start_time"), "start_time"),
        "end_time": normalized_time(params.get("end_time"), "end_time"),
        "interval_hours": params.get("interval_hours"),
        "interval_minutes": params.get("interval_minutes"),
        "week_days": normalized_week_days(params.get("week_days")),
        "month_days": normalized_month_days(params.get("month_days")),
    }
    if given["interval_hours"] is not None and given["interval_minutes"] is not None:
        raise TableauValidationError("Give interval_hours or interval_minutes, not both.", hint=FREQUENCY_HINT)
    if given["interval_hours"] is not None and given["interval_hours"] not in INTERVAL_HOURS:
        raise TableauValidationError("interval_hours must be one of %s; got %s."
                                     % (", ".join(str(h) for h in INTERVAL_HOURS), given["interval_hours"]))
    if given["interval_minutes"] is not None and given["interval_minutes"] not in INTERVAL_MINUTES:
        raise TableauValidationError("interval_minutes must be 15 or 30; got %s." % given["interval_minutes"])
    if given["week_days"] == [] or given["month_days"] == []:
        raise TableauValidationError("week_days and month_days, when given, name at least one day.")
    return given


def check_scalars(params):
    priority = params.get("priority")
    if priority is not None and not 1 <= priority <= 100:
        raise TableauValidationError("priority must be from 1 (runs first) to 100; got %s." % priority,
                                     hint="Tableau Server's default priority is 50.")
    if params.get("type") is not None and params["type"] not in CREATABLE_TYPES:
        raise TableauValidationError("A schedule's type is one of %s; got '%s'."
                                     % (", ".join(CREATABLE_TYPES), params["type"]))


def _hourly_problems(details):
    problems = []
    if details.get("end_time") is None:
        problems.append("an hourly schedule needs end_time")
    if details.get("interval_hours") is None and details.get("interval_minutes") is None:
        problems.append("an hourly schedule needs interval_hours or interval_minutes")
    if details.get("interval_hours") not in [None] + HOURLY_HOURS:
        problems.append("an hourly schedule runs every 1, 2, 4, 6, 8 or 12 hours, not %s (a daily schedule runs "
                        "once in 24)" % details["interval_hours"])
    if details.get("interval_minutes") is not None and not all(
            (details.get(key) or "00:00:00")[3:5] == "00" for key in ("start_time", "end_time")):
        problems.append("a schedule that runs every %s minutes starts and ends on the hour"
                        % details["interval_minutes"])
    return problems


def _daily_problems(details):
    hours = details.get("interval_hours")
    if hours not in DAILY_HOURS:
        return ["a daily schedule runs once a day (interval_hours 24) or every 2, 4, 6, 8 or 12 hours, not %s" % hours]
    if hours < ONCE_A_DAY and details.get("end_time") is None:
        return ["a daily schedule that repeats every %s hours needs end_time" % hours]
    if hours == ONCE_A_DAY and details.get("end_time") is not None:
        return ["end_time applies to a daily schedule only when it repeats (interval_hours below 24)"]
    return []


def _weekly_problems(details):
    return [] if details.get("week_days") else ["a weekly schedule needs week_days"]


def _monthly_problems(details):
    return [] if details.get("month_days") else ["a monthly schedule needs month_days"]


PROBLEMS = {"Hourly": _hourly_problems, "Daily": _daily_problems, "Weekly": _weekly_problems,
            "Monthly": _monthly_problems}


def check_frequency(name, frequency, details, client):
    """Refuse, before any write, frequency details the server would refuse (or its version does not have)."""
    problems = ["%s does not apply to %s schedules" % (key, frequency.lower())
                for key in FREQUENCY_DETAILS if details.get(key) is not None and key not in APPLIES[frequency]]
    if details.get("start_time") is None:
        problems.append("a schedule needs start_time")
    problems.extend(PROBLEMS[frequency](details))
    if problems:
        raise TableauValidationError("Schedule '%s' (%s): %s." % (name, frequency, "; ".join(problems)),
                                     hint=FREQUENCY_HINT)
    if frequency in ("Hourly", "Daily") and details.get("week_days") and len(details["week_days"]) < len(WEEK_DAYS):
        client.require_version(FLEXIBLE_FREQUENCY_VERSION, "week_days on %s schedules" % frequency.lower())
    if frequency == "Daily" and details["interval_hours"] < ONCE_A_DAY:
        client.require_version(FLEXIBLE_FREQUENCY_VERSION, "A daily schedule that repeats every few hours")
    if frequency == "Monthly" and len(details["month_days"]) > 1:
        client.require_version(FLEXIBLE_FREQUENCY_VERSION, "A monthly schedule on several days")


def as_the_server_has_it(frequency, details, flexible):
    """Checked details as the server keeps them: before 3.21 an hourly or daily schedule runs every day, unsaid."""
    if not flexible and frequency in ("Hourly", "Daily"):
        details = dict(details, week_days=None)
    return details


def with_defaults(frequency, details, flexible):
    """A new frequency's details with what the server assumes filled in: once a day, every day of the week."""
    details = dict(details)
    if frequency == "Daily" and details.get("interval_hours") is None:
        details["interval_hours"] = ONCE_A_DAY
    if flexible and frequency in ("Hourly", "Daily") and details.get("week_days") is None:
        details["week_days"] = list(WEEK_DAYS)
    return details


def merged_frequency(given, current_frequency, current_details):
    """The whole frequency ``given`` asks for, what it leaves out taken from the schedule as it is.

    A new frequency keeps only the start time of the old one: the other details mean something else there.
    """
    frequency = given["frequency"] or current_frequency
    current = current_details or {}
    if frequency != current_frequency:
        details = {"start_time": current.get("start_time")}
    else:
        details = dict((key, current.get(key)) for key in FREQUENCY_DETAILS)
        # A schedule repeats by hours or by minutes: the one given replaces the other.
        if given["interval_minutes"] is not None:
            details["interval_hours"] = None
        if given["interval_hours"] is not None:
            details["interval_minutes"] = None
        if frequency == "Daily" and given["interval_hours"] == ONCE_A_DAY and given["end_time"] is None:
            details["end_time"] = None
    details.update((key, given[key]) for key in FREQUENCY_DETAILS if given[key] is not None)
    return frequency, details


def asks_for_frequency(given):
    return any(given[key] is not None for key in ("frequency",) + FREQUENCY_DETAILS)


# ---------------------------------------------------------------------- the resource

class ScheduleResource(Resource):
    """Server schedules (``scope = "server"``); writes honour ``check_mode``."""

    path = "/schedules"
    tag = "schedule"
    kind = "schedule"
    table = SCHEDULE_FIELDS
    scope = "server"
    filterable = False  # names are matched in one full listing: schedules are few

    def __init__(self, client, check_mode=False):
        super(ScheduleResource, self).__init__(client, check_mode)
        refuse_on_cloud(client, "Server schedules")
        client.require_version(SCHEDULES_VERSION, "Server schedules")
        self.flexible = client.supports(FLEXIBLE_FREQUENCY_VERSION)

    def from_xml(self, el):
        schedule = super(ScheduleResource, self).from_xml(el)
        raw = parse_frequency_details(el)
        details = frequency_in_user_terms(schedule.get("frequency"), raw)
        if details is not None:
            if self.flexible and schedule.get("frequency") in ("Hourly", "Daily") and not details["week_days"]:
                details["week_days"] = list(WEEK_DAYS)  # naming no day is every day
            details.update(raw)
        schedule["frequency_details"] = details
        schedule["enabled"] = None if schedule.get("state") is None else schedule["state"] != "Suspended"
        return schedule

    def element(self, values):
        attrs = self.table.attributes(dict((key, values.get(key)) for key in
                                           ("name", "type", "frequency", "priority", "execution_order")))
        if values.get("enabled") is not None:
            attrs["state"] = "Active" if values["enabled"] else "Suspended"
        el = xmlio.element("schedule", attrs)
        if values.get("frequency_details") is not None:
            el.append(frequency_details_element(values["frequency"], values["frequency_details"], self.flexible))
        return el

    def list(self, filters=None, sort=None, fields=None):
        try:
            return super(ScheduleResource, self).list(filters, sort, fields)
        except TableauApiError as exc:
            raise refused(exc)

    def read(self, schedule):
        """The schedule with its frequency details (Query Schedule, 3.8+); as listed on older servers."""
        if schedule.get("frequency_details") is not None or not schedule.get("id"):
            return schedule
        if not self.client.supports(QUERY_SCHEDULE_VERSION):
            return schedule
        return self.answered(self.send("GET", "%s/%s" % (self.path, schedule["id"])))

    def not_found(self, name, purpose=None):
        return TableauValidationError(
            "The %s '%s' does not exist on %s." % (purpose or self.kind, name, self.client.server_url),
            hint="Schedules are server-wide: create it with tableau_schedule, or check the name "
                 "(names match without regard to case).")

    def predict(self, fields):
        predicted = super(ScheduleResource, self).predict(fields)
        predicted.update(priority=fields.get("priority") or DEFAULT_PRIORITY,
                         execution_order=fields.get("execution_order") or DEFAULT_EXECUTION_ORDER,
                         enabled=True, state="Active")
        return predicted

    def create(self, fields, find=None):
        """Create Schedule, then Update Schedule to suspend it when ``enabled`` is false (Create takes no state)."""
        fields = dict(fields)
        enabled = fields.pop("enabled", None)
        fields["frequency_details"] = details_record(fields["frequency"], fields["frequency_details"], self.flexible)
        created = super(ScheduleResource, self).create(fields, find)
        if created.get("frequency_details") is None:
            created["frequency_details"] = fields["frequency_details"]
        if enabled is False:
            created = self.update(created, {"enabled": False})
        return created

    def update(self, current, change):
        """Update Schedule with ``change``; a new frequency comes with all of its details (options' terms)."""
        change = dict(change)
        if change.get("frequency_details") is not None:
            change["frequency"] = change.get("frequency") or current.get("frequency")
            change["frequency_details"] = details_record(change["frequency"], change["frequency_details"],
                                                         self.flexible)
        if change.get("enabled") is not None:
            change["state"] = "Active" if change["enabled"] else "Suspended"
        if not change or self.check_mode:
            return predicted_update(current, change)
        updated = super(ScheduleResource, self).update(current, change)
        if change.get("frequency_details") is not None and updated.get("frequency_details") is None:
            updated["frequency_details"] = change["frequency_details"]
        return updated


# ---------------------------------------------------------------------- ensure functions

def require_type_version(client, schedule_type):
    if schedule_type in TYPE_VERSIONS:
        client.require_version(TYPE_VERSIONS[schedule_type], "%s schedules" % schedule_type)


def _create(schedules, params, given):
    missing = [key for key in ("type", "frequency", "start_time") if params.get(key) is None]
    if missing:
        raise TableauValidationError("Creating schedule '%s' needs %s." % (params["name"], ", ".join(missing)),
                                     hint=FREQUENCY_HINT)
    frequency = given["frequency"]
    details = with_defaults(frequency, dict((key, given[key]) for key in FREQUENCY_DETAILS), schedules.flexible)
    check_frequency(params["name"], frequency, details, schedules.client)
    details = as_the_server_has_it(frequency, details, schedules.flexible)
    fields = dict((key, params.get(key)) for key in ("name", "type", "priority", "execution_order", "enabled"))
    fields.update(frequency=frequency, frequency_details=details)
    return schedules.create(dict((key, value) for key, value in fields.items() if value is not None))


def _frequency_change(schedules, current, given, name):
    """``{"frequency", "frequency_details"}`` when the frequency asked for differs from the schedule's, else {}."""
    if not asks_for_frequency(given):
        return {}
    current_details = shown_details(current.get("frequency_details"))
    frequency_changes = given["frequency"] not in (None, current["frequency"])
    if current_details is None and not frequency_changes:
        # A server before 3.8 does not say what the details are, so there is nothing to compare them with.
        return {}
    frequency, details = merged_frequency(given, current["frequency"], current_details)
    if frequency_changes:
        details = with_defaults(frequency, details, schedules.flexible)
    check_frequency(name, frequency, details, schedules.client)
    details = as_the_server_has_it(frequency, details, schedules.flexible)
    if not frequency_changes and all(details.get(key) == current_details.get(key) for key in FREQUENCY_DETAILS):
        return {}
    return {"frequency": frequency, "frequency_details": details}


def _update(schedules, current, params, given):
    current = schedules.read(current)
    if params.get("type") is not None and params["type"] != current["type"]:
        raise TableauValidationError(
            "Schedule '%s' is a%s %s schedule; a schedule's type cannot change (to %s)."
            % (current["name"], "n" if current["type"][0] in "AEIOU" else "", current["type"], params["type"]),
            hint="Give the schedule another name to create a new %s schedule, or delete this one first "
                 "(state: absent); its tasks go with it." % params["type"])
    change = SCHEDULE_FIELDS.changes(current, dict((key, params.get(key)) for key in
                                                   ("priority", "execution_order", "enabled")))
    change.update(_frequency_change(schedules, current, given, current["name"]))
    return current, schedules.update(current, change), bool(change)


def schedule_spec():
    """The options of one server schedule (tableau_schedule's, less ``state``); a site description's items too."""
    return dict(
        name=dict(type="str", required=True),
        type=dict(type="str", choices=CREATABLE_TYPES),
        frequency=dict(type="str", choices=FREQUENCIES),
        start_time=dict(type="str"),
        end_time=dict(type="str"),
        interval_hours=dict(type="int", choices=INTERVAL_HOURS),
        interval_minutes=dict(type="int", choices=INTERVAL_MINUTES),
        week_days=dict(type="list", elements="str", choices=WEEK_DAYS),
        month_days=dict(type="list", elements="raw"),
        priority=dict(type="int"),
        execution_order=dict(type="str", choices=EXECUTION_ORDERS),
        enabled=dict(type="bool"),
    )


def ensure_present(schedules, params):
    """Create or change the server schedule named ``params['name']``; input the server would refuse is refused first."""
    given = given_frequency(params)
    check_scalars(params)
    require_type_version(schedules.client, params.get("type"))
    current = schedules.find_by_name(params["name"])
    if current is None:
        before, after, changed = None, _create(schedules, params, given), True
    else:
        before, after, changed = _update(schedules, current, params, given)
    return Outcome().record(changed, shown(before), shown(after)).ret(schedule=after).result()


def ensure_absent(schedules, params):
    current = schedules.find_by_name(params["name"])
    if current is not None:
        current = schedules.read(current)
        schedules.delete(current)
    return Outcome().record(current is not None, shown(current), {}).ret(schedule={}).result()
