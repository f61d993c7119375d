# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sites: find by content URL or name, compare settings, and create, update or delete with check mode built in;
and the tableau_site / tableau_site_info logic (``ensure_present``, ``ensure_absent``, ``site_info``).

Tableau only lets a session read, change or delete the site it is signed in to, so changing another
site first switches the session to it (Switch Site). Tableau Cloud has no site creation or deletion
through REST and lists only the signed-in site; there only that site can be read and updated.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.resource import Field, FieldTable, Outcome
from ansible_collections.tableau.server.plugins.module_utils.resource import Resource, name_key, same_name

# Every site setting the collection manages. Options, payloads, comparison and results all read this table.
SITE_SETTINGS = (
    Field("admin_mode", "adminMode", ["ContentAndUsers", "ContentOnly"]),
    Field("site_state", "state", ["Active", "Suspended"]),
    Field("user_quota", "userQuota", "int"),
    Field("storage_quota", "storageQuota", "int"),
    Field("disable_subscriptions", "disableSubscriptions", "bool"),
    Field("subscribe_others_enabled", "subscribeOthersEnabled", "bool"),
    Field("allow_subscription_attachments", "allowSubscriptionAttachments", "bool"),
    Field("revision_history_enabled", "revisionHistoryEnabled", "bool"),
    Field("revision_limit", "revisionLimit", "int"),
    Field("guest_access_enabled", "guestAccessEnabled", "bool"),
    Field("cache_warmup_enabled", "cacheWarmupEnabled", "bool"),
    Field("commenting_enabled", "commentingEnabled", "bool"),
    Field("commenting_mentions_enabled", "commentingMentionsEnabled", "bool"),
    Field("flows_enabled", "flowsEnabled", "bool"),
    Field("editing_flows_enabled", "editingFlowsEnabled", "bool"),
    Field("scheduling_flows_enabled", "schedulingFlowsEnabled", "bool"),
    Field("cataloging_enabled", "catalogingEnabled", "bool"),
    # Real servers answer isDataAlertsEnabled (TSC's recorded site answers); requests use the schema's spelling.
    Field("data_alerts_enabled", "dataAlertsEnabled", "bool", read_also=("isDataAlertsEnabled",)),
    Field("request_access_enabled", "requestAccessEnabled", "bool"),
    Field("run_now_enabled", "runNowEnabled", "bool"),
    Field("explain_data_enabled", "explainDataEnabled", "bool"),
    Field("sheet_image_enabled", "sheetImageEnabled", "bool"),
    Field("derived_permissions_enabled", "derivedPermissionsEnabled", "bool"),
    Field("extract_encryption_mode", "extractEncryptionMode", ["enforced", "enabled", "disabled"]),
    Field("time_zone", "timeZone", "str"),
)
# A site is its name and content URL (compared and shown, not built as options) and its settings.
SITE_FIELDS = FieldTable("site", (Field("name", "name", option=False), Field("content_url", "contentUrl", option=False))
                         + SITE_SETTINGS)
SETTING_NAMES = tuple(field.name for field in SITE_SETTINGS)
CLOUD_HINT = ("Tableau Cloud does not offer site creation or deletion through its REST API; there only the "
              "site you sign in to can be read and updated (address it by its content URL).")


def settings_spec():
    """The module options for the settings, from the table."""
    return SITE_FIELDS.argspec()


def site_from_xml(el):
    site = {"id": el.get("id")}
    site.update(SITE_FIELDS.parse(el))
    site["content_url"] = site["content_url"] or ""  # the Default site's is empty, and often left out
    return site


def site_element(fields):
    return SITE_FIELDS.element(fields)


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
    return SITE_FIELDS.changes(current, desired)


def shown(site):
    return SITE_FIELDS.shown(site)


def refused(action, exc):
    """A 403 on listing, creating or deleting sites, explained (Tableau Cloud, or not a server administrator)."""
    if exc.status != 403:
        return exc
    return TableauValidationError("%s was refused: %s" % (action, exc.detail),
                                  hint=CLOUD_HINT + " On Tableau Server, sign in as a server administrator.",
                                  code=exc.code)


