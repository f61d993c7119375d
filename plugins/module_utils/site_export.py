# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The signed-in site as a site description (schema version 1): what tableau_site_export writes.

The description is the one tableau_site_state applies: each section is a list of the items of the
per-resource module (tableau_user's ``users``, tableau_project's ``projects``, ...), by names and paths,
never ids. Two exports of equal sites are byte for byte the same: items are sorted, mappings keep one
key order, values equal to the module's default are left out, and nothing the server assigns (ids,
dates, sizes, counts, last sign-in) is written.

Reading. Each collection is one paginated listing whose pages are read side by side; the requests per
item (group members, permissions, default permissions, connections, content files) go through
``client.map`` in batches of ``BATCH`` items, so at most the client's concurrency bound is under way at
once and what is held per item is one batch.

Writing. The YAML goes out section by section, item by item, into a temporary file beside ``dest``
(never one big string), hashed as it is written; the module puts it in place with one atomic move only
when the hash differs from the file there. Check mode writes nothing: it hashes the same bytes and
says whether the file would change. Content files (``content``) are downloaded beside the description,
``<content_dir>/<project path>/<name>.<ext>``, and replaced only when their bytes differ; check mode
downloads them to compare (a read) and removes the downloads.

Secrets. Tableau never returns a connection's password: a connection with an embedded password
gets ``password: "{{ vault_tableau_<kind>_<name>_<n> }}"`` (names lower case, other characters as
``_``), and the result lists each variable in ``secrets_to_set``.

Server to Cloud (``for_platform: cloud``): the mapping is ``CLOUD_AUTH_SETTINGS`` and
``CLOUD_SITE_ROLES`` below; users are named by their e-mail address on Cloud; what has no counterpart
(a user with neither an e-mail name nor an e-mail, a directory group, a server schedule) is left out
of the description and listed in the result's ``unmapped`` with the reason.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import re
import tempfile

from ansible_collections.tableau.server.plugins.module_utils.content import remove_quietly
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.extract_refresh_task import ExtractRefreshTaskResource
from ansible_collections.tableau.server.plugins.module_utils.frequency import FREQUENCY_KEYS, desired_frequency, short_time
from ansible_collections.tableau.server.plugins.module_utils.flow import FLOWS_VERSION, FlowResource
from ansible_collections.tableau.server.plugins.module_utils.group import ALL_USERS, GroupResource, is_local
from ansible_collections.tableau.server.plugins.module_utils.permission import (
    CONTENT_TYPES,
    DEFAULT_TYPES,
    rules_from_xml,
)
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource, join_path, split_path
from ansible_collections.tableau.server.plugins.module_utils.publishing import file_fingerprint
from ansible_collections.tableau.server.plugins.module_utils.resource import name_key
from ansible_collections.tableau.server.plugins.module_utils.schedule import (
    CREATABLE_TYPES,
    DEFAULT_EXECUTION_ORDER,
    DEFAULT_PRIORITY,
    ScheduleResource,
    is_tableau_cloud,
)
from ansible_collections.tableau.server.plugins.module_utils.site import SETTING_NAMES, SiteResource
from ansible_collections.tableau.server.plugins.module_utils.subscription import SubscriptionResource, subscription_info
from ansible_collections.tableau.server.plugins.module_utils.task import list_tasks
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource
from ansible_collections.tableau.server.plugins.module_utils.webhook import WebhookResource
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

SCHEMA_VERSION = 1
# The sections in the order they are written (the order tableau_site_state applies them in).
SECTIONS = ("site", "users", "projects", "groups", "workbooks", "datasources", "flows", "permissions",
            "default_permissions", "schedules", "extract_refresh_tasks", "subscriptions", "webhooks")
CONTENT_CHOICES = ["none", "files", "files_with_extracts"]
PLATFORMS = ["same", "cloud"]
# Items whose per-item requests go out together; bounds what is held at once.
BATCH = 200
PLACEHOLDER = "{{ %s }}"

