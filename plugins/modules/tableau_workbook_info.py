#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_workbook_info
short_description: List Tableau workbooks with their views and connections
version_added: 1.0.0
description:
  - Lists the workbooks of a site, each with the path of its project and the name of its owner,
    optionally filtered, and optionally with its views (and their view counts) and connections.
  - To download a workbook's file, use M(tableau.server.tableau_workbook) with O(tableau.server.tableau_workbook#module:state=downloaded);
    this module only reads.
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  name:
    description:
      - Only workbooks with exactly this name.
    type: str
  project:
    description:
      - Only workbooks directly in the project at this path (C(/) in a name written C(\/)).
    type: str
  owner:
    description:
      - Only workbooks owned by the user with this name.
    type: str
  tags:
    description:
      - Only workbooks that have every one of these tags.
    type: list
    elements: str
  updated_since:
    description:
      - Only workbooks changed at or after this UTC date or time, such as C(2024-05-01) or C(2024-05-01T08:00:00Z).
    type: str
  views:
    description:
      - Add each workbook's views (one more request per workbook).
    type: bool
    default: false
  usage:
    description:
      - Add each view's total view count; implies O(views).
    type: bool
    default: false
  connections:
    description:
      - Add each workbook's connections (one more request per workbook).
    type: bool
    default: false
  include_revisions:
    description:
      - Add each workbook's revision history (one more request per workbook), as
        M(tableau.server.tableau_revision_info) lists it.
      - Needs REST API 2.3, and the site's revision history on.
    type: bool
    default: false
    version_added: 1.1.0
  fields:
    description:
      - Only these keys of each item of RV(workbooks); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, name, project, project_id, owner, owner_id, description, show_tabs, tags, fingerprint,
              content_url, webpage_url, size_mb, has_extracts, created_at, updated_at, views, connections,
              revisions]
    version_added: 1.1.0
seealso:
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
    - name: Publish a workbook to list
      tableau.server.tableau_workbook:
        name: Sales
        file: files/sales.twbx
        tags: [sales]

    - name: Workbooks tagged sales, with their views and view counts
      tableau.server.tableau_workbook_info:
        tags: [sales]
        usage: true
      register: sales_workbooks

    - name: Workbooks of the Default project changed this year, with connections and revision history
      tableau.server.tableau_workbook_info:
        project: Default
        updated_since: "2026-01-01"
        connections: true
        include_revisions: true
      register: recent

    - name: Show the view names
      ansible.builtin.debug:
        msg: "{{ sales_workbooks.workbooks | map(attribute='views') | flatten | map(attribute='name') | list }}"
"""

RETURN = r"""
workbooks:
  description: The matching workbooks, sorted by project path and name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the workbook.
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
    show_tabs:
      description: Whether views show as tabs.
      type: bool
    tags:
      description: Tags, without the fingerprint tag.
      type: list
      elements: str
    fingerprint:
      description: First 16 hex digits of the content fingerprint recorded by M(tableau.server.tableau_workbook), or null.
      type: str
    content_url:
      description: URL name.
      type: str
    webpage_url:
      description: Address in the web interface.
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
    views:
      description: Views (sheets and dashboards that are not hidden), with O(views) or O(usage).
      type: list
      elements: dict
      contains:
        id:
          description: LUID of the view.
          type: str
        name:
          description: Name of the view.
          type: str
        content_url:
          description: URL name of the view.
          type: str
        sheet_type:
          description: C(worksheet), C(dashboard) or C(story).
          type: str
        total_views:
          description: Total view count, with O(usage); otherwise null.
          type: int
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
        database_name:
          description: Database the connection reads, as the server names it (C(dbName)); null when it names none.
          type: str
          version_added: 1.1.0
        username:
          description: User name.
          type: str
        embed_password:
          description: Whether a password is embedded.
          type: bool
        datasource_name:
          description: The data source in the workbook the connection belongs to.
          type: str
    revisions:
      description: The revision history, oldest first, with O(include_revisions).
      type: list
      elements: dict
      contains:
        number:
          description: Revision number, from 1.
          type: int
        current:
          description: Whether this is the current revision.
          type: bool
        deleted:
          description: Whether the revision was removed.
          type: bool
        published_at:
          description: When it was published (ISO 8601).
          type: str
        publisher:
          description: Name of the user who published it.
          type: str
        publisher_id:
          description: LUID of that user.
          type: str
        size_bytes:
          description: Size of its file in bytes, where the server says.
          type: int
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.content_module import listing_argument_spec
from ansible_collections.tableau.server.plugins.module_utils.publishing import list_items
from ansible_collections.tableau.server.plugins.module_utils.revision import RevisionResource
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

FILTERS = ("name", "project", "owner", "tags", "updated_since")


def run(module, client):
    params = module.params
    workbooks = WorkbookResource(client)
    revisions = RevisionResource(workbooks) if params["include_revisions"] else None
    found = list_items(workbooks, **dict((key, params[key]) for key in FILTERS))
    for workbook in found:
        if params["views"] or params["usage"]:
            workbook["views"] = workbooks.views(workbook, usage=params["usage"])
        if params["connections"]:
            workbook["connections"] = workbooks.connections(workbook)
        if revisions is not None:
            workbook["revisions"] = revisions.history(workbook)
    return False, {"workbooks": found}, None


# The keys of each item of RV(workbooks) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "name", "project", "project_id", "owner", "owner_id", "description", "show_tabs", "tags",
             "fingerprint", "content_url", "webpage_url", "size_mb", "has_extracts", "created_at", "updated_at",
             "views", "connections", "revisions")


def main():
    module = TableauModule(
        items=("workbooks", ITEM_KEYS),
        argument_spec=listing_argument_spec(
            views=dict(type="bool", default=False),
            usage=dict(type="bool", default=False),
            connections=dict(type="bool", default=False),
            include_revisions=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
