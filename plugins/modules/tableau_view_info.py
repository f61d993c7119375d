#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_view_info
short_description: List the views of a Tableau site, with their usage
version_added: 1.1.0
description:
  - Lists the views of the whole site (Query Views for Site), each with the names of its workbook, its
    project (as a path) and its owner, optionally filtered, with total view counts, most viewed first, or
    cut to the first few.
  - Filters go to the server where its filter syntax can carry them (view, workbook, project and owner
    names and a tag) and are checked again locally, so names match without regard to case and a project
    is matched by its whole path.
  - A user who is not an administrator sees the views they may read.
  - Needs REST API 2.2.
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  name:
    description:
      - Only views with this name.
    type: str
  workbook:
    description:
      - Only views of workbooks with this name.
    type: str
  project:
    description:
      - Only views of workbooks directly in the project at this path (C(/) in a name written C(\/)).
    type: str
  owner:
    description:
      - Only views owned by the user with this name.
    type: str
  tags:
    description:
      - Only views that have every one of these tags.
    type: list
    elements: str
  include_usage:
    description:
      - Add each view's total view count (C(includeUsageStatistics)).
    type: bool
    default: false
  sort_by_views:
    description:
      - List the most viewed views first; implies O(include_usage).
    type: bool
    default: false
  limit:
    description:
      - List at most this many views (after sorting), such as the ten most viewed.
    type: int
  fields:
    description:
      - Only these keys of each item of RV(views); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, name, workbook, workbook_id, project, project_id, owner, owner_id, tags, total_views,
              content_url, view_url_name, sheet_type, created_at, updated_at]
    version_added: 1.1.0
seealso:
  - module: tableau.server.tableau_view
  - module: tableau.server.tableau_view_export
  - module: tableau.server.tableau_workbook_info
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Publish a workbook whose views are listed
      tableau.server.tableau_workbook:
        name: Sales
        file: files/sales.twbx

    - name: The ten most viewed views of the site
      tableau.server.tableau_view_info:
        sort_by_views: true
        limit: 10
      register: top

    - name: The views of the Sales workbook in the Default project
      tableau.server.tableau_view_info:
        workbook: Sales
        project: Default
      register: sales_views

    - name: Show them
      ansible.builtin.debug:
        msg: "{{ top.views | map(attribute='name') | list }} / {{ sales_views.views | map(attribute='content_url') | list }}"
"""

RETURN = r"""
views:
  description: The matching views, sorted by project path, workbook and name (most viewed first with O(sort_by_views)).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the view.
      type: str
    name:
      description: Name of the view.
      type: str
    workbook:
      description: Name of its workbook.
      type: str
    workbook_id:
      description: LUID of its workbook.
      type: str
    project:
      description: Path of its workbook's project.
      type: str
      sample: Sales/Dashboards
    project_id:
      description: LUID of that project.
      type: str
    owner:
      description: Name of the view's owner.
      type: str
    owner_id:
      description: LUID of the owner.
      type: str
    tags:
      description: Tags, sorted without regard to case.
      type: list
      elements: str
    total_views:
      description: Total view count, with O(include_usage) or O(sort_by_views); otherwise null.
      type: int
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

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.view import ViewQuery, ViewResource, list_views

FILTERS = ("name", "workbook", "project", "owner", "tags")


def check(params):
    if params["limit"] is not None and params["limit"] < 1:
        raise TableauValidationError("limit must be 1 or more; got %s." % params["limit"])


def run(module, client):
    params = module.params
    query = ViewQuery(**dict((key, params[key]) for key in FILTERS))
    found = list_views(ViewResource(client), query, usage=params["include_usage"],
                       sort_by_views=params["sort_by_views"], limit=params["limit"])
    return False, {"views": found}, None


# The keys of each item of RV(views) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "name", "workbook", "workbook_id", "project", "project_id", "owner", "owner_id", "tags",
             "total_views", "content_url", "view_url_name", "sheet_type", "created_at", "updated_at")


def main():
    module = TableauModule(
        items=("views", ITEM_KEYS),
        argument_spec=dict(
            name=dict(type="str"),
            workbook=dict(type="str"),
            project=dict(type="str"),
            owner=dict(type="str"),
            tags=dict(type="list", elements="str"),
            include_usage=dict(type="bool", default=False),
            sort_by_views=dict(type="bool", default=False),
            limit=dict(type="int"),
        ),
        supports_check_mode=True,
    )
    module.run(run, check=check)


if __name__ == "__main__":
    main()
