# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Background jobs of the signed-in site: listed (Query Jobs), read one by one (Query Job), cancelled.

Tableau has two views of a job. Query Jobs (REST API 3.1) lists ``<backgroundJob>`` elements: the status in
words (Pending, InProgress, Success, Failed, Cancelled), the backgrounder's job type (``refresh_extracts``),
a title (the item's name) and subtitle (its kind). Query Job (every version) reads one ``<job>``: its type as
the job APIs name it (``RefreshExtract``), progress, finishCode (0 success, 1 failure, 2 cancelled), notes,
and the item it works on. Both are read here into one shape, with ``status`` in the listing's words.

Cancel Job (3.1) stops a queued or running job. Tableau refuses one that has ended (403091), so cancelling is
idempotent here: a job that ended is no change, and the task says how it ended.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import time

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.client import filter_value_is_safe
from ansible_collections.tableau.server.plugins.module_utils.content import JOB_POLL_FIRST, JOB_POLL_MAX
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauApiError,
    TableauJobError,
    TableauValidationError,
)
from ansible_collections.tableau.server.plugins.module_utils.resource import Field, FieldTable, Outcome, Resource

QUERY_JOBS_VERSION = "3.1"
CANCEL_VERSION = "3.1"
STATUSES = ["Pending", "InProgress", "Success", "Failed", "Cancelled"]
ENDED = ("Success", "Failed", "Cancelled")
# Query Job's finishCode; TSC's JobItem.FinishCode also knows 3, "Completed", which it counts as a success.
FINISH_STATUSES = {0: "Success", 1: "Failed", 2: "Cancelled", 3: "Success"}
CANCELLED_CODE = 2
# Cancel Job on a job that has ended: "Can not cancel job, because it's already complete."
ALREADY_COMPLETE = "403091"
LUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
# What a Query Job answer names the item of a job by (extractRefreshJob/datasource, runFlowJobType/flow ...).
ITEM_KINDS = (("datasource", "data source"), ("workbook", "workbook"), ("flow", "flow"))
# Date options of tableau_job_info: (option, filter field, operator). "ended" is the listing's endedAt,
# which Query Jobs filters as completedAt (the REST API reference's filter fields for jobs).
DATE_FILTERS = (
    ("created_after", "createdAt", "gte"), ("created_before", "createdAt", "lt"),
    ("started_after", "startedAt", "gte"), ("started_before", "startedAt", "lt"),
    ("ended_after", "completedAt", "gte"), ("ended_before", "completedAt", "lt"),
)
UTC_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z?)?$")

BACKGROUND_JOB_FIELDS = FieldTable("backgroundJob", (
    Field("job_type", "jobType"),
    Field("status", "status", kind=STATUSES),
    Field("title", "title"),
    Field("subtitle", "subtitle"),
    Field("priority", "priority", kind="int"),
    Field("created_at", "createdAt"),
    Field("started_at", "startedAt"),
    Field("ended_at", "endedAt"),
))

JOB_FIELDS = FieldTable("job", (
    Field("type", "type"),
    Field("mode", "mode"),
    Field("progress", "progress", kind="int"),
    Field("finish_code", "finishCode", kind="int"),
    Field("created_at", "createdAt"),
    Field("started_at", "startedAt"),
    Field("ended_at", "completedAt"),
    Field("updated_at", "updatedAt"),
))


def require_job_id(job_id):
    """A job id is a LUID; anything else is refused before any request."""
    if not LUID.match(job_id or ""):
        raise TableauValidationError("'%s' is not a job id: Tableau's job ids are LUIDs such as "
                                     "2eef4225-aa0c-41c4-8662-a76d89ed7336." % (job_id or ""),
                                     hint="Use the job_id a refresh or an as_job publish returns, or list jobs "
                                          "with tableau.server.tableau_job_info.")
    return job_id.lower()


def utc_time(option, value):
    """``2024-05-01`` or ``2024-05-01T08:00:00Z`` as the server's ``YYYY-MM-DDTHH:MM:SSZ``."""
    text = str(value).strip()
    if not UTC_TIME.match(text):
        raise TableauValidationError("%s '%s' is not a UTC date or time such as 2024-05-01 or 2024-05-01T08:00:00Z."
                                     % (option, value))
    if len(text) == 10:
        text += "T00:00:00"
    return text if text.endswith("Z") else text + "Z"


def job_status(job):
    """The listing's status words for a Query Job answer: Pending or InProgress until it ends."""
    if not job.get("ended_at"):
        return "Pending" if not job.get("started_at") else "InProgress"
    return FINISH_STATUSES.get(job.get("finish_code"), "Failed")


def describe(job):
    """``The RefreshExtract job 2eef... of the data source 'Events'``: what messages call a job."""
    text = "The %s job %s" % (job.get("type") or "background", job["id"])
    if job.get("item_name"):
        text += " of the %s '%s'" % (job.get("item_type") or "item", job["item_name"])
    return text


def shown(job):
    """What a diff shows of a job: its kind, its item by name and its status."""
    if not job:
        return {}
    return dict((key, job.get(key)) for key in ("id", "type", "item_type", "item_name", "status"))


