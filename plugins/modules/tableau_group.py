#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_group
short_description: Create, rename, update and delete Tableau groups and manage their members
version_added: 0.1.0
description:
  - Makes a local group, or a group imported from Active Directory or LDAP, match the desired state on
    the signed-in site.
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
- name: A local group with exactly these members
  tableau.server.tableau_group:
    server_url: "{{ tableau_url }}"
    token_name: automation
    token_secret: "{{ tableau_token_secret }}"
    name: Analysts
    members: [alice, bob]
    purge_members: true

- name: Import a directory group that grants Explorer at sign-in
  tableau.server.tableau_group:
    server_url: "{{ tableau_url }}"
    token_name: automation
    token_secret: "{{ tableau_token_secret }}"
    name: Sales
    domain: example.com
    minimum_site_role: Explorer
    grant_license_mode: onLogin

- name: Rename a group
  tableau.server.tableau_group:
    server_url: "{{ tableau_url }}"
    token_name: automation
    token_secret: "{{ tableau_token_secret }}"
    name: Analysts
    new_name: Data Analysts
"""

RETURN = r"""
group:
  description: The group after the task (predicted in check mode; empty after a delete).
  returned: always
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

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.group import (
    ALL_USERS,
    LICENSE_MODES,
    LOCAL_DOMAIN,
    GroupResource,
    changes,
    is_local,
    plan_members,
    shown,
)
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule, diff_result
from ansible_collections.tableau.server.plugins.module_utils.user import SITE_ROLES, UserResource


def validate(params):
    """Input rules, all checked before any request that writes."""
    imported = not is_local(params["domain"])
    if params["grant_license_mode"] and not imported:
        raise TableauValidationError("grant_license_mode applies to groups imported from a directory (set domain).")
    if params["name"] == ALL_USERS and (params["new_name"] or params["state"] == "absent"):
        raise TableauValidationError("The All Users group cannot be renamed or deleted.")
    if params["name"] == ALL_USERS and params["members"] is not None:
        raise TableauValidationError("The members of All Users are every user of the site; they cannot be set.")
    names = [n.lower() for n in params["members"] or []]
    if len(names) != len(set(names)):
        raise TableauValidationError("members lists a user more than once.")


def resolve_members(client, names):
    """The users named in ``members``, or an error naming the unknown ones."""
    found = UserResource(client).find_by_names(names)
    missing = [n for n in names if n.lower() not in found]
    if missing:
        raise TableauValidationError("These members are not users on the site: %s." % ", ".join(missing),
                                     hint="Add them first with tableau_user, or check the names.")
    return [found[n.lower()] for n in names]


def ensure_absent(module, groups):
    current = groups.find_by_names([module.params["name"]]).get(module.params["name"].lower())
    if current is None:
        return diff_result(dict(changed=False, group={}), {}, {}, module._diff)
    groups.delete(current)
    return diff_result(dict(changed=True, group={}), shown(current), {}, module._diff)


def ensure_present(module, client, groups):
    params = module.params
    found = groups.find_by_names([params["name"], params["new_name"]])
    current = found.get(params["name"].lower())
    target = params["new_name"] or params["name"]
    if current is None and params["new_name"]:
        current = found.get(params["new_name"].lower())  # renamed by an earlier run
    elif current is not None and params["new_name"] and params["new_name"].lower() != params["name"].lower() \
            and params["new_name"].lower() in found:
        raise TableauValidationError("Cannot rename '%s' to '%s': a group with that name exists."
                                     % (params["name"], params["new_name"]))
    if current is not None and params["domain"] is not None and \
            params["domain"].lower() != (current["domain"] or LOCAL_DOMAIN).lower():
        raise TableauValidationError("The group '%s' belongs to domain '%s'; the domain of a group cannot be changed."
                                     % (current["name"], current["domain"]))
    if current is not None and not is_local(current) and target.lower() != current["name"].lower():
        raise TableauValidationError("The group '%s' is imported from '%s'; Tableau does not rename imported groups."
                                     % (current["name"], current["domain"]))
    if current is None and not is_local(params["domain"]) and not params["minimum_site_role"]:
        raise TableauValidationError("Importing a group from a directory needs minimum_site_role.")
    wanted_members = resolve_members(client, params["members"]) if params["members"] is not None else None

    # Without new_name the group keeps its name as the server spells it (names match without regard to case).
    desired = {"name": params["new_name"] or (current["name"] if current else target),
               "minimum_site_role": params["minimum_site_role"],
               "grant_license_mode": params["grant_license_mode"]}
    if current is None:
        fields = dict((k, v) for k, v in desired.items() if v is not None)
        fields["domain"] = params["domain"] or LOCAL_DOMAIN
        if not is_local(fields) and not fields.get("grant_license_mode"):
            fields["grant_license_mode"] = "onSync"
        after, before, changed, member_users = groups.create(fields), {}, True, []
    else:
        change = changes(current, desired)
        after, before, changed = groups.update(current, change), current, bool(change)
        member_users = groups.members(current) if wanted_members is not None else []

    result = dict(group=after)
    before_members = after_members = None
    if wanted_members is not None:
        by_name = dict((u["name"].lower(), u) for u in wanted_members + member_users)
        add, remove = plan_members([u["name"] for u in member_users], [u["name"] for u in wanted_members],
                                   params["purge_members"])
        groups.add_members(after, [by_name[n.lower()] for n in add])
        groups.remove_members(after, [by_name[n.lower()] for n in remove])
        before_members = [u["name"] for u in member_users]
        removed = set(n.lower() for n in remove)
        after_members = [n for n in before_members if n.lower() not in removed] + add
        after["members"] = sorted(after_members, key=lambda n: n.lower())
        result.update(members_added=add, members_removed=remove)
        changed = changed or bool(add or remove)
    result["changed"] = changed
    return diff_result(result, shown(before, before_members if before else None),
                       shown(after, after_members), module._diff)


def run(module, client):
    validate(module.params)
    groups = GroupResource(client, module.check_mode)
    if module.params["state"] == "absent":
        return ensure_absent(module, groups)
    return ensure_present(module, client, groups)


def main():
    module = TableauModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            new_name=dict(type="str"),
            domain=dict(type="str"),
            minimum_site_role=dict(type="str", choices=SITE_ROLES),
            grant_license_mode=dict(type="str", choices=LICENSE_MODES),
            members=dict(type="list", elements="str"),
            purge_members=dict(type="bool", default=False),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
