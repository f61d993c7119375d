"""Views: listed site-wide and per workbook, read one by one, tagged, and exported as real files.

Views live inside their workbooks: publishing a workbook makes one view per sheet that is not hidden
(``site.views``, ids listed in the workbook; see workbooks.py). They cannot be made on their own. Their tags are
kept here (``site.view_tags``, by view id), so an overwrite that keeps a view (same sheet name, same id) keeps
its tags, as on the real server.

Routes (under ``/api/<version>/sites/{site_id}``), with the version each came in
--------------------------------------------------------------------------------

=====================================  =====================================  =======  ===========================
method                                 path                                   version  source of the version
=====================================  =====================================  =======  ===========================
Query Views for Site                   GET views                              2.2      reference, TSC
Get View                               GET views/{id}                         3.0      reference (TSC 3.1)
Query Views for Workbook               GET workbooks/{id}/views               2.0      reference, TSC
Add Tags to View                       PUT views/{id}/tags                    2.0      reference (TSC: any)
Delete Tag from View                   DELETE views/{id}/tags/{tag}           2.0      reference (TSC: any)
Query View Image                       GET views/{id}/image                   2.5      reference, TSC
Query View PDF                         GET views/{id}/pdf                     2.7      TSC (reference, PSTableauREST 2.8)
Query View Data                        GET views/{id}/data                    2.7      TSC (reference, PSTableauREST 2.8)
Download View Crosstab Excel           GET views/{id}/crosstab/excel          3.8      TSC (PSTableauREST 3.9)
Download Workbook PDF                  GET workbooks/{id}/pdf                 3.4      reference, TSC
Download Workbook PowerPoint           GET workbooks/{id}/powerpoint          3.8      reference, TSC
Query Workbook Preview Image           GET workbooks/{id}/previewImage        2.0      reference (TSC: any)
Query View Preview Image               GET workbooks/{id}/views/{id}/         2.0      reference (TSC: any)
                                       previewImage
=====================================  =====================================  =======  ===========================

Where the sources differ the route takes the lower version (``registry.route``), so the emulator never refuses
what a real server accepts; the collection's modules gate on the higher one.

Exports
-------

The bytes are real files (``exports.py``): a palette PNG whose width is 784 pixels, 1568 with ``resolution=high``
(the reference's two widths), or the ``vizWidth`` x ``vizHeight`` asked for (doubled with ``resolution=high``); a
PDF whose MediaBox is the page ``type`` (A3 ... Tabloid, case does not count; default Letter) in the
``orientation`` asked for (Portrait or Landscape); CSV of the view's data; an .xlsx workbook with the crosstab; a
.pptx with one slide per view of a workbook (its name and image); and preview images, thumbnails of
``exports.THUMBNAIL_SIZE`` (a workbook's is its first view's).
View filters (``vf_<field>=<value>``) filter the data of every format; the PDF honours them from 3.23 on, as TSC
notes ("vf and parameter filters are only supported in API version 3.23 and later"), and ignores them before.
``maxAge`` must be a whole number of minutes (0 means the shortest, one minute); the emulator renders every time,
so it changes nothing else.

Every export counts as a view of the view (``<usage totalViewCount>`` goes up by one): Tableau counts a view each
time it is rendered for someone, and exports are the emulator's only rendering (best judgement; a published view
starts at 0, and an overwrite that keeps a view keeps its count).

Who may do what
---------------

Listings show a caller who is not an administrator the views they may Read (``permissions.readable``); a single
view they may not Read is answered as a view that does not exist, so the server tells nothing about it. An image
or PDF needs the ExportImage capability ("Download Image/PDF"), data and crosstabs ExportData ("Download Summary
Data"); without it the answer is 403 / 403000 (the reference names no code of its own: the generic one).

Errors: an unknown view is 404 / 404011 (View not found), except Get View (404006, as the reference lists it);
an unknown workbook 404 / 404006; a page type, orientation, maxAge or viz size the server does not take 400 / 400000.
"""

from .. import exports
from ..access import is_site_admin
from ..errors import ApiError, bad_request, forbidden, not_found
from ..query import list_response
from ..registry import AFTER_3_0, AFTER_3_1, on, route, site_collection, versioned
from ..routing import Reply, no_content, ok
from ..xmlio import element
from . import items
from .jobs import advance_jobs
from .permissions import holds, readable
from .workbooks import get_workbook, visible_views


def _tag_summary(site):
    """Tagged views in /_emulator/state: ``{"<workbook>/<view> (<id>)": [tags]}``."""
    summary = {}
    for view_id, labels in site.view_tags.items():
        view = site.views.get(view_id)
        if view is not None and labels:
            workbook = site.workbooks.get(view["workbookId"]) or {}
            summary["%s/%s (%s)" % (workbook.get("name"), view["name"], view_id)] = sorted(labels, key=str.lower)
    return summary


