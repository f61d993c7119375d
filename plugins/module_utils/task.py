# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scheduled tasks of the signed-in site (extract refreshes, flow runs): what both kinds share.

A task is one piece of content run on a frequency. Tableau Server and Tableau Cloud say when in two
ways, and a task here takes the one its options name:

* on Tableau Server the task sits on a **server schedule** (``schedule``: its name). It is made by Add
  Workbook / Data Source / Flow to Schedule (a PUT on ``/schedules/<id>/<kind>s``); its identity is the
  content and the schedule;
* on Tableau Cloud there are no server schedules: the task carries **its own frequency** (the options of
  ``frequency.py``). It is made by the Cloud create method and, where Tableau has one, changed in place.

``TaskResource`` lists, reads, creates, changes, runs and deletes tasks; every write honours
``check_mode`` and predicts its result without a request. ``extract_refresh_task.py`` and
``flow_task.py`` say what differs: the paths and versions, how the content is found, and what besides
the content tells two tasks apart. ``ensure_present`` / ``ensure_absent`` / ``ensure_run`` and
``list_tasks`` are the module logic; they take the resource and the task's options as a plain dict.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import frequency as schedules_frequency
from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.content import wait_for_job
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource, join_path, split_path
from ansible_collections.tableau.server.plugins.module_utils.publishing import require_project
from ansible_collections.tableau.server.plugins.module_utils.resource import Outcome, Resource, name_key, same_name
from ansible_collections.tableau.server.plugins.module_utils.schedule import ScheduleResource, is_tableau_cloud
from ansible_collections.tableau.server.plugins.module_utils.writes import create_once

# "Already queued": a run of this task's content is waiting or running.
RUN_QUEUED_CODE = "409093"
# Answers of a Tableau Server to the Cloud methods it does not have.
NOT_ON_SERVER = (404, 405)


def tasks_request(*children):
    """``<tsRequest>`` around several elements (the Cloud methods take the task and its schedule side by side)."""
    root = xmlio.ET.Element("tsRequest")
    for el in children:
        root.append(el)
    return xmlio.ET.tostring(root, encoding="utf-8")


def article(word):
    return "an" if (word or "x")[0].lower() in "aeiou" else "a"


def content_of(el, kinds):
    """(kind, id) of the content element a task names."""
    for kind in kinds:
        found = xmlio.find(el, kind)
        if found is not None:
            return kind, found.get("id")
    return None, None


