# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Data sources: what differs from workbooks (certification, type, appends, renames); the rest is in content.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.content import (
    PublishedContent,
    content_table,
    credentials_element,
)
from ansible_collections.tableau.server.plugins.module_utils.resource import Field

# Update Data Source takes a new name from this version on (Tableau 2021.2); older servers cannot rename a
# data source and leave the name as it was.
RENAME_VERSION = "3.12"


class DatasourceResource(PublishedContent):
    path = "/datasources"
    tag = "datasource"
    kind = "data source"
    table = content_table("datasource", [
        Field("certified", "isCertified", kind="bool"),
        Field("certification_note", "certificationNote"),
        Field("type", "type", compare=False, option=False),
    ])
    extensions = ("tds", "tdsx", "hyper", "tde")
    extract_extensions = ("hyper", "tde")
    packaged_extension = "tdsx"
    file_part = "tableau_datasource"
    type_param = "datasourceType"
    states = ("present", "absent", "downloaded", "refreshed")
    publish_modes = ("auto", "create_new", "overwrite", "append")
    empty = {"description": "", "certified": False, "certification_note": ""}
    rename_version = RENAME_VERSION

    def publish_element(self, fields, project_id, current):
        el = self.table.element({"name": fields["name"], "description": fields.get("description")})
        if fields.get("credentials"):
            el.append(credentials_element(fields["credentials"]))
        el.append(xmlio.element("project", {"id": project_id}))
        return el
