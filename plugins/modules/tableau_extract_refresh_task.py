#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_extract_refresh_task
short_description: Schedule, run or remove the extract refresh of a Tableau workbook or data source
version_added: 1.1.0
description:
  - Makes the extract of the workbook O(workbook) or data source O(datasource) in O(project) refresh on a
    frequency, runs that refresh now, or removes it.
  - On Tableau Server the task sits on a server schedule of type C(Extract), named by O(schedule) (Add
    Workbook / Data Source to Schedule, REST API 2.8). The task is the content and the schedule.
  - On Tableau Cloud, which has no server schedules, the task carries its own frequency (O(frequency) and the
    options it needs; Create Cloud Extract Refresh Task, 3.20). The task is the content and its O(type); a new
    frequency changes it in place (Update Cloud Extract Refresh Task, 3.20).
  - Tableau has no REST method to put an incremental refresh on a server schedule; O(type=incremental) with
    O(schedule) is refused before any write. An incremental task made in the web UI is kept; with
    O(type=full) it is replaced by a full one.
  - Deleting a task needs REST API 3.6; listing and running one, 2.6.
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.frequency
  - tableau.server.attributes
options:
  workbook:
    description:
      - Name of the workbook whose extract is refreshed (matched without regard to case). One of O(workbook)
        and O(datasource) is required.
    type: str
  datasource:
    description:
      - Name of the published data source whose extract is refreshed.
    type: str
  project:
    description:
      - Path of the project that holds the content, such as C(Finance/Reports).
    type: str
    default: Default
  schedule:
    description:
      - Name of the Tableau Server schedule (of type C(Extract)) the refresh runs on. Not with O(frequency).
      - With O(state=absent) or O(state=run), picks the task on that schedule.
    type: str
  type:
    description:
      - V(full) or V(incremental) refresh. New tasks are full refreshes unless this says otherwise.
      - With O(state=absent), O(state=run) and no O(schedule), picks the tasks of that type.
    type: str
    choices: [full, incremental]
  state:
    description:
      - V(present) makes the task exist as asked.
      - V(absent) deletes the content's tasks the options name (on O(schedule), of O(type), or all of them).
      - V(run) runs the one task the options name now (a change) and, with O(wait), waits for the refresh job
        and fails when it fails. A run queued already is not doubled; the task then reports no change, with
        a warning. Nothing runs in check mode.
    type: str
    choices: [present, absent, run]
    default: present
  wait:
    description:
      - With O(state=run), wait for the refresh job to finish.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for the refresh job; the task fails when the job takes longer (the job keeps running).
    type: int
    default: 1800
notes:
  - Check mode predicts the task and sends no write. With O(frequency) on a Tableau Server (not recognized by
    its address) check mode cannot tell that the server will refuse the Cloud method.
  - Diffs show the content, project and schedule by name.
seealso:
  - module: tableau.server.tableau_extract_refresh_task_info
  - module: tableau.server.tableau_datasource
  - module: tableau.server.tableau_flow_task
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Publish the workbook whose extract is refreshed
      tableau.server.tableau_workbook:
        name: Regional Sales
        file: files/sales.twbx

    - name: Refresh it every weekday morning (Tableau Server)
      tableau.server.tableau_extract_refresh_task:
        workbook: Regional Sales
        schedule: Weekday early mornings

    - name: Refresh it now and wait for the refresh to finish
      tableau.server.tableau_extract_refresh_task:
        workbook: Regional Sales
        schedule: Weekday early mornings
        state: run
        wait_timeout: 600
      register: refresh

    - name: Stop refreshing it on that schedule
      tableau.server.tableau_extract_refresh_task:
        workbook: Regional Sales
        schedule: Weekday early mornings
        state: absent

# On Tableau Cloud the task carries its own frequency instead of a server schedule:
#
# - name: Refresh the Orders data source at 06:00 on weekdays (Tableau Cloud)
#   tableau.server.tableau_extract_refresh_task:
#     datasource: Orders
#     project: Warehouse
#     frequency: Weekly
#     start_time: "06:00"
#     week_days: [Monday, Tuesday, Wednesday, Thursday, Friday]
"""

RETURN = r"""
task:
  description: The task after the task ran (predicted in check mode; empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: LUID of the task; null for one check mode would create.
      type: str
    content_type:
      description: V(workbook) or V(datasource).
      type: str
    workbook:
      description: Name of the workbook refreshed, when it is a workbook.
      type: str
      sample: Regional Sales
    datasource:
      description: Name of the data source refreshed, when it is a data source.
      type: str
    content_id:
      description: LUID of the workbook or data source.
      type: str
    project:
      description: Path of the content's project.
      type: str
      sample: Default
    schedule:
      description: Name of the server schedule the task is on (Tableau Server); null for a Cloud task.
      type: str
      sample: Weekday early mornings
    schedule_id:
      description: LUID of that schedule.
      type: str
    type:
      description: V(full) or V(incremental).
      type: str
    priority:
      description: Priority of the task (1 highest, 100 lowest).
      type: int
    consecutive_failed_count:
      description: How many runs in a row failed.
      type: int
    next_run_at:
      description: When the task runs next, if the server says (ISO 8601).
      type: str
    frequency:
      description: The task's own frequency (Tableau Cloud); null for a task on a server schedule.
      type: str
    start_time:
      description: Start time of the task's own frequency (C(HH:MM)).
      type: str
    end_time:
      description: End time of the task's own frequency (C(HH:MM)).
      type: str
    interval_hours:
      description: Hours between runs of the task's own frequency.
      type: int
    interval_minutes:
      description: Minutes between runs of the task's own frequency.
      type: int
    week_days:
      description: Days of the week of the task's own frequency.
      type: list
      elements: str
    month_days:
      description: Days of the month of the task's own frequency.
      type: list
      elements: str
removed:
  description: The tasks deleted (or that check mode would delete), as RV(task) describes them.
  returned: when O(state=absent)
  type: list
  elements: dict
job_id:
  description: LUID of the refresh job started; null in check mode.
  returned: when O(state=run)
  type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.extract_refresh_task import (
    ExtractRefreshTaskResource,
    extract_refresh_task_spec,
)
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.task import (
    check_params,
    ensure_absent,
    ensure_present,
    ensure_run,
)

ENSURE = {"present": ensure_present, "absent": ensure_absent, "run": ensure_run}


def run(module, client):
    return ENSURE[module.params["state"]](ExtractRefreshTaskResource(client, module.check_mode), module.params)


def main():
    spec = extract_refresh_task_spec()
    module = TableauModule(argument_spec=spec, mutually_exclusive=[("workbook", "datasource")],
                           required_one_of=[("workbook", "datasource")], supports_check_mode=True)
    module.run(run, check=check_params)


if __name__ == "__main__":
    main()
