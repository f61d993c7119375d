"""Background jobs: asJob publishes, extract refreshes, flow runs and directory group imports and syncs,
finishing after ``server.job_seconds``.

A job is Pending when it is queued (the 202 answer: progress 0, no startedAt, no finishCode, as TSC's
group_create_async.xml and workbook_publish_async.xml show), starts the next time anything looks at the
site, reports progress while ``job_seconds`` run, and then finishes.

A job's work (storing an asJob publish) runs when the job comes due, the next time any content or
job request looks at the site. ``server.fail_jobs`` (job types, content names, or "*") makes a job
finish with finishCode 1 instead; ``cancel_job`` ends one with finishCode 2 (a cancelled flow run).
"""

import time

from ..errors import ApiError, not_found
from ..registry import route, site_collection
from ..routing import accepted, ok
from ..state import new_id
from ..xmlio import element, now, text_element

SUCCESS, FAILED, CANCELLED = 0, 1, 2

site_collection("jobs")


def new_job(request, job_type, subject_kind, subject_id, subject_name, work=None, detail=None):
    """Queue a job about one workbook, data source or flow; ``work()`` runs when it finishes successfully.

    ``detail(job)``, when given, makes the job type's own child element of ``<job>`` (a flow run's
    ``<runFlowJobType>``).
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
        "work": work, "notes": "", "detail": detail,
    }
    request.site.jobs[job["id"]] = job
    return job


def job_accepted(request, job):
    """The 202 a queued job gets; Location names it (Query Job) as a path."""
    return accepted("/api/%s/sites/%s/jobs/%s" % (request.api_version, request.site.id, job["id"]), job_element(job))


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
        if job["work"] is not None:
            job["work"]()
    except ApiError as exc:
        job["finishCode"] = FAILED
        job["notes"] = "%s: %s" % (exc.code, exc.detail)
        return
    job["finishCode"] = SUCCESS
    if job["type"] == "RefreshExtract":
        job["notes"] = "Extract refresh finished."
    elif job["type"] == "RunFlow":
        job["notes"] = "Flow run finished."


def job_element(job):
    attrs = {"id": job["id"], "mode": "Asynchronous", "type": job["type"], "progress": job["progress"],
             "createdAt": job["createdAt"], "startedAt": job["startedAt"], "completedAt": job["completedAt"],
             "finishCode": job["finishCode"]}
    el = element("job", attrs)
    kind, subject_id, subject_name = job["subject"]
    if job["type"] == "RefreshExtract":
        detail = element("extractRefreshJob")
        detail.append(text_element("notes", job["notes"]))
        detail.append(element(kind, {"id": subject_id, "name": subject_name}))
        el.append(detail)
    elif job.get("detail") is not None:
        el.append(job["detail"](job))
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
