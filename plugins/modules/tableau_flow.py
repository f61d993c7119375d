#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_flow
short_description: Publish, run, download and delete Tableau Prep flows
version_added: 1.1.0
description:
  - Publishes a local Tableau Prep flow (C(.tfl), or C(.tflx) with its input files packed in) into a project,
    and keeps its description, owner, tags and connections as the task says.
  - Publishes only when the file changed since the last publish (see the notes), so a second run with the
    same file reports no change and uploads nothing.
  - Files below O(single_request_limit_mb) go in one request; bigger files through a file upload session
    in chunks streamed from disk.
  - O(new_project) moves a flow to another project in place (Update Flow; it keeps its id, runs and tasks).
    A changed O(project) alone publishes a second copy there, and the task warns about it. Flows cannot be
    renamed (Update Flow takes no name), so O(new_name) is refused before any request.
  - O(state=run) runs the flow now and can wait for the run; O(state=downloaded) writes the flow's file to a
    local path; O(state=absent) deletes it.
  - Needs REST API 3.3 (Tableau Server 2019.1) for flows, and 3.9 to publish, since the content fingerprint is
    kept in a tag and flows take tags from 3.9 on. Running flows needs Tableau Prep Conductor (the Data
    Management add-on) on the server or site.
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.content
  - tableau.server.attributes
  - ansible.builtin.files
options:
  state:
    description:
      - V(present) publishes the flow when needed and converges its settings.
      - V(absent) deletes the flow named O(name) in O(project).
      - V(downloaded) writes the flow's file to O(dest).
      - V(run) runs the flow now (Run Flow Now; always a change). With O(wait), the task waits for the run and
        fails when it fails or is cancelled. A run already queued or running is not doubled; the task then
        reports no change, with a warning.
    type: str
    choices: [present, absent, downloaded, run]
    default: present
  publish_mode:
    description:
      - V(auto) creates the flow when it is absent and overwrites it when the file (or O(description)) changed.
      - V(create_new) publishes only when the flow is absent and never replaces its content (the owner, tags and
        connections are still converged).
      - V(overwrite) publishes with Tableau's Overwrite on every run, whether or not the file changed.
    type: str
    choices: [auto, create_new, overwrite]
    default: auto
  description:
    description:
      - Description of the flow. Omitted leaves it alone.
      - Update Flow cannot change a flow's description, so a description that differs from the server's is set
        by publishing the file again (with O(publish_mode=auto) or V(overwrite); V(create_new) refuses it).
    type: str
  as_job:
    description:
      - Publish Flow has no background-job mode; V(true) is refused before any request.
    type: bool
    default: false
  include_extract:
    description:
      - Download Flow has no choice of leaving files out; V(false) is refused before any request.
    type: bool
    default: true
  credentials:
    description:
      - Credentials embedded in the flow's connection to O(credentials.server_address) when it is published.
      - Not compared between runs (the server never returns passwords); use O(connections) to change them later.
    type: dict
    suboptions:
      username:
        description: User name of the database connection.
        type: str
        required: true
      password:
        description: Password of the database connection.
        type: str
      embed:
        description: Embed the credentials in the flow.
        type: bool
        default: true
      oauth:
        description: The credentials are an OAuth user name (with O(credentials.password) left out).
        type: bool
        default: false
      server_address:
        description: Server address of the connection the credentials are for. Required with O(credentials).
        type: str
      server_port:
        description: Server port of that connection.
        type: int
  run_mode:
    description:
      - With O(state=run), V(full) runs every output step in full; V(incremental) refreshes the outputs set up for
        incremental refresh in the flow (REST API 3.14 and later).
    type: str
    choices: [full, incremental]
    default: full
  wait:
    description:
      - With O(state=run), wait for the run to finish (up to O(wait_timeout) seconds).
    type: bool
    default: true
notes:
  - Runs on a schedule (flow tasks) are not made here.
