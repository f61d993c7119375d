# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Users on the signed-in site: lookups by name."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils.client import filter_value_is_safe
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
            raise TableauValidationError("The %s '%s' is not a user on site '%s'." % (purpose, name, self.client.site),
                                         hint="Add the user to the site first (tableau_user), or check the name.")
        return user

    def names_by_id(self, ids):
        """User names for a set of user ids, from one listing of the site's users."""
        wanted = set(i for i in ids if i)
        if not wanted:
            return {}
        return dict((u["id"], u["name"]) for u in self.list() if u["id"] in wanted)


