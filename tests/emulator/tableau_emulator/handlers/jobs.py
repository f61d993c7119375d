"""Background jobs: asJob publishes, extract refreshes, flow runs and directory group imports and syncs,
finishing after ``server.job_seconds``.

A job is Pending when it is queued (the 202 answer: progress 0, no startedAt, no finishCode, as TSC's
group_create_async.xml and workbook_publish_async.xml show), starts the next time anything looks at the
site, reports progress while ``job_seconds`` run, and then finishes.

A job's work (storing an asJob publish) runs when the job comes due, the next time any content or
job request looks at the site. ``server.fail_jobs`` (job types, content names, or "*") makes a job
finish with finishCode 1 instead; ``cancel_job`` ends one with finishCode 2 (a cancelled flow run).

Query Jobs lists a site's jobs as ``<backgroundJob>`` elements (status in words, the backgrounder's job
type); Cancel Job ends a queued or running job with finishCode 2 before its work runs. A seed site's
``"jobs"`` list gives jobs that exist from the start (``seed_jobs``).
"""

import time

from ..access import is_site_admin
from ..errors import ApiError, not_found
from ..query import list_response, parse_filter
from ..registry import AFTER_3_1, on, route, site_collection, versioned
from ..routing import Reply, accepted, ok
from ..state import new_id
from ..xmlio import element, now, text_element
from . import items

SUCCESS, FAILED, CANCELLED = 0, 1, 2


def _summary(site):
    """What /_emulator/state shows of jobs: ``{"<type> <item name> (<id>)": [<status>]}``."""
    return dict(("%s %s (%s)" % (job["type"], job["subject"][2] or "", job_id), [job_status(job)])
                for job_id, job in site.jobs.items())


site_collection("jobs", summary=_summary)


def new_job(request, job_type, subject_kind, subject_id, subject_name, work=None, detail=None, done_notes=None):
    """Queue a job about one workbook, data source or flow; ``work()`` runs when it finishes successfully.

    ``detail(job)``, when given, makes the job type's own child element of ``<job>`` (a flow run's
    ``<runFlowJobType>``). ``done_notes`` replaces the type's notes of a successful finish (an extract
    created or deleted is a RefreshExtract job too, with its own words).
    """
    server = request.state.server
    failing = server.get("fail_jobs") or []
    if isinstance(failing, str):
        failing = [failing]
    job = {
        "id": new_id(), "type": job_type, "createdAt": now(), "startedAt": None, "completedAt": None,
        "finishCode": None, "progress": 0, "subject": (subject_kind, subject_id, subject_name),
        "started": time.monotonic(), "seconds": float(server.get("job_seconds") or 0),
        "fail": "*" in failing or job_type in failing or subject_name in failing,
        "work": work, "notes": "", "detail": detail, "done_notes": done_notes,
    }
    request.site.jobs[job["id"]] = job
    return job


def job_accepted(request, job):
    """The 202 a queued job gets; Location names it (Query Job) as a path."""
    el = job_element(job)
    if not request.api_version_at_least(AFTER_3_1):
        # A server at 3.1 names the queued job without progress or updatedAt (recorded traffic: jobs.yml 5,
        # workbooks.yml 38). Its <extractRefreshJob> had no <notes> either, but the 3.29 schema requires one.
        for name in ("progress", "updatedAt"):
            el.attrib.pop(name, None)
    return accepted("/api/%s/sites/%s/jobs/%s" % (request.api_version, request.site.id, job["id"]), el)


def pending_job(site, job_type, subject_id):
    for job in site.jobs.values():
        if job["type"] == job_type and job["subject"][1] == subject_id and job["completedAt"] is None:
            return job
    return None


def advance_jobs(site):
    """Bring every job of the site up to date with the clock."""
    clock = time.monotonic()
    for job in list(site.jobs.values()):
        if job["completedAt"] is not None:
            continue
        if job["startedAt"] is None:
            job["startedAt"] = now()
        elapsed = clock - job["started"]
        if elapsed < job["seconds"]:
            job["progress"] = min(99, int(100 * elapsed / job["seconds"]))
            continue
        _finish(job)


def cancel_job(job, notes):
    """Stop a job that has not finished: finishCode 2, its work never done."""
    job["startedAt"] = job["startedAt"] or now()
    job["completedAt"] = now()
    job["finishCode"] = CANCELLED
    job["notes"] = notes


