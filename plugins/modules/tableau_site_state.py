#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_site_state
short_description: Converge a whole Tableau site on one description, in one task
version_added: 1.1.0
description:
  - Makes the signed-in site what O(description) says, in one process and one sign-in. The description
    is one mapping of sections (schema version 1), each a list of items that take exactly the options
    of the per-resource module's items, which document them.
    C(site) takes M(tableau.server.tableau_site)'s settings under C(settings);
    C(users) the items of M(tableau.server.tableau_user)'s O(tableau.server.tableau_user#module:users);
    C(projects) those of M(tableau.server.tableau_project)'s O(tableau.server.tableau_project#module:projects);
    C(groups) those of M(tableau.server.tableau_group)'s O(tableau.server.tableau_group#module:groups), with members;
    C(workbooks) and C(datasources) the options of M(tableau.server.tableau_workbook) and
    M(tableau.server.tableau_datasource) (their C(file) relative to O(base_dir)); C(flows) the options of
    M(tableau.server.tableau_flow) likewise (REST API 3.3; no C(run_mode));
    C(permissions) and C(default_permissions) the items of M(tableau.server.tableau_permission)'s and
    M(tableau.server.tableau_default_permission)'s C(permissions); C(schedules) the options of
    M(tableau.server.tableau_schedule) (Tableau Server only); C(extract_refresh_tasks) the options of
    M(tableau.server.tableau_extract_refresh_task) (a server schedule by name on Tableau Server, its own
    frequency on Tableau Cloud; no C(wait) or C(wait_timeout)); C(subscriptions) the options of
    M(tableau.server.tableau_subscription) (a Subscription schedule by name on Tableau Server, its own frequency
    on Tableau Cloud); C(webhooks) the options of
    M(tableau.server.tableau_webhook). Items carry no C(state), since the description says what exists.
  - Sections absent from the description are not managed.
  - An extract refresh task is its content (workbook or data source, and project) and its server schedule, or
    on Tableau Cloud its content and refresh type, as M(tableau.server.tableau_extract_refresh_task) defines it;
    with C(extract_refresh_tasks) purged, the site's tasks the description does not list are deleted.
  - A subscription is its user, its content (workbook, or view of a workbook, and project) and its subject, as
    M(tableau.server.tableau_subscription) defines it; its schedule or frequency and settings change in place;
    with C(subscriptions) purged, the site's subscriptions the description does not list are deleted.
  - Server schedules belong to the server, not the site (every site of the server shares them), so C(schedules)
    creates and changes the schedules listed and never removes one.
  - The whole description is validated first, against the same option specifications the per-resource
    modules use (errors name the section, the item and the option, such as C(users[3].site_role)). Then the
    whole run is planned without any write, what the run creates being taken as existing by what comes after
    it. Only when the plan holds does the task write, section by section (site settings, users, projects,
    groups and members, workbooks, data sources, flows, permissions, default permissions, schedules, extract refresh
    tasks, subscriptions, webhooks), independent writes
    side by side; removals of purged sections come last, in reverse order. Bad input anywhere fails before any write.
  - In check mode the plan is the result, so C(--check --diff) on a site is its drift report against the
    description, on an empty site too.
author:
  - tableau.server contributors (@tableau-server)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
options:
  description:
    description:
      - The site description, a mapping with C(version) (V(1)) and any of the sections C(site), C(users),
        C(projects), C(groups), C(workbooks), C(datasources), C(flows), C(permissions), C(default_permissions), C(schedules),
        C(extract_refresh_tasks) and C(subscriptions) (these three version_added 1.1.0) and C(webhooks).
      - Names and paths everywhere, never LUIDs. A project path is its names joined by C(/), parents are
        created as needed.
    type: dict
    required: true
  base_dir:
    description:
      - The folder the C(file) paths of C(workbooks) and C(datasources) are relative to, usually the folder of
        the description file. Required when the description lists content.
    type: path
  purge:
    description:
      - What the site has and the description does not, to remove. V(true) for every section the description
        has, or a mapping of section to V(true) or V(false).
      - C(users) removes unlisted users (never the signed-in user, nor those O(exclude) matches); C(projects) removes
        unlisted projects that are no parent of a listed one (never the Default project), with their content;
        C(groups) removes unlisted groups (never All Users) and makes each listed group's members exactly
        those listed; C(workbooks), C(datasources) and C(webhooks) remove unlisted items of the site.
      - For C(permissions) and C(default_permissions), the C(purge) of each item that does not set its own
        (V(true) means V(all), or give V(none), V(listed) or V(all)); permissions of items not listed are left alone.
      - A section absent from the description is never purged; an empty list with purge set means none.
    type: raw
    default: false
  purge_limit:
    description:
      - The largest share, in percent, of each purged section's items that O(purge) may remove in one task; a
        purge that would remove more fails before any write. Removing up to 5 items is always allowed.
    type: int
    default: 25
  exclude:
    description:
      - Glob patterns of user names that purging C(users) leaves alone, matched without regard to case.
    type: list
    elements: str
    default: []