class TaskResource(Resource):
    """One kind of task on the signed-in site. Subclasses set the class attributes below."""

    path = None                  # the listing: "/tasks/extractRefreshes"
    tag = None                   # the element inside <task>: "extractRefresh"
    read_tags = ()               # other spellings of it that clients and servers use
    kind = "task"
    content_kinds = ()           # ("workbook", "datasource")
    schedule_type = None         # the server schedules it may sit on: "Extract"
    list_version = None          # List / Get / Run
    add_version = None           # Add ... to Schedule (Tableau Server)
    delete_version = None
    cloud_create_path = None     # Create Cloud ... Task
    cloud_create_version = None
    cloud_update_version = None  # None: Tableau has no method to change one in place
    cloud_hint = None            # what to do instead of a server schedule on Tableau Cloud

    def __init__(self, client, check_mode=False):
        super(TaskResource, self).__init__(client, check_mode)
        client.require_version(self.list_version, "Listing %ss" % self.kind)

    @property
    def a_kind(self):
        return "%s %s" % (article(self.kind), self.kind)

    # ------------------------------------------------------------------ shapes

    def from_xml(self, el, schedule_el=None):
        """The task of one ``<extractRefresh>`` / ``<flowRun>`` element (its schedule inside, or given beside)."""
        schedule_el = xmlio.find(el, "schedule") if schedule_el is None else schedule_el
        content_type, content_id = content_of(el, self.content_kinds)
        task = {
            "id": el.get("id"),
            "content_type": content_type,
            "content_id": content_id,
            "schedule_id": schedule_el.get("id") if schedule_el is not None else None,
            "schedule": schedule_el.get("name") if schedule_el is not None else None,
            "priority": xmlio.to_int(el.get("priority")),
            "consecutive_failed_count": xmlio.to_int(el.get("consecutiveFailedCount")) or 0,
            "next_run_at": schedule_el.get("nextRunAt") if schedule_el is not None else None,
        }
        task.update(schedules_frequency.frequency_from_xml(schedule_el) or schedules_frequency.empty())
        return task

    def task_elements(self, root):
        """The task elements of an answer, in whichever spelling it uses."""
        found = []
        for tag in (self.tag,) + tuple(self.read_tags):
            found.extend(xmlio.findall(root, "tasks/task/%s" % tag))
        return found

    def answered_task(self, root):
        """The task in a write's answer (``<task><tag>``, a bare ``<tag>``, its schedule inside or beside); None
        when the answer holds none."""
        for tag in (self.tag,) + tuple(self.read_tags):
            el = xmlio.find(root, "task/%s" % tag)
            if el is None:
                el = xmlio.find(root, tag)
            if el is not None and el.get("id"):
                schedule_el = xmlio.find(el, "schedule")
                return self.from_xml(el, schedule_el if schedule_el is not None else xmlio.find(root, "schedule"))
        return None

    def attributes(self, params):
        """Attributes the task element of a create carries (an extract refresh's type)."""
        return {}

    def content_element(self, content_type, content_id, params, cloud):
        return xmlio.element(self.tag, self.attributes(params) if cloud else None,
                             xmlio.element(content_type, {"id": content_id}))

    # ------------------------------------------------------------------ reads

    def list(self, filters=None, sort=None, fields=None):
        # The task listings are neither paginated nor filtered: one answer holds them all.
        return [self.from_xml(el) for el in self.task_elements(self.call("GET", self.path))]

    def of_content(self, content_type, content_id):
        return [t for t in self.list() if t["content_type"] == content_type and t["content_id"] == content_id]

    def server_schedule(self, name):
        """The server schedule named ``name`` for this kind of task; a clear error on Tableau Cloud."""
        if is_tableau_cloud(self.client):
            raise TableauValidationError("%s is Tableau Cloud, which has no server schedules such as '%s'."
                                         % (self.client.server_url, name), hint=self.cloud_hint)
        try:
            schedule = ScheduleResource(self.client).require_by_name(name)
        except TableauValidationError as exc:
            if not str(exc.details.get("code") or "").startswith("403"):
                raise
            raise TableauValidationError(exc.msg, hint=self.cloud_hint + " On Tableau Server, sign in as a "
                                         "server administrator to use server schedules.", **exc.details)
        if schedule["type"] != self.schedule_type:
            raise TableauValidationError(
                "The schedule '%s' is %s %s schedule; %s needs %s %s schedule." % (
                    schedule["name"], article(schedule["type"]), schedule["type"], self.a_kind,
                    article(self.schedule_type), self.schedule_type),
                hint="Pick a schedule of type %s (tableau_schedule creates one)." % self.schedule_type)
        return schedule

    # ------------------------------------------------------------------ writes

    def add_to_schedule(self, schedule, content_type, content, params, find):
        """Put the content on a server schedule (Tableau Server); the prediction in check mode."""
        self.client.require_version(self.add_version, "Adding %s to a server schedule" % self.a_kind)
        if self.check_mode:
            return self.predict_task(content_type, content, params, schedule=schedule)
        body = xmlio.ts_request(xmlio.element("task", None, self.content_element(content_type, content["id"],
                                                                                 params, cloud=False)))

        def put():
            root = self.call("PUT", "/schedules/%s/%ss" % (schedule["id"], content_type), body,
                             expected=(200, 201), repeatable=False)
            return self.answered_task(root) or find()
        what = "the %s of %s '%s' on '%s'" % (self.kind, content_type, content["name"], schedule["name"])
        return create_once(put, find, what)

    def call(self, method, path, body=None, expected=(200,), repeatable=None):
        """One site request; writes that make something pass ``repeatable=False``, so a lost answer is looked up."""
        return self.client.send(method, path, body=body, expected=expected, repeatable=repeatable)

    def create_on_cloud(self, content_type, content, params, wanted, find):
        """Create a task with its own frequency (Tableau Cloud); the prediction in check mode."""
        self.client.require_version(self.cloud_create_version, "Creating %s with its own frequency" % self.a_kind)
        if self.check_mode:
            return self.predict_task(content_type, content, params, wanted=wanted)
        body = tasks_request(self.content_element(content_type, content["id"], params, cloud=True),
                             schedules_frequency.schedule_element(wanted))

        def post():
            return self.answered_task(self.cloud_write("POST", self.cloud_create_path, body)) or find()
        return create_once(post, find, "the %s of %s '%s'" % (self.kind, content_type, content["name"]))

    def update_on_cloud(self, current, content, params, wanted):
        """Give a Cloud task a new frequency in place; the prediction in check mode."""
        self.client.require_version(self.cloud_update_version, "Changing the frequency of %s" % self.a_kind)
        predicted = dict(current, **wanted)
        if self.check_mode:
            return predicted
        body = tasks_request(self.content_element(current["content_type"], content["id"], params, cloud=True),
                             schedules_frequency.schedule_element(wanted))
        answered = self.answered_task(self.cloud_write("POST", "%s/%s" % (self.path, current["id"]), body))
        return dict(predicted, **dict((k, v) for k, v in (answered or {}).items() if v not in (None, [])))

    def cloud_write(self, method, path, body):
        """A Cloud method; a Tableau Server's refusal of it becomes advice to use a server schedule."""
        try:
            return self.call(method, path, body, expected=(200, 201), repeatable=False)
        except TableauApiError as exc:
            if exc.status not in NOT_ON_SERVER:
                raise
            raise TableauValidationError(
                "The server refused to make %s with its own frequency (%s %s): that is a Tableau Cloud method. %s"
                % (self.a_kind, exc.status, exc.code or "", exc.detail or ""),
                hint="On Tableau Server put the task on a server schedule: give schedule (its name) instead of "
                     "frequency.", code=exc.code, summary=exc.summary, detail=exc.detail)

    def delete(self, current, params=None):
        self.client.require_version(self.delete_version, "Deleting %s" % self.a_kind)
        if not self.check_mode:
            self.call("DELETE", "%s/%s" % (self.path, current["id"]), expected=(200, 204))

    def run(self, task):
        """Run the task now: (started, job id). (False, None) when a run is queued already; (True, None) in check mode."""
        if self.check_mode:
            return True, None
        try:
            root = self.call("POST", "%s/%s/runNow" % (self.path, task["id"]), b"<tsRequest />",
                             expected=(200, 202), repeatable=False)
        except TableauApiError as exc:
            if exc.code == RUN_QUEUED_CODE:
                return False, None
            raise
        return True, xmlio.require(root, "job", "running %s" % self.a_kind).get("id")

    def predict_task(self, content_type, content, params, schedule=None, wanted=None):
        """The task a create would make: on the schedule, or with the frequency ``wanted``."""
        task = {"id": None, "content_type": content_type, "content_id": content["id"],
                "schedule_id": schedule["id"] if schedule else None, "schedule": schedule["name"] if schedule else None,
                "priority": (schedule or {}).get("priority") or 50, "consecutive_failed_count": 0,
                "next_run_at": None}
        task.update(wanted or schedules_frequency.empty())
        task.update(self.predicted_fields(params, cloud=schedule is None))
        return task

    def predicted_fields(self, params, cloud):
        return {}

    # ------------------------------------------------------------------ what subclasses say

    def find_content(self, params):
        """(content type, item, project path) of the content the task names; an error when it is not there."""
        raise NotImplementedError

    def same_kind(self, task, params):
        """Whether ``task`` is the one the options mean, besides content and schedule."""
        return True

    def server_plan(self, current, params):
        """What converging a Server task needs: None (nothing), "replace", or a TableauValidationError raised."""
        return None

    def check_server_create(self, params):
        """Refuse, before any write, a Server task Tableau cannot make as asked."""

    def content_names(self, tasks):
        """``(content type, id) -> (name, project id)`` for ``tasks``, with one listing per kind."""
        raise NotImplementedError

    def shown(self, task):
        """What a diff shows of a task, by names."""
        if not task:
            return {}
        shown = {task["content_type"]: task.get(task["content_type"]), "project": task.get("project"),
                 "schedule": task.get("schedule")}
        if task.get("frequency") and not task.get("schedule_id") and not task.get("schedule"):
            shown.pop("schedule")
            shown.update((key, task.get(key)) for key in schedules_frequency.FREQUENCY_KEYS)
        shown.update(self.shown_extra(task))
        return shown

    def shown_extra(self, task):
        return {}


