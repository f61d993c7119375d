# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Users on the signed-in site: lookups by name, comparison, add, update and remove with check mode
built in, and the tableau_user / tableau_user_info logic (``ensure_users``, ``ensure_user``, ``user_info``).

Passwords are write-only: Tableau never returns them, so they cannot be compared. They are sent when
a user is added, and on later runs only when the caller asks for it (``update_password: always``).
User names match without regard to case, as Tableau's sign-in does.

Many new users at once go through Import Users to Site from CSV (``bulk_import``; ``split_adds`` decides):
one multipart request (a CSV file and a payload naming how each user signs in), one job, then one listing
that reads them back, so the result is the one the one-by-one path gives. Check mode always takes the
one-by-one path, which predicts without any request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import csv
import fnmatch
import io
import re

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.content import wait_for_job
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauJobError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.multipart import MultipartBody, payload_part
from ansible_collections.tableau.server.plugins.module_utils.resource import Field, FieldTable
from ansible_collections.tableau.server.plugins.module_utils.resource import Outcome, Resource, check_purge_share, name_key

# The roles Add User and Update User accept (ServerAdministrator is granted outside the REST API).
SITE_ROLES = ["Creator", "Explorer", "ExplorerCanPublish", "SiteAdministratorCreator", "SiteAdministratorExplorer",
              "Unlicensed", "Viewer"]
# What tableau_user_info can filter on: every role a user can have.
ALL_SITE_ROLES = sorted(SITE_ROLES + ["ServerAdministrator"])
AUTH_SETTINGS = ["ServerDefault", "SAML", "OpenID"]
IDP_VERSION = "3.25"
# Get Groups for a User (what include_groups reads).
USER_GROUPS_VERSION = "3.7"
USER_FIELDS = FieldTable("user", [
    Field("name", "name", compare=False, option=False),
    Field("site_role", "siteRole", SITE_ROLES),
    Field("auth_setting", "authSetting", AUTH_SETTINGS),
    Field("full_name", "fullName"),
    Field("email", "email"),
    Field("idp_configuration_id", "idpConfigurationId", version=IDP_VERSION),
    Field("last_login", "lastLogin", compare=False, option=False),
])
COMPARED_FIELDS = USER_FIELDS.compared()
# Add User takes only these; the rest follow in an Update User.
ADD_FIELDS = ("name", "site_role", "auth_setting", "idp_configuration_id")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

# Import Users to Site from CSV (REST API 3.15): many new users in one multipart request, added by one job.
IMPORT_VERSION = "3.15"
BULK_IMPORT_MODES = ["auto", "always", "never"]
# bulk_import: auto imports when a run adds at least this many users (fewer are as quick one by one).
BULK_IMPORT_THRESHOLD = 50
# The reference gives no size limit for the file; batches of this size keep each request and job modest.
BULK_IMPORT_BATCH = 1000
# How long one import job may run before the task gives up waiting (it keeps running on the server).
IMPORT_JOB_TIMEOUT = 1800
# The CSV's columns for a site role: license level, administrator level, publishing capability
# (CSV Import File Guidelines). Creators and site administrators publish; Explorers only as ExplorerCanPublish.
CSV_ROLE_COLUMNS = {
    "Creator": ("Creator", "", "yes"),
    "Explorer": ("Explorer", "", "no"),
    "ExplorerCanPublish": ("Explorer", "", "yes"),
    "SiteAdministratorCreator": ("Creator", "Site", "yes"),
    "SiteAdministratorExplorer": ("Explorer", "Site", "yes"),
    "Viewer": ("Viewer", "", "no"),
    "Unlicensed": ("Unlicensed", "", "no"),
}


def user_item_spec():
    """The options of one item of tableau_user's ``users`` (what tableau_site_state's ``users`` items take too)."""
    return dict(USER_FIELDS.argspec(), name=dict(type="str", required=True),
                state=dict(type="str", default="present", choices=["present", "absent"]),
                user_password=dict(type="str", no_log=True, aliases=["password"]))


def changes(current, desired):
    """The compared fields of ``desired`` (None = leave alone) that differ from ``current``."""
    return USER_FIELDS.changes(current, desired)


def shown(user):
    return USER_FIELDS.shown(user, extra=("name",))


