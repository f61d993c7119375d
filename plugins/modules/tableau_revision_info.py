#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_revision_info
short_description: List the revision history of a Tableau workbook or data source
version_added: 1.1.0
description:
  - Lists the revisions of one workbook or published data source, oldest first, each with its number, who
    published it and when, whether it is the current one and whether it was removed.
  - Tableau keeps a revision per publish while the site's revision history is on (see
    O(tableau.server.tableau_site#module:revision_history_enabled) and
    O(tableau.server.tableau_site#module:revision_limit)); with it off the task fails and says so.
  - Needs REST API 2.3.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  content_type:
    description:
      - Whether O(name) is a workbook or a published data source.
    type: str
    choices: [workbook, datasource]
    required: true
  name:
    description:
      - Name of the workbook or data source (matched without regard to case, as Tableau does).
    type: str
    required: true
  project:
    description:
      - Path of the project that holds it (C(/) in a name written C(\/)).
    type: str
    default: Default
  fields:
    description:
      - Only these keys of each item of RV(revisions); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [number, current, deleted, published_at, publisher, publisher_id, size_bytes]
    version_added: 1.1.0
seealso:
  - module: tableau.server.tableau_revision
  - module: tableau.server.tableau_workbook_info
  - module: tableau.server.tableau_datasource_info
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Publish a workbook, then publish it again so it has two revisions
      tableau.server.tableau_workbook:
        name: Sales
        file: files/sales.twbx
        force: "{{ item }}"
      loop: [false, true]

    - name: The revision history of the workbook
      tableau.server.tableau_revision_info:
        content_type: workbook
        name: Sales
        project: Default
      register: history

    - name: Who published the current revision, and when
      ansible.builtin.debug:
        msg: "{{ history.revisions | selectattr('current') | map(attribute='publisher') | first }}"
"""

RETURN = r"""
revisions:
  description: The revisions, oldest first.
  returned: always
  type: list
  elements: dict
  contains:
    number:
      description: Revision number, from 1.
      type: int
    current:
      description: Whether this is the current revision (the one the item shows).
      type: bool
    deleted:
      description: Whether the revision was removed (its file is gone).
      type: bool
    published_at:
      description: When it was published (ISO 8601).
      type: str
    publisher:
      description: Name of the user who published it.
      type: str
    publisher_id:
      description: LUID of that user.
      type: str
    size_bytes:
      description: Size of its file in bytes, where the server says.
      type: int
item:
  description: The workbook or data source.
  returned: always
  type: dict
  contains:
    content_type:
      description: C(workbook) or C(datasource).
      type: str
    id:
      description: LUID of the item.
      type: str
    name:
      description: Name of the item.
      type: str
    project:
      description: Path of its project.
      type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.revision import RevisionResource, list_revisions
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

CONTENT = {"workbook": WorkbookResource, "datasource": DatasourceResource}


def run(module, client):
    content = CONTENT[module.params["content_type"]](client)
    return list_revisions(RevisionResource(content), module.params)


# The keys of each item of RV(revisions) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("number", "current", "deleted", "published_at", "publisher", "publisher_id", "size_bytes")


def main():
    module = TableauModule(
        items=("revisions", ITEM_KEYS),
        argument_spec=dict(
            content_type=dict(type="str", choices=sorted(CONTENT), required=True),
            name=dict(type="str", required=True),
            project=dict(type="str", default="Default"),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
