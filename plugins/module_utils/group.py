# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Groups: local and Active Directory imported; find, compare, write, and reconcile members, with check mode;
and the tableau_group / tableau_group_info logic (``ensure_groups``, ``ensure_group``, ``group_info``).

Members are read with one listing of the group and changed with the bulk endpoints (REST API 3.21+),
or one request per user on older servers. Group and member names match without regard to case.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauError, TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.resource import Field, FieldTable, Outcome
from ansible_collections.tableau.server.plugins.module_utils.resource import Resource, check_purge_share, name_key, predicted_update
from ansible_collections.tableau.server.plugins.module_utils.resource import exists, same_name
from ansible_collections.tableau.server.plugins.module_utils.user import SITE_ROLES, UserResource
from ansible_collections.tableau.server.plugins.module_utils.writes import create_once

ALL_USERS = "All Users"
LOCAL_DOMAIN = "local"
LICENSE_MODES = ["onLogin", "onSync"]
BULK_MEMBERS_VERSION = "3.21"
# The domain and the license mode live in child elements (<domain>, <import>): from_xml and element read and write them.
GROUP_FIELDS = FieldTable("group", [
    Field("name", "name", option=False),
    Field("domain"),
    Field("minimum_site_role", "minimumSiteRole", SITE_ROLES),
    Field("grant_license_mode", kind=LICENSE_MODES),
    Field("user_count", "userCount", "int", compare=False, option=False),
])
COMPARED_FIELDS = GROUP_FIELDS.compared()


