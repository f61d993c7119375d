"""Webhooks: list, create, get, update (3.10+), delete and test, for site administrators (REST API 3.6+).

The emulator never sends anything off the machine: Test Webhook answers as if the destination had
answered with ``server.webhook_test_status`` (default 200); the request log shows each firing.
Answers carry the ``event`` attribute from 3.9 (Tableau 2020.3, where it became the preferred form)
and the ``<webhook-source>`` element at every version.
"""

import re

from ..access import require_site_admin
from ..errors import bad_request, not_found
from ..registry import route, site_collection, versioned
from ..routing import created, no_content, ok
from ..state import new_id
from ..xmlio import child, element, now, parse_bool, text_element

SOURCE_PREFIX = "webhook-source-event-"
# The REST API's event names and the <webhook-source> elements of ts-api_3_29.xsd that carry them.
EVENTS = (
    "DatasourceCreated", "DatasourceDeleted", "DatasourceRefreshFailed", "DatasourceRefreshStarted",
    "DatasourceRefreshSucceeded", "DatasourceUpdated", "FlowCompleted", "LabelCreated", "LabelDeleted",
    "LabelUpdated", "ViewDeleted", "WorkbookCreated", "WorkbookDeleted", "WorkbookRefreshFailed",
    "WorkbookRefreshStarted", "WorkbookRefreshSucceeded", "WorkbookUpdated",
)

site_collection("webhooks", owned=True, summary=True)
versioned("webhook", {"event": "3.9"})


def source_tag(event):
    return SOURCE_PREFIX + re.sub(r"(?<!^)([A-Z])", r"-\1", event).lower()


SOURCE_EVENTS = dict((source_tag(event), event) for event in EVENTS)


def webhook_element(site, webhook):
    el = element("webhook", {
        "id": webhook["id"], "name": webhook["name"], "isEnabled": webhook["isEnabled"], "event": webhook["event"],
        "statusChangeReason": webhook["statusChangeReason"], "createdAt": webhook["createdAt"],
        "updatedAt": webhook["updatedAt"],
    })
    el.append(element("webhook-source", None, element(source_tag(webhook["event"]))))
    el.append(element("webhook-destination", None,
                      element("webhook-destination-http", {"method": "POST", "url": webhook["url"]})))
    owner = site.users.get(webhook["ownerId"])
    el.append(element("owner", {"id": webhook["ownerId"], "name": owner["name"] if owner else None}))
    return el


def get_webhook(site, webhook_id):
    webhook = site.webhooks.get(webhook_id)
    if webhook is None:
        # The reference names no code of its own for a missing webhook; clients should go by the 404.
        raise not_found("404000", "Resource Not Found", "The webhook '%s' could not be found." % webhook_id)
    return webhook


def _event(webhook_el, required):
    """The event of a request: the ``event`` attribute, or the one element inside ``<webhook-source>``."""
    event = webhook_el.get("event")
    source = webhook_el.find("webhook-source")
    if event is None and source is not None and len(source):
        event = SOURCE_EVENTS.get(source[0].tag)
        if event is None:
            raise bad_request("The webhook source event '%s' is not supported." % source[0].tag)
    if event is None:
        if required:
            raise bad_request("A webhook needs an event: an 'event' attribute or a webhook-source element.")
        return None
    if event not in EVENTS:
        raise bad_request("The webhook event '%s' is not supported." % event)
    return event


def _url(webhook_el, required):
    destination = webhook_el.find("webhook-destination/webhook-destination-http")
    url = destination.get("url") if destination is not None else None
    if url is None:
        if required:
            raise bad_request("A webhook needs a destination: webhook-destination/webhook-destination-http url.")
        return None
    if not re.match(r"^https://[^/\s]+", url):
        raise bad_request("The webhook destination URL must use https: '%s'." % url)
    return url


@route("GET", "/sites/{site_id}/webhooks", min_version="3.6")
def list_webhooks(request):
    require_site_admin(request, "list webhooks")
    site = request.site
    items = sorted(site.webhooks.values(), key=lambda w: w["createdAt"] + w["id"])
    return ok(element("webhooks", None, *[webhook_element(site, w) for w in items]))


@route("POST", "/sites/{site_id}/webhooks", min_version="3.6")
def create_webhook(request):
    require_site_admin(request, "create webhooks")
    site = request.site
    webhook_el = child(request.xml(), "webhook")
    name = webhook_el.get("name")
    if not name or not name.strip():
        raise bad_request("The webhook name is missing or empty.")
    stamp = now()
    webhook = {
        "id": new_id(), "name": name, "event": _event(webhook_el, True), "url": _url(webhook_el, True),
        "isEnabled": parse_bool(webhook_el.get("isEnabled"), "isEnabled") is not False,
        "statusChangeReason": None, "ownerId": request.session["user_id"], "createdAt": stamp,
        "updatedAt": stamp,
    }
    site.webhooks[webhook["id"]] = webhook
    return created("/api/%s/sites/%s/webhooks/%s" % (request.api_version, site.id, webhook["id"]),
                   webhook_element(site, webhook))


@route("GET", "/sites/{site_id}/webhooks/{webhook_id}", min_version="3.6")
def get_one_webhook(request):
    require_site_admin(request, "read webhooks")
    return ok(webhook_element(request.site, get_webhook(request.site, request.params["webhook_id"])))


@route("PUT", "/sites/{site_id}/webhooks/{webhook_id}", min_version="3.10")
def update_webhook(request):
    require_site_admin(request, "change webhooks")
    site = request.site
    webhook = get_webhook(site, request.params["webhook_id"])
    webhook_el = child(request.xml(), "webhook")
    name = webhook_el.get("name", webhook["name"])
    if not name.strip():
        raise bad_request("The webhook name cannot be empty.")
    enabled = parse_bool(webhook_el.get("isEnabled"), "isEnabled")
    webhook.update({
        "name": name,
        "event": _event(webhook_el, False) or webhook["event"],
        "url": _url(webhook_el, False) or webhook["url"],
        "isEnabled": webhook["isEnabled"] if enabled is None else enabled,
        "statusChangeReason": webhook_el.get("statusChangeReason", webhook["statusChangeReason"]),
        "updatedAt": now(),
    })
    return ok(webhook_element(site, webhook))


@route("DELETE", "/sites/{site_id}/webhooks/{webhook_id}", min_version="3.6")
def delete_webhook(request):
    require_site_admin(request, "delete webhooks")
    site = request.site
    get_webhook(site, request.params["webhook_id"])
    del site.webhooks[request.params["webhook_id"]]
    return no_content()


@route("GET", "/sites/{site_id}/webhooks/{webhook_id}/test", min_version="3.6")
def test_webhook(request):
    require_site_admin(request, "test webhooks")
    webhook = get_webhook(request.site, request.params["webhook_id"])
    status = int(request.state.server.get("webhook_test_status") or 200)
    result = element("webhookTestResult", {"id": webhook["id"], "status": status})
    result.append(text_element("body", ""))
    return ok(result)
