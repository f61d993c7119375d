# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Server schedules of Tableau Server: found by name, read with their frequency.

Schedules live outside any site (``/api/<version>/schedules``). Tableau Cloud has none: there extract
refreshes, flow runs and subscriptions carry their own frequency, so ``ScheduleResource`` refuses to run
on Cloud (a host under ``online.tableau.com``) with a message that says so, before any request; a server
that refuses the listing (403) gets the same explanation.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.resource import Field, FieldTable, Resource

SCHEDULES_VERSION = "2.3"
# Query Schedule (one schedule, with its frequency details) came in 3.8; listings leave the details out.
QUERY_SCHEDULE_VERSION = "3.8"
SCHEDULE_TYPES = ["Extract", "Flow", "Subscription", "DataAcceleration", "ActiveDirectorySync"]
FREQUENCIES = ["Hourly", "Daily", "Weekly", "Monthly"]
EXECUTION_ORDERS = ["Parallel", "Serial"]

SCHEDULE_FIELDS = FieldTable("schedule", (
    Field("name", "name"),
    Field("type", "type", kind=SCHEDULE_TYPES),
    Field("frequency", "frequency", kind=FREQUENCIES),
    Field("priority", "priority", kind="int"),
    Field("execution_order", "executionOrder", kind=EXECUTION_ORDERS),
    Field("state", "state", compare=False, option=False),
    Field("next_run_at", "nextRunAt", compare=False, option=False),
    Field("end_schedule_at", "endScheduleAt", compare=False, option=False),
    Field("created_at", "createdAt", compare=False, option=False),
    Field("updated_at", "updatedAt", compare=False, option=False),
))

CLOUD_HINT = ("Tableau Cloud has no server schedules: give an extract-refresh task, flow-run task or subscription "
              "its own frequency instead (tableau_extract_refresh_task, tableau_subscription).")


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

    def from_xml(self, el):
        schedule = super(ScheduleResource, self).from_xml(el)
        schedule["frequency_details"] = parse_frequency_details(el)
        return schedule

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
