"""Tasks: extract refreshes of workbooks and data sources, and flow runs, each on a server schedule (Tableau Server)
or with a frequency of its own (Tableau Cloud).

Routes (under ``/api/<version>/sites/{site_id}``), with the version each came in
--------------------------------------------------------------------------------

======================================================  =======  ==================================================
``PUT /schedules/{id}/workbooks`` and ``/datasources``    2.8      Add Workbook / Data Source to (Server) Schedule
``PUT /schedules/{id}/flows``                            3.3      Add Flow Task to Schedule
``GET /tasks/extractRefreshes`` and ``/{task_id}``       2.6      List / Get Extract Refresh Task (TSC: both 2.6)
``POST /tasks/extractRefreshes/{task_id}/runNow``        2.6      Run Extract Refresh Task: a RefreshExtract job
``DELETE /tasks/extractRefreshes/{task_id}``             3.6      Delete Extract Refresh Task
``POST /tasks/extractRefreshes``                         3.19     Create Cloud Extract Refresh Task (reference 3.20,
                                                                  TSC 3.19: the lower, as ``registry.route`` says)
``POST /tasks/extractRefreshes/{task_id}``               3.20     Update Cloud Extract Refresh Task
``GET /tasks/runFlow`` and ``/{task_id}``                3.3      List Flow Run Tasks, Get Flow Run Task
``POST /tasks/runFlow/{task_id}/runNow``                 3.3      Run Flow Task: a RunFlow job and its flow run
``DELETE /tasks/runFlow/{task_id}``                      3.6      the task-type path TSC's tasks.delete sends
``POST /tasks/flows``                                    3.22     Create Cloud Flow Task (TSC's flow_tasks.create)
======================================================  =======  ==================================================

Tableau Cloud has no server schedules: there the schedule routes answer 403 (as ``handlers/schedules.py`` does).
A Tableau Server answers the Cloud create and update methods with 405 (Method Not Allowed): its task paths take
GET, runNow and DELETE only. Tasks are removed with their content (``content_deleted``) and with their schedule
(``schedule_deleted``, when the registry has that event).

Bodies: an Add to Schedule request is ``<task><extractRefresh><workbook id/></extractRefresh></task>`` (or
``<datasource>``; ``<flowRun><flow id/></flowRun>`` for flows, or ``<runFlow>`` as TSC sends it); a Cloud create
or update is the task element and a ``<schedule frequency><frequencyDetails start end><intervals>`` beside it.
Answers are ``<task><extractRefresh ...>`` (``<flowRun>``) for Add to Schedule and Get, ``<tasks>`` for the
listings and the bare task element, its schedule inside, for the Cloud methods. Listings call an extract refresh
``type="RefreshExtractTask"`` with ``incremental``; the Cloud methods answer ``FullRefresh`` or
``IncrementalRefresh``. Run Now answers 200 with the ``<job>``; a run of content whose refresh is queued already
is refused with 409093, as Update Data Source Now does. A task's ``consecutiveFailedCount`` counts the failed jobs
of its own runs since the last good one.
"""

import re

from .. import registry
from ..access import is_site_admin
from ..errors import ApiError, bad_request, conflict, not_found
from ..registry import on, route, site_collection
from ..routing import no_content, ok
from ..state import new_id
from ..xmlio import child, element, now
from .datasources import get_datasource
from .flows import get_flow, start_flow_run
from .jobs import FAILED, SUCCESS, advance_jobs, job_element, new_job, pending_job
from .schedules import get_schedule, next_run_at, no_schedules_on_cloud, schedule_element
from .workbooks import get_workbook

EXTRACT_KINDS = ("workbook", "datasource")
# kind -> (collection of the site, the getter that answers 404 with the kind's own code)
CONTENT = {"workbook": ("workbooks", get_workbook), "datasource": ("datasources", get_datasource),
           "flow": ("flows", get_flow)}