seealso:
  - module: tableau.server.tableau_flow_info
  - module: tableau.server.tableau_datasource
  - module: tableau.server.tableau_project
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Create the project for data preparation
      tableau.server.tableau_project:
        path: Data Prep

    - name: Publish a packaged flow (again only when the file changed)
      tableau.server.tableau_flow:
        name: Cleanup
        project: Data Prep
        file: files/cleanup.tflx
        description: Cleans the orders before the dashboards read them
        tags: [prep, nightly]

    - name: Point its input at the replica, with an embedded password
      tableau.server.tableau_flow:
        name: Cleanup
        project: Data Prep
        file: files/cleanup.tflx
        connections:
          - match:
              server_address: db.example.com
            server_address: replica.example.com
            username: svc_prep
            password: "{{ vault_prep_db_password }}"
            embed_password: true

    - name: Create the project to move it to
      tableau.server.tableau_project:
        path: Data Prep/Certified

    - name: Move it there (in place; a second run finds it moved and changes nothing)
      tableau.server.tableau_flow:
        name: Cleanup
        project: Data Prep
        new_project: Data Prep/Certified

    - name: Move it back
      tableau.server.tableau_flow:
        name: Cleanup
        project: Data Prep/Certified
        new_project: Data Prep

    - name: Run it now and wait for the run (the task fails when the run fails)
      tableau.server.tableau_flow:
        name: Cleanup
        project: Data Prep
        state: run
        wait_timeout: 1800
      register: cleanup_run

    - name: Show how the run ended
      ansible.builtin.debug:
        msg: "{{ cleanup_run.flow_run.status }} at {{ cleanup_run.flow_run.completed_at }}"

    - name: Start an incremental run without waiting for it
      tableau.server.tableau_flow:
        name: Cleanup
        project: Data Prep
        state: run
        run_mode: incremental
        wait: false

    - name: Download the flow
      tableau.server.tableau_flow:
        name: Cleanup
        project: Data Prep
        state: downloaded
        dest: backup/  # an existing folder: the file keeps the server's name, Cleanup.tflx

    - name: Delete it
      tableau.server.tableau_flow:
        name: Cleanup
        project: Data Prep
        state: absent
"""

RETURN = r"""
flow:
  description: The flow after the task (predicted in check mode; empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: LUID of the flow; null when check mode would create it.
      type: str
    name:
      description: Name of the flow.
      type: str
    project:
      description: Path of its project.
      type: str
      sample: Data Prep
    project_id:
      description: LUID of its project.
      type: str
    description:
      description: Description.
      type: str
    file_type:
      description: C(tfl) or C(tflx).
      type: str
    owner_id:
      description: LUID of the owner.
      type: str
    owner:
      description: Name of the owner, when the task named one.
      type: str
    tags:
      description: Tags, without the fingerprint tag.
      type: list
      elements: str
    fingerprint:
      description: The first 16 hex digits of the recorded content fingerprint, or null.
      type: str
      sample: 3f2a9c0d4b1e8f77
    webpage_url:
      description: Address of the flow in the web interface.
      type: str
    created_at:
      description: Creation time (ISO 8601).
      type: str
    updated_at:
      description: Last change (ISO 8601).
      type: str
    connections:
      description: The flow's connections, when O(connections) was given (passwords are never returned).
      type: list
      elements: dict
published:
  description: Whether the file was published (or would be, in check mode).
  returned: state is present
  type: bool
publish_action:
  description: The Tableau publish mode used, C(CreateNew) or C(Overwrite); null when nothing was published.
  returned: state is present
  type: str
dest:
  description: The file written with O(state=downloaded).
  returned: state is downloaded
  type: str
job_id:
  description: LUID of the RunFlow job; null in check mode or when a run was already queued.
  returned: state is run
  type: str
flow_run_id:
  description: LUID of the flow run; null in check mode or when a run was already queued.
  returned: state is run
  type: str
flow_run:
  description:
    - The flow run as the server has it after the task (after the wait, with O(wait)); null in check mode, when
      a run was already queued, or below REST API 3.10 (which has no Get Flow Run).
  returned: state is run
  type: dict
  contains:
    id:
      description: LUID of the flow run.
      type: str
    flow_id:
      description: LUID of the flow.
      type: str
    status:
      description: C(Pending), C(InProgress), C(Success), C(Failed) or C(Cancelled).
      type: str
    progress:
      description: Progress in percent.
      type: int
    started_at:
      description: Start time (ISO 8601); null while the run is queued.
      type: str
    completed_at:
      description: End time (ISO 8601); null while the run is queued or running.
      type: str
    job_id:
      description: LUID of the background job of the run.
      type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.content_module import (
    CONTENT_REQUIRED_IF,
    flow_argument_spec,
    run_content_module,
)
from ansible_collections.tableau.server.plugins.module_utils.flow import FlowResource, converge
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule


def main():
    module = TableauModule(
        argument_spec=flow_argument_spec(),
        required_if=CONTENT_REQUIRED_IF,
        add_file_common_args=True,
        supports_check_mode=True,
    )
    run_content_module(module, FlowResource, converge_with=converge)


if __name__ == "__main__":
    main()
