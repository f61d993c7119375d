#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_site_info
short_description: List Tableau sites with their settings
version_added: 1.0.0
description:
  - Lists every site of the server with its settings when the signed-in user is a server administrator.
  - Tableau Cloud, and Tableau Server for users who are not server administrators, list only the sites
    the user can reach (on Tableau Cloud, the signed-in site).
  - With O(current_only), or when the server refuses to list sites, returns only the signed-in site.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  content_url:
    description:
      - Only the site with this content URL.
    type: str
  name:
    description:
      - Only the site with this name.
    type: str
  current_only:
    description:
      - Return only the signed-in site, without listing the others.
    type: bool
    default: false
  fields:
    description:
      - Only these keys of each item of RV(sites); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, name, content_url, current, admin_mode, site_state, user_quota, storage_quota]
    version_added: 1.1.0
seealso:
  - module: tableau.server.tableau_site
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Every site of the server
      tableau.server.tableau_site_info:
      register: all_sites

    - name: Settings of the signed-in site
      tableau.server.tableau_site_info:
        site: finance
        current_only: true
      register: finance_site
"""

RETURN = r"""
sites:
  description: The sites, sorted by name, each with the settings tableau_site manages.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the site.
      type: str
    name:
      description: Display name.
      type: str
    content_url:
      description: Content URL, C("") for the Default site.
      type: str
    current:
      description: Whether this is the signed-in site.
      type: bool
    admin_mode:
      description: ContentAndUsers or ContentOnly.
      type: str
    site_state:
      description: Active or Suspended.
      type: str
    user_quota:
      description: Most users allowed, null for none.
      type: int
    storage_quota:
      description: Storage allowed in megabytes, null for none.
      type: int
listed_all:
  description: Whether the sites came from the server's site listing (false when only the signed-in site could be read).
  returned: always
  type: bool
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.site import SiteResource, site_info


def run(module, client):
    return site_info(SiteResource(client), dict(module.params))


# The keys of each item of RV(sites) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "name", "content_url", "current", "admin_mode", "site_state", "user_quota", "storage_quota")


def main():
    module = TableauModule(
        items=("sites", ITEM_KEYS),
        argument_spec=dict(
            content_url=dict(type="str"),
            name=dict(type="str"),
            current_only=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
