"""Schedules: server-wide (not per site) extract, flow, subscription and data-acceleration schedules of Tableau Server.

A schedule is kept in ``state.schedules`` by id as a dict of its XML attributes (``name``, ``type``, ``state``,
``priority``, ``frequency``, ``executionOrder``, ``createdAt``, ``updatedAt``, ``nextRunAt``, ``endScheduleAt``)
plus ``start``, ``end`` (``HH:MM:SS``) and ``intervals`` (a list of dicts, each one ``<interval>``'s attributes:
``{"hours": "4"}``, ``{"weekDay": "Monday"}``, ``{"monthDay": "1"}``). ``get_schedule`` and
``schedule_element`` are what the task and subscription handlers use.

The seed's ``"schedules"`` (a list of such dicts without ids and dates; name, type and frequency at least)
replaces the defaults a new Tableau Server comes with. Tableau Cloud has no server schedules: there the
routes answer 403.
"""

import copy

from ..access import require_server_admin
from ..errors import forbidden, not_found
from ..query import list_response
from ..registry import on, route, server_collection
from ..routing import ok
from ..state import new_id
from ..xmlio import element, now

server_collection("schedules")

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


def get_schedule(state, schedule_id):
    schedule = state.schedules.get(schedule_id)
    if schedule is None:
        raise not_found("404000", "Resource Not Found", "The schedule '%s' could not be found." % schedule_id)
    return schedule


def frequency_details_element(schedule):
    intervals = element("intervals", None, *[element("interval", dict(interval)) for interval in schedule["intervals"]])
    return element("frequencyDetails", {"start": schedule["start"], "end": schedule.get("end")}, intervals)


def schedule_element(schedule, details=True):
    """``<schedule>``; listings (``details=False``) leave out ``<frequencyDetails>``, as Query Schedules does."""
    el = element("schedule", dict((name, schedule.get(name)) for name in ATTRIBUTES))
    if details:
        el.append(frequency_details_element(schedule))
    return el


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
    return ok(schedule_element(get_schedule(request.state, request.params["schedule_id"])))
