"""Flows: publish (new, overwrite, upload sessions), query (filter, sort, paging), update, delete, download,
connections, tags, Run Flow Now, and the flow runs it leaves (REST API 3.3+; flow runs 3.10+).

Flows come from a publish or from the seed (``"flows": [{"name", "project", "owner", "description", "tags",
"file_type", "connections": [{"class", "server", "port", "dbname", "username"}]}]`` in a site of the seed; the
project by path, default the Default project; the owner by user name, default the first server
administrator). A seeded flow gets a small generated flow file, so it downloads and runs like a published one.

Running a flow queues a RunFlow job (``jobs.new_job``): it passes Pending -> InProgress -> Success, or Failed
when ``server.fail_jobs`` names RunFlow or the flow, or when one of the flow's inputs cannot be reached (a
server address ending in ``.invalid``). Its flow run (``site.flow_runs``) takes its status from the job;
cancelling the run cancels the job. A second run of a flow while one is queued or running is refused with
409093, as extract refreshes are.
"""

from .. import registry
from ..content import flow_document_bytes, flow_package_bytes, remove_file
from ..errors import ApiError, bad_request, conflict, forbidden, not_found
from ..query import list_response
from ..registry import on, route, site_collection
from ..routing import Reply, created, no_content, ok
from ..state import new_id
from ..xmlio import child, element, now, text_element
from . import items
from .jobs import CANCELLED, FAILED, SUCCESS, advance_jobs, cancel_job, job_accepted, new_job, pending_job
from .permissions import readable, require_publish
from .publishing import query_flag, receive, take_file
from .workbooks import download

site_collection("flows", owned=True, summary=True)
site_collection("flow_runs")

RUN_MODES = ("full", "incremental")
RUN_STATUS = {SUCCESS: "Success", FAILED: "Failed", CANCELLED: "Cancelled"}


@on("reset")
def seed_flows(state):
    for site, spec, project_id, owner_id in items.seeded(state, "flows"):
        extension = spec.get("file_type", "tflx")
        connections = spec.get("connections", [])
        package = flow_package_bytes(flow_document_bytes(spec["name"], connections))
        path = state.content.write_bytes(package)
        flow = items.new_placed_item(spec, project_id, owner_id, fileType=extension, extension=extension, file=path,
                                     size=len(package), connections=[])
        flow["connections"] = items.build_connections(_file_connections(connections))
        site.flows[flow["id"]] = flow
        registry.fire("content_created", state, site, "flows", flow)


def _file_connections(specs):
    return [{"type": c["class"], "serverAddress": c.get("server") or "",
             "serverPort": str(c["port"]) if c.get("port") else None, "userName": c.get("username") or "",
             "dbName": c.get("dbname"), "authenticationType": None} for c in specs]


def remove_flow(state, site, flow):
    del site.flows[flow["id"]]
    remove_file(flow.get("file"))
    registry.fire("content_deleted", state, site, "flows", [flow["id"]])


@on("project_deleted")
def remove_flows_in_projects(state, site, project_ids):
    for flow in [f for f in site.flows.values() if f["projectId"] in project_ids]:
        remove_flow(state, site, flow)


@on("site_deleted")
def remove_flow_files(state, site):
    for flow in site.flows.values():
        remove_file(flow.get("file"))


def get_flow(site, flow_id):
    advance_jobs(site)
    flow = site.flows.get(flow_id)
    if flow is None:
        raise not_found("404027", "Resource Not Found", "The flow ID '%s' doesn't correspond to an existing flow." % flow_id)
    return flow


def flow_element(request, flow):
    site = request.site
    el = element("flow", {"id": flow["id"], "name": flow["name"], "description": flow["description"],
                          "webpageUrl": items.webpage_url(request, "flows", flow), "fileType": flow["fileType"],
                          "createdAt": flow["createdAt"], "updatedAt": flow["updatedAt"]},
                 *items.placement(site, flow))
    el.append(items.tags_element(flow))
    return el


# ---------------------------------------------------------------------------------------- flow runs
# Registered before the /flows/{flow_id} routes: the first route whose pattern matches answers, and "runs"
# would otherwise be taken for a flow id.

def run_status(job):
    if job["completedAt"] is not None:
        return RUN_STATUS.get(job["finishCode"], "Failed")
    return "InProgress" if job["startedAt"] is not None else "Pending"


def run_record(site, run):
    """A flow run as its job has it now: status, progress and times."""
    job = site.jobs[run["jobId"]]
    return dict(run, status=run_status(job), progress=job["progress"], startedAt=job["startedAt"],
                completedAt=job["completedAt"])


def flow_run_element(site, run, tag="flowRun"):
    record = run_record(site, run)
    return element(tag, {"id": record["id"], "flowId": record["flowId"], "status": record["status"],
                         "startedAt": record["startedAt"], "completedAt": record["completedAt"],
                         "progress": record["progress"], "backgroundJobId": record["jobId"]})


def flow_run_fields(site):
    def current(attribute):
        return lambda run: run_record(site, run)[attribute]
    return {"flowId": lambda r: r["flowId"], "userId": lambda r: r["userId"], "progress": current("progress"),
            "startedAt": current("startedAt"), "completedAt": current("completedAt"), "status": current("status")}


