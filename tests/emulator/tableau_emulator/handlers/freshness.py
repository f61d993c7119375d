"""A workbook's data freshness policy (``<dataFreshnessPolicy>`` of Update Workbook and of its answers).

What Update Workbook accepts and what workbook answers carry, after ts-api_3_29.xsd's dataFreshnessPolicyType,
freshEveryScheduleType and freshAtScheduleType, and TSC's workbook_update_data_freshness_policy*.xml: an
``option`` (AlwaysLive, SiteDefault, FreshEvery, FreshAt); FreshEvery with a ``freshEverySchedule`` (a frequency
of Minutes, Hours, Days or Weeks and a value); FreshAt with a ``freshAtSchedule`` (a frequency of Day, Week or
Month, a time, a time zone, and for Week and Month the week days or month days in ``<intervals>``).
"""

import re

from ..errors import bad_request
from ..registry import AFTER_3_0, versioned
from ..xmlio import element

OPTIONS = ("AlwaysLive", "SiteDefault", "FreshEvery", "FreshAt")
EVERY_FREQUENCIES = ("Minutes", "Hours", "Days", "Weeks")
AT_FREQUENCIES = ("Day", "Week", "Month")
WEEK_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
MONTH_DAYS = tuple(str(day) for day in range(1, 32)) + ("LastDay",)
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$")

# Not in ts-api_3_0.xsd; the reference gives no version of its own for it.
versioned("workbook", {"dataFreshnessPolicy": AFTER_3_0})


def _fresh_every(policy_el):
    schedule = policy_el.find("freshEverySchedule")
    if schedule is None:
        raise bad_request("The FreshEvery option needs a freshEverySchedule element.")
    frequency, value = schedule.get("frequency"), schedule.get("value") or ""
    if frequency not in EVERY_FREQUENCIES:
        raise bad_request("The freshEverySchedule frequency '%s' is not one of %s."
                          % (frequency, ", ".join(EVERY_FREQUENCIES)))
    if not value.isdigit() or int(value) < 1:
        raise bad_request("The freshEverySchedule value '%s' is not a positive whole number." % value)
    return {"frequency": frequency, "value": str(int(value))}


def _intervals(schedule, frequency):
    if frequency == "Day":
        return []
    name, allowed = ("weekDay", WEEK_DAYS) if frequency == "Week" else ("monthDay", MONTH_DAYS)
    intervals_el = schedule.find("intervals")
    found = [] if intervals_el is None else intervals_el.findall("interval")
    days = [interval.get(name) for interval in found]
    if not days or any(day not in allowed for day in days):
        raise bad_request("A %s freshAtSchedule names its days as <interval %s=\"...\"/>, each one of %s."
                          % (frequency, name, ", ".join(allowed)))
    return [{name: day} for day in days]


def _fresh_at(policy_el):
    schedule = policy_el.find("freshAtSchedule")
    if schedule is None:
        raise bad_request("The FreshAt option needs a freshAtSchedule element.")
    frequency, time = schedule.get("frequency"), schedule.get("time") or ""
    if frequency not in AT_FREQUENCIES:
        raise bad_request("The freshAtSchedule frequency '%s' is not one of %s." % (frequency, ", ".join(AT_FREQUENCIES)))
    if not TIME.match(time):
        raise bad_request("The freshAtSchedule time '%s' is not a time of day (hh:mm:ss)." % time)
    if len(time) == 5:
        time += ":00"
    return {"frequency": frequency, "time": time, "timezone": schedule.get("timezone"),
            "intervals": _intervals(schedule, frequency)}


def parse_policy(policy_el):
    """The policy an Update Workbook request sets, as stored on the workbook; a 400 when it is not valid."""
    option = policy_el.get("option")
    if option not in OPTIONS:
        raise bad_request("The data freshness policy option '%s' is not one of %s." % (option, ", ".join(OPTIONS)))
    return {"option": option,
            "freshEvery": _fresh_every(policy_el) if option == "FreshEvery" else None,
            "freshAt": _fresh_at(policy_el) if option == "FreshAt" else None}


def policy_element(policy):
    el = element("dataFreshnessPolicy", {"option": policy["option"]})
    if policy["freshEvery"]:
        el.append(element("freshEverySchedule", policy["freshEvery"]))
    if policy["freshAt"]:
        at = policy["freshAt"]
        schedule = element("freshAtSchedule", {"frequency": at["frequency"], "time": at["time"],
                                               "timezone": at["timezone"]})
        schedule.append(element("intervals", None, *[element("interval", day) for day in at["intervals"]]))
        el.append(schedule)
    return el
