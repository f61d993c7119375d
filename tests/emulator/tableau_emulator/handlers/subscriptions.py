"""Subscriptions: scheduled e-mails of a view or workbook to one user (REST API 2.3+).

Routes (under ``/api/<version>/sites/{site_id}``): ``GET`` and ``POST /subscriptions``, ``GET``, ``PUT`` and
``DELETE /subscriptions/{subscription_id}``, all 2.3 (the reference's "Subscriptions Methods" and TSC's
``@api(version="2.3")``).

Tableau Server and Tableau Cloud differ in the schedule:

* Server (``request.state.is_cloud`` false): a subscription runs on a server schedule of type Subscription,
  ``<subscription ...><content/><schedule id/><user id/></subscription>``; the answer carries
  ``<schedule id name/>``. A frequency instead of a schedule id is refused (400000).
* Cloud: the subscription carries its own frequency, ``<schedule frequency><frequencyDetails start end>
  <intervals><interval .../></intervals></frequencyDetails></schedule>``, "Available in API 3.20 (Tableau Cloud
  June 2023)" (the reference's Create Subscription). The reference's Cloud request puts that ``<schedule>`` beside
  ``<subscription>`` in the ``<tsRequest>``; one inside ``<subscription>`` (where the answers carry it) is taken
  too. A schedule id is refused there (400000): Cloud has no server schedules. An empty ``<schedule/>`` in an
  update (TSC's update request always sends one) leaves the frequency or schedule alone.

Attributes: ``subject`` (required), ``message``, ``attachImage`` (default true), ``attachPdf`` (default false),
``pageOrientation``, ``pageSizeOption``, ``suspended`` (default false; Update only) and ``<content
sendIfViewEmpty>`` (default true). ts-api_3_0.xsd's subscriptionType has only ``id`` and ``subject``, and the
reference names no version for the others: they are sent from AFTER_3_0 on, and below it a request's values for
them are ignored. ``attachImage`` and ``attachPdf`` cannot both be false. On a site with
``allowSubscriptionAttachments`` false, a request that names either is refused with the server's 400000 "Specifying
subscription attachments not allowed." (quoted in tableau/server-client-python#1430).

Checks and their codes: the user must be on the site (404002) and able to see the content (Read on it;
403000 otherwise); the workbook (404006) or view (404011) must exist; the schedule must exist (404000, as
``schedules.get_schedule``) and be a Subscription schedule (400000); an unknown subscription is 404025. Site
administrators subscribe anyone; other users themselves only, or others when ``subscribeOthersEnabled`` and they
own the content. Listings show administrators every subscription, other users their own.

Items go with their user (``user_removed``), their content (``content_deleted``: workbooks and views) and, once
the schedules handler fires it, their schedule (``schedule_deleted``).
"""

import re

from .. import registry
from ..access import is_site_admin
from ..errors import bad_request, forbidden, not_found
from ..query import list_response
from ..registry import AFTER_3_0, on, route, site_collection, versioned
from ..routing import created, no_content, ok
from ..state import new_id
from ..xmlio import child, element, now, parse_bool
from .permissions import holds
from .schedules import frequency_details_element, get_schedule
from .users import get_user
from .workbooks import get_workbook

CLOUD_VERSION = "3.20"
CONTENT_TYPES = {"view": "View", "workbook": "Workbook"}
PAGE_ORIENTATIONS = ("Portrait", "Landscape")
PAGE_SIZES = ("A3", "A4", "A5", "B4", "B5", "Executive", "Folio", "Ledger", "Legal", "Letter", "Note", "Quarto",
              "Tabloid", "Unspecified")
FREQUENCIES = ("Hourly", "Daily", "Weekly", "Monthly")
WEEK_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# The interval values ts-api_3_29.xsd's intervalType allows.
INTERVAL_HOURS = ("1", "2", "4", "6", "8", "12")
INTERVAL_MINUTES = ("15", "30")
# A Daily frequency that runs once a day: <interval hours="24"/>, as servers send it for Daily schedules (TSC's
# tasks_with_interval.xml; the schema test's allow-list has the evidence) and as the Cloud tasks take it.
DAILY_ONCE = "24"
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$")
DETAIL_ATTRIBUTES = ("message", "attachImage", "attachPdf", "pageOrientation", "pageSizeOption", "suspended")
ATTACHMENTS_REFUSED = "Payload is either malformed or incomplete. (Specifying subscription attachments not allowed.)"


def _summary(site):
    """``"<user> / <Workbook|View> <name> / <subject>"`` for each subscription."""
    lines = []
    for item in site.subscriptions.values():
        user = site.users.get(item["userId"]) or {}
        content = (site.workbooks if item["contentType"] == "Workbook" else site.views).get(item["contentId"]) or {}
        lines.append("%s / %s %s / %s" % (user.get("name"), item["contentType"], content.get("name"), item["subject"]))
    return sorted(lines)