site_collection("views")
site_collection("view_tags", summary=_tag_summary)
# AFTER_3_1: not sent by a real server at /api/3.1/ (recorded traffic, tests/emulator/test/test_recorded_traffic.py).
versioned("view", {"viewUrlName": AFTER_3_1, "sheetType": AFTER_3_1, "favoritesTotal": AFTER_3_0,
                   "location": AFTER_3_0})

PDF_FILTERS_SINCE = "3.23"
IMAGE_CAPABILITY = "ExportImage"
DATA_CAPABILITY = "ExportData"


@on("content_deleted")
def drop_view_tags(state, site, kind, item_ids):
    if kind == "views":
        for view_id in item_ids:
            site.view_tags.pop(view_id, None)


def tags_of(site, view):
    """The view's tag list itself (changes to it are the view's)."""
    return site.view_tags.setdefault(view["id"], [])


def parse_usage_flag(request):
    value = request.query.get("includeUsageStatistics")
    if value is None:
        return False
    if value.lower() not in ("true", "false"):
        raise ApiError(400, "400008", "Bad Request",
                       "The includeUsageStatistics was provided with a value other than true or false.")
    return value.lower() == "true"


def view_fields(site):
    """What Query Views for Site filters and sorts on; a view's owner and project are its workbook's."""
    def workbook_of(view):
        return site.workbooks.get(view["workbookId"]) or {}

    def owner(attribute):
        def get(view):
            user = site.users.get(workbook_of(view).get("ownerId"))
            return user.get(attribute) if user else None
        return get

    def project_name(view):
        project = site.projects.get(workbook_of(view).get("projectId"))
        return project["name"] if project else None

    return {
        "name": lambda v: v["name"], "contentUrl": lambda v: v["contentUrl"], "viewUrlName": lambda v: v["viewUrlName"],
        "createdAt": lambda v: v["createdAt"], "updatedAt": lambda v: v["updatedAt"],
        "sheetType": lambda v: v["sheetType"], "workbookName": lambda v: workbook_of(v).get("name"),
        "workbookDescription": lambda v: workbook_of(v).get("description"),
        "ownerName": owner("name"), "ownerEmail": owner("email"), "ownerDomain": lambda v: "local",
        "projectName": project_name, "tags": lambda v: list(tags_of(site, v)), "title": lambda v: v["name"],
        "caption": lambda v: v["name"], "hitsTotal": lambda v: v["totalViewCount"], "favoritesTotal": lambda v: 0,
    }


def view_element(site, view, usage=False):
    """A view as Query Views for Workbook carries it: its tags (and usage), no workbook, owner or project."""
    el = element("view", {"id": view["id"], "name": view["name"], "contentUrl": view["contentUrl"],
                          "createdAt": view["createdAt"], "updatedAt": view["updatedAt"],
                          "sheetType": view["sheetType"], "viewUrlName": view["viewUrlName"]},
                 items.tags_element({"tags": tags_of(site, view)}))
    if usage:
        el.append(element("usage", {"totalViewCount": view["totalViewCount"]}))
    return el


def site_view_element(site, view, usage=False, fields=""):
    """A view as the site-wide answers carry it: its workbook, owner and project (TSC's view_get.xml).

    With fields=_all_ the workbook, owner and project come with their details, and a <location> (TSC's
    view_get_all_fields.xml, a 3.25 server's answer); favorites are not emulated, so favoritesTotal is 0.
    """
    workbook = site.workbooks.get(view["workbookId"]) or {}
    everything = "_all_" in fields
    attrs = {"id": view["id"], "name": view["name"], "contentUrl": view["contentUrl"],
             "createdAt": view["createdAt"], "updatedAt": view["updatedAt"],
             "sheetType": view["sheetType"], "viewUrlName": view["viewUrlName"]}
    if everything:
        attrs["favoritesTotal"] = 0
    el = element("view", attrs)
    if everything and workbook:
        el.append(element("workbook", {
            "id": workbook["id"], "name": workbook["name"], "contentUrl": workbook["contentUrl"],
            "showTabs": workbook["showTabs"], "size": items.size_mb(workbook), "createdAt": workbook["createdAt"],
            "updatedAt": workbook["updatedAt"], "sheetCount": len(visible_views(site, workbook)),
            "hasExtracts": workbook["hasExtracts"]}, items.tags_element(workbook)))
        project, location, owner = items.placement(site, workbook, fields)
        el.extend([owner, project])
    else:
        location = None
        el.append(element("workbook", {"id": view["workbookId"]}))
        el.append(element("owner", {"id": workbook.get("ownerId")}))
        el.append(element("project", {"id": workbook.get("projectId")}))
    el.append(items.tags_element({"tags": tags_of(site, view)}))
    if usage:
        el.append(element("usage", {"totalViewCount": view["totalViewCount"]}))
    if location is not None:
        el.append(element("location", {"id": location.get("id"), "type": location.get("type")}))
    return el