REFRESH_TYPES = ("FullRefresh", "IncrementalRefresh")
FREQUENCIES = ("Hourly", "Daily", "Weekly", "Monthly")
WEEK_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])(:00)?$")
INVALID_SCHEDULE = "409004"  # what Tableau Cloud answers (with HTTP 400) to a frequency it cannot run


def summary_of(collection):
    def summarize(site):
        names = []
        for task in getattr(site, collection).values():
            kind_collection = getattr(site, CONTENT[task["kind"]][0])
            item = kind_collection.get(task["targetId"]) or {}
            names.append("%s %s %s" % (task["kind"], item.get("name"), where(task)))
        return sorted(names)
    return summarize


def where(task):
    if task["scheduleId"]:
        return "on %s" % task.get("scheduleName")
    return "every %s" % task["frequency"]["frequency"]


site_collection("extract_refresh_tasks", summary=summary_of("extract_refresh_tasks"))
site_collection("flow_tasks", summary=summary_of("flow_tasks"))


def collection_of(kind):
    return "flow_tasks" if kind == "flow" else "extract_refresh_tasks"


# ------------------------------------------------------------------------------------------------ cleanup

@on("content_deleted")
def remove_tasks_of_content(state, site, kind, item_ids):
    if kind not in ("workbooks", "datasources", "flows"):
        return
    collection = getattr(site, collection_of("flow" if kind == "flows" else "workbook"))
    for task_id in [t["id"] for t in collection.values() if t["targetId"] in item_ids]:
        del collection[task_id]


def remove_tasks_on_schedule(state, schedule, *rest):
    """A server schedule is gone: so are the tasks on it, on every site."""
    schedule_id = schedule.get("id") if isinstance(schedule, dict) else schedule
    for site in state.sites.values():
        for collection in (site.extract_refresh_tasks, site.flow_tasks):
            for task_id in [t["id"] for t in collection.values() if t["scheduleId"] == schedule_id]:
                del collection[task_id]


# Server schedules are deleted from another handler, once it fires this event.
if "schedule_deleted" in registry.EVENTS:
    on("schedule_deleted")(remove_tasks_on_schedule)


# ------------------------------------------------------------------------------------------------ answers

def failed_runs(site, task):
    """Failed jobs of the task's runs since its last good one."""
    advance_jobs(site)
    count = 0
    for job_id in task["jobs"]:
        job = site.jobs.get(job_id)
        if job is None or job["completedAt"] is None:
            continue
        count = count + 1 if job["finishCode"] == FAILED else (0 if job["finishCode"] == SUCCESS else count)
    return count


def own_schedule_element(task):
    """A Cloud task's ``<schedule frequency>`` with its ``<frequencyDetails>``."""
    frequency = task["frequency"]
    intervals = element("intervals", None, *[element("interval", dict(i)) for i in frequency["intervals"]])
    # When it runs next, as a server schedule says it (TSC's tasks_with_interval.xml, a Tableau Cloud answer).
    return element("schedule", {"frequency": frequency["frequency"], "nextRunAt": next_run_at(frequency)},
                   element("frequencyDetails", {"start": frequency["start"], "end": frequency.get("end")}, intervals))


def task_body(request, task, cloud_answer=False):
    """``<extractRefresh>`` or ``<flowRun>``: the task, its schedule, its content (and a flow's run spec)."""
    site, state = request.site, request.state
    attrs = {"id": task["id"], "priority": task["priority"], "consecutiveFailedCount": failed_runs(site, task)}
    if task["kind"] == "flow":
        tag = "flowRun"
        attrs["type"] = "RunFlowTask"
    else:
        tag = "extractRefresh"
        attrs["type"] = task["type"] if cloud_answer else "RefreshExtractTask"
        attrs["incremental"] = task["type"] == "IncrementalRefresh"
    el = element(tag, attrs)
    if task["scheduleId"]:
        schedule = state.schedules.get(task["scheduleId"])
        if schedule is not None:
            el.append(schedule_element(schedule, details=False))
    else:
        el.append(own_schedule_element(task))
    item = getattr(site, CONTENT[task["kind"]][0]).get(task["targetId"]) or {}
    if task["kind"] == "flow":
        el.append(element("flow", {"id": task["targetId"], "name": item.get("name")}))
        steps = element("flowOutputSteps", None, *[element("flowOutputStep", dict(s)) for s in task["outputSteps"]])
        el.append(element("flowRunSpec", {"flowId": task["targetId"]}, steps, element("flowParameterSpecs")))
    else:
        el.append(element(task["kind"], {"id": task["targetId"]}))
    return el