site_collection("subscriptions", summary=_summary)
versioned("subscription", dict((name, AFTER_3_0) for name in DETAIL_ATTRIBUTES))
versioned("content", {"sendIfViewEmpty": AFTER_3_0})


# ------------------------------------------------------------------ what removes subscriptions


@on("user_removed")
def remove_subscriptions_of_user(state, site, user, heir_id):
    for item_id in [i for i, item in site.subscriptions.items() if item["userId"] == user["id"]]:
        del site.subscriptions[item_id]


@on("content_deleted")
def remove_subscriptions_of_content(state, site, kind, item_ids):
    if kind not in ("workbooks", "views"):
        return
    content_type = "Workbook" if kind == "workbooks" else "View"
    gone = set(item_ids)
    for item_id in [i for i, item in site.subscriptions.items()
                    if item["contentType"] == content_type and item["contentId"] in gone]:
        del site.subscriptions[item_id]


def remove_subscriptions_of_schedule(state, schedule, *ignored):
    """A server schedule is gone: so are the subscriptions that ran on it, on every site."""
    schedule_id = schedule.get("id") if isinstance(schedule, dict) else schedule
    for site in state.sites.values():
        for item_id in [i for i, item in site.subscriptions.items() if item.get("scheduleId") == schedule_id]:
            del site.subscriptions[item_id]


# The schedules handler fires schedule_deleted once it can delete schedules; until then there is nothing to hook.
if "schedule_deleted" in registry.EVENTS:
    on("schedule_deleted")(remove_subscriptions_of_schedule)


# ------------------------------------------------------------------ answers


def schedule_of(state, item):
    """The ``<schedule>`` of an answer: the server schedule's id and name, or the subscription's own frequency."""
    if item.get("scheduleId"):
        schedule = state.schedules.get(item["scheduleId"]) or {}
        return element("schedule", {"id": item["scheduleId"], "name": schedule.get("name")})
    el = element("schedule", {"frequency": item["frequency"], "nextRunAt": item.get("nextRunAt")})
    el.append(frequency_details_element(item))
    return el


def subscription_element(state, site, item):
    user = site.users.get(item["userId"]) or {}
    el = element("subscription", {
        "id": item["id"], "subject": item["subject"], "message": item["message"],
        "attachImage": item["attachImage"], "attachPdf": item["attachPdf"],
        "pageOrientation": item["pageOrientation"], "pageSizeOption": item["pageSizeOption"],
        "suspended": item["suspended"],
    })
    el.append(element("content", {"id": item["contentId"], "type": item["contentType"],
                                  "sendIfViewEmpty": item["sendIfViewEmpty"]}))
    el.append(schedule_of(state, item))
    el.append(element("user", {"id": item["userId"], "name": user.get("name")}))
    return el


def subscription_not_found(subscription_id):
    return not_found("404025", "Resource Not Found", "The subscription '%s' could not be found." % subscription_id)


def get_subscription(request, subscription_id):
    """The subscription, if the caller may see it: others' subscriptions are not there for other users."""
    item = request.site.subscriptions.get(subscription_id)
    if item is None or not (is_site_admin(request) or item["userId"] == request.session["user_id"]):
        raise subscription_not_found(subscription_id)
    return item


def visible(request, item):
    return is_site_admin(request) or item["userId"] == request.session["user_id"]


# ------------------------------------------------------------------ reading requests


def view_in_site(site, view_id):
    view = site.views.get(view_id)
    if view is None or view["hidden"] or view["workbookId"] not in site.workbooks:
        raise not_found("404011", "Resource Not Found", "The view ID '%s' doesn't correspond to an existing view." % view_id)
    return view


def _content(site, content_el):
    content_type = CONTENT_TYPES.get((content_el.get("type") or "").lower())
    if content_type is None or not content_el.get("id"):
        raise bad_request("A subscription's content needs an id and a type of View or Workbook.")
    if content_type == "Workbook":
        return content_type, get_workbook(site, content_el.get("id"))
    return content_type, view_in_site(site, content_el.get("id"))


def _choice(value, allowed, name):
    if value is None:
        return None
    for option in allowed:
        if option.lower() == value.lower():
            return value
    raise bad_request("The value '%s' of '%s' is not valid; expected one of %s." % (value, name, ", ".join(allowed)))


