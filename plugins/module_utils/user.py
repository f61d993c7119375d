# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Users on the signed-in site: lookups by name."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils.client import IN_FILTER_LIMIT, filter_value_is_safe
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError


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


class UserResource(object):
    def __init__(self, client, check_mode=False):
        self.client = client
        self.check_mode = check_mode

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

    def names_by_id(self, ids):
        """User names for a set of user ids, from one listing of the site's users."""
        wanted = set(i for i in ids if i)
        if not wanted:
            return {}
        return dict((u["id"], u["name"]) for u in self.list() if u["id"] in wanted)

    def find_by_names(self, names):
        """Lower-cased name -> user for every one of ``names`` on the site: one listing."""
        wanted = set(n.lower() for n in names)
        if not wanted:
            return {}
        if len(wanted) <= IN_FILTER_LIMIT and all(filter_value_is_safe(n) for n in names):
            users = self.list(filters=[("name", "in", sorted(set(names)))])
        else:
            users = self.list()
        return dict((u["name"].lower(), u) for u in users if u["name"].lower() in wanted)

    def require_by_names(self, names, purpose="user"):
        """Like require_by_name for several names, with one listing."""
        names = [n for n in names if n]
        found = self.find_by_names(names)
        for name in names:
            if name.lower() not in found:
                raise self._not_a_user(name, purpose)
        return found
