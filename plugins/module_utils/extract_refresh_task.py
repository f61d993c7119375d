# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Extract-refresh tasks: a workbook's or data source's extract refreshed on a frequency (see task.py).

On Tableau Server the task sits on an Extract server schedule (Add Workbook / Data Source to Schedule,
REST API 2.8). That method makes full refreshes only: Tableau has no REST way to put an incremental
refresh on a server schedule, so one is refused before any write (an incremental task set up in the web
UI is found and kept; asked for a full refresh, it is replaced by one). On Tableau Cloud the task has its
own frequency and a type (Create Cloud Extract Refresh Task, 3.20), and its frequency changes in place
(Update Cloud Extract Refresh Task, 3.20): there the task is the content and its type, so one item may
have a full and an incremental refresh task side by side.

Tasks are listed (List Extract Refresh Tasks in Site) and run (Run Extract Refresh Task) from 2.6 and
deleted (Delete Extract Refresh Task) from 3.6.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.frequency import frequency_argspec
from ansible_collections.tableau.server.plugins.module_utils.task import TaskResource, names_by_id, require_content
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

TYPES = ["full", "incremental"]
# The type attribute of Create / Update Cloud Extract Refresh Task; listings say RefreshExtractTask there.
CLOUD_TYPES = {"full": "FullRefresh", "incremental": "IncrementalRefresh"}


def extract_refresh_task_spec():
    """tableau_extract_refresh_task's options (tableau_site_state's extract_refresh_tasks items take them too)."""
    spec = dict(
        workbook=dict(type="str"),
        datasource=dict(type="str"),
        project=dict(type="str", default="Default"),
        schedule=dict(type="str"),
        type=dict(type="str", choices=TYPES),
        state=dict(type="str", choices=["present", "absent", "run"], default="present"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=1800),
    )
    spec.update(frequency_argspec())
    return spec


def refresh_type(el):
    """``full`` or ``incremental`` of a task element: its ``incremental`` flag, else its type."""
    flag = el.get("incremental")
    if flag is not None:
        return "incremental" if flag.lower() == "true" else "full"
    return "incremental" if el.get("type") == CLOUD_TYPES["incremental"] else "full"


class ExtractRefreshTaskResource(TaskResource):
    path = "/tasks/extractRefreshes"
    tag = "extractRefresh"
    kind = "extract refresh task"
    content_kinds = ("workbook", "datasource")
    schedule_type = "Extract"
    list_version = "2.6"
    add_version = "2.8"
    delete_version = "3.6"
    cloud_create_path = "/tasks/extractRefreshes"
    cloud_create_version = "3.20"
    cloud_update_version = "3.20"
    cloud_hint = ("Tableau Cloud has no server schedules: give the task its own frequency (frequency, start_time and "
                  "the options it needs) instead of schedule.")

    def from_xml(self, el, schedule_el=None):
        task = super(ExtractRefreshTaskResource, self).from_xml(el, schedule_el)
        task["type"] = refresh_type(el)
        return task

    def attributes(self, params):
        return {"type": CLOUD_TYPES[params.get("type") or "full"]}

    def predicted_fields(self, params, cloud):
        return {"type": (params.get("type") or "full") if cloud else "full"}

    def same_kind(self, task, params):
        # On Cloud the type tells two tasks of one item apart; on a server schedule there is one task, whatever
        # its type, and a listing filter on type keeps to that type.
        if params.get("schedule") and params.get("state") != "info":
            return True
        if params.get("type") is None and params.get("state") in ("absent", "run", "info"):
            return True
        return task["type"] == (params.get("type") or "full")

    def check_server_create(self, params):
        if params.get("type") == "incremental":
            raise TableauValidationError(
                "Tableau Server has no REST method to put an incremental refresh on a server schedule: Add to "
                "Schedule makes full refreshes.",
                hint="Leave type out (full), or schedule the incremental refresh in the web UI; state run then runs it, "
                     "and tableau_datasource state refreshed with incremental refreshes on demand.")

    def server_plan(self, current, params):
        wanted = params.get("type")
        if wanted is None or wanted == current["type"]:
            return None
        if wanted == "incremental":
            self.check_server_create(params)
        return "replace"

    def shown_extra(self, task):
        return {"type": task.get("type")}

    def find_content(self, params):
        kind = "workbook" if params.get("workbook") else "datasource"
        resource = WorkbookResource(self.client) if kind == "workbook" else DatasourceResource(self.client)
        item, project_path = require_content(resource, "workbook" if kind == "workbook" else "data source",
                                             params[kind], params.get("project") or "Default")
        return kind, item, project_path

    def content_names(self, tasks):
        names = {}
        for kind, resource in (("workbook", WorkbookResource), ("datasource", DatasourceResource)):
            ids = set(t["content_id"] for t in tasks if t["content_type"] == kind)
            names.update(((kind, item_id), found) for item_id, found in names_by_id(resource(self.client), ids).items())
        return names