class SiteResource(Resource):
    """Site reads and writes for one signed-in client; writes honour ``check_mode``.

    Sites live at the server level (``/sites``), and Tableau only lets a session read, change or
    delete the site it is signed in to: writes switch the session to the site first.
    """

    path = "/sites"
    tag = "site"
    kind = "site"
    table = SITE_FIELDS
    scope = "server"

    from_xml = staticmethod(site_from_xml)

    def predict(self, fields):
        return Resource.predict(self, dict(dict(admin_mode="ContentAndUsers", site_state="Active"), **fields))

    # ------------------------------------------------------------------ reads

    def current(self):
        """The site the session is signed in to."""
        return self.answered(self.send("GET", "/sites/%s" % self.client.site_id))

    def list(self, filters=None, sort=None, fields=None):
        """Every site the signed-in user can see (all of them for a server administrator)."""
        try:
            return [self.from_xml(el) for el in self.client.paginate("/sites", "site", scope="server")]
        except TableauApiError as exc:
            raise refused("Listing the sites of this server", exc)

    def is_current(self, content_url):
        return content_url is not None and same_name(content_url, self.client.site)

    def find(self, content_url=None, name=None):
        """The site with this content URL (or, without one, this name), matched without regard to case."""
        if self.is_current(content_url):
            return self.current()
        field, value = ("content_url", content_url) if content_url is not None else ("name", name)
        return dict((name_key(site[field]), site) for site in self.list()).get(name_key(value))

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
        def find():
            return self.find(content_url=fields.get("content_url"), name=fields.get("name"))
        try:
            return Resource.create(self, fields, find=find)
        except TableauApiError as exc:
            raise refused("Creating a site", exc)

    def update(self, current, change):
        if change and not self.check_mode:
            self.switch_to(current)
        updated = Resource.update(self, current, change)
        if "content_url" in change and not self.check_mode:
            self.client.site_renamed(updated["content_url"])
        return updated

    def delete(self, current, params=None):
        if self.check_mode:
            return
        self.switch_to(current)
        try:
            Resource.delete(self, current)
        except TableauApiError as exc:
            raise refused("Deleting the site", exc)
        # Deleting a site ends every session on it, this one included: nothing is left to sign out.
        self.client.forget_session()


# ---------------------------------------------------------------------------------------- module logic

def ensure_absent(sites, params):
    current = sites.find(params.get("content_url"), params.get("name"))
    if current is not None and current["content_url"] == "":
        raise TableauValidationError("The Default site cannot be deleted.")
    if current is not None:
        sites.delete(current)
    return Outcome().record(current is not None, shown(current), {}).ret(site={}).result()


def ensure_present(sites, params):
    desired = dict((option, params.get(option)) for option in SETTING_NAMES)
    validate_settings(desired)
    current = sites.find(params.get("content_url"), params.get("name"))
    if current is None:
        if params.get("content_url") is None or not params.get("name"):
            raise TableauValidationError("No site matches, and creating one needs both name and content_url.")
        fields = dict((key, value) for key, value in desired.items() if value is not None)
        fields.update(name=params["name"], content_url=params["content_url"])
        after = sites.create(fields)
        return Outcome().record(True, {}, shown(after)).ret(site=after).result()
    if params.get("content_url") is not None:
        desired["name"] = params.get("name")
    validate_settings(dict(current, **dict((k, v) for k, v in desired.items() if v is not None)))
    change = changes(current, desired)
    after = sites.update(current, change)
    return Outcome().record(bool(change), shown(current), shown(after)).ret(site=after).result()


def ensure(sites, params):
    """tableau_site: ``state`` picks ensure_present or ensure_absent."""
    return (ensure_absent if params.get("state") == "absent" else ensure_present)(sites, params)


def site_info(sites, params):
    """tableau_site_info: the sites this sign-in can see (all, or the signed-in one), filtered and sorted by name."""
    listed_all = False
    if params.get("current_only"):
        found = [sites.current()]
    else:
        try:
            found = sites.list()
            listed_all = True
        except TableauValidationError:
            # Tableau Cloud, or not a server administrator: the signed-in site is what can be read.
            found = [sites.current()]
    for field in ("content_url", "name"):
        if params.get(field) is not None:
            found = [s for s in found if same_name(s[field], params[field])]
    for site in found:
        site["current"] = site["id"] == sites.client.site_id
    found.sort(key=lambda s: name_key(s["name"]))
    return False, dict(sites=found, listed_all=listed_all), None
