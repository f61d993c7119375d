#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_project_info
short_description: List Tableau projects with their full paths
version_added: 1.0.0
description:
  - Lists the projects of a site, each with its full path, optionally filtered.
  - Names, paths and owners match without regard to case, as Tableau matches them.
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  name:
    description:
      - Only projects with this name (in any case).
    type: str
  parent:
    description:
      - Only projects directly under this parent path; C("") or C(/) means top-level projects.
    type: str
  path:
    description:
      - Only the project at this path (C(/) in a name written C(\/)).
    type: str
  owner:
    description:
      - Only projects owned by the user with this name.
    type: str
  fields:
    description:
      - Only these keys of each item of RV(projects); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, name, path, parent_id, description, content_permissions, owner_id, owner, created_at, updated_at]
    version_added: 1.1.0
seealso:
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
    - name: All projects of the site
      tableau.server.tableau_project_info:
      register: all_projects

    - name: Projects directly under Finance
      tableau.server.tableau_project_info:
        parent: Finance
      register: finance_children

    - name: Show their paths
      ansible.builtin.debug:
        msg: "{{ finance_children.projects | map(attribute='path') | list }}"
"""

RETURN = r"""
projects:
  description: The matching projects, sorted by path.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the project.
      type: str
    name:
      description: Name of the project.
      type: str
    path:
      description: Full path, names joined by C(/).
      type: str
      sample: Finance/Reports
    parent_id:
      description: LUID of the parent project, null at the top level.
      type: str
    description:
      description: Description.
      type: str
    content_permissions:
      description: ManagedByOwner, LockedToProject or LockedToProjectWithoutNested.
      type: str
    owner_id:
      description: LUID of the owner.
      type: str
    owner:
      description: Name of the owner.
      type: str
    created_at:
      description: Creation time (ISO 8601).
      type: str
    updated_at:
      description: Last change (ISO 8601).
      type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource, project_info


def run(module, client):
    return project_info(ProjectResource(client), dict(module.params))


# The keys of each item of RV(projects) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "name", "path", "parent_id", "description", "content_permissions", "owner_id", "owner",
             "created_at", "updated_at")


def main():
    module = TableauModule(
        items=("projects", ITEM_KEYS),
        argument_spec=dict(
            name=dict(type="str"),
            parent=dict(type="str"),
            path=dict(type="str"),
            owner=dict(type="str"),
        ),
        mutually_exclusive=[("path", "name"), ("path", "parent")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