# ---------------------------------------------------------------------------------------- the module logic

def named(task, content, project_path, schedule=None):
    """``task`` with its content's name, the content's project path and (on a server schedule) its name."""
    named_task = dict(task, project=project_path)
    named_task[task["content_type"]] = content["name"]
    if schedule is not None:
        named_task["schedule"] = schedule["name"]
    return named_task


def form_of(params):
    """``"server"`` (a schedule is named), ``"cloud"`` (a frequency is given) or None (neither)."""
    if params.get("schedule"):
        return "server"
    if schedules_frequency.given(params):
        return "cloud"
    return None


def check_params(params):
    """The checks that need no server: the frequency options, and one form at a time."""
    if params.get("schedule") and schedules_frequency.given(params):
        raise TableauValidationError(
            "Give either schedule (a Tableau Server schedule) or frequency options (a Tableau Cloud task), not both.",
            hint="Tableau Server runs tasks on server schedules; Tableau Cloud tasks carry their own frequency.")
    schedules_frequency.desired_frequency(params)
    if params.get("state", "present") == "present" and form_of(params) is None:
        raise TableauValidationError(
            "state present needs schedule (the name of a Tableau Server schedule) or frequency with its options "
            "(a Tableau Cloud task).", hint=schedules_frequency.HINT)