def get_view(request, code="404011"):
    """The view of the path, if the caller may read it; else the answer for a view that does not exist."""
    site = request.site
    advance_jobs(site)
    view_id = request.params["view_id"]
    view = site.views.get(view_id)
    if view is None or view["hidden"] or view["workbookId"] not in site.workbooks or not readable(request, "views", [view]):
        raise not_found(code, "Resource Not Found", "The view ID '%s' doesn't correspond to an existing view." % view_id)
    return view


def readable_workbook(request):
    workbook = get_workbook(request.site, request.params["workbook_id"])
    if not readable(request, "workbooks", [workbook]):
        raise not_found("404006", "Resource Not Found",
                        "The workbook ID '%s' doesn't correspond to an existing workbook." % workbook["id"])
    return workbook


def require_capability(request, kind, item, capability, what):
    if is_site_admin(request) or holds(request.site, request.user, kind, item, capability):
        return
    raise forbidden("403000", "Forbidden", "The user may not %s: the %s capability is not granted on the %s '%s'."
                    % (what, capability, kind[:-1], item["name"]))


# ---------------------------------------------------------------------------------------- reading

@route("GET", "/sites/{site_id}/views", min_version="2.2")
def query_views_for_site(request):
    site = request.site
    advance_jobs(site)
    usage = parse_usage_flag(request)
    views = [v for v in site.views.values() if not v["hidden"] and v["workbookId"] in site.workbooks]
    page, pagination = list_response(readable(request, "views", views), request.query, view_fields(site))
    fields = request.query.get("fields", "")
    # fields=_all_ includes the usage (TSC's view_get_all_fields.xml).
    listed = [site_view_element(site, v, usage or "_all_" in fields, fields) for v in page]
    return ok(element("pagination", pagination), element("views", None, *listed))


@route("GET", "/sites/{site_id}/views/{view_id}", min_version="3.0")
def query_view(request):
    # Get View names 404006 for an unknown view (the permissions methods name 404011).
    view = get_view(request, code="404006")
    return ok(site_view_element(request.site, view, parse_usage_flag(request)))


@route("GET", "/sites/{site_id}/workbooks/{workbook_id}/views", min_version="2.0")
def query_views_for_workbook(request):
    site = request.site
    workbook = readable_workbook(request)
    usage = parse_usage_flag(request)
    views = readable(request, "views", visible_views(site, workbook))
    return ok(element("views", None, *[view_element(site, v, usage) for v in views]))


# ---------------------------------------------------------------------------------------- tags

@route("PUT", "/sites/{site_id}/views/{view_id}/tags", min_version="2.0")
def add_view_tags(request):
    view = get_view(request)
    return ok(items.add_tags(request, {"tags": tags_of(request.site, view)}))


@route("DELETE", "/sites/{site_id}/views/{view_id}/tags/{tag}", min_version="2.0")
def delete_view_tag(request):
    view = get_view(request)
    items.delete_tag(request, {"tags": tags_of(request.site, view)}, request.params["tag"])
    return no_content()


# ---------------------------------------------------------------------------------------- exports

