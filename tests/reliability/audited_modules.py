"""The modules every reliability audit runs: one entry each.

``args``: a minimal task that succeeds on the seed (tests/examples/seed.json), run against a fresh
emulator. ``check_args``: a task that would change something, run in check mode. ``creates``: what a
successful ``args`` task leaves behind, as (kind, name) in the emulator's state summary (kinds:
sites or schedules, which are server-wide, or projects, users, groups, workbooks, datasources, flows, webhooks,
view_tags, extract_refresh_tasks, flow_tasks, subscriptions of the Default site), or None for a module that only reads.
Arguments may use ``{{ example_dir }}`` for sample files when tests/examples/sample_files.py exists.
``setup``: (module, args) tasks that run before the audited task (and before faults are armed and the request
log is cleared), for what the task needs that the seed does not hold (a published workbook or data source).
``hands_over_session``: the module's work is a session it leaves open for later tasks (tableau_session
signing in); it sends no site request, so only sign-in faults reach it. ``repeatable_writes``: the
task's first write is a PUT or DELETE that doing twice does once (Add Permissions merges), so the
transport may send it again where a create is reported instead. ``setup``: (module, args) tasks that run
on the fresh emulator before the case (and before its faults are armed), for a module whose task needs
something the seed lacks (a workbook with revisions). ``empty_write_answer``: the first write is answered
204 No Content, which carries no body that a fault could break.
"""


class Audited(object):
    def __init__(self, module, args, check_args, creates=None, hands_over_session=False, repeatable_writes=False,
                 setup=(), empty_write_answer=False):
        self.repeatable_writes = repeatable_writes
        self.empty_write_answer = empty_write_answer
        self.setup = list(setup)
        self.module = module
        self.args = args
        self.check_args = check_args
        self.creates = creates
        self.hands_over_session = hands_over_session

    @property
    def writes(self):
        return self.creates is not None

    @property
    def reads_site(self):
        return not self.hands_over_session

    def sessions_left(self, result):
        """Sessions the task should leave open: its handed-over one when it succeeded, else none."""
        return 1 if self.hands_over_session and not result.get("failed") else 0


# The example workbook published, for the modules of its views.
SALES_PUBLISHED = [("tableau_workbook", {"name": "Sales", "file": "{{ example_dir }}/sales.twbx"})]

