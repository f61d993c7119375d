# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sections of a site description (SITE-SCHEMA, version 1) as one table: what each item takes, and how
each section is converged (``apply``) and cleaned up (``purge``) through the resource layer's convergers.

Every converger here is the one the per-resource module runs (users, projects, groups, permissions,
content publishing, site settings), so a section and its module can never disagree. Each section
function takes the run (``site_state.Run``: client, check mode, purge settings) and the section's
validated items, and returns a ``Report``: names created, updated, removed and unchanged, and the
before/after of what it changed by names. A new section costs one ``Section`` row.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import permission
from ansible_collections.tableau.server.plugins.module_utils.client import IN_FILTER_LIMIT
from ansible_collections.tableau.server.plugins.module_utils.content_module import (
    datasource_argument_spec,
    flow_argument_spec,
    workbook_argument_spec,
)
from ansible_collections.tableau.server.plugins.module_utils import task as tasks_logic
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.extract_refresh_task import (
    ExtractRefreshTaskResource,
    extract_refresh_task_spec,
)
from ansible_collections.tableau.server.plugins.module_utils.flow import FLOWS_VERSION, FlowResource
from ansible_collections.tableau.server.plugins.module_utils.group import (
    ALL_USERS,
    GroupConverger,
    GroupResource,
    group_item_spec,
)
from ansible_collections.tableau.server.plugins.module_utils.project import (
    ProjectConverger,
    ProjectResource,
    join_path,
    path_key,
    project_item_spec,
    split_path,
)
from ansible_collections.tableau.server.plugins.module_utils.project import shown as project_shown
from ansible_collections.tableau.server.plugins.module_utils.publishing import ensure_present
from ansible_collections.tableau.server.plugins.module_utils.resource import check_purge_share, name_key
from ansible_collections.tableau.server.plugins.module_utils.schedule import ScheduleResource, schedule_spec
from ansible_collections.tableau.server.plugins.module_utils.schedule import ensure_present as ensure_schedule
from ansible_collections.tableau.server.plugins.module_utils.site import SiteResource, settings_spec, validate_settings
from ansible_collections.tableau.server.plugins.module_utils.site import changes as site_changes
from ansible_collections.tableau.server.plugins.module_utils import subscription as subscriptions_logic
from ansible_collections.tableau.server.plugins.module_utils.frequency import given as frequency_given
from ansible_collections.tableau.server.plugins.module_utils.subscription import SubscriptionResource, subscription_spec
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource, converge_users, desired_user
from ansible_collections.tableau.server.plugins.module_utils.user import shown as user_shown
from ansible_collections.tableau.server.plugins.module_utils.user import user_item_spec
from ansible_collections.tableau.server.plugins.module_utils.webhook import WebhookResource, webhook_spec
from ansible_collections.tableau.server.plugins.module_utils.webhook import ensure_present as ensure_webhook
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

# Options of the per-resource items a description never carries: the description says what exists
# (no state), and moves, downloads and refreshes are not a site's state.
CONTENT_DROPPED = ("state", "dest", "include_extract", "new_project", "new_name", "incremental", "wait")
DEFAULT_PROJECT = "default"


class Report(object):
    """What one section did (or, in check mode, would do), by names."""

    def __init__(self):
        self.created, self.updated, self.removed, self.unchanged = [], [], [], []
        self.before, self.after = {}, {}

    def note(self, name, before, after, changed):
        """One item: created when it had no before, updated when it changed, else unchanged."""
        if not changed:
            self.unchanged.append(name)
            return
        (self.updated if before else self.created).append(name)
        if before:
            self.before[name] = before
        self.after[name] = after

    def gone(self, name, before):
        self.removed.append(name)
        self.before[name] = before

    def merge(self, other):
        for field in ("created", "updated", "removed", "unchanged"):
            getattr(self, field).extend(getattr(other, field))
        self.before.update(other.before)
        self.after.update(other.after)
        return self

    def changed(self):
        return bool(self.created or self.updated or self.removed)

    def summary(self):
        return dict((field, sorted(getattr(self, field), key=name_key))
                    for field in ("created", "updated", "removed", "unchanged"))


