#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_site
short_description: Create, update and delete Tableau Server sites
version_added: 1.0.0
description:
  - Makes a site on Tableau Server match the desired settings, creates it when missing, or deletes it.
  - A site is addressed by its O(content_url) (the part after C(/site/) in the browser), or by O(name)
    when O(content_url) is omitted. Both match without regard to case.
  - Works while signed in to any site. Changing or deleting a site other than the signed-in one first
    switches the session to that site, since Tableau only changes the site a session is on.
  - Only the settings given are sent and compared; the others are left alone.
  - On Tableau Cloud only the signed-in site can be read and updated; creating, listing or deleting
    sites fails with a clear message.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
options:
  content_url:
    description:
      - Content URL of the site. C("") is the Default site.
      - Required to create a site.
    type: str
  name:
    description:
      - Display name of the site. With O(content_url), the site is renamed to this name.
      - Without O(content_url), the site is found by this name.
      - Required to create a site.
    type: str
  state:
    description:
      - V(present) creates or updates the site, V(absent) deletes it with all its content.
      - Deleting the signed-in site ends the session.
    type: str
    choices: [present, absent]
    default: present
  admin_mode:
    description: Whether site administrators manage users too (V(ContentAndUsers)) or only content.
    type: str
    choices: [ContentAndUsers, ContentOnly]
  site_state:
    description: V(Suspended) keeps everyone but server administrators out.
    type: str
    choices: [Active, Suspended]
  user_quota:
    description: Most users the site may have. Not allowed with O(admin_mode=ContentOnly).
    type: int
  storage_quota:
    description: Storage the site may use, in megabytes.
    type: int
  disable_subscriptions:
    description: Stop users from subscribing to views.
    type: bool
  subscribe_others_enabled:
    description: Let owners and administrators subscribe other users.
    type: bool
  allow_subscription_attachments:
    description: Let subscriptions carry image and PDF attachments.
    type: bool
  revision_history_enabled:
    description: Keep earlier versions of workbooks and data sources.
    type: bool
  revision_limit:
    description: How many revisions to keep; -1 for no limit, else 2 to 10000.
    type: int
  guest_access_enabled:
    description: Let the Guest user see views without signing in.
    type: bool
  cache_warmup_enabled:
    description: Warm the view cache after extract refreshes.
    type: bool
  commenting_enabled:
    description: Allow comments on views.
    type: bool
  commenting_mentions_enabled:
    description: Allow @mentions in comments.
    type: bool
  flows_enabled:
    description: Allow Tableau Prep flows.
    type: bool
  editing_flows_enabled:
    description: Allow editing flows in the browser.
    type: bool
  scheduling_flows_enabled:
    description: Allow scheduled flow runs.
    type: bool
  cataloging_enabled:
    description: Turn on Tableau Catalog for the site.
    type: bool
  data_alerts_enabled:
    description: Allow data-driven alerts.
    type: bool
  request_access_enabled:
    description: Let users ask content owners for access.
    type: bool
  run_now_enabled:
    description: Let users run extract refreshes and flows on demand.
    type: bool
  explain_data_enabled:
    description: Allow Explain Data.
    type: bool
  sheet_image_enabled:
    description: Allow downloading sheet images.
    type: bool
  derived_permissions_enabled:
    description: Let data source permissions follow the workbooks that use them.
    type: bool
  extract_encryption_mode:
    description: Whether extracts must, may or cannot be encrypted at rest.
    type: str
    choices: [enforced, enabled, disabled]
  time_zone:
    description: Time zone of the site's schedules, such as C(Europe/Berlin).
    type: str
notes:
  - Creating and deleting sites needs a server administrator.
  - The Default site cannot be deleted.
seealso:
  - module: tableau.server.tableau_site_info
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: A site with quotas and revision history
      tableau.server.tableau_site:
        content_url: marketing
        name: Marketing
        admin_mode: ContentAndUsers
        user_quota: 50
        storage_quota: 10240
        revision_history_enabled: true
        revision_limit: 10

    - name: Suspend it
      tableau.server.tableau_site:
        content_url: marketing
        site_state: Suspended

    - name: Delete it and everything on it
      tableau.server.tableau_site:
        content_url: marketing
        state: absent
"""

RETURN = r"""
site:
  description: The site after the task (predicted in check mode; empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: LUID of the site; null for a site that check mode would create.
      type: str
    name:
      description: Display name.
      type: str
      sample: Marketing
    content_url:
      description: Content URL.
      type: str
      sample: marketing
    admin_mode:
      description: ContentAndUsers or ContentOnly.
      type: str
    site_state:
      description: Active or Suspended.
      type: str
    user_quota:
      description: Most users allowed, null for no quota.
      type: int
    storage_quota:
      description: Storage allowed in megabytes, null for no quota.
      type: int
    revision_limit:
      description: Revisions kept, -1 for no limit.
      type: int
    disable_subscriptions:
      description: Whether subscriptions are off. Every other setting of O(admin_mode) and below is returned too.
      type: bool
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.site import SiteResource, ensure, settings_spec


def run(module, client):
    return ensure(SiteResource(client, module.check_mode), dict(module.params))


def main():
    spec = dict(
        content_url=dict(type="str"),
        name=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )
    spec.update(settings_spec())
    module = TableauModule(
        argument_spec=spec,
        required_one_of=[("content_url", "name")],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == "__main__":
    main()
