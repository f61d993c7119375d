# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Groups: local and Active Directory imported; find, compare, write, and reconcile members, with check mode.

Members are read with one listing of the group and changed with the bulk endpoints (REST API 3.21+),
or one request per user on older servers.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.client import filter_value_is_safe
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource, user_from_xml
from ansible_collections.tableau.server.plugins.module_utils.writes import create_once

ALL_USERS = "All Users"
LOCAL_DOMAIN = "local"
LICENSE_MODES = ["onLogin", "onSync"]
BULK_MEMBERS_VERSION = "3.21"
COMPARED_FIELDS = ("name", "domain", "minimum_site_role", "grant_license_mode")


def group_from_xml(el):
    domain = xmlio.find(el, "domain")
    imported = xmlio.find(el, "import")
    group = {
        "id": el.get("id"),
        "name": el.get("name"),
        "domain": domain.get("name") if domain is not None else LOCAL_DOMAIN,
        "minimum_site_role": el.get("minimumSiteRole"),
        "grant_license_mode": None,
        "user_count": xmlio.to_int(el.get("userCount")),
    }
    if imported is not None:
        group["domain"] = imported.get("domainName") or group["domain"]
        group["minimum_site_role"] = imported.get("siteRole") or group["minimum_site_role"]
        group["grant_license_mode"] = imported.get("grantLicenseMode")
    return group


def is_local(group_or_domain):
    domain = group_or_domain.get("domain") if isinstance(group_or_domain, dict) else group_or_domain
    return (domain or LOCAL_DOMAIN).lower() == LOCAL_DOMAIN


def group_element(fields):
    """A <group>: local groups carry minimumSiteRole, imported ones an <import> directive."""
    attrs = {"name": fields["name"]}
    if is_local(fields):
        attrs["minimumSiteRole"] = fields.get("minimum_site_role")
        return xmlio.element("group", attrs)
    directive = xmlio.element("import", {
        "source": "ActiveDirectory", "domainName": fields["domain"], "siteRole": fields.get("minimum_site_role"),
        "grantLicenseMode": fields.get("grant_license_mode"),
    })
    return xmlio.element("group", attrs, directive)


def changes(current, desired):
    """The compared fields of ``desired`` (None = leave alone) that differ from ``current``."""
    return dict((key, desired[key]) for key in COMPARED_FIELDS
                if desired.get(key) is not None and current.get(key) != desired[key])


def plan_members(current_names, desired_names, purge):
    """Names to add and to remove so the members become ``desired_names`` (plus the rest unless ``purge``)."""
    current_keys = dict((n.lower(), n) for n in current_names)
    desired_keys = dict((n.lower(), n) for n in desired_names)
    add = sorted(desired_keys[k] for k in desired_keys if k not in current_keys)
    remove = sorted(current_keys[k] for k in current_keys if k not in desired_keys) if purge else []
    return add, remove


def shown(group, members=None):
    if not group:
        return {}
    result = dict((key, group.get(key)) for key in COMPARED_FIELDS)
    if members is not None:
        result["members"] = sorted(members, key=lambda n: n.lower())
    return result


