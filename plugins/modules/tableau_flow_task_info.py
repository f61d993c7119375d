#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_flow_task_info
short_description: List the flow tasks of a Tableau site
version_added: 1.1.0
description:
  - Lists the flow-run tasks of the signed-in site (List Flow Run Tasks, REST API 3.3), by names, with each
    task's flow, the flow's project path and its server schedule (Tableau Server) or its own frequency (Tableau Cloud).
  - The names come from one listing of the site's flows and one of its projects, whatever the number of tasks.
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  flow:
    description:
      - Only the tasks of the flow with this name (matched without regard to case).
    type: str
  project:
    description:
      - Only the tasks of flows in the project with this path (not its nested projects).
    type: str
  schedule:
    description:
      - Only the tasks on the server schedule with this name.
    type: str
  fields:
    description:
      - Only these keys of each item of RV(tasks); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, content_type, flow, content_id, project, schedule, schedule_id, priority,
              consecutive_failed_count, next_run_at, frequency, start_time, end_time, interval_hours,
              interval_minutes, week_days, month_days]
    version_added: 1.1.0
seealso:
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
    - name: Every flow task of the site
      tableau.server.tableau_flow_task_info:
      register: flow_tasks

    - name: The tasks of one flow
      tableau.server.tableau_flow_task_info:
        flow: Prepare Orders
      register: prepare_orders
"""

RETURN = r"""
tasks:
  description: The matching tasks, sorted by project path, flow name and schedule name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the task.
      type: str
    content_type:
      description: Always V(flow).
      type: str
    flow:
      description: Name of the flow.
      type: str
    content_id:
      description: LUID of the flow.
      type: str
    project:
      description: Path of the flow's project.
      type: str
    schedule:
      description: Name of the server schedule (Tableau Server); null for a task with its own frequency.
      type: str
    schedule_id:
      description: LUID of the server schedule.
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
      description: The task's own frequency (Tableau Cloud).
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
"""

from ansible_collections.tableau.server.plugins.module_utils.flow_task import FlowTaskResource
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.task import list_tasks


def run(module, client):
    params = dict(module.params, state="info")
    return False, dict(tasks=list_tasks(FlowTaskResource(client), params)), None


# The keys of each item of RV(tasks) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "content_type", "flow", "content_id", "project", "schedule", "schedule_id", "priority",
             "consecutive_failed_count", "next_run_at", "frequency", "start_time", "end_time", "interval_hours",
             "interval_minutes", "week_days", "month_days")


def main():
    module = TableauModule(
        items=("tasks", ITEM_KEYS),
        argument_spec=dict(flow=dict(type="str"), project=dict(type="str"), schedule=dict(type="str")),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
