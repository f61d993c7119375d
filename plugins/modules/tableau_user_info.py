#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_user_info
short_description: List the users of a Tableau site
version_added: 1.0.0
description:
  - Lists the users of the signed-in site, filtered on the server by name, site role and last sign-in.
  - Optionally adds the groups of each user (one more request per user).
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  name:
    description:
      - Only the user with this name.
    type: str
  site_roles:
    description:
      - Only users with one of these site roles.
    type: list
    elements: str
    choices: [Creator, Explorer, ExplorerCanPublish, ServerAdministrator, SiteAdministratorCreator,
              SiteAdministratorExplorer, Unlicensed, Viewer]
  last_login_after:
    description:
      - Only users whose last sign-in is at or after this time (ISO 8601, such as C(2025-01-31T00:00:00Z)).
    type: str
  last_login_before:
    description:
      - Only users whose last sign-in is before this time (ISO 8601).
    type: str
  include_groups:
    description:
      - Add the names of each user's groups as RV(users[].groups).
      - Needs REST API 3.7 (Get Groups for a User); on older servers the task fails before any listing.
    type: bool
    default: false
  fields:
    description:
      - Only these keys of each item of RV(users); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, name, site_role, auth_setting, full_name, email, last_login, idp_configuration_id, groups]
    version_added: 1.1.0
seealso:
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
    - name: Creators who signed in this year
      tableau.server.tableau_user_info:
        site_roles: [Creator]
        last_login_after: "2025-01-01T00:00:00Z"
      register: active_creators

    - name: Everyone, with their groups
      tableau.server.tableau_user_info:
        include_groups: true
      register: everyone
"""

RETURN = r"""
users:
  description: The matching users, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the user.
      type: str
    name:
      description: User name.
      type: str
    site_role:
      description: Site role.
      type: str
    auth_setting:
      description: Authentication.
      type: str
    full_name:
      description: Display name.
      type: str
    email:
      description: Email address.
      type: str
    last_login:
      description: Last sign-in (ISO 8601), null if never.
      type: str
    idp_configuration_id:
      description: Identity provider configuration.
      type: str
    groups:
      description: Names of the user's groups.
      returned: when O(include_groups=true)
      type: list
      elements: str
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.user import ALL_SITE_ROLES, UserResource, user_info


def run(module, client):
    return user_info(UserResource(client), dict(module.params))


# The keys of each item of RV(users) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "name", "site_role", "auth_setting", "full_name", "email", "last_login",
             "idp_configuration_id", "groups")


def main():
    module = TableauModule(
        items=("users", ITEM_KEYS),
        argument_spec=dict(
            name=dict(type="str"),
            site_roles=dict(type="list", elements="str", choices=ALL_SITE_ROLES),
            last_login_after=dict(type="str"),
            last_login_before=dict(type="str"),
            include_groups=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