def visible(request, tasks):
    """Administrators see every task; other users the tasks of content they own."""
    if is_site_admin(request):
        return list(tasks)
    site, user_id = request.site, request.session["user_id"]
    return [t for t in tasks
            if (getattr(site, CONTENT[t["kind"]][0]).get(t["targetId"]) or {}).get("ownerId") == user_id]


def list_answer(request, collection):
    tasks = sorted(getattr(request.site, collection).values(), key=lambda t: t["createdAt"] + t["id"])
    return ok(element("tasks", None, *[element("task", None, task_body(request, t)) for t in visible(request, tasks)]))


def get_task(request, collection):
    task = getattr(request.site, collection).get(request.params["task_id"])
    if task is None or not visible(request, [task]):
        raise not_found("404000", "Resource Not Found", "The task '%s' could not be found." % request.params["task_id"])
    return task


# ------------------------------------------------------------------------------------------------ requests

def task_request(root, tags):
    """The task element of a request (``<task>`` around it or not) in one of its spellings."""
    holder = root.find("task")
    holder = root if holder is None else holder
    for tag in tags:
        el = holder.find(tag)
        if el is not None:
            return el
    raise bad_request("The request body is missing the '%s' element." % tags[0])


def target_of(request, task_el, kinds):
    """(kind, item) of the content a task element names; 404 with the kind's code when it does not exist."""
    for kind in kinds:
        target_el = task_el.find(kind)
        if target_el is not None and target_el.get("id"):
            return kind, CONTENT[kind][1](request.site, target_el.get("id"))
    raise bad_request("The task names no %s by id." % " or ".join(kinds))


def check_extracts(kind, item):
    if kind != "flow" and not item.get("hasExtracts"):
        raise ApiError(409, "409090", "Bad Request",
                       "Extract operation for the %s '%s' is not allowed." % (kind, item["name"]))


def new_task(request, kind, item, schedule=None, frequency=None, refresh_type="FullRefresh"):
    task = {"id": new_id(), "kind": kind, "targetId": item["id"], "scheduleId": schedule["id"] if schedule else None,
            "scheduleName": schedule["name"] if schedule else None, "frequency": frequency, "type": refresh_type,
            "priority": int(schedule["priority"]) if schedule else 50, "jobs": [], "createdAt": now(),
            "outputSteps": [{"id": new_id(), "name": "Output"}] if kind == "flow" else []}
    getattr(request.site, collection_of(kind))[task["id"]] = task
    return task


def add_to_schedule(request, kinds, tags, schedule_type):
    """Add Workbook / Data Source / Flow to Schedule."""
    no_schedules_on_cloud(request)
    schedule = get_schedule(request.state, request.params["schedule_id"])
    kind, item = target_of(request, task_request(request.xml(), tags), kinds)
    if schedule["type"] != schedule_type:
        raise bad_request("The schedule '%s' is a %s schedule; a %s task needs a %s schedule."
                          % (schedule["name"], schedule["type"], kind, schedule_type))
    check_extracts(kind, item)
    collection = getattr(request.site, collection_of(kind))
    if any(t["targetId"] == item["id"] and t["scheduleId"] == schedule["id"] for t in collection.values()):
        raise conflict("409021", "Resource Conflict", "The %s '%s' is already on the schedule '%s'."
                       % (kind, item["name"], schedule["name"]))
    task = new_task(request, kind, item, schedule=schedule)
    return ok(element("task", None, task_body(request, task)))


