#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_flow_task
short_description: Schedule, run or remove the runs of a Tableau Prep flow
version_added: 1.1.0
description:
  - Makes the flow O(flow) in O(project) run on a frequency, runs it now, or removes its task.
  - On Tableau Server the task sits on a server schedule of type C(Flow), named by O(schedule) (Add Flow Task
    to Schedule, REST API 3.3). The task is the flow and the schedule.
  - On Tableau Cloud, which has no server schedules, the task carries its own frequency (O(frequency) and the
    options it needs; Create Cloud Flow Task, 3.22). Tableau has no method to change a Cloud flow task, so a
    new frequency replaces the task (it gets a new id, and its failure count starts again).
  - Flow tasks are listed and run from REST API 3.3. Deleting one sends C(DELETE .../tasks/runFlow/<id>), the
    task path of its kind (the REST API reference names no method of its own for it), from 3.6.
  - Running flows on the server needs the Data Management add-on (Tableau Prep Conductor).
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.frequency
  - tableau.server.attributes
options:
  flow:
    description:
      - Name of the published flow (matched without regard to case).
    type: str
    required: true
  project:
    description:
      - Path of the project that holds the flow, such as C(Finance/Prep).
    type: str
    default: Default
  schedule:
    description:
      - Name of the Tableau Server schedule (of type C(Flow)) the flow runs on. Not with O(frequency).
      - With O(state=absent) or O(state=run), picks the task on that schedule.
    type: str
  state:
    description:
      - V(present) makes the task exist as asked.
      - V(absent) deletes the flow's tasks the options name (on O(schedule), or all of them).
      - V(run) runs the one task the options name now (a change) and, with O(wait), waits for the flow run's
        job and fails when it fails. Nothing runs in check mode.
    type: str
    choices: [present, absent, run]
    default: present
  wait:
    description:
      - With O(state=run), wait for the flow run to finish.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for the flow run; the task fails when it takes longer (the run goes on).
    type: int
    default: 1800
notes:
  - Check mode predicts the task and sends no write. With O(frequency) on a Tableau Server (not recognized by
    its address) check mode cannot tell that the server will refuse the Cloud method.
  - Diffs show the flow, project and schedule by name.
seealso:
  - module: tableau.server.tableau_flow_task_info
  - module: tableau.server.tableau_extract_refresh_task
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Run the Prepare Orders flow every night (Tableau Server)
      tableau.server.tableau_flow_task:
        flow: Prepare Orders
        schedule: Daily flow run

    - name: Run it now and wait for it
      tableau.server.tableau_flow_task:
        flow: Prepare Orders
        state: run
        wait_timeout: 900
      register: flow_run

    - name: Take it off the schedule
      tableau.server.tableau_flow_task:
        flow: Prepare Orders
        schedule: Daily flow run
        state: absent

# On Tableau Cloud the task carries its own frequency instead of a server schedule:
#
# - name: Run the flow at 04:00 on the first of the month (Tableau Cloud)
#   tableau.server.tableau_flow_task:
#     flow: Prepare Orders
#     frequency: Monthly
#     start_time: "04:00"
#     month_days: ["1"]
"""

RETURN = r"""
task:
  description: The flow task after the task ran (predicted in check mode; empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: LUID of the task; null for one check mode would create.
      type: str
    content_type:
      description: Always V(flow).
      type: str
    flow:
      description: Name of the flow.
      type: str
      sample: Prepare Orders
    content_id:
      description: LUID of the flow.
      type: str
    project:
      description: Path of the flow's project.
      type: str
    schedule:
      description: Name of the server schedule the task is on (Tableau Server); null for a Cloud task.
      type: str
      sample: Daily flow run
    schedule_id:
      description: LUID of that schedule.
      type: str
    priority:
      description: Priority of the task.
      type: int
    consecutive_failed_count:
      description: How many runs in a row failed.
      type: int
    next_run_at:
      description: When the task runs next, if the server says.
      type: str
    frequency:
      description: The task's own frequency (Tableau Cloud); null for a task on a server schedule.
      type: str
    start_time:
      description: Start time of the task's own frequency (C(HH:MM)).
      type: str
    end_time:
      description: End time of the task's own frequency.
      type: str
    interval_hours:
      description: Hours between runs.
      type: int
    interval_minutes:
      description: Minutes between runs.
      type: int
    week_days:
      description: Days of the week.
      type: list
      elements: str
    month_days:
      description: Days of the month.
      type: list
      elements: str
removed:
  description: The tasks deleted (or that check mode would delete), as RV(task) describes them.
  returned: when O(state=absent)
  type: list
  elements: dict
job_id:
  description: LUID of the flow run's job; null in check mode.
  returned: when O(state=run)
  type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.flow_task import FlowTaskResource
from ansible_collections.tableau.server.plugins.module_utils.frequency import frequency_argspec
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.task import (
    check_params,
    ensure_absent,
    ensure_present,
    ensure_run,
)

ENSURE = {"present": ensure_present, "absent": ensure_absent, "run": ensure_run}


def run(module, client):
    return ENSURE[module.params["state"]](FlowTaskResource(client, module.check_mode), module.params)


def main():
    spec = dict(
        flow=dict(type="str", required=True),
        project=dict(type="str", default="Default"),
        schedule=dict(type="str"),
        state=dict(type="str", choices=["present", "absent", "run"], default="present"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=1800),
    )
    spec.update(frequency_argspec())
    module = TableauModule(argument_spec=spec, supports_check_mode=True)
    module.run(run, check=check_params)


if __name__ == "__main__":
    main()
