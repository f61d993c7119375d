#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_user
short_description: Add, update and remove users on a Tableau site, one at a time or as a whole list
version_added: 0.1.0
description:
  - Adds a user to the signed-in site, updates their site role, authentication, full name, email or
    password, or removes them.
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
  purge:
    description:
      - With O(users), remove every user of the site that is not listed.
      - Never removes the signed-in user, nor users whose name matches a pattern in O(exclude).
    type: bool
    default: false
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
- name: One user
  tableau.server.tableau_user:
    server_url: "{{ tableau_url }}"
    token_name: automation
    token_secret: "{{ tableau_token_secret }}"
    name: alice
    site_role: Explorer
    full_name: Alice Liddell
    email: alice@example.com
    user_password: "{{ alice_password | default('Initial-Passw0rd') }}"

- name: Exactly these users on the site, besides service accounts
  tableau.server.tableau_user:
    server_url: "{{ tableau_url }}"
    token_name: automation
    token_secret: "{{ tableau_token_secret }}"
    users:
      - name: alice
        site_role: Creator
      - name: bob
        site_role: Viewer
    purge: true
    exclude:
      - "svc_*"
    map_assets_to: alice

- name: Remove a user and hand their content to alice
  tableau.server.tableau_user:
    server_url: "{{ tableau_url }}"
    token_name: automation
    token_secret: "{{ tableau_token_secret }}"
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

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule, diff_result
from ansible_collections.tableau.server.plugins.module_utils.user import (
    AUTH_SETTINGS,
    SITE_ROLES,
    UserResource,
    compile_patterns,
    plan_users,
    shown,
)

FIELDS = ("site_role", "auth_setting", "full_name", "email", "idp_configuration_id")


def desired_user(options):
    """A user's options as the resource's fields (``user_password`` becomes ``password``)."""
    fields = dict((field, options.get(field)) for field in FIELDS)
    fields.update(name=options["name"], password=options.get("user_password"), state=options.get("state", "present"))
    return fields


def heir_id(users, name, current_by_name=None):
    """The id of the map_assets_to user, checked before any write."""
    if not name:
        return None
    heir = (current_by_name or {}).get(name.lower()) if current_by_name is not None else users.find_by_name(name)
    if heir is None:
        raise TableauValidationError("The map_assets_to user '%s' is not on the site." % name)
    return heir["id"]


def check_not_self(client, user):
    if user["id"] == client.user_id:
        raise TableauValidationError("The signed-in user '%s' cannot remove themselves." % user["name"])


def ensure_one(module, client, users):
    params = module.params
    users.check_version(params)
    current = users.find_by_name(params["name"])
    if params["state"] == "absent":
        if current is None:
            return diff_result(dict(changed=False, user={}), {}, {}, module._diff)
        check_not_self(client, current)
        users.remove(current, heir_id(users, params["map_assets_to"]))
        return diff_result(dict(changed=True, user={}), shown(current), {}, module._diff)
    desired = desired_user(params)
    plan = plan_users([desired], [current] if current else [], update_password=params["update_password"])
    if plan["add"]:
        after = users.add(plan["add"][0])
        return diff_result(dict(changed=True, user=after), {}, shown(after), module._diff)
    if plan["update"]:
        user, change, password = plan["update"][0]
        after = users.update(user, change, password=password)
        return diff_result(dict(changed=True, user=after), shown(current), shown(after), module._diff)
    return diff_result(dict(changed=False, user=current), shown(current), shown(current), module._diff)


def ensure_list(module, client, users):
    params = module.params
    desired = [desired_user(item) for item in params["users"]]
    for item in desired:
        users.check_version(item)
    current = users.list()  # the one listing everything below is decided on
    by_name = dict((u["name"].lower(), u) for u in current)
    plan = plan_users(desired, current, purge=params["purge"], exclude=params["exclude"],
                      keep_ids=(client.user_id,), update_password=params["update_password"])
    for user in plan["remove"]:
        check_not_self(client, user)
    heir = heir_id(users, params["map_assets_to"], by_name) if plan["remove"] else None
    if heir is not None and heir in set(u["id"] for u in plan["remove"]):
        raise TableauValidationError("The map_assets_to user '%s' is one of the users to remove."
                                     % params["map_assets_to"])

    after_by_name = dict((u["name"].lower(), u) for u in plan["unchanged"])
    before, after = {}, {}
    for fields in plan["add"]:
        added = users.add(fields)
        after_by_name[fields["name"].lower()] = added
        after[added["name"]] = shown(added)
    for user, change, password in plan["update"]:
        updated = users.update(user, change, password=password)
        after_by_name[user["name"].lower()] = updated
        before[user["name"]] = shown(user)
        after[user["name"]] = shown(updated)
    for user in plan["remove"]:
        users.remove(user, heir)
        before[user["name"]] = shown(user)
    listed = [after_by_name[item["name"].lower()] for item in desired if item["name"].lower() in after_by_name]
    result = dict(
        changed=bool(plan["add"] or plan["update"] or plan["remove"]),
        users=listed,
        added=[f["name"] for f in plan["add"]],
        updated=[u["name"] for u, _c, _p in plan["update"]],
        removed=[u["name"] for u in plan["remove"]],
    )
    return diff_result(result, before, after, module._diff)


def run(module, client):
    compile_patterns(module.params["exclude"])
    users = UserResource(client, module.check_mode)
    if module.params["users"] is not None:
        return ensure_list(module, client, users)
    return ensure_one(module, client, users)


def main():
    user_options = dict(
        name=dict(type="str", required=True),
        site_role=dict(type="str", choices=SITE_ROLES),
        auth_setting=dict(type="str", choices=AUTH_SETTINGS),
        full_name=dict(type="str"),
        email=dict(type="str"),
        user_password=dict(type="str", no_log=True, aliases=["password"]),
        idp_configuration_id=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )
    module = TableauModule(
        argument_spec=dict(
            name=dict(type="str"),
            site_role=dict(type="str", choices=SITE_ROLES),
            auth_setting=dict(type="str", choices=AUTH_SETTINGS),
            full_name=dict(type="str"),
            email=dict(type="str"),
            user_password=dict(type="str", no_log=True),
            update_password=dict(type="str", default="on_create", choices=["always", "on_create"], no_log=False),
            idp_configuration_id=dict(type="str"),
            map_assets_to=dict(type="str"),
            users=dict(type="list", elements="dict", options=user_options),
            purge=dict(type="bool", default=False),
            exclude=dict(type="list", elements="str", default=[]),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        mutually_exclusive=[("name", "users")],
        required_one_of=[("name", "users")],
        supports_check_mode=True,
    )
    if module.params["purge"] and module.params["users"] is None:
        module.fail_json(msg="purge needs users: the list of users to keep.")
    module.run(run)


if __name__ == "__main__":
    main()
