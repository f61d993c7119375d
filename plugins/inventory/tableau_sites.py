# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: tableau_sites
short_description: Every site of a Tableau Server as an inventory host
version_added: 1.0.0
description:
  - Signs in, lists the server's sites (page by page), signs out, and makes each site a host, so that a
    play over the sites runs side by side, as many sites at a time as the run has forks, and AWX job
    slicing can split them.
  - The host name is the site's content URL, the part after C(/site/) in the browser's address. The
    Default site has the empty content URL, so its host is named after O(default_site_host).
  - Each host has the site's LUID, name, content URL, state and settings as variables, all starting with
    C(tableau_site_), and C(tableau_server_url). Tasks give the host's C(tableau_site_content_url) as
    their C(site) option.
  - Listing every site needs a server administrator. On Tableau Cloud, or for a user who is not one,
    only the site signed in to can be read, so the inventory holds that site (with a warning when the
    listing was refused).
  - The inventory source is a YAML file whose name ends in C(tableau_sites.yml) or C(tableau_sites.yaml).
  - Connection options not in the file come from the same environment variables the modules read
    (E(TABLEAU_SERVER_URL), E(TABLEAU_TOKEN_NAME) and so on), which AWX and Automation Platform
    credentials inject. The file's credentials win over the environment's, as a task's do.
    An environment variable that is set but empty counts as not set.
author:
  - tableau.server contributors (@tableau-server-ansible)
