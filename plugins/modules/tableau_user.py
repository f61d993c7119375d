#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_user
short_description: Add, update and remove users on a Tableau site, one at a time or as a whole list
version_added: 1.0.0
description:
  - Adds a user to the signed-in site, updates their site role, authentication, full name, email or
    password, or removes them.
  - User names (O(name), O(users[].name), O(map_assets_to)) match without regard to case, as Tableau
    matches them, so O(name=Alice) with O(state=absent) removes C(alice).
  - With O(users), converges a whole list in one task from one listing of the site's users, writing only
    for users that differ. With O(purge), users of the site that are not listed are removed too.
  - Check mode and diff show exactly who would be added, changed and removed.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
options:
  name:
    description:
      - User name (sign-in name) of one user. Mutually exclusive with O(users).
    type: str
  site_role:
    description:
      - Site role. Required to add a user.
    type: str
    choices: [Creator, Explorer, ExplorerCanPublish, SiteAdministratorCreator, SiteAdministratorExplorer, Unlicensed, Viewer]
  auth_setting:
    description:
      - How the user signs in.
    type: str
    choices: [ServerDefault, SAML, OpenID]
  full_name:
    description:
      - Display name.
    type: str
  email:
    description:
      - Email address.
    type: str
  user_password:
    description:
      - Password of the user, for servers that keep their own user accounts. Write-only; see O(update_password).
      - Named so because O(password) is the password this task signs in with.
    type: str
  update_password:
    description:
      - V(on_create) sends the password only when the user is added.
      - V(always) sends it on every run, so the task always reports a change.
    type: str
    choices: [always, on_create]
    default: on_create
  idp_configuration_id:
    description:
      - LUID of the identity provider configuration the user signs in with (REST API 3.25 and later).
    type: str
  map_assets_to:
    description:
      - Name of the user who receives the content of removed users. Without it, removing a user who owns
        content fails, and the server leaves that user on the site as Unlicensed.
    type: str
  users:
    description:
      - Users to converge in one task. Each takes the options of a single user.
    type: list
    elements: dict
    suboptions:
      name:
        description: User name.
        type: str
        required: true
      site_role:
        description: Site role; required to add the user.
        type: str
        choices: [Creator, Explorer, ExplorerCanPublish, SiteAdministratorCreator, SiteAdministratorExplorer, Unlicensed, Viewer]
      auth_setting:
        description: How the user signs in.
        type: str
        choices: [ServerDefault, SAML, OpenID]
      full_name:
        description: Display name.
        type: str
      email:
        description: Email address.
        type: str
      user_password:
        description: Password of the user; sent as O(update_password) says.
        type: str
        aliases: [password]
      idp_configuration_id:
        description: LUID of the identity provider configuration.
        type: str
      state:
        description: V(absent) removes this user.
        type: str
        choices: [present, absent]
        default: present
  bulk_import:
    description:
      - How O(users) adds users that are not on the site yet. Users already there are updated one by one
        whatever this says, and so are group memberships (M(tableau.server.tableau_group)).
      - V(auto) adds them with Tableau's Import Users to Site from CSV when the task adds 50 users or more and
        the server speaks REST API 3.15 or later (one request and one background job for up to 1000 users,
        then one listing that reads them back, instead of two requests per user). Below that, one by one.
      - V(always) imports whatever the task adds, even a single user; it fails before any change when the
        server is older than REST API 3.15.
      - V(never) adds every user with Add User and Update User, one by one.
      - The result (RV(users), RV(added), the diff, C(changed)) is the same either way, and so is check mode,
        which predicts from the listing alone and sends nothing. Passwords travel only in the import's CSV
        file and are never shown.
      - A user the file cannot carry is added one by one in the same task; that is a name with a backslash (the
        import reads it as C(domain\user)) or with more than one C(@) (it takes an C(@) for a domain
        separator), a user with both O(users[].auth_setting) and O(users[].idp_configuration_id), or a value
        that spans lines.
      - When the import job skips users (say, one that another process added meanwhile, or no license left),
        the task fails naming them with the server's words; the failure's C(added) lists the users that were
        added, C(not_added) those that were not, and C(changed) says whether any was. Running the task again
        adds only the users still missing.
    type: str
    choices: [auto, always, never]
    default: auto
    version_added: 1.1.0
  purge:
    description:
      - With O(users), remove every user of the site that is not listed.
      - Never removes the signed-in user, nor users whose name matches a pattern in O(exclude).
    type: bool
    default: false
  purge_limit:
    description:
      - The largest share of the site's users, in percent, that O(purge) may remove in one task. A purge that
        would remove more fails before any change, naming the users it would remove. Removing up to 5 users
        is always allowed.
      - Guards against a listing that came back wrong; raise it when a large removal is meant.
    type: int
    default: 25
    version_added: 1.1.0
  exclude:
    description:
      - Glob patterns (C(*), C(?), C([abc])) of user names O(purge) leaves alone, matched without regard to case.
    type: list
    elements: str
    default: []
  state:
    description:
      - V(present) adds or updates the user named by O(name), V(absent) removes them.
    type: str
    choices: [present, absent]
    default: present
