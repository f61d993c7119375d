#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_permission
short_description: Set the explicit permissions of a Tableau project, workbook, view, data source or other item
version_added: 1.0.0
description:
  - Makes the permission rules of one item (or, with O(permissions), of many) what the task lists, for users
    and groups named by name.
  - Each grant gives one grantee a O(grants[].template) (Tableau's role templates), explicit
    O(grants[].capabilities) with V(Allow) or V(Deny), or both (the capabilities override the template's).
  - O(purge) decides what else goes. A capability whose mode changes is deleted and added again, since the
    REST API cannot change a rule in place; the writes narrow before they widen (the Allow rules that go,
    then the new Deny rules, then the Deny rules that go, then the new Allow rules), so a reader of the
    server in between never sees more allowed than before or after.
  - Capability names, modes and templates are checked against the content type and the server's REST API
    version, the grantees and the items are looked up, and the project lock is checked, all before the
    first write. Content in a project whose O(tableau.server.tableau_project#module:content_permissions)
    locks it takes the project's permissions and cannot have its own; the task says so instead of writing.
  - Project default permissions (what new content gets) are set with
    M(tableau.server.tableau_default_permission).
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
  - tableau.server.permissions
options:
  content_type:
    description:
      - The kind of item. Required unless every entry of O(permissions) gives its own.
      - V(view) needs REST API 3.2, V(flow) 3.3, V(database) and V(table) 3.5, V(virtual_connection) 3.22.
    type: str
    choices: [database, datasource, flow, project, table, view, virtual_connection, workbook]
  project:
    description:
      - For V(project), the path of the project itself (names from the top down joined by C(/)).
      - For workbooks, views, data sources, flows and virtual connections, the path of the project that holds
        the item.
    type: str
  name:
    description:
      - Name of the item (not used for V(project)). Names match without regard to case.
    type: str
  workbook:
    description:
      - For V(view), the name of the workbook the view belongs to. A workbook that shows its views as tabs
        gives them its permissions; their own cannot be set.
    type: str
  permissions:
    description:
      - Many items in one task; each entry takes O(content_type), O(project), O(name), O(workbook),
        O(grants), O(purge) and O(state), and the task's own values of those are the defaults. Everything is
        checked before the first write; the items are read and written side by side.
    type: list
    elements: dict
    suboptions:
      content_type:
        description: The kind of item.
        type: str
        choices: [database, datasource, flow, project, table, view, virtual_connection, workbook]
      project:
        description: As O(project).
        type: str
      name:
        description: As O(name).
        type: str
      workbook:
        description: As O(workbook).
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
  - Server and site administrators, the item's owner and project leaders can change permissions.
  - The REST API has no listing of permissions; each item's rules are one request.
seealso:
  - module: tableau.server.tableau_permission_info
  - module: tableau.server.tableau_default_permission
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

    - name: The Quarterly workbook in Sales
      tableau.server.tableau_workbook:
        name: Quarterly
        project: Sales
        file: files/sales.twbx

    - name: Everyone in Sales can explore the Quarterly workbook, but not download full data
      tableau.server.tableau_permission:
        content_type: workbook
        project: Sales
        name: Quarterly
        grants:
          - group: Sales
            template: Explore
            capabilities:
              ViewUnderlyingData: Deny

    - name: The Sales project's permissions are exactly these
      tableau.server.tableau_permission:
        content_type: project
        project: Sales
        purge: all
        grants:
          - group: Sales
            template: Publish
          - group: All Users
            template: View

    - name: Take alice's rules off the Quarterly workbook
      tableau.server.tableau_permission:
        content_type: workbook
        project: Sales
        name: Quarterly
        state: absent
        grants:
          - user: alice

    - name: The project and the workbook in one task, read and written side by side
      tableau.server.tableau_permission:
        permissions:
          - content_type: project
            project: Sales
            grants:
              - group: Sales
                template: Publish
          - content_type: workbook
            project: Sales
            name: Quarterly
            purge: listed
            grants:
              - group: Sales
                template: View
"""

RETURN = r"""
item:
  description: The item whose permissions the task set (single form).
  returned: unless O(permissions) is given
  type: dict
  contains:
    content_type:
      description: The kind of item.
      type: str
      sample: workbook
    project:
      description: Path of the project (for V(project), of the project itself).
      type: str
      sample: Sales
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
      description: Always false here (true for default permissions).
      type: bool
grants:
  description: Every rule of the item after the task (predicted in check mode), one entry per grantee.
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
  description: With O(permissions), one entry per item, in the order given, with the keys of RV(item), its
    RV(grants) and whether it C(changed).
  returned: when O(permissions) is given
  type: list
  elements: dict
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.permission import argument_spec, checker, ensure


def run(module, client):
    return ensure(client, module.params, module.check_mode)


def main():
    module = TableauModule(argument_spec=argument_spec(), supports_check_mode=True,
                           mutually_exclusive=[("permissions", "name"), ("permissions", "workbook")],
                           required_one_of=[("content_type", "permissions")])
    module.run(run, check=checker(False))


if __name__ == "__main__":
    main()