def _details(request, subscription_el, content_el):
    """The optional attributes a request sets: {stored name: value}, None values left out."""
    if not request.api_version_at_least(AFTER_3_0):
        return {}
    values = {
        "message": subscription_el.get("message"),
        "attachImage": parse_bool(subscription_el.get("attachImage"), "attachImage"),
        "attachPdf": parse_bool(subscription_el.get("attachPdf"), "attachPdf"),
        "pageOrientation": _choice(subscription_el.get("pageOrientation"), PAGE_ORIENTATIONS, "pageOrientation"),
        "pageSizeOption": _choice(subscription_el.get("pageSizeOption"), PAGE_SIZES, "pageSizeOption"),
        "suspended": parse_bool(subscription_el.get("suspended"), "suspended"),
        "sendIfViewEmpty": parse_bool(content_el.get("sendIfViewEmpty"), "sendIfViewEmpty")
        if content_el is not None else None,
    }
    if not request.site.settings.get("allowSubscriptionAttachments", True) and (
            values["attachImage"] is not None or values["attachPdf"] is not None):
        raise bad_request(ATTACHMENTS_REFUSED)
    return dict((key, value) for key, value in values.items() if value is not None)


def _check_attachments(item):
    if item["attachImage"] is False and item["attachPdf"] is False:
        raise bad_request("attachImage and attachPdf cannot both be false: a subscription sends an image, a PDF or both.")


def _interval(interval_el, frequency):
    attrs = dict(interval_el.attrib)
    hours = INTERVAL_HOURS + (DAILY_ONCE,) if frequency == "Daily" else INTERVAL_HOURS
    if "hours" in attrs and attrs["hours"] not in hours:
        raise bad_request("An interval of '%s' hours is not valid; expected one of %s."
                          % (attrs["hours"], ", ".join(hours)))
    if "minutes" in attrs and attrs["minutes"] not in INTERVAL_MINUTES:
        raise bad_request("An interval of '%s' minutes is not valid; expected one of %s."
                          % (attrs["minutes"], ", ".join(INTERVAL_MINUTES)))
    if "weekDay" in attrs and attrs["weekDay"] not in WEEK_DAYS:
        raise bad_request("'%s' is not a day of the week." % attrs["weekDay"])
    if "monthDay" in attrs and attrs["monthDay"] != "LastDay" and not (
            attrs["monthDay"].isdigit() and 1 <= int(attrs["monthDay"]) <= 31):
        raise bad_request("'%s' is not a day of the month (1 to 31, or LastDay)." % attrs["monthDay"])
    if ("monthDay" in attrs) != (frequency == "Monthly"):
        raise bad_request("monthDay intervals are for Monthly frequencies, and only those.")
    return attrs


def _frequency(schedule_el):
    """A Cloud subscription's own schedule from ``<schedule frequency>``: frequency, start, end, intervals."""
    frequency = schedule_el.get("frequency")
    if frequency not in FREQUENCIES:
        raise bad_request("The schedule frequency '%s' is not valid; expected one of %s."
                          % (frequency, ", ".join(FREQUENCIES)))
    details = schedule_el.find("frequencyDetails")
    if details is None or not TIME.match(details.get("start") or ""):
        raise bad_request("A schedule needs frequencyDetails with a start time (HH:MM:SS).")
    end = details.get("end")
    if end is not None and not TIME.match(end):
        raise bad_request("The end time '%s' is not a time (HH:MM:SS)." % end)
    intervals = [_interval(i, frequency) for i in details.findall("intervals/interval")]
    kinds = set(key for interval in intervals for key in interval)
    if frequency == "Hourly" and not kinds & {"hours", "minutes"}:
        raise bad_request("An Hourly schedule needs an interval of hours or minutes.")
    if frequency == "Weekly" and "weekDay" not in kinds:
        raise bad_request("A Weekly schedule needs at least one weekDay interval.")
    if frequency == "Monthly" and "monthDay" not in kinds:
        raise bad_request("A Monthly schedule needs at least one monthDay interval.")
    return {"frequency": frequency, "start": details.get("start"), "end": end, "intervals": intervals,
            "scheduleId": None}


def _schedule(request, root, subscription_el, required):
    """{"scheduleId": ...} on Server, the frequency on Cloud, {} for an empty or missing ``<schedule>``."""
    inner = subscription_el.find("schedule")
    beside = root.find("schedule")
    schedule_el = inner if inner is not None and (inner.get("id") or inner.get("frequency")) else beside
    if schedule_el is None or not (schedule_el.get("id") or schedule_el.get("frequency")):
        if required:
            raise bad_request("A subscription needs a schedule: a server schedule id on Tableau Server, a frequency "
                              "on Tableau Cloud.")
        return {}
    state = request.state
    if state.is_cloud:
        if schedule_el.get("id"):
            raise bad_request("Tableau Cloud has no server schedules: give the subscription its own frequency "
                              "(<schedule frequency=...><frequencyDetails ...>) instead of a schedule id.")
        request.require_version(CLOUD_VERSION)
        return _frequency(schedule_el)
    if not schedule_el.get("id"):
        raise bad_request("Tableau Server subscriptions run on a server schedule: give <schedule id=...> of a "
                          "Subscription schedule, not a frequency.")
    schedule = get_schedule(state, schedule_el.get("id"))
    if schedule["type"] != "Subscription":
        raise bad_request("The schedule '%s' is an %s schedule; subscriptions need a Subscription schedule."
                          % (schedule["name"], schedule["type"]))
    return {"scheduleId": schedule["id"], "frequency": None, "start": None, "end": None, "intervals": []}


