# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""When something runs: the frequency options, their checks, and the ``<schedule>`` XML both ways.

On Tableau Cloud an extract-refresh task, a flow-run task or a subscription carries its own frequency
instead of naming a server schedule. Every module that takes one (tableau_extract_refresh_task,
tableau_flow_task, tableau_subscription) uses the options of ``FREQUENCY_OPTIONS`` and the checks here, so a
playbook says the same thing the same way everywhere:

* ``frequency``: ``Hourly``, ``Daily``, ``Weekly`` or ``Monthly``;
* ``start_time`` and ``end_time``: ``HH:MM`` on a 24-hour clock, in the site's time zone;
* ``interval_hours`` / ``interval_minutes``: how often within the day (Hourly, and Daily below 24 hours);
* ``week_days``: the days of the week, in any case (Weekly; Hourly and Daily may keep to some days);
* ``month_days``: days of the month (``1`` ... ``31``, ``LastDay``), or one of ``First`` ... ``Fifth``,
  ``Last`` together with exactly one of ``week_days`` (the first Monday of the month).

``desired_frequency`` checks the options before any request and returns the normalized record that
``frequency_from_xml`` also returns for a server's answer, so the two compare with ``==``.
``schedule_element`` builds the ``<schedule frequency><frequencyDetails>...`` of a request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError

FREQUENCIES = ["Hourly", "Daily", "Weekly", "Monthly"]
WEEK_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
HOURLY_HOURS = (1, 2, 4, 6, 8, 12)
DAILY_HOURS = (2, 4, 6, 8, 12, 24)
HOURLY_MINUTES = (15, 30)
MONTH_ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Last"]
LAST_DAY = "LastDay"
FREQUENCY_KEYS = ("frequency", "start_time", "end_time", "interval_hours", "interval_minutes", "week_days",
                  "month_days")
TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])(?::00)?$")

FREQUENCY_OPTIONS = dict(
    frequency=dict(type="str", choices=FREQUENCIES),
    start_time=dict(type="str"),
    end_time=dict(type="str"),
    interval_hours=dict(type="int"),
    interval_minutes=dict(type="int"),
    # Checked (without regard to case) by desired_frequency, as the days are spelled in any case in playbooks.
    week_days=dict(type="list", elements="str"),
    month_days=dict(type="list", elements="str"),
)

HINT = ("Hourly needs start_time, end_time and interval_hours (1, 2, 4, 6, 8, 12) or interval_minutes (15, 30); "
        "Daily needs start_time (and end_time with interval_hours 2 to 12); Weekly needs start_time and week_days; "
        "Monthly needs start_time and month_days (1 to 31, LastDay, or First to Fifth or Last with one of week_days).")


def frequency_argspec():
    """The frequency options, for a module's argument_spec (a copy: modules may add to it)."""
    return dict((name, dict(spec)) for name, spec in FREQUENCY_OPTIONS.items())


def given(params):
    """Whether the task gives any frequency option."""
    return any(params.get(key) not in (None, []) for key in FREQUENCY_KEYS)


def invalid(message):
    return TableauValidationError(message, hint=HINT)


def parse_time(value, option):
    """``"6:05"`` or ``"06:05:00"`` -> ``"06:05"``; minutes on a five-minute boundary, as Tableau schedules them."""
    match = TIME.match(str(value or "").strip())
    if not match:
        raise invalid("%s must be a time such as 06:00 (HH:MM, 24-hour clock); got '%s'." % (option, value))
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes % 5:
        raise invalid("%s must fall on a five-minute boundary (06:00, 06:05 ...); got '%s'." % (option, value))
    return "%02d:%02d" % (hours, minutes)


def ordered_days(days):
    """Days of the week in the week's order, spelled as Tableau spells them (``monday`` -> ``Monday``)."""
    by_key = dict((day.lower(), day) for day in WEEK_DAYS)
    unknown = [str(d) for d in days or [] if str(d).strip().lower() not in by_key]
    if unknown:
        raise invalid("week_days takes days of the week (%s); got %s." % (", ".join(WEEK_DAYS), ", ".join(unknown)))
    return sorted(set(by_key[str(d).strip().lower()] for d in days or []), key=WEEK_DAYS.index)


