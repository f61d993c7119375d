"""Virtual connections: the site's virtual connections, listed with filter, sort and paging (REST API 3.18+).

They come from the seed (``"virtual_connections": [{"name", "project", "owner", "tags"}]`` in a site of the
seed, as for flows). Their database connections, revisions and publishing are not emulated yet.
"""

from ..query import list_response
from ..registry import on, route, site_collection
from ..routing import ok
from ..xmlio import element
from . import items
from .permissions import readable

site_collection("virtual_connections", owned=True, summary=True)


@on("reset")
def seed_virtual_connections(state):
    items.seed_placed(state, "virtual_connections", "virtualconnections",
                      lambda spec: {"isCertified": bool(spec.get("certified")), "hasExtracts": False})


@on("project_deleted")
def remove_virtual_connections_in_projects(state, site, project_ids):
    items.remove_in_projects(state, site, "virtual_connections", "virtualconnections", project_ids)


def virtual_connection_element(request, connection):
    el = element("virtualConnection", {
        "id": connection["id"], "name": connection["name"], "createdAt": connection["createdAt"],
        "updatedAt": connection["updatedAt"], "hasExtracts": connection["hasExtracts"],
        "isCertified": connection["isCertified"],
        "webpageUrl": items.webpage_url(request, "virtualconnections", connection)},
        *items.placement(request.site, connection))
    el.append(items.tags_element(connection))
    return el


@route("GET", "/sites/{site_id}/virtualconnections", min_version="3.18")
def list_virtual_connections(request):
    site = request.site
    page, pagination = list_response(readable(request, "virtualconnections", site.virtual_connections.values()),
                                     request.query, items.placed_filter_fields(site))
    return ok(element("pagination", pagination),
              element("virtualConnections", None, *[virtual_connection_element(request, c) for c in page]))
