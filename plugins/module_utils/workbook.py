# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Workbooks: what differs from data sources (tabs, hidden views, views); the rest is in content.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.content import (
    PublishedContent,
    content_table,
    credentials_element,
)
from ansible_collections.tableau.server.plugins.module_utils.resource import Field

# Update Workbook takes a description from this REST API version on.
DESCRIPTION_VERSION = "3.21"


def view_from_xml(el):
    usage = xmlio.find(el, "usage")
    return {
        "id": el.get("id"),
        "name": el.get("name"),
        "content_url": el.get("contentUrl"),
        "sheet_type": el.get("sheetType"),
        "total_views": xmlio.to_int(usage.get("totalViewCount")) if usage is not None else None,
    }


class WorkbookResource(PublishedContent):
    path = "/workbooks"
    tag = "workbook"
    kind = "workbook"
    table = content_table("workbook", [Field("show_tabs", "showTabs", kind="bool")])
    extensions = ("twb", "twbx")
    packaged_extension = "twbx"
    file_part = "tableau_workbook"
    type_param = "workbookType"
    states = ("present", "absent", "downloaded", "refreshed")
    publish_modes = ("auto", "create_new", "overwrite")
    empty = {"description": "", "show_tabs": False}
    publish_sets = ("description", "show_tabs")

    def views(self, item, usage=False):
        params = {"includeUsageStatistics": "true"} if usage else None
        root = self.client.get("/workbooks/%s/views" % item["id"], params=params)
        return [view_from_xml(el) for el in xmlio.findall(root, "views/view")]

    def fingerprint_extra(self, desired):
        # Hidden views can only be set by publishing, so a change to them needs a publish too.
        hidden = desired.get("hidden_views")
        return "hidden_views:" + "\n".join(sorted(hidden)) if hidden else None

    def publish_element(self, fields, project_id, current):
        show_tabs = fields.get("show_tabs")
        if show_tabs is None:
            # A publish resets the tabs setting; keep the server's when the task does not set it.
            show_tabs = current["show_tabs"] if current else None
        el = self.table.element({"name": fields["name"], "show_tabs": show_tabs, "description": fields.get("description")})
        credentials = fields.get("credentials")
        if credentials and not credentials.get("server_address"):
            el.append(credentials_element(credentials))
        el.append(xmlio.element("project", {"id": project_id}))
        if credentials and credentials.get("server_address"):
            connection = xmlio.element("connection", {"serverAddress": credentials["server_address"],
                                                      "serverPort": credentials.get("server_port")},
                                       credentials_element(credentials))
            el.append(xmlio.element("connections", None, connection))
        if fields.get("hidden_views"):
            el.append(xmlio.element("views", None, *[xmlio.element("view", {"name": name, "hidden": True})
                                                     for name in fields["hidden_views"]]))
        return el

    def update(self, current, change):
        if "description" in change:
            self.client.require_version(DESCRIPTION_VERSION, "Changing a workbook's description")
        return super(WorkbookResource, self).update(current, change)
