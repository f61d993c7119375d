#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_schedule
short_description: Create, change, suspend or delete a server schedule of Tableau Server
version_added: 1.1.0
description:
  - Makes the server schedule named O(name) exist with the given type, frequency, priority and execution
    order, active or suspended, or removes it. Extract refreshes, flow runs and subscriptions of every site
    run on server schedules.
  - Server schedules are Tableau Server's and need a server administrator and REST API 2.3. Tableau Cloud
    has none; there each extract-refresh task, flow-run task and subscription carries its own frequency, and
    the module says so instead of sending anything.
  - The frequency is given as the schedule editor shows it (O(start_time), O(end_time), O(interval_hours) or
    O(interval_minutes), O(week_days), O(month_days)) and compared as what it means, so C(06:30) and
    C(06:30:00), or week days in another order, are no change. Options left out keep what the schedule has;
    when O(frequency) changes, only O(start_time) carries over and the new frequency's other details must be given.
  - "What each frequency takes: V(Hourly) needs O(start_time), O(end_time) and O(interval_hours) (1, 2, 4, 6, 8,
    12) or O(interval_minutes) (15, 30; such a schedule starts and ends on the hour); V(Daily) needs O(start_time)
    and runs once a day, or every O(interval_hours) (2, 4, 6, 8, 12) until O(end_time); V(Weekly) needs
    O(start_time) and O(week_days); V(Monthly) needs O(start_time) and O(month_days). Input that does not fit
    is refused before anything is written."
  - Hourly and daily schedules on chosen O(week_days), daily schedules that repeat every few hours, and monthly
    schedules on several days need REST API 3.21 (Tableau Server 2023.3). Servers older than REST API 3.8 do
    not report a schedule's frequency details, so there the details of an existing schedule are left as they
    are unless O(frequency) changes.
  - A schedule's O(type) cannot change. Deleting a schedule removes the tasks and subscriptions that run on it.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
options:
  name:
    description:
      - Name of the schedule; schedules are server-wide and matched by name without regard to case.
    type: str
    required: true
  type:
    description:
      - What runs on the schedule. Required to create one; it cannot change afterwards.
      - V(Flow) needs REST API 3.3, V(DataAcceleration) 3.8 (Tableau Server 2020.2 to 2021.4; data acceleration
        gave way to view acceleration in 2022.1, whose servers may refuse it).
    type: str
    choices: [Extract, Flow, Subscription, DataAcceleration]
  frequency:
    description:
      - How often the schedule runs. Required to create one.
    type: str
    choices: [Hourly, Daily, Weekly, Monthly]
  start_time:
    description:
      - Time of day of the first run (of each day, for hourly and repeating daily schedules), as C(HH:MM) or
        C(HH:MM:SS) on a 24-hour clock, in the server's time zone. Required to create a schedule.
    type: str
  end_time:
    description:
      - Time of day after which an hourly schedule, or a daily one that repeats every few hours, stops for the day.
    type: str
  interval_hours:
    description:
      - Hours between runs. Hourly schedules run every 1, 2, 4, 6, 8 or 12 hours; daily ones every 2, 4, 6, 8 or
        12 hours, or once a day (V(24), what a daily schedule does when this is not given).
    type: int
    choices: [1, 2, 4, 6, 8, 12, 24]
  interval_minutes:
    description:
      - Minutes between runs of an hourly schedule, instead of O(interval_hours).
    type: int
    choices: [15, 30]
  week_days:
    description:
      - The days a weekly schedule runs on (at least one). Hourly and daily schedules run on these days only
        (REST API 3.21); all seven, or none given, is every day.
    type: list
    elements: str
    choices: [Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday]
  month_days:
    description:
      - The days of the month a monthly schedule runs on, each a number from 1 to 31 or C(LastDay). More than
        one day needs REST API 3.21.
    type: list
    elements: raw
  priority:
    description:
      - Priority of the tasks on the schedule, from 1 (runs first) to 100. New schedules get 50.
    type: int
  execution_order:
    description:
      - V(Parallel) runs the schedule's tasks on every background process available; V(Serial) one at a time.
        New schedules run in parallel.
    type: str
    choices: [Parallel, Serial]
  enabled:
    description:
      - V(false) suspends the schedule, whose state becomes C(Suspended), and nothing on it runs until it is
        enabled again. New schedules are active unless this is V(false).
    type: bool
  state:
    description:
      - V(present) to create or change the schedule, V(absent) to delete it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: tableau.server.tableau_schedule_info
