#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_extract_refresh_task_info
short_description: List the extract refresh tasks of a Tableau site
version_added: 1.1.0
description:
  - Lists the extract refresh tasks of the signed-in site (List Extract Refresh Tasks in Site, REST API 2.6),
    by names, with each task's workbook or data source, its project's path and its server schedule (Tableau
    Server) or its own frequency (Tableau Cloud).
  - The names come from one listing of the site's workbooks, one of its data sources and one of its projects,
    whatever the number of tasks.
  - Users who are not site administrators see the tasks of the content they own.
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  workbook:
    description:
      - Only the tasks of the workbook with this name (matched without regard to case).
    type: str
  datasource:
    description:
      - Only the tasks of the data source with this name.
    type: str
  project:
    description:
      - Only the tasks of content in the project with this path (not its nested projects).
    type: str
  schedule:
    description:
      - Only the tasks on the server schedule with this name.
    type: str
  type:
    description:
      - Only full or only incremental refreshes.
    type: str
    choices: [full, incremental]
  fields:
    description:
      - Only these keys of each item of RV(tasks); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, content_type, workbook, datasource, content_id, project, schedule, schedule_id, type, priority,
              consecutive_failed_count, next_run_at, frequency, start_time, end_time, interval_hours,
              interval_minutes, week_days, month_days]
    version_added: 1.1.0
seealso:
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
    - name: Every extract refresh task of the site
      tableau.server.tableau_extract_refresh_task_info:
      register: refreshes

    - name: The refreshes that run on the weekday schedule
      tableau.server.tableau_extract_refresh_task_info:
        schedule: Weekday early mornings
      register: weekday

    - name: Show what refreshes where
      ansible.builtin.debug:
        msg: "{{ item.workbook or item.datasource }} ({{ item.project }}) on {{ item.schedule or item.frequency }}"
      loop: "{{ refreshes.tasks }}"
"""

RETURN = r"""
tasks:
  description: The matching tasks, sorted by project path, content name and schedule name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the task.
      type: str
    content_type:
      description: V(workbook) or V(datasource).
      type: str
    workbook:
      description: Name of the workbook, when the task refreshes a workbook.
      type: str
    datasource:
      description: Name of the data source, when the task refreshes a data source.
      type: str
    content_id:
      description: LUID of the workbook or data source.
      type: str
    project:
      description: Path of the content's project.
      type: str
    schedule:
      description: Name of the server schedule (Tableau Server); null for a task with its own frequency.
      type: str
    schedule_id:
      description: LUID of the server schedule.
      type: str
    type:
      description: V(full) or V(incremental).
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

from ansible_collections.tableau.server.plugins.module_utils.extract_refresh_task import (
    TYPES,
    ExtractRefreshTaskResource,
)
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.task import list_tasks


def run(module, client):
    params = dict(module.params, state="info")
    return False, dict(tasks=list_tasks(ExtractRefreshTaskResource(client), params)), None


# The keys of each item of RV(tasks) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "content_type", "workbook", "datasource", "content_id", "project", "schedule", "schedule_id",
             "type", "priority", "consecutive_failed_count", "next_run_at", "frequency", "start_time",
             "end_time", "interval_hours", "interval_minutes", "week_days", "month_days")


def main():
    module = TableauModule(
        items=("tasks", ITEM_KEYS),
        argument_spec=dict(workbook=dict(type="str"), datasource=dict(type="str"), project=dict(type="str"),
                           schedule=dict(type="str"), type=dict(type="str", choices=TYPES)),
        mutually_exclusive=[("workbook", "datasource")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