class GroupResource(object):
    """Group reads and writes for one signed-in client; writes honour ``check_mode``."""

    def __init__(self, client, check_mode=False):
        self.client = client
        self.check_mode = check_mode

    # ------------------------------------------------------------------ reads

    def list(self, filters=None):
        # fields=_all_ makes the server include userCount.
        return [group_from_xml(el) for el in self.client.paginate("/groups", "group", filters=filters, fields="_all_")]

    def find_by_names(self, names):
        """Lower-cased name -> group for each of ``names``: one listing."""
        wanted = set(n.lower() for n in names if n)
        if all(filter_value_is_safe(n) for n in wanted):
            filters = [("name", "in", sorted(set(n for n in names if n)))]
        else:
            filters = None
        return dict((g["name"].lower(), g) for g in self.list(filters=filters) if g["name"].lower() in wanted)

    def members(self, group):
        """The group's users: one paginated listing."""
        if group.get("id") is None:
            return []
        return [user_from_xml(el) for el in self.client.paginate("/groups/%s/users" % group["id"], "user")]

    # ------------------------------------------------------------------ writes

    def create(self, fields):
        if self.check_mode:
            predicted = {"id": None, "domain": LOCAL_DOMAIN, "minimum_site_role": None, "grant_license_mode": None,
                         "user_count": 0}
            predicted.update(fields)
            return predicted

        def post():
            root = self.client.post("/groups", xmlio.ts_request(group_element(fields)), expected=(200, 201))
            return group_from_xml(xmlio.find(root, "group"))
        return create_once(post, lambda: self.find_by_names([fields["name"]]).get(fields["name"].lower()),
                           "group '%s'" % fields["name"])

    def update(self, current, change):
        if not change:
            return current
        predicted = dict(current)
        predicted.update(change)
        if self.check_mode:
            return predicted
        # Update Group wants the name every time, and an imported group's whole import directive.
        root = self.client.put("/groups/%s" % current["id"], xmlio.ts_request(group_element(predicted)))
        updated = group_from_xml(xmlio.find(root, "group"))
        updated["user_count"] = current.get("user_count")
        return updated

    def delete(self, current):
        if not self.check_mode:
            self.client.delete("/groups/%s" % current["id"], expected=(204,))

    def add_members(self, group, users):
        if self.check_mode or not users:
            return
        if self.client.supports(BULK_MEMBERS_VERSION):
            batches = [(xmlio.element("users", None, *[xmlio.element("user", {"id": u["id"]}) for u in users]), users)]
        else:
            batches = [(xmlio.element("user", {"id": u["id"]}), [u]) for u in users]
        for body, batch in batches:
            self._post_members(group, body, batch)

    def _post_members(self, group, body, users):
        def post():
            return self.client.post("/groups/%s/users" % group["id"], xmlio.ts_request(body), expected=(200,))

        def added():
            # After a lost answer: done when every one of them is a member now.
            ids = set(u["id"] for u in self.members(group))
            return True if all(u["id"] in ids for u in users) else None
        create_once(post, added, "members of group '%s'" % group["name"])

    def remove_members(self, group, users):
        if self.check_mode or not users:
            return
        if self.client.supports(BULK_MEMBERS_VERSION):
            body = xmlio.element("users", None, *[xmlio.element("user", {"id": u["id"]}) for u in users])
            self.client.put("/groups/%s/users/remove" % group["id"], xmlio.ts_request(body), expected=(200, 204))
            return
        for user in users:
            self.client.delete("/groups/%s/users/%s" % (group["id"], user["id"]), expected=(200, 204))


def validate_spec(spec):
    """Input rules for one group, all checked before any request that writes."""
    imported = not is_local(spec.get("domain"))
    if spec.get("grant_license_mode") and not imported:
        raise TableauValidationError("grant_license_mode applies to groups imported from a directory (set domain).")
    if spec["name"] == ALL_USERS and (spec.get("new_name") or spec.get("state") == "absent"):
        raise TableauValidationError("The All Users group cannot be renamed or deleted.")
    if spec["name"] == ALL_USERS and spec.get("members") is not None:
        raise TableauValidationError("The members of All Users are every user of the site; they cannot be set.")
    names = [n.lower() for n in spec.get("members") or []]
    if len(names) != len(set(names)):
        raise TableauValidationError("members of group '%s' lists a user more than once." % spec["name"])