notes:
  - The signed-in user cannot remove themselves.
seealso:
  - module: tableau.server.tableau_user_info
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
    - name: One user
      tableau.server.tableau_user:
        name: alice
        site_role: Explorer
        full_name: Alice Liddell
        email: alice@example.com
        user_password: "{{ vault_alice_initial_password }}"

    - name: Exactly these users on the site, besides service accounts
      tableau.server.tableau_user:
        users:
          - name: alice
            site_role: Creator
          - name: bob
            site_role: Viewer
        purge: true
        exclude:
          - "svc_*"
        map_assets_to: alice

    - name: New users in one import job, however few (bulk_import auto imports from 50 new users on)
      tableau.server.tableau_user:
        users:
          - name: trainee01
            site_role: Viewer
            full_name: Trainee One
          - name: trainee02
            site_role: ExplorerCanPublish
            email: trainee02@example.com
        bulk_import: always

    - name: Remove a user and hand their content to alice
      tableau.server.tableau_user:
        name: bob
        state: absent
        map_assets_to: alice
"""

RETURN = r"""
user:
  description: The user after the task (single form; predicted in check mode; empty after a removal).
  returned: when O(name) is given
  type: dict
  contains:
    id:
      description: LUID of the user; null for a user check mode would add.
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
users:
  description: The listed users after the task (list form), each as in RV(user).
  returned: when O(users) is given
  type: list
  elements: dict
added:
  description: Names of the users added (or that check mode would add).
  returned: when O(users) is given
  type: list
  elements: str
updated:
  description: Names of the users changed.
  returned: when O(users) is given
  type: list
  elements: str
removed:
  description: Names of the users removed.
  returned: when O(users) is given
  type: list
  elements: str
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.resource import PURGE_LIMIT_OPTION
from ansible_collections.tableau.server.plugins.module_utils.user import BULK_IMPORT_MODES, USER_FIELDS, UserResource, ensure, user_item_spec

STATE = dict(type="str", default="present", choices=["present", "absent"])


def run(module, client):
    return ensure(UserResource(client, module.check_mode), dict(module.params))


def main():
    user_options = user_item_spec()
    module = TableauModule(
        argument_spec=dict(
            USER_FIELDS.argspec(),
            name=dict(type="str"),
            user_password=dict(type="str", no_log=True),
            update_password=dict(type="str", default="on_create", choices=["always", "on_create"], no_log=False),
            map_assets_to=dict(type="str"),
            users=dict(type="list", elements="dict", options=user_options),
            bulk_import=dict(type="str", default="auto", choices=BULK_IMPORT_MODES),
            purge=dict(type="bool", default=False),
            purge_limit=PURGE_LIMIT_OPTION,
            exclude=dict(type="list", elements="str", default=[]),
            state=dict(STATE),
        ),
        mutually_exclusive=[("name", "users")],
        required_one_of=[("name", "users")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
