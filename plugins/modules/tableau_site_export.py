#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_site_export
short_description: Write the signed-in Tableau site as a site description (site as code)
version_added: 1.1.0
description:
  - Reads the site the task signs in to and writes its description, the YAML file that
    M(tableau.server.tableau_site_state) applies (schema version 1); the read-only twin of that module.
  - Each section lists the items of the module that manages them one kind at a time, by names and paths,
    never ids, so the file reads like a playbook's variables and can be applied to another site or server
    (site settings as M(tableau.server.tableau_site) has them, M(tableau.server.tableau_user)'s O(tableau.server.tableau_user#module:users),
    M(tableau.server.tableau_project)'s O(tableau.server.tableau_project#module:projects),
    M(tableau.server.tableau_group)'s O(tableau.server.tableau_group#module:groups) with their members,
    workbooks, data sources and flows (REST API 3.3) with their owners, tags, descriptions and connections, the explicit
    permissions of projects, workbooks and data sources and the projects' default permissions
    (M(tableau.server.tableau_permission), M(tableau.server.tableau_default_permission)), the server
    schedules of Tableau Server (M(tableau.server.tableau_schedule), server-wide), the extract refresh tasks
    (M(tableau.server.tableau_extract_refresh_task), by content name and project path, and schedule name on
    Tableau Server or own frequency on Tableau Cloud), the subscriptions (M(tableau.server.tableau_subscription),
    by user, content and subject, and schedule name or own frequency), and webhooks).
  - Deterministic. Items are sorted (users, groups and webhooks by name, projects by path with parents
    first, content by project and name, permissions by content type, project and name), values equal to
    the module's default are left out, and nothing the server assigns (ids, dates, sizes, counts, last
    sign-in) is written; two exports of equal sites are the same bytes.
  - The All Users group is on every site and holds every user; it is not listed under C(groups), and its
    permissions are written like any grantee's.
  - Idempotent. The file is written beside O(dest) and moved over it in one step only when its bytes differ,
    so a second export of an unchanged site reports no change. Check mode writes nothing and reports whether
    the file would change.
  - Large sites. Listings read their pages side by side and the per-item reads (members, permissions,
    connections, files) go out in batches within the client's concurrency bound; the description is written
    section by section, item by item, so memory does not hold the whole file. Modules cannot print progress
    while they run; the result tells the items per section (RV(sections)) and the requests sent (RV(requests)),
    shown with C(-v).
  - Secrets Tableau does not return (a connection's embedded password) become placeholders naming a
    variable, C("{{ vault_tableau_<kind>_<name>_<n> }}"), listed in RV(secrets_to_set).
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
  - ansible.builtin.files
attributes:
  diff_mode:
    description: The file is the export; there is no before and after to show.
    support: none
options:
  dest:
    description:
      - The file to write the description to. Its folder must exist.
      - Omitted, nothing is written and the description is returned in RV(description).
    type: path
  return_description:
    description:
      - Return the description in RV(description) even when it is written to O(dest).
    type: bool
    default: false
  sections:
    description:
      - The sections to export; all of them when omitted. A section left out is not in the file, which
        tableau_site_state reads as "not managed".
      - V(permissions) and V(default_permissions) need the items they name in the description (or on the
        site it is applied to); V(workbooks) and V(datasources) need their projects.
    type: list
    elements: str
    choices: [site, users, projects, groups, workbooks, datasources, flows, permissions, default_permissions, schedules,
              extract_refresh_tasks, subscriptions, webhooks]
  content:
    description:
      - V(none) writes the workbooks and data sources without files (tableau_site_state can then update
        existing ones but cannot publish them anew).
      - V(files) downloads each workbook and data source beside the description, without extracts;
        V(files_with_extracts) with them. The files go to O(content_dir), C(<project path>/<name>.<extension>),
        and each item's C(file) is that path relative to the description's folder.
      - Content published from a file without its extract has nothing to refresh, so the description's
        C(extract_refresh_tasks) cannot be made on it; to move a site with its tasks, use V(files_with_extracts).
      - A file is replaced only when its bytes differ. Check mode downloads the files to compare them (a
        download is a read) and keeps none of them.
    type: str
    choices: [none, files, files_with_extracts]
    default: none
  content_dir:
    description:
      - Where O(content) puts the files, relative to the description's folder (or absolute).
    type: path
    default: content
  for_platform:
    description:
      - V(same) describes the site as it is.
      - V(cloud) maps what Tableau Cloud names otherwise (the table in docs and
        C(plugins/module_utils/site_export.py)); auth setting C(ServerDefault) becomes C(TableauIDWithMFA)
        and C(SAML) stays, the site roles Cloud lacks become theirs (C(ServerAdministrator) becomes
        C(SiteAdministratorCreator), the legacy C(Interactor), C(Publisher), C(ViewerWithPublish) and
        C(UnlicensedWithPublish) their current names), users whose names are not e-mail addresses are named
        by their e-mail address. An extract refresh task or a subscription on a server schedule takes the
        schedule's frequency (version_added 1.1.0). What cannot be mapped (a user without any e-mail address, a user signing in
        with OpenID, an Active Directory group, a server schedule, a task or subscription whose schedule's frequency
        Cloud cannot take, a subscription whose user is left out) is left out and listed in RV(unmapped) with the reason.
    type: str
    choices: [same, cloud]
    default: same