GROUP_OPTIONS = dict(
    GROUP_FIELDS.argspec(),
    name=dict(type="str"),
    new_name=dict(type="str"),
    members=dict(type="list", elements="str"),
    purge_members=dict(type="bool", default=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def group_item_spec():
    """The options of one item of tableau_group's ``groups`` (what tableau_site_state's ``groups`` items take too)."""
    return dict(GROUP_OPTIONS, name=dict(type="str", required=True))


def group_from_xml(el):
    group = {"id": el.get("id")}
    group.update(GROUP_FIELDS.parse(el))
    domain = xmlio.find(el, "domain")
    group.update(domain=domain.get("name") if domain is not None else LOCAL_DOMAIN, grant_license_mode=None)
    imported = xmlio.find(el, "import")
    if imported is not None:
        group["domain"] = imported.get("domainName") or group["domain"]
        group["minimum_site_role"] = imported.get("siteRole") or group["minimum_site_role"]
        group["grant_license_mode"] = imported.get("grantLicenseMode")
    return group


def is_local(group_or_domain):
    domain = group_or_domain.get("domain") if isinstance(group_or_domain, dict) else group_or_domain
    return same_name(domain or LOCAL_DOMAIN, LOCAL_DOMAIN)


def group_element(fields):
    """A <group>: local groups carry minimumSiteRole, imported ones an <import> directive."""
    if is_local(fields):
        return GROUP_FIELDS.element({"name": fields["name"], "minimum_site_role": fields.get("minimum_site_role")})
    directive = xmlio.element("import", {
        "source": "ActiveDirectory", "domainName": fields["domain"], "siteRole": fields.get("minimum_site_role"),
        "grantLicenseMode": fields.get("grant_license_mode"),
    })
    return GROUP_FIELDS.element({"name": fields["name"]}, directive)


def changes(current, desired):
    """The compared fields of ``desired`` (None = leave alone) that differ from ``current``."""
    return GROUP_FIELDS.changes(current, desired)


def plan_members(current_names, desired_names, purge):
    """Names to add and to remove so the members become ``desired_names`` (plus the rest unless ``purge``)."""
    current_keys = dict((name_key(n), n) for n in current_names)
    desired_keys = dict((name_key(n), n) for n in desired_names)
    add = sorted(desired_keys[k] for k in desired_keys if k not in current_keys)
    remove = sorted(current_keys[k] for k in current_keys if k not in desired_keys) if purge else []
    return add, remove


def sorted_names(names):
    return sorted(names, key=name_key)


def shown(group, members=None):
    result = GROUP_FIELDS.shown(group)
    if group and members is not None:
        result["members"] = sorted_names(members)
    return result


class GroupResource(Resource):
    """Group reads and writes on the signed-in site; writes honour ``check_mode``."""

    path = "/groups"
    tag = "group"
    kind = "group"
    table = GROUP_FIELDS
    list_fields = "_all_"  # makes the server include userCount

    from_xml = staticmethod(group_from_xml)

    def element(self, values):
        return group_element(values)

    def predict(self, fields):
        return Resource.predict(self, dict(dict(domain=LOCAL_DOMAIN, user_count=0), **fields))

    def update(self, current, change):
        """Update Group wants the name every time, and an imported group's whole import directive."""
        if not change:
            return current
        return Resource.update(self, current, predicted_update(current, change))

    def members(self, group):
        """The group's users: one paginated listing (none for a group check mode would create)."""
        if not exists(group):
            return []
        users = UserResource(self.client)
        return [users.from_xml(el) for el in self.client.paginate("/groups/%s/users" % group["id"], "user")]

    @staticmethod
    def _user_list(users):
        return xmlio.element("users", None, *[xmlio.element("user", {"id": u["id"]}) for u in users])

    def member_writes(self, group, add, remove):
        """The requests that add ``add`` to the group and remove ``remove``: (``"add"`` or ``"remove"``, users,
        send) each, where ``send()`` makes the request. None in check mode.

        One request each way on REST API 3.21 and later (the bulk endpoints), else one per user. They do
        not depend on each other, nor on those of other groups.
        """
        if self.check_mode:
            return []
        bulk = self.client.supports(BULK_MEMBERS_VERSION)
        writes = []
        for users in ([add] if bulk else [[u] for u in add]) if add else []:
            body = self._user_list(users) if bulk else xmlio.element("user", {"id": users[0]["id"]})
            writes.append(("add", users, self._adder(group, body, users)))
        for users in ([remove] if bulk else [[u] for u in remove]) if remove else []:
            writes.append(("remove", users, self._remover(group, users, bulk)))
        return writes

    def add_members(self, group, users):
        for dummy, dummy_users, send in self.member_writes(group, users, []):
            send()

    def remove_members(self, group, users):
        for dummy, dummy_users, send in self.member_writes(group, [], users):
            send()

    def _adder(self, group, body, users):
        def post():
            return self.client.post("/groups/%s/users" % group["id"], xmlio.ts_request(body), expected=(200,))

        def added():
            # After a lost answer: done when every one of them is a member now.
            ids = set(u["id"] for u in self.members(group))
            return True if all(u["id"] in ids for u in users) else None
        return lambda: create_once(post, added, "members of group '%s'" % group["name"])

    def _remover(self, group, users, bulk):
        if bulk:
            return lambda: self.client.put("/groups/%s/users/remove" % group["id"],
                                           xmlio.ts_request(self._user_list(users)), expected=(200, 204))
        return lambda: self.client.delete("/groups/%s/users/%s" % (group["id"], users[0]["id"]), expected=(200, 204))


# ---------------------------------------------------------------------------------------- module logic

def validate_spec(spec):
    """Input rules for one group, all checked before any request that writes."""
    imported = not is_local(spec.get("domain"))
    all_users = same_name(spec["name"], ALL_USERS)
    if spec.get("grant_license_mode") and not imported:
        raise TableauValidationError("grant_license_mode applies to groups imported from a directory (set domain).")
    if all_users and (spec.get("new_name") or spec.get("state") == "absent"):
        raise TableauValidationError("The All Users group cannot be renamed or deleted.")
    if all_users and spec.get("members") is not None:
        raise TableauValidationError("The members of All Users are every user of the site; they cannot be set.")
    names = [name_key(n) for n in spec.get("members") or []]
    if len(names) != len(set(names)):
        raise TableauValidationError("members of group '%s' lists a user more than once." % spec["name"])


def check_target(spec, current, found):
    """What a present group may not become: renamed onto another group, moved between domains, an imported one renamed."""
    new_name = spec.get("new_name")
    if new_name and not same_name(new_name, spec["name"]) and name_key(spec["name"]) in found \
            and name_key(new_name) in found:
        raise TableauValidationError("Cannot rename '%s' to '%s': a group with that name exists." % (spec["name"], new_name))
    if current is None:
        if not is_local(spec.get("domain")) and not spec.get("minimum_site_role"):
            raise TableauValidationError("Importing group '%s' from a directory needs minimum_site_role."
                                         % (new_name or spec["name"]))
        return
    if spec.get("domain") is not None and not same_name(spec["domain"], current["domain"] or LOCAL_DOMAIN):
        raise TableauValidationError("The group '%s' belongs to domain '%s'; the domain of a group cannot be "
                                     "changed." % (current["name"], current["domain"]))
    if not is_local(current) and not same_name(new_name or spec["name"], current["name"]):
        raise TableauValidationError("The group '%s' is imported from '%s'; Tableau does not rename imported "
                                     "groups." % (current["name"], current["domain"]))


class GroupConverger(object):
    """Converges one or many groups: every read and every check first, then only the writes that differ.

    Reads: one listing of the groups named, one of the users named as members, one of each
    existing group's members (only where members are managed). Writes, each stage side by side within
    the client's ``max_concurrency``: the groups' creates and updates; then the member adds and removes
    of all the groups (so a group exists before its members are added); then the deletions. The
    requests are those the groups would need one after another. When a write fails the others still
    finish; the error raised carries ``changed`` (and ``results``, what did land) for the task to report.
    """

    def __init__(self, groups):
        self.groups = groups

    def converge(self, specs):
        for spec in specs:
            validate_spec(spec)
        found = self.groups.find_by_names([n for s in specs for n in (s["name"], s.get("new_name"))])
        users = self._resolve_members(specs)
        plans = [self._plan(spec, found, users) for spec in specs]
        # Each group's members are one listing of their own; they do not depend on each other.
        listed = [plan for plan in plans if "wanted" in plan and plan["current"] is not None]
        for plan, members in zip(listed, self.groups.client.map(lambda plan: self.groups.members(plan["current"]),
                                                                listed)):
            plan["member_users"] = members
        for plan in listed:
            if plan["spec"].get("purge_members"):
                dummy, remove = plan_members([u["name"] for u in plan["member_users"]],
                                             [u["name"] for u in plan["wanted"]], True)
                check_purge_share("members of group '%s'" % plan["current"]["name"], remove,
                                  len(plan["member_users"]), plan["spec"].get("purge_limit"))
        error = self._write(plans)
        results = [self._result(plan) for plan in plans]
        if error is not None:
            # Some writes landed before (or beside) the one that failed: the task reports what they changed.
            error.results = results
            error.details["changed"] = any(result["changed"] for result in results)
            raise error
        return results

    def _resolve_members(self, specs):
        names = sorted(set(n for s in specs if s.get("state") != "absent" for n in s.get("members") or []))
        found = UserResource(self.groups.client).find_by_names(names)
        missing = [n for n in names if name_key(n) not in found]
        if missing:
            raise TableauValidationError("These members are not users on the site: %s." % ", ".join(missing),
                                         hint="Add them first with tableau_user, or check the names.")
        return found

    @staticmethod
    def _plan(spec, found, users):
        current = found.get(name_key(spec["name"]))
        plan = {"spec": spec, "current": current}
        if spec.get("state") == "absent":
            return plan
        new_name = spec.get("new_name")
        if current is None and new_name:
            current = plan["current"] = found.get(name_key(new_name))  # renamed by an earlier run
        check_target(spec, current, found)
        # Without new_name the group keeps its name as the server spells it (names match without regard to case).
        plan["desired"] = {"name": new_name or (current["name"] if current else spec["name"]),
                           "minimum_site_role": spec.get("minimum_site_role"),
                           "grant_license_mode": spec.get("grant_license_mode")}
        if spec.get("members") is not None:
            plan["wanted"] = [users[name_key(n)] for n in spec["members"]]
            plan["member_users"] = []  # listed in converge() for the groups that exist
        return plan

    def _write(self, plans):
        """Every write, side by side within the client's bound: the groups' creates and updates, then all
        their members' changes, then the deletions. Each plan gets ``group`` (the group after its write)
        and the members that were added and removed; a write that fails leaves its plan an ``error``
        (and a group that failed gets no members). Returns the first error, if any.
        """
        present = [plan for plan in plans if plan["spec"].get("state") != "absent"]
        for plan, (group, error) in zip(present, self._each(self._write_group, present)):
            plan.update(group=group, error=error, added=[], removed=[])
        self._write_members([plan for plan in present if "wanted" in plan and plan["error"] is None])
        doomed = [plan for plan in plans if plan["spec"].get("state") == "absent" and plan["current"] is not None]
        for plan, (dummy, error) in zip(doomed, self._each(lambda plan: self.groups.delete(plan["current"]), doomed)):
            plan["error"] = error
        return next((plan["error"] for plan in plans if plan.get("error") is not None), None)

    def _write_members(self, plans):
        """The member adds and removes of all ``plans`` side by side; each plan's ``added``/``removed`` what landed."""
        writes = []
        for plan in plans:
            plan["add"], plan["remove"] = self._member_changes(plan)
            writes.extend((plan, kind, users, send) for kind, users, send in
                          self.groups.member_writes(plan["group"], plan["add"], plan["remove"]))
            if self.groups.check_mode:
                plan["added"], plan["removed"] = [u["name"] for u in plan["add"]], [u["name"] for u in plan["remove"]]
        for (plan, kind, users, dummy), (dummy_answer, error) in zip(writes, self._each(lambda w: w[3](), writes)):
            if error is None:
                plan["added" if kind == "add" else "removed"].extend(u["name"] for u in users)
            else:
                plan["error"] = plan["error"] or error

    def _each(self, function, items):
        """``function`` over ``items`` side by side (one by one in check mode): (result, None) or (None, error) each."""
        def attempt(item):
            try:
                return function(item), None
            except TableauError as exc:
                return None, exc
        return self.groups.map(attempt, items)

    def _write_group(self, plan):
        spec, current = plan["spec"], plan["current"]
        if current is None:
            fields = dict((k, v) for k, v in plan["desired"].items() if v is not None)
            fields["domain"] = spec.get("domain") or LOCAL_DOMAIN
            if not is_local(fields) and not fields.get("grant_license_mode"):
                fields["grant_license_mode"] = "onSync"
            return self.groups.create(fields)
        return self.groups.update(current, changes(current, plan["desired"]))

    @staticmethod
    def _member_changes(plan):
        """The users to add and to remove, sorted by name."""
        by_name = dict((name_key(u["name"]), u) for u in plan["wanted"] + plan["member_users"])
        add, remove = plan_members([u["name"] for u in plan["member_users"]], [u["name"] for u in plan["wanted"]],
                                   plan["spec"].get("purge_members"))
        return [by_name[name_key(n)] for n in add], [by_name[name_key(n)] for n in remove]

    @staticmethod
    def _result(plan):
        """What one group's writes did: only what landed counts (after a failure, the rest did not happen)."""
        spec, current = plan["spec"], plan["current"]
        if spec.get("state") == "absent":
            gone = current is not None and plan.get("error") is None
            return dict(changed=gone, group={} if gone or current is None else current, before=shown(current),
                        after={} if gone or current is None else shown(current))
        after = plan["group"]
        if after is None:  # its create or update failed
            return dict(group=current or {}, changed=False, before=shown(current), after=shown(current))
        changed = current is None or bool(changes(current, plan["desired"]))
        result = dict(group=after, changed=changed, before=shown(current), after=shown(after))
        if "wanted" in plan:
            added, removed = plan["added"], plan["removed"]
            before_members = [u["name"] for u in plan["member_users"]]
            gone = set(name_key(n) for n in removed)
            after_members = [n for n in before_members if name_key(n) not in gone] + added
            after["members"] = sorted_names(after_members)
            result.update(members_added=sorted(added), members_removed=sorted(removed),
                          changed=changed or bool(added or removed),
                          before=shown(current, before_members), after=shown(after, after_members))
        return result


SPEC_KEYS = ("name", "new_name", "domain", "minimum_site_role", "grant_license_mode", "members", "purge_members",
             "purge_limit", "state")


def ensure_groups(groups, params):
    """tableau_group with ``groups``: every group converged; the diff keyed by group name."""
    # purge_limit is the task's, for every group of the list.
    specs = [dict(spec, purge_limit=params.get("purge_limit")) for spec in params["groups"]]
    try:
        outcomes = GroupConverger(groups).converge(specs)
    except TableauError as exc:
        if getattr(exc, "results", None) is not None:
            # The groups whose writes landed, as a run without the failure would return them.
            exc.details["groups"] = [o["group"] for o in exc.results if o["changed"] and o["group"]]
        raise
    before = dict((spec["name"], o["before"]) for spec, o in zip(params["groups"], outcomes) if o["before"])
    after = dict((o["after"]["name"], o["after"]) for o in outcomes if o["after"])
    outcome = Outcome().record(any(o["changed"] for o in outcomes), before, after)
    return outcome.ret(groups=[o["group"] for o in outcomes if o["group"]]).result()


def ensure_group(groups, params):
    """tableau_group with ``name``: the list form with one item, returned as one group."""
    try:
        result = GroupConverger(groups).converge([dict((key, params.get(key)) for key in SPEC_KEYS)])[0]
    except TableauError as exc:
        if getattr(exc, "results", None) is not None:
            exc.details.update((key, value) for key, value in exc.results[0].items()
                               if key in ("group", "members_added", "members_removed"))
        raise
    outcome = Outcome().record(result["changed"], result["before"], result["after"])
    return outcome.ret(**dict((k, v) for k, v in result.items() if k not in ("before", "after", "changed"))).result()


def ensure(groups, params):
    """tableau_group: the list form with ``groups``, the single form with ``name``."""
    return (ensure_group if params.get("groups") is None else ensure_groups)(groups, params)


def group_info(groups, params):
    """tableau_group_info: the groups matching the filters, sorted by name, with their members if asked."""
    role = params.get("minimum_site_role")
    found = groups.list_named(params.get("name"), [("minimumSiteRole", "eq", role)] if role else [])
    if params.get("domain") is not None:
        found = [g for g in found if same_name(g["domain"], params["domain"])]
    found.sort(key=lambda g: name_key(g["name"]))
    if params.get("include_members"):
        for group, members in zip(found, groups.map(groups.members, found)):
            group["members"] = sorted_names(u["name"] for u in members)
    return False, dict(groups=found), None