def glob_problem(pattern):
    """Why ``pattern`` is not a usable glob (an unclosed ``[``, a backwards range), or None.

    Python's fnmatch quietly treats such patterns as literal text or as matching nothing, which in
    an exclude list would silently protect no one.
    """
    if not pattern or not pattern.strip():
        return "it is empty"
    index = 0
    while index < len(pattern):
        if pattern[index] == "[":
            end = index + 1
            if end < len(pattern) and pattern[end] == "!":
                end += 1
            if end < len(pattern) and pattern[end] == "]":
                end += 1
            end = pattern.find("]", end)
            if end == -1:
                return "the '[' at position %d is never closed" % (index + 1)
            members = pattern[index + 1:end].lstrip("!")
            for start, stop in re.findall(r"(.)-(.)", members):
                if start > stop:
                    return "the range '%s-%s' is backwards and matches nothing" % (start, stop)
            index = end
        index += 1
    return None


def compile_patterns(patterns):
    """Glob patterns (``svc_*``, ``admin?``) as case-insensitive regular expressions; a bad one is an error."""
    compiled = []
    for pattern in patterns or []:
        problem = glob_problem(pattern)
        if problem:
            raise TableauValidationError("The exclude pattern '%s' is not a valid glob pattern: %s." % (pattern, problem),
                                         hint="Use * for any text, ? for one character, [abc] or [a-z] for one of a set.")
        compiled.append(re.compile(fnmatch.translate(pattern), re.IGNORECASE))
    return compiled


def matches_any(name, compiled):
    return any(regex.match(name) for regex in compiled)


def import_problem(fields):
    """Why the user ``fields`` cannot be added by Import Users to Site from CSV (they are then added one by one),
    or None."""
    name = fields["name"]
    if "\\" in name:
        return "the name '%s' holds a backslash, which the import reads as a domain (domain\\user)" % name
    if name.count("@") > 1:
        return "the name '%s' holds more than one @, and the import takes an @ for a domain separator" % name
    if fields.get("auth_setting") and fields.get("idp_configuration_id"):
        return "the user '%s' has both auth_setting and idp_configuration_id" % name
    for key in ("name", "password", "full_name", "email"):
        if any(mark in (fields.get(key) or "") for mark in ("\r", "\n")):
            return "the %s of the user '%s' spans lines" % (key.replace("_", " "), name)
    return None


