# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module shares: connection options, the client, and one run loop that always signs out."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.tableau.server.plugins.module_utils import client as client_utils
from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.arguments import (
    CONNECTION_MUTUALLY_EXCLUSIVE,
    CONNECTION_REQUIRED_ONE_OF,
    CONNECTION_REQUIRED_TOGETHER,
    connection_spec,
)
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauError


class TableauModule(AnsibleModule):
    """AnsibleModule with the connection options added and ``run`` to drive a resource."""

    def __init__(self, argument_spec=None, mutually_exclusive=None, required_together=None,
                 required_one_of=None, **kwargs):
        spec = connection_spec()
        spec.update(argument_spec or {})
        super(TableauModule, self).__init__(
            argument_spec=spec,
            mutually_exclusive=list(CONNECTION_MUTUALLY_EXCLUSIVE) + list(mutually_exclusive or []),
            required_together=list(CONNECTION_REQUIRED_TOGETHER) + list(required_together or []),
            required_one_of=list(CONNECTION_REQUIRED_ONE_OF) + list(required_one_of or []),
            **kwargs
        )
        if not client_utils.HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=str(client_utils.REQUESTS_IMPORT_ERROR))
        if not xmlio.HAS_DEFUSEDXML:
            self.fail_json(msg=missing_required_lib("defusedxml"), exception=str(xmlio.DEFUSEDXML_IMPORT_ERROR))

    def client(self):
        params = self.params
        auth = dict((key, params[key]) for key in ("username", "password", "token_name", "token_secret", "jwt")
                    if params.get(key))
        return client_utils.TableauClient(
            params["server_url"], site=params["site"], auth=auth, api_version=params["api_version"],
            validate_certs=params["validate_certs"], ca_path=params["ca_path"], timeout=params["timeout"],
            retries=params["retries"], impersonate_user_id=params["impersonate_user_id"], warn=self.warn,
        )

    def run(self, runner):
        """Sign in, call ``runner(module, client)`` for the result dict, sign out, exit.

        The session is closed on success and on every failure; errors become ``fail_json`` with
        Tableau's code, summary and detail.
        """
        try:
            client = self.client()
            try:
                client.sign_in()
                result = runner(self, client)
            finally:
                client.close()
        except TableauError as exc:
            self.fail_json(**exc.fail_json_kwargs())
        self.exit_json(**result)


def diff_result(result, before, after, diff_mode):
    """Add Ansible's ``diff`` to a result when the user asked for it."""
    if diff_mode:
        result["diff"] = dict(before=before or {}, after=after or {})
    return result
