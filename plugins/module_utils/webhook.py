# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Webhooks of the signed-in site: find by name, compare, create, update, delete and test, with check mode.

A webhook sends an HTTP POST to an https destination when an event happens on the site. Webhooks
need REST API 3.6; changing one in place (Update Webhook) needs 3.10, so on older servers a change
is refused rather than made by deleting and creating (which would lose the webhook's id and history).
Events are named as the REST API's ``event`` attribute names them (``WorkbookCreated``); requests
carry them in the ``<webhook-source>`` form every version since 3.6 accepts.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.resource import Field, FieldTable, Outcome, Resource

WEBHOOKS_VERSION = "3.6"
UPDATE_VERSION = "3.10"
SOURCE_PREFIX = "webhook-source-event-"
# The events the 3.29 schema's <webhook-source> can carry, by their API event names.
EVENTS = [
    "DatasourceCreated", "DatasourceDeleted", "DatasourceRefreshFailed", "DatasourceRefreshStarted",
    "DatasourceRefreshSucceeded", "DatasourceUpdated", "FlowCompleted", "LabelCreated", "LabelDeleted",
    "LabelUpdated", "ViewDeleted", "WorkbookCreated", "WorkbookDeleted", "WorkbookRefreshFailed",
    "WorkbookRefreshStarted", "WorkbookRefreshSucceeded", "WorkbookUpdated",
]

WEBHOOK_FIELDS = FieldTable("webhook", (
    Field("name", "name"),
    Field("event", None, kind=EVENTS),
    Field("destination_url", None),
    Field("enabled", "isEnabled", kind="bool"),
    Field("owner", None, compare=False, option=False),
    Field("status_change_reason", "statusChangeReason", compare=False, option=False),
    Field("created_at", "createdAt", compare=False, option=False),
    Field("updated_at", "updatedAt", compare=False, option=False),
))


def source_element_name(event):
    """``WorkbookRefreshFailed`` -> ``webhook-source-event-workbook-refresh-failed``."""
    return SOURCE_PREFIX + re.sub(r"(?<!^)([A-Z])", r"-\1", event).lower()


def event_from_source(tag):
    words = tag[len(SOURCE_PREFIX):].split("-") if tag.startswith(SOURCE_PREFIX) else []
    return "".join(word.capitalize() for word in words) or None


def validate_url(url):
    """The server only sends to https destinations; refuse others before any request."""
    if not re.match(r"^https://[^/\s?#]+", url or ""):
        raise TableauValidationError("The webhook destination_url must be an https URL such as https://hooks.example.com/tableau; "
                                     "got '%s'." % (url or ""),
                                     hint="Tableau sends webhooks only to https destinations with a valid certificate.")


class WebhookResource(Resource):
    """Webhook reads and writes for one signed-in client; writes honour ``check_mode``."""

    path = "/webhooks"
    tag = "webhook"
    kind = "webhook"
    table = WEBHOOK_FIELDS
    filterable = False

    def __init__(self, client, check_mode=False):
        super(WebhookResource, self).__init__(client, check_mode)
        client.require_version(WEBHOOKS_VERSION, "Webhooks")

    def from_xml(self, el):
        webhook = super(WebhookResource, self).from_xml(el)
        source = xmlio.find(el, "webhook-source")
        sources = list(source) if source is not None else []
        webhook["event"] = el.get("event") or (event_from_source(sources[0].tag.split("}")[-1]) if sources else None)
        destination = xmlio.find(el, "webhook-destination/webhook-destination-http")
        webhook["destination_url"] = destination.get("url") if destination is not None else None
        owner = xmlio.find(el, "owner")
        webhook["owner"] = owner.get("name") if owner is not None else None
        webhook["owner_id"] = owner.get("id") if owner is not None else None
        return webhook

    def element(self, values):
        el = xmlio.element("webhook", self.table.attributes(values))
        if values.get("event"):
            el.append(xmlio.element("webhook-source", None, xmlio.element(source_element_name(values["event"]))))
        if values.get("destination_url"):
            el.append(xmlio.element("webhook-destination", None,
                                    xmlio.element("webhook-destination-http", {"method": "POST", "url": values["destination_url"]})))
        return el

    def list(self, filters=None, sort=None, fields=None):
        # List Webhooks is neither paginated nor filtered: one answer holds them all.
        return [self.from_xml(el) for el in xmlio.findall(self.send("GET", self.path), "webhooks/webhook")]

    def predict(self, fields):
        predicted = super(WebhookResource, self).predict(fields)
        if predicted.get("enabled") is None:
            predicted["enabled"] = True
        return predicted

    def update(self, current, change):
        if change:
            self.client.require_version(UPDATE_VERSION, "Changing a webhook in place")
            # Update Webhook wants the whole webhook, as Create does.
            change = dict(dict((key, current.get(key)) for key in ("name", "event", "destination_url", "enabled")), **change)
        return super(WebhookResource, self).update(current, change)

    def test(self, webhook):
        """Fire the webhook once (Test Webhook): the destination's status and body. Nothing is sent in check mode."""
        if self.check_mode:
            return None
        root = self.client.get("%s/%s/test" % (self.path, webhook["id"]))
        result = xmlio.require(root, "webhookTestResult", "Test Webhook")
        body = xmlio.find(result, "body")
        return {"status": xmlio.to_int(result.get("status")), "body": body.text if body is not None else None}


def webhook_spec():
    """tableau_webhook's options (what tableau_site_state's ``webhooks`` items take too, less state and test)."""
    spec = WEBHOOK_FIELDS.argspec(exclude=("name",))
    spec.update(name=dict(type="str", required=True), test=dict(type="bool", default=False),
                state=dict(type="str", choices=["present", "absent"], default="present"))
    return spec


def ensure_present(webhooks, params):
    """Create or change the webhook named ``params['name']``; fire it once when ``params['test']``."""
    if params.get("destination_url") is not None:
        validate_url(params["destination_url"])
    desired = dict((key, params.get(key)) for key in ("event", "destination_url", "enabled"))
    current = webhooks.find_by_name(params["name"])
    outcome = Outcome()
    if current is None:
        if not params.get("event") or not params.get("destination_url"):
            raise TableauValidationError("Creating webhook '%s' needs event and destination_url." % params["name"])
        fields = dict((key, value) for key, value in desired.items() if value is not None)
        after, changed = webhooks.create(dict(fields, name=params["name"])), True
    else:
        change = webhooks.table.changes(current, desired)
        after, changed = webhooks.update(current, change), bool(change)
    outcome.record(changed, WEBHOOK_FIELDS.shown(current), WEBHOOK_FIELDS.shown(after))
    outcome.ret(webhook=after)
    if params.get("test"):
        outcome.ret(test_result=webhooks.test(after))
    return outcome.result()


def ensure_absent(webhooks, params):
    current = webhooks.find_by_name(params["name"])
    if current is not None:
        webhooks.delete(current)
    return Outcome().record(current is not None, WEBHOOK_FIELDS.shown(current), {}).ret(webhook={}).result()