notes:
  - The site is the one signed in to; the description never names it.
  - Secrets (user passwords, connection passwords) are best given as C({{ vault_... }}) templates in the description;
    they are kept out of the task's output.
  - When the site differs from the description the site is read twice, once for the plan and once for the apply,
    so that nothing is written unless the whole plan holds; a site that matches is read once.
seealso:
  - module: tableau.server.tableau_site_export
    description: Writes the description of a live site (the twin of this module).
  - module: tableau.server.tableau_user
  - module: tableau.server.tableau_project
  - module: tableau.server.tableau_group
  - module: tableau.server.tableau_permission
  - module: tableau.server.tableau_default_permission
  - module: tableau.server.tableau_workbook
  - module: tableau.server.tableau_datasource
  - module: tableau.server.tableau_webhook
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
    - name: The drift report of the site against its description (no write)
      tableau.server.tableau_site_state:
        description:
          version: 1
          users:
            - name: maria
              site_role: Creator
            - name: tom
              site_role: Viewer
          projects:
            - path: Marketing
              owner: maria
            - path: Marketing/Campaigns
              description: Campaign dashboards
          groups:
            - name: Marketing Team
              members: [maria, tom]
          permissions:
            - content_type: project
              project: Marketing
              grants:
                - group: Marketing Team
                  template: Publish
      check_mode: true
      register: drift

    - name: Show what would change
      ansible.builtin.debug:
        msg: "{{ drift.msg }}"

    - name: Apply the description, with a workbook from files/ beside the playbook
      tableau.server.tableau_site_state:
        base_dir: "{{ playbook_dir }}"
        description:
          version: 1
          users:
            - name: maria
              site_role: Creator
            - name: tom
              site_role: Viewer
          projects:
            - path: Marketing
              owner: maria
            - path: Marketing/Campaigns
              description: Campaign dashboards
          groups:
            - name: Marketing Team
              members: [maria, tom]
          workbooks:
            - name: Campaign Results
              project: Marketing/Campaigns
              file: files/sales.twbx
              owner: maria
          permissions:
            - content_type: project
              project: Marketing
              grants:
                - group: Marketing Team
                  template: Publish
          default_permissions:
            - project: Marketing
              content_type: workbook
              grants:
                - group: Marketing Team
                  template: View
"""

RETURN = r"""
summary:
  description:
    - Per section of the description, the names (users and groups by name, projects by path, content as
      project/name, permissions by what they are on) created, updated, removed and unchanged; what would be in
      check mode.
  returned: always
  type: dict
  sample:
    users:
      created: [maria, tom]
      updated: []
      removed: []
      unchanged: []
    projects:
      created: [Marketing, Marketing/Campaigns]
      updated: []
      removed: []
      unchanged: []
msg:
  description: The plan in one line per section, such as C(users 2 to create; projects 2 to create).
  returned: always
  type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.site_state import ARGUMENT_SPEC, converge, validate


def main():
    module = TableauModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    validated = {}

    def check(params):
        sections, options, secrets = validate(params)
        module.no_log_values.update(secrets)
        validated.update(sections=sections, options=options)

    def run(module, client):
        return converge(client, module.params, module.check_mode, **validated)

    module.run(run, check=check)


if __name__ == "__main__":
    main()