def _finish(job):
    job["progress"] = 100
    job["completedAt"] = now()
    if job["fail"]:
        job["finishCode"] = FAILED
        job["notes"] = "The job failed (the emulator was told to fail %s jobs)." % job["type"]
        return
    try:
        # A work that did only part of what it was asked (an import that skipped lines) says so with FAILED.
        outcome = job["work"]() if job["work"] is not None else None
    except ApiError as exc:
        job["finishCode"] = FAILED
        job["notes"] = "%s: %s" % (exc.code, exc.detail)
        return
    job["finishCode"] = FAILED if outcome == FAILED else SUCCESS
    if job.get("done_notes"):
        job["notes"] = job["done_notes"]
    elif job["type"] == "RefreshExtract":
        job["notes"] = "Extract refresh finished."
    elif job["type"] == "RunFlow":
        job["notes"] = "Flow run finished."


def job_element(job):
    attrs = {"id": job["id"], "mode": "Asynchronous", "type": job["type"], "progress": job["progress"],
             "createdAt": job["createdAt"], "startedAt": job["startedAt"], "completedAt": job["completedAt"],
             "finishCode": job["finishCode"],
             # When the job last changed (TSC's job_get_by_id.xml): its end, its start, else its creation.
             "updatedAt": job["completedAt"] or job["startedAt"] or job["createdAt"]}
    el = element("job", attrs)
    kind, subject_id, subject_name = job["subject"]
    if job["type"] == "RefreshExtract":
        detail = element("extractRefreshJob")
        detail.append(text_element("notes", job["notes"]))
        detail.append(element(kind, {"id": subject_id, "name": subject_name}))
        el.append(detail)
    elif job.get("detail") is not None:
        detail = job["detail"](job)
        if detail is not None:
            el.append(detail)
    elif job["type"] == "RunFlow":
        detail = element("runFlowJobType")
        detail.append(text_element("notes", job["notes"]))
        detail.append(element("flow", {"id": subject_id, "name": subject_name}))
        el.append(detail)
    return el


@route("GET", "/sites/{site_id}/jobs/{job_id}", min_version="2.0")
def query_job(request):
    advance_jobs(request.site)
    job = request.site.jobs.get(request.params["job_id"])
    if job is None:
        raise not_found("404018", "Resource Not Found", "Job '%s' could not be found." % request.params["job_id"])
    return ok(job_element(job))


# ---------------------------------------------------------------------------- Query Jobs and Cancel Job

# How Query Jobs names a job's state (the XSD's backgroundJob status), from its Query Job fields.
STATUS_OF_FINISH_CODE = {SUCCESS: "Success", FAILED: "Failed", CANCELLED: "Cancelled"}
# Query Jobs names job types as the backgrounder does (TSC's job_get.xml: jobType="single_subscription_notify"),
# not as Query Job's type attribute does.
BACKGROUND_JOB_TYPES = {
    "RefreshExtract": "refresh_extracts", "PublishWorkbook": "publish_workbook",
    "PublishDatasource": "publish_datasource", "RunFlow": "run_flow", "GroupImport": "group_import",
    "GroupSync": "group_sync",
}
SUBJECT_LABELS = {"datasource": "Data Source", "workbook": "Workbook", "flow": "Flow", "group": "Group", "user": "User"}
DEFAULT_PRIORITY = 50
# The filter fields of Query Jobs and the operators each takes (the REST API reference's "Filtering and
# Sorting" page, which TSC's Jobs.filter docstring repeats).
RANGE = ("eq", "gt", "gte", "lt", "lte")
JOB_FILTER_OPERATORS = {
    "args": ("has",), "completedAt": RANGE, "createdAt": RANGE, "jobType": ("eq", "in"), "notes": ("has",),
    "priority": RANGE, "progress": RANGE, "startedAt": RANGE, "status": ("eq",), "subtitle": ("eq", "has"),
    "title": ("eq", "has"),
}
# Seeded jobs that are still running take this long unless their spec says otherwise.
SEEDED_RUNNING_SECONDS = 24 * 3600


def job_status(job):
    """Pending, InProgress, Success, Failed or Cancelled."""
    if job["completedAt"] is None:
        return "Pending" if job["startedAt"] is None else "InProgress"
    return STATUS_OF_FINISH_CODE.get(job["finishCode"], "Failed")


def background_job_type(job):
    return BACKGROUND_JOB_TYPES.get(job["type"], job["type"])


