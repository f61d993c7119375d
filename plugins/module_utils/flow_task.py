# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Flow-run tasks: a Tableau Prep flow run on a frequency (see task.py).

On Tableau Server the task sits on a Flow server schedule (Add Flow Task to Schedule, REST API 3.3). On
Tableau Cloud it carries its own frequency (Create Cloud Flow Task, 3.22); Tableau has no method to change
a Cloud flow task's frequency, so a new frequency replaces the task (a new id, the failure count starts
again). Flow tasks are listed, read and run (List Flow Run Tasks, Get Flow Run Task, Run Flow Task) from
3.3. The REST API reference names no method of its own to delete one: the task path of its kind
(``DELETE /tasks/runFlow/<id>``, as Delete Extract Refresh Task and Delete Data Acceleration Task do for
theirs) is what is sent, from 3.6 as for those.

Requests name the task element ``flowRun``, as the schema and the answers do; answers that say
``runFlow`` are read too. Flows are found and listed by flow.py's FlowResource (only reads: the task's check
mode is the task resource's).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils.flow import FlowResource
from ansible_collections.tableau.server.plugins.module_utils.task import TaskResource, names_by_id, require_content


class FlowTaskResource(TaskResource):
    path = "/tasks/runFlow"
    tag = "flowRun"
    read_tags = ("runFlow",)
    kind = "flow task"
    content_kinds = ("flow",)
    schedule_type = "Flow"
    list_version = "3.3"
    add_version = "3.3"
    delete_version = "3.6"
    cloud_create_path = "/tasks/flows"
    cloud_create_version = "3.22"
    cloud_update_version = None
    cloud_hint = ("Tableau Cloud has no server schedules: give the flow task its own frequency (frequency, start_time "
                  "and the options it needs) instead of schedule.")

    def find_content(self, params):
        item, project_path = require_content(FlowResource(self.client), "flow", params["flow"],
                                             params.get("project") or "Default")
        return "flow", item, project_path

    def content_names(self, tasks):
        ids = set(t["content_id"] for t in tasks)
        found = names_by_id(FlowResource(self.client), ids)
        return dict((("flow", item_id), names) for item_id, names in found.items())