MODULES = [
    Audited("tableau_project", {"path": "Audit/Target", "create_parents": True},
            {"path": "Audit Check", "description": "would be created"}, creates=("projects", "Target")),
    Audited("tableau_project_info", {"path": "Default"}, {"name": "Default"}),
    Audited("tableau_site_state", {"description": {"version": 1, "users": [{"name": "audit", "site_role": "Viewer"}],
                                                   "projects": [{"path": "Audit", "owner": "audit"}]}},
            {"description": {"version": 1, "projects": [{"path": "Audit Check"}]}}, creates=("projects", "Audit")),
    Audited("tableau_site", {"name": "Audit", "content_url": "audit"}, {"name": "Audit Check", "content_url": "check"},
            creates=("sites", "Audit")),
    Audited("tableau_site_info", {}, {"current_only": True}),
    # Writes local files (the description, the content beside it), nothing on the server: audited as a reader.
    Audited("tableau_site_export", {"dest": "{{ example_dir }}/site.yml", "content": "files"},
            {"dest": "{{ example_dir }}/check-site.yml", "for_platform": "cloud"}, setup=SALES_PUBLISHED),
    Audited("tableau_user", {"name": "audit.user", "site_role": "Viewer"}, {"name": "check.user", "site_role": "Viewer"},
            creates=("users", "audit.user")),
    Audited("tableau_user_info", {"name": "jsmith"}, {"site_roles": ["Creator"]}),
    Audited("tableau_group", {"name": "Audit Group", "members": ["jsmith"]}, {"name": "Check Group"},
            creates=("groups", "Audit Group")),
    Audited("tableau_group_info", {"name": "All Users"}, {"include_members": True}),
    Audited("tableau_workbook", {"name": "Audit Book", "file": "{{ example_dir }}/sales.twbx"},
            {"name": "Check Book", "file": "{{ example_dir }}/sales.twbx"}, creates=("workbooks", "Audit Book")),
    Audited("tableau_workbook_info", {}, {"tags": ["sales"]}),
    Audited("tableau_datasource", {"name": "Audit Source", "file": "{{ example_dir }}/orders.tdsx"},
            {"name": "Check Source", "file": "{{ example_dir }}/orders.tdsx"}, creates=("datasources", "Audit Source")),
    Audited("tableau_datasource_info", {}, {"tags": ["warehouse"]}),
    Audited("tableau_flow", {"name": "Audit Flow", "file": "{{ example_dir }}/cleanup.tflx"},
            {"name": "Check Flow", "file": "{{ example_dir }}/cleanup.tflx"}, creates=("flows", "Audit Flow")),
    Audited("tableau_flow_info", {}, {"tags": ["prep"], "include_runs": True}),

    Audited("tableau_view", {"workbook": "Sales", "name": "Overview", "tags": ["audit"]},
            {"workbook": "Sales", "name": "Overview", "tags": ["check"]}, creates=("view_tags", "Sales/Overview: audit"),
            repeatable_writes=True, setup=SALES_PUBLISHED),
    Audited("tableau_view_info", {"workbook": "Sales"}, {"sort_by_views": True, "limit": 1}, setup=SALES_PUBLISHED),
    # Writes a local file, nothing on the server: it audits as a module that only reads.
    Audited("tableau_view_export", {"workbook": "Sales", "name": "Overview", "dest": "{{ example_dir }}/overview.png"},
            {"workbook": "Sales", "name": "Sales by Region", "dest": "{{ example_dir }}/check.pdf"},
            setup=SALES_PUBLISHED),
    Audited("tableau_webhook", {"name": "Audit Hook", "event": "WorkbookCreated",
                                "destination_url": "https://hooks.example.com/audit"},
            {"name": "Check Hook", "event": "WorkbookCreated", "destination_url": "https://hooks.example.com/check"},
            creates=("webhooks", "Audit Hook")),
    Audited("tableau_webhook_info", {}, {"event": "WorkbookCreated"}),
    Audited("tableau_permission", {"content_type": "project", "project": "Default",
                                   "grants": [{"user": "jsmith", "template": "Publish"}]},
            {"content_type": "project", "project": "Default", "grants": [{"user": "alice", "template": "View"}]},
            creates=("permissions", "projects Default: user jsmith Write=Allow"), repeatable_writes=True),
    Audited("tableau_permission_info", {"content_type": "project", "project": "Default"},
            {"content_type": "workbook", "match_templates": True}),
    Audited("tableau_default_permission", {"project": "Default", "content_type": "workbook",
                                           "grants": [{"user": "jsmith", "template": "Explore"}]},
            {"project": "Default", "content_type": "datasource", "grants": [{"user": "alice", "template": "View"}]},
            creates=("permissions", "projects Default default workbooks: user jsmith WebAuthoring=Allow"),
            repeatable_writes=True),
    Audited("tableau_default_permission_info", {"project": "Default"}, {"project": "Default", "recursive": True}),
    Audited("tableau_schedule", {"name": "Audit Schedule", "type": "Extract", "frequency": "Weekly",
                                 "start_time": "06:00", "week_days": ["Monday"]},
            {"name": "Check Schedule", "type": "Extract", "frequency": "Daily", "start_time": "06:00"},
            creates=("schedules", "Audit Schedule")),
    Audited("tableau_schedule_info", {}, {"type": "Extract"}),
    Audited("tableau_session", {}, {}, hands_over_session=True),
    Audited("tableau_extract_refresh_task", {"datasource": "Audit Events", "schedule": "Saturday night"},
            {"datasource": "Audit Events", "schedule": "Weekday early mornings"},
            creates=("extract_refresh_tasks", "datasource Audit Events on Saturday night"),
            setup=[("tableau_datasource", {"name": "Audit Events", "file": "{{ example_dir }}/events.hyper"})]),
    Audited("tableau_extract_refresh_task_info", {}, {"schedule": "Saturday night"}),
    Audited("tableau_flow_task", {"flow": "Prepare Orders", "schedule": "Daily flow run"},
            {"flow": "Prepare Orders", "schedule": "Daily flow run"},
            creates=("flow_tasks", "flow Prepare Orders on Daily flow run")),
    Audited("tableau_flow_task_info", {}, {"flow": "Prepare Orders"}),
    Audited("tableau_subscription", {"user": "jsmith", "content_type": "workbook", "project": "Default",
                                     "workbook": "Audit Book", "subject": "Audit", "schedule": "Monday morning"},
            {"user": "jsmith", "content_type": "view", "project": "Default", "workbook": "Audit Book",
             "view": "Overview", "subject": "Check", "schedule": "Weekday mornings"},
            creates=("subscriptions", "jsmith / Workbook Audit Book / Audit"),
            setup=[("tableau_workbook", {"name": "Audit Book", "file": "{{ example_dir }}/sales.twbx"})]),
    Audited("tableau_subscription_info", {}, {"user": "jsmith"}),
    # The seed's jobs: Hourly Sales runs (for a day), Nightly Sales has ended.
    Audited("tableau_job", {"id": "4f5d7e5a-2c11-4b8e-9a0e-6c1d2b3a4f50", "state": "cancelled"},
            {"id": "4f5d7e5a-2c11-4b8e-9a0e-6c1d2b3a4f50"}, creates=("jobs", "RefreshExtract Hourly Sales: Cancelled"),
            repeatable_writes=True),
    Audited("tableau_job_info", {}, {"status": ["InProgress"]}),
    Audited("tableau_revision", {"content_type": "workbook", "name": "Audit Book", "state": "absent", "revision": 1},
            {"content_type": "workbook", "name": "Audit Book", "state": "absent", "keep_latest": 1},
            creates=("revisions", "workbooks Audit Book: 1 deleted"), repeatable_writes=True, empty_write_answer=True,
            setup=[("tableau_workbook", {"name": "Audit Book", "file": "{{ example_dir }}/sales.twbx"}),
                   ("tableau_workbook", {"name": "Audit Book", "file": "{{ example_dir }}/sales.twbx", "force": True})]),
    Audited("tableau_revision_info", {"content_type": "workbook", "name": "Audit Book"},
            {"content_type": "workbook", "name": "Audit Book"},
            setup=[("tableau_workbook", {"name": "Audit Book", "file": "{{ example_dir }}/sales.twbx"})]),
]


def audited(module):
    return [entry for entry in MODULES if entry.module == module][0]
