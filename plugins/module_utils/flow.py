# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tableau Prep flows: what differs from workbooks and data sources; the rest is in content.py and publishing.py.

A flow is published (.tfl, .tflx), kept by its fingerprint tag, owned, tagged, has connections and downloads
like the other content. What is its own:

* Update Flow takes a project and an owner, nothing else: a flow's description is set by publishing it, so a
  description that differs from the server's makes the task publish (``publish_needed``); ``new_project``
  moves a flow as it moves workbooks and data sources (publishing.py), but ``new_name`` is refused
  (``no_rename``), since no method renames a flow;
* Add Tags to Flow came in REST API 3.9, after the other flow methods (3.3): below it there is no tag to
  keep the fingerprint in, so publishing is refused before any write;
* Publish Flow has no background-job mode and Download Flow no ``includeExtract``: asking for them is
  refused before any request;
* ``state: run`` runs the flow now (Run Flow Now, 3.3): a RunFlow job, waited for like an extract refresh.
  An incremental run is asked for with a ``flowRunSpec`` body, which needs 3.14; a full run sends the empty
  body every version takes. The run's record (Get Flow Run, 3.10) comes back when the server has it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.content import (
    PublishedContent,
    content_table,
    credentials_element,
)
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.publishing import converge as converge_content
from ansible_collections.tableau.server.plugins.module_utils.publishing import require_item
from ansible_collections.tableau.server.plugins.module_utils.resource import Field, Outcome, is_planned
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource

# The flow methods (Query Flows, Publish Flow, Run Flow Now, ...).
FLOWS_VERSION = "3.3"
# Add Tags to Flow and Delete Tag from Flow: the fingerprint tag needs them.
FLOW_TAGS_VERSION = "3.9"
# Get Flow Runs, Get Flow Run, Cancel Flow Run.
FLOW_RUNS_VERSION = "3.10"
# Run Flow Now with a <flowRunSpec> body (run mode, output steps); older versions take an empty body only.
RUN_SPEC_VERSION = "3.14"
# "Already queued": a run of this flow is waiting or running, and Tableau does not queue a second one.
RUN_QUEUED_CODE = "409093"
RUN_MODES = ("full", "incremental")


def flow_run_from_xml(el):
    return {
        "id": el.get("id"),
        "flow_id": el.get("flowId"),
        "status": el.get("status"),
        "progress": xmlio.to_int(el.get("progress")),
        "started_at": el.get("startedAt"),
        "completed_at": el.get("completedAt"),
        "job_id": el.get("backgroundJobId"),
    }


