# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Workbooks: what differs from data sources (tabs, hidden views, views); the rest is in publishing.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.publishing import PublishedContent, credentials_element

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
    kind = "workbook"
    label = "workbook"
    extensions = ("twb", "twbx")
    packaged_extension = "twbx"
    file_part = "tableau_workbook"
    type_param = "workbookType"
    compared = ("show_tabs",)

    def item_from_xml(self, el):
        item = self.common_from_xml(el)
        item["show_tabs"] = xmlio.to_bool(el.get("showTabs")) or False
        item["has_extracts"] = xmlio.to_bool(el.get("hasExtracts"))
        return item

    def views(self, item, usage=False):
        params = {"includeUsageStatistics": "true"} if usage else None
        root = self.client.get("/workbooks/%s/views" % item["id"], params=params)
        return [view_from_xml(el) for el in xmlio.findall(root, "views/view")]

    def fingerprint_extra(self, params):
        # Hidden views can only be set by publishing, so a change to them needs a publish too.
        hidden = params.get("hidden_views")
        return "hidden_views:" + "\n".join(sorted(hidden)) if hidden else None

    def publish_element(self, params, project_id, current):
        show_tabs = params.get("show_tabs")
        if show_tabs is None:
            # A publish resets the tabs setting; keep the server's when the task does not set it.
            show_tabs = current["show_tabs"] if current else None
        el = xmlio.element("workbook", {"name": params["name"], "showTabs": show_tabs,
                                        "description": params.get("description")})
        credentials = params.get("credentials")
        if credentials and not credentials.get("server_address"):
            el.append(credentials_element(credentials))
        el.append(xmlio.element("project", {"id": project_id}))
        if credentials and credentials.get("server_address"):
            connection = xmlio.element("connection", {"serverAddress": credentials["server_address"],
                                                      "serverPort": credentials.get("server_port")},
                                       credentials_element(credentials))
            el.append(xmlio.element("connections", None, connection))
        if params.get("hidden_views"):
            el.append(xmlio.element("views", None, *[xmlio.element("view", {"name": name, "hidden": True})
                                                     for name in params["hidden_views"]]))
        return el

    def predicted_after_publish(self, params):
        predicted = {}
        if params.get("show_tabs") is not None:
            predicted["show_tabs"] = params["show_tabs"]
        if params.get("description") is not None:
            predicted["description"] = params["description"]
        return predicted

    def desired_fields(self, params, owner_id):
        return {"description": params.get("description"), "show_tabs": params.get("show_tabs"), "owner_id": owner_id}

    def check_version(self, changes):
        if "description" in changes:
            self.client.require_version(DESCRIPTION_VERSION, "Changing a workbook's description")

    def update_element(self, changes):
        el = xmlio.element("workbook", {"showTabs": changes.get("show_tabs"),
                                        "description": changes.get("description")})
        if changes.get("owner_id"):
            el.append(xmlio.element("owner", {"id": changes["owner_id"]}))
        return el
