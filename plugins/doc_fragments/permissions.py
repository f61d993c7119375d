# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The grammar tableau_permission and tableau_default_permission share.
    DOCUMENTATION = r"""
options:
  grants:
    description:
      - The grantees and what each gets. A grantee may appear once per item (or per project and type).
    type: list
    elements: dict
    suboptions:
      group:
        description:
          - Name of a group. Give exactly one of O(grants[].group) and O(grants[].user).
        type: str
      user:
        description:
          - Name of a user.
        type: str
      domain:
        description:
          - Domain of a group imported from a directory; local groups need none.
        type: str
      template:
        description:
          - A role template of the content type, all of whose capabilities are allowed. Projects have V(View),
            V(Publish) and V(Administer); workbooks, data sources and flows V(View), V(Explore), V(Publish) and
            V(Administer); views V(View), V(Explore) and V(Administer). V(Administer) is every capability of the
            type, and every type has V(Denied) (every capability denied). docs/permissions.md lists what each
            template holds.
        type: str
      capabilities:
        description:
          - Capability name to V(Allow) or V(Deny), for example V(ExportData) set to V(Deny). They override the
            template's. The names are the REST API's (C(Read), C(Write), C(ExportXml), ...); a name the
            content type does not have is refused with the list of those it has.
        type: dict
  purge:
    description:
      - V(none) sets what is listed and leaves every other rule alone.
      - V(listed) also removes the other rules of the listed grantees, so each gets exactly what is listed.
      - V(all) also removes every rule of the grantees not listed, so the rules are exactly the list.
    type: str
    choices: [none, listed, all]
    default: none
  state:
    description:
      - V(present) to set the grants; V(absent) to remove them. With V(absent), a grant with a template or
        capabilities removes those capabilities (whatever their mode); a grant with neither removes every rule
        of its grantee.
    type: str
    choices: [present, absent]
    default: present
"""
