#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_datasource_info
short_description: List Tableau published data sources with their type and connections
version_added: 1.0.0
description:
  - Lists the published data sources of a site, each with its type, the path of its project and the name
    of its owner, optionally filtered, and optionally with its connections.
  - To download a data source's file, use M(tableau.server.tableau_datasource) with
    O(tableau.server.tableau_datasource#module:state=downloaded); this module only reads.
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  name:
    description:
      - Only data sources with exactly this name.
    type: str
  project:
    description:
      - Only data sources directly in the project at this path (C(/) in a name written C(\/)).
    type: str
  owner:
    description:
      - Only data sources owned by the user with this name.
    type: str
  tags:
    description:
      - Only data sources that have every one of these tags.
    type: list
    elements: str
  updated_since:
    description:
      - Only data sources changed at or after this UTC date or time, such as C(2024-05-01) or C(2024-05-01T08:00:00Z).
    type: str
  connections:
    description:
      - Add each data source's connections (one more request per data source).
    type: bool
    default: false
  include_revisions:
    description:
      - Add each data source's revision history (one more request per data source), as
        M(tableau.server.tableau_revision_info) lists it.
      - Needs REST API 2.3, and the site's revision history on.
    type: bool
    default: false
    version_added: 1.1.0
  fields:
    description:
      - Only these keys of each item of RV(datasources); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, name, type, project, project_id, owner, owner_id, description, certified, certification_note,
              has_extracts, tags, fingerprint, content_url, webpage_url, size_mb, created_at, updated_at,
              connections, revisions]
    version_added: 1.1.0
seealso:
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
    - name: Publish a data source to list
      tableau.server.tableau_datasource:
        name: Orders
        file: files/orders.tdsx
        tags: [warehouse]

    - name: Data sources tagged warehouse, with their connections
      tableau.server.tableau_datasource_info:
        tags: [warehouse]
        connections: true
      register: warehouse

    - name: The data source Orders with its revision history
      tableau.server.tableau_datasource_info:
        name: Orders
        include_revisions: true
      register: orders

    - name: Show where they connect
      ansible.builtin.debug:
        msg: "{{ warehouse.datasources | map(attribute='connections') | flatten | map(attribute='server_address') | list }}"
"""

RETURN = r"""
datasources:
  description: The matching data sources, sorted by project path and name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the data source.
      type: str
    name:
      description: Name.
      type: str
    type:
      description: Connection type, such as C(postgres), C(excel-direct) or C(hyper).
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
    certified:
      description: Whether the data source is certified.
      type: bool
    certification_note:
      description: Certification note.
      type: str
    has_extracts:
      description: Whether it is or holds an extract.
      type: bool
    tags:
      description: Tags, without the fingerprint tag.
      type: list
      elements: str
    fingerprint:
      description: First 16 hex digits of the content fingerprint recorded by M(tableau.server.tableau_datasource), or null.
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
          description: Connection type.
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

from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.content_module import listing_argument_spec
from ansible_collections.tableau.server.plugins.module_utils.publishing import list_items
from ansible_collections.tableau.server.plugins.module_utils.revision import RevisionResource


def run(module, client):
    datasources = DatasourceResource(client)
    revisions = RevisionResource(datasources) if module.params["include_revisions"] else None
    found = list_items(datasources, name=module.params["name"], project=module.params["project"],
                       owner=module.params["owner"], tags=module.params["tags"],
                       updated_since=module.params["updated_since"])
    for datasource in found:
        if module.params["connections"]:
            datasource["connections"] = datasources.connections(datasource)
        if revisions is not None:
            datasource["revisions"] = revisions.history(datasource)
    return False, {"datasources": found}, None


# The keys of each item of RV(datasources) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "name", "type", "project", "project_id", "owner", "owner_id", "description", "certified",
             "certification_note", "has_extracts", "tags", "fingerprint", "content_url", "webpage_url",
             "size_mb", "created_at", "updated_at", "connections", "revisions")


def main():
    module = TableauModule(argument_spec=listing_argument_spec(connections=dict(type="bool", default=False),
                                                               include_revisions=dict(type="bool", default=False)),
                           items=("datasources", ITEM_KEYS), supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