# ---------------------------------------------------------------------------------------- Server -> Cloud
# Tableau Cloud signs users in with Tableau ID (with multi-factor authentication) where a server uses its
# own identity store; SAML stays SAML. OpenID Connect on Cloud is Google or Salesforce only: not mapped.
CLOUD_AUTH_SETTINGS = {
    "ServerDefault": "TableauIDWithMFA",
    "SAML": "SAML",
}
# Site roles Tableau Cloud does not have, and the role each becomes there (Tableau's own mapping of the
# pre-2018.1 roles to the current ones; a server administrator is a site administrator on Cloud).
CLOUD_SITE_ROLES = {
    "ServerAdministrator": "SiteAdministratorCreator",
    "SiteAdministrator": "SiteAdministratorExplorer",
    "Interactor": "Explorer",
    "Publisher": "ExplorerCanPublish",
    "ViewerWithPublish": "ExplorerCanPublish",
    "UnlicensedWithPublish": "Unlicensed",
}
# The legacy roles a server may still report: the export always writes their current names.
LEGACY_SITE_ROLES = dict((role, CLOUD_SITE_ROLES[role]) for role in
                         ("SiteAdministrator", "Interactor", "Publisher", "ViewerWithPublish", "UnlicensedWithPublish"))
WEEK_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# ---------------------------------------------------------------------------------------- YAML out

PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_ .@/()-]*$")
RESERVED = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "none", "~"])


def scalar(value):
    """One YAML scalar, the same text for the same value: plain when YAML reads it back as that string."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if PLAIN.match(text) and text == text.strip() and text.lower() not in RESERVED and ": " not in text \
            and " #" not in text:
        return text
    # A JSON string is a YAML double-quoted scalar.
    return json.dumps(text)


def yaml_lines(value, indent=0):
    """The lines of ``value`` (dicts keep their key order, lists their item order) as block YAML."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return [pad + "{}"]
        lines = []
        for key, item in value.items():
            lines.extend(_entry(pad + scalar(key) + ":", item, indent + 2))
        return lines
    if isinstance(value, list):
        if not value:
            return [pad + "[]"]
        lines = []
        for item in value:
            inner = yaml_lines(item, indent + 2)
            lines.append(pad + "- " + inner[0][indent + 2:])
            lines.extend(inner[1:])
        return lines
    return [pad + scalar(value)]


def _entry(head, item, indent):
    if isinstance(item, (dict, list)) and item:
        # List items sit at the key's indentation, as yaml.safe_dump writes them.
        return [head] + yaml_lines(item, indent if isinstance(item, dict) else indent - 2)
    return [head + " " + yaml_lines(item)[0].strip()]


class DescriptionWriter(object):
    """The description's bytes, hashed as they go, written to ``handle`` (None: only hashed) and kept when ``keep``."""

    def __init__(self, handle=None, keep=False):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.sections = []
        self.kept = [] if keep else None

    def write(self, text):
        data = text.encode("utf-8")
        self.digest.update(data)
        if self.handle is not None:
            self.handle.write(data)
        if self.kept is not None:
            self.kept.append(text)

    def text(self):
        return "".join(self.kept or ())

    def header(self):
        self.write("# Site description written by tableau.server.tableau_site_export; apply it with tableau_site_state.\n"
                   "version: %d\n" % SCHEMA_VERSION)

    def section(self, name, items):
        """``name:`` then each item of ``items`` (any iterable), one at a time; the count written."""
        self.sections.append(name)
        count = 0
        for item in items:
            if count == 0:
                self.write("%s:\n" % name)
            self.write("\n".join(yaml_lines([item])) + "\n")
            count += 1
        if count == 0:
            self.write("%s: []\n" % name)
        return count

    def mapping(self, name, value):
        self.sections.append(name)
        self.write("\n".join(yaml_lines({name: value})) + "\n")

    def hexdigest(self):
        return self.digest.hexdigest()


# ---------------------------------------------------------------------------------------- small helpers

def sanitised(text):
    return re.sub(r"[^a-z0-9]+", "_", (text or "").lower()).strip("_") or "item"


def batches(items, size=None):
    items, size = list(items), size or BATCH
    for start in range(0, len(items), size):
        yield items[start:start + size]


def compact(pairs):
    """A dict of the ``(key, value)`` pairs whose value is not None (the order kept)."""
    result = {}
    for key, value in pairs:
        if value is not None:
            result[key] = value
    return result