def month_day_key(day):
    if day == LAST_DAY:
        return (1, 32)
    if day in MONTH_ORDINALS:
        return (0, MONTH_ORDINALS.index(day))
    return (1, int(day)) if str(day).isdigit() else (2, 0)


def parse_month_days(days):
    """``month_days`` normalized: ``["1", "15", "LastDay"]``, or one ordinal (``["First"]``)."""
    result = []
    for day in days or []:
        text = str(day).strip()
        spelled = [d for d in MONTH_ORDINALS + [LAST_DAY] if d.lower() == text.lower()]
        if spelled:
            result.append(spelled[0])
        elif text.isdigit() and 1 <= int(text) <= 31:
            result.append(str(int(text)))
        else:
            raise invalid("month_days takes days 1 to 31, LastDay, or one of %s; got '%s'."
                          % (", ".join(MONTH_ORDINALS), day))
    return sorted(set(result), key=month_day_key)


def normalized(record):
    """A frequency record with the values Tableau assumes filled in (a Daily schedule runs every 24 hours)."""
    if not record:
        return None
    record = dict((key, record.get(key)) for key in FREQUENCY_KEYS)
    record["week_days"] = ordered_days(record.get("week_days"))
    record["month_days"] = list(record.get("month_days") or [])
    if record["frequency"] == "Daily" and record["interval_hours"] is None:
        record["interval_hours"] = 24
    if record["frequency"] == "Daily" and record["interval_hours"] == 24:
        record["end_time"] = None
    return record


def desired_frequency(params):
    """The checked, normalized frequency the task asks for; None when it gives no frequency option."""
    if not given(params):
        return None
    frequency = params.get("frequency")
    if not frequency:
        raise invalid("The options start_time, end_time, interval_hours, interval_minutes, week_days and month_days "
                      "need frequency (Hourly, Daily, Weekly or Monthly).")
    if params.get("start_time") in (None, ""):
        raise invalid("A %s frequency needs start_time (HH:MM)." % frequency)
    record = dict((key, params.get(key)) for key in FREQUENCY_KEYS)
    record["start_time"] = parse_time(params["start_time"], "start_time")
    if params.get("end_time") not in (None, ""):
        record["end_time"] = parse_time(params["end_time"], "end_time")
    else:
        record["end_time"] = None
    record["month_days"] = parse_month_days(params.get("month_days"))
    record["week_days"] = ordered_days(params.get("week_days"))
    CHECKS[frequency](record)
    return normalized(record)


def refuse(record, frequency, keys):
    for key in keys:
        if record.get(key) not in (None, []):
            raise invalid("A %s frequency takes no %s." % (frequency, key))


def check_hourly(record):
    refuse(record, "Hourly", ("month_days",))
    hours, minutes = record["interval_hours"], record["interval_minutes"]
    if (hours is None) == (minutes is None):
        raise invalid("An Hourly frequency needs one of interval_hours (1, 2, 4, 6, 8, 12) or interval_minutes "
                      "(15, 30).")
    if hours is not None and hours not in HOURLY_HOURS:
        raise invalid("interval_hours of an Hourly frequency is one of 1, 2, 4, 6, 8, 12; got %s." % hours)
    if minutes is not None and minutes not in HOURLY_MINUTES:
        raise invalid("interval_minutes of an Hourly frequency is 15 or 30; got %s." % minutes)
    check_window(record, "Hourly")


def check_window(record, frequency):
    if record["end_time"] is None:
        raise invalid("A %s frequency every %s needs end_time (HH:MM), when the runs stop for the day."
                      % (frequency, describe_interval(record)))
    if record["end_time"] <= record["start_time"]:
        raise invalid("end_time %s must be later than start_time %s." % (record["end_time"], record["start_time"]))


def describe_interval(record):
    if record.get("interval_minutes"):
        return "%s minutes" % record["interval_minutes"]
    return "%s hours" % record["interval_hours"]


def check_daily(record):
    refuse(record, "Daily", ("interval_minutes", "month_days"))
    hours = record["interval_hours"]
    if hours is not None and hours not in DAILY_HOURS:
        raise invalid("interval_hours of a Daily frequency is one of 2, 4, 6, 8, 12, 24; got %s." % hours)
    if hours not in (None, 24):
        check_window(record, "Daily")
    elif record["end_time"] is not None:
        raise invalid("A Daily frequency that runs once a day takes no end_time.")