class GroupConverger(object):
    """Converges one or many groups: every read and every check first, then only the writes that differ.

    Reads: one listing of the groups named, one of the users named as members, one of each
    existing group's members (only where members are managed).
    """

    def __init__(self, client, check_mode=False):
        self.client = client
        self.groups = GroupResource(client, check_mode)

    def converge(self, specs):
        for spec in specs:
            validate_spec(spec)
        found = self.groups.find_by_names([n for s in specs for n in (s["name"], s.get("new_name"))])
        users = self._resolve_members(specs)
        plans = [self._plan(spec, found, users) for spec in specs]
        # Each group's members are one listing of their own; they do not depend on each other.
        listed = [plan for plan in plans if "wanted" in plan and plan["current"] is not None]
        for plan, members in zip(listed, self.client.map(lambda plan: self.groups.members(plan["current"]), listed)):
            plan["member_users"] = members
        return [self._apply(plan) for plan in plans]

    def _resolve_members(self, specs):
        names = sorted(set(n for s in specs if s.get("state") != "absent" for n in s.get("members") or []))
        found = UserResource(self.client).find_by_names(names)
        missing = [n for n in names if n.lower() not in found]
        if missing:
            raise TableauValidationError("These members are not users on the site: %s." % ", ".join(missing),
                                         hint="Add them first with tableau_user, or check the names.")
        return found

    def _plan(self, spec, found, users):
        current = found.get(spec["name"].lower())
        plan = {"spec": spec, "current": current}
        if spec.get("state") == "absent":
            return plan
        new_name = spec.get("new_name")
        target = new_name or spec["name"]
        if current is None and new_name:
            current = plan["current"] = found.get(new_name.lower())  # renamed by an earlier run
        elif current is not None and new_name and new_name.lower() != spec["name"].lower() \
                and new_name.lower() in found:
            raise TableauValidationError("Cannot rename '%s' to '%s': a group with that name exists."
                                         % (spec["name"], new_name))
        if current is not None and spec.get("domain") is not None and \
                spec["domain"].lower() != (current["domain"] or LOCAL_DOMAIN).lower():
            raise TableauValidationError("The group '%s' belongs to domain '%s'; the domain of a group cannot be "
                                         "changed." % (current["name"], current["domain"]))
        if current is not None and not is_local(current) and target.lower() != current["name"].lower():
            raise TableauValidationError("The group '%s' is imported from '%s'; Tableau does not rename imported "
                                         "groups." % (current["name"], current["domain"]))
        if current is None and not is_local(spec.get("domain")) and not spec.get("minimum_site_role"):
            raise TableauValidationError("Importing group '%s' from a directory needs minimum_site_role." % target)
        # Without new_name the group keeps its name as the server spells it (names match without regard to case).
        plan["desired"] = {"name": new_name or (current["name"] if current else target),
                           "minimum_site_role": spec.get("minimum_site_role"),
                           "grant_license_mode": spec.get("grant_license_mode")}
        if spec.get("members") is not None:
            plan["wanted"] = [users[n.lower()] for n in spec["members"]]
            plan["member_users"] = []  # listed in converge() for the groups that exist
        return plan

    def _apply(self, plan):
        spec, current = plan["spec"], plan["current"]
        if spec.get("state") == "absent":
            if current is None:
                return dict(changed=False, group={}, before={}, after={})
            self.groups.delete(current)
            return dict(changed=True, group={}, before=shown(current), after={})
        desired = plan["desired"]
        if current is None:
            fields = dict((k, v) for k, v in desired.items() if v is not None)
            fields["domain"] = spec.get("domain") or LOCAL_DOMAIN
            if not is_local(fields) and not fields.get("grant_license_mode"):
                fields["grant_license_mode"] = "onSync"
            after, changed = self.groups.create(fields), True
        else:
            change = changes(current, desired)
            after, changed = self.groups.update(current, change), bool(change)
        result = dict(group=after)
        before_members = after_members = None
        if "wanted" in plan:
            member_users, wanted = plan["member_users"], plan["wanted"]
            by_name = dict((u["name"].lower(), u) for u in wanted + member_users)
            add, remove = plan_members([u["name"] for u in member_users], [u["name"] for u in wanted],
                                       spec.get("purge_members"))
            self.groups.add_members(after, [by_name[n.lower()] for n in add])
            self.groups.remove_members(after, [by_name[n.lower()] for n in remove])
            before_members = [u["name"] for u in member_users]
            removed = set(n.lower() for n in remove)
            after_members = [n for n in before_members if n.lower() not in removed] + add
            after["members"] = sorted(after_members, key=lambda n: n.lower())
            result.update(members_added=add, members_removed=remove)
            changed = changed or bool(add or remove)
        result.update(changed=changed, before=shown(current, before_members if current else None),
                      after=shown(after, after_members))
        return result
