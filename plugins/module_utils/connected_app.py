# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connected apps (direct trust): the short-lived JWT each sign-in carries, made from the app's client id and secret.

Tableau's rules for the token ("Configure Connected Apps with Direct Trust", and "Access Scopes for
Connected Apps" for ``scp``): signed with HS256 and the secret's value; the header names the secret
(``kid``) and the app (``iss``); the claims name the app (``iss``), the user to act as (``sub``),
``aud`` "tableau", an expiry (``exp``) at most 10 minutes ahead, a ``jti`` unique to the token, and the
REST API scopes (``scp``). The client makes a new token for every sign-in, a re-sign-in after an
expired session included, so no token is sent twice and none lives longer than a sign-in needs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import hashlib
import hmac
import json
import time
import uuid

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError

# Seconds a token is valid. Tableau refuses more than 10 minutes; half of that leaves room for a clock
# that is a few minutes off either way.
LIFETIME = 300
# Every scope the modules of this collection need: reading content, and managing sites, projects, users,
# groups, workbooks, data sources (with their file uploads), permissions, and reading jobs.
DEFAULT_SCOPES = (
    "tableau:content:read",
    "tableau:sites:*",
    "tableau:projects:*",
    "tableau:users:*",
    "tableau:groups:*",
    "tableau:workbooks:*",
    "tableau:datasources:*",
    "tableau:file_uploads:create",
    "tableau:permissions:*",
    "tableau:jobs:read",
)


def _segment(data):
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8"))


def _unpadded(data):
    return data.rstrip(b"=")


def mint_jwt(client_id, secret_id, secret_value, username, scopes=DEFAULT_SCOPES, lifetime=LIFETIME, now=None):
    """A signed JWT to sign in to Tableau as ``username`` through the connected app ``client_id``."""
    scopes = list(scopes or [])
    if not scopes:
        raise TableauValidationError("connected_app_scopes is empty: a connected app's token needs at least one scope.",
                                     hint="Leave connected_app_scopes out for the collection's default scopes.")
    issued = int(time.time() if now is None else now)
    header = {"alg": "HS256", "typ": "JWT", "kid": secret_id, "iss": client_id}
    claims = {"iss": client_id, "sub": username, "aud": "tableau", "exp": issued + int(lifetime),
              "jti": str(uuid.uuid4()), "scp": scopes}
    signing_input = _unpadded(_segment(header)) + b"." + _unpadded(_segment(claims))
    signature = hmac.new(secret_value.encode("utf-8"), signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + _unpadded(base64.urlsafe_b64encode(signature))).decode("ascii")


def jwt_for(auth):
    """A fresh JWT for the connected app options in ``auth`` (a client's credentials)."""
    scopes = auth.get("connected_app_scopes")
    return mint_jwt(auth["connected_app_client_id"], auth["connected_app_secret_id"],
                    auth["connected_app_secret_value"], auth["connected_app_username"],
                    DEFAULT_SCOPES if scopes is None else scopes)
