#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tableau_session
short_description: Sign in once and reuse the session in later Tableau tasks
version_added: 1.0.0
description:
  - V(present) signs in and returns a RV(session) that later tasks of this collection take as their
    O(session) option, so they neither ask for the server's version nor sign in and out themselves.
  - V(absent) signs that session out. Signing out a session that is already gone is not an error.
  - Sessions come and go with every play; the task never reports a change, so a play that changes
    nothing on the site reports C(changed=0).
  - The result of a sign-in is hidden from all output, since it carries the session token; the
    registered variable still holds it.
author:
  - tableau.server contributors (@tableau-server-ansible)
extends_documentation_fragment:
  - tableau.server.connection
  - tableau.server.attributes
options:
  state:
    description:
      - V(present) signs in and returns the session; V(absent) signs out the O(session) given.
      - V(present) signs in even in check mode, so that check-mode tasks after it can read the site,
        and V(absent) signs out in check mode too, so that a check-mode run leaves no session open on
        the server. A session is not content, so neither counts as a change.
    type: str
    choices: [present, absent]
    default: present
notes:
  - A personal access token allows one live session at a time. A task that signs in with the same
    token ends the reused session; later tasks then fail with a message saying the session expired.
  - Sign the session out at the end of the play with O(state=absent), for example in an C(always) block.
seealso:
  - module: tableau.server.tableau_project
"""

EXAMPLES = r"""
- name: Connect to Tableau once for every task of the block
  module_defaults:
    group/tableau.server.tableau:
      server_url: https://tableau.example.com
      token_name: automation
      token_secret: "{{ vault_tableau_token_secret }}"
  block:
    - name: Sign in once
      tableau.server.tableau_session:
      register: tableau_login

    # The inner module_defaults replace the outer ones for the group: these tasks get only the session.
    - name: Tasks of this block reuse the session
      module_defaults:
        group/tableau.server.tableau:
          session: "{{ tableau_login.session }}"
      block:
        - name: A project, no sign-in of its own
          tableau.server.tableau_project:
            path: Marketing
            description: Campaigns
      always:
        - name: Sign out
          tableau.server.tableau_session:
            session: "{{ tableau_login.session }}"
            state: absent
"""

RETURN = r"""
signed_out:
  description: With V(absent), whether the server ended the session (false when it was already gone).
  returned: when O(state=absent)
  type: bool
  sample: true
session:
  description:
    - The signed-in session, to pass unchanged as the O(session) option of later tasks.
    - Empty after V(absent).
  returned: always
  type: dict
  contains:
    server_url:
      description: URL of the server.
      type: str
      sample: https://tableau.example.com
    site:
      description: Content URL of the site signed in to.
      type: str
      sample: finance
    site_id:
      description: LUID of the site.
      type: str
    user_id:
      description: LUID of the signed-in user.
      type: str
    api_version:
      description: REST API version the session speaks.
      type: str
      sample: "3.25"
    token:
      description: The session token.
      type: str
"""

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule


def sign_in(module, client):
    # The token outlives this task: the session is handed over, not signed out.
    session = client.session_info()
    client.forget_session()
    return False, dict(session=session), None


def sign_out(module, client):
    # Also in check mode: the sign-in of a check-mode run was real, and its session must not be left open.
    # A session that is gone already (signed out, expired) is not an error: signed_out is false.
    return False, dict(signed_out=client.sign_out(adopted=True), session={}), None


def main():
    module = TableauModule(
        argument_spec=dict(state=dict(type="str", default="present", choices=["present", "absent"])),
        required_if=[("state", "absent", ["session"])],
        supports_check_mode=True,
    )
    if module.params["state"] == "absent":
        module.run(sign_out)
    else:
        module.run(sign_in, reuse_session=False)


if __name__ == "__main__":
    main()
