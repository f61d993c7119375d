# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Subscriptions of the signed-in site: find, compare, create, update and delete, with check mode; and the
tableau_subscription / tableau_subscription_info logic (``ensure_present``, ``ensure_absent``, ``subscription_info``).

A subscription e-mails one view or workbook to one user on a schedule. On Tableau Server the schedule is a
server schedule of type Subscription (found by name, ``schedule.py``); on Tableau Cloud, which has no server
schedules, each subscription carries its own frequency (REST API 3.20), in the options and the checks every
module with a frequency shares (``frequency.py``).

Identity: a subscription is its user, its content (a workbook in a project, or a view of one) and its subject,
on Server and on Cloud alike. Tableau gives subscriptions no name and lets one user hold several on the same
content, so the subject (the e-mail's subject line, what the server lists subscriptions by) tells them apart.
The subject is compared exactly; the schedule (or frequency) and every other field can then change in place.

Versions: the methods are 2.3 (the reference; TSC's ``@api(version="2.3")``); a subscription's own frequency
3.20 ("Available in API 3.20 (Tableau Cloud June 2023)", the reference's Create Subscription). ``message``,
``attachImage``, ``attachPdf``, ``pageOrientation``, ``pageSizeOption``, ``suspended`` and ``sendIfViewEmpty``
are not in ts-api_3_0.xsd's subscriptionType (only ``id`` and ``subject`` are) and the reference names no
version for them (TSC added them in 0.15 without a gate of its own): they are gated at 3.1, the version the
emulator gives attributes that came after 3.0 (``registry.AFTER_3_0``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import xml.etree.ElementTree as ET  # building requests only

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.frequency import FREQUENCY_KEYS as FREQUENCY_OPTIONS
from ansible_collections.tableau.server.plugins.module_utils.frequency import (
    desired_frequency,
    frequency_argspec,
    empty,
    frequency_from_xml,
)
from ansible_collections.tableau.server.plugins.module_utils.frequency import schedule_element as frequency_element
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource, join_path, split_path
from ansible_collections.tableau.server.plugins.module_utils.resource import (
    Field,
    FieldTable,
    Outcome,
    Resource,
    is_planned,
    name_key,
    predicted_update,
    same_name,
)
from ansible_collections.tableau.server.plugins.module_utils.schedule import ScheduleResource, is_tableau_cloud
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource
from ansible_collections.tableau.server.plugins.module_utils.writes import create_once

SUBSCRIPTIONS_VERSION = "2.3"
CLOUD_FREQUENCY_VERSION = "3.20"
DETAILS_VERSION = "3.1"
CONTENT_TYPES = ["view", "workbook"]
XML_CONTENT_TYPES = {"view": "View", "workbook": "Workbook"}
PAGE_ORIENTATIONS = ["Portrait", "Landscape"]
PAGE_SIZES = ["A3", "A4", "A5", "B4", "B5", "Executive", "Folio", "Ledger", "Legal", "Letter", "Note", "Quarto",
              "Tabloid", "Unspecified"]


def subscription_spec():
    """tableau_subscription's options (tableau_site_state's subscriptions items take them too)."""
    spec = dict(
        user=dict(type="str", required=True),
        content_type=dict(type="str", choices=CONTENT_TYPES, required=True),
        project=dict(type="str", required=True),
        workbook=dict(type="str", required=True),
        view=dict(type="str"),
        subject=dict(type="str", required=True),
        schedule=dict(type="str"),
        body=dict(type="str"),
        attach_image=dict(type="bool"),
        attach_pdf=dict(type="bool"),
        page_orientation=dict(type="str", choices=PAGE_ORIENTATIONS),
        page_size=dict(type="str", choices=PAGE_SIZES),
        send_if_view_empty=dict(type="bool"),
        suspended=dict(type="bool"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    spec.update(frequency_argspec())
    return spec


# ---------------------------------------------------------------------------------------- the resource

SUBSCRIPTION_FIELDS = FieldTable("subscription", [
    Field("user", option=False),
    Field("content_type", option=False),
    Field("project", option=False),
    Field("workbook", option=False),
    Field("view", option=False),
    Field("subject", "subject", option=False),
    Field("schedule", option=False),
    Field("frequency", option=False, version=CLOUD_FREQUENCY_VERSION),
] + [Field(option, option=False) for option in FREQUENCY_OPTIONS[1:]] + [
    # The e-mail's text: the REST API's message; "message" is an argument name Ansible keeps for itself.
    Field("body", "message", version=DETAILS_VERSION),
    Field("attach_image", "attachImage", "bool", version=DETAILS_VERSION),
    Field("attach_pdf", "attachPdf", "bool", version=DETAILS_VERSION),
    Field("page_orientation", "pageOrientation", PAGE_ORIENTATIONS, version=DETAILS_VERSION),
    Field("page_size", "pageSizeOption", PAGE_SIZES, version=DETAILS_VERSION),
    Field("send_if_view_empty", kind="bool", version=DETAILS_VERSION),
    Field("suspended", "suspended", "bool", version=DETAILS_VERSION),
    Field("user_id", compare=False, option=False),
    Field("content_id", compare=False, option=False),
    Field("schedule_id", compare=False, option=False),
])
# What a task may change in place (the rest is the subscription's identity).
CHANGEABLE = ("schedule", "body", "attach_image", "attach_pdf", "page_orientation", "page_size",
              "send_if_view_empty", "suspended")


def _canonical(value, choices):
    """A value as the choices spell it: servers have sent ``PORTRAIT`` (TSC's subscription_get.xml)."""
    for choice in choices:
        if value is not None and choice.lower() == value.lower():
            return choice
    return value


class SubscriptionResource(Resource):
    """Subscription reads and writes on the signed-in site; writes honour ``check_mode``."""

    path = "/subscriptions"
    tag = "subscription"
    kind = "subscription"
    table = SUBSCRIPTION_FIELDS
    filterable = False

    def __init__(self, client, check_mode=False):
        super(SubscriptionResource, self).__init__(client, check_mode)
        client.require_version(SUBSCRIPTIONS_VERSION, "Subscriptions")

    # ------------------------------------------------------------------ shapes

    def from_xml(self, el):
        """A subscription as the server answers it: ids, and whatever names the answer carries."""
        record = dict((name, None) for name in self.table.names())
        record.update(id=el.get("id"), subject=el.get("subject"), body=el.get("message"),
                      attach_image=xmlio.to_bool(el.get("attachImage")), attach_pdf=xmlio.to_bool(el.get("attachPdf")),
                      page_orientation=_canonical(el.get("pageOrientation"), PAGE_ORIENTATIONS),
                      page_size=_canonical(el.get("pageSizeOption"), PAGE_SIZES),
                      suspended=xmlio.to_bool(el.get("suspended")))
        content, user, schedule = xmlio.find(el, "content"), xmlio.find(el, "user"), xmlio.find(el, "schedule")
        if content is not None:
            record.update(content_id=content.get("id"), content_type=(content.get("type") or "").lower() or None,
                          send_if_view_empty=xmlio.to_bool(content.get("sendIfViewEmpty")))
        if user is not None:
            record.update(user_id=user.get("id"), user=user.get("name"))
        record.update(empty())
        if schedule is not None:
            record.update(schedule_id=schedule.get("id"), schedule=schedule.get("name"))
            record.update(frequency_from_xml(schedule) or {})
        return record

    def request(self, values, content=None, schedule_id=None, user_id=None):
        """``<tsRequest>``: the subscription, and a Cloud frequency beside it (where the reference puts it)."""
        el = xmlio.element("subscription", self.table.attributes(values))
        if content is not None or values.get("send_if_view_empty") is not None:
            el.append(xmlio.element("content", dict(content or {}, sendIfViewEmpty=values.get("send_if_view_empty"))))
        if schedule_id:
            el.append(xmlio.element("schedule", {"id": schedule_id}))
        if user_id:
            el.append(xmlio.element("user", {"id": user_id}))
        root = ET.Element("tsRequest")
        root.append(el)
        if values.get("frequency"):
            root.append(frequency_element(values))
        return ET.tostring(root, encoding="utf-8")

    def predict(self, fields):
        predicted = dict((name, None) for name in self.table.names())
        predicted.update(empty(), id=None, attach_image=True, attach_pdf=False, suspended=False,
                         send_if_view_empty=True)
        predicted.update((key, value) for key, value in fields.items() if value is not None)
        return predicted

    # ------------------------------------------------------------------ reads

    def matching(self, user_id, content_type, content_id, subject):
        """The subscriptions of this user to this content with this subject: one listing of the site's."""
        return [s for s in self.list() if s["user_id"] == user_id and s["content_id"] == content_id
                and s["content_type"] == content_type and s["subject"] == subject]

    # ------------------------------------------------------------------ writes

    def require_versions(self, values):
        if values.get("frequency"):
            self.client.require_version(CLOUD_FREQUENCY_VERSION, "A subscription's own frequency (Tableau Cloud)")
        self.table.require_versions(self.client, values)

    def create(self, fields, find=None):
        """Create Subscription; in check mode the predicted subscription, without a request.

        Create Subscription makes "a new, unsuspended subscription": one wanted suspended is suspended by an
        Update Subscription right after.
        """
        self.require_versions(fields)
        if self.check_mode:
            return self.predict(fields)
        suspend = fields.get("suspended")
        fields = dict((key, value) for key, value in fields.items() if key != "suspended")
        predicted = self.predict(fields)
        content = {"id": fields["content_id"], "type": XML_CONTENT_TYPES[fields["content_type"]]}
        body = self.request(fields, content, fields.get("schedule_id"), fields["user_id"])

        def post():
            return self.answered(self.send("POST", self.path, body, expected=(200, 201)))

        def look():
            found = self.matching(fields["user_id"], fields["content_type"], fields["content_id"], fields["subject"])
            return found[0] if found else None
        made = create_once(post, find or look, "subscription '%s'" % fields["subject"])
        made = predicted_update(predicted, dict((k, v) for k, v in made.items() if v is not None))
        if suspend and not made.get("suspended"):
            made = self.update(made, {"suspended": True})
        return made

    def update(self, current, change):
        """Update Subscription with the changed fields; a frequency is sent whole. Nothing for no change."""
        if not change:
            return current
        self.require_versions(change)
        predicted = predicted_update(current, change)
        if self.check_mode:
            return predicted
        values = dict((key, change.get(key)) for key in CHANGEABLE if key != "schedule")
        if "frequency" in change:
            values.update((option, predicted[option]) for option in FREQUENCY_OPTIONS)
        body = self.request(values, schedule_id=change.get("schedule_id"))
        root = self.send("PUT", "%s/%s" % (self.path, current["id"]), body)
        el = xmlio.find(root, self.tag)
        if el is not None:
            predicted.update((key, value) for key, value in self.from_xml(el).items() if value is not None)
        return predicted


# ---------------------------------------------------------------------------------------- names

class Names(object):
    """Names for the ids subscriptions carry, from one listing per kind, made only when needed."""

    def __init__(self, client):
        self.client = client
        self._cache = {}

    def _once(self, kind, load):
        if kind not in self._cache:
            self._cache[kind] = load()
        return self._cache[kind]

    def users(self):
        return self._once("users", lambda: dict((u["id"], u["name"]) for u in UserResource(self.client).list()))

    def workbooks(self):
        return self._once("workbooks", lambda: dict((w["id"], w) for w in WorkbookResource(self.client).list()))

    def views(self):
        def load():
            return dict((el.get("id"), {"name": el.get("name"), "workbook_id": xmlio.find(el, "workbook").get("id")
                                        if xmlio.find(el, "workbook") is not None else None})
                        for el in self.client.paginate("/views", "view"))
        return self._once("views", load)

    def project_paths(self):
        def load():
            projects = ProjectResource(self.client)
            return dict((p_id, join_path(parts)) for p_id, parts in projects.paths_by_id(projects.list()).items())
        return self._once("projects", load)

    def schedules(self):
        def load():
            try:
                return dict((s["id"], s["name"]) for s in ScheduleResource(self.client).list())
            except TableauValidationError:
                # Not a server administrator: the schedule stays known by its id only.
                return {}
        return self._once("schedules", load)

    def fill(self, subscription):
        """``subscription`` with its user, project, workbook, view and schedule by name."""
        named = dict(subscription)
        if named.get("user") is None and named.get("user_id"):
            named["user"] = self.users().get(named["user_id"])
        workbook_id = named.get("content_id")
        if named.get("content_type") == "view":
            view = self.views().get(named["content_id"]) or {}
            named["view"], workbook_id = view.get("name"), view.get("workbook_id")
        workbook = self.workbooks().get(workbook_id) if workbook_id else None
        if workbook is not None:
            named["workbook"] = workbook["name"]
            named["project"] = self.project_paths().get(workbook["project_id"])
        if named.get("schedule") is None and named.get("schedule_id"):
            named["schedule"] = self.schedules().get(named["schedule_id"])
        return named


# ---------------------------------------------------------------------------------------- module logic

def check_params(params):
    """What tableau_subscription refuses before any request (sign-in included)."""
    content_type = params.get("content_type")
    if content_type == "view" and not params.get("view"):
        raise TableauValidationError("content_type view needs view: the name of the view in the workbook.")
    if content_type == "workbook" and params.get("view"):
        raise TableauValidationError("view is for content_type view; a workbook subscription sends every view.",
                                     hint="Set content_type: view to subscribe to one view.")
    if content_type == "workbook" and params.get("send_if_view_empty") is not None:
        raise TableauValidationError("send_if_view_empty applies to views only.")
    if not (params.get("subject") or "").strip():
        raise TableauValidationError("subject must not be empty: it tells a user's subscriptions apart.")
    if params.get("attach_image") is False and params.get("attach_pdf") is False:
        raise TableauValidationError("attach_image and attach_pdf cannot both be false.",
                                     hint="A subscription sends an image, a PDF or both.")
    if params.get("state", "present") == "present":
        desired_frequency(params)


def _content(client, params, required):
    """(content_id, names) of the task's workbook or view; (None, names) when it is missing and not ``required``."""
    names = {"project": params["project"], "workbook": params["workbook"], "view": params.get("view")}
    parts = split_path(params["project"])
    if not parts:
        raise TableauValidationError("project is empty.", hint="Use 'Default' for the Default project.")
    chain = ProjectResource(client).resolve(parts)[0]
    project = chain[-1] if len(chain) == len(parts) else None
    workbooks = WorkbookResource(client)
    workbook = workbooks.find(params["workbook"], project["id"]) if project is not None else None
    if workbook is None:
        if not required:
            return None, names
        raise TableauValidationError("There is no workbook named '%s' in the project '%s'."
                                     % (params["workbook"], join_path(parts)),
                                     hint="Publish it first with tableau.server.tableau_workbook.")
    names.update(project=join_path([p["name"] for p in chain]), workbook=workbook["name"])
    if params["content_type"] == "workbook":
        return workbook["id"], names
    if is_planned(workbook):
        # A workbook the same plan publishes (tableau_site_state): its views exist once it is published.
        names["view"] = params["view"]
        return "%s/%s" % (workbook["id"], name_key(params["view"])), names
    view = [v for v in workbooks.views(workbook) if same_name(v["name"], params["view"])]
    if not view:
        if not required:
            return None, names
        raise TableauValidationError("The workbook '%s' has no view named '%s'." % (workbook["name"], params["view"]),
                                     hint="Views are the workbook's sheets and dashboards that are not hidden.")
    names["view"] = view[0]["name"]
    return view[0]["id"], names


def _user(client, name, required):
    found = UserResource(client).find_by_name(name)
    if found is None and required:
        raise UserResource(client).not_found(name)
    return found


def _schedule(client, name):
    """The server schedule named ``name``, which must be a Subscription schedule."""
    schedule = ScheduleResource(client).require_by_name(name)
    if schedule["type"] != "Subscription":
        raise TableauValidationError(
            "The schedule '%s' is an %s schedule; subscriptions run on Subscription schedules." % (schedule["name"],
                                                                                                   schedule["type"]),
            hint="Choose a server schedule of type Subscription; Tableau Server's Schedules page shows each "
                 "schedule's type.")
    return schedule


def shown(subscription):
    return SUBSCRIPTION_FIELDS.shown(subscription)


def _desired(client, params):
    """The fields the task sets (None = leave alone), with the schedule's id and name or the frequency."""
    desired = dict((key, params.get(key)) for key in CHANGEABLE if key != "schedule")
    if params.get("schedule"):
        schedule = _schedule(client, params["schedule"])
        desired.update(schedule=schedule["name"], schedule_id=schedule["id"])
    frequency = desired_frequency(params)
    if frequency is not None:
        desired.update(frequency)
    return desired


def _change(current, desired):
    change = SUBSCRIPTION_FIELDS.changes(current, dict((k, desired.get(k)) for k in CHANGEABLE))
    if "schedule" in change:
        change["schedule_id"] = desired["schedule_id"]
    if desired.get("frequency") is not None:
        wanted = dict((option, desired[option]) for option in FREQUENCY_OPTIONS)
        if dict((option, current.get(option)) for option in FREQUENCY_OPTIONS) != wanted:
            change.update(wanted)
    return change


def _check_attachments(subscription):
    if subscription.get("attach_image") is False and subscription.get("attach_pdf") is False:
        raise TableauValidationError("The subscription '%s' would attach neither an image nor a PDF."
                                     % subscription["subject"],
                                     hint="Leave attach_image or attach_pdf true.")


def _one(found, params):
    if len(found) > 1:
        raise TableauValidationError(
            "%d subscriptions of '%s' to this %s have the subject '%s' (ids %s); which to change is not clear."
            % (len(found), params["user"], params["content_type"], params["subject"], ", ".join(s["id"] for s in found)),
            hint="Run the task with state absent to remove them all, then again to make one.")
    return found[0] if found else None


def ensure_present(subscriptions, params):
    """Create the subscription, or change its schedule and settings in place."""
    check_params(params)
    client = subscriptions.client
    if params.get("schedule") and is_tableau_cloud(client):
        ScheduleResource(client)  # refuses, saying what Cloud offers instead
    user = _user(client, params["user"], required=True)
    content_id, names = _content(client, params, required=True)
    desired = _desired(client, params)
    identity = dict(names, user=user["name"], user_id=user["id"], content_type=params["content_type"],
                    content_id=content_id, subject=params["subject"])
    current = _one(subscriptions.matching(user["id"], params["content_type"], content_id, params["subject"]), params)
    if current is not None:
        if current.get("schedule_id") and desired.get("frequency"):
            raise TableauValidationError(
                "The subscription '%s' runs on a server schedule: on Tableau Server give schedule, the name of a "
                "Subscription schedule; frequency is for Tableau Cloud." % params["subject"])
        current = dict(current, **identity)
        if current.get("schedule") is None and current.get("schedule_id"):
            current = Names(client).fill(current)
        change = _change(current, desired)
        _check_attachments(predicted_update(current, change))
        after = subscriptions.update(current, change)
        changed = bool(change)
    else:
        if not desired.get("schedule_id") and not desired.get("frequency"):
            raise TableauValidationError(
                "Creating the subscription '%s' needs schedule (Tableau Server) or frequency and start_time "
                "(Tableau Cloud)." % params["subject"])
        fields = dict((key, value) for key, value in desired.items() if value is not None)
        fields.update(identity)
        _check_attachments(subscriptions.predict(fields))
        after, changed = subscriptions.create(fields), True
    return Outcome().record(changed, shown(current), shown(after)).ret(subscription=after).result()


def ensure_absent(subscriptions, params):
    """Delete every subscription of the user to the content with the subject; nothing when there is none."""
    client = subscriptions.client
    user = _user(client, params["user"], required=False)
    content_id, names = _content(client, params, required=False) if user is not None else (None, {})
    found = []
    if user is not None and content_id is not None:
        found = subscriptions.matching(user["id"], params["content_type"], content_id, params["subject"])
    for subscription in found:
        subscriptions.delete(subscription)
    before = Names(client).fill(dict(found[0], user=user["name"], **names)) if found else None
    return Outcome().record(bool(found), shown(before), {}).ret(subscription={}).result()


def ensure(subscriptions, params):
    if params.get("state") == "absent":
        return ensure_absent(subscriptions, params)
    return ensure_present(subscriptions, params)


def subscription_info(subscriptions, params):
    """tableau_subscription_info: the site's subscriptions by names, filtered, from one listing per kind."""
    names = Names(subscriptions.client)
    found = [names.fill(s) for s in subscriptions.list()]
    wanted_project = join_path(split_path(params["project"])) if params.get("project") else None
    filters = (("user", params.get("user")), ("workbook", params.get("workbook")), ("view", params.get("view")),
               ("schedule", params.get("schedule")), ("project", wanted_project))
    found = [s for s in found if all(value is None or name_key(s.get(key)) == name_key(value)
                                     for key, value in filters)]
    found.sort(key=lambda s: (name_key(s["user"]), name_key(s["project"]), name_key(s["workbook"]),
                              name_key(s["view"]), s["subject"] or ""))
    return False, dict(subscriptions=found), None
