#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_datasource
short_description: Publish, append to, move, refresh, download and delete Tableau data sources
version_added: 1.0.0
description:
  - Publishes a local C(.tds), C(.tdsx), C(.hyper) or C(.tde) file as a published data source in a
    project, and keeps its description, certification, owner, tags and connections as the task says.
  - Publishes only when the file changed since the last publish (see the notes), so a second run with the
    same file reports no change and uploads nothing.
  - Files below O(single_request_limit_mb) go in one request; bigger files through a file upload session
    in chunks streamed from disk.
  - O(new_project) and O(new_name) move and rename a data source in place (a changed O(project) alone
    publishes a second copy instead, with a warning).
  - O(state=refreshed) starts an extract refresh and can wait for it; O(state=downloaded) writes the data
    source's file to a local path; O(state=absent) deletes it.
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
      - V(present) publishes the data source when needed and converges its settings.
      - V(absent) deletes the data source named O(name) in O(project).
      - V(downloaded) writes the data source's file to O(dest).
      - V(refreshed) starts a refresh of the data source's extract (always a change); with O(wait), the
        task waits for the refresh job and fails when it fails. A refresh already queued on the server
        is not doubled; the task then reports no change, with a warning. A data source without an extract
        (a live connection) is refused before anything is sent.
    type: str
    choices: [present, absent, downloaded, refreshed]
    default: present
  publish_mode:
    description:
      - V(auto) creates the data source when it is absent and overwrites it when the file changed.
      - V(create_new) publishes only when the data source is absent and never replaces its content
        (settings, tags and connections are still converged).
      - V(overwrite) publishes with Tableau's Overwrite on every run, whether or not the file changed.
      - V(append) adds the rows of an extract file (C(.hyper), C(.tde)) to an existing extract data
        source with Tableau's Append; a data source that does not exist yet is created from the file.
        The same file is not appended twice in a row (its fingerprint is recorded); O(force=true) does.
    type: str
    choices: [auto, create_new, overwrite, append]
    default: auto
  certified:
    description:
      - Whether the data source is certified. Omitted leaves it alone.
    type: bool
  certification_note:
    description:
      - Note shown with the certification. Omitted leaves it alone.
    type: str
  credentials:
    description:
      - Credentials embedded in the data source's connection when it is published.
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
        description: Embed the credentials in the data source.
        type: bool
        default: true
      oauth:
        description: The credentials are an OAuth user name (with O(credentials.password) left out).
        type: bool
        default: false
  incremental:
    description:
      - With O(state=refreshed), an incremental refresh (REST API 3.25 and later) instead of a full one.
    type: bool
    default: false
  wait:
    description:
      - With O(state=refreshed), wait for the refresh job to finish (up to O(wait_timeout) seconds).
    type: bool
    default: true
seealso:
  - module: tableau.server.tableau_datasource_info
  - module: tableau.server.tableau_workbook
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Publish a packaged data source with embedded credentials
      tableau.server.tableau_datasource:
        name: Orders
        file: files/orders.tdsx
        description: Orders from the warehouse
        certified: true
        certification_note: Reviewed by the data team
        tags: [warehouse]
        credentials:
          username: svc_tableau
          password: "{{ vault_orders_db_password }}"

    - name: Create an extract data source once (never replaced afterwards)
      tableau.server.tableau_datasource:
        name: Events
        file: files/events.hyper
        publish_mode: create_new

    - name: Append the rows of a new extract file (skipped when that file was the last one appended)
      tableau.server.tableau_datasource:
        name: Events
        file: files/events-new-rows.hyper
        publish_mode: append

    - name: Refresh the extract and wait for the job
      tableau.server.tableau_datasource:
        name: Events
        state: refreshed
        wait_timeout: 600

    - name: Download the data source
      tableau.server.tableau_datasource:
        name: Orders
        state: downloaded
        dest: backup/  # an existing folder: the file keeps the server's name, such as Orders.tdsx

    - name: Create a project for the warehouse sources
      tableau.server.tableau_project:
        path: Warehouse

    - name: Move the data source there and rename it (no file needed; a second run changes nothing)
      tableau.server.tableau_datasource:
        name: Orders
        new_project: Warehouse
        new_name: Warehouse Orders

    - name: Delete it
      tableau.server.tableau_datasource:
        name: Warehouse Orders
        project: Warehouse
        state: absent
"""

RETURN = r"""
datasource:
  description: The data source after the task (predicted in check mode; empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: LUID of the data source; null when check mode would create it.
      type: str
    name:
      description: Name of the data source.
      type: str
    project:
      description: Path of its project.
      type: str
    project_id:
      description: LUID of its project.
      type: str
    type:
      description: Connection type of the data source, such as C(postgres) or C(hyper).
      type: str
    description:
      description: Description.
      type: str
    certified:
      description: Whether the data source is certified.
      type: bool
    certification_note:
      description: Certification note.
      type: str
    has_extracts:
      description: Whether the data source is or holds an extract.
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
    content_url:
      description: URL name of the data source.
      type: str
    webpage_url:
      description: Address of the data source in the web interface.
      type: str
    size_mb:
      description: Size on the server in MB.
      type: int
    created_at:
      description: Creation time (ISO 8601).
      type: str
    updated_at:
      description: Last change (ISO 8601).
      type: str
    connections:
      description: The data source's connections, when O(connections) was given (passwords are never returned).
      type: list
      elements: dict
published:
  description: Whether the file was published (or would be, in check mode).
  returned: state is present
  type: bool
publish_action:
  description: The Tableau publish mode used, C(CreateNew), C(Overwrite) or C(Append); null when nothing was published.
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
"""

from ansible_collections.tableau.server.plugins.module_utils.content_module import (
    CONTENT_REQUIRED_IF,
    datasource_argument_spec,
    run_content_module,
)
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource


def main():
    module = TableauModule(
        argument_spec=datasource_argument_spec(),
        required_if=CONTENT_REQUIRED_IF,
        add_file_common_args=True,
        supports_check_mode=True,
    )
    run_content_module(module, DatasourceResource)


if __name__ == "__main__":
    main()
