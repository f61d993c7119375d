"""Workbooks: publish, query (filter, sort, paging), update (move, rename), delete, download, views, connections,
tags, refresh, create and delete extracts.

Views live inside their workbooks (``site.views``, ids listed in the workbook); the view routes (listings, tags,
exports) are in views.py.
"""

import os

from .. import registry
from ..access import require_site_admin
from ..content import copy_without_extracts, remove_file, url_name
from ..errors import ApiError, bad_request, conflict, not_found
from ..query import list_response
from ..registry import AFTER_3_0, AFTER_3_1, on, route, site_collection, versioned
from ..routing import Reply, created, no_content, ok
from ..state import new_id
from ..xmlio import child, element, now, parse_bool
from . import items
from .freshness import parse_policy, policy_element
from .jobs import advance_jobs, job_accepted, new_job
from .permissions import holds, readable, require_publish
from .users import get_user
from .publishing import query_flag, receive, take_file

site_collection("workbooks", owned=True, summary=True)
# AFTER_3_1: not sent by a real server at /api/3.1/ (recorded traffic, tests/emulator/test/test_recorded_traffic.py).
versioned("workbook", dict([("webpageUrl", AFTER_3_0)] + [(name, AFTER_3_1) for name in (
    "defaultViewId", "description", "encryptExtracts", "hasExtracts", "sheetCount", "location", "dataAccelerationConfig",
    "shareDescription", "lastPublishedAt")]))
versioned("connection", {"authenticationType": AFTER_3_0, "embedPassword": AFTER_3_0, "queryTaggingEnabled": AFTER_3_0})


def remove_workbook(state, site, workbook):
    for view_id in workbook["views"]:
        site.views.pop(view_id, None)
    del site.workbooks[workbook["id"]]
    remove_file(workbook["file"])
    registry.fire("content_deleted", state, site, "views", list(workbook["views"]))
    registry.fire("content_deleted", state, site, "workbooks", [workbook["id"]])


@on("project_deleted")
def remove_workbooks_in_projects(state, site, project_ids):
    for workbook in [w for w in site.workbooks.values() if w["projectId"] in project_ids]:
        remove_workbook(state, site, workbook)


@on("site_deleted")
def remove_workbook_files(state, site):
    for workbook in site.workbooks.values():
        remove_file(workbook["file"])


def workbook_fields(site):
    fields = items.common_filter_fields(site)
    fields.update({
        "displayTabs": lambda w: w["showTabs"],
        "sheetCount": lambda w: len(w["views"]),
    })
    return fields


def get_workbook(site, workbook_id):
    advance_jobs(site)
    workbook = site.workbooks.get(workbook_id)
    if workbook is None:
        raise not_found("404006", "Resource Not Found",
                        "The workbook ID '%s' doesn't correspond to an existing workbook." % workbook_id)
    return workbook


def visible_views(site, workbook):
    """The views a query returns; sheets hidden at publish are not views on the server."""
    views = [site.views[v] for v in workbook["views"] if v in site.views]
    return [v for v in views if not v["hidden"]]


def view_element(view, usage=False):
    # Views carry their tags, as in TSC's view_get.xml and view_get_all_fields.xml.
    el = element("view", {"id": view["id"], "name": view["name"], "contentUrl": view["contentUrl"],
                          "createdAt": view["createdAt"], "updatedAt": view["updatedAt"],
                          "sheetType": view["sheetType"], "viewUrlName": view["viewUrlName"]},
                 items.tags_element(view))
    if usage:
        el.append(element("usage", {"totalViewCount": view["totalViewCount"]}))
    return el


def workbook_element(request, workbook, with_views=False, fields=""):
    site = request.site
    attrs = {
        "id": workbook["id"], "name": workbook["name"], "description": workbook["description"],
        "contentUrl": workbook["contentUrl"],
        "webpageUrl": items.webpage_url(request, "workbooks", workbook),
        "showTabs": workbook["showTabs"], "size": items.size_mb(workbook), "createdAt": workbook["createdAt"],
        "updatedAt": workbook["updatedAt"], "encryptExtracts": bool(workbook.get("encryptExtracts")),
        "hasExtracts": workbook["hasExtracts"],
        "sheetCount": len(visible_views(site, workbook)),
        "defaultViewId": (visible_views(site, workbook) or [{"id": None}])[0]["id"],
    }
    if "_all_" in fields:
        # As a 3.25 server's fields=_all_ answer (TSC's workbook_get_all_fields.xml): the sharing description
        # is the workbook's name, and the time of the last publish.
        attrs.update({"shareDescription": workbook["name"],
                      "lastPublishedAt": workbook.get("publishedAt") or workbook["updatedAt"]})
    el = element("workbook", attrs, *items.placement(site, workbook, fields))
    el.append(items.tags_element(workbook))
    if with_views:
        el.append(element("views", None, *[view_element(v) for v in visible_views(site, workbook)]))
    if "_all_" in fields:
        el.append(element("dataAccelerationConfig"))
    if workbook.get("dataFreshnessPolicy"):
        el.append(policy_element(workbook["dataFreshnessPolicy"]))
    return el


