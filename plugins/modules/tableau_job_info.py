#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_job_info
short_description: List the background jobs of a Tableau site, or read one job
version_added: 1.1.0
description:
  - Lists the background jobs of the signed-in site (extract refreshes, asynchronous publishes, flow runs,
    subscriptions), newest first, filtered on the server by type, status, title, subtitle and time ranges.
  - With O(id), reads that one job with its details instead (progress, finish code, notes, the item it works on).
  - Listing jobs (Query Jobs) needs REST API 3.1; reading one job works on every version.
  - Tableau shows jobs to site and server administrators, and forgets ended jobs after a while.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  id:
    description:
      - The LUID of one job to read, such as the RV(tableau.server.tableau_datasource#module:job_id) a refresh returns.
      - Cannot be combined with the filters.
    type: str
  job_type:
    description:
      - Only jobs of these types, as the listing names them (the backgrounder's names, such as C(refresh_extracts),
        C(increment_extracts), C(run_flow), C(single_subscription_notify)).
    type: list
    elements: str
  status:
    description:
      - Only jobs in one of these states.
    type: list
    elements: str
    choices: [Pending, InProgress, Success, Failed, Cancelled]
  title:
    description:
      - Only jobs with exactly this title (for a refresh, the name of the data source or workbook).
    type: str
  subtitle:
    description:
      - Only jobs with exactly this subtitle (for a refresh, the kind of item, such as C(Data Source)).
    type: str
  created_after:
    description:
      - Only jobs created at or after this UTC date or time, such as C(2026-05-01) or C(2026-05-01T08:00:00Z).
    type: str
  created_before:
    description:
      - Only jobs created before this UTC date or time.
    type: str
  started_after:
    description:
      - Only jobs started at or after this UTC date or time.
    type: str
  started_before:
    description:
      - Only jobs started before this UTC date or time.
    type: str
  ended_after:
    description:
      - Only jobs that ended at or after this UTC date or time.
    type: str
  ended_before:
    description:
      - Only jobs that ended before this UTC date or time.
    type: str
  fields:
    description:
      - Only these keys of each item of RV(jobs); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, job_type, status, title, subtitle, priority, created_at, started_at, ended_at]
    version_added: 1.1.0
seealso:
  - module: tableau.server.tableau_job
  - module: tableau.server.tableau_datasource
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Publish an extract and start a refresh of it
      tableau.server.tableau_datasource:
        name: Events
        file: files/events.hyper

    - name: Refresh it without waiting
      tableau.server.tableau_datasource:
        name: Events
        state: refreshed
        wait: false
      register: refresh

    - name: The refresh job, with its progress and finish code
      tableau.server.tableau_job_info:
        id: "{{ refresh.job_id }}"
      register: refresh_job

    - name: Extract refreshes that failed since the first of May
      tableau.server.tableau_job_info:
        job_type: [refresh_extracts, increment_extracts]
        status: [Failed]
        created_after: "2026-05-01"
      register: failed_refreshes

    - name: Jobs that are queued or running now
      tableau.server.tableau_job_info:
        status: [Pending, InProgress]
      register: active

    - name: Show what is running
      ansible.builtin.debug:
        msg: "{{ active.jobs | map(attribute='title') | list }}"
"""

RETURN = r"""
jobs:
  description: The matching jobs, newest first (empty when O(id) is given).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the job.
      type: str
    job_type:
      description: Type of the job as the listing names it.
      type: str
      sample: refresh_extracts
    status:
      description: C(Pending), C(InProgress), C(Success), C(Failed) or C(Cancelled).
      type: str
    title:
      description: What the job works on, such as the name of the data source it refreshes.
      type: str
    subtitle:
      description: More about it, such as the kind of item.
      type: str
    priority:
      description: Priority of the job (lower runs first).
      type: int
    created_at:
      description: When the job was created (ISO 8601).
      type: str
    started_at:
      description: When it started; null while it waits.
      type: str
    ended_at:
      description: When it ended; null while it waits or runs.
      type: str
job:
  description: The job read with O(id).
  returned: when O(id) is given
  type: dict
  contains:
    id:
      description: LUID of the job.
      type: str
    type:
      description: Type of the job as the job APIs name it.
      type: str
      sample: RefreshExtract
    status:
      description: C(Pending), C(InProgress), C(Success), C(Failed) or C(Cancelled).
      type: str
    progress:
      description: Progress in percent.
      type: int
    finish_code:
      description: 0 when it succeeded, 1 when it failed, 2 when it was cancelled; null until it ends.
      type: int
    mode:
      description: C(Asynchronous).
      type: str
    notes:
      description: The server's notes on the job, such as why it failed.
      type: list
      elements: str
    item_type:
      description: The kind of item the job works on (C(data source), C(workbook), C(flow)), when it says.
      type: str
    item_id:
      description: LUID of that item.
      type: str
    item_name:
      description: Name of that item.
      type: str
    created_at:
      description: When the job was created (ISO 8601).
      type: str
    started_at:
      description: When it started.
      type: str
    ended_at:
      description: When it ended.
      type: str
    updated_at:
      description: When the server last updated the job, where it says.
      type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.job import (
    DATE_FILTERS,
    STATUSES,
    JobResource,
    list_jobs,
    require_job_id,
    utc_time,
)
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule

FILTERS = ("job_type", "status", "title", "subtitle") + tuple(option for option, dummy, dummy_op in DATE_FILTERS)


def check(params):
    """Options the server would refuse, refused before sign-in."""
    if params["id"] is not None:
        require_job_id(params["id"])
    for option, dummy, dummy_op in DATE_FILTERS:
        if params[option]:
            utc_time(option, params[option])


def run(module, client):
    jobs = JobResource(client)
    if module.params["id"] is not None:
        return False, dict(jobs=[], job=jobs.read(require_job_id(module.params["id"]))), None
    return False, dict(jobs=list_jobs(jobs, module.params)), None


# The keys of each item of RV(jobs) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "job_type", "status", "title", "subtitle", "priority", "created_at", "started_at", "ended_at")


def main():
    spec = dict(
        id=dict(type="str"),
        job_type=dict(type="list", elements="str"),
        status=dict(type="list", elements="str", choices=STATUSES),
        title=dict(type="str"),
        subtitle=dict(type="str"),
    )
    spec.update((option, dict(type="str")) for option, dummy, dummy_op in DATE_FILTERS)
    module = TableauModule(argument_spec=spec, mutually_exclusive=[("id", option) for option in FILTERS],
                           items=("jobs", ITEM_KEYS), supports_check_mode=True)
    module.run(run, check=check)


if __name__ == "__main__":
    main()