def _check_subscriber(request, user, content_type, content):
    site, caller = request.site, request.user
    if not is_site_admin(request) and user["id"] != caller["id"]:
        workbook = content if content_type == "Workbook" else site.workbooks.get(content["workbookId"]) or {}
        if not (site.settings.get("subscribeOthersEnabled", True) and workbook.get("ownerId") == caller["id"]):
            raise forbidden("403000", "Forbidden",
                            "Only administrators, and the owners of the content where the site allows it, can "
                            "subscribe other users.")
    kind = "workbooks" if content_type == "Workbook" else "views"
    if not holds(site, user, kind, content, "Read"):
        raise forbidden("403000", "Forbidden", "The user '%s' cannot see the %s '%s', so cannot be subscribed to it."
                        % (user["name"], content_type.lower(), content["name"]))


# ------------------------------------------------------------------ routes


@route("GET", "/sites/{site_id}/subscriptions", min_version="2.3")
def query_subscriptions(request):
    state, site = request.state, request.site
    items = sorted((i for i in site.subscriptions.values() if visible(request, i)),
                   key=lambda i: i["createdAt"] + i["id"])
    page, pagination = list_response(items, request.query, {"subject": lambda i: i["subject"]})
    return ok(element("pagination", pagination),
              element("subscriptions", None, *[subscription_element(state, site, i) for i in page]))


@route("GET", "/sites/{site_id}/subscriptions/{subscription_id}", min_version="2.3")
def query_subscription(request):
    item = get_subscription(request, request.params["subscription_id"])
    return ok(subscription_element(request.state, request.site, item))


@route("POST", "/sites/{site_id}/subscriptions", min_version="2.3")
def create_subscription(request):
    state, site = request.state, request.site
    if site.settings.get("disableSubscriptions"):
        raise forbidden("403000", "Forbidden", "Subscriptions are disabled on this site.")
    root = request.xml()
    subscription_el = child(root, "subscription")
    subject = subscription_el.get("subject")
    if not subject or not subject.strip():
        raise bad_request("A subscription needs a subject.")
    content_el = child(subscription_el, "content")
    user = get_user(site, child(subscription_el, "user").get("id") or "")
    content_type, content = _content(site, content_el)
    _check_subscriber(request, user, content_type, content)
    item = {
        "id": new_id(), "subject": subject, "message": None, "attachImage": True, "attachPdf": False,
        "pageOrientation": None, "pageSizeOption": None, "suspended": False, "sendIfViewEmpty": True,
        "contentType": content_type, "contentId": content["id"], "userId": user["id"], "createdAt": now(),
    }
    item.update(_details(request, subscription_el, content_el))
    item["suspended"] = False  # Create Subscription makes "a new, unsuspended subscription"
    _check_attachments(item)
    item.update(_schedule(request, root, subscription_el, required=True))
    site.subscriptions[item["id"]] = item
    return created("/api/%s/sites/%s/subscriptions/%s" % (request.api_version, site.id, item["id"]),
                   subscription_element(state, site, item))


@route("PUT", "/sites/{site_id}/subscriptions/{subscription_id}", min_version="2.3")
def update_subscription(request):
    state, site = request.state, request.site
    item = get_subscription(request, request.params["subscription_id"])
    root = request.xml()
    subscription_el = child(root, "subscription")
    subject = subscription_el.get("subject")
    if subject is not None and not subject.strip():
        raise bad_request("A subscription's subject cannot be empty.")
    changed = dict(item)
    if subject is not None:
        changed["subject"] = subject
    changed.update(_details(request, subscription_el, subscription_el.find("content")))
    _check_attachments(changed)
    changed.update(_schedule(request, root, subscription_el, required=False))
    item.update(changed)
    return ok(subscription_element(state, site, item))


@route("DELETE", "/sites/{site_id}/subscriptions/{subscription_id}", min_version="2.3")
def delete_subscription(request):
    site = request.site
    item = get_subscription(request, request.params["subscription_id"])
    del site.subscriptions[item["id"]]
    return no_content()
