"""Metrics (the ones retired with API 3.22): listed with filter, sort and paging, and read one by one (3.9-3.21).

They come from the seed (``"metrics": [{"name", "project", "owner", "description", "tags"}]`` in a site of
the seed, as for flows). Their underlying views and refreshes are not emulated.
"""

from ..errors import not_found
from ..query import list_response
from ..registry import on, route, site_collection
from ..routing import ok
from ..xmlio import element
from . import items
from .permissions import readable

site_collection("metrics", owned=True, summary=True)
RETIRED = "3.22"


@on("reset")
def seed_metrics(state):
    items.seed_placed(state, "metrics", "metrics", lambda spec: {"suspended": False})


@on("project_deleted")
def remove_metrics_in_projects(state, site, project_ids):
    items.remove_in_projects(state, site, "metrics", "metrics", project_ids)


def metric_element(request, metric):
    el = element("metric", {"id": metric["id"], "name": metric["name"], "description": metric["description"],
                            "webpageUrl": items.webpage_url(request, "metrics", metric),
                            "createdAt": metric["createdAt"], "updatedAt": metric["updatedAt"],
                            "suspended": metric["suspended"]},
                 *items.placement(request.site, metric))
    el.append(items.tags_element(metric))
    return el


@route("GET", "/sites/{site_id}/metrics", min_version="3.9", until=RETIRED)
def query_metrics(request):
    site = request.site
    page, pagination = list_response(readable(request, "metrics", site.metrics.values()), request.query,
                                     items.placed_filter_fields(site))
    return ok(element("pagination", pagination), element("metrics", None, *[metric_element(request, m) for m in page]))


@route("GET", "/sites/{site_id}/metrics/{metric_id}", min_version="3.9", until=RETIRED)
def query_metric(request):
    metric = request.site.metrics.get(request.params["metric_id"])
    if metric is None:
        raise not_found("404000", "Resource Not Found", "The metric '%s' could not be found." % request.params["metric_id"])
    return ok(metric_element(request, metric))