def job_fields():
    """What Query Jobs filters and sorts on, by field name."""
    return {
        "args": lambda j: "", "completedAt": lambda j: j["completedAt"], "createdAt": lambda j: j["createdAt"],
        "jobType": background_job_type, "notes": lambda j: j["notes"], "priority": lambda j: j.get("priority", DEFAULT_PRIORITY),
        "progress": lambda j: j["progress"], "startedAt": lambda j: j["startedAt"], "status": job_status,
        "subtitle": lambda j: SUBJECT_LABELS.get(j["subject"][0], j["subject"][0]),
        "title": lambda j: j["subject"][2],
    }


# AFTER_3_1: not sent by a real server at /api/3.1/ (recorded traffic, tests/emulator/test/test_recorded_traffic.py).
versioned("backgroundJob", {"title": AFTER_3_1, "subtitle": AFTER_3_1})


def background_job_element(job):
    fields = job_fields()
    return element("backgroundJob", {
        "id": job["id"], "status": job_status(job), "createdAt": job["createdAt"], "startedAt": job["startedAt"],
        "endedAt": job["completedAt"], "priority": job.get("priority", DEFAULT_PRIORITY), "jobType": background_job_type(job),
        "title": fields["title"](job), "subtitle": fields["subtitle"](job)})


def check_job_filter(query):
    """The server's 400065 for an operator a Query Jobs field does not take (status:gt:...)."""
    for field, op, dummy in parse_filter(query.get("filter"), JOB_FILTER_OPERATORS):
        if op not in JOB_FILTER_OPERATORS[field]:
            raise ApiError(400, "400065", "Bad Request", "The filter operator '%s' is not supported for the field "
                           "'%s'; it takes %s." % (op, field, ", ".join(JOB_FILTER_OPERATORS[field])))


@route("GET", "/sites/{site_id}/jobs", min_version="3.1")
def query_jobs(request):
    """Query Jobs: <pagination/> then <backgroundJobs>, as real servers answer (shared/tableau-api/README.md)."""
    site = request.site
    advance_jobs(site)
    check_job_filter(request.query)
    page, pagination = list_response(list(site.jobs.values()), request.query, job_fields())
    return ok(element("pagination", pagination),
              element("backgroundJobs", None, *[background_job_element(job) for job in page]))


def get_job(site, job_id):
    job = site.jobs.get(job_id)
    if job is None:
        raise not_found("404018", "Resource Not Found", "Job '%s' could not be found." % job_id)
    return job


@route("PUT", "/sites/{site_id}/jobs/{job_id}", min_version="3.1")
def cancel_job_request(request):
    """Cancel Job: a queued or running job ends Cancelled (finishCode 2) and its work never runs; a job that
    already ended is refused with 403091."""
    site = request.site
    advance_jobs(site)
    if not is_site_admin(request):
        raise ApiError(403, "403032", "Update forbidden", "Only site or server administrators can cancel jobs.")
    job = get_job(site, request.params["job_id"])
    if job["completedAt"] is not None:
        raise ApiError(403, "403091", "Can not cancel job, because it's already complete.",
                       "The job '%s' already ended (%s)." % (job["id"], job_status(job)))
    cancel_job(job, "The job was cancelled.")
    job["work"] = None
    return Reply(200)


@on("reset")
def seed_jobs(state):
    """Jobs a seed site lists under "jobs": ``{"id", "type", "subject", "name", "status", "priority", "seconds"}``.

    ``status`` Success, Failed or Cancelled makes a job that has ended; Pending or InProgress one that runs
    for ``seconds`` (a day unless given), so a test can cancel it.
    """
    for site, spec, dummy, dummy_owner in items.seeded(state, "jobs", in_project=False):
        site.jobs[spec.get("id") or new_id()] = seeded_job(spec)


def seeded_job(spec):
    stamp = spec.get("created_at") or now()
    status = spec.get("status", "Success")
    ended = dict((name, code) for code, name in STATUS_OF_FINISH_CODE.items())
    job = {
        "id": spec.get("id"), "type": spec.get("type", "RefreshExtract"), "createdAt": stamp,
        "startedAt": None if status == "Pending" else stamp, "completedAt": None, "finishCode": None,
        "progress": 0, "subject": (spec.get("subject", "datasource"), spec.get("subject_id"), spec.get("name")),
        "started": time.monotonic(), "seconds": float(spec.get("seconds", SEEDED_RUNNING_SECONDS)), "fail": False,
        "work": None, "notes": "", "priority": spec.get("priority", DEFAULT_PRIORITY),
    }
    if status in ended:
        job.update(completedAt=stamp, finishCode=ended[status], progress=100)
    return job
