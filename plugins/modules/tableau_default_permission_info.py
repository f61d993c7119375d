#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_default_permission_info
short_description: Read a Tableau project's default permissions, with grantee names
version_added: 1.0.0
description:
  - Returns the default permissions of O(project) (and, with O(recursive), of the projects below it) for each
    content type in O(content_types), or for every type the server's REST API version has.
  - Grantees come with their names; with O(match_templates) each grant also names the templates it matches.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  project:
    description:
      - Path of the project.
    type: str
    required: true
  recursive:
    description:
      - Also read the projects below O(project).
    type: bool
    default: false
  content_types:
    description:
      - The content types to read. Default, every type whose defaults the server's REST API version has.
    type: list
    elements: str
    choices: [data_role, database, datasource, flow, lens, metric, table, virtual_connection, workbook]
  match_templates:
    description:
      - Add to each grant the templates its rules match exactly.
    type: bool
    default: false
  fields:
    description:
      - Only these keys of each item of RV(permissions); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [content_type, project, id, default, grants]
    version_added: 1.1.0
seealso:
  - module: tableau.server.tableau_default_permission
  - module: tableau.server.tableau_permission_info
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: What new workbooks and data sources in the Default project get
      tableau.server.tableau_default_permission_info:
        project: Default
        content_types: [workbook, datasource]
        match_templates: true
      register: sales_defaults
"""

RETURN = r"""
permissions:
  description: One entry per project and content type, sorted by project path.
  returned: always
  type: list
  elements: dict
  contains:
    content_type:
      description: The kind of content the defaults are for.
      type: str
    project:
      description: Path of the project.
      type: str
    id:
      description: LUID of the project.
      type: str
    default:
      description: Always true here.
      type: bool
    grants:
      description: One entry per grantee, as in M(tableau.server.tableau_permission_info).
      type: list
      elements: dict
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.permission import info, info_argument_spec


def run(module, client):
    return info(client, module.params, default=True)


# The keys of each item of RV(permissions) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("content_type", "project", "id", "default", "grants")


def main():
    module = TableauModule(argument_spec=info_argument_spec(default=True), items=("permissions", ITEM_KEYS),
                           supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
