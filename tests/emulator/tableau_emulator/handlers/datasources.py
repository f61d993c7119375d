"""Data sources: publish (new, overwrite, append), query, update (move, rename), delete, download, connections,
tags, refresh, create and delete extracts."""

from .. import registry
from ..content import EXTRACT_EXTENSIONS, append_file, remove_file, sha256_of
from ..errors import ApiError, bad_request, conflict, not_found
from ..query import list_response
from ..registry import AFTER_3_0, AFTER_3_1, on, route, site_collection, versioned
from ..routing import created, no_content, ok
from ..state import new_id
from ..xmlio import child, element, now, parse_bool
from . import items
from .jobs import advance_jobs, job_accepted, new_job
from .permissions import readable, require_publish
from .publishing import query_flag, receive, take_file
from .workbooks import download

site_collection("datasources", owned=True, summary=True)
RENAME_VERSION = "3.12"
# AFTER_3_1: not sent by a real server at /api/3.1/ (recorded traffic, tests/emulator/test/test_recorded_traffic.py).
versioned("datasource", dict([(name, AFTER_3_0) for name in (
    "webpageUrl", "location", "connectedWorkbooksCount", "favoritesTotal", "hasAlert", "isPublished", "serverName")]
    + [(name, AFTER_3_1) for name in ("description", "encryptExtracts", "hasExtracts", "size", "useRemoteQueryAgent")]))


@on("project_deleted")
def remove_datasources_in_projects(state, site, project_ids):
    for datasource in [d for d in site.datasources.values() if d["projectId"] in project_ids]:
        remove_datasource(state, site, datasource)


def remove_datasource(state, site, datasource):
    del site.datasources[datasource["id"]]
    remove_file(datasource["file"])
    registry.fire("content_deleted", state, site, "datasources", [datasource["id"]])


@on("site_deleted")
def remove_datasource_files(state, site):
    for datasource in site.datasources.values():
        remove_file(datasource["file"])


def datasource_fields(site):
    fields = items.common_filter_fields(site)
    fields.update({
        "type": lambda d: d["type"],
        "isCertified": lambda d: d["isCertified"],
        "description": lambda d: d["description"],
        "serverName": lambda d: d["connections"][0]["serverAddress"] if d["connections"] else None,
        "databaseName": lambda d: d["connections"][0].get("dbName") if d["connections"] else None,
    })
    return fields


def get_datasource(site, datasource_id):
    advance_jobs(site)
    datasource = site.datasources.get(datasource_id)
    if datasource is None:
        raise not_found("404004", "Resource Not Found",
                        "The data source ID '%s' doesn't correspond to an existing data source." % datasource_id)
    return datasource


def datasource_element(request, datasource, fields=""):
    site = request.site
    attrs = {
        "id": datasource["id"], "name": datasource["name"], "description": datasource["description"],
        "contentUrl": datasource["contentUrl"], "type": datasource["type"],
        "webpageUrl": items.webpage_url(request, "datasources", datasource),
        "createdAt": datasource["createdAt"], "updatedAt": datasource["updatedAt"],
        "isCertified": datasource["isCertified"], "certificationNote": datasource["certificationNote"],
        "encryptExtracts": bool(datasource.get("encryptExtracts")), "hasExtracts": datasource["hasExtracts"],
        "size": items.size_mb(datasource),
        "useRemoteQueryAgent": False,
    }
    if "_all_" in fields:
        # As a 3.25 server's fields=_all_ answer (TSC's datasource_get_all_fields.xml). Favorites and data
        # alerts are not emulated; every data source here is a published one.
        attrs.update({"connectedWorkbooksCount": connected_workbooks(site, datasource), "favoritesTotal": 0,
                      "hasAlert": False, "isPublished": True,
                      "serverName": datasource["connections"][0]["serverAddress"] if datasource["connections"]
                      else None})
    return element("datasource", attrs, *(items.placement(site, datasource, fields) + [items.tags_element(datasource)]))


def connected_workbooks(site, datasource):
    """How many workbooks connect to the published data source (a connection naming it)."""
    name = datasource["name"].lower()
    return sum(1 for workbook in site.workbooks.values()
               if any(c.get("type") == "sqlproxy" and (c.get("datasourceName") or "").lower() == name
                      for c in workbook.get("connections", [])))


def _is_extract(datasource):
    return datasource["extension"] in EXTRACT_EXTENSIONS


