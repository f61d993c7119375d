#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_group
short_description: Create, rename, update and delete Tableau groups and manage their members
version_added: 1.0.0
description:
  - Makes a local group, or a group imported from Active Directory or LDAP, match the desired state on
    the signed-in site.
  - Group names and member names match without regard to case, as Tableau matches them.
  - With O(members), adds the listed users; with O(purge_members=true), also removes every member not
    listed. Members are read with one listing and changed only where they differ, in bulk on
    REST API 3.21 and later.
  - Every user named in O(members) must be on the site; an unknown name fails the task before any change.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
options:
  name:
    description:
      - Name of the group. One of O(name) and O(groups) is required.
    type: str
  new_name:
    description:
      - Rename the group. When no group has O(name) but one has O(new_name), nothing is renamed,
        so the task stays idempotent after the rename.
    type: str
  domain:
    description:
      - Directory domain of an imported group, such as C(example.com). Omitted or C(local) means a local group.
      - The domain of an existing group cannot be changed.
    type: str
  minimum_site_role:
    description:
      - Site role granted to members. Required to import a group from a directory.
    type: str
    choices: [Creator, Explorer, ExplorerCanPublish, SiteAdministratorCreator, SiteAdministratorExplorer, Unlicensed, Viewer]
  grant_license_mode:
    description:
      - When an imported group grants O(minimum_site_role) to its members, at their next sign-in
        (V(onLogin)) or at the next synchronization (V(onSync)). Imported groups only.
    type: str
    choices: [onLogin, onSync]
  members:
    description:
      - User names of members. Omitted leaves the members alone.
    type: list
    elements: str
  purge_members:
    description:
      - V(false) only adds the users in O(members). V(true) makes the members exactly O(members).
    type: bool
    default: false
  purge_limit:
    description:
      - The largest share of a group's members, in percent, that O(purge_members) (or O(groups[].purge_members))
        may remove in one task. A purge that would remove more fails before any change, naming the members it
        would remove. Removing up to 5 members is always allowed.
      - Guards against a listing that came back wrong; raise it when a large removal is meant.
    type: int
    default: 25
    version_added: 1.1.0
  state:
    description:
      - V(present) creates or updates the group, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  groups:
    description:
      - Many groups in one task, each with the options of a single group. Converged with one listing of
        the groups and one of the users named as members, then one listing of members per managed group;
        every check runs before the first write.
      - Mutually exclusive with O(name).
    type: list
    elements: dict
    suboptions:
        name:
          description:
            - Name of the group.
          type: str
          required: true
        new_name:
          description:
            - Rename the group. When no group has O(name) but one has O(new_name), nothing is renamed,
              so the task stays idempotent after the rename.
          type: str
        domain:
          description:
            - Directory domain of an imported group, such as C(example.com). Omitted or C(local) means a local group.
            - The domain of an existing group cannot be changed.
          type: str
        minimum_site_role:
          description:
            - Site role granted to members. Required to import a group from a directory.
          type: str
          choices: [Creator, Explorer, ExplorerCanPublish, SiteAdministratorCreator, SiteAdministratorExplorer, Unlicensed, Viewer]
        grant_license_mode:
          description:
            - When an imported group grants O(minimum_site_role) to its members, at their next sign-in
              (V(onLogin)) or at the next synchronization (V(onSync)). Imported groups only.
          type: str
          choices: [onLogin, onSync]
        members:
          description:
            - User names of members. Omitted leaves the members alone.
          type: list
          elements: str
        purge_members:
          description:
            - V(false) only adds the users in O(members). V(true) makes the members exactly O(members).
          type: bool
          default: false
        state:
          description:
            - V(present) creates or updates the group, V(absent) deletes it.
          type: str
          choices: [present, absent]
          default: present
notes:
  - The All Users group cannot be renamed, deleted, or have its members changed.
seealso:
  - module: tableau.server.tableau_group_info
  - module: tableau.server.tableau_user
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: A local group with exactly these members
      tableau.server.tableau_group:
        name: Analysts
        members: [alice, bob]
        purge_members: true

    - name: Import a directory group that grants Explorer at sign-in
      tableau.server.tableau_group:
        name: Sales
        domain: example.com
        minimum_site_role: Explorer
        grant_license_mode: onLogin

    - name: Many groups in one task
      tableau.server.tableau_group:
        groups:
          - name: Finance
            members: [jsmith]
          - name: Marketing
            members: [alice, bob]
            purge_members: true
          - name: Interns
            state: absent

    - name: Rename a group
      tableau.server.tableau_group:
        name: Analysts
        new_name: Data Analysts
"""

RETURN = r"""
groups:
  description: The groups after the task (list form), each as in RV(group); deleted groups are left out.
  returned: when O(groups) is given
  type: list
  elements: dict
group:
  description: The group after the task (predicted in check mode; empty after a delete).
  returned: when O(name) is given
  type: dict
  contains:
    id:
      description: LUID of the group; null for a group check mode would create.
      type: str
    name:
      description: Name of the group.
      type: str
    domain:
      description: C(local), or the directory domain of an imported group.
      type: str
    minimum_site_role:
      description: Site role granted to members, if any.
      type: str
    grant_license_mode:
      description: onLogin or onSync for imported groups.
      type: str
    user_count:
      description: Number of members before the task's member changes.
      type: int
    members:
      description: User names of the members after the task.
      returned: when O(members) is given
      type: list
      elements: str
members_added:
  description: Users added to the group (or that check mode would add).
  returned: when O(members) is given
  type: list
  elements: str
members_removed:
  description: Users removed from the group.
  returned: when O(members) is given
  type: list
  elements: str
"""

from ansible_collections.tableau.server.plugins.module_utils.group import GROUP_OPTIONS, GroupResource, ensure, group_item_spec
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.resource import PURGE_LIMIT_OPTION

def run(module, client):
    return ensure(GroupResource(client, module.check_mode), dict(module.params))


def main():
    module = TableauModule(
        argument_spec=dict(GROUP_OPTIONS, purge_limit=PURGE_LIMIT_OPTION, groups=dict(
            type="list", elements="dict", options=group_item_spec())),
        mutually_exclusive=[("name", "groups")],
        required_one_of=[("name", "groups")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