def _file_connections(info):
    found = []
    for datasource in info["datasources"]:
        datasource_id = new_id()
        for conn in datasource["connections"]:
            conn = dict(conn, datasourceId=datasource_id, datasourceName=datasource["name"])
            found.append(conn)
    return found


def _check_connections(publication, connections, skip_check):
    if skip_check:
        return
    for conn in connections:
        if conn["serverAddress"].lower().endswith(".invalid"):
            raise ApiError(403, "403132", "Forbidden",
                           "Failed connection check: the data source at '%s' used by the workbook could not "
                           "be reached." % conn["serverAddress"])


def _store(request, publication, project_id, existing):
    """Create the workbook, or replace an existing one's file, views and connections."""
    site = request.site
    info = publication.info
    item_el = publication.item_el
    stamp = now()
    workbook = existing or {
        "id": new_id(), "createdAt": stamp, "ownerId": request.session["user_id"], "tags": [],
        "description": "", "views": [], "connections": [], "file": None,
    }
    old_file = workbook.get("file")
    old_views = dict((site.views[v]["name"], site.views[v]) for v in workbook["views"] if v in site.views)
    connections = items.build_connections(_file_connections(info), workbook["connections"])
    items.apply_publish_credentials(connections, publication.credentials())
    hidden = set()
    views_el = item_el.find("views")
    if views_el is not None:
        hidden = set(v.get("name") for v in views_el.findall("view") if (v.get("hidden") or "").lower() == "true")
    name = item_el.get("name")
    if existing is None:
        workbook["contentUrl"] = items.unique_content_url(site.workbooks, name)
    target = request.state.content.path_for(workbook["id"] + "-" + new_id(), publication.extension)
    take_file(request, publication, target)
    if old_file and old_file != target:
        remove_file(old_file)
    workbook.update({
        "name": name, "projectId": project_id, "showTabs": (item_el.get("showTabs") or "").lower() == "true",
        "updatedAt": stamp, "publishedAt": stamp, "file": target, "extension": publication.extension,
        "size": publication.size,
        "sha256": publication.sha256, "hasExtracts": info["has_extracts"], "connections": connections,
    })
    if item_el.get("description") is not None:
        workbook["description"] = item_el.get("description")
    previous = list(workbook["views"])
    for view_id in workbook["views"]:
        site.views.pop(view_id, None)
    workbook["views"] = []
    new_views = []
    for sheet_name, sheet_type in info["sheets"]:
        old = old_views.get(sheet_name)
        url = url_name(sheet_name)
        view = {
            "id": old["id"] if old else new_id(), "name": sheet_name, "workbookId": workbook["id"],
            "sheetType": sheet_type, "hidden": sheet_name in hidden, "viewUrlName": url,
            "contentUrl": "%s/sheets/%s" % (workbook["contentUrl"], url),
            "createdAt": old["createdAt"] if old else stamp, "updatedAt": stamp,
            "totalViewCount": old["totalViewCount"] if old else 0, "tags": old["tags"] if old else [],
        }
        site.views[view["id"]] = view
        workbook["views"].append(view["id"])
        if old is None:
            new_views.append(view)
    site.workbooks[workbook["id"]] = workbook
    state = request.state
    gone = [view_id for view_id in previous if view_id not in workbook["views"]]
    if existing is None:
        registry.fire("content_created", state, site, "workbooks", workbook)
    if gone:
        registry.fire("content_deleted", state, site, "views", gone)
    for view in new_views:
        registry.fire("content_created", state, site, "views", view)
    registry.fire("content_published", state, site, "workbooks", workbook, request.session["user_id"])
    return workbook


@route("POST", "/sites/{site_id}/workbooks", min_version="2.0")
def publish_workbook(request):
    site = request.site
    advance_jobs(site)
    overwrite = query_flag(request, "overwrite")
    as_job = query_flag(request, "asJob")
    skip_check = query_flag(request, "skipConnectionCheck")
    if query_flag(request, "append"):
        raise bad_request("Workbooks cannot be appended; publish with overwrite=true to replace one.")
    publication = receive(request, "workbook")
    try:
        project_id = items.publish_project_id(request, publication.item_el)
        require_publish(request, project_id, "workbook")
        existing = items.find_by_name(site.workbooks, publication.name, project_id)
        if existing is not None and not overwrite:
            raise conflict("409004", "Resource Conflict",
                           "A workbook named '%s' already exists in this project; publish with overwrite=true "
                           "to replace it." % publication.name)
        preview = items.build_connections(_file_connections(publication.info))
        items.apply_publish_credentials(preview, publication.credentials())
        _check_connections(publication, preview, skip_check)
    except ApiError:
        publication.discard()
        raise
    if as_job:
        def work():
            current = items.find_by_name(site.workbooks, publication.name, project_id)
            _store(request, publication, project_id, current)
        job = new_job(request, "PublishWorkbook", "workbook", existing["id"] if existing else None,
                      publication.name, work)
        return job_accepted(request, job)
    workbook = _store(request, publication, project_id, existing)
    return created("/api/%s/sites/%s/workbooks/%s" % (request.api_version, site.id, workbook["id"]),
                   workbook_element(request, workbook, with_views=True))


