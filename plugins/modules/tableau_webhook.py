#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_webhook
short_description: Create, change, test or delete a webhook of a Tableau site
version_added: 1.0.0
description:
  - Makes the webhook named O(name) exist with the given event, destination and enabled flag, or removes it.
  - Webhooks need REST API 3.6. Changing an existing webhook needs 3.10; on older servers a change is
    refused, since deleting and creating it again would give it a new id.
  - Only server and site administrators can manage webhooks.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
options:
  name:
    description:
      - Name of the webhook; webhooks are matched by name without regard to case.
    type: str
    required: true
  event:
    description:
      - The event that fires the webhook, by its REST API name. Required to create a webhook.
    type: str
    choices: [DatasourceCreated, DatasourceDeleted, DatasourceRefreshFailed, DatasourceRefreshStarted,
              DatasourceRefreshSucceeded, DatasourceUpdated, FlowCompleted, LabelCreated, LabelDeleted,
              LabelUpdated, ViewDeleted, WorkbookCreated, WorkbookDeleted, WorkbookRefreshFailed,
              WorkbookRefreshStarted, WorkbookRefreshSucceeded, WorkbookUpdated]
  destination_url:
    description:
      - The https URL the server posts to. Required to create a webhook.
    type: str
  enabled:
    description:
      - Whether the webhook fires. New webhooks are enabled unless this is V(false).
    type: bool
  test:
    description:
      - Fire the webhook once after it has converged (Test Webhook) and return the destination's answer
        as RV(test_result). Not done in check mode. Firing does not count as a change.
    type: bool
    default: false
  state:
    description:
      - V(present) to create or change the webhook, V(absent) to delete it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: tableau.server.tableau_webhook_info
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Tell the data team's service when an extract refresh fails
      tableau.server.tableau_webhook:
        name: refresh-failures
        event: DatasourceRefreshFailed
        destination_url: https://hooks.example.com/tableau/refresh-failed

    - name: Pause it for a maintenance window, and fire it once to check the destination
      tableau.server.tableau_webhook:
        name: refresh-failures
        enabled: false
        test: true
      register: hook

    - name: Remove it
      tableau.server.tableau_webhook:
        name: refresh-failures
        state: absent
"""

RETURN = r"""
webhook:
  description: The webhook after the task (predicted in check mode; empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: LUID of the webhook; null for one check mode would create.
      type: str
    name:
      description: Name of the webhook.
      type: str
      sample: refresh-failures
    event:
      description: REST API name of the event that fires it.
      type: str
      sample: DatasourceRefreshFailed
    destination_url:
      description: Destination URL.
      type: str
    enabled:
      description: Whether the webhook fires.
      type: bool
    owner:
      description: Name of the user who owns the webhook.
      type: str
    owner_id:
      description: LUID of the owner.
      type: str
    status_change_reason:
      description: Why the server last enabled or disabled the webhook, if it says.
      type: str
    created_at:
      description: When the webhook was created (ISO 8601).
      type: str
    updated_at:
      description: When it was last changed (ISO 8601).
      type: str
test_result:
  description: The destination's answer to the test firing; null in check mode.
  returned: when O(test=true)
  type: dict
  contains:
    status:
      description: HTTP status the destination answered with.
      type: int
    body:
      description: Body of the destination's answer.
      type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.webhook import (
    WebhookResource,
    ensure_absent,
    ensure_present,
    webhook_spec,
)


def run(module, client):
    webhooks = WebhookResource(client, module.check_mode)
    if module.params["state"] == "absent":
        return ensure_absent(webhooks, module.params)
    return ensure_present(webhooks, module.params)


def main():
    module = TableauModule(argument_spec=webhook_spec(), supports_check_mode=True)
    module.run(run)


if __name__ == "__main__":
    main()