def ensure_present(tasks, params):
    """Make the task exist as asked: on the named server schedule, or (Cloud) with the frequency given."""
    check_params(params)
    content_type, content, project_path = tasks.find_content(params)
    existing = [t for t in tasks.of_content(content_type, content["id"]) if tasks.same_kind(t, params)]
    if form_of(params) == "server":
        before, after = converge_on_schedule(tasks, content_type, content, params, existing)
    else:
        before, after = converge_on_cloud(tasks, content_type, content, params, existing)
    before = named(before, content, project_path) if before else None
    after = named(after, content, project_path)
    outcome = Outcome().record(before != after, tasks.shown(before), tasks.shown(after))
    return outcome.ret(task=after).result()


def converge_on_schedule(tasks, content_type, content, params, existing):
    schedule = tasks.server_schedule(params["schedule"])
    current = next((t for t in existing if t["schedule_id"] == schedule["id"]), None)

    def find():
        return next((t for t in tasks.of_content(content_type, content["id"])
                     if t["schedule_id"] == schedule["id"] and tasks.same_kind(t, params)), None)
    if current is None:
        tasks.check_server_create(params)
        return None, dict(tasks.add_to_schedule(schedule, content_type, content, params, find), schedule=schedule["name"])
    current = dict(current, schedule=schedule["name"])
    if tasks.server_plan(current, params) == "replace":
        # Add to Schedule is the only way to make a Server task, and it makes a full refresh: the task
        # is deleted and added again (with a new id).
        tasks.delete(current)
        return current, dict(tasks.add_to_schedule(schedule, content_type, content, params, find),
                             schedule=schedule["name"])
    return current, current


def converge_on_cloud(tasks, content_type, content, params, existing):
    wanted = schedules_frequency.desired_frequency(params)
    current = next((t for t in existing if not t["schedule_id"]), None)

    def find():
        return next((t for t in tasks.of_content(content_type, content["id"])
                     if not t["schedule_id"] and tasks.same_kind(t, params)), None)
    if current is None:
        return None, tasks.create_on_cloud(content_type, content, params, wanted, find)
    have = schedules_frequency.normalized(dict((k, current.get(k)) for k in schedules_frequency.FREQUENCY_KEYS))
    if have == wanted:
        return current, current
    if tasks.cloud_update_version is None:
        # Tableau has no method to change this kind of Cloud task: it is replaced (with a new id).
        tasks.delete(current)
        return current, tasks.create_on_cloud(content_type, content, params, wanted, find)
    return current, tasks.update_on_cloud(current, content, params, wanted)


def matching(tasks, params):
    """(tasks of the content that the options name, content, project path); ``schedule`` narrows them."""
    content_type, content, project_path = tasks.find_content(params)
    found = [t for t in tasks.of_content(content_type, content["id"]) if tasks.same_kind(t, params)]
    if params.get("schedule"):
        schedule = tasks.server_schedule(params["schedule"])
        found = [dict(t, schedule=schedule["name"]) for t in found if t["schedule_id"] == schedule["id"]]
    elif schedules_frequency.given(params):
        found = [t for t in found if not t["schedule_id"]]
    return [named(t, content, project_path) for t in found], content, project_path


