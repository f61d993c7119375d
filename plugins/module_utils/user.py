# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Users on the signed-in site: lookups by name, comparison, and add, update and remove with check mode built in.

Passwords are write-only: Tableau never returns them, so they cannot be compared. They are sent when
a user is added, and on later runs only when the caller asks for it (``update_password: always``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch
import re

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.client import IN_FILTER_LIMIT, filter_value_is_safe
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.writes import create_once

# The roles Add User and Update User accept (ServerAdministrator is granted outside the REST API).
SITE_ROLES = ["Creator", "Explorer", "ExplorerCanPublish", "SiteAdministratorCreator", "SiteAdministratorExplorer",
              "Unlicensed", "Viewer"]
AUTH_SETTINGS = ["ServerDefault", "SAML", "OpenID"]
# Field name -> API attribute, for what a user sets. Compared fields are these minus name and password.
USER_ATTRIBUTES = (
    ("name", "name"),
    ("site_role", "siteRole"),
    ("auth_setting", "authSetting"),
    ("full_name", "fullName"),
    ("email", "email"),
    ("idp_configuration_id", "idpConfigurationId"),
    ("password", "password"),
)
COMPARED_FIELDS = ("site_role", "auth_setting", "full_name", "email", "idp_configuration_id")
# Add User takes only these; the rest follow in an Update User.
ADD_FIELDS = ("name", "site_role", "auth_setting", "idp_configuration_id")
IDP_VERSION = "3.25"


def user_from_xml(el):
    return {
        "id": el.get("id"),
        "name": el.get("name"),
        "site_role": el.get("siteRole"),
        "full_name": el.get("fullName"),
        "email": el.get("email"),
        "auth_setting": el.get("authSetting"),
        "last_login": el.get("lastLogin"),
        "idp_configuration_id": el.get("idpConfigurationId"),
    }


def user_element(fields):
    return xmlio.element("user", dict((attr, fields[key]) for key, attr in USER_ATTRIBUTES if key in fields))


def changes(current, desired):
    """The compared fields of ``desired`` (None = leave alone) that differ from ``current``."""
    return dict((key, desired[key]) for key in COMPARED_FIELDS
                if desired.get(key) is not None and (current.get(key) or "") != desired[key])


def shown(user):
    return dict((key, user.get(key)) for key in ("name",) + COMPARED_FIELDS) if user else {}


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


def plan_users(desired, current, purge=False, exclude=None, keep_ids=(), update_password="on_create"):
    """What converging the site's users on ``desired`` takes, computed without any request.

    ``desired`` is a list of dicts (name, state, site_role, ... password); ``current`` every user on
    the site. Returns ``{"add": [fields], "update": [(user, change, password)], "remove": [user],
    "unchanged": [user]}``. Purge never removes users in ``keep_ids`` or matching ``exclude``.
    """
    compiled = compile_patterns(exclude)
    by_name = dict((u["name"].lower(), u) for u in current)
    plan = {"add": [], "update": [], "remove": [], "unchanged": []}
    seen = set()
    for item in desired:
        key = item["name"].lower()
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
            if user["name"].lower() in seen or user["id"] in keep_ids or matches_any(user["name"], compiled):
                continue
            plan["remove"].append(user)
    return plan


class UserResource(object):
    """User reads and writes for one signed-in client; writes honour ``check_mode``."""

    def __init__(self, client, check_mode=False):
        self.client = client
        self.check_mode = check_mode

    # ------------------------------------------------------------------ reads

    def list(self, filters=None):
        return [user_from_xml(el) for el in self.client.paginate("/users", "user", filters=filters)]

    def find_by_name(self, name):
        filters = [("name", "eq", name)] if filter_value_is_safe(name) else None
        for user in self.list(filters=filters):
            if user["name"].lower() == name.lower():
                return user
        return None

    def require_by_name(self, name, purpose="user"):
        user = self.find_by_name(name)
        if user is None:
            raise self._not_a_user(name, purpose)
        return user

    def _not_a_user(self, name, purpose):
        return TableauValidationError("The %s '%s' is not a user on site '%s'." % (purpose, name, self.client.site),
                                      hint="Add the user to the site first (tableau_user), or check the name.")

    def find_by_names(self, names):
        """Lower-cased name -> user for every one of ``names`` on the site: one listing."""
        wanted = set(n.lower() for n in names)
        if not wanted:
            return {}
        if len(wanted) <= IN_FILTER_LIMIT and all(filter_value_is_safe(n) for n in names):
            users = self.list(filters=[("name", "in", sorted(set(names)))])
        else:
            # Too many names for one URL, or names the filter syntax cannot carry: read the site's users once.
            users = self.list()
        return dict((u["name"].lower(), u) for u in users if u["name"].lower() in wanted)

    def names_by_id(self, ids):
        """User names for a set of user ids, from one listing of the site's users."""
        wanted = set(i for i in ids if i)
        if not wanted:
            return {}
        return dict((u["id"], u["name"]) for u in self.list() if u["id"] in wanted)

    def require_by_names(self, names, purpose="user"):
        """Like require_by_name for several names, with one listing."""
        names = [n for n in names if n]
        found = self.find_by_names(names)
        for name in names:
            if name.lower() not in found:
                raise self._not_a_user(name, purpose)
        return found

    def group_names(self, user):
        return sorted(el.get("name") for el in self.client.paginate("/users/%s/groups" % user["id"], "group"))

    # ------------------------------------------------------------------ writes

    def check_version(self, fields):
        if fields.get("idp_configuration_id"):
            self.client.require_version(IDP_VERSION, "idp_configuration_id")

    def add(self, fields):
        """Add a user (then set full name, email and password, which Add User does not take).

        In check mode, the predicted user (id None) without a request.
        """
        add_fields = dict((k, v) for k, v in fields.items() if k in ADD_FIELDS and v is not None)
        rest = dict((k, v) for k, v in fields.items() if k not in ADD_FIELDS and k in dict(USER_ATTRIBUTES)
                    and v is not None)
        if self.check_mode:
            predicted = dict((key, None) for key in ("id", "last_login") + COMPARED_FIELDS)
            predicted["auth_setting"] = "ServerDefault"
            predicted.update(add_fields)
            predicted.update((k, v) for k, v in rest.items() if k != "password")
            return predicted

        def post():
            root = self.client.post("/users", xmlio.ts_request(user_element(add_fields)), expected=(201,))
            return user_from_xml(xmlio.find(root, "user"))
        user = create_once(post, lambda: self.find_by_name(add_fields["name"]), "user '%s'" % add_fields["name"])
        if rest:
            password = rest.pop("password", None)
            user = self.update(user, rest, password=password)
        return user

    def update(self, current, change, password=None):
        if not change and not password:
            return current
        predicted = dict(current)
        predicted.update(change)
        if self.check_mode:
            return predicted
        fields = dict(change)
        if password:
            fields["password"] = password
        root = self.client.put("/users/%s" % current["id"], xmlio.ts_request(user_element(fields)))
        answered = user_from_xml(xmlio.find(root, "user"))
        # Update User answers without the id and last login; keep what we knew.
        predicted.update((k, v) for k, v in answered.items() if v is not None)
        return predicted

    def remove(self, current, map_assets_to=None):
        """Remove a user; ``map_assets_to`` (a user id) receives whatever the user owns."""
        if self.check_mode:
            return
        params = {"mapAssetsTo": map_assets_to} if map_assets_to else None
        self.client.delete("/users/%s" % current["id"], params=params, expected=(204,))
