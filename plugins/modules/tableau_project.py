#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_project
short_description: Create, update, move, rename and delete Tableau projects
version_added: 1.0.0
description:
  - Makes a project on a Tableau Server or Tableau Cloud site match the desired state.
  - A project is addressed by its O(path), such as C(Finance/Reports/Monthly), or by O(name) and
    O(parent). Nested projects are supported at any depth.
  - Names in a path, and O(owner), match without regard to case, as Tableau matches them; results
    show the path as the server spells it.
  - A C(/) inside a project name is written C(\/) in a path, and a backslash C(\\).
    O(name) is always taken literally.
  - Finding a project costs one listing of the site's projects.
  - O(projects) converges many projects in one task with one listing for all of them, and writes
    only where a project differs.
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
options:
  path:
    description:
      - Full path of the project from the top level, names separated by C(/).
      - Mutually exclusive with O(name) and O(parent).
    type: str
  projects:
    description:
      - Many projects at once, each with its own desired state. Mutually exclusive with O(path),
        O(name), O(parent), O(new_name), O(new_parent) and the single-project O(description),
        O(content_permissions), O(owner) and O(state).
      - Parents are created before their children and children deleted before their parents,
        whatever the order of the list. A parent that is neither listed nor existing is created
        only with O(create_parents).
      - All projects are found with one listing, and all owners with one more.
    type: list
    elements: dict
    suboptions:
      path:
        description: Full path of the project, as in O(path).
        type: str
        required: true
      description:
        description: Description; omitted leaves it alone.
        type: str
      content_permissions:
        description: As O(content_permissions).
        type: str
        choices: [ManagedByOwner, LockedToProject, LockedToProjectWithoutNested]
      owner:
        description: Name of the user who owns the project; omitted leaves it alone.
        type: str
      state:
        description: V(present) or V(absent).
        type: str
        choices: [present, absent]
        default: present
  name:
    description:
      - Name of the project, taken literally.
    type: str
  parent:
    description:
      - Path of the parent project. Empty or omitted means a top-level project.
    type: str
  new_name:
    description:
      - Rename the project to this name.
      - When no project exists at the old name but one exists under the new name, nothing is done,
        so the task stays idempotent after the rename.
    type: str
  new_parent:
    description:
      - Move the project under this parent path; C("") or C(/) moves it to the top level.
    type: str
  description:
    description:
      - Description of the project. C("") clears it; omitted leaves it alone.
    type: str
  content_permissions:
    description:
      - Whether permissions of the content are locked to the project.
    type: str
    choices: [ManagedByOwner, LockedToProject, LockedToProjectWithoutNested]
  owner:
    description:
      - Name of the user who owns the project. Omitted leaves the owner alone (a new project is owned
        by the signed-in user).
    type: str
  create_parents:
    description:
      - Create missing parent projects. Without it, a missing parent is an error.
    type: bool
    default: false
  state:
    description:
      - V(present) (the default) creates or updates the project, V(absent) deletes it.
      - Deleting a project deletes its nested projects and all their workbooks and data sources.
      - With O(projects), each item has its own state.
    type: str
    choices: [present, absent]
notes:
  - The Default project cannot be renamed, moved or deleted; the server refuses it.
seealso:
  - module: tableau.server.tableau_project_info
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Create a nested project, and its parents when missing
      tableau.server.tableau_project:
        path: Finance/Reports/Monthly
        description: Month-end reports
        content_permissions: LockedToProject
        create_parents: true

    - name: Same project, addressed by name and parent
      tableau.server.tableau_project:
        name: Monthly
        parent: Finance/Reports
        owner: admin

    - name: Rename it and move it to the top level
      tableau.server.tableau_project:
        path: Finance/Reports/Monthly
        new_name: Monthly Close
        new_parent: ""

    - name: Many projects in one task, parents first
      tableau.server.tableau_project:
        projects:
          - path: Sales
            description: Sales team
          - path: Sales/EMEA
            content_permissions: LockedToProject
          - path: Sales/Americas
            owner: admin
          - path: Sales/Archive
            state: absent

    - name: Delete a project and everything in it
      tableau.server.tableau_project:
        path: Monthly Close
        state: absent
"""

RETURN = r"""
projects:
  description:
    - With O(projects), one entry per item in the order given, each the project after the task
      (empty after a delete) with C(changed) telling whether that item was written.
    - The diff holds one before/after pair per project written, parents created on the way included.
  returned: when O(projects) is given
  type: list
  elements: dict
  sample: [{"path": "Sales", "changed": true, "id": "1f9b6e4c-2d1a-4c4e-9d7a-3a6b2f1c0e11"}]
project:
  description: The project after the task (predicted in check mode; empty after a delete).
  returned: when O(projects) is not given
  type: dict
  contains:
    id:
      description: LUID of the project; null for a project that check mode would create.
      type: str
      sample: 1f9b6e4c-2d1a-4c4e-9d7a-3a6b2f1c0e11
    name:
      description: Name of the project.
      type: str
      sample: Monthly
    path:
      description: Full path, names joined by C(/) (C(/) in a name escaped as C(\/)).
      type: str
      sample: Finance/Reports/Monthly
    parent_id:
      description: LUID of the parent project, null at the top level.
      type: str
    description:
      description: Description of the project.
      type: str
    content_permissions:
      description: ManagedByOwner, LockedToProject or LockedToProjectWithoutNested.
      type: str
    owner_id:
      description: LUID of the owner.
      type: str
    owner:
      description: Name of the owner, when the task named one.
      type: str
    created_at:
      description: When the project was created (ISO 8601).
      type: str
    updated_at:
      description: When the project was last changed (ISO 8601).
      type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.project import PROJECT_FIELDS, ProjectResource, ensure, project_item_spec


def run(module, client):
    return ensure(ProjectResource(client, module.check_mode), dict(module.params))


def main():
    module = TableauModule(
        argument_spec=dict(
            PROJECT_FIELDS.argspec(),
            path=dict(type="str"),
            projects=dict(type="list", elements="dict", options=project_item_spec()),
            name=dict(type="str"),
            parent=dict(type="str"),
            new_name=dict(type="str"),
            new_parent=dict(type="str"),
            owner=dict(type="str"),
            create_parents=dict(type="bool", default=False),
            state=dict(type="str", choices=["present", "absent"]),
        ),
        mutually_exclusive=[("path", "name"), ("path", "parent")] + [
            ("projects", other) for other in ("path", "name", "parent", "new_name", "new_parent",
                                              "description", "content_permissions", "owner", "state")],
        required_one_of=[("path", "name", "projects")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