def import_csv(adds):
    """The ``tableau_user_import`` file for ``adds``: no header row; user name, password, display name, license
    level, administrator level, publishing capability, email (CSV Import File Guidelines), UTF-8 with a BOM."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for fields in adds:
        license_level, admin_level, publish = CSV_ROLE_COLUMNS[fields["site_role"]]
        writer.writerow([fields["name"], fields.get("password") or "", fields.get("full_name") or "", license_level,
                         admin_level, publish, fields.get("email") or ""])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def import_payload(adds):
    """The ``request_payload`` of an import: one ``<user>`` per line of the file, with how that user signs in."""
    users = []
    for fields in adds:
        attrs = {"name": fields["name"]}
        if fields.get("idp_configuration_id"):
            attrs["idpConfigurationId"] = fields["idp_configuration_id"]
        else:
            attrs["authSetting"] = fields.get("auth_setting") or "ServerDefault"
        users.append(xmlio.element("user", attrs))
    return xmlio.ts_request(*users)


def import_messages(job):
    """What an ended import job says of the lines it skipped: its statusNotes' texts that are more than a count,
    and its notes."""
    messages = []
    for note in job.iter("{%s}statusNote" % xmlio.NS):
        text = (note.get("text") or "").strip()
        if text and not text.isdigit():
            messages.append(text)
    messages.extend(n.text.strip() for n in job.iter("{%s}notes" % xmlio.NS) if n.text and n.text.strip())
    return messages


def split_adds(users, adds, mode):
    """(users to import, users to add one by one) for bulk_import ``mode`` (auto, always, never).

    Check mode adds one by one: the prediction is the per-user path's, and it sends nothing either way.
    """
    mode = mode or "never"
    if mode == "always":
        users.client.require_version(IMPORT_VERSION, "bulk_import: always (Import Users to Site from CSV)")
    if mode == "never" or users.check_mode or not adds:
        return [], list(adds)
    imported = [fields for fields in adds if import_problem(fields) is None]
    if mode == "auto" and (len(imported) < BULK_IMPORT_THRESHOLD or not users.client.supports(IMPORT_VERSION)):
        return [], list(adds)
    return imported, [fields for fields in adds if import_problem(fields) is not None]


def plan_users(desired, current, purge=False, exclude=None, keep_ids=(), update_password="on_create"):
    """What converging the site's users on ``desired`` takes, computed without any request.

    ``desired`` is a list of dicts (name, state, site_role, ... password); ``current`` every user on
    the site. Returns ``{"add": [fields], "update": [(user, change, password)], "remove": [user],
    "unchanged": [user]}``. Purge never removes users in ``keep_ids`` or matching ``exclude``.
    """
    compiled = compile_patterns(exclude)
    by_name = dict((name_key(u["name"]), u) for u in current)
    plan = {"add": [], "update": [], "remove": [], "unchanged": []}
    seen = set()
    for item in desired:
        key = name_key(item["name"])
        if key in seen:
            raise TableauValidationError("The user '%s' is listed more than once." % item["name"])
        seen.add(key)
        user = by_name.get(key)
        if item.get("state", "present") == "absent":
            if user is not None:
                plan["remove"].append(user)
            continue
        if user is None:
            if not item.get("site_role"):
                raise TableauValidationError("The user '%s' is not on the site, and adding a user needs a site_role."
                                             % item["name"])
            plan["add"].append(dict((k, v) for k, v in item.items() if v is not None and k != "state"))
            continue
        change = changes(user, item)
        password = item.get("password") if update_password == "always" else None
        if change or password:
            plan["update"].append((user, change, password))
        else:
            plan["unchanged"].append(user)
    if purge:
        for user in current:
            if name_key(user["name"]) in seen or user["id"] in keep_ids or matches_any(user["name"], compiled):
                continue
            plan["remove"].append(user)
    return plan


class UserResource(Resource):
    """User reads and writes on the signed-in site; writes honour ``check_mode``."""

    path = "/users"
    tag = "user"
    kind = "user"
    table = USER_FIELDS

    def not_found(self, name, purpose=None):
        return TableauValidationError("The %s '%s' is not a user on site '%s'." % (purpose or "user", name, self.client.site),
                                      hint="Add the user to the site first (tableau_user), or check the name.")

    def none_found(self, names, purpose=None):
        return TableauValidationError("These %ss are not users on the site: %s." % (purpose or "user", ", ".join(names)),
                                      hint="Add them first with tableau_user, or check the names.")

    def names_by_id(self, ids):
        """User names for a set of user ids, from one listing of the site's users."""
        wanted = set(i for i in ids if i)
        if not wanted:
            return {}
        return dict((u["id"], u["name"]) for u in self.list() if u["id"] in wanted)

    def group_names(self, user):
        self.client.require_version(USER_GROUPS_VERSION, "Reading a user's groups (include_groups)")
        return sorted(el.get("name") for el in self.client.paginate("/users/%s/groups" % user["id"], "group"))

    # ------------------------------------------------------------------ writes

    def element(self, values):
        el = self.table.element(values)
        if values.get("password"):
            el.set("password", values["password"])  # write-only: never read back, never compared
        return el

    def predict(self, fields):
        predicted = Resource.predict(self, dict(fields, auth_setting=fields.get("auth_setting") or "ServerDefault"))
        predicted.pop("password", None)
        return predicted

    def create(self, fields):
        """Add User takes only ADD_FIELDS; full name, email and password follow in an Update User."""
        add = dict((k, v) for k, v in fields.items() if k in ADD_FIELDS and v is not None)
        rest = dict((k, v) for k, v in fields.items() if k not in ADD_FIELDS and k in self.table.by_name and v is not None)
        return self.update(Resource.create(self, add), rest, password=fields.get("password"))

    def update(self, current, change, password=None):
        if not password:
            return Resource.update(self, current, change)
        updated = Resource.update(self, current, dict(change, password=password))
        updated.pop("password", None)
        return updated

    def import_users(self, adds, timeout=IMPORT_JOB_TIMEOUT):
        """Add ``adds`` with Import Users to Site from CSV, BULK_IMPORT_BATCH users a request, each batch's job
        awaited; then one listing reads them back. Returns the users added, by ``name_key``.

        What the import left different from what was asked (the server's own choices) follows in an
        Update User, so the users end as the one-by-one path leaves them. Users the import skipped are a
        TableauJobError naming them with the server's words; it carries the users that were added.
        """
        messages, job_ids = [], []
        for start in range(0, len(adds), BULK_IMPORT_BATCH):
            batch = adds[start:start + BULK_IMPORT_BATCH]
            job = self._import_batch(batch, timeout)
            job_ids.append(job.get("id"))
            said = import_messages(job)
            if job.get("finishCode") == "2":
                said.insert(0, "The import job %s was cancelled." % job.get("id"))
            elif job.get("finishCode") not in ("0", None) and not said:
                said.append("The import job %s failed (finishCode %s)." % (job.get("id"), job.get("finishCode")))
            messages.extend(said)
        found = self.find_by_names([fields["name"] for fields in adds])
        added, skipped = {}, []
        for fields in adds:
            user = found.get(name_key(fields["name"]))
            if user is None:
                skipped.append(fields["name"])
                continue
            rest = changes(user, dict((k, v) for k, v in fields.items() if k in COMPARED_FIELDS))
            added[name_key(user["name"])] = Resource.update(self, user, rest)
        if skipped:
            if len(messages) > 10:
                messages = messages[:10] + ["(and %d more)" % (len(messages) - 10)]
            raise TableauJobError(
                "Import Users to Site from CSV did not add %d of %d users: %s.%s" % (
                    len(skipped), len(adds), ", ".join(skipped), " The server said: %s" % " ".join(messages) if messages else ""),
                job_id=job_ids[-1] if len(job_ids) == 1 else ", ".join(job_ids), changed=bool(added),
                added=sorted(user["name"] for user in added.values()), not_added=skipped,
                hint="Fix what the server named and run the task again: it adds only the users still missing.")
        return added

    def _import_batch(self, batch, timeout):
        """One import request and its job, awaited until it ends; the ended job's element."""
        body = MultipartBody([
            payload_part(import_payload(batch)),
            {"name": "tableau_user_import", "filename": "users.csv", "content_type": "text/csv", "data": import_csv(batch)},
        ])
        try:
            root = self.client.upload("%s/import" % self.path, body, body.content_type, expected=(200, 201, 202))
        finally:
            body.close()
        job = xmlio.require(root, "job", "the answer to Import Users to Site from CSV")
        # However the job ends (failed, cancelled), what it added is judged by the listing that follows.
        return wait_for_job(self.client, job.get("id"), timeout, judge=False,
                            hint="The job keeps running on the server; run the task again once it ended.")

    def remove(self, current, map_assets_to=None):
        """Remove a user; ``map_assets_to`` (a user id) receives whatever the user owns."""
        self.delete(current, params={"mapAssetsTo": map_assets_to} if map_assets_to else None)