def get_flow_run(site, run_id):
    advance_jobs(site)
    run = site.flow_runs.get(run_id)
    if run is None:
        raise not_found("404034", "Resource Not Found",
                        "The flow run ID '%s' doesn't correspond to an existing flow run." % run_id)
    return run


@route("GET", "/sites/{site_id}/flows/runs", min_version="3.10")
def get_flow_runs(request):
    site = request.site
    advance_jobs(site)
    runs = sorted(site.flow_runs.values(), key=lambda r: r["createdAt"])
    page, pagination = list_response(runs, request.query, flow_run_fields(site))
    return ok(element("pagination", pagination),
              element("flowRuns", None, *[flow_run_element(site, r, "flowRuns") for r in page]))


@route("GET", "/sites/{site_id}/flows/runs/{flow_run_id}", min_version="3.10")
def get_flow_run_route(request):
    return ok(flow_run_element(request.site, get_flow_run(request.site, request.params["flow_run_id"])))


@route("PUT", "/sites/{site_id}/flows/runs/{flow_run_id}", min_version="3.10")
def cancel_flow_run(request):
    """Cancel Flow Run: a queued or running run stops (status Cancelled); a finished one cannot be cancelled."""
    site = request.site
    run = get_flow_run(site, request.params["flow_run_id"])
    job = site.jobs[run["jobId"]]
    if job["completedAt"] is not None:
        raise forbidden("403135", "Forbidden", "The flow run '%s' has already completed (%s) and cannot be cancelled."
                        % (run["id"], run_status(job)))
    cancel_job(job, "The flow run was cancelled.")
    return Reply(200)


# ---------------------------------------------------------------------------------------- publishing


def _store(request, publication, project_id, existing):
    """Create the flow, or replace an existing one's file and connections (its id, tags and owner stay)."""
    site = request.site
    item_el = publication.item_el
    stamp = now()
    flow = existing or {
        "id": new_id(), "createdAt": stamp, "ownerId": request.session["user_id"], "tags": [],
        "description": "", "connections": [], "file": None,
    }
    old_file = flow.get("file")
    connections = items.build_connections(publication.info["connections"], flow["connections"])
    items.apply_publish_credentials(connections, publication.credentials())
    if existing is None:
        flow["contentUrl"] = items.unique_content_url(site.flows, publication.name)
    target = request.state.content.path_for(flow["id"] + "-" + new_id(), publication.extension)
    take_file(request, publication, target)
    if old_file and old_file != target:
        remove_file(old_file)
    flow.update({
        "name": publication.name, "projectId": project_id, "updatedAt": stamp, "file": target,
        "extension": publication.extension, "fileType": publication.extension, "size": publication.size,
        "sha256": publication.sha256, "connections": connections, "outputSteps": publication.info["output_steps"],
    })
    if item_el.get("description") is not None:
        flow["description"] = item_el.get("description")
    site.flows[flow["id"]] = flow
    if existing is None:
        registry.fire("content_created", request.state, site, "flows", flow)
    return flow


@route("POST", "/sites/{site_id}/flows", min_version="3.3")
def publish_flow(request):
    """Publish Flow: one multipart request (request_payload + tableau_flow) or an upload session's commit.

    Publish Flow documents no asJob: the parameter is ignored, as servers ignore what they do not know.
    """
    site = request.site
    advance_jobs(site)
    overwrite = query_flag(request, "overwrite")
    if query_flag(request, "append"):
        raise bad_request("Flows cannot be appended; publish with overwrite=true to replace one.")
    publication = receive(request, "flow")
    try:
        project_id = items.publish_project_id(request, publication.item_el)
        require_publish(request, project_id, "flow")
        existing = items.find_by_name(site.flows, publication.name, project_id)
        if existing is not None and not overwrite:
            raise conflict("409004", "Resource Conflict",
                           "A flow named '%s' already exists in this project; publish with overwrite=true to "
                           "replace it." % publication.name)
    except ApiError:
        publication.discard()
        raise
    flow = _store(request, publication, project_id, existing)
    return created("/api/%s/sites/%s/flows/%s" % (request.api_version, site.id, flow["id"]),
                   flow_element(request, flow))


# ---------------------------------------------------------------------------------------- reads and updates


@route("GET", "/sites/{site_id}/flows", min_version="3.3")
def query_flows(request):
    site = request.site
    advance_jobs(site)
    page, pagination = list_response(readable(request, "flows", site.flows.values()), request.query,
                                     items.placed_filter_fields(site))
    return ok(element("pagination", pagination), element("flows", None, *[flow_element(request, f) for f in page]))


@route("GET", "/sites/{site_id}/flows/{flow_id}", min_version="3.3")
def query_flow(request):
    return ok(flow_element(request, get_flow(request.site, request.params["flow_id"])))