def safe_file_part(name):
    """A file or folder name for ``name``: separators and characters file systems refuse become ``_``."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .")
    return cleaned or "_"


def plain_daily(frequency, details):
    """``details`` without what a Daily frequency means when it says nothing: every 24 hours, every day of the
    week (servers with flexible schedules answer both), so the description says what its options said."""
    if frequency != "Daily":
        return details
    details = dict(details)
    if details.get("interval_hours") == 24 and not details.get("interval_minutes"):
        details["interval_hours"] = None
    if sorted(details.get("week_days") or []) == sorted(WEEK_DAYS):
        details["week_days"] = None
    return details


def check_export(params):
    """Refuse, before any request, what cannot be exported as asked."""
    unknown = sorted(set(params.get("sections") or ()) - set(SECTIONS))
    if unknown:
        raise TableauValidationError("Unknown sections: %s." % ", ".join(unknown),
                                     hint="Sections: %s." % ", ".join(SECTIONS))
    dest = params.get("dest")
    if params.get("content", "none") != "none" and not dest:
        raise TableauValidationError("content: %s downloads files beside the description: give dest." % params["content"])
    if dest:
        if dest.endswith(("/", os.sep)) or os.path.isdir(dest):
            raise TableauValidationError("dest must name the file to write, not a folder; got '%s'." % dest,
                                         hint="Add the file name, such as site/description.yml.")
        folder = os.path.dirname(os.path.abspath(dest))
        if not os.path.isdir(folder):
            raise TableauValidationError("The folder '%s' for dest does not exist." % folder,
                                         hint="Create it first (ansible.builtin.file with state: directory).")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise TableauValidationError("The folder '%s' for dest cannot be written to by this user." % folder)


# ---------------------------------------------------------------------------------------- the export

class SiteExport(object):
    """Reads the signed-in site and writes its description; one instance per task."""

    def __init__(self, client, params, check_mode=False):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.cloud = params.get("for_platform") == "cloud"
        self.sections = [s for s in SECTIONS if s in (params.get("sections") or SECTIONS)]
        self.content = params.get("content") or "none"
        self.dest = os.path.abspath(params["dest"]) if params.get("dest") else None
        base = os.path.dirname(self.dest) if self.dest else None
        self.content_dir = os.path.abspath(os.path.join(base, params.get("content_dir") or "content")) if base else None
        self.counts = {}
        self.secrets = []
        self.unmapped = []
        self.server_administrators = []
        self.files = []
        self.files_changed = False
        self.users = {}       # id -> user record
        self.user_names = {}  # id -> the name the description gives the user (None: not in the description)
        self.groups = {}      # id -> group record
        self.projects = []
        self.paths = {}       # project id -> list of names

    # ------------------------------------------------------------------ what everything refers to

    def load_references(self):
        """Users, groups and projects: every section names them."""
        for user in UserResource(self.client).list():
            self.users[user["id"]] = user
            self.user_names[user["id"]] = self.mapped_user_name(user)
        for group in GroupResource(self.client).list():
            self.groups[group["id"]] = group
        projects = ProjectResource(self.client)
        self.projects = projects.list()
        self.paths = projects.paths_by_id(self.projects)
        self.projects.sort(key=lambda p: tuple(name_key(n) for n in self.paths[p["id"]]))

    def mapped_user_name(self, user):
        if not self.cloud or EMAIL.match(user["name"] or ""):
            return user["name"]
        if EMAIL.match(user.get("email") or ""):
            return user["email"]
        self.unmap("user", user["name"], "Tableau Cloud names users by e-mail address, and this user has no e-mail "
                                         "address to use; left out, with what it owns going to the user who applies "
                                         "the description.")
        return None

    def unmap(self, kind, name, reason):
        self.unmapped.append({"kind": kind, "name": name, "reason": reason})

    def owner(self, owner_id):
        return self.user_names.get(owner_id)

    def path(self, project_id):
        parts = self.paths.get(project_id)
        return join_path(parts) if parts is not None else None

    def grantee(self, key):
        """A grant's grantee keys (``group``/``domain`` or ``user``), or None when it is not in the description."""
        kind, grantee_id = key
        if kind == "user":
            name = self.user_names.get(grantee_id)
            return {"user": name} if name else None
        group = self.groups.get(grantee_id)
        if group is None or self.group_unmapped(group):
            return None
        return compact([("group", group["name"]), ("domain", None if is_local(group) else group["domain"])])

    def group_unmapped(self, group):
        return self.cloud and not is_local(group)

    # ------------------------------------------------------------------ sections

    def site_section(self):
        site = SiteResource(self.client).current()
        return dict((name, site[name]) for name in SETTING_NAMES if site.get(name) is not None)

    def user_items(self):
        for user in sorted(self.users.values(), key=lambda u: name_key(self.user_names[u["id"]] or u["name"])):
            name = self.user_names[user["id"]]
            if name is None:
                continue
            if user["site_role"] == "ServerAdministrator" and not self.cloud:
                # A server administrator belongs to the server: on every site, granted outside the REST API
                # (Add User and Update User cannot), so the apply could not make one. Items still name them.
                self.server_administrators.append(name)
                continue
            yield compact([
                ("name", name),
                ("site_role", self.site_role(user)),
                ("auth_setting", self.auth_setting(user)),
                ("full_name", user.get("full_name") or None),
                ("email", user.get("email") or None),
                ("idp_configuration_id", user.get("idp_configuration_id") or None),
            ])

    def site_role(self, user):
        role = user["site_role"]
        if self.cloud:
            return CLOUD_SITE_ROLES.get(role, role)
        return LEGACY_SITE_ROLES.get(role, role)

    def auth_setting(self, user):
        setting = user.get("auth_setting") or "ServerDefault"
        if self.cloud:
            if setting not in CLOUD_AUTH_SETTINGS:
                self.unmap("auth_setting", user["name"], "Tableau Cloud has no %s sign-in to map this user's to; "
                                                         "the user takes the site's default." % setting)
                return None
            return CLOUD_AUTH_SETTINGS[setting]
        return None if setting == "ServerDefault" else setting

    def project_items(self):
        for project in self.projects:
            yield compact([
                ("path", self.path(project["id"])),
                ("description", project.get("description") or None),
                ("content_permissions", None if project.get("content_permissions") in (None, "ManagedByOwner")
                 else project["content_permissions"]),
                ("owner", self.owner(project.get("owner_id"))),
            ])

    def group_items(self):
        groups = sorted(self.groups.values(), key=lambda g: (name_key(g["name"]), name_key(g["domain"])))
        resource = GroupResource(self.client)
        for batch in batches(groups):
            wanted = [g for g in batch if not self.skipped_group(g)]
            members = self.client.map(resource.members, wanted)
            for group, users in zip(wanted, members):
                names = sorted((self.user_names.get(u["id"]) for u in users if self.user_names.get(u["id"])), key=name_key)
                yield compact([
                    ("name", group["name"]),
                    ("domain", None if is_local(group) else group["domain"]),
                    ("minimum_site_role", group.get("minimum_site_role") or None),
                    ("grant_license_mode", group.get("grant_license_mode") or None),
                    ("members", names or None),
                ])

    def skipped_group(self, group):
        if group["name"] == ALL_USERS and is_local(group):
            return True  # on every site, and every user is in it
        if self.group_unmapped(group):
            self.unmap("group", "%s\\%s" % (group["domain"], group["name"]),
                       "Tableau Cloud imports no Active Directory or LDAP groups; create it as a local group or "
                       "provision it from the identity provider (SCIM).")
            return True
        return False

    # ------------------------------------------------------------------ content

    def content_items(self, resource, kind):
        items = resource.list()
        items.sort(key=lambda i: (tuple(name_key(n) for n in self.paths.get(i["project_id"], [])), name_key(i["name"])))
        self.counts["%s_read" % kind] = len(items)
        for batch in batches(items):
            connections = self.client.map(resource.connections, batch)
            files = self.client.map(lambda item: self.content_file(resource, item), batch) \
                if self.content != "none" else [None] * len(batch)
            for item, conns, path in zip(batch, connections, files):
                yield self.content_item(resource, kind, item, conns, path)

    def content_item(self, resource, kind, item, connections, path):
        pairs = [
            ("name", item["name"]),
            ("project", self.path(item["project_id"])),
            ("file", path),
            ("owner", self.owner(item.get("owner_id"))),
            ("tags", list(item.get("tags") or []) or None),
            ("description", item.get("description") or None),
        ]
        if kind == "workbooks":
            pairs.append(("show_tabs", True if item.get("show_tabs") else None))
        elif kind == "datasources":
            pairs.append(("certified", True if item.get("certified") else None))
            pairs.append(("certification_note", item.get("certification_note") or None))
        pairs.append(("connections", self.connection_entries(resource, item, connections) or None))
        return compact(pairs)

    def connection_entries(self, resource, item, connections):
        entries = []
        ordered = sorted(connections, key=lambda c: (c["server_address"].lower(), str(c["server_port"] or ""),
                                                     c["type"] or "", c["username"] or ""))
        for connection in ordered:
            if not connection.get("username"):
                continue  # nothing to set: the connection takes the credentials of whoever opens it
            entry = {"match": compact([("server_address", connection["server_address"] or None),
                                       ("server_port", int(connection["server_port"]) if connection["server_port"]
                                        and str(connection["server_port"]).isdigit() else None),
                                       ("type", connection.get("type") or None)])}
            entry["username"] = connection["username"]
            if connection.get("embed_password"):
                variable = "vault_tableau_%s_%s_%d" % (resource.tag, sanitised(item["name"]), len(entries) + 1)
                entry["password"] = PLACEHOLDER % variable
                entry["embed_password"] = True
                self.secrets.append({"variable": variable, "kind": resource.tag, "name": item["name"],
                                     "project": self.path(item["project_id"]),
                                     "server_address": connection["server_address"], "username": connection["username"]})
            entries.append(entry)
        return entries

    def content_file(self, resource, item):
        """Download the item beside the description; its path relative to the description's folder."""
        parts = [safe_file_part(n) for n in self.paths.get(item["project_id"], ["_"])]
        folder = os.path.join(self.content_dir, *parts)
        target = self.download(resource, item, folder, safe_file_part(item["name"]))
        self.files.append(target)
        return os.path.relpath(target, os.path.dirname(self.dest)).replace(os.sep, "/")

    def download(self, resource, item, folder, base):
        """The file's path; replaced only when its bytes differ. Check mode downloads to compare (a read, as
        tableau_workbook's state=downloaded does), then removes the download; a missing folder is a change."""
        if not os.path.isdir(folder):
            if self.check_mode:
                self.files_changed = True
                return os.path.join(folder, base + "." + resource.packaged_extension)
            try:
                os.makedirs(folder)
            except OSError as exc:
                if not os.path.isdir(folder):
                    raise TableauError("Cannot make the folder '%s' for the content files: %s" % (folder, exc))
        # Download Flow has no includeExtract: a flow comes whole, with the input files a .tflx packs.
        whole = self.content == "files_with_extracts" or resource.kind == "flow"
        temp_path, served = resource.download_to_temp(item, folder, include_extract=whole)
        extension = os.path.splitext(served)[1].lstrip(".").lower()
        if extension not in resource.extensions:
            extension = resource.packaged_extension
        target = os.path.join(folder, base + "." + extension)
        try:
            if os.path.isfile(target) and file_fingerprint(target) == file_fingerprint(temp_path):
                return target
            self.files_changed = True
            if not self.check_mode:
                os.rename(temp_path, target)
        finally:
            remove_quietly(temp_path)
        return target

    # ------------------------------------------------------------------ permissions

    def permission_targets(self):
        """(content type, address, path) of every item whose explicit rules can be set."""
        locked = self.locked_projects()
        targets = [("project", {"project": self.path(p["id"])}, "/projects/%s/permissions" % p["id"])
                   for p in self.projects]
        for kind, resource in (("workbook", WorkbookResource), ("datasource", DatasourceResource)):
            if not self.exporting(kind + "s"):
                continue
            items = resource(self.client).list()
            items.sort(key=lambda i: (tuple(name_key(n) for n in self.paths.get(i["project_id"], [])),
                                      name_key(i["name"])))
            for item in items:
                if item["project_id"] in locked:
                    continue  # the project's rules govern it; its own cannot be set
                targets.append((kind, {"project": self.path(item["project_id"]), "name": item["name"]},
                                "/%ss/%s/permissions" % (kind, item["id"])))
        return sorted(targets, key=self.target_key)

    def target_key(self, target):
        kind, address, dummy = target
        return kind, tuple(name_key(n) for n in split_path(address["project"])), name_key(address.get("name"))

    def locked_projects(self):
        """Ids of the projects whose content takes the project's rules (a lock on it or an ancestor above)."""
        by_id = dict((p["id"], p) for p in self.projects)
        locked = set()
        for project in self.projects:
            if project.get("content_permissions") in ("LockedToProject", "LockedToProjectWithoutNested"):
                locked.add(project["id"])
            parent = by_id.get(project.get("parent_id"))
            while parent is not None:
                if parent.get("content_permissions") == "LockedToProject":
                    locked.add(project["id"])
                    break
                parent = by_id.get(parent.get("parent_id"))
        return locked

    def exporting(self, section):
        return section in self.sections

    def rule_items(self, targets):
        """The items of a permissions section: one per target with rules, its grants by names."""
        for batch in batches(targets):
            answers = self.client.map(lambda t: rules_from_xml(self.client.get(t[2])), batch)
            for (kind, address, dummy), rules in zip(batch, answers):
                grants = self.grants(rules)
                if grants:
                    yield dict(compact([("content_type", kind), ("project", address["project"]),
                                        ("name", address.get("name"))]), grants=grants)

    def grants(self, rules):
        grants = []
        for key, caps in rules.items():
            if not caps:
                continue
            grantee = self.grantee(key)
            if grantee is None:
                continue
            grantee["capabilities"] = dict(sorted(caps.items()))
            grants.append(grantee)
        return sorted(grants, key=lambda g: ("user" in g, name_key(g.get("group") or g.get("user")),
                                             name_key(g.get("domain"))))

    def default_targets(self):
        kinds = [k for k in DEFAULT_TYPES if self.available(k)]
        # Projects are in path order already: by content type, then by project.
        return [(kind, {"project": self.path(p["id"])},
                 "/projects/%s/default-permissions/%s" % (p["id"], CONTENT_TYPES[kind].segment))
                for kind in kinds for p in self.projects]

    def available(self, kind):
        content_type = CONTENT_TYPES[kind]
        since, until = content_type.default_since, content_type.default_until
        return bool(since) and self.client.supports(since) and not (until and self.client.supports(until))

    # ------------------------------------------------------------------ schedules

    def schedule_items(self):
        """The server schedules (server-wide: every site of the server shares them) a task can create."""
        resource = ScheduleResource(self.client)
        listed = sorted((s for s in resource.list() if s.get("type") in CREATABLE_TYPES), key=lambda s: name_key(s["name"]))
        if self.cloud:
            for schedule in listed:
                self.unmap("schedule", schedule["name"], "Tableau Cloud has no server schedules: its extract refresh "
                                                         "tasks, flow tasks and subscriptions carry their own frequency.")
            return
        for batch in batches(listed):
            for schedule in self.client.map(resource.read, batch):
                yield self.schedule_item(schedule)

    @staticmethod
    def schedule_item(schedule):
        details = plain_daily(schedule.get("frequency"), schedule.get("frequency_details") or {})
        return compact([
            ("name", schedule["name"]),
            ("type", schedule["type"]),
            ("frequency", schedule.get("frequency")),
            ("start_time", details.get("start_time")),
            ("end_time", details.get("end_time")),
            ("interval_hours", details.get("interval_hours")),
            ("interval_minutes", details.get("interval_minutes")),
            ("week_days", details.get("week_days")),
            ("month_days", details.get("month_days")),
            ("priority", None if schedule.get("priority") in (None, DEFAULT_PRIORITY) else schedule["priority"]),
            ("execution_order", None if schedule.get("execution_order") in (None, DEFAULT_EXECUTION_ORDER)
             else schedule["execution_order"]),
            ("enabled", False if schedule.get("enabled") is False else None),
        ])

    # ------------------------------------------------------------------ tasks

    def schedule_frequencies(self):
        """Server schedule name -> its frequency record (the options of a Cloud task), for ``for_platform: cloud``."""
        resource = ScheduleResource(self.client)
        found = {}
        for schedule in self.client.map(resource.read, resource.list()):
            details = dict(plain_daily(schedule.get("frequency"), schedule.get("frequency_details") or {}),
                           frequency=schedule.get("frequency"))
            record = dict((key, details.get(key)) for key in FREQUENCY_KEYS)
            record["start_time"], record["end_time"] = short_time(record["start_time"]), short_time(record["end_time"])
            found[name_key(schedule["name"])] = record
        return found

    def on_cloud(self, kind, what, schedule, frequencies):
        """The frequency options a task on ``schedule`` takes on Tableau Cloud; None (and unmapped) when none fit."""
        record = frequencies.get(name_key(schedule))
        try:
            if record is None or not record.get("frequency"):
                raise TableauValidationError("the schedule '%s' has no frequency to read" % schedule)
            return desired_frequency(record)
        except TableauValidationError as exc:
            self.unmap(kind, what, "Its server schedule '%s' does not map to a Tableau Cloud frequency (%s); "
                                   "left out." % (schedule, exc.msg))
            return None

    def extract_refresh_task_items(self):
        """Extract refresh tasks by names: on a server schedule (by its name), or with their own frequency; with
        ``for_platform: cloud`` a task on a server schedule takes that schedule's frequency."""
        listed = list_tasks(ExtractRefreshTaskResource(self.client), {})
        frequencies = self.schedule_frequencies() if self.cloud and any(t.get("schedule") for t in listed) else {}
        items = []
        for task in listed:
            kind = task["content_type"]
            if not task.get(kind):
                continue  # its content is not on the site (or not readable): nothing to name it by
            item = compact([(kind, task[kind]), ("project", None if task.get("project") == "Default"
                                                 else task.get("project"))])
            what = "%s %s/%s" % (kind, task.get("project"), task[kind])
            if not self.when(item, task, task.get("schedule"), "extract_refresh_task", what, frequencies):
                continue
            if not item.get("schedule") and task.get("type") == "incremental":
                item["type"] = "incremental"
            items.append(item)
        return sorted(items, key=self.task_sort_key)

    @staticmethod
    def task_sort_key(item):
        kind = "workbook" if "workbook" in item else "datasource"
        return (tuple(name_key(n) for n in split_path(item.get("project") or "Default")), kind, name_key(item[kind]),
                name_key(item.get("schedule")), item.get("type") or "full", item.get("frequency") or "")

    # ------------------------------------------------------------------ subscriptions

    # What Tableau sets on a subscription the options leave alone: not written.
    SUBSCRIPTION_DEFAULTS = {"attach_image": True, "attach_pdf": False, "suspended": False, "send_if_view_empty": True}

    def subscription_items(self):
        """Subscriptions by names (user, workbook or view, project, subject), on a Subscription schedule by its name
        or with their own frequency; with ``for_platform: cloud`` one on a schedule takes the schedule's frequency."""
        listed = subscription_info(SubscriptionResource(self.client), {})[1]["subscriptions"]
        on_server = not is_tableau_cloud(self.client)
        frequencies = self.schedule_frequencies() if self.cloud and on_server and listed else {}
        items = [self.subscription_item(found, on_server, frequencies) for found in listed]
        return sorted((i for i in items if i), key=lambda i: (name_key(i["user"]), tuple(
            name_key(n) for n in split_path(i["project"])), name_key(i["workbook"]), name_key(i.get("view")), i["subject"]))

    def subscription_item(self, found, on_server, frequencies):
        """One subscription's item; None when it is left out."""
        what = "%s: %s/%s '%s'" % (found.get("user"), found.get("project"), found.get("workbook"), found["subject"])
        user = self.user_names.get(found.get("user_id"))
        if not user or not found.get("workbook"):
            if self.cloud and found.get("workbook"):
                self.unmap("subscription", what, "Its user is not in the description for Tableau Cloud; left out.")
            return None
        item = compact([("user", user), ("content_type", found["content_type"]), ("project", found["project"]),
                        ("workbook", found["workbook"]),
                        ("view", found.get("view") if found["content_type"] == "view" else None),
                        ("subject", found["subject"])])
        schedule = found.get("schedule") if on_server else None
        if not self.when(item, found, schedule, "subscription", what, frequencies):
            return None
        for key in ("body", "attach_image", "attach_pdf", "page_orientation", "page_size", "send_if_view_empty",
                    "suspended"):
            value = found.get(key) if key != "send_if_view_empty" or found["content_type"] == "view" else None
            if value not in (None, "") and value != self.SUBSCRIPTION_DEFAULTS.get(key):
                item[key] = value
        return item

    def when(self, item, found, schedule, kind, what, frequencies):
        """Put into ``item`` when it runs: ``schedule`` by name, or a frequency (its own, or for Cloud the schedule's);
        False when the schedule's frequency does not map (it is then in unmapped)."""
        if schedule and not self.cloud:
            item["schedule"] = schedule
            return True
        record = found
        if schedule:
            record = self.on_cloud(kind, what, schedule, frequencies)
            if record is None:
                return False
        item.update(compact((key, record.get(key) or None) for key in FREQUENCY_KEYS))
        if item.get("frequency") == "Daily" and item.get("interval_hours") == 24:
            del item["interval_hours"]  # what a Daily frequency runs on when it says nothing
        return True

    # ------------------------------------------------------------------ webhooks

    def webhook_items(self):
        resource = WebhookResource(self.client)
        hooks = sorted(resource.list(), key=lambda w: name_key(w["name"]))
        for hook in hooks:
            yield compact([("name", hook["name"]), ("event", hook["event"]),
                           ("destination_url", hook["destination_url"]),
                           ("enabled", None if hook.get("enabled") in (None, True) else False)])

    # ------------------------------------------------------------------ the whole description

    def write(self, writer):
        """Every section asked for, in the order of SECTIONS, into ``writer``."""
        writer.header()
        if self.exporting("site"):
            settings = self.site_section()
            writer.mapping("site", {"settings": settings})
            self.counts["site"] = len(settings)
        writers = (
            ("users", self.user_items),
            ("projects", self.project_items),
            ("groups", self.group_items),
            ("workbooks", lambda: self.content_items(WorkbookResource(self.client), "workbooks")),
            ("datasources", lambda: self.content_items(DatasourceResource(self.client), "datasources")),
            ("flows", lambda: self.content_items(FlowResource(self.client), "flows")),
            ("permissions", lambda: self.rule_items(self.permission_targets())),
            ("default_permissions", lambda: self.rule_items(self.default_targets())),
            ("schedules", self.schedule_items),
            ("extract_refresh_tasks", self.extract_refresh_task_items),
            ("subscriptions", self.subscription_items),
            ("webhooks", self.webhook_items),
        )
        for name, items in writers:
            if name == "flows" and self.exporting(name) and not self.client.supports(FLOWS_VERSION):
                continue  # the server's REST API has no flows
            if name == "schedules" and self.exporting(name) and is_tableau_cloud(self.client):
                continue  # Tableau Cloud has no server schedules
            if name == "schedules" and self.exporting(name) and self.cloud:
                list(items())  # what the server has is listed in unmapped; no section is written
                continue
            if self.exporting(name):
                self.counts[name] = writer.section(name, items())