@route("GET", "/sites/{site_id}/workbooks", min_version="2.0")
def query_workbooks(request):
    site = request.site
    advance_jobs(site)
    # A user who is not an administrator sees the workbooks they may read (or own).
    page, pagination = list_response(readable(request, "workbooks", site.workbooks.values()), request.query,
                                     workbook_fields(site))
    fields = request.query.get("fields", "")
    return ok(element("pagination", pagination),
              element("workbooks", None, *[workbook_element(request, w, fields=fields) for w in page]))


@route("GET", "/sites/{site_id}/users/{user_id}/workbooks", min_version="2.0")
def query_workbooks_for_user(request):
    """Query Workbooks for User: the workbooks the user may read, or with ownedBy=true those the user owns
    (TSC's users.populate_workbooks, user_populate_workbooks.xml). Others than the user need to be site
    administrators to ask."""
    site = request.site
    advance_jobs(site)
    user = get_user(site, request.params["user_id"])
    if user["id"] != request.session["user_id"]:
        require_site_admin(request, "list another user's workbooks")
    owned_only = query_flag(request, "ownedBy")
    found = [w for w in site.workbooks.values() if w["ownerId"] == user["id"]
             or (not owned_only and holds(site, user, "workbooks", w, "Read"))]
    page, pagination = list_response(found, request.query, workbook_fields(site))
    return ok(element("pagination", pagination),
              element("workbooks", None, *[workbook_element(request, w) for w in page]))


def single_workbook_fields(request):
    """Query Workbook and Update Workbook answer with every field (the owner's details, the location), as a 3.25
    server does (TSC's workbook_get_by_id.xml); a server at 3.1 answered with the plain listing's fields (recorded
    traffic: jobs.yml 4, workbooks.yml 4 and 34)."""
    return "_all_" if request.api_version_at_least(AFTER_3_1) else ""


@route("GET", "/sites/{site_id}/workbooks/{workbook_id}", min_version="2.0")
def query_workbook(request):
    workbook = get_workbook(request.site, request.params["workbook_id"])
    return ok(workbook_element(request, workbook, with_views=True, fields=single_workbook_fields(request)))


@route("PUT", "/sites/{site_id}/workbooks/{workbook_id}", min_version="2.0")
def update_workbook(request):
    site = request.site
    workbook = get_workbook(site, request.params["workbook_id"])
    workbook_el = child(request.xml(), "workbook")
    name = workbook_el.get("name", workbook["name"])
    if not name.strip():
        raise bad_request("The workbook name cannot be empty.")
    project_id = items.updated_project_id(request, workbook_el, workbook["projectId"])
    owner_id = items.updated_owner_id(request, workbook_el, workbook["ownerId"])
    items.require_may_move(request, "workbooks", workbook, project_id, name, "403000")
    clash = items.find_by_name(site.workbooks, name, project_id, ignore_id=workbook["id"])
    if clash is not None:
        raise conflict("409013", "Resource Conflict",
                       "Cannot move the workbook '%s' to project '%s'. A workbook with the name '%s' already "
                       "exists in that project." % (workbook["id"], project_id, name))
    show_tabs = parse_bool(workbook_el.get("showTabs"), "showTabs")
    policy_el = workbook_el.find("dataFreshnessPolicy")
    policy = parse_policy(policy_el) if policy_el is not None else None
    if workbook_el.get("description") is not None:
        request.require_version("3.21")
        workbook["description"] = workbook_el.get("description")
    workbook.update({"name": name, "projectId": project_id, "ownerId": owner_id, "updatedAt": now()})
    if show_tabs is not None:
        workbook["showTabs"] = show_tabs
    if policy is not None:
        workbook["dataFreshnessPolicy"] = policy
    return ok(workbook_element(request, workbook, fields=single_workbook_fields(request)))


@route("DELETE", "/sites/{site_id}/workbooks/{workbook_id}", min_version="2.0")
def delete_workbook(request):
    site = request.site
    remove_workbook(request.state, site, get_workbook(site, request.params["workbook_id"]))
    return no_content()


