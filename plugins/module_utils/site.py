# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sites: find by content URL or name, compare settings, and create, update or delete with check mode built in.

Tableau only lets a session read, change or delete the site it is signed in to, so changing another
site first switches the session to it (Switch Site). Tableau Cloud has no site creation or deletion
through REST and lists only the signed-in site; there only that site can be read and updated.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauApiError,
    TableauValidationError,
)
from ansible_collections.tableau.server.plugins.module_utils.writes import create_once

# Every site setting the collection manages: (option, API attribute, kind). kind is "bool", "int",
# "str" or a list of the allowed values. Options, payloads, comparison and results all read this table.
SITE_SETTINGS = (
    ("admin_mode", "adminMode", ["ContentAndUsers", "ContentOnly"]),
    ("site_state", "state", ["Active", "Suspended"]),
    ("user_quota", "userQuota", "int"),
    ("storage_quota", "storageQuota", "int"),
    ("disable_subscriptions", "disableSubscriptions", "bool"),
    ("subscribe_others_enabled", "subscribeOthersEnabled", "bool"),
    ("allow_subscription_attachments", "allowSubscriptionAttachments", "bool"),
    ("revision_history_enabled", "revisionHistoryEnabled", "bool"),
    ("revision_limit", "revisionLimit", "int"),
    ("guest_access_enabled", "guestAccessEnabled", "bool"),
    ("cache_warmup_enabled", "cacheWarmupEnabled", "bool"),
    ("commenting_enabled", "commentingEnabled", "bool"),
    ("commenting_mentions_enabled", "commentingMentionsEnabled", "bool"),
    ("flows_enabled", "flowsEnabled", "bool"),
    ("editing_flows_enabled", "editingFlowsEnabled", "bool"),
    ("scheduling_flows_enabled", "schedulingFlowsEnabled", "bool"),
    ("cataloging_enabled", "catalogingEnabled", "bool"),
    ("data_alerts_enabled", "dataAlertsEnabled", "bool"),
    ("request_access_enabled", "requestAccessEnabled", "bool"),
    ("run_now_enabled", "runNowEnabled", "bool"),
    ("explain_data_enabled", "explainDataEnabled", "bool"),
    ("sheet_image_enabled", "sheetImageEnabled", "bool"),
    ("derived_permissions_enabled", "derivedPermissionsEnabled", "bool"),
    ("extract_encryption_mode", "extractEncryptionMode", ["enforced", "enabled", "disabled"]),
    ("time_zone", "timeZone", "str"),
)
SETTING_NAMES = tuple(option for option, _attr, _kind in SITE_SETTINGS)
# What a module compares and shows in diffs, besides the settings.
IDENTITY_FIELDS = ("name", "content_url")
CLOUD_HINT = ("Tableau Cloud does not offer site creation or deletion through its REST API; there only the "
              "site you sign in to can be read and updated (address it by its content URL).")


def settings_spec():
    """The module options for the settings, from the table."""
    spec = {}
    for option, _attr, kind in SITE_SETTINGS:
        if isinstance(kind, list):
            spec[option] = dict(type="str", choices=list(kind))
        else:
            spec[option] = dict(type=kind)
    return spec


def site_from_xml(el):
    site = {"id": el.get("id"), "name": el.get("name"), "content_url": el.get("contentUrl") or ""}
    for option, attr, kind in SITE_SETTINGS:
        value = el.get(attr)
        if kind == "bool":
            value = xmlio.to_bool(value)
        elif kind == "int":
            value = xmlio.to_int(value)
        site[option] = value
    return site


def site_element(fields):
    attrs = {}
    if "name" in fields:
        attrs["name"] = fields["name"]
    if "content_url" in fields:
        attrs["contentUrl"] = fields["content_url"]
    for option, attr, _kind in SITE_SETTINGS:
        if option in fields:
            attrs[attr] = fields[option]
    return xmlio.element("site", attrs)


def validate_settings(fields):
    """Rules the server enforces, checked before any write."""
    if fields.get("admin_mode") == "ContentOnly" and fields.get("user_quota") is not None:
        raise TableauValidationError("A site whose admin_mode is ContentOnly cannot have a user_quota.",
                                     hint="Use admin_mode: ContentAndUsers, or leave user_quota out.")
    limit = fields.get("revision_limit")
    if limit is not None and limit != -1 and not 2 <= limit <= 10000:
        raise TableauValidationError("revision_limit must be -1 (unlimited) or between 2 and 10000; got %s." % limit)
    for option in ("user_quota", "storage_quota"):
        if fields.get(option) is not None and fields[option] < 0:
            raise TableauValidationError("%s must be 0 or more; got %s." % (option, fields[option]))


