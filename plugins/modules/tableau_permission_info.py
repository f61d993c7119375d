#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_permission_info
short_description: Read the explicit permissions of Tableau items, with grantee names
version_added: 1.0.0
description:
  - Returns the permission rules of one item (O(name), or for projects O(project)), or of every item of
    O(content_type) in O(project) (and, with O(recursive), in the projects below it; without O(project), on
    the whole site).
  - Grantees come with their names (and groups with their domain), not only LUIDs; with
    O(match_templates) each grant also names the templates it matches exactly.
  - Each item's rules are one request (the REST API has no bulk listing); many items are read side by side.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  content_type:
    description:
      - The kind of item.
    type: str
    required: true
    choices: [database, datasource, flow, project, table, view, virtual_connection, workbook]
  project:
    description:
      - Path of the project that holds the items (for V(project), of the project itself).
    type: str
  name:
    description:
      - Name of one item. Without it, every item of the type in O(project).
    type: str
  workbook:
    description:
      - For one V(view), the name of its workbook.
    type: str
  recursive:
    description:
      - Also read the items in the projects below O(project) (for V(project), the nested projects too).
    type: bool
    default: false
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
    choices: [content_type, project, name, workbook, id, default, grants]
    version_added: 1.1.0
seealso:
  - module: tableau.server.tableau_permission
  - module: tableau.server.tableau_default_permission_info
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Who may do what in the Default project, with the templates each grant matches
      tableau.server.tableau_permission_info:
        content_type: project
        project: Default
        match_templates: true
      register: default_project

    - name: The permissions of every workbook on the site
      tableau.server.tableau_permission_info:
        content_type: workbook
      register: workbooks
"""

RETURN = r"""
permissions:
  description: One entry per item, sorted by project path and name.
  returned: always
  type: list
  elements: dict
  contains:
    content_type:
      description: The kind of item.
      type: str
    project:
      description: Path of the project that holds the item (for a project, its own path).
      type: str
    name:
      description: Name of the item.
      type: str
    workbook:
      description: Workbook of a view.
      type: str
    id:
      description: LUID of the item.
      type: str
    default:
      description: Always false here.
      type: bool
    grants:
      description: One entry per grantee.
      type: list
      elements: dict
      contains:
        grantee_type:
          description: V(group) or V(user).
          type: str
        name:
          description: Name of the user or group.
          type: str
        domain:
          description: Domain of a group.
          type: str
        id:
          description: LUID of the user or group.
          type: str
        capabilities:
          description: Capability name to V(Allow) or V(Deny).
          type: dict
        templates:
          description: The templates the rules match exactly.
          type: list
          elements: str
          returned: when O(match_templates=true)
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.permission import info, info_argument_spec


def run(module, client):
    return info(client, module.params)


# The keys of each item of RV(permissions) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("content_type", "project", "name", "workbook", "id", "default", "grants")


def main():
    module = TableauModule(argument_spec=info_argument_spec(), items=("permissions", ITEM_KEYS), supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
