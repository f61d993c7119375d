# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  server_url:
    description:
      - URL of the Tableau Server or Tableau Cloud pod, such as C(https://tableau.example.com) or
        C(https://prod-useast-a.online.tableau.com).
      - If not set, the environment variable E(TABLEAU_SERVER_URL) is used.
      - Required unless O(session) is given.
    type: str
    aliases: [url]
  site:
    description:
      - Content URL of the site to sign in to (the part after C(/site/) in the browser's address).
      - C("") is the Default site of Tableau Server. Tableau Cloud always needs one.
      - If not set, the environment variable E(TABLEAU_SITE) is used.
    type: str
    default: ""
  username:
    description:
      - User name for password sign-in. Requires O(password).
      - If not set, the environment variable E(TABLEAU_USERNAME) is used.
      - A task signs in with one kind of credentials - O(username), O(token_name), O(jwt) or
        O(connected_app_client_id) and their companions. The task's own options (including
        C(module_defaults)) win over the environment - when they name one kind, the environment's
        credentials of other kinds are ignored, and only missing options of that kind are read from it.
    type: str
  password:
    description:
      - Password for O(username).
      - If not set, the environment variable E(TABLEAU_PASSWORD) is used.
    type: str
  token_name:
    description:
      - Name of a personal access token. Requires O(token_secret).
      - A token allows one live session at a time; a new sign-in with it ends the older session.
      - If not set, the environment variable E(TABLEAU_TOKEN_NAME) is used.
    type: str
  token_secret:
    description:
      - Secret of the personal access token O(token_name).
      - If not set, the environment variable E(TABLEAU_TOKEN_SECRET) is used.
    type: str
  jwt:
    description:
      - JSON Web Token issued for a connected app (REST API 3.17 and later).
      - Such a token lives 10 minutes at most and is meant for one sign-in, so a task that must sign in
        again (its session expired) may be refused. O(connected_app_client_id) and its companions avoid
        that - the task makes a new token for each sign-in.
      - If not set, the environment variable E(TABLEAU_JWT) is used.
    type: str
  connected_app_client_id:
    description:
      - Client ID of a connected app with direct trust (REST API 3.17 and later), to sign in as
        O(connected_app_username) with a token the task makes itself, a new one for every sign-in.
      - Requires O(connected_app_secret_id), O(connected_app_secret_value) and O(connected_app_username).
      - The app's secrets do not expire, unlike the tokens made from them (5 minutes).
      - If not set, the environment variable E(TABLEAU_CONNECTED_APP_CLIENT_ID) is used.
    type: str
  connected_app_secret_id:
    description:
      - ID of the connected app's secret.
      - If not set, the environment variable E(TABLEAU_CONNECTED_APP_SECRET_ID) is used.
    type: str
  connected_app_secret_value:
    description:
      - Value of the connected app's secret, which signs the tokens. It is never shown in output.
      - If not set, the environment variable E(TABLEAU_CONNECTED_APP_SECRET_VALUE) is used.
    type: str
  connected_app_username:
    description:
      - User name the connected app signs in as (the token's subject), such as C(automation) on Tableau
        Server or an e-mail address on Tableau Cloud.
      - If not set, the environment variable E(TABLEAU_CONNECTED_APP_USERNAME) is used.
    type: str
  connected_app_scopes:
    description:
      - REST API scopes the connected app's tokens ask for; requests outside them are refused.
      - The default covers what the modules of this collection do.
    type: list
    elements: str
    default:
      - tableau:content:read
      - tableau:sites:*
      - tableau:projects:*
      - tableau:users:*
      - tableau:groups:*
      - tableau:workbooks:*
      - tableau:datasources:*
      - tableau:file_uploads:create
      - tableau:permissions:*
      - tableau:jobs:read
  impersonate_user_id:
    description:
      - LUID of a user to act as. Only server administrators signing in with a password can impersonate.
    type: str
  api_version:
    description:
      - REST API version to use, such as C(3.24).
      - By default the server is asked for its version, capped at the newest version this collection
        knows (3.29). A feature that needs a newer version fails with a message naming it.
      - If not set, the environment variable E(TABLEAU_API_VERSION) is used.
    type: str
  validate_certs:
    description:
      - Whether to check the server's TLS certificate. Only set V(false) for test servers.
      - If not set, the environment variable E(TABLEAU_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the CA certificates that signed the server's certificate.
      - Takes precedence over E(REQUESTS_CA_BUNDLE) and E(CURL_CA_BUNDLE).
      - If not set, the environment variable E(TABLEAU_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds each try of a request may take as a whole (connecting, the answer's headers and its
        whole body), not per read. A server that drips its answer fails the try after about this long.
      - Must be more than 0.
      - If not set, the environment variable E(TABLEAU_TIMEOUT) is used.
    type: int
    default: 60
  retries:
    description:
      - A request is sent at most O(retries) + 1 times in all, whatever failed (HTTP 429, 502, 503, 504,
        a broken connection, an expired session), with exponential back-off that honours C(Retry-After).
        All the waiting of one task together stays within 300 seconds; past that the task fails saying so.
      - Requests that are not safe to repeat (creates, publishes, appending a file chunk) are never sent
        again after their answer was lost. A create looks for the item first and is sent again only if
        the item is not there; see the reliability guide.
      - If not set, the environment variable E(TABLEAU_RETRIES) is used.
    type: int
    default: 4
  max_concurrency:
    description:
      - How many requests of the task may be in flight at once, from 1 (one after another) to 64.
        Independent requests go out side by side - the pages of a listing, and the writes of a list of
        users, projects or groups (a group's members after the group itself).
      - When the server answers C(429 Too Many Requests) (or 503 with C(Retry-After)) the task halves
        how many it sends at once, down to one, and grows back by one after as many answers in a row
        as it sends at once, up to this bound. The refused requests are sent again as O(retries) says.
      - If not set, the environment variable E(TABLEAU_MAX_CONCURRENCY) is used.
    type: int
    default: 8
    version_added: 1.1.0
  session:
    description:
      - A session signed in by M(tableau.server.tableau_session), its RV(tableau.server.tableau_session#module:session)
        value passed unchanged.
      - The task then uses that session's token instead of asking for the server's version, signing in
        and signing out, which saves three requests and a sign-in per task. Credentials are not needed.
      - The site and the REST API version are those of the session.
      - When the session is no longer valid and the task has no credentials, the task fails with a
        message saying so. With credentials as well, the task signs in itself and carries on.
    type: dict
    suboptions:
      server_url:
        description: URL of the server the session belongs to.
        type: str
      site:
        description: Content URL of the site of the session.
        type: str
        default: ""
      site_id:
        description: LUID of the site of the session.
        type: str
      user_id:
        description: LUID of the signed-in user.
        type: str
      api_version:
        description: REST API version the session speaks.
        type: str
      token:
        description: The session token. It is never shown in output.
        type: str
requirements:
  - requests >= 2.30.0
  - defusedxml >= 0.7.1
  - urllib3 >= 2.0.2
notes:
  - Every task signs in, does its work and signs out, also when it fails, unless it reuses a
    O(session) from M(tableau.server.tableau_session).
  - Proxies are taken from the environment (E(HTTPS_PROXY), E(NO_PROXY)).
  - An environment variable that is set but empty counts as not set.
  - All modules of this collection are in the action group C(tableau.server.tableau), so
    C(module_defaults) can set the connection options once per play.
"""