class Section(object):
    """One row of the pipeline: ``spec()`` the item options (the per-resource module's, less ``dropped``),
    ``label(item)`` the item's name in messages, ``apply`` and ``purge`` (None: nothing to remove), and
    ``listings(run, items)``, the resources whose whole listing it reads either way."""

    def __init__(self, name, spec, label, apply, purge=None, dropped=("state",), module=None, listings=None):
        self.name = name
        # listings(run, items): the resources whose whole listing the section reads (the plan reads them
        # side by side before the first section; see site_state.prefetch)
        self.listings = listings or (lambda run, items: [])
        self.spec = spec
        self.label = label
        self.apply = apply
        self.purge = purge
        self.dropped = dropped
        self.module = module

    def item_spec(self):
        return dict((key, value) for key, value in self.spec().items() if key not in self.dropped)


# ---------------------------------------------------------------------------------------- site settings

def site_spec():
    return dict(settings=dict(type="dict", options=settings_spec()))


def apply_site(run, items):
    report = Report()
    settings = dict((key, value) for key, value in (items[0].get("settings") or {}).items() if value is not None)
    sites = SiteResource(run.client, run.check_mode)
    current = sites.current()
    validate_settings(dict(current, **settings))
    change = site_changes(current, settings)
    sites.update(current, change)
    report.note("settings", dict((key, current.get(key)) for key in change), change, bool(change))
    return report


# ---------------------------------------------------------------------------------------- users

def apply_users(run, items):
    report = Report()
    users = UserResource(run.client, run.check_mode)
    # Many new users (a first run on a new site) go in with one Import Users to Site from CSV job, as
    # tableau_user's default bulk_import does.
    plan, after = converge_users(users, [desired_user(item) for item in items], dict(users=items, bulk_import="auto"))
    for fields in plan["add"]:
        report.note(fields["name"], {}, user_shown(after[name_key(fields["name"])]), True)
    for user, dummy, dummy_password in plan["update"]:
        report.note(user["name"], user_shown(user), user_shown(after[name_key(user["name"])]), True)
    for user in plan["unchanged"]:
        report.note(user["name"], {}, {}, False)
    return report


def users_listings(run, items):
    """The site's users, when the section names more users than one filtered listing carries, or purges them."""
    return [UserResource(run.client)] if run.purging("users") or len(items) > IN_FILTER_LIMIT else []


def purge_users(run, items):
    """Every user of the site not listed goes, but the signed-in user and those ``exclude`` matches."""
    report = Report()
    users = UserResource(run.client, run.check_mode)
    params = dict(users=items, purge=True, exclude=run.exclude, purge_limit=run.purge_limit)
    plan, dummy = converge_users(users, [desired_user(item) for item in items], params)
    for user in plan["remove"]:
        report.gone(user["name"], user_shown(user))
    return report


# ---------------------------------------------------------------------------------------- projects

def _project_view(record, owners):
    """What the summary's diff shows of a project: its fields by names (the owner's name, not a LUID)."""
    shown = project_shown(record)
    owner_id = shown.pop("owner_id", None)
    if owner_id in owners:
        shown["owner"] = owners[owner_id]
    return shown


def apply_projects(run, items):
    report = Report()
    owners = UserResource(run.client).require_by_names([item.get("owner") for item in items], purpose="owner")
    owner_names = dict((user["id"], user["name"]) for user in owners.values())
    wanted = []
    for item in items:
        owner = owners.get(name_key(item.get("owner"))) if item.get("owner") else None
        wanted.append(dict(item, parts=split_path(item["path"]), state="present",
                           owner_id=owner["id"] if owner else None))
    converger = ProjectConverger(ProjectResource(run.client, run.check_mode), create_parents=True)
    results = converger.converge(wanted)
    for parts, before, after in converger.changes:
        report.note(join_path(parts), _project_view(before, owner_names), _project_view(after, owner_names), True)
    for item, result in zip(wanted, results):
        if not result["changed"]:
            report.note(join_path(item["parts"]), {}, {}, False)
    return report


def purge_projects(run, items):
    """Projects neither listed nor above a listed one go (the Default project stays); deleting a project
    deletes what is in it, so content is purged before (removals run in reverse)."""
    report = Report()
    projects = ProjectResource(run.client, run.check_mode)
    every = projects.list()
    paths = projects.paths_by_id(every)
    kept = set([(DEFAULT_PROJECT,)])
    for item in items:
        key = path_key(split_path(item["path"]))
        kept.update(key[:depth] for depth in range(1, len(key) + 1))
    doomed = sorted((paths[p["id"]] for p in every if path_key(paths[p["id"]]) not in kept), key=path_key)
    check_purge_share("projects of the site", [join_path(parts) for parts in doomed], len(every), run.purge_limit)
    converger = ProjectConverger(projects)
    converger.converge([dict(parts=parts, state="absent") for parts in doomed])
    for parts, before, dummy in converger.changes:
        report.gone(join_path(parts), _project_view(before, {}))
    return report