@route("PUT", "/sites/{site_id}/flows/{flow_id}", min_version="3.3")
def update_flow(request):
    """Update Flow: its project and owner. A name or description in the body is ignored: the method takes neither."""
    site = request.site
    flow = get_flow(site, request.params["flow_id"])
    flow_el = child(request.xml(), "flow")
    project_id = items.updated_project_id(request, flow_el, flow["projectId"])
    owner_id = items.updated_owner_id(request, flow_el, flow["ownerId"])
    if items.find_by_name(site.flows, flow["name"], project_id, ignore_id=flow["id"]) is not None:
        raise conflict("409004", "Resource Conflict",
                       "A flow named '%s' already exists in the target project." % flow["name"])
    flow.update({"projectId": project_id, "ownerId": owner_id, "updatedAt": now()})
    return ok(flow_element(request, flow))


@route("DELETE", "/sites/{site_id}/flows/{flow_id}", min_version="3.3")
def delete_flow(request):
    site = request.site
    remove_flow(request.state, site, get_flow(site, request.params["flow_id"]))
    return no_content()


@route("GET", "/sites/{site_id}/flows/{flow_id}/content", min_version="3.3")
def download_flow(request):
    # Download Flow takes no includeExtract: a .tflx comes whole, with its packaged input files.
    return download(request, get_flow(request.site, request.params["flow_id"]), "tableau_flow", None)


@route("GET", "/sites/{site_id}/flows/{flow_id}/connections", min_version="3.3")
def query_flow_connections(request):
    flow = get_flow(request.site, request.params["flow_id"])
    return ok(element("connections", None, *[items.connection_element(c) for c in flow["connections"]]))


@route("PUT", "/sites/{site_id}/flows/{flow_id}/connections/{connection_id}", min_version="3.3")
def update_flow_connection(request):
    flow = get_flow(request.site, request.params["flow_id"])
    conn = items.update_connection(request, flow["connections"], request.params["connection_id"], "404020")
    flow["updatedAt"] = now()
    return ok(items.connection_element(conn))


@route("PUT", "/sites/{site_id}/flows/{flow_id}/tags", min_version="3.9")
def add_flow_tags(request):
    flow = get_flow(request.site, request.params["flow_id"])
    return ok(items.add_tags(request, flow))


@route("DELETE", "/sites/{site_id}/flows/{flow_id}/tags/{tag}", min_version="3.9")
def delete_flow_tag(request):
    flow = get_flow(request.site, request.params["flow_id"])
    items.delete_tag(request, flow, request.params["tag"])
    return no_content()


# ---------------------------------------------------------------------------------------- Run Flow Now


def _run_mode(request, flow):
    """The run mode a Run Flow Now body asks for (full when it has none); its flowRunSpec must name the flow."""
    if not request.body or not request.body.strip():
        return "full"
    spec = request.xml().find("flowRunSpec")
    if spec is None:
        return "full"
    if spec.get("flowId") != flow["id"]:
        raise bad_request("The flowRunSpec must carry the flowId of the flow in the URI ('%s')." % flow["id"])
    mode = spec.get("runMode") or "full"
    if mode not in RUN_MODES:
        raise bad_request("The runMode '%s' is not valid; use full or incremental." % mode)
    return mode


def _run_job_detail(run_id):
    def detail(job):
        el = element("runFlowJobType", {"flowRunId": run_id})
        el.append(text_element("notes", job["notes"]))
        kind, flow_id, flow_name = job["subject"]
        el.append(element(kind, {"id": flow_id, "name": flow_name}))
        return el
    return detail


def _run_work(site, flow_id):
    def work():
        flow = site.flows.get(flow_id)
        if flow is None:
            raise not_found("404027", "Resource Not Found", "The flow was deleted before its run finished.")
        for conn in flow["connections"]:
            if conn["serverAddress"].lower().endswith(".invalid"):
                raise ApiError(400, "400000", "Bad Request",
                               "The flow could not connect to its input at '%s'." % conn["serverAddress"])
    return work


@route("POST", "/sites/{site_id}/flows/{flow_id}/run", min_version="3.3")
def run_flow_now(request):
    """Run Flow Now: a RunFlow job and its flow run; 409093 while a run of the flow is queued or running."""
    site = request.site
    flow = get_flow(site, request.params["flow_id"])
    mode = _run_mode(request, flow)
    return job_accepted(request, start_flow_run(request, flow, mode))


def start_flow_run(request, flow, mode="full"):
    """A RunFlow job and the flow run it records (Get Flow Runs lists it): Run Flow Now's and Run Flow Task's.

    409093 while a run of the flow is queued or running, as Tableau queues no second one.
    """
    site = request.site
    if pending_job(site, "RunFlow", flow["id"]) is not None:
        raise conflict("409093", "Resource Conflict",
                       "Job for '%s' is already queued. Not queuing a duplicate." % flow["name"])
    run_id = new_id()
    job = new_job(request, "RunFlow", "flow", flow["id"], flow["name"], _run_work(site, flow["id"]),
                  detail=_run_job_detail(run_id))
    site.flow_runs[run_id] = {"id": run_id, "flowId": flow["id"], "jobId": job["id"], "runMode": mode,
                              "userId": request.session["user_id"], "createdAt": job["createdAt"]}
    return job
