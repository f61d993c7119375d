#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_schedule_info
short_description: List the server schedules of Tableau Server, with when they run
version_added: 1.1.0
description:
  - Lists the server schedules (one listing), optionally only one name, one type or one frequency, and reads
    each one's frequency details (Query Schedule, REST API 3.8; side by side, as many at once as the
    connection's concurrency allows).
  - Server schedules are Tableau Server's and need a server administrator and REST API 2.3. Tableau Cloud
    has none; there each extract-refresh task, flow-run task and subscription carries its own frequency, and
    the module says so instead of listing.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  name:
    description:
      - Only the schedule with this name (matched without regard to case).
    type: str
  type:
    description:
      - Only schedules of this type.
    type: str
    choices: [Extract, Flow, Subscription, DataAcceleration, ActiveDirectorySync]
  frequency:
    description:
      - Only schedules of this frequency.
    type: str
    choices: [Hourly, Daily, Weekly, Monthly]
  fields:
    description:
      - Only these keys of each item of RV(schedules); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, name, type, frequency, frequency_details, priority, execution_order, enabled, state,
              next_run_at, end_schedule_at, created_at, updated_at]
    version_added: 1.1.0
seealso:
  - module: tableau.server.tableau_schedule
"""

EXAMPLES = r"""
- name: Connect to Tableau Server once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Every server schedule, with when it runs
      tableau.server.tableau_schedule_info:
      register: all_schedules

    - name: The weekly extract-refresh schedules
      tableau.server.tableau_schedule_info:
        type: Extract
        frequency: Weekly
      register: weekly_extracts

    - name: Show the days of one schedule
      ansible.builtin.debug:
        msg: "{{ weekly_extracts.schedules | selectattr('name', 'equalto', 'Saturday night')
                 | map(attribute='frequency_details.week_days') | first }}"
"""

RETURN = r"""
schedules:
  description: The matching schedules, sorted by name, each as M(tableau.server.tableau_schedule) returns it.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the schedule.
      type: str
    name:
      description: Name of the schedule.
      type: str
      sample: Saturday night
    type:
      description: What runs on it (Extract, Flow, Subscription, DataAcceleration, ActiveDirectorySync).
      type: str
    frequency:
      description: Hourly, Daily, Weekly or Monthly.
      type: str
    frequency_details:
      description:
        - When it runs, as the options of M(tableau.server.tableau_schedule) name it (C(start_time),
          C(end_time), C(interval_hours), C(interval_minutes), C(week_days), C(month_days)), with the REST API's
          own C(start), C(end) and C(intervals) beside them; null before REST API 3.8.
      type: dict
      sample: {start_time: "23:00:00", end_time: null, interval_hours: null, interval_minutes: null,
               week_days: [Saturday], month_days: null}
    priority:
      description: Priority from 1 (runs first) to 100.
      type: int
    execution_order:
      description: Parallel or Serial.
      type: str
    enabled:
      description: Whether the schedule runs (false when it is suspended).
      type: bool
    state:
      description: Active or Suspended.
      type: str
    next_run_at:
      description: When it runs next (ISO 8601, UTC).
      type: str
    end_schedule_at:
      description: When the schedule ends, if it does.
      type: str
    created_at:
      description: When the schedule was created (ISO 8601).
      type: str
    updated_at:
      description: When it was last changed (ISO 8601).
      type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.schedule import FREQUENCIES, SCHEDULE_TYPES, ScheduleResource


def run(module, client):
    params = module.params
    schedules = ScheduleResource(client)
    found = [s for s in schedules.list_named(params["name"])
             if params["type"] in (None, s["type"]) and params["frequency"] in (None, s["frequency"])]
    found = schedules.map(schedules.read, sorted(found, key=lambda s: (s["name"] or "").lower()))
    return False, dict(schedules=found), None


# The keys of each item of RV(schedules) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "name", "type", "frequency", "frequency_details", "priority", "execution_order", "enabled",
             "state", "next_run_at", "end_schedule_at", "created_at", "updated_at")


def main():
    module = TableauModule(
        items=("schedules", ITEM_KEYS),
        argument_spec=dict(
            name=dict(type="str"),
            type=dict(type="str", choices=SCHEDULE_TYPES),
            frequency=dict(type="str", choices=FREQUENCIES),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