# ---------------------------------------------------------------------------------------- groups

def apply_groups(run, items):
    """Groups and their members; with the groups purged, each listed group's members are exactly those listed."""
    report = Report()
    exact = bool(run.purging("groups"))
    specs = [dict(item, state="present", purge_members=item.get("purge_members") or exact, purge_limit=run.purge_limit)
             for item in items]
    for spec, outcome in zip(specs, GroupConverger(GroupResource(run.client, run.check_mode)).converge(specs)):
        report.note(outcome["after"].get("name") or spec["name"], outcome["before"], outcome["after"], outcome["changed"])
    return report


def groups_listings(run, items):
    """The site's groups (purged, or more named than one filtered listing carries), and its users when
    the members named are that many."""
    members = set(name_key(name) for item in items for name in item.get("members") or [])
    listings = [GroupResource(run.client)] if run.purging("groups") or len(items) > IN_FILTER_LIMIT else []
    return listings + ([UserResource(run.client)] if len(members) > IN_FILTER_LIMIT else [])


def purge_groups(run, items):
    """Groups not listed go; All Users is on every site and stays."""
    report = Report()
    groups = GroupResource(run.client, run.check_mode)
    listed = set(name_key(item["name"]) for item in items) | set([name_key(ALL_USERS)])
    every = groups.list()
    doomed = [group for group in every if name_key(group["name"]) not in listed]
    check_purge_share("groups of the site", [group["name"] for group in doomed], len(every), run.purge_limit)
    groups.map(groups.delete, doomed)
    for group in doomed:
        report.gone(group["name"], dict(name=group["name"], domain=group.get("domain"),
                                        minimum_site_role=group.get("minimum_site_role")))
    return report


# ---------------------------------------------------------------------------------------- content

def content_label(item):
    return "%s/%s" % (item.get("project") or "Default", item.get("name"))


def _content_view(shown, owner):
    shown = dict(shown or {})
    for key in ("owner_id", "fingerprint"):
        shown.pop(key, None)
    if shown and owner:
        shown["owner"] = owner
    return shown


def content_applier(resource_class, version=None):
    def apply(run, items):
        report = Report()
        if version:
            run.client.require_version(version, "%ss" % resource_class.kind.capitalize())
        resource = resource_class(run.client, run.check_mode)

        def publish(item):
            return ensure_present(resource, dict(item, state="present", file=run.content_file(item["file"])))
        for item, (changed, dummy, diff) in zip(items, resource.map(publish, items)):
            report.note(content_label(item), _content_view(diff["before"], item.get("owner")),
                        _content_view(diff["after"], item.get("owner")), changed)
        return report
    return apply


def content_purger(resource_class):
    def purge(run, items):
        """Items of the kind that the description does not list go, wherever they are on the site."""
        report = Report()
        resource = resource_class(run.client, run.check_mode)
        projects = ProjectResource(run.client)
        paths = projects.paths_by_id(projects.list())
        listed = set((path_key(split_path(item.get("project") or "Default")), name_key(item["name"])) for item in items)
        every = resource.list()
        doomed = [item for item in every
                  if (path_key(paths.get(item["project_id"], [])), name_key(item["name"])) not in listed]
        check_purge_share("%ss of the site" % resource.kind, [item["name"] for item in doomed], len(every),
                          run.purge_limit)
        resource.map(resource.delete, doomed)
        for item in doomed:
            where = join_path(paths.get(item["project_id"], []))
            report.gone("%s/%s" % (where, item["name"]), dict(name=item["name"], project=where))
        return report
    return purge


# ---------------------------------------------------------------------------------------- permissions

def permission_spec(default):
    return dict(permission.argument_spec(default)["permissions"]["options"], grants=dict(
        type="list", elements="dict", options=permission.GRANT_SPEC))


def permission_label(item):
    parts = [item.get("content_type"), item.get("project"), item.get("workbook"), item.get("name")]
    return " ".join([parts[0] or "", "/".join(p for p in parts[1:] if p)]).strip()


def permission_applier(default):
    def apply(run, items):
        report = Report()
        purge = run.permission_purge("default_permissions" if default else "permissions")
        specs = [dict(dict((key, item.get(key)) for key in permission.SPEC_KEYS), state="present",
                      purge=item.get("purge") or purge) for item in items]
        converger = permission.PermissionConverger(run.client, run.check_mode)
        for target in converger.converge(specs, default):
            before = permission.shown(target.current, converger.grantees)
            after = permission.shown(target.after, converger.grantees)
            report.note(target.header(), before, after, bool(target.deletes or target.adds))
        return report
    return apply