@route("PUT", "/sites/{site_id}/schedules/{schedule_id}/workbooks", min_version="2.8")
def add_workbook_to_schedule(request):
    return add_to_schedule(request, ("workbook",), ("extractRefresh",), "Extract")


@route("PUT", "/sites/{site_id}/schedules/{schedule_id}/datasources", min_version="2.8")
def add_datasource_to_schedule(request):
    return add_to_schedule(request, ("datasource",), ("extractRefresh",), "Extract")


@route("PUT", "/sites/{site_id}/schedules/{schedule_id}/flows", min_version="3.3")
def add_flow_to_schedule(request):
    return add_to_schedule(request, ("flow",), ("flowRun", "runFlow"), "Flow")


# ------------------------------------------------------------------------------------------------ Cloud frequencies

def invalid_schedule(detail):
    return ApiError(400, INVALID_SCHEDULE, "Bad Request", "Invalid schedule: %s" % detail)


def parsed_time(value, name, required=True):
    if value is None and not required:
        return None
    match = TIME.match(value or "")
    if not match:
        raise invalid_schedule("the %s time '%s' is not HH:MM:SS." % (name, value))
    return "%s:%s:00" % (match.group(1), match.group(2))


def check_intervals(frequency, intervals):
    hours = [i for i in intervals if "hours" in i or "minutes" in i]
    days = [i["weekDay"] for i in intervals if "weekDay" in i]
    month_days = [i["monthDay"] for i in intervals if "monthDay" in i]
    if any(day not in WEEK_DAYS for day in days):
        raise invalid_schedule("a weekDay is not a day of the week.")
    if frequency == "Hourly" and not hours:
        raise invalid_schedule("an Hourly frequency needs an hours or minutes interval.")
    if frequency == "Weekly" and not days:
        raise invalid_schedule("a Weekly frequency needs weekDay intervals.")
    if frequency == "Monthly" and not month_days:
        raise invalid_schedule("a Monthly frequency needs monthDay intervals.")


def parse_frequency(root):
    """The frequency of a Cloud create or update: the ``<schedule>`` beside the task (or inside it)."""
    schedule_el = root.find("schedule")
    if schedule_el is None:
        for holder in root:
            schedule_el = holder.find("schedule") if schedule_el is None else schedule_el
    if schedule_el is None:
        raise bad_request("The request body is missing the 'schedule' element.")
    frequency = schedule_el.get("frequency")
    if frequency not in FREQUENCIES:
        raise invalid_schedule("the frequency '%s' is not one of %s." % (frequency, ", ".join(FREQUENCIES)))
    details = child(schedule_el, "frequencyDetails")
    intervals = [dict(i.attrib) for i in details.findall("intervals/interval")]
    check_intervals(frequency, intervals)
    start = parsed_time(details.get("start"), "start")
    end = parsed_time(details.get("end"), "end", required=frequency == "Hourly")
    if frequency == "Hourly" and end <= start:
        raise invalid_schedule("the end time must be later than the start time.")
    if frequency in ("Weekly", "Monthly"):
        end = None
    return {"frequency": frequency, "start": start, "end": end, "intervals": intervals}


def cloud_only(request):
    if not request.state.is_cloud:
        raise ApiError(405, "405000", "Method Not Allowed",
                       "Request type '%s' is not allowed for this resource." % request.method)


def create_on_cloud(request, kinds, tags):
    cloud_only(request)
    root = request.xml()
    task_el = task_request(root, tags)
    kind, item = target_of(request, task_el, kinds)
    frequency = parse_frequency(root)
    refresh_type = task_el.get("type") or "FullRefresh"
    if kind != "flow" and refresh_type not in REFRESH_TYPES:
        raise bad_request("The extract refresh type '%s' is not one of %s." % (refresh_type, ", ".join(REFRESH_TYPES)))
    check_extracts(kind, item)
    task = new_task(request, kind, item, frequency=frequency, refresh_type=refresh_type)
    if kind == "flow":
        return ok(element("task", None, task_body(request, task, cloud_answer=True)))
    return ok(task_body(request, task, cloud_answer=True))