def ensure_absent(tasks, params):
    """Delete the content's tasks the options name: on ``schedule`` if given, else all of its kind."""
    check_params(dict(params, state="absent"))
    found, _content, _project_path = matching(tasks, params)
    outcome = Outcome()
    for task in found:
        tasks.delete(task)
        outcome.record(True, tasks.shown(task), {}, header=None if len(found) == 1 else describe(task))
    if not found:
        outcome.record(False, {}, {})
    return outcome.ret(task={}, removed=found).result()


def describe(task):
    where = "on '%s'" % task["schedule"] if task.get("schedule") else "(%s)" % task.get("frequency")
    return "%s '%s' %s" % (task["content_type"], task.get(task["content_type"]), where)


def ensure_run(tasks, params):
    """Run the one task the options name now, and wait for its job when asked (a change)."""
    check_params(dict(params, state="run"))
    found, content, _project_path = matching(tasks, params)
    if len(found) != 1:
        raise TableauValidationError(
            "There are %d %ss of the %s '%s'%s; state run runs exactly one." % (
                len(found), tasks.kind, tasks.content_kinds[0] if len(tasks.content_kinds) == 1 else "content",
                content["name"], ": " + ", ".join(describe(t) for t in found) if found else ""),
            hint="Create it first (state present), or pick one: by schedule on Tableau Server, by type for an "
                 "extract refresh on Tableau Cloud.")
    task = found[0]
    started, job_id = tasks.run(task)
    outcome = Outcome()
    if not started:
        outcome.ret(warnings=["A run of the %s is already queued; no new one was started." % describe(task)])
    elif job_id is not None and params.get("wait", True):
        wait_for_job(tasks.client, job_id, params.get("wait_timeout"))
    outcome.record(started, tasks.shown(task), tasks.shown(task))
    return outcome.ret(task=task, job_id=job_id).result()


# ---------------------------------------------------------------------------------------- listings (_info)

def list_tasks(tasks, params):
    """Every task of the site that passes the filters given, by names: one listing of tasks, then one per kind
    of content (and of projects) to name them."""
    listed = tasks.list()
    names = tasks.content_names(listed)
    projects = ProjectResource(tasks.client)
    paths = projects.paths_by_id(projects.list()) if listed else {}
    wanted_project = split_path(params["project"]) if params.get("project") else None
    found = []
    for task in listed:
        name, project_id = names.get((task["content_type"], task["content_id"]), (None, None))
        task = dict(task, project=join_path(paths[project_id]) if project_id in paths else None)
        task[task["content_type"]] = name
        if passes(tasks, task, params, wanted_project, paths.get(project_id)):
            found.append(task)
    return sorted(found, key=lambda t: (name_key(t["project"]), name_key(t.get(t["content_type"])),
                                        name_key(t.get("schedule")), t["id"] or ""))


def passes(tasks, task, params, wanted_project, project_parts):
    for kind in tasks.content_kinds:
        if params.get(kind) is not None and (task["content_type"] != kind or not same_name(task[kind], params[kind])):
            return False
    if wanted_project is not None and [name_key(p) for p in project_parts or []] != [name_key(p) for p in wanted_project]:
        return False
    if params.get("schedule") is not None and not same_name(task.get("schedule"), params["schedule"]):
        return False
    return tasks.same_kind(task, dict(params, state="info"))


def require_content(resource, kind, name, project_path):
    """The item ``name`` of ``resource`` in the project; an error naming what is missing."""
    project, path = require_project(resource.client, project_path)
    item = resource.find(name, project["id"])
    if item is None:
        raise TableauValidationError("There is no %s named '%s' in the project '%s'." % (kind, name, path),
                                     hint="Publish it first, or check the name and project (names match without "
                                          "regard to case).")
    return item, path


def names_by_id(resource, wanted_ids):
    """``id -> (name, project id)`` of the items of one listing of ``resource``, when any id is wanted."""
    if not wanted_ids:
        return {}
    return dict((item["id"], (item["name"], item.get("project_id"))) for item in resource.list()
                if item["id"] in wanted_ids)
