"""Flows: the site's flows, listed (filter, sort, paging) and read one by one (REST API 3.3+).

Flows come from the seed (``"flows": [{"name", "project", "owner", "description", "tags"}]`` in a site of the
seed; the project by path, default the Default project; the owner by user name, default the first server
administrator). Publishing, running and downloading flows are not emulated yet.
"""

from ..errors import not_found
from ..query import list_response
from ..registry import on, route, site_collection
from ..routing import ok
from ..xmlio import element
from . import items
from .permissions import readable

site_collection("flows", owned=True, summary=True)


@on("reset")
def seed_flows(state):
    items.seed_placed(state, "flows", "flows", lambda spec: {"fileType": spec.get("file_type", "tflx")})


@on("project_deleted")
def remove_flows_in_projects(state, site, project_ids):
    items.remove_in_projects(state, site, "flows", "flows", project_ids)


def get_flow(site, flow_id):
    flow = site.flows.get(flow_id)
    if flow is None:
        raise not_found("404027", "Resource Not Found", "The flow ID '%s' doesn't correspond to an existing flow." % flow_id)
    return flow


def flow_element(request, flow):
    site = request.site
    el = element("flow", {"id": flow["id"], "name": flow["name"], "description": flow["description"],
                          "webpageUrl": items.webpage_url(request, "flows", flow), "fileType": flow["fileType"],
                          "createdAt": flow["createdAt"], "updatedAt": flow["updatedAt"]},
                 *items.placement(site, flow))
    el.append(items.tags_element(flow))
    return el


@route("GET", "/sites/{site_id}/flows", min_version="3.3")
def query_flows(request):
    site = request.site
    page, pagination = list_response(readable(request, "flows", site.flows.values()), request.query,
                                     items.placed_filter_fields(site))
    return ok(element("pagination", pagination), element("flows", None, *[flow_element(request, f) for f in page]))


@route("GET", "/sites/{site_id}/flows/{flow_id}", min_version="3.3")
def query_flow(request):
    return ok(flow_element(request, get_flow(request.site, request.params["flow_id"])))