# ---------------------------------------------------------------------------------------- module logic

def desired_user(options):
    """One user's options as the resource's fields (``user_password`` becomes ``password``)."""
    fields = dict((field, options.get(field)) for field in USER_FIELDS.compared())
    fields.update(name=options["name"], password=options.get("user_password"), state=options.get("state") or "present")
    return fields


def check_removals(users, plan, heir_name, found):
    """The map_assets_to user's id, after the checks every removal needs (none of them writes)."""
    for user in plan["remove"]:
        if user["id"] == users.client.user_id:
            raise TableauValidationError("The signed-in user '%s' cannot remove themselves." % user["name"])
    if not plan["remove"] or not heir_name:
        return None
    heir = found.get(name_key(heir_name))
    if heir is None:
        raise TableauValidationError("The map_assets_to user '%s' is not on the site." % heir_name)
    if heir["id"] in set(u["id"] for u in plan["remove"]):
        raise TableauValidationError("The map_assets_to user '%s' is one of the users to remove." % heir_name)
    return heir["id"]


def converge_users(users, desired, params):
    """Plan from one listing, check everything, then write only where users differ.

    Returns the plan, and the users after the task by ``name_key``. Without ``purge`` only the named
    users (and the map_assets_to user) are listed; with it, every user of the site.
    """
    if params.get("purge") and params.get("users") is None:
        raise TableauValidationError("purge needs users: the list of users to keep.")
    compile_patterns(params.get("exclude"))
    for item in desired:
        users.table.require_versions(users.client, item)
    heir_name = params.get("map_assets_to")
    if params.get("purge"):
        current = users.list()
        found = dict((name_key(u["name"]), u) for u in current)
    else:
        found = users.find_by_names([item["name"] for item in desired] + [heir_name])
        current = [found[name_key(item["name"])] for item in desired if name_key(item["name"]) in found]
    plan = plan_users(desired, current, purge=params.get("purge"), exclude=params.get("exclude"),
                      keep_ids=(users.client.user_id,), update_password=params.get("update_password") or "on_create")
    if params.get("purge"):
        check_purge_share("users of the site", [u["name"] for u in plan["remove"]], len(current),
                          params.get("purge_limit"))
    heir = check_removals(users, plan, heir_name, found)
    after = dict((name_key(u["name"]), u) for u in plan["unchanged"])
    imported, one_by_one = split_adds(users, plan["add"], params.get("bulk_import"))
    if imported:
        after.update(users.import_users(imported))
    # The users' writes do not depend on each other: side by side, within the client's bound.
    for user in users.map(users.create, one_by_one):
        after[name_key(user["name"])] = user
    for user in users.map(lambda update: users.update(update[0], update[1], password=update[2]), plan["update"]):
        after[name_key(user["name"])] = user
    users.map(lambda user: users.remove(user, heir), plan["remove"])
    return plan, after


