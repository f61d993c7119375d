"""Custom views: list (filter, sort, paging), get one, rename or hand to another owner, delete, and its image (Get
Custom View Image: a PNG of the view it saves, as Query View Image makes it) (API 3.18).

A custom view is a user's saved state of one view of a workbook; users make them in the browser, so the REST
API has no method that creates one from nothing, and the emulator makes them with ``add_custom_view`` (tests) or
from the seed: a site's ``"custom_views": [{"name", "workbook", "view", "owner", "shared"}]`` names a workbook
and view published on that site by then (they are added when that workbook is published). Answers follow
ts-api_3_29.xsd's customViewType (view, workbook, owner) and TSC's custom_view_get.xml / custom_view_update.xml.
A custom view goes with its view, and a removed user's custom views go to whom their content goes.
"""

from .. import exports
from ..errors import bad_request, not_found
from ..query import list_response
from ..registry import on, route, site_collection
from ..routing import Reply, no_content, ok
from ..state import new_id
from ..xmlio import child, element, now, parse_bool
from . import items

site_collection("custom_views", owned=True, summary=True)


def add_custom_view(site, view, owner_id, name, shared=False):
    """A custom view of ``view`` (one of ``site.views``) saved by ``owner_id``."""
    stamp = now()
    custom_view = {"id": new_id(), "name": name, "viewId": view["id"], "workbookId": view["workbookId"],
                   "ownerId": owner_id, "shared": bool(shared), "createdAt": stamp, "updatedAt": stamp,
                   "lastAccessedAt": stamp}
    site.custom_views[custom_view["id"]] = custom_view
    return custom_view


@on("content_created")
def seed_custom_views(state, site, kind, item):
    """The seed's custom views of a workbook, once that workbook is published."""
    if kind != "workbooks":
        return
    for site_seed in state.seed.get("sites", []):
        if site_seed.get("content_url", "") != site.content_url:
            continue
        for spec in site_seed.get("custom_views", []):
            if spec.get("workbook") != item["name"]:
                continue
            views = [site.views[v] for v in item["views"] if v in site.views and site.views[v]["name"] == spec["view"]]
            owners = [u for u in site.users.values() if u["name"].lower() == (spec.get("owner") or "admin").lower()]
            if views and owners:
                add_custom_view(site, views[0], owners[0]["id"], spec["name"], spec.get("shared", False))


@on("content_deleted")
def drop_custom_views(state, site, kind, item_ids):
    if kind != "views":
        return
    gone = set(item_ids)
    for custom_view in [c for c in site.custom_views.values() if c["viewId"] in gone]:
        del site.custom_views[custom_view["id"]]


def field_getter(key):
    return lambda custom_view: custom_view[key]


def custom_view_fields():
    return dict((name, field_getter(name)) for name in (
        "name", "viewId", "workbookId", "ownerId", "createdAt", "updatedAt", "lastAccessedAt"))


def custom_view_element(site, custom_view):
    view = site.views.get(custom_view["viewId"]) or {}
    workbook = site.workbooks.get(custom_view["workbookId"]) or {}
    owner = site.users.get(custom_view["ownerId"]) or {}
    return element(
        "customView",
        {"id": custom_view["id"], "name": custom_view["name"], "shared": custom_view["shared"],
         "createdAt": custom_view["createdAt"], "updatedAt": custom_view["updatedAt"],
         "lastAccessedAt": custom_view["lastAccessedAt"]},
        element("view", {"id": custom_view["viewId"], "name": view.get("name")}),
        element("workbook", {"id": custom_view["workbookId"], "name": workbook.get("name")}),
        element("owner", {"id": custom_view["ownerId"], "name": owner.get("name")}))


def get_custom_view(site, custom_view_id):
    custom_view = site.custom_views.get(custom_view_id)
    if custom_view is None:
        # The reference names no code of its own for an unknown custom view: the generic 404000.
        raise not_found("404000", "Resource Not Found",
                        "The custom view ID '%s' doesn't correspond to an existing custom view." % custom_view_id)
    return custom_view


@route("GET", "/sites/{site_id}/customviews", min_version="3.18")
def query_custom_views(request):
    site = request.site
    page, pagination = list_response(list(site.custom_views.values()), request.query, custom_view_fields())
    return ok(element("pagination", pagination),
              element("customViews", None, *[custom_view_element(site, c) for c in page]))


@route("GET", "/sites/{site_id}/customviews/{custom_view_id}", min_version="3.18")
def query_custom_view(request):
    site = request.site
    return ok(custom_view_element(site, get_custom_view(site, request.params["custom_view_id"])))


@route("PUT", "/sites/{site_id}/customviews/{custom_view_id}", min_version="3.18")
def update_custom_view(request):
    site = request.site
    custom_view = get_custom_view(site, request.params["custom_view_id"])
    custom_view_el = child(request.xml(), "customView")
    name = custom_view_el.get("name", custom_view["name"])
    if not name.strip():
        raise bad_request("The custom view name cannot be empty.")
    owner_id = items.updated_owner_id(request, custom_view_el, custom_view["ownerId"])
    shared = parse_bool(custom_view_el.get("shared"), "shared")
    custom_view.update({"name": name, "ownerId": owner_id, "updatedAt": now()})
    if shared is not None:
        custom_view["shared"] = shared
    return ok(custom_view_element(site, custom_view))


@route("DELETE", "/sites/{site_id}/customviews/{custom_view_id}", min_version="3.18")
def delete_custom_view(request):
    site = request.site
    del site.custom_views[get_custom_view(site, request.params["custom_view_id"])["id"]]
    return no_content()


@route("GET", "/sites/{site_id}/customviews/{custom_view_id}/image", min_version="3.18")
def get_custom_view_image(request):
    site = request.site
    custom_view = get_custom_view(site, request.params["custom_view_id"])
    view = site.views.get(custom_view["viewId"]) or {"name": custom_view["name"]}
    high = (request.query.get("resolution") or "").lower() == "high"
    body = exports.png_bytes(exports.view_rows(view["name"]), *exports.image_size(high))
    return Reply(200, body=body, headers={"Content-Length": str(len(body))}, content_type="image/png")