def _store(request, publication, project_id, existing):
    site = request.site
    info = publication.info
    item_el = publication.item_el
    stamp = now()
    datasource = existing or {
        "id": new_id(), "createdAt": stamp, "ownerId": request.session["user_id"], "tags": [],
        "description": "", "isCertified": False, "certificationNote": None, "connections": [], "file": None,
    }
    old_file = datasource.get("file")
    connections = items.build_connections(info["connections"], datasource["connections"])
    items.apply_publish_credentials(connections, publication.credentials())
    if existing is None:
        datasource["contentUrl"] = items.unique_content_url(site.datasources, publication.name)
    target = request.state.content.path_for(datasource["id"] + "-" + new_id(), publication.extension)
    take_file(request, publication, target)
    if old_file and old_file != target:
        remove_file(old_file)
    datasource.update({
        "name": publication.name, "projectId": project_id, "type": info["type"], "updatedAt": stamp,
        "file": target, "extension": publication.extension, "size": publication.size,
        "sha256": publication.sha256, "hasExtracts": info["has_extracts"], "connections": connections,
    })
    if item_el.get("description") is not None:
        datasource["description"] = item_el.get("description")
    if item_el.get("isCertified") is not None:
        datasource["isCertified"] = item_el.get("isCertified").lower() == "true"
    if item_el.get("certificationNote") is not None:
        datasource["certificationNote"] = item_el.get("certificationNote")
    site.datasources[datasource["id"]] = datasource
    if existing is None:
        registry.fire("content_created", request.state, site, "datasources", datasource)
    registry.fire("content_published", request.state, site, "datasources", datasource, request.session["user_id"])
    return datasource


def _append(request, publication, datasource):
    """Append the published extract's rows; the emulator stands in for rows by appending the bytes."""
    append_file(datasource["file"], publication.path)
    publication.discard()
    if publication.session_id is not None:
        remove_file(publication.path)
        request.state.upload_sessions.pop(publication.session_id, None)
    datasource["size"] += publication.size
    datasource["sha256"] = sha256_of(datasource["file"])
    datasource["updatedAt"] = now()
    return datasource


@route("POST", "/sites/{site_id}/datasources", min_version="2.0")
def publish_datasource(request):
    site = request.site
    advance_jobs(site)
    overwrite = query_flag(request, "overwrite")
    append = query_flag(request, "append")
    as_job = query_flag(request, "asJob")
    if overwrite and append:
        raise bad_request("The overwrite and append parameters cannot both be true.", code="400055")
    publication = receive(request, "datasource")
    try:
        project_id = items.publish_project_id(request, publication.item_el)
        require_publish(request, project_id, "datasource")
        existing = items.find_by_name(site.datasources, publication.name, project_id)
        if append:
            if publication.extension not in EXTRACT_EXTENSIONS:
                raise ApiError(400, "400011", "Bad Request",
                               "There was a problem publishing the file '%s': only extract files (.hyper, .tde) "
                               "can be appended to a data source." % publication.filename)
            if existing is None:
                raise not_found("404004", "Resource Not Found",
                                "The append parameter is true but there is no data source named '%s' in this "
                                "project." % publication.name)
            if not _is_extract(existing):
                raise ApiError(400, "400011", "Bad Request",
                               "There was a problem publishing the file '%s': data can only be appended to an "
                               "extract data source." % publication.filename)
        elif existing is not None and not overwrite:
            raise conflict("409004", "Resource Conflict",
                           "A data source named '%s' already exists in this project; publish with overwrite=true "
                           "to replace it." % publication.name)
    except ApiError:
        publication.discard()
        raise

    def work():
        current = items.find_by_name(site.datasources, publication.name, project_id)
        if append:
            if current is None:
                raise not_found("404004", "Resource Not Found", "The data source to append to no longer exists.")
            return _append(request, publication, current)
        return _store(request, publication, project_id, current)

    if as_job:
        job = new_job(request, "PublishDatasource", "datasource", existing["id"] if existing else None,
                      publication.name, work)
        return job_accepted(request, job)
    datasource = work()
    return created("/api/%s/sites/%s/datasources/%s" % (request.api_version, site.id, datasource["id"]),
                   datasource_element(request, datasource))


@route("GET", "/sites/{site_id}/datasources", min_version="2.0")
def query_datasources(request):
    site = request.site
    advance_jobs(site)
    # A user who is not an administrator sees the data sources they may read (or own).
    page, pagination = list_response(readable(request, "datasources", site.datasources.values()), request.query,
                                     datasource_fields(site))
    fields = request.query.get("fields", "")
    return ok(element("pagination", pagination),
              element("datasources", None, *[datasource_element(request, d, fields) for d in page]))


