#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_view
short_description: Keep the tags of a view of a Tableau workbook
version_added: 1.1.0
description:
  - Keeps the tags of one view (a sheet or dashboard of a published workbook) as the task lists them,
    with Add Tags to View and Delete Tag from View.
  - A view is named by its project, its workbook and its own name; names match without regard to case.
  - Views cannot be created or deleted on their own. Publishing a workbook with M(tableau.server.tableau_workbook)
    makes a view of every sheet that is not hidden; publishing it again keeps the views whose sheet is still
    there, with their tags, and drops the others. (Delete View, REST API 3.27, removes a view until the next
    publish brings it back; this module does not use it.) So O(state) has one value, V(present).
  - Reading views needs REST API 2.2 (Query Views for Site).
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
options:
  name:
    description:
      - Name of the view, as the workbook's sheet is named.
    type: str
    required: true
    aliases: [view]
  workbook:
    description:
      - Name of the workbook the view belongs to.
    type: str
    required: true
  project:
    description:
      - Path of the workbook's project (C(/) in a name written C(\/)).
    type: str
    default: Default
  tags:
    description:
      - Tags the view should have; tags match without regard to case. Omitted leaves the tags alone.
      - With O(purge_tags=true), tags not listed are removed; V([]) removes every tag.
    type: list
    elements: str
  purge_tags:
    description:
      - Remove the view's tags that O(tags) does not list. With V(false), listed tags are only added.
    type: bool
    default: true
  state:
    description:
      - V(present), the only state a view has on its own (see the description).
    type: str
    choices: [present]
    default: present
seealso:
  - module: tableau.server.tableau_view_info
  - module: tableau.server.tableau_view_export
  - module: tableau.server.tableau_workbook
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Publish the workbook whose views are tagged
      tableau.server.tableau_workbook:
        name: Sales
        file: files/sales.twbx

    - name: Tag the dashboard for the board pack, and nothing else
      tableau.server.tableau_view:
        workbook: Sales
        name: Overview
        tags: [board, quarterly]

    - name: Add a tag to a worksheet, keeping the ones it has
      tableau.server.tableau_view:
        workbook: Sales
        project: Default
        name: Sales by Region
        tags: [regional]
        purge_tags: false
"""

RETURN = r"""
view:
  description: The view after the task (predicted in check mode).
  returned: always
  type: dict
  contains:
    id:
      description: LUID of the view.
      type: str
    name:
      description: Name of the view.
      type: str
      sample: Overview
    workbook:
      description: Name of its workbook.
      type: str
    workbook_id:
      description: LUID of its workbook.
      type: str
    project:
      description: Path of its workbook's project.
      type: str
    project_id:
      description: LUID of that project.
      type: str
    owner_id:
      description: LUID of the view's owner.
      type: str
    tags:
      description: Tags of the view, sorted without regard to case.
      type: list
      elements: str
    content_url:
      description: URL of the view below the site, C(<workbook>/sheets/<view>).
      type: str
    view_url_name:
      description: URL name of the view.
      type: str
    sheet_type:
      description: C(worksheet), C(dashboard) or C(story).
      type: str
    created_at:
      description: Creation time (ISO 8601).
      type: str
    updated_at:
      description: Last change (ISO 8601).
      type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.view import ViewResource, check_tags, ensure_present


def run(module, client):
    return ensure_present(ViewResource(client, module.check_mode), module.params)


def main():
    module = TableauModule(
        argument_spec=dict(
            name=dict(type="str", required=True, aliases=["view"]),
            workbook=dict(type="str", required=True),
            project=dict(type="str", default="Default"),
            tags=dict(type="list", elements="str"),
            purge_tags=dict(type="bool", default=True),
            state=dict(type="str", choices=["present"], default="present"),
        ),
        supports_check_mode=True,
    )
    module.run(run, check=lambda params: check_tags(params["tags"]))


if __name__ == "__main__":
    main()
