#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_webhook_info
short_description: List the webhooks of a Tableau site
version_added: 1.0.0
description:
  - Lists the webhooks of the signed-in site (one request), optionally only one name or one event.
  - Webhooks need REST API 3.6.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes.info
options:
  name:
    description:
      - Only the webhook with this name (matched without regard to case).
    type: str
  event:
    description:
      - Only webhooks fired by this event (its REST API name, such as C(WorkbookCreated)).
    type: str
  fields:
    description:
      - Only these keys of each item of RV(webhooks); by default every key.
      - A listing of thousands of items is handed to Ansible faster with only the keys the playbook uses.
    type: list
    elements: str
    choices: [id, name, event, destination_url, enabled, owner, owner_id, status_change_reason, created_at,
              updated_at]
    version_added: 1.1.0
seealso:
  - module: tableau.server.tableau_webhook
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Every webhook of the site
      tableau.server.tableau_webhook_info:
      register: hooks

    - name: Webhooks on failed refreshes
      tableau.server.tableau_webhook_info:
        event: DatasourceRefreshFailed
      register: failures
"""

RETURN = r"""
webhooks:
  description: The matching webhooks, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: LUID of the webhook.
      type: str
    name:
      description: Name of the webhook.
      type: str
    event:
      description: REST API name of the event that fires it.
      type: str
    destination_url:
      description: Destination URL.
      type: str
    enabled:
      description: Whether the webhook fires.
      type: bool
    owner:
      description: Name of the owner.
      type: str
    owner_id:
      description: LUID of the owner.
      type: str
    status_change_reason:
      description: Why the server last enabled or disabled it, if it says.
      type: str
    created_at:
      description: When the webhook was created (ISO 8601).
      type: str
    updated_at:
      description: When it was last changed (ISO 8601).
      type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.resource import same_name
from ansible_collections.tableau.server.plugins.module_utils.webhook import WebhookResource


def run(module, client):
    params = module.params
    found = [w for w in WebhookResource(client).list_named(params["name"])
             if params["event"] is None or same_name(w["event"], params["event"])]
    return False, dict(webhooks=sorted(found, key=lambda w: (w["name"] or "").lower())), None


# The keys of each item of RV(webhooks) (as RETURN documents them): the choices of the fields option.
ITEM_KEYS = ("id", "name", "event", "destination_url", "enabled", "owner", "owner_id", "status_change_reason",
             "created_at", "updated_at")


def main():
    module = TableauModule(
        items=("webhooks", ITEM_KEYS),
        argument_spec=dict(name=dict(type="str"), event=dict(type="str")),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