@route("POST", "/sites/{site_id}/workbooks/{workbook_id}/refresh", min_version="2.8")
def refresh_workbook(request):
    """Update Workbook Now: a RefreshExtract job (202); a workbook without extracts has nothing to refresh."""
    site = request.site
    workbook = get_workbook(site, request.params["workbook_id"])
    return items.start_extract_refresh(request, "workbook", site.workbooks, workbook)


@route("GET", "/sites/{site_id}/workbooks/{workbook_id}/content", min_version="2.0")
def download_workbook(request):
    workbook = get_workbook(request.site, request.params["workbook_id"])
    return download(request, workbook, "tableau_workbook", "twbx")


def download(request, item, part_name, packaged_extension):
    """Stream the stored file; includeExtract=false drops extract files from a package."""
    path = item["file"]
    include_extract = (request.query.get("includeExtract") or "true").lower() != "false"
    if not include_extract and item["extension"] == packaged_extension:
        copy = copy_without_extracts(path, request.state.content)
        handle = open(copy, "rb")
        os.remove(copy)  # the open handle keeps the data until the response is sent
        path_size = os.fstat(handle.fileno()).st_size
    else:
        handle = open(path, "rb")
        path_size = os.fstat(handle.fileno()).st_size
    filename = "%s.%s" % (item["name"], item["extension"])
    return Reply(200, body=handle, headers=items.download_headers(part_name, filename, path_size),
                 content_type="application/octet-stream")


@route("GET", "/sites/{site_id}/workbooks/{workbook_id}/connections", min_version="2.0")
def query_workbook_connections(request):
    workbook = get_workbook(request.site, request.params["workbook_id"])
    return ok(element("connections", None,
                      *[items.connection_element(c, with_datasource=True) for c in workbook["connections"]]))


@route("PUT", "/sites/{site_id}/workbooks/{workbook_id}/connections/{connection_id}", min_version="2.0")
def update_workbook_connection(request):
    workbook = get_workbook(request.site, request.params["workbook_id"])
    conn = items.update_connection(request, workbook["connections"], request.params["connection_id"], "404020")
    workbook["updatedAt"] = now()
    return ok(items.connection_element(conn, with_datasource=True))


@route("PUT", "/sites/{site_id}/workbooks/{workbook_id}/tags", min_version="2.0")
def add_workbook_tags(request):
    workbook = get_workbook(request.site, request.params["workbook_id"])
    return ok(items.add_tags(request, workbook))


@route("DELETE", "/sites/{site_id}/workbooks/{workbook_id}/tags/{tag}", min_version="2.0")
def delete_workbook_tag(request):
    workbook = get_workbook(request.site, request.params["workbook_id"])
    items.delete_tag(request, workbook, request.params["tag"])
    return no_content()


def _chosen_datasources(request, workbook):
    """The embedded data sources a workbook's Create/Delete Extracts names: ``<datasources includeAll="true"/>``,
    no body, or ``<datasources><datasource id="..."/></datasources>`` (TSC's embedded_extract_req), ids as Query
    Workbook Connections gives them (a connection's datasource id)."""
    known = set(c.get("datasourceId") for c in workbook["connections"])
    if not request.body:
        return known
    list_el = request.xml().find("datasources")
    if list_el is None or parse_bool(list_el.get("includeAll"), "includeAll"):
        return known
    chosen = set(d.get("id") for d in list_el.findall("datasource"))
    if not chosen:
        raise bad_request("Name the embedded data sources in <datasources>, or set includeAll=\"true\".")
    unknown = sorted(i or "" for i in chosen - known)
    if unknown:
        raise not_found("404004", "Resource Not Found",
                        "The data source ID '%s' is not an embedded data source of the workbook '%s'."
                        % (unknown[0], workbook["name"]))
    return chosen


def _extract_change(request, creating):
    site = request.site
    workbook = get_workbook(site, request.params["workbook_id"])
    chosen = _chosen_datasources(request, workbook)
    # The workbook records one hasExtracts for all its data sources: deleting the extracts of some of them
    # leaves it with extracts (the others keep theirs), deleting all of them makes it live.
    partial = not creating and not chosen >= set(c.get("datasourceId") for c in workbook["connections"])
    return items.start_extract_change(request, "workbook", site.workbooks, workbook, creating, partial)


@route("POST", "/sites/{site_id}/workbooks/{workbook_id}/createExtract", min_version="3.5")
def create_workbook_extracts(request):
    """Create Extracts for Embedded Data Sources in a Workbook (?encrypt=true|false, an optional <datasources>)."""
    return _extract_change(request, creating=True)


@route("POST", "/sites/{site_id}/workbooks/{workbook_id}/deleteExtract", min_version="3.5")
def delete_workbook_extracts(request):
    """Delete Extracts of Embedded Data Sources from a Workbook (an optional <datasources>)."""
    return _extract_change(request, creating=False)