@route("POST", "/sites/{site_id}/tasks/extractRefreshes", min_version="3.19")
def create_cloud_extract_refresh_task(request):
    return create_on_cloud(request, EXTRACT_KINDS, ("extractRefresh",))


@route("POST", "/sites/{site_id}/tasks/flows", min_version="3.22")
def create_cloud_flow_task(request):
    return create_on_cloud(request, ("flow",), ("flowRun", "runFlow"))


@route("POST", "/sites/{site_id}/tasks/extractRefreshes/{task_id}", min_version="3.20")
def update_cloud_extract_refresh_task(request):
    cloud_only(request)
    task = get_task(request, "extract_refresh_tasks")
    root = request.xml()
    task["frequency"] = parse_frequency(root)
    task_el = root.find("extractRefresh")
    if task_el is not None and task_el.get("type") in REFRESH_TYPES:
        task["type"] = task_el.get("type")
    return ok(task_body(request, task, cloud_answer=True))


# ------------------------------------------------------------------------------------------------ list, get, run, delete

@route("GET", "/sites/{site_id}/tasks/extractRefreshes", min_version="2.6")
def list_extract_refresh_tasks(request):
    return list_answer(request, "extract_refresh_tasks")


@route("GET", "/sites/{site_id}/tasks/extractRefreshes/{task_id}", min_version="2.6")
def get_extract_refresh_task(request):
    return ok(element("task", None, task_body(request, get_task(request, "extract_refresh_tasks"))))


@route("GET", "/sites/{site_id}/tasks/runFlow", min_version="3.3")
def list_flow_run_tasks(request):
    return list_answer(request, "flow_tasks")


@route("GET", "/sites/{site_id}/tasks/runFlow/{task_id}", min_version="3.3")
def get_flow_run_task(request):
    return ok(element("task", None, task_body(request, get_task(request, "flow_tasks"))))


def run_now(request, collection, job_type):
    site = request.site
    task = get_task(request, collection)
    item = CONTENT[task["kind"]][1](site, task["targetId"])
    advance_jobs(site)
    if task["kind"] == "flow":
        job = start_flow_run(request, item)
        task["jobs"].append(job["id"])
        return ok(job_element(job))
    if pending_job(site, job_type, item["id"]) is not None:
        raise conflict("409093", "Resource Conflict",
                       "Job for '%s' is already queued. Not queuing a duplicate." % item["name"])

    def work():
        current = getattr(site, CONTENT[task["kind"]][0]).get(item["id"])
        if current is not None:
            current["updatedAt"] = now()

    job = new_job(request, job_type, task["kind"], item["id"], item["name"], work)
    task["jobs"].append(job["id"])
    return ok(job_element(job))


@route("POST", "/sites/{site_id}/tasks/extractRefreshes/{task_id}/runNow", min_version="2.6")
def run_extract_refresh_task(request):
    return run_now(request, "extract_refresh_tasks", "RefreshExtract")


@route("POST", "/sites/{site_id}/tasks/runFlow/{task_id}/runNow", min_version="3.3")
def run_flow_task(request):
    return run_now(request, "flow_tasks", "RunFlow")


@route("DELETE", "/sites/{site_id}/tasks/extractRefreshes/{task_id}", min_version="3.6")
def delete_extract_refresh_task(request):
    del request.site.extract_refresh_tasks[get_task(request, "extract_refresh_tasks")["id"]]
    return no_content()


@route("DELETE", "/sites/{site_id}/tasks/runFlow/{task_id}", min_version="3.6")
def delete_flow_run_task(request):
    del request.site.flow_tasks[get_task(request, "flow_tasks")["id"]]
    return no_content()
