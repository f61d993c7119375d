#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_revision
short_description: Download or remove revisions of a Tableau workbook or data source
version_added: 1.1.0
description:
  - O(state=downloaded) writes the file of one revision of a workbook or published data source to O(dest),
    streamed into a temporary file beside it and moved into place atomically; unchanged when O(dest) already
    holds the same bytes.
  - O(state=absent) removes one O(revision), or with O(keep_latest) every revision older than the newest ones,
    so that only those stay. A removed revision stays in the history flagged C(deleted); removing it again is
    no change.
  - Tableau does not remove the current revision; a task that would is refused before anything is removed.
    To remove the current revision, remove the workbook or data source itself.
  - Tableau keeps revisions only while the site's revision history is on (see
    O(tableau.server.tableau_site#module:revision_history_enabled)). Needs REST API 2.3.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
  - ansible.builtin.files
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
  state:
    description:
      - V(downloaded) writes O(revision) to O(dest); V(absent) removes O(revision), or the revisions older than
        the O(keep_latest) newest.
    type: str
    choices: [downloaded, absent]
    required: true
  revision:
    description:
      - The revision number, as M(tableau.server.tableau_revision_info) lists it. Required with O(state=downloaded).
    type: int
  keep_latest:
    description:
      - With O(state=absent), remove every revision but the newest O(keep_latest) (the current one among them).
    type: int
  dest:
    description:
      - With O(state=downloaded), the local file to write, or an existing folder (ending in C(/)) to write the file
        under the name the server gives, with C(-revision-<n>) before its extension for an older revision.
    type: path
  include_extract:
    description:
      - With O(state=downloaded), whether a packaged file keeps its extract. V(false) leaves extract files out.
    type: bool
    default: true
seealso:
  - module: tableau.server.tableau_revision_info
  - module: tableau.server.tableau_workbook
  - module: tableau.server.tableau_datasource
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Publish a workbook four times, so it has four revisions
      tableau.server.tableau_workbook:
        name: Sales
        file: files/sales.twbx
        force: true
      loop: [1, 2, 3, 4]

    - name: Keep a copy of the first revision
      tableau.server.tableau_revision:
        content_type: workbook
        name: Sales
        state: downloaded
        revision: 1
        dest: backup/sales-revision-1.twbx
        mode: "0640"

    - name: Remove the first revision
      tableau.server.tableau_revision:
        content_type: workbook
        name: Sales
        state: absent
        revision: 1

    - name: Keep only the two newest revisions
      tableau.server.tableau_revision:
        content_type: workbook
        name: Sales
        state: absent
        keep_latest: 2
      register: pruned

    - name: Say which revisions went
      ansible.builtin.debug:
        msg: "{{ pruned.removed }}"
"""

RETURN = r"""
revisions:
  description: The revision history after the task (predicted in check mode), oldest first.
  returned: when O(state=absent)
  type: list
  elements: dict
  contains:
    number:
      description: Revision number, from 1.
      type: int
    current:
      description: Whether this is the current revision.
      type: bool
    deleted:
      description: Whether the revision is removed.
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
removed:
  description: Numbers of the revisions the task removed (or would remove, in check mode).
  returned: when O(state=absent)
  type: list
  elements: int
  sample: [1, 2]
revision:
  description: The revision downloaded, with the fields of RV(revisions).
  returned: when O(state=downloaded)
  type: dict
dest:
  description: The path written.
  returned: when O(state=downloaded)
  type: str
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
from ansible_collections.tableau.server.plugins.module_utils.revision import (
    RevisionResource,
    check_download,
    check_removal,
    ensure_absent,
    ensure_downloaded,
)
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

CONTENT = {"workbook": WorkbookResource, "datasource": DatasourceResource}


def check(params):
    """What can be refused without the server is refused before sign-in."""
    if params["state"] == "downloaded":
        check_download(params)
    else:
        check_removal(params)


def run(module, client):
    content = CONTENT[module.params["content_type"]](client, module.check_mode)
    revisions = RevisionResource(content, module.check_mode)
    if module.params["state"] == "downloaded":
        return ensure_downloaded(revisions, module.params, module.place_file)
    return ensure_absent(revisions, module.params)


def main():
    module = TableauModule(
        argument_spec=dict(
            content_type=dict(type="str", choices=sorted(CONTENT), required=True),
            name=dict(type="str", required=True),
            project=dict(type="str", default="Default"),
            state=dict(type="str", choices=["downloaded", "absent"], required=True),
            revision=dict(type="int"),
            keep_latest=dict(type="int"),
            dest=dict(type="path"),
            include_extract=dict(type="bool", default=True),
        ),
        mutually_exclusive=[("revision", "keep_latest")],
        add_file_common_args=True,
        supports_check_mode=True,
    )
    module.run(run, check=check)


if __name__ == "__main__":
    main()