def _whole_number(request, name, minimum):
    value = request.query.get(name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise bad_request("The %s parameter must be a whole number of at least %d; got '%s'." % (name, minimum, value))
    return number


def _viz_size(request):
    width, height = _whole_number(request, "vizWidth", 1), _whole_number(request, "vizHeight", 1)
    if (width is None) != (height is None):
        raise bad_request("vizWidth and vizHeight go together: give both or neither.")
    return width, height


def _page(request):
    page_type, orientation = request.query.get("type"), request.query.get("orientation")
    if page_type is not None and page_type.lower() not in exports.PAGE_SIZES:
        raise bad_request("The page type '%s' is not valid. Valid types are %s." % (
            page_type, ", ".join(sorted(name.capitalize() for name in exports.PAGE_SIZES))))
    if orientation is not None and orientation.lower() not in exports.ORIENTATIONS:
        raise bad_request("The orientation '%s' is not valid. Valid orientations are Portrait and Landscape."
                          % orientation)
    return exports.page_size(page_type, orientation)


def _rendered(request, capability, what):
    """The view of an export request once the caller may export it; its view count goes up by one."""
    view = get_view(request)
    require_capability(request, "views", view, capability, what)
    _whole_number(request, "maxAge", 0)
    view["totalViewCount"] += 1
    return view


def _file(body, content_type, filename=None):
    headers = {"Content-Length": str(len(body))}
    if filename:
        headers["Content-Disposition"] = 'attachment; filename="%s"' % filename.replace('"', "")
    return Reply(200, body=body, headers=headers, content_type=content_type)


@route("GET", "/sites/{site_id}/views/{view_id}/image", min_version="2.5")
def query_view_image(request):
    width, height = _viz_size(request)
    view = _rendered(request, IMAGE_CAPABILITY, "download an image of the view")
    high = (request.query.get("resolution") or "").lower() == "high"
    size = exports.image_size(high, width, height)
    rows = exports.filtered_rows(view["name"], exports.view_filters(request.query))
    return _file(exports.png_bytes(rows, *size), "image/png")


@route("GET", "/sites/{site_id}/views/{view_id}/pdf", min_version="2.7")
def query_view_pdf(request):
    _viz_size(request)
    size = _page(request)
    view = _rendered(request, IMAGE_CAPABILITY, "download a PDF of the view")
    filters = exports.view_filters(request.query) if request.api_version_at_least(PDF_FILTERS_SINCE) else {}
    rows = exports.filtered_rows(view["name"], filters)
    return _file(exports.pdf_bytes([(view["name"], rows)], *size), "application/pdf")


@route("GET", "/sites/{site_id}/views/{view_id}/data", min_version="2.7")
def query_view_data(request):
    view = _rendered(request, DATA_CAPABILITY, "download the data of the view")
    rows = exports.filtered_rows(view["name"], exports.view_filters(request.query))
    return _file(exports.csv_bytes(rows), "text/csv; charset=utf-8")


@route("GET", "/sites/{site_id}/views/{view_id}/crosstab/excel", min_version="3.8")
def download_view_crosstab_excel(request):
    view = _rendered(request, DATA_CAPABILITY, "download a crosstab of the view")
    rows = exports.filtered_rows(view["name"], exports.view_filters(request.query))
    return _file(exports.xlsx_bytes(view["name"], rows), exports.XLSX_TYPE, "%s.xlsx" % view["name"])


@route("GET", "/sites/{site_id}/workbooks/{workbook_id}/pdf", min_version="3.4")
def download_workbook_pdf(request):
    site = request.site
    _viz_size(request)
    size = _page(request)
    workbook = readable_workbook(request)
    require_capability(request, "workbooks", workbook, IMAGE_CAPABILITY, "download a PDF of the workbook")
    _whole_number(request, "maxAge", 0)
    filters = exports.view_filters(request.query) if request.api_version_at_least(PDF_FILTERS_SINCE) else {}
    pages = [(view["name"], exports.filtered_rows(view["name"], filters))
             for view in readable(request, "views", visible_views(site, workbook))]
    return _file(exports.pdf_bytes(pages, *size), "application/pdf", "%s.pdf" % workbook["name"])


@route("GET", "/sites/{site_id}/workbooks/{workbook_id}/powerpoint", min_version="3.8")
def download_workbook_powerpoint(request):
    site = request.site
    workbook = readable_workbook(request)
    require_capability(request, "workbooks", workbook, IMAGE_CAPABILITY, "download a PowerPoint of the workbook")
    _whole_number(request, "maxAge", 0)
    size = exports.image_size()
    slides = [(view["name"], exports.png_bytes(exports.view_rows(view["name"]), *size))
              for view in readable(request, "views", visible_views(site, workbook))]
    return _file(exports.pptx_bytes(slides), exports.PPTX_TYPE, "%s.pptx" % workbook["name"])


def _thumbnail(view_name):
    return _file(exports.png_bytes(exports.view_rows(view_name), *exports.THUMBNAIL_SIZE), "image/png")


@route("GET", "/sites/{site_id}/workbooks/{workbook_id}/previewImage", min_version="2.0")
def query_workbook_preview_image(request):
    workbook = readable_workbook(request)
    views = readable(request, "views", visible_views(request.site, workbook))
    return _thumbnail(views[0]["name"] if views else workbook["name"])


@route("GET", "/sites/{site_id}/workbooks/{workbook_id}/views/{view_id}/previewImage", min_version="2.0")
def query_view_preview_image(request):
    workbook = readable_workbook(request)
    view = get_view(request)
    if view["workbookId"] != workbook["id"]:
        raise not_found("404011", "Resource Not Found", "The view ID '%s' is not a view of the workbook '%s'."
                        % (view["id"], workbook["id"]))
    return _thumbnail(view["name"])