requirements:
  - requests >= 2.30.0
  - defusedxml >= 0.7.1
  - urllib3 >= 2.0.2
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description: The name of this plugin; the file is for this plugin when it says so.
    required: true
    type: str
    choices: [tableau.server.tableau_sites]
  server_url:
    description:
      - URL of the Tableau Server, such as C(https://tableau.example.com).
      - If not set, the environment variable E(TABLEAU_SERVER_URL) is used.
    type: str
  site:
    description:
      - Content URL of the site to sign in to in order to list the sites. C("") is the Default site.
      - If not set, the environment variable E(TABLEAU_SITE) is used.
    type: str
    default: ""
  username:
    description:
      - User name for password sign-in, a server administrator to list every site.
      - If not set, the environment variable E(TABLEAU_USERNAME) is used.
    type: str
  password:
    description:
      - Password for O(username).
      - If not set, the environment variable E(TABLEAU_PASSWORD) is used.
    type: str
  token_name:
    description:
      - Name of a personal access token.
      - If not set, the environment variable E(TABLEAU_TOKEN_NAME) is used.
    type: str
  token_secret:
    description:
      - Secret of the personal access token O(token_name).
      - If not set, the environment variable E(TABLEAU_TOKEN_SECRET) is used.
    type: str
  jwt:
    description:
      - JSON Web Token issued for a connected app.
      - If not set, the environment variable E(TABLEAU_JWT) is used.
    type: str
  connected_app_client_id:
    description:
      - Client ID of a connected app with direct trust; the plugin makes the token for its sign-in itself.
      - If not set, the environment variable E(TABLEAU_CONNECTED_APP_CLIENT_ID) is used.
    type: str
  connected_app_secret_id:
    description:
      - ID of the connected app's secret.
      - If not set, the environment variable E(TABLEAU_CONNECTED_APP_SECRET_ID) is used.
    type: str
  connected_app_secret_value:
    description:
      - Value of the connected app's secret.
      - If not set, the environment variable E(TABLEAU_CONNECTED_APP_SECRET_VALUE) is used.
    type: str
  connected_app_username:
    description:
      - User name the connected app signs in as.
      - If not set, the environment variable E(TABLEAU_CONNECTED_APP_USERNAME) is used.
    type: str
  connected_app_scopes:
    description:
      - REST API scopes of the connected app's token.
      - By default the scopes the modules of this collection use, which include reading sites.
    type: list
    elements: str
  api_version:
    description:
      - REST API version to use; by default the server's, capped at the newest this collection knows.
      - If not set, the environment variable E(TABLEAU_API_VERSION) is used.
    type: str
  validate_certs:
    description:
      - Whether to check the server's TLS certificate.
      - If not set, the environment variable E(TABLEAU_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the CA certificates that signed the server's certificate.
      - If not set, the environment variable E(TABLEAU_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds each try of a request may take as a whole.
      - If not set, the environment variable E(TABLEAU_TIMEOUT) is used.
    type: int
    default: 60
  retries:
    description:
      - How often a request that failed in a way worth repeating (429, 503, a lost connection) is sent again.
      - If not set, the environment variable E(TABLEAU_RETRIES) is used.
    type: int
    default: 4
  include:
    description:
      - Shell-style patterns (C(*), C(?), C([...])) of site names; only sites whose name matches one are hosts.
      - Matched without regard to case. By default every site is.
    type: list
    elements: str
    default: []
  exclude:
    description:
      - Shell-style patterns of site names; sites whose name matches one are left out, even when included.
    type: list
    elements: str
    default: []
  content_urls:
    description:
      - Shell-style patterns of content URLs; only sites whose content URL matches one are hosts.
      - The pattern C("") matches the Default site. By default every site is a host.
    type: list
    elements: str
    default: []
  states:
    description:
      - The site states whose sites are hosts.
    type: list
    elements: str
    choices: [Active, Suspended]
    default: [Active, Suspended]
  default_site_host:
    description:
      - Host name of the Default site, whose content URL is empty.
      - A site whose content URL is this name would clash with it; the inventory then fails, naming it.
    type: str
    default: default
notes:
  - Sign-in uses one session, closed when the sites are listed, also when listing fails.
  - With O(cache=true) the sites are read from the cache until it expires; the cache holds names and
    settings, no secrets.
seealso:
  - module: tableau.server.tableau_site_info
"""

EXAMPLES = r"""
# sites.tableau_sites.yml: every site; the connection comes from the environment (an AWX credential)
plugin: tableau.server.tableau_sites

---
# finance.tableau_sites.yml: the active sites whose content URL starts with "fin", grouped by admin mode
plugin: tableau.server.tableau_sites
server_url: https://tableau.example.com
token_name: inventory
token_secret: "{{ lookup('ansible.builtin.env', 'INVENTORY_TOKEN_SECRET') }}"
content_urls: ["fin*"]
states: [Active]
exclude: ["* (archive)"]
keyed_groups:
  - key: tableau_site_admin_mode
    prefix: admin_mode
groups:
  limited: tableau_site_user_quota is not none
compose:
  ansible_connection: "'local'"

---
# cached.tableau_sites.yml: read the server at most once an hour
plugin: tableau.server.tableau_sites
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/tableau_sites
cache_timeout: 3600

# A play over these hosts, one project on every site, five sites at a time (ansible-playbook -f 5):
# - hosts: all
#   connection: local
#   gather_facts: false
#   tasks:
#     - tableau.server.tableau_project:
#         site: "{{ tableau_site_content_url }}"
#         path: Certified
"""

import fnmatch
import os

from ansible.config.manager import ensure_type
from ansible.errors import AnsibleError, AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.tableau.server.plugins.module_utils import client as client_utils
from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.arguments import (
    CREDENTIAL_OPTIONS,
    ENVIRONMENT,
    environment_credentials,
    resolve_credentials,
)
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauError
from ansible_collections.tableau.server.plugins.module_utils.module import HAS_URLLIB3, URLLIB3_MINIMUM
from ansible_collections.tableau.server.plugins.module_utils.site import SETTING_NAMES, SiteResource, site_info

# Connection options other than credentials, with the type their environment variable is read as.
CONNECTION_OPTIONS = (("server_url", "str"), ("site", "str"), ("api_version", "str"), ("validate_certs", "bool"),
                      ("ca_path", "path"), ("timeout", "int"), ("retries", "int"))
PREFIX = "tableau_site_"


def host_vars(site, server_url):
    """The variables of a site's host: tableau_site_<field> for every field, and the server's URL."""
    variables = {"tableau_server_url": server_url}
    for field in ("id", "name", "content_url") + SETTING_NAMES:
        # site_state is the site's state: tableau_site_state, not tableau_site_site_state.
        variables[PREFIX + (field[len("site_"):] if field.startswith("site_") else field)] = site.get(field)
    return variables


def matches(value, patterns):
    return any(fnmatch.fnmatchcase((value or "").lower(), pattern.lower()) for pattern in patterns)


def wanted(site, include=(), exclude=(), content_urls=(), states=("Active", "Suspended")):
    """Whether ``site`` passes the filters: a name in ``include``, none in ``exclude``, a content URL in
    ``content_urls`` (each empty: any) and a state in ``states``."""
    if include and not matches(site["name"], include):
        return False
    if exclude and matches(site["name"], exclude):
        return False
    if content_urls and not matches(site["content_url"], content_urls):
        return False
    return site.get("site_state") in states


def host_names(sites, default_site_host):
    """{host name: site}: the content URL, or ``default_site_host`` for the Default site; a clash is an error."""
    hosts = {}
    for site in sites:
        name = site["content_url"] or default_site_host
        if name.lower() in [known.lower() for known in hosts]:
            raise AnsibleParserError(
                "tableau.server.tableau_sites: the site '%s' has the content URL '%s', the host name given to the "
                "Default site (default_site_host). Set default_site_host to another name." % (site["name"], name))
        hosts[name] = site
    return hosts


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "tableau.server.tableau_sites"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(
            ("tableau_sites.yml", "tableau_sites.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        listing = None
        if use_cache:
            try:
                listing = self._cache[cache_key]
            except KeyError:
                update_cache = True
        if listing is None:
            listing = self.read_sites()
        if update_cache:
            self._cache[cache_key] = listing
        self.populate(listing)

    # ------------------------------------------------------------------ reading the server

    def option(self, name):
        """An option, templated (the file may use lookups such as vault or env)."""
        value = self.get_option(name)
        if isinstance(value, str) and self.templar.is_template(value):
            value = self.templar.template(value)
        return value

    def connection(self):
        """The connection options: the file's, else the environment's (non-empty) variable, else the default."""
        found = {}
        for name, kind in CONNECTION_OPTIONS:
            value, origin = self.get_option_and_origin(name)
            from_environment = os.environ.get(ENVIRONMENT[name])
            if (value is None or origin == "default") and from_environment:
                try:
                    value = ensure_type(from_environment, kind)
                except (TypeError, ValueError) as exc:
                    raise AnsibleParserError("tableau.server.tableau_sites: %s=%r is not a %s: %s"
                                             % (ENVIRONMENT[name], from_environment, kind, exc))
            else:
                value = self.option(name)
            found[name] = value
        return found

    def credentials(self):
        given = dict((name, self.option(name)) for name in CREDENTIAL_OPTIONS)
        kind, values = resolve_credentials(given, environment_credentials())
        if kind is None:
            raise AnsibleParserError(
                "tableau.server.tableau_sites: no credentials. Give username and password, token_name and "
                "token_secret, jwt, or the connected_app_* options, in the file or as TABLEAU_* environment "
                "variables.")
        if kind == "connected app" and self.get_option("connected_app_scopes"):
            values["connected_app_scopes"] = self.get_option("connected_app_scopes")
        return values

    def read_sites(self):
        """{'server_url': ..., 'sites': [...]}: every site the sign-in can see, read in one session."""
        if not client_utils.HAS_REQUESTS:
            raise AnsibleError("tableau.server.tableau_sites needs the Python library requests.")
        if not xmlio.HAS_DEFUSEDXML:
            raise AnsibleError("tableau.server.tableau_sites needs the Python library defusedxml.")
        if not HAS_URLLIB3:
            raise AnsibleError("tableau.server.tableau_sites needs the Python library urllib3 >= %s." % URLLIB3_MINIMUM)
        try:
            options = self.connection()
            client = client_utils.TableauClient(
                options["server_url"], site=options["site"] or "", auth=self.credentials(),
                api_version=options["api_version"], validate_certs=options["validate_certs"],
                ca_path=options["ca_path"], timeout=options["timeout"], retries=options["retries"],
                warn=self.display.warning)
            try:
                client.sign_in()
                dummy, found, dummy = site_info(SiteResource(client), {})
            finally:
                client.close()
        except TableauError as exc:
            raise AnsibleParserError("tableau.server.tableau_sites: %s" % exc.fail_json_kwargs()["msg"])
        if not found["listed_all"]:
            self.display.warning("tableau.server.tableau_sites: only the signed-in site could be read (Tableau Cloud, "
                                 "or a user who is not a server administrator), so the inventory holds that site.")
        sites = [dict((key, value) for key, value in site.items() if key != "current") for site in found["sites"]]
        return {"server_url": client.server_url, "sites": sites}

    # ------------------------------------------------------------------ making the hosts

    def populate(self, listing):
        filters = dict((name, self.get_option(name)) for name in ("include", "exclude", "content_urls", "states"))
        sites = [site for site in listing["sites"] if wanted(site, **filters)]
        strict = self.get_option("strict")
        for name, site in sorted(host_names(sites, self.get_option("default_site_host")).items()):
            self.inventory.add_host(name)
            variables = host_vars(site, listing["server_url"])
            for key, value in variables.items():
                self.inventory.set_variable(name, key, value)
            self._set_composite_vars(self.get_option("compose"), variables, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), variables, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, name, strict=strict)
