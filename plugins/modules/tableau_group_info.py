#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_group_info
short_description: List the groups of a Tableau site with their user counts
version_added: 0.1.0
description:
  - Lists the groups of the signed-in site with their user counts, filtered on the server.
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
seealso:
  - module: tableau.server.tableau_group
"""

EXAMPLES = r"""
- name: Every group with its members
  tableau.server.tableau_group_info:
    server_url: "{{ tableau_url }}"
    token_name: automation
    token_secret: "{{ tableau_token_secret }}"
    include_members: true
  register: groups

- name: Groups imported from example.com
  tableau.server.tableau_group_info:
    server_url: "{{ tableau_url }}"
    token_name: automation
    token_secret: "{{ tableau_token_secret }}"
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

from ansible_collections.tableau.server.plugins.module_utils.client import filter_value_is_safe
from ansible_collections.tableau.server.plugins.module_utils.group import GroupResource
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.user import SITE_ROLES


def run(module, client):
    params = module.params
    filters = []
    for option, field in (("name", "name"), ("domain", "domainName"), ("minimum_site_role", "minimumSiteRole")):
        if params[option] is not None and filter_value_is_safe(params[option]):
            filters.append((field, "eq", params[option]))
    groups = GroupResource(client)
    found = groups.list(filters=filters or None)
    if params["name"] is not None:
        found = [g for g in found if g["name"] == params["name"]]
    if params["domain"] is not None:
        found = [g for g in found if (g["domain"] or "").lower() == params["domain"].lower()]
    found.sort(key=lambda g: g["name"].lower())
    if params["include_members"]:
        for group in found:
            group["members"] = sorted((u["name"] for u in groups.members(group)), key=lambda n: n.lower())
    return dict(changed=False, groups=found)


def main():
    module = TableauModule(
        argument_spec=dict(
            name=dict(type="str"),
            domain=dict(type="str"),
            minimum_site_role=dict(type="str", choices=SITE_ROLES),
            include_members=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
