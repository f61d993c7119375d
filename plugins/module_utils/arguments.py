# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every module takes, in one table (documented in doc_fragments/connection.py).

Every connection option can come from an environment variable (ENVIRONMENT), which is how AWX and
Automation Platform credentials hand them over. An empty variable counts as unset, since a controller
injects optional fields left blank as empty strings.

Credentials are not plain fallbacks: a task's own credentials win over the environment's. When a task
(or its module_defaults) names one kind of credentials, the environment's credentials of other kinds
are left out, so a personal access token injected by a controller does not clash with a task that gives
``username`` and ``password``; ``resolve_credentials`` decides, for modules and the inventory plugin alike.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.tableau.server.plugins.module_utils.connected_app import DEFAULT_SCOPES
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError

# The environment variable each connection option falls back to.
ENVIRONMENT = dict(
    server_url="TABLEAU_SERVER_URL",
    site="TABLEAU_SITE",
    username="TABLEAU_USERNAME",
    password="TABLEAU_PASSWORD",
    token_name="TABLEAU_TOKEN_NAME",
    token_secret="TABLEAU_TOKEN_SECRET",
    jwt="TABLEAU_JWT",
    connected_app_client_id="TABLEAU_CONNECTED_APP_CLIENT_ID",
    connected_app_secret_id="TABLEAU_CONNECTED_APP_SECRET_ID",
    connected_app_secret_value="TABLEAU_CONNECTED_APP_SECRET_VALUE",
    connected_app_username="TABLEAU_CONNECTED_APP_USERNAME",
    api_version="TABLEAU_API_VERSION",
    validate_certs="TABLEAU_VALIDATE_CERTS",
    ca_path="TABLEAU_CA_PATH",
    timeout="TABLEAU_TIMEOUT",
    retries="TABLEAU_RETRIES",
    max_concurrency="TABLEAU_MAX_CONCURRENCY",
)

# The kinds of credentials, each with all the options it needs. A task signs in with exactly one kind.
CREDENTIAL_KINDS = (
    ("password", ("username", "password")),
    ("personal access token", ("token_name", "token_secret")),
    ("JWT", ("jwt",)),
    ("connected app", ("connected_app_client_id", "connected_app_secret_id", "connected_app_secret_value",
                       "connected_app_username")),
)
CREDENTIAL_OPTIONS = tuple(option for kind, options in CREDENTIAL_KINDS for option in options)
SECRET_OPTIONS = ("password", "token_secret", "jwt", "connected_app_secret_value")


def from_environment(name, environ=None):
    """The value of the environment variable ``name``; unset or empty raises AnsibleFallbackNotFound.

    The fallback of the options other than credentials (those go through resolve_credentials).
    """
    value = (os.environ if environ is None else environ).get(name)
    if not value:
        raise AnsibleFallbackNotFound
    return value


def environment_credentials(environ=None):
    """The credential options set in the environment, as {option: value}."""
    environ = os.environ if environ is None else environ
    return dict((option, environ[ENVIRONMENT[option]]) for option in CREDENTIAL_OPTIONS
                if environ.get(ENVIRONMENT[option]))


def _fallback(option):
    return (from_environment, [ENVIRONMENT[option]])


CONNECTION_SPEC = dict(
    server_url=dict(type="str", aliases=["url"], fallback=_fallback("server_url")),
    site=dict(type="str", default="", fallback=_fallback("site")),
    # Credentials take the environment's values in resolve_credentials, not through a fallback.
    username=dict(type="str"),
    password=dict(type="str", no_log=True),
    token_name=dict(type="str", no_log=False),
    token_secret=dict(type="str", no_log=True),
    jwt=dict(type="str", no_log=True),
    connected_app_client_id=dict(type="str"),
    connected_app_secret_id=dict(type="str", no_log=False),
    connected_app_secret_value=dict(type="str", no_log=True),
    connected_app_username=dict(type="str"),
    connected_app_scopes=dict(type="list", elements="str", default=list(DEFAULT_SCOPES)),
    impersonate_user_id=dict(type="str"),
    api_version=dict(type="str", fallback=_fallback("api_version")),
    validate_certs=dict(type="bool", default=True, fallback=_fallback("validate_certs")),
    ca_path=dict(type="path", fallback=_fallback("ca_path")),
    timeout=dict(type="int", default=60, fallback=_fallback("timeout")),
    retries=dict(type="int", default=4, fallback=_fallback("retries")),
    max_concurrency=dict(type="int", default=8, fallback=_fallback("max_concurrency")),
    session=dict(type="dict", options=dict(
        server_url=dict(type="str"),
        site=dict(type="str", default=""),
        site_id=dict(type="str"),
        user_id=dict(type="str"),
        api_version=dict(type="str"),
        token=dict(type="str", no_log=True),
    )),
)

CONNECTION_REQUIRED_ONE_OF = [("server_url", "session")]


def connection_spec():
    return dict((name, dict(spec)) for name, spec in CONNECTION_SPEC.items())


def resolve_credentials(given, environment):
    """The kind of credentials a task signs in with and their values: (kind, {option: value}), or (None, {}).

    ``given`` holds the credential options the task set itself (its arguments and module_defaults),
    ``environment`` those the environment sets (environment_credentials). The task's win: when it
    names a kind (gives any option of it), only that kind is looked at, and only its missing options
    come from the environment. When it names none, the environment's credentials are used.
    Two kinds at once, or a kind with an option missing, is a TableauValidationError.
    """
    named = [kind for kind, options in CREDENTIAL_KINDS if any(given.get(option) for option in options)]
    found = []
    for kind, options in CREDENTIAL_KINDS:
        if named and kind not in named:
            continue
        values = dict((option, given.get(option) or environment.get(option)) for option in options)
        if any(values.values()):
            found.append((kind, options, values))
    if len(found) > 1:
        raise _mixed_kinds(found, given, bool(named))
    if not found:
        return None, {}
    kind, options, values = found[0]
    missing = [option for option in options if not values[option]]
    if missing:
        raise TableauValidationError(
            "%s are required together for %s sign-in; %s missing." % (
                _listed(options), kind, " and ".join(missing) + (" is" if len(missing) == 1 else " are")),
            hint="Set %s, or the environment variable%s %s." % (
                _listed(missing, "and"), "" if len(missing) == 1 else "s",
                _listed([ENVIRONMENT[option] for option in missing], "or")))
    return kind, values


def _mixed_kinds(found, given, named):
    if named:
        shown = ["%s (%s)" % (next(o for o in options if given.get(o)), kind) for kind, options, values in found]
        return TableauValidationError(
            "%s are mutually exclusive: give one kind of credentials." % _listed(shown),
            hint="Options of the task win over the environment; leave out those of the kinds not meant.")
    shown = ["%s (%s)" % (ENVIRONMENT[next(o for o in options if values[o])], kind) for kind, options, values in found]
    return TableauValidationError(
        "The environment holds more than one kind of credentials, which are mutually exclusive: %s." % _listed(shown),
        hint="Give the task (or the inventory file) the credentials to use, which win over the environment, or "
             "set only one kind, for example by attaching one Tableau credential to the job.")


def _listed(items, last="and"):
    items = list(items)
    return items[0] if len(items) == 1 else "%s %s %s" % (", ".join(items[:-1]), last, items[-1])