# ---------------------------------------------------------------------------------------- webhooks

def apply_webhooks(run, items):
    report = Report()
    webhooks = WebhookResource(run.client, run.check_mode)
    for item in items:
        changed, dummy, diff = ensure_webhook(webhooks, dict(item, test=False))
        report.note(item["name"], diff["before"], diff["after"], changed)
    return report


def purge_webhooks(run, items):
    """Webhooks of the site that the description does not list go."""
    report = Report()
    webhooks = WebhookResource(run.client, run.check_mode)
    listed = set(name_key(item["name"]) for item in items)
    every = webhooks.list()
    doomed = [webhook for webhook in every if name_key(webhook["name"]) not in listed]
    check_purge_share("webhooks of the site", [webhook["name"] for webhook in doomed], len(every), run.purge_limit)
    webhooks.map(webhooks.delete, doomed)
    for webhook in doomed:
        shown = ("name", "event", "destination_url", "enabled")
        report.gone(webhook["name"], dict((key, webhook.get(key)) for key in shown))
    return report


# ---------------------------------------------------------------------------------------- schedules

def apply_schedules(run, items):
    """Server schedules (Tableau Server only; tableau_schedule's checks refuse them on Tableau Cloud).

    They belong to the server, not the site: every site shares them, so a site's description can create
    and change them but never purges them (another site's tasks may run on them).
    """
    report = Report()
    schedules = ScheduleResource(run.client, run.check_mode)
    for item in items:
        changed, dummy, diff = ensure_schedule(schedules, item)
        report.note(item["name"], diff["before"], diff["after"], changed)
    return report


# ---------------------------------------------------------------------------------------- extract refresh tasks

def task_label(item):
    """``workbook Default/Sales on Nightly`` (Server) or ``datasource Default/Orders Daily full`` (Cloud)."""
    kind = "workbook" if item.get("workbook") else "datasource"
    if item.get("schedule"):
        where = "on %s" % item["schedule"]
    else:
        where = "%s %s" % (item.get("frequency"), item.get("type") or "full")
    return "%s %s/%s %s" % (kind, item.get("project") or "Default", item.get(kind), where)


def task_key(item):
    """What tells two extract refresh tasks apart (tableau_extract_refresh_task's identity): the content, and
    the server schedule, or (a task with its own frequency) the refresh type."""
    kind = "workbook" if item.get("workbook") else "datasource"
    where = ("schedule", name_key(item["schedule"])) if item.get("schedule") else ("type", item.get("type") or "full")
    return kind, path_key(split_path(item.get("project") or "Default")), name_key(item.get(kind)), where


def check_task_item(item):
    if bool(item.get("workbook")) == bool(item.get("datasource")):
        raise TableauValidationError("The extract refresh task %s names %s." % (
            task_label(item), "both a workbook and a data source" if item.get("workbook") else "no content"),
            hint="Give exactly one of workbook and datasource.")
    tasks_logic.check_params(dict(item, state="present"))


def apply_extract_refresh_tasks(run, items):
    """Each task through tableau_extract_refresh_task's own logic (on a schedule, or with its own frequency)."""
    report = Report()
    for item in items:
        check_task_item(item)
    tasks = ExtractRefreshTaskResource(run.client, run.check_mode)
    for item in items:
        changed, dummy, diff = tasks_logic.ensure_present(tasks, dict(item, state="present"))
        report.note(task_label(item), diff["before"], diff["after"], changed)
    return report


def listed_task_item(task):
    """A listed task (``task.list_tasks``) as the item that names it."""
    kind = task["content_type"]
    item = {kind: task.get(kind), "project": task.get("project"), "schedule": task.get("schedule")}
    if not task.get("schedule"):
        item.update(frequency=task.get("frequency"), type=task.get("type"))
    return item


def purge_extract_refresh_tasks(run, items):
    """Tasks of the site that the description does not list go; one whose content cannot be named is left."""
    report = Report()
    tasks = ExtractRefreshTaskResource(run.client, run.check_mode)
    listed = set(task_key(item) for item in items)
    every = tasks_logic.list_tasks(tasks, {})
    doomed = [task for task in every if task.get(task["content_type"]) and task_key(listed_task_item(task)) not in listed]
    check_purge_share("extract refresh tasks of the site", [task_label(listed_task_item(t)) for t in doomed], len(every),
                      run.purge_limit)
    for task in doomed:
        tasks.delete(task)
        report.gone(task_label(listed_task_item(task)), tasks.shown(task))
    return report


