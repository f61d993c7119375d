#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_group_info
short_description: List the groups of a Tableau site with their user counts
version_added: 1.0.0
description:
  - Lists the groups of the signed-in site with their user counts, filtered on the server.
  - O(name) and O(domain) match without regard to case, as Tableau matches them.
  - Optionally adds each group's members (one more listing per group).
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  name:
    description:
      - Only the group with this name.
    type: str
  domain:
    description:
      - Only groups of this domain; C(local) for local groups.
    type: str
  minimum_site_role:
    description:
      - Only groups that grant this site role.
    type: str
    choices: [Creator, Explorer, ExplorerCanPublish, SiteAdministratorCreator, SiteAdministratorExplorer, Unlicensed, Viewer]
  include_members:
    description:
      - Add the user names of each group's members as RV(groups[].members).
    type: bool
    default: false
  fields:
    description:
      - Only these keys of each item of RV(groups); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, name, domain, minimum_site_role, grant_license_mode, user_count, members]
    version_added: 1.1.0
seealso:
  - module: tableau.server.tableau_group
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Every group with its members
      tableau.server.tableau_group_info:
        include_members: true
      register: groups

    - name: Groups imported from example.com
      tableau.server.tableau_group_info:
        domain: example.com
      register: imported
"""

RETURN = r"""
groups:
  description: The matching groups, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the group.
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
      description: Number of members.
      type: int
    members:
      description: User names of the members.
      returned: when O(include_members=true)
      type: list
      elements: str
"""

from ansible_collections.tableau.server.plugins.module_utils.group import GROUP_FIELDS, GroupResource, group_info
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule


def run(module, client):
    return group_info(GroupResource(client), dict(module.params))


# The keys of each item of RV(groups) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "name", "domain", "minimum_site_role", "grant_license_mode", "user_count", "members")


def main():
    module = TableauModule(
        items=("groups", ITEM_KEYS),
        argument_spec=dict(
            name=dict(type="str"),
            domain=dict(type="str"),
            minimum_site_role=GROUP_FIELDS.by_name["minimum_site_role"].argspec(),
            include_members=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