def changes(current, desired):
    """The fields of ``desired`` (None = leave alone) that differ from ``current``."""
    return dict((key, value) for key, value in desired.items() if value is not None and current.get(key) != value)


def shown(site):
    if not site:
        return {}
    return dict((key, site.get(key)) for key in IDENTITY_FIELDS + SETTING_NAMES)


def refused(action, exc):
    """A 403 on creating or deleting a site, explained (Tableau Cloud, or not a server administrator)."""
    if exc.status != 403:
        return exc
    return TableauValidationError("%s was refused: %s" % (action, exc.detail),
                                  hint=CLOUD_HINT + " On Tableau Server, sign in as a server administrator.",
                                  code=exc.code)


class SiteResource(object):
    """Site reads and writes for one signed-in client; writes honour ``check_mode``."""

    def __init__(self, client, check_mode=False):
        self.client = client
        self.check_mode = check_mode

    # ------------------------------------------------------------------ reads

    def current(self):
        """The site the session is signed in to."""
        root = self.client.request("GET", "/sites/%s" % self.client.site_id)
        return site_from_xml(xmlio.find(root, "site"))

    def list(self):
        """Every site the signed-in user can see (all of them for a server administrator)."""
        try:
            return [site_from_xml(el) for el in self.client.paginate("/sites", "site", scope="server")]
        except TableauApiError as exc:
            if exc.status == 403:
                raise TableauValidationError("Listing the sites of this server was refused: %s" % exc.detail,
                                             hint=CLOUD_HINT + " On Tableau Server, sign in as a server "
                                             "administrator.", code=exc.code)
            raise

    def is_current(self, content_url):
        return content_url is not None and content_url.lower() == (self.client.site or "").lower()

    def find(self, content_url=None, name=None):
        """The site with this content URL (or, without one, this name); one request."""
        if self.is_current(content_url):
            return self.current()
        for site in self.list():
            if content_url is not None and site["content_url"].lower() == content_url.lower():
                return site
            if content_url is None and name is not None and site["name"].lower() == name.lower():
                return site
        return None

    # ------------------------------------------------------------------ writes

    def switch_to(self, site):
        """Move the session to ``site``; Tableau only changes or deletes the site a session is on."""
        if site["id"] == self.client.site_id:
            return
        if not self.client.owns_session:
            # Switching ends the session it is made from, which other tasks reuse: switch a session of our own.
            if not self.client.auth:
                raise TableauValidationError(
                    "Changing or deleting site '%s' moves the session to that site, and this task only has a "
                    "session reused from tableau_session." % site["content_url"],
                    hint="Give this task credentials as well (they are used for this task alone), or no session.")
            self.client.sign_in()
        self.client.switch_site(site["content_url"])

    def create(self, fields):
        """Create a site; in check mode, the predicted site (id None) without a request."""
        if self.check_mode:
            predicted = dict((option, None) for option in SETTING_NAMES)
            predicted.update(id=None, admin_mode="ContentAndUsers", site_state="Active")
            predicted.update(fields)
            return predicted

        def post():
            root = self.client.request("POST", "/sites", body=xmlio.ts_request(site_element(fields)), expected=(201,))
            return site_from_xml(xmlio.find(root, "site"))
        try:
            return create_once(post, lambda: self.find(content_url=fields.get("content_url"), name=fields.get("name")),
                               "site '%s'" % fields.get("name"))
        except TableauApiError as exc:
            raise refused("Creating a site", exc)

    def update(self, current, change):
        if not change:
            return current
        if self.check_mode:
            predicted = dict(current)
            predicted.update(change)
            return predicted
        self.switch_to(current)
        root = self.client.request("PUT", "/sites/%s" % current["id"], body=xmlio.ts_request(site_element(change)))
        updated = site_from_xml(xmlio.find(root, "site"))
        if "content_url" in change:
            self.client.site_renamed(updated["content_url"])
        return updated

    def delete(self, current):
        if self.check_mode:
            return
        self.switch_to(current)
        try:
            self.client.request("DELETE", "/sites/%s" % current["id"], expected=(204,))
        except TableauApiError as exc:
            raise refused("Deleting the site", exc)
        # Deleting a site ends every session on it, this one included: nothing is left to sign out.
        self.client.forget_session()