def read_description(client, params, check_mode, keep):
    """Export into a temporary file beside ``dest`` (none in check mode, or without dest); the export, the
    temporary file's path and the writer (which holds the text too when ``keep``)."""
    export = SiteExport(client, params, check_mode)
    export.load_references()
    if export.dest is None or check_mode:
        writer = DescriptionWriter(keep=keep)
        export.write(writer)
        return export, None, writer
    handle, temp_path = tempfile.mkstemp(dir=os.path.dirname(export.dest),
                                         prefix="." + os.path.basename(export.dest) + ".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            writer = DescriptionWriter(out, keep=keep)
            export.write(writer)
    except BaseException:
        remove_quietly(temp_path)
        raise
    return export, temp_path, writer


def ensure_exported(client, params, place, check_mode=False, parse=None):
    """tableau_site_export: ``(changed, returned, None)``.

    ``place(temp_path, target, replace)`` is the module's atomic move with the task's file attributes (it
    returns whether they changed); ``parse(text)`` turns the description's text into data for the result's
    ``description`` (the module passes a YAML loader), returned without dest or with ``return_description``.
    """
    check_export(params)
    keep = not params.get("dest") or bool(params.get("return_description"))
    export, temp_path, writer = read_description(client, params, check_mode, keep)
    returned = {"sections": export.counts, "secrets_to_set": export.secrets, "unmapped": export.unmapped,
                "server_administrators": export.server_administrators}
    changed = False
    try:
        if export.dest is not None:
            before = file_fingerprint(export.dest) if os.path.isfile(export.dest) else None
            after = writer.hexdigest()
            attributes = False
            if temp_path is not None or before is not None:
                attributes = place(temp_path, export.dest, before != after and temp_path is not None)
            changed = before != after or bool(attributes) or export.files_changed
            folder = os.path.dirname(export.dest)
            returned.update(dest=export.dest, sha256=after,
                            content_dir=export.content_dir if export.content != "none" else None,
                            content_files=sorted(os.path.relpath(f, folder).replace(os.sep, "/") for f in export.files))
        if keep:
            returned["description"] = parse(writer.text()) if parse else writer.text()
    finally:
        if temp_path:
            remove_quietly(temp_path)
    returned["requests"] = client.request_count
    return changed, returned, None
