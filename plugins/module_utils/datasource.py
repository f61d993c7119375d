# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Data sources: what differs from workbooks (certification, type, extract refresh); the rest is in publishing.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.publishing import (
    PublishedContent,
    credentials_element,
    require_project,
)

# Refresh takes an <extractRefresh incremental> body from this REST API version on.
INCREMENTAL_REFRESH_VERSION = "3.25"
# "Already queued": a refresh of this data source is waiting or running.
REFRESH_QUEUED_CODE = "409093"


class DatasourceResource(PublishedContent):
    kind = "datasource"
    label = "data source"
    extensions = ("tds", "tdsx", "hyper", "tde")
    packaged_extension = "tdsx"
    file_part = "tableau_datasource"
    type_param = "datasourceType"
    compared = ("certified", "certification_note")

    def item_from_xml(self, el):
        item = self.common_from_xml(el)
        item.update({
            "type": el.get("type"),
            "certified": xmlio.to_bool(el.get("isCertified")) or False,
            "certification_note": el.get("certificationNote") or "",
            "has_extracts": xmlio.to_bool(el.get("hasExtracts")),
        })
        return item

    def publish_element(self, params, project_id, current):
        el = xmlio.element("datasource", {"name": params["name"], "description": params.get("description")})
        if params.get("credentials"):
            el.append(credentials_element(params["credentials"]))
        el.append(xmlio.element("project", {"id": project_id}))
        return el

    def predicted_after_publish(self, params):
        return {"description": params["description"]} if params.get("description") is not None else {}

    def desired_fields(self, params, owner_id):
        return {"description": params.get("description"), "certified": params.get("certified"),
                "certification_note": params.get("certification_note"), "owner_id": owner_id}

    def update_element(self, changes):
        el = xmlio.element("datasource", {"description": changes.get("description"),
                                          "isCertified": changes.get("certified"),
                                          "certificationNote": changes.get("certification_note")})
        if changes.get("owner_id"):
            el.append(xmlio.element("owner", {"id": changes["owner_id"]}))
        return el

    def refresh(self, item, incremental=False):
        """Start an extract refresh; the job id, or None when a refresh is already queued."""
        body = None
        if self.client.supports(INCREMENTAL_REFRESH_VERSION):
            body = xmlio.ts_request(xmlio.element("extractRefresh", {"incremental": True if incremental else None}))
        elif incremental:
            self.client.require_version(INCREMENTAL_REFRESH_VERSION, "An incremental extract refresh")
        else:
            body = b"<tsRequest />"
        try:
            root = self.client.post("/datasources/%s/refresh" % item["id"], body, expected=(200, 202))
        except TableauApiError as exc:
            if exc.code == REFRESH_QUEUED_CODE:
                return None
            raise
        return xmlio.find(root, "job").get("id")


def ensure_refreshed(module, client, resource):
    """Start an extract refresh (always a change), and wait for it when asked."""
    params = module.params
    project, project_path = require_project(client, params["project"])
    current = resource.find(params["name"], project["id"])
    if current is None:
        raise TableauValidationError("There is no data source named '%s' in the project '%s' to refresh."
                                     % (params["name"], project_path))
    item = dict(current, project=project_path)
    if module.check_mode:
        return dict(changed=True, job_id=None, datasource=item)
    job_id = resource.refresh(current, params["incremental"])
    if job_id is None:
        module.warn("A refresh of the data source '%s' is already queued; no new one was started." % params["name"])
        return dict(changed=False, job_id=None, datasource=item)
    if params["wait"]:
        resource.wait_for_job(job_id, params["wait_timeout"])
        item = dict(resource.get(current["id"]), project=project_path)
    return dict(changed=True, job_id=job_id, datasource=item)
