#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_workbook
short_description: Publish, update, move, refresh, download and delete Tableau workbooks
version_added: 1.0.0
description:
  - Publishes a local C(.twb) or C(.twbx) file as a workbook in a project, and keeps its description,
    tabs setting, owner, tags and connections as the task says.
  - Publishes only when the file changed since the last publish (see the notes), so a second run with the
    same file reports no change and uploads nothing.
  - Files below O(single_request_limit_mb) go in one request; bigger files through a file upload session
    in chunks streamed from disk.
  - O(new_project) and O(new_name) move and rename a workbook in place (a changed O(project) alone
    publishes a second copy instead, with a warning).
  - O(state=refreshed) refreshes the workbook's extracts and can wait for the job; O(state=downloaded)
    writes the workbook's file to a local path; O(state=absent) deletes the workbook.
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
      - V(present) publishes the workbook when needed and converges its settings.
      - V(absent) deletes the workbook named O(name) in O(project).
      - V(downloaded) writes the workbook's file to O(dest).
      - V(refreshed) (added in 1.1.0) starts a refresh of the workbook's extracts (always a change); with
        O(wait), the task waits for the refresh job and fails when it fails. A refresh already queued on the
        server is not doubled; the task then reports no change, with a warning. A workbook without extracts
        (only live connections) is refused before anything is sent.
    type: str
    choices: [present, absent, downloaded, refreshed]
    default: present
  publish_mode:
    description:
      - V(auto) creates the workbook when it is absent and overwrites it when the file changed.
      - V(create_new) publishes only when the workbook is absent and never replaces its content
        (settings, tags and connections are still converged).
      - V(overwrite) publishes with Tableau's Overwrite on every run, whether or not the file changed
        (the same as V(auto) with O(force=true)).
    type: str
    choices: [auto, create_new, overwrite]
    default: auto
  show_tabs:
    description:
      - Show the views as tabs. Omitted leaves the setting alone.
    type: bool
  hidden_views:
    description:
      - Names of sheets that are published hidden. Hidden sheets can only be set by publishing, so a
        change to this list publishes the file again.
    type: list
    elements: str
  skip_connection_check:
    description:
      - Publish even when the server cannot reach the workbook's data sources (C(skipConnectionCheck)).
    type: bool
    default: false
  credentials:
    description:
      - Credentials embedded in the workbook's connections when it is published.
      - With O(credentials.server_address), they are for the connections to that server only.
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
        description: Embed the credentials in the workbook.
        type: bool
        default: true
      oauth:
        description: The credentials are an OAuth user name (with O(credentials.password) left out).
        type: bool
        default: false
      server_address:
        description: Server address of the connection the credentials are for.
        type: str
      server_port:
        description: Server port of that connection.
        type: int
  incremental:
    description:
      - With O(state=refreshed), an incremental refresh (REST API 3.25 and later) instead of a full one.
    type: bool
    default: false
    version_added: 1.1.0
  wait:
    description:
      - With O(state=refreshed), wait for the refresh job to finish (up to O(wait_timeout) seconds).
    type: bool
    default: true
    version_added: 1.1.0
seealso:
  - module: tableau.server.tableau_workbook_info
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
    - name: Create the project to publish into
      tableau.server.tableau_project:
        path: Sales/Dashboards
        create_parents: true

    - name: Publish a packaged workbook (again only when the file changed)
      tableau.server.tableau_workbook:
        name: Sales
        project: Sales/Dashboards
        file: files/sales.twbx
        description: Quarterly sales
        show_tabs: true
        hidden_views: [Scratch]
        tags: [sales, quarterly]
      register: sales

    - name: Point its database connection at the replica, with an embedded password
      tableau.server.tableau_workbook:
        name: Sales
        project: Sales/Dashboards
        file: files/sales.twbx
        connections:
          - match:
              server_address: db.example.com
            server_address: replica.example.com
            server_port: 5432
            username: svc_tableau
            password: "{{ vault_sales_db_password }}"
            embed_password: true

    - name: Publish a large workbook as a background job
      tableau.server.tableau_workbook:
        name: Sales Archive
        project: Sales/Dashboards
        file: files/sales.twbx
        as_job: true
        wait_timeout: 3600

    - name: Download it without its extracts
      tableau.server.tableau_workbook:
        name: Sales
        project: Sales/Dashboards
        state: downloaded
        dest: backup/sales.twbx
        include_extract: false

    - name: Refresh the extracts of the workbook and wait for the job
      tableau.server.tableau_workbook:
        name: Sales
        project: Sales/Dashboards
        state: refreshed
        wait_timeout: 600

    - name: Create the project to archive into
      tableau.server.tableau_project:
        path: Sales/Archive

    - name: Move the archive workbook there and rename it (no file needed; a second run changes nothing)
      tableau.server.tableau_workbook:
        name: Sales Archive
        project: Sales/Dashboards
        new_project: Sales/Archive
        new_name: Sales 2025

    - name: Delete the archived workbook
      tableau.server.tableau_workbook:
        name: Sales 2025
        project: Sales/Archive
        state: absent
"""

RETURN = r"""
workbook:
  description: The workbook after the task (predicted in check mode; empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: LUID of the workbook; null when check mode would create it.
      type: str
    name:
      description: Name of the workbook.
      type: str
    project:
      description: Path of its project.
      type: str
      sample: Sales/Dashboards
    project_id:
      description: LUID of its project.
      type: str
    description:
      description: Description.
      type: str
    show_tabs:
      description: Whether views show as tabs.
      type: bool
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
    content_url:
      description: URL name of the workbook.
      type: str
    webpage_url:
      description: Address of the workbook in the web interface.
      type: str
    size_mb:
      description: Size on the server in MB.
      type: int
    has_extracts:
      description: Whether the workbook holds extracts.
      type: bool
    created_at:
      description: Creation time (ISO 8601).
      type: str
    updated_at:
      description: Last change (ISO 8601).
      type: str
    connections:
      description: The workbook's connections, when O(connections) was given (passwords are never returned).
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
  description: LUID of the refresh job; null in check mode or when a refresh was already queued.
  returned: state is refreshed
  type: str
  version_added: 1.1.0
"""

from ansible_collections.tableau.server.plugins.module_utils.content_module import (
    CONTENT_REQUIRED_IF,
    run_content_module,
    workbook_argument_spec,
)
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource


def main():
    module = TableauModule(
        argument_spec=workbook_argument_spec(),
        required_if=CONTENT_REQUIRED_IF,
        add_file_common_args=True,
        supports_check_mode=True,
    )
    run_content_module(module, WorkbookResource)


if __name__ == "__main__":
    main()
