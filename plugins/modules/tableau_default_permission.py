#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_default_permission
short_description: Set a Tableau project's default permissions, which new content in it gets
version_added: 1.0.0
description:
  - Makes a project's default permissions for one content type (or, with O(permissions), for many projects and
    types) what the task lists. Content published into the project later gets them as its own permissions;
    in a project whose content permissions are locked, they are the content's permissions.
  - The grammar is the one of M(tableau.server.tableau_permission) - templates, capabilities with V(Allow) or
    V(Deny), O(purge) - and so are the checks before any write and the order of the writes.
  - A nested project under a project locked with C(LockedToProject) takes its parent's permissions; its
    defaults cannot be set on their own, and the task says so before any write.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
  - tableau.server.permissions
options:
  content_type:
    description:
      - The kind of content the defaults are for. Required unless every entry of O(permissions) gives its own.
      - V(flow) needs REST API 3.3, V(database) and V(table) 3.6, V(metric) 3.9 (retired in 3.22), V(data_role)
        3.13, V(lens) 3.13 (retired in 3.22), V(virtual_connection) 3.23.
    type: str
    choices: [data_role, database, datasource, flow, lens, metric, table, virtual_connection, workbook]
  project:
    description:
      - Path of the project (names from the top down joined by C(/)). Required unless every entry of
        O(permissions) gives its own.
    type: str
  permissions:
    description:
      - Many projects or content types in one task; each entry takes O(content_type), O(project), O(grants),
        O(purge) and O(state), and the task's own values of those are the defaults. Everything is checked
        before the first write; the defaults are read and written side by side.
    type: list
    elements: dict
    suboptions:
      content_type:
        description: As O(content_type).
        type: str
        choices: [data_role, database, datasource, flow, lens, metric, table, virtual_connection, workbook]
      project:
        description: As O(project).
        type: str
      grants:
        description: As O(grants), with the same keys.
        type: list
        elements: dict
      purge:
        description: As O(purge).
        type: str
        choices: [none, listed, all]
      state:
        description: As O(state).
        type: str
        choices: [present, absent]
notes:
  - Server and site administrators, the project's owner and its project leaders can change its defaults.
  - Changing defaults does not change the permissions of content already in the project.
seealso:
  - module: tableau.server.tableau_default_permission_info
  - module: tableau.server.tableau_permission
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
    - name: The Sales group and project the examples below use
      tableau.server.tableau_group:
        name: Sales
        members: [alice]

    - name: The Sales project
      tableau.server.tableau_project:
        path: Sales

    - name: New workbooks in Sales can be explored by Sales and viewed by everyone
      tableau.server.tableau_default_permission:
        project: Sales
        content_type: workbook
        purge: all
        grants:
          - group: Sales
            template: Explore
          - group: All Users
            template: View

    - name: Defaults for new data sources and flows in Sales, in one task
      tableau.server.tableau_default_permission:
        project: Sales
        permissions:
          - content_type: datasource
            grants:
              - group: Sales
                template: Explore
          - content_type: flow
            grants:
              - group: Sales
                template: View
"""

RETURN = r"""
item:
  description: The project and content type whose defaults the task set (single form).
  returned: unless O(permissions) is given
  type: dict
  contains:
    content_type:
      description: The kind of content the defaults are for.
      type: str
      sample: workbook
    project:
      description: Path of the project.
      type: str
      sample: Sales
    id:
      description: LUID of the project.
      type: str
    default:
      description: Always true here.
      type: bool
grants:
  description: Every default rule after the task (predicted in check mode), one entry per grantee.
  returned: unless O(permissions) is given
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
      description: Domain of a group (V(local) for local groups).
      type: str
    id:
      description: LUID of the user or group.
      type: str
    capabilities:
      description: Capability name to V(Allow) or V(Deny).
      type: dict
      sample: {"Read": "Allow", "ExportData": "Deny"}
permissions:
  description: With O(permissions), one entry per project and type, in the order given, with the keys of RV(item), its
    RV(grants) and whether it C(changed).
  returned: when O(permissions) is given
  type: list
  elements: dict
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.permission import argument_spec, checker, ensure


def run(module, client):
    return ensure(client, module.params, module.check_mode, default=True)


def main():
    module = TableauModule(argument_spec=argument_spec(default=True), supports_check_mode=True,
                           required_one_of=[("content_type", "permissions")])
    module.run(run, check=checker(True))


if __name__ == "__main__":
    main()