@route("GET", "/sites/{site_id}/datasources/{datasource_id}", min_version="2.0")
def query_datasource(request):
    datasource = get_datasource(request.site, request.params["datasource_id"])
    return ok(datasource_element(request, datasource, "_all_"))


@route("PUT", "/sites/{site_id}/datasources/{datasource_id}", min_version="2.0")
def update_datasource(request):
    site = request.site
    datasource = get_datasource(site, request.params["datasource_id"])
    ds_el = child(request.xml(), "datasource")
    # Data sources take a new name from 3.12 (Tableau 2021.2) on; older servers keep the name they have.
    name = ds_el.get("name", datasource["name"]) if request.api_version_at_least(RENAME_VERSION) else datasource["name"]
    if not name.strip():
        raise bad_request("The data source name cannot be empty.")
    project_id = items.updated_project_id(request, ds_el, datasource["projectId"])
    owner_id = items.updated_owner_id(request, ds_el, datasource["ownerId"])
    items.require_may_move(request, "datasources", datasource, project_id, name, "403141")
    if items.find_by_name(site.datasources, name, project_id, ignore_id=datasource["id"]) is not None:
        raise conflict("409015", "Resource Conflict",
                       "A data source named '%s' already exists in the target project." % name)
    certified = parse_bool(ds_el.get("isCertified"), "isCertified")
    datasource.update({"name": name, "projectId": project_id, "ownerId": owner_id, "updatedAt": now()})
    if certified is not None:
        datasource["isCertified"] = certified
    for attribute in ("certificationNote", "description"):
        if ds_el.get(attribute) is not None:
            datasource[attribute] = ds_el.get(attribute)
    return ok(datasource_element(request, datasource, "_all_"))


@route("DELETE", "/sites/{site_id}/datasources/{datasource_id}", min_version="2.0")
def delete_datasource(request):
    site = request.site
    remove_datasource(request.state, site, get_datasource(site, request.params["datasource_id"]))
    return no_content()


@route("GET", "/sites/{site_id}/datasources/{datasource_id}/content", min_version="2.0")
def download_datasource(request):
    datasource = get_datasource(request.site, request.params["datasource_id"])
    return download(request, datasource, "tableau_datasource", "tdsx")


@route("GET", "/sites/{site_id}/datasources/{datasource_id}/connections", min_version="2.0")
def query_datasource_connections(request):
    datasource = get_datasource(request.site, request.params["datasource_id"])
    return ok(element("connections", None, *[items.connection_element(c) for c in datasource["connections"]]))


@route("PUT", "/sites/{site_id}/datasources/{datasource_id}/connections/{connection_id}", min_version="2.3")
def update_datasource_connection(request):
    datasource = get_datasource(request.site, request.params["datasource_id"])
    conn = items.update_connection(request, datasource["connections"], request.params["connection_id"], "404020")
    datasource["updatedAt"] = now()
    return ok(items.connection_element(conn))


@route("PUT", "/sites/{site_id}/datasources/{datasource_id}/tags", min_version="2.0")
def add_datasource_tags(request):
    datasource = get_datasource(request.site, request.params["datasource_id"])
    return ok(items.add_tags(request, datasource))


@route("DELETE", "/sites/{site_id}/datasources/{datasource_id}/tags/{tag}", min_version="2.0")
def delete_datasource_tag(request):
    datasource = get_datasource(request.site, request.params["datasource_id"])
    items.delete_tag(request, datasource, request.params["tag"])
    return no_content()


@route("POST", "/sites/{site_id}/datasources/{datasource_id}/refresh", min_version="2.8")
def refresh_datasource(request):
    """Update Data Source Now: a RefreshExtract job (202); live connections have no extract to refresh."""
    site = request.site
    datasource = get_datasource(site, request.params["datasource_id"])
    return items.start_extract_refresh(request, "datasource", site.datasources, datasource)


@route("POST", "/sites/{site_id}/datasources/{datasource_id}/createExtract", min_version="3.5")
def create_datasource_extract(request):
    """Create an Extract for a Data Source (?encrypt=true|false): a queued job; the answer's shape is chosen in
    items.start_extract_change."""
    site = request.site
    datasource = get_datasource(site, request.params["datasource_id"])
    return items.start_extract_change(request, "datasource", site.datasources, datasource, creating=True)


@route("POST", "/sites/{site_id}/datasources/{datasource_id}/deleteExtract", min_version="3.5")
def delete_datasource_extract(request):
    """Delete the Extract from a Data Source: a queued job; the data source goes live when it finishes."""
    site = request.site
    datasource = get_datasource(site, request.params["datasource_id"])
    return items.start_extract_change(request, "datasource", site.datasources, datasource, creating=False)