"""

EXAMPLES = r"""
- name: Connect to Tableau Server once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Refresh extracts every two hours during the working day, on weekdays
      tableau.server.tableau_schedule:
        name: Working hours
        type: Extract
        frequency: Hourly
        start_time: "07:00"
        end_time: "19:00"
        interval_hours: 2
        week_days: [Monday, Tuesday, Wednesday, Thursday, Friday]
        priority: 30

    - name: Send subscriptions on the first and the last day of the month
      tableau.server.tableau_schedule:
        name: Month bookends
        type: Subscription
        frequency: Monthly
        start_time: "06:00"
        month_days: [1, LastDay]
        execution_order: Serial

    - name: Move a schedule Tableau Server comes with to Sunday night as well
      tableau.server.tableau_schedule:
        name: Saturday night
        frequency: Weekly
        week_days: [Saturday, Sunday]
      register: weekend

    - name: Suspend it during a maintenance window
      tableau.server.tableau_schedule:
        name: Working hours
        enabled: false

    - name: Remove a schedule no longer used
      tableau.server.tableau_schedule:
        name: Month bookends
        state: absent
"""

RETURN = r"""
schedule:
  description: The schedule after the task (predicted in check mode; empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: LUID of the schedule; null for one check mode would create.
      type: str
    name:
      description: Name of the schedule.
      type: str
      sample: Working hours
    type:
      description: What runs on it (Extract, Flow, Subscription, DataAcceleration, ActiveDirectorySync).
      type: str
      sample: Extract
    frequency:
      description: Hourly, Daily, Weekly or Monthly.
      type: str
      sample: Hourly
    frequency_details:
      description:
        - When it runs, in the options' terms; null when the server does not report it (before REST API 3.8).
        - The same details in the REST API's own form, as C(start), C(end) and C(intervals) (one dict per
          C(<interval>), keyed C(hours), C(minutes), C(week_day) or C(month_day)), are there too.
      type: dict
      contains:
        start_time:
          description: Time of the first run, C(HH:MM:SS).
          type: str
          sample: "07:00:00"
        end_time:
          description: End of the day's runs of an hourly or repeating daily schedule, C(HH:MM:SS), or null.
          type: str
          sample: "19:00:00"
        interval_hours:
          description: Hours between runs (24 for a daily schedule that runs once a day), or null.
          type: int
          sample: 2
        interval_minutes:
          description: Minutes between runs, or null.
          type: int
        week_days:
          description: Days it runs on, Monday first; every day of the week for an hourly or daily schedule that
            names none (REST API 3.21 and later; null before, where servers do not report them).
          type: list
          elements: str
          sample: [Monday, Tuesday, Wednesday, Thursday, Friday]
        month_days:
          description: Days of the month of a monthly schedule, in calendar order with C(LastDay) last, or null.
          type: list
          elements: str
          sample: ["1", LastDay]
    priority:
      description: Priority from 1 (runs first) to 100.
      type: int
      sample: 30
    execution_order:
      description: Parallel or Serial.
      type: str
      sample: Parallel
    enabled:
      description: Whether the schedule runs (false when it is suspended).
      type: bool
      sample: true
    state:
      description: The schedule's state as the server names it, Active or Suspended.
      type: str
      sample: Active
    next_run_at:
      description: When the schedule runs next (ISO 8601, UTC); null in check mode for a new schedule.
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
from ansible_collections.tableau.server.plugins.module_utils.schedule import (
    ScheduleResource,
    ensure_absent,
    ensure_present,
    schedule_spec,
)


def run(module, client):
    schedules = ScheduleResource(client, module.check_mode)
    if module.params["state"] == "absent":
        return ensure_absent(schedules, module.params)
    return ensure_present(schedules, module.params)


def main():
    module = TableauModule(
        argument_spec=dict(
            schedule_spec(),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        mutually_exclusive=[("interval_hours", "interval_minutes")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