class JobResource(Resource):
    """Reads of the site's jobs, and cancelling one; the cancel honours ``check_mode``."""

    path = "/jobs"
    tag = "backgroundJob"
    kind = "job"
    table = BACKGROUND_JOB_FIELDS

    def list(self, filters=None, sort=None, fields=None):
        self.client.require_version(QUERY_JOBS_VERSION, "Listing jobs (Query Jobs)")
        return super(JobResource, self).list(filters, sort, fields)

    def read(self, job_id):
        """One job with its details (Query Job); a clear error when the site has no such job."""
        try:
            root = self.send("GET", "%s/%s" % (self.path, job_id))
        except TableauApiError as exc:
            if exc.status != 404:
                raise
            where = "site '%s'" % self.client.site if self.client.site else "the Default site"
            raise TableauValidationError(
                "There is no job %s on %s." % (job_id, where),
                hint="Check the id and the site: jobs are listed by tableau.server.tableau_job_info, and the server "
                     "forgets ended jobs after a while.", code=exc.code)
        return job_from_xml(xmlio.require(root, "job", "a job query"))

    def cancel(self, job):
        """Cancel a queued or running job: the job as the server has it afterwards (predicted in check mode), or
        None when the server says it had already ended (403091)."""
        self.client.require_version(CANCEL_VERSION, "Cancelling a job")
        if self.check_mode:
            return dict(job, status="Cancelled", finish_code=CANCELLED_CODE)
        try:
            self.send("PUT", "%s/%s" % (self.path, job["id"]), expected=(200, 204))
        except TableauApiError as exc:
            if exc.code != ALREADY_COMPLETE:
                raise
            return None
        return self.read(job["id"])

    def wait_until_ended(self, job, timeout):
        """Poll until the job has ended, however it ended; a TableauJobError after ``timeout`` seconds."""
        deadline = time.time() + timeout
        interval = JOB_POLL_FIRST
        while job["status"] not in ENDED:
            if time.time() + interval > deadline:
                raise TableauJobError("%s did not end within %s seconds of the request to cancel it (status %s)."
                                      % (describe(job), timeout, job["status"]),
                                      job_id=job["id"], hint="Raise wait_timeout, or set wait to false; the "
                                                             "server was asked to cancel it.")
            self.client.wait(interval)
            interval = min(interval * 2, JOB_POLL_MAX)
            job = self.read(job["id"])
        return job


def job_from_xml(el):
    job = {"id": el.get("id")}
    job.update(JOB_FIELDS.parse(el))
    job["status"] = job_status(job)
    notes = [n.text.strip() for n in el.iter("{%s}notes" % xmlio.NS) if n.text and n.text.strip()]
    job["notes"] = notes
    job["item_type"] = job["item_id"] = job["item_name"] = None
    for tag, label in ITEM_KINDS:
        item = next(iter(el.iter("{%s}%s" % (xmlio.NS, tag))), None)
        if item is not None:
            job.update(item_type=label, item_id=item.get("id"), item_name=item.get("name"))
            break
    return job


# ---------------------------------------------------------------------------------------- listing (_info)

def listing_filters(params):
    """(server-side filters, local checks) for tableau_job_info's options; the server's syntax carries most."""
    filters, local = [], []
    job_types = params.get("job_type") or []
    if len(job_types) == 1:
        filters.append(("jobType", "eq", job_types[0]))
    elif job_types:
        filters.append(("jobType", "in", list(job_types)))
    statuses = params.get("status") or []
    if len(statuses) == 1:
        filters.append(("status", "eq", statuses[0]))
    elif statuses:
        # status takes eq only: several are checked here.
        local.append(lambda job: job["status"] in statuses)
    for option in ("title", "subtitle"):
        value = params.get(option)
        if value is not None and filter_value_is_safe(value):
            filters.append((option, "eq", value))
        elif value is not None:
            local.append(lambda job, key=option, wanted=value: job.get(key) == wanted)
    for option, field, operator in DATE_FILTERS:
        if params.get(option):
            filters.append((field, operator, utc_time(option, params[option])))
    return filters, local


def list_jobs(jobs, params):
    """The jobs matching the options, newest first."""
    filters, local = listing_filters(params)
    found = [job for job in jobs.list(filters=filters or None) if all(check(job) for check in local)]
    return sorted(found, key=lambda job: (job.get("created_at") or "", job["id"]), reverse=True)


# ---------------------------------------------------------------------------------------- cancelling

def ended_message(job):
    how = {"Success": "succeeded", "Failed": "failed", "Cancelled": "was cancelled"}[job["status"]]
    when = " at %s" % job["ended_at"] if job.get("ended_at") else ""
    return "%s already ended: it %s%s. There is nothing to cancel." % (describe(job), how, when)


def cancelled_message(before, after):
    """What the task says of a cancel the server accepted, by what the job is afterwards."""
    if after["status"] == "Cancelled":
        return "%s was cancelled." % describe(before)
    if after["status"] in ENDED:
        return "%s was asked to stop, but it ended with %s first." % (describe(before), after["status"])
    return "%s was asked to stop; the server is stopping it." % describe(before)


def ensure_cancelled(jobs, params):
    """Cancel the job ``params['id']`` unless it has ended; with ``wait``, until the server has stopped it."""
    job_id = require_job_id(params["id"])
    jobs.client.require_version(CANCEL_VERSION, "Cancelling a job")
    current = jobs.read(job_id)
    outcome = Outcome()
    if current["status"] in ENDED:
        outcome.record(False, shown(current), shown(current))
        return outcome.ret(job=current, msg=ended_message(current)).result()
    after = jobs.cancel(current)
    if after is None:
        # It ended between the read and the cancel. Now Cancelled, it was stopped by this request (whose answer
        # was lost, so the transport sent it again) or by someone else at the same moment.
        after = jobs.read(job_id)
        if after["status"] != "Cancelled":
            outcome.record(False, shown(current), shown(after))
            return outcome.ret(job=after, msg=ended_message(after)).result()
    if params.get("wait") and not jobs.check_mode:
        after = jobs.wait_until_ended(after, params["wait_timeout"])
    message = cancelled_message(current, after)
    if after["status"] in ("Success", "Failed"):
        outcome.ret(warnings=[message])
    return outcome.record(True, shown(current), shown(after)).ret(job=after, msg=message).result()