class FlowResource(PublishedContent):
    path = "/flows"
    tag = "flow"
    kind = "flow"
    table = content_table("flow", [Field("file_type", "fileType", compare=False, option=False)],
                          without=("content_url", "size_mb", "has_extracts"))
    extensions = ("tfl", "tflx")
    packaged_extension = "tflx"
    file_part = "tableau_flow"
    type_param = "flowType"
    states = ("present", "absent", "downloaded", "run")
    publish_modes = ("auto", "create_new", "overwrite")
    empty = {"description": ""}
    no_rename = ("Update Flow takes a project and an owner, not a name (the REST API has no method that renames a "
                 "flow).")

    def __init__(self, client, check_mode=False, **limits):
        super(FlowResource, self).__init__(client, check_mode, **limits)
        self._owner_names = {}

    # ------------------------------------------------------------------ options and shapes

    @classmethod
    def check_options(cls, params):
        if params.get("as_job"):
            raise TableauValidationError("Publish Flow has no background-job mode: as_job is for workbooks and data "
                                         "sources.", hint="Leave as_job out; a flow is published in one request "
                                         "(or through an upload session when it is large).")
        if params.get("state") == "downloaded" and params.get("include_extract") is False:
            raise TableauValidationError("Download Flow has no includeExtract: a flow downloads whole, with the input "
                                         "files a .tflx packs.", hint="Leave include_extract out for flows.")
        credentials = params.get("credentials")
        if credentials and not credentials.get("server_address"):
            raise TableauValidationError("Publish Flow takes credentials per connection: credentials needs "
                                         "server_address (and server_port when the connection has one).",
                                         hint="Name the server the credentials are for, or set them afterwards "
                                              "with connections.")

    def publish_element(self, fields, project_id, current):
        el = self.table.element({"name": fields["name"], "description": fields.get("description")})
        el.append(xmlio.element("project", {"id": project_id}))
        credentials = fields.get("credentials")
        if credentials:
            connection = xmlio.element("connection", {"serverAddress": credentials["server_address"],
                                                      "serverPort": credentials.get("server_port")},
                                       credentials_element(credentials))
            el.append(xmlio.element("connections", None, connection))
        return el

    def shown(self, item, project_path):
        """The diff's view of a flow: the shared fields, with its owner by name beside the owner's id."""
        shown = super(FlowResource, self).shown(item, project_path)
        if shown:
            shown["owner"] = self.owner_name(item.get("owner_id"))
        return shown

    def owner_name(self, user_id):
        if not user_id:
            return None
        if is_planned({"id": user_id}):
            # A user the same plan adds (tableau_site_state): on no server yet.
            found = [u for u in UserResource(self.client).planned() if u.get("id") == user_id]
            return found[0].get("name") if found else None
        if user_id not in self._owner_names:
            user = xmlio.find(self.client.get("/users/%s" % user_id), "user")
            self._owner_names[user_id] = user.get("name") if user is not None else None
        return self._owner_names[user_id]

    # ------------------------------------------------------------------ writes

    def publish_needed(self, current, desired):
        """A description that differs from the server's: Update Flow cannot change it, a publish can."""
        self.client.require_version(FLOW_TAGS_VERSION, "Publishing a flow (its fingerprint is kept in a tag: "
                                                       "Add Tags to Flow)")
        wanted = desired.get("description")
        if current is None or wanted is None or wanted == (current.get("description") or ""):
            return False
        if desired.get("publish_mode") == "create_new":
            raise TableauValidationError(
                "The flow '%s' has the description '%s'; only a publish can change a flow's description, and "
                "publish_mode create_new never publishes an existing flow again." % (current["name"],
                                                                                     current.get("description")),
                hint="Use publish_mode auto (or overwrite), or leave description out.")
        return True

    def change_tags(self, item, add, remove):
        if add or remove:
            self.client.require_version(FLOW_TAGS_VERSION, "Tagging a flow")
        return super(FlowResource, self).change_tags(item, add, remove)

    def run_body(self, item, run_mode):
        if run_mode == "full":
            return b"<tsRequest />"
        self.client.require_version(RUN_SPEC_VERSION, "An incremental flow run (a flowRunSpec with runMode)")
        return xmlio.ts_request(xmlio.element("flowRunSpec", {"flowId": item["id"], "runMode": run_mode}))

    def run(self, item, run_mode="full"):
        """Run the flow now: (started, job id, flow run id).

        (False, None, None) when a run of the flow is queued or running already (Tableau queues no second
        one); in check mode (True, None, None), without a request.
        """
        body = self.run_body(item, run_mode)
        if self.check_mode:
            return True, None, None
        try:
            root = self.client.post("/flows/%s/run" % item["id"], body, expected=(200, 202))
        except TableauApiError as exc:
            if exc.code == RUN_QUEUED_CODE:
                return False, None, None
            raise
        job = xmlio.require(root, "job", "a flow run")
        detail = xmlio.find(job, "runFlowJobType")
        return True, job.get("id"), detail.get("flowRunId") if detail is not None else None

    # ------------------------------------------------------------------ flow runs

    def flow_run(self, run_id):
        self.client.require_version(FLOW_RUNS_VERSION, "Reading a flow run")
        return flow_run_from_xml(xmlio.require(self.client.get("/flows/runs/%s" % run_id), "flowRun",
                                               "a flow run query"))

    def runs(self, item):
        """The flow's runs, newest first (Get Flow Runs, filtered by the flow's id)."""
        self.client.require_version(FLOW_RUNS_VERSION, "Listing flow runs")
        runs = [flow_run_from_xml(el) for el in self.client.paginate(
            "/flows/runs", "flowRuns/flowRuns", filters=[("flowId", "eq", item["id"])], sort="startedAt:desc")]
        return sorted(runs, key=lambda run: run["started_at"] or "~", reverse=True)


# ---------------------------------------------------------------------------------------- module logic

def converge(resource, desired, place=None):
    """tableau_flow's states: ``run`` here, the others as for every kind of content (publishing.converge)."""
    resource.client.require_version(FLOWS_VERSION, "Flows")
    if desired.get("state") == "run":
        return ensure_run(resource, desired)
    return converge_content(resource, desired, place)


def ensure_run(resource, desired):
    """Run the flow (always a change), and wait for the run when asked; a run queued already is not doubled."""
    current, project_path = require_item(resource, desired, "run")
    run_mode = desired.get("run_mode") or "full"
    started, job_id, run_id = resource.run(current, run_mode)
    outcome = Outcome()
    if not started:
        outcome.ret(warnings=["A run of the flow '%s' is already queued or running; no new one was started."
                              % desired["name"]])
    elif job_id is not None and desired.get("wait", True):
        resource.wait_for_job(job_id, desired["wait_timeout"])
    run = None
    if run_id is not None and resource.client.supports(FLOW_RUNS_VERSION):
        run = resource.flow_run(run_id)
    before = resource.shown(current, project_path)
    after = dict(before, run_mode=run_mode, run_status=run["status"] if run else None) if started else before
    outcome.record(started, before, after)
    return outcome.ret(job_id=job_id, flow_run_id=run_id, flow_run=run,
                       flow=dict(current, project=project_path)).result()
