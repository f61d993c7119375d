#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_job
short_description: Cancel a background job of a Tableau site
version_added: 1.1.0
description:
  - Makes the job O(id) cancelled (Cancel Job) while it waits or runs, and by default waits until the server
    has stopped it.
  - A job that has already ended (succeeded, failed or was cancelled) is left alone and reported unchanged, with
    a message saying how it ended; Tableau cannot cancel it.
  - Extract refreshes, subscriptions, flow runs and thumbnail jobs can be cancelled; Tableau may let other jobs
    run to their end.
  - Needs REST API 3.1, and a site or server administrator.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
options:
  id:
    description:
      - The LUID of the job, such as the RV(tableau.server.tableau_datasource#module:job_id) a refresh returns, or
        one that M(tableau.server.tableau_job_info) lists.
    type: str
    required: true
  state:
    description:
      - V(cancelled) stops the job unless it has ended.
    type: str
    choices: [cancelled]
    default: cancelled
  wait:
    description:
      - Wait until the server has stopped the job. Tableau may take a moment to stop a running job; a second run
        during that time would ask again.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait, in seconds, with O(wait).
    type: int
    default: 300
seealso:
  - module: tableau.server.tableau_job_info
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Publish an extract
      tableau.server.tableau_datasource:
        name: Events
        file: files/events.hyper

    - name: Start a refresh without waiting for it
      tableau.server.tableau_datasource:
        name: Events
        state: refreshed
        wait: false
      register: refresh

    - name: Cancel it (no change if it has finished already)
      tableau.server.tableau_job:
        id: "{{ refresh.job_id }}"
        state: cancelled
      register: cancelled

    - name: Say what happened
      ansible.builtin.debug:
        msg: "{{ cancelled.msg }}"

    - name: Refreshes of Events that are still queued or running
      tableau.server.tableau_job_info:
        job_type: [refresh_extracts]
        title: Events
        status: [Pending, InProgress]
      register: running

    - name: Cancel each of them
      tableau.server.tableau_job:
        id: "{{ item.id }}"
      loop: "{{ running.jobs }}"
"""

RETURN = r"""
job:
  description: The job after the task (predicted in check mode).
  returned: always
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
      sample: Cancelled
    finish_code:
      description: 0 when it succeeded, 1 when it failed, 2 when it was cancelled; null until it ends.
      type: int
    progress:
      description: Progress in percent.
      type: int
    notes:
      description: The server's notes on the job.
      type: list
      elements: str
    item_type:
      description: The kind of item the job works on, when the server says.
      type: str
    item_name:
      description: Name of that item.
      type: str
    item_id:
      description: LUID of that item.
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
msg:
  description: What the task did, or why it changed nothing (the job had ended, and how).
  returned: always
  type: str
  sample: The RefreshExtract job 2eef4225-aa0c-41c4-8662-a76d89ed7336 of the data source 'Events' was cancelled.
"""

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.job import JobResource, ensure_cancelled, require_job_id
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule


def check(params):
    require_job_id(params["id"])
    if params["wait_timeout"] < 1:
        raise TableauValidationError("wait_timeout must be 1 or more seconds; got %s." % params["wait_timeout"])


def run(module, client):
    return ensure_cancelled(JobResource(client, module.check_mode), module.params)


def main():
    module = TableauModule(
        argument_spec=dict(
            id=dict(type="str", required=True),
            state=dict(type="str", choices=["cancelled"], default="cancelled"),
            wait=dict(type="bool", default=True),
            wait_timeout=dict(type="int", default=300),
        ),
        supports_check_mode=True,
    )
    module.run(run, check=check)


if __name__ == "__main__":
    main()