def check_weekly(record):
    refuse(record, "Weekly", ("interval_hours", "interval_minutes", "end_time", "month_days"))
    if not record["week_days"]:
        raise invalid("A Weekly frequency needs week_days (Monday ... Sunday).")


def check_monthly(record):
    refuse(record, "Monthly", ("interval_hours", "interval_minutes", "end_time"))
    days = record["month_days"]
    if not days:
        raise invalid("A Monthly frequency needs month_days (1 to 31, LastDay, or First ... Last with week_days).")
    ordinals = [d for d in days if d in MONTH_ORDINALS]
    if ordinals and (len(days) != 1 or len(record["week_days"]) != 1):
        raise invalid("month_days %s names a week of the month: give it alone, with exactly one of week_days "
                      "(First with Monday: the first Monday of the month)." % ordinals[0])
    if not ordinals and record["week_days"]:
        raise invalid("A Monthly frequency on days of the month takes no week_days; use First ... Last in "
                      "month_days for a week day of the month.")


CHECKS = {"Hourly": check_hourly, "Daily": check_daily, "Weekly": check_weekly, "Monthly": check_monthly}


# ---------------------------------------------------------------------------------------- XML

def seconds_time(hhmm):
    return "%s:00" % hhmm if hhmm else None


def intervals(record):
    """The ``<interval>`` attributes of a record, in the order Tableau lists them."""
    found = []
    if record.get("interval_hours") is not None:
        found.append({"hours": record["interval_hours"]})
    if record.get("interval_minutes") is not None:
        found.append({"minutes": record["interval_minutes"]})
    month_days = record.get("month_days") or []
    if month_days and month_days[0] in MONTH_ORDINALS:
        # "The first Monday" is one interval with both attributes, as servers send it.
        return found + [{"weekDay": day, "monthDay": month_days[0]} for day in record.get("week_days") or []]
    found.extend({"weekDay": day} for day in record.get("week_days") or [])
    found.extend({"monthDay": day} for day in month_days)
    return found


def schedule_element(record):
    """``<schedule frequency><frequencyDetails start end><intervals>...`` for a request."""
    details = xmlio.element("frequencyDetails", {"start": seconds_time(record["start_time"]),
                                                 "end": seconds_time(record.get("end_time"))})
    found = intervals(record)
    if found:
        details.append(xmlio.element("intervals", None, *[xmlio.element("interval", attrs) for attrs in found]))
    return xmlio.element("schedule", {"frequency": record["frequency"]}, details)


def short_time(value):
    """``"06:05:00"`` -> ``"06:05"``; None stays None."""
    if not value:
        return None
    parts = str(value).split(":")
    return "%02d:%02d" % (int(parts[0]), int(parts[1])) if len(parts) >= 2 else value


def frequency_from_xml(schedule_el):
    """The normalized frequency record of a ``<schedule>`` with ``<frequencyDetails>``; None without details."""
    if schedule_el is None or not schedule_el.get("frequency"):
        return None
    details = xmlio.find(schedule_el, "frequencyDetails")
    if details is None:
        return None
    record = {"frequency": schedule_el.get("frequency"), "start_time": short_time(details.get("start")),
              "end_time": short_time(details.get("end")), "interval_hours": None, "interval_minutes": None,
              "week_days": [], "month_days": []}
    for interval in xmlio.findall(details, "intervals/interval"):
        if interval.get("hours") is not None:
            record["interval_hours"] = xmlio.to_int(interval.get("hours"))
        if interval.get("minutes") is not None:
            record["interval_minutes"] = xmlio.to_int(interval.get("minutes"))
        if interval.get("weekDay"):
            record["week_days"].append(interval.get("weekDay"))
        if interval.get("monthDay"):
            record["month_days"].append(interval.get("monthDay"))
    record["month_days"] = sorted(set(record["month_days"]), key=month_day_key)
    if record["frequency"] in ("Weekly", "Monthly"):
        record["end_time"] = None  # servers echo an end they ignore for these
    return normalized(record)


def empty():
    """The frequency keys with nothing set: what a task on a server schedule shows for them."""
    return dict((key, [] if key in ("week_days", "month_days") else None) for key in FREQUENCY_KEYS)
