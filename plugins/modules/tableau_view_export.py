#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_view_export
short_description: Export a view of a Tableau workbook to a file (image, PDF, CSV or Excel crosstab)
version_added: 1.1.0
description:
  - Writes one view of a published workbook to O(dest) as a PNG image (Query View Image, REST API 2.5),
    a PDF (Query View PDF, 2.8), its data as CSV (Query View Data, 2.8) or its crosstab as an Excel
    workbook (Download View Crosstab Excel, 3.9), optionally filtered by the view's fields.
  - The file is streamed into a temporary file beside O(dest) and moved over it in one step, so O(dest)
    is never half written and memory use does not grow with the file.
  - Exports again only when needed. Beside O(dest) a small record, C(.<file name>.tableau-export.json),
    keeps the view, the format and the settings the file was made with, the workbook's last change time
    (C(updatedAt)) and the file's SHA-256. When O(dest) still has that checksum, the view and the settings
    are the task's and the workbook has not changed since, the task exports nothing and reports no change.
    Otherwise it exports, and replaces O(dest) (a change) only when the new file differs from it.
  - The server tells when the workbook changed, not when its data did; for a view on a live connection,
    export with O(force=true) to get the data as it is now.
  - Check mode exports nothing (an export renders the view on the server, which is work for the server and
    may count as a view of it) and writes nothing; it reports a change whenever a real run would export.
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
  - ansible.builtin.files
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
  format:
    description:
      - V(png) an image, V(pdf) a PDF, V(csv) the view's data, V(crosstab) its crosstab as an Excel (C(.xlsx)) workbook.
      - Omitted, it is told from the extension of O(dest) (C(.png), C(.pdf), C(.csv), C(.xlsx)).
    type: str
    choices: [png, pdf, csv, crosstab]
  dest:
    description:
      - The file to write. Its folder must exist.
    type: path
    required: true
  filters:
    description:
      - View filters, C(field) to value, sent as C(vf_<field>=<value>); the field is a field of the view's data,
        such as C(Region), or C(Parameters.<name>) for a parameter.
      - A list of values keeps the rows with any of them (the commas and backslashes in each value are escaped);
        a string is sent as written, so a comma in it separates values the way the server reads it.
      - A PDF takes filters from REST API 3.23 on.
    type: dict
  resolution:
    description:
      - For V(png) only. V(high) makes the image 1568 pixels wide, V(standard) 784. Default V(high).
    type: str
    choices: [standard, high]
  page_type:
    description:
      - For V(pdf) only. The page size; the server's default (Letter on most servers) when omitted.
    type: str
    choices: [A3, A4, A5, B4, B5, Executive, Folio, Ledger, Legal, Letter, Note, Quarto, Tabloid, Unspecified]
  orientation:
    description:
      - For V(pdf) only. The page orientation; the server's default (Portrait) when omitted.
    type: str
    choices: [Portrait, Landscape]
  max_age:
    description:
      - The oldest, in minutes, a copy the server cached may be to be used instead of rendering anew (C(maxAge)).
        At least 1. Not part of the record, since it changes when the server renders, not what.
    type: int
  force:
    description:
      - Export even when the record beside O(dest) says the file is current. The task still reports a change
        only when the file's bytes change.
    type: bool
    default: false
notes:
  - The record beside O(dest) is written after O(dest), in one step; removing it makes the next run export
    again and compare. A file put at O(dest) by other means is exported over unless its bytes match.
seealso:
  - module: tableau.server.tableau_view_info
  - module: tableau.server.tableau_view
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
    - name: Publish the workbook whose views are exported
      tableau.server.tableau_workbook:
        name: Sales
        file: files/sales.twbx

    - name: The dashboard as a high-resolution image (again only when the workbook changed)
      tableau.server.tableau_view_export:
        workbook: Sales
        name: Overview
        dest: backup/overview.png
        mode: "0644"
      register: image

    - name: The East and West regions as an A4 landscape PDF
      tableau.server.tableau_view_export:
        workbook: Sales
        name: Sales by Region
        format: pdf
        page_type: A4
        orientation: Landscape
        filters:
          Region: [East, West]
        dest: backup/regions.pdf

    - name: The data of one region as CSV, rendered now
      tableau.server.tableau_view_export:
        workbook: Sales
        name: Sales by Region
        filters:
          Region: East
        dest: backup/east.csv
        force: true

    - name: The crosstab as an Excel workbook
      tableau.server.tableau_view_export:
        workbook: Sales
        project: Default
        name: Sales by Month
        format: crosstab
        dest: backup/months.xlsx
"""

RETURN = r"""
dest:
  description: Absolute path of the file.
  returned: always
  type: str
  sample: /srv/reports/overview.png
format:
  description: The format exported, C(png), C(pdf), C(csv) or C(crosstab).
  returned: always
  type: str
exported:
  description: Whether the view was exported (in check mode, whether it would be).
  returned: always
  type: bool
sha256:
  description: SHA-256 of the file at O(dest) after the task; in check mode, of the file there now (null when there is none).
  returned: always
  type: str
size:
  description: Size in bytes of the file at O(dest) after the task (in check mode, of the file there now; null when there is none).
  returned: always
  type: int
view:
  description: The view exported.
  returned: always
  type: dict
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
    project:
      description: Path of its workbook's project.
      type: str
    content_url:
      description: URL of the view below the site.
      type: str
    sheet_type:
      description: C(worksheet), C(dashboard) or C(story).
      type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.view import ViewResource
from ansible_collections.tableau.server.plugins.module_utils.view_export import (
    ORIENTATIONS,
    PAGE_TYPES,
    RESOLUTIONS,
    check_export,
    ensure_exported,
)


def run(module, client):
    return ensure_exported(ViewResource(client, module.check_mode), module.params, module.place_file)


def main():
    module = TableauModule(
        argument_spec=dict(
            name=dict(type="str", required=True, aliases=["view"]),
            workbook=dict(type="str", required=True),
            project=dict(type="str", default="Default"),
            format=dict(type="str", choices=["png", "pdf", "csv", "crosstab"]),
            dest=dict(type="path", required=True),
            filters=dict(type="dict"),
            resolution=dict(type="str", choices=RESOLUTIONS),
            page_type=dict(type="str", choices=PAGE_TYPES),
            orientation=dict(type="str", choices=ORIENTATIONS),
            max_age=dict(type="int"),
            force=dict(type="bool", default=False),
        ),
        add_file_common_args=True,
        supports_check_mode=True,
    )
    module.run(run, check=check_export)


if __name__ == "__main__":
    main()
