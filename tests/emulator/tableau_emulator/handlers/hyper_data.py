"""Update Data in Hyper Data Source / Hyper Connection (API 3.12): a batch of actions, run as a job.

``PATCH /sites/{site}/datasources/{id}/data`` (or ``.../connections/{connection}/data``) with a ``RequestID``
header, a JSON body ``{"actions": [...]}`` and, for actions that read rows (``source-table``), the uploaded
Hyper file's ``?uploadSessionId=``. The answer is a 202 with an ``UpdateUploadedFile`` job carrying
``<updateUploadedFileJob>`` (TSC's datasource_data_update.xml; ts-api_3_29.xsd's updateUploadedFileJobType).
Only data sources whose data is in Hyper (an extract, or a published .hyper) take it. The emulator holds no rows:
the job checks the batch and finishes.
"""

import json

from ..errors import ApiError, bad_request, not_found
from ..registry import route
from ..routing import accepted
from ..xmlio import element, text_element
from .datasources import get_datasource
from .jobs import job_element, new_job
from .publishing import upload_session

ACTIONS = ("insert", "update", "delete", "upsert", "replace")


def _actions(request):
    try:
        body = json.loads((request.body or b"").decode("utf-8"))
    except ValueError:
        raise bad_request("The request body is not a JSON document of the form {\"actions\": [...]}.")
    actions = body.get("actions") if isinstance(body, dict) else None
    if not isinstance(actions, list) or not actions:
        raise bad_request("The request body has no \"actions\" list.")
    for number, action in enumerate(actions, start=1):
        if not isinstance(action, dict) or action.get("action") not in ACTIONS:
            raise bad_request("Action %d is not one of %s." % (number, ", ".join(ACTIONS)))
        if not action.get("target-table"):
            raise bad_request("Action %d names no target-table." % number)
    return actions


def _update_data(request, connection_id=None):
    site = request.site
    datasource = get_datasource(site, request.params["datasource_id"])
    if connection_id is not None and connection_id not in [c["id"] for c in datasource["connections"]]:
        raise not_found("404020", "Resource Not Found",
                        "The connection '%s' is not a connection of the data source." % connection_id)
    if not request.headers.get("RequestID"):
        raise bad_request("The request has no RequestID header; every update batch needs an id of its own.")
    actions = _actions(request)
    session_id = request.query.get("uploadSessionId")
    if session_id:
        upload_session(request, session_id)
    elif any(action.get("source-table") for action in actions):
        raise bad_request("Actions that read a source-table need the Hyper file: upload it and name its "
                          "uploadSessionId.")
    if not datasource["hasExtracts"]:
        raise ApiError(400, "400000", "Bad Request",
                       "The data source '%s' does not keep its data in Hyper, so its data cannot be updated."
                       % datasource["name"])
    job = new_job(request, "UpdateUploadedFile", "datasource", datasource["id"], datasource["name"])
    connection = connection_id or (datasource["connections"] or [{"id": ""}])[0]["id"]
    # Query Job describes it the same way later (TSC's job_get_by_id_failed.xml, job_get_by_id_inprogress.xml).
    job["detail"] = lambda done: element(
        "updateUploadedFileJob", None, element("datasource", {"id": datasource["id"], "name": datasource["name"]}),
        text_element("connectionLuid", connection), text_element("notes", done["notes"]))
    return accepted("/api/%s/sites/%s/jobs/%s" % (request.api_version, site.id, job["id"]), job_element(job))


@route("PATCH", "/sites/{site_id}/datasources/{datasource_id}/data", min_version="3.12")
def update_datasource_data(request):
    return _update_data(request)


@route("PATCH", "/sites/{site_id}/datasources/{datasource_id}/connections/{connection_id}/data", min_version="3.12")
def update_connection_data(request):
    return _update_data(request, request.params["connection_id"])