notes:
  - The legacy site roles (C(Interactor), C(Publisher), C(SiteAdministrator), C(ViewerWithPublish),
    C(UnlicensedWithPublish)) are always written with their current names.
  - Content in a project whose permissions are locked takes the project's rules; its own are not written.
seealso:
  - module: tableau.server.tableau_site_state
  - module: tableau.server.tableau_site_info
  - module: tableau.server.tableau_permission_info
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Make the folder for the description
      ansible.builtin.file:
        path: site-backup
        state: directory
        mode: "0755"

    - name: The whole site, its workbooks and data sources beside it
      tableau.server.tableau_site_export:
        dest: site-backup/site.yml
        content: files
        mode: "0644"
      register: exported

    - name: Tell which passwords the description needs
      ansible.builtin.debug:
        msg: "Set {{ exported.secrets_to_set | map(attribute='variable') | join(', ') }} in the vault"
      when: (exported.secrets_to_set | length) > 0

    - name: The users and groups only, as data (nothing written)
      tableau.server.tableau_site_export:
        sections: [users, groups]
      register: people

    - name: The site as Tableau Cloud would have it, with what does not map
      tableau.server.tableau_site_export:
        dest: site-backup/site-for-cloud.yml
        for_platform: cloud
      register: for_cloud
"""

RETURN = r"""
dest:
  description: Absolute path of the description.
  returned: when O(dest) is given
  type: str
sha256:
  description: SHA-256 of the description (in check mode, of what would be written).
  returned: when O(dest) is given
  type: str
description:
  description: The description, as data.
  returned: when O(dest) is omitted or O(return_description=true)
  type: dict
sections:
  description: Items written per section (for C(site), the settings), and the workbooks and data sources read.
  returned: always
  type: dict
  sample: {users: 4, projects: 3, groups: 2, workbooks: 1, datasources: 0, permissions: 5}
requests:
  description: Requests the task sent to the server, sign-in and sign-out included.
  returned: always
  type: int
secrets_to_set:
  description: The variables the placeholders in the description name, one per connection with an embedded password.
  returned: always
  type: list
  elements: dict
  contains:
    variable:
      description: Name of the variable, such as C(vault_tableau_workbook_sales_1).
      type: str
    kind:
      description: C(workbook) or C(datasource).
      type: str
    name:
      description: Name of the item.
      type: str
    project:
      description: Path of its project.
      type: str
    server_address:
      description: The connection's server.
      type: str
    username:
      description: The connection's user name.
      type: str
server_administrators:
  description:
    - Names of the server administrators, left out of the description's C(users) with O(for_platform=same) (items
      may still name them as owners, members or grantees).
    - A server administrator belongs to the server and is on every site; the REST API cannot make one, so an apply
      could not either. With O(for_platform=cloud) they are written as C(SiteAdministratorCreator) users.
  returned: always
  type: list
  elements: str
unmapped:
  description: With O(for_platform=cloud), what has no Tableau Cloud counterpart and was left out of the description.
  returned: always
  type: list
  elements: dict
  contains:
    kind:
      description: C(user), C(auth_setting), C(group) or C(schedule).
      type: str
    name:
      description: Its name.
      type: str
    reason:
      description: Why, and what to do instead.
      type: str
content_dir:
  description: Absolute path of the folder of the content files (null with O(content=none)).
  returned: when O(dest) is given
  type: str
content_files:
  description: The content files, relative to the description's folder.
  returned: when O(dest) is given
  type: list
  elements: str
"""

from ansible.module_utils.common.yaml import HAS_YAML, yaml_load

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.site_export import (
    CONTENT_CHOICES,
    PLATFORMS,
    SECTIONS,
    check_export,
    ensure_exported,
)


def parse(text):
    return yaml_load(text) if HAS_YAML else text


def run(module, client):
    return ensure_exported(client, module.params, module.place_file, module.check_mode, parse)


def main():
    module = TableauModule(
        argument_spec=dict(
            dest=dict(type="path"),
            return_description=dict(type="bool", default=False),
            sections=dict(type="list", elements="str", choices=list(SECTIONS)),
            content=dict(type="str", choices=CONTENT_CHOICES, default="none"),
            content_dir=dict(type="path", default="content"),
            for_platform=dict(type="str", choices=PLATFORMS, default="same"),
        ),
        add_file_common_args=True,
        supports_check_mode=True,
    )
    module.run(run, check=check_export)


if __name__ == "__main__":
    main()
