# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Data sources: what differs from workbooks (certification, type, extract refresh); the rest is in content.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.content import (
    PublishedContent,
    content_table,
    credentials_element,
)
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError
from ansible_collections.tableau.server.plugins.module_utils.resource import Field

# Refresh takes an <extractRefresh incremental> body from this REST API version on.
INCREMENTAL_REFRESH_VERSION = "3.25"
# "Already queued": a refresh of this data source is waiting or running.
REFRESH_QUEUED_CODE = "409093"


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

    def publish_element(self, fields, project_id, current):
        el = self.table.element({"name": fields["name"], "description": fields.get("description")})
        if fields.get("credentials"):
            el.append(credentials_element(fields["credentials"]))
        el.append(xmlio.element("project", {"id": project_id}))
        return el

    def refresh_body(self, incremental):
        if self.client.supports(INCREMENTAL_REFRESH_VERSION):
            return xmlio.ts_request(xmlio.element("extractRefresh", {"incremental": True if incremental else None}))
        if incremental:
            self.client.require_version(INCREMENTAL_REFRESH_VERSION, "An incremental extract refresh")
        return b"<tsRequest />"

    def refresh(self, item, incremental=False):
        """Start an extract refresh: (started, job id).

        (False, None) when a refresh is queued already (Tableau does not queue a second one); in check
        mode (True, None), without a request.
        """
        body = self.refresh_body(incremental)
        if self.check_mode:
            return True, None
        try:
            root = self.client.post("/datasources/%s/refresh" % item["id"], body, expected=(200, 202))
        except TableauApiError as exc:
            if exc.code == REFRESH_QUEUED_CODE:
                return False, None
            raise
        return True, xmlio.require(root, "job", "an extract refresh").get("id")