def ensure_users(users, params):
    """tableau_user with ``users``: the whole list converged; the diff keyed by user name."""
    desired = [desired_user(item) for item in params["users"]]
    plan, after_by_key = converge_users(users, desired, params)
    before = dict((u["name"], shown(u)) for u in [u for u, _c, _p in plan["update"]] + plan["remove"])
    written = set(name_key(f["name"]) for f in plan["add"]) | set(name_key(u["name"]) for u, _c, _p in plan["update"])
    after = dict((u["name"], shown(u)) for key, u in after_by_key.items() if key in written)
    outcome = Outcome().record(bool(plan["add"] or plan["update"] or plan["remove"]), before, after)
    return outcome.ret(
        users=[after_by_key[name_key(i["name"])] for i in desired if name_key(i["name"]) in after_by_key],
        added=[f["name"] for f in plan["add"]],
        updated=[u["name"] for u, _c, _p in plan["update"]],
        removed=[u["name"] for u in plan["remove"]],
    ).result()


def ensure_user(users, params):
    """tableau_user with ``name``: the list form with one item, returned as one user."""
    desired = desired_user(params)
    plan, after_by_key = converge_users(users, [desired], params)
    before = (plan["remove"] + [u for u, _c, _p in plan["update"]] + plan["unchanged"] or [None])[0]
    after = after_by_key.get(name_key(desired["name"])) or {}
    changed = bool(plan["add"] or plan["update"] or plan["remove"])
    return Outcome().record(changed, shown(before), shown(after)).ret(user=after).result()


def utc_time(option, value):
    if value is not None and not TIMESTAMP.match(value):
        raise TableauValidationError("%s must be a UTC time such as 2025-01-31T00:00:00Z; got '%s'." % (option, value))
    return value


def ensure(users, params):
    """tableau_user: the list form with ``users``, the single form with ``name``."""
    return (ensure_user if params.get("users") is None else ensure_users)(users, params)


def user_info(users, params):
    """tableau_user_info: the users matching the filters, sorted by name, with their groups if asked."""
    if params.get("include_groups"):
        # Before any listing: Get Groups for a User came with 3.7.
        users.client.require_version(USER_GROUPS_VERSION, "Reading a user's groups (include_groups)")
    filters = []
    for option, field, op in (("site_roles", "siteRole", "in"), ("last_login_after", "lastLogin", "gte"),
                              ("last_login_before", "lastLogin", "lt")):
        if op != "in":
            utc_time(option, params.get(option))
        if params.get(option):
            filters.append((field, op, params[option]))
    found = users.list_named(params.get("name"), filters)
    found.sort(key=lambda u: name_key(u["name"]))
    if params.get("include_groups"):
        for user, groups in zip(found, users.map(users.group_names, found)):
            user["groups"] = groups
    return False, dict(users=found), None
