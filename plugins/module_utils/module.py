# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module shares: connection options, the client, and one run loop that always signs out."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.compat.version import LooseVersion

from ansible_collections.tableau.server.plugins.module_utils import client as client_utils
from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.arguments import (
    CONNECTION_REQUIRED_ONE_OF,
    CREDENTIAL_OPTIONS,
    ENVIRONMENT,
    SECRET_OPTIONS,
    connection_spec,
    environment_credentials,
    resolve_credentials,
)
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauError, TableauValidationError, scrub

# The transport needs urllib3 2.0.2 or later: 1.26 hands over an answer cut off mid-body as if it
# were whole, so a read that broke off would not be repeated.
URLLIB3_MINIMUM = "2.0.2"
try:
    import urllib3
    HAS_URLLIB3 = LooseVersion(urllib3.__version__) >= LooseVersion(URLLIB3_MINIMUM)
    URLLIB3_IMPORT_ERROR = None if HAS_URLLIB3 else "urllib3 %s is installed" % urllib3.__version__
except ImportError as exc:  # pragma: no cover - reported by the module as a missing requirement
    HAS_URLLIB3 = False
    URLLIB3_IMPORT_ERROR = exc


class TableauModule(AnsibleModule):
    """AnsibleModule with the connection options added and ``run`` to drive a resource."""

    def __init__(self, argument_spec=None, mutually_exclusive=None, required_together=None,
                 required_one_of=None, items=None, **kwargs):
        spec = connection_spec()
        spec.update(argument_spec or {})
        # An _info module names the list it returns and the keys of its items: the fields option picks some.
        self.items_key, item_keys = items or (None, ())
        if items:
            spec["fields"] = dict(type="list", elements="str", choices=list(item_keys))
        super(TableauModule, self).__init__(
            argument_spec=spec,
            mutually_exclusive=mutually_exclusive,
            required_together=required_together,
            required_one_of=list(CONNECTION_REQUIRED_ONE_OF) + list(required_one_of or []),
            **kwargs
        )
        self.credential_kind = self._resolve_credentials()
        if not client_utils.HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=str(client_utils.REQUESTS_IMPORT_ERROR))
        if not xmlio.HAS_DEFUSEDXML:
            self.fail_json(msg=missing_required_lib("defusedxml"), exception=str(xmlio.DEFUSEDXML_IMPORT_ERROR))
        if not HAS_URLLIB3:
            self.fail_json(msg=missing_required_lib("urllib3 >= %s" % URLLIB3_MINIMUM), exception=str(URLLIB3_IMPORT_ERROR))

    def _resolve_credentials(self):
        """Settle which credentials the task signs in with (see arguments.resolve_credentials); its kind, or None.

        The credentials used end up in ``params`` and those of other kinds are cleared there; every
        secret the environment holds is kept out of the module's output.
        """
        from_environment = environment_credentials()
        self.no_log_values.update(from_environment[option] for option in SECRET_OPTIONS if option in from_environment)
        given = dict((option, self.params.get(option)) for option in CREDENTIAL_OPTIONS)
        try:
            kind, values = resolve_credentials(given, from_environment)
        except TableauError as exc:
            self.fail_json(**exc.fail_json_kwargs())
        if kind is None and not self.params.get("session"):
            options = ("username", "token_name", "jwt", "connected_app_client_id")
            self.fail_json(msg="No credentials: one of the following is required: %s, or session; or their environment "
                               "variables %s." % (", ".join(options), ", ".join(ENVIRONMENT[o] for o in options)))
        for option in CREDENTIAL_OPTIONS:
            self.params[option] = values.get(option)
        return kind

    def client(self, reuse_session=True):
        """A client for the connection options; with ``session`` (and ``reuse_session``) it adopts that session."""
        params = self.params
        auth = dict((key, params[key]) for key in CREDENTIAL_OPTIONS if params.get(key))
        if auth.get("connected_app_client_id"):
            auth["connected_app_scopes"] = params["connected_app_scopes"]
        session = params.get("session") if reuse_session else None
        server_url, site = params["server_url"], params["site"]
        if session:
            server_url = server_url or session["server_url"]
            if (session["server_url"] or "").rstrip("/") != (server_url or "").rstrip("/"):
                raise TableauValidationError(
                    "The session was signed in to %s, not to server_url %s." % (session["server_url"], server_url),
                    hint="Use the session with the server it came from, or leave session out.")
            site = session["site"]
        client = client_utils.TableauClient(
            server_url, site=site, auth=auth, api_version=params["api_version"],
            validate_certs=params["validate_certs"], ca_path=params["ca_path"], timeout=params["timeout"],
            retries=params["retries"], impersonate_user_id=params["impersonate_user_id"], warn=self.warn,
            max_concurrency=params["max_concurrency"],
        )
        if session:
            client.adopt_session(session)
        return client

    def place_file(self, temp_path, target, replace):
        """Put a file written beside ``target`` in place (when ``replace``) with the task's file attributes.

        For modules with ``add_file_common_args``: an atomic move (nothing in check mode), then ``mode``,
        ``owner``, ``group`` and the other file options, as ansible.builtin.get_url does. Whether the
        attributes changed (or would).
        """
        if replace and not self.check_mode:
            self.atomic_move(temp_path, target, unsafe_writes=self.params.get("unsafe_writes", False))
        file_args = self.load_file_common_arguments(self.params, path=target)
        return self.set_fs_attributes_if_different(file_args, False)

    def run(self, runner, reuse_session=True, check=None):
        """Sign in (or adopt ``session``), call ``runner(module, client)``, sign out, exit.

        ``check(params)``, when given, runs first: what it refuses (a TableauError) fails the task before
        any request, sign-in included.

        ``runner`` returns ``(changed, returned, diff)``: whether anything was (or, in check mode, would
        be) written, the dict of values the module returns (its ``warnings``, from ``Outcome.warn``,
        become the task's warnings), and Ansible's diff (added in diff mode).
        A session the task signed in itself is closed on success and on every failure; an adopted one
        is left to the tableau_session task that made it. Errors become ``fail_json`` with Tableau's
        code, summary and detail; this is the only place a module fails.
        """
        try:
            if check is not None:
                check(self.params)
            client = self.client(reuse_session)
            try:
                if client.token is None:
                    client.sign_in()
                outcome = runner(self, client)
            finally:
                client.close()
        except TableauError as exc:
            self.fail_json(**scrub(exc.fail_json_kwargs(), self.no_log_values))
        changed, returned, diff = outcome
        # Warnings go through warn(): a result's own "warnings" key is deprecated in ansible-core.
        for message in returned.pop("warnings", None) or ():
            self.warn(message)
        result = dict(returned, changed=changed)
        if self.items_key and self.params.get("fields"):
            result[self.items_key] = select_fields(result.get(self.items_key) or [], self.params["fields"])
        if self._diff and diff is not None:
            result["diff"] = diff
        # What the server said goes into results too (a test firing's answer, job notes): no secret in any form.
        self.exit_json(**scrub(result, self.no_log_values))


def select_fields(items, fields):
    """Each item with only the keys in ``fields`` (those it has): an _info module's ``fields`` option.

    Ansible spends time on every key of every item it is handed (serialising, templating, the callback),
    so a listing of thousands of items returns faster with only the keys a playbook uses.
    """
    wanted = frozenset(fields)
    return [dict((key, value) for key, value in item.items() if key in wanted) for item in items]