# ---------------------------------------------------------------------------------------- subscriptions

def subscription_label(item):
    """``maria: Marketing/Campaign Results/Overview 'Weekly results'``."""
    content = "/".join(part for part in (item.get("project"), item.get("workbook"), item.get("view")) if part)
    return "%s: %s '%s'" % (item.get("user"), content, item.get("subject"))


def subscription_key(item):
    """tableau_subscription's identity: the user, the content, and the subject (compared exactly)."""
    view = name_key(item.get("view")) if item.get("content_type") == "view" else None
    return (name_key(item.get("user")), item.get("content_type"), path_key(split_path(item.get("project") or "")),
            name_key(item.get("workbook")), view, item.get("subject"))


def apply_subscriptions(run, items):
    """Each subscription through tableau_subscription's own logic (a Subscription schedule, or its own frequency)."""
    report = Report()
    for item in items:
        if item.get("schedule") and frequency_given(item):
            raise TableauValidationError("The subscription %s gives both schedule and frequency options."
                                         % subscription_label(item),
                                         hint="schedule on Tableau Server; frequency and its options on Tableau Cloud.")
        subscriptions_logic.check_params(dict(item, state="present"))
    subscriptions = SubscriptionResource(run.client, run.check_mode)
    for item in items:
        changed, dummy, diff = subscriptions_logic.ensure_present(subscriptions, dict(item, state="present"))
        report.note(subscription_label(item), diff["before"], diff["after"], changed)
    return report


def purge_subscriptions(run, items):
    """Subscriptions of the site that the description does not list go; one whose content or user cannot be
    named is left."""
    report = Report()
    subscriptions = SubscriptionResource(run.client, run.check_mode)
    listed = set(subscription_key(item) for item in items)
    every = subscriptions_logic.subscription_info(subscriptions, {})[1]["subscriptions"]
    doomed = [s for s in every if s.get("user") and s.get("workbook") and subscription_key(s) not in listed]
    check_purge_share("subscriptions of the site", [subscription_label(s) for s in doomed], len(every), run.purge_limit)
    for found in doomed:
        subscriptions.delete(found)
        report.gone(subscription_label(found), subscriptions_logic.shown(found))
    return report


def _name(item):
    return item.get("name")


def _path(item):
    return item.get("path")


SECTIONS = (
    Section("site", site_spec, lambda item: "settings", apply_site, dropped=(), module="tableau_site"),
    Section("users", user_item_spec, _name, apply_users, purge_users, module="tableau_user", listings=users_listings),
    Section("projects", project_item_spec, _path, apply_projects, purge_projects, module="tableau_project",
            listings=lambda run, items: [ProjectResource(run.client)]),
    Section("groups", group_item_spec, _name, apply_groups, purge_groups, dropped=("state", "new_name"),
            module="tableau_group", listings=groups_listings),
    Section("workbooks", workbook_argument_spec, content_label, content_applier(WorkbookResource),
            content_purger(WorkbookResource), dropped=CONTENT_DROPPED, module="tableau_workbook"),
    Section("datasources", datasource_argument_spec, content_label, content_applier(DatasourceResource),
            content_purger(DatasourceResource), dropped=CONTENT_DROPPED, module="tableau_datasource"),
    Section("flows", flow_argument_spec, content_label, content_applier(FlowResource, FLOWS_VERSION),
            content_purger(FlowResource), dropped=CONTENT_DROPPED + ("run_mode",), module="tableau_flow"),
    Section("permissions", lambda: permission_spec(False), permission_label, permission_applier(False),
            module="tableau_permission"),
    Section("default_permissions", lambda: permission_spec(True), permission_label, permission_applier(True),
            module="tableau_default_permission"),
    Section("schedules", schedule_spec, _name, apply_schedules, module="tableau_schedule"),
    Section("extract_refresh_tasks", extract_refresh_task_spec, task_label, apply_extract_refresh_tasks,
            purge_extract_refresh_tasks, dropped=("state", "wait", "wait_timeout"),
            module="tableau_extract_refresh_task"),
    Section("subscriptions", subscription_spec, subscription_label, apply_subscriptions, purge_subscriptions,
            module="tableau_subscription"),
    Section("webhooks", webhook_spec, _name, apply_webhooks, purge_webhooks, dropped=("state", "test"),
            module="tableau_webhook"),
)
# Sections of the schema that the apply does not converge yet: refused, never ignored.
NOT_APPLIED = {}
