#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_flow_info
short_description: List Tableau Prep flows with their connections and runs
version_added: 1.1.0
description:
  - Lists the flows of a site, each with the path of its project and the name of its owner, optionally
    filtered, and optionally with its connections and its runs (status, progress, start and end).
  - To run or download a flow, use M(tableau.server.tableau_flow) with
    O(tableau.server.tableau_flow#module:state=run) or O(tableau.server.tableau_flow#module:state=downloaded);
    this module only reads.
  - Flows need REST API 3.3 (Tableau Server 2019.1); their runs (O(include_runs)) 3.10 (Tableau Server 2020.4).
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  name:
    description:
      - Only flows with exactly this name.
    type: str
  project:
    description:
      - Only flows directly in the project at this path (C(/) in a name written C(\/)).
    type: str
  owner:
    description:
      - Only flows owned by the user with this name.
    type: str
  tags:
    description:
      - Only flows that have every one of these tags.
    type: list
    elements: str
  updated_since:
    description:
      - Only flows changed at or after this UTC date or time, such as C(2024-05-01) or C(2024-05-01T08:00:00Z).
    type: str
  connections:
    description:
      - Add each flow's connections (one more request per flow).
    type: bool
    default: false
  include_runs:
    description:
      - Add each flow's runs, newest first (Get Flow Runs filtered by the flow; one more listing per flow).
      - Needs REST API 3.10 or later; an older server fails the task before any flow is listed.
    type: bool
    default: false
  fields:
    description:
      - Only these keys of each item of RV(flows); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, name, project, project_id, owner, owner_id, description, file_type, tags, fingerprint,
              webpage_url, created_at, updated_at, connections, runs]
    version_added: 1.1.0
seealso:
  - module: tableau.server.tableau_flow
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Publish a flow to list
      tableau.server.tableau_flow:
        name: Cleanup
        file: files/cleanup.tflx
        tags: [prep]

    - name: Run it once
      tableau.server.tableau_flow:
        name: Cleanup
        state: run

    - name: Flows tagged prep, with their connections and runs
      tableau.server.tableau_flow_info:
        tags: [prep]
        connections: true
        include_runs: true
      register: prep

    - name: Show how each flow's last run ended
      ansible.builtin.debug:
        msg: "{{ item.name }}: {{ (item.runs | first).status if item.runs else 'never run' }}"
      loop: "{{ prep.flows }}"
      loop_control:
        label: "{{ item.name }}"
"""

RETURN = r"""
flows:
  description: The matching flows, sorted by project path and name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the flow.
      type: str
    name:
      description: Name.
      type: str
    project:
      description: Path of its project.
      type: str
    project_id:
      description: LUID of its project.
      type: str
    owner:
      description: Name of the owner.
      type: str
    owner_id:
      description: LUID of the owner.
      type: str
    description:
      description: Description.
      type: str
    file_type:
      description: C(tfl) or C(tflx).
      type: str
    tags:
      description: Tags, without the fingerprint tag.
      type: list
      elements: str
    fingerprint:
      description: First 16 hex digits of the content fingerprint recorded by M(tableau.server.tableau_flow), or null.
      type: str
    webpage_url:
      description: Address in the web interface.
      type: str
    created_at:
      description: Creation time (ISO 8601).
      type: str
    updated_at:
      description: Last change (ISO 8601).
      type: str
    connections:
      description: Connections, with O(connections).
      type: list
      elements: dict
      contains:
        id:
          description: LUID of the connection.
          type: str
        type:
          description: Connection type, such as C(postgres).
          type: str
        server_address:
          description: Server address.
          type: str
        server_port:
          description: Server port.
          type: str
        username:
          description: User name.
          type: str
        embed_password:
          description: Whether a password is embedded.
          type: bool
    runs:
      description: The flow's runs, newest first, with O(include_runs).
      type: list
      elements: dict
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

from ansible_collections.tableau.server.plugins.module_utils.content_module import listing_argument_spec
from ansible_collections.tableau.server.plugins.module_utils.flow import FLOW_RUNS_VERSION, FLOWS_VERSION, FlowResource
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.publishing import list_items

FILTERS = ("name", "project", "owner", "tags", "updated_since")


def run(module, client):
    params = module.params
    flows = FlowResource(client)
    client.require_version(FLOWS_VERSION, "Flows")
    if params["include_runs"]:
        client.require_version(FLOW_RUNS_VERSION, "Listing flow runs (include_runs)")
    found = list_items(flows, **dict((key, params[key]) for key in FILTERS))
    for flow in found:
        if params["connections"]:
            flow["connections"] = flows.connections(flow)
        if params["include_runs"]:
            flow["runs"] = flows.runs(flow)
    return False, {"flows": found}, None


# The keys of each item of RV(flows) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "name", "project", "project_id", "owner", "owner_id", "description", "file_type", "tags",
             "fingerprint", "webpage_url", "created_at", "updated_at", "connections", "runs")


def main():
    module = TableauModule(
        items=("flows", ITEM_KEYS),
        argument_spec=listing_argument_spec(
            connections=dict(type="bool", default=False),
            include_runs=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
