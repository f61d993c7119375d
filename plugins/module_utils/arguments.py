# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every module takes, in one table (documented in doc_fragments/connection.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import env_fallback

CONNECTION_SPEC = dict(
    server_url=dict(type="str", required=True, aliases=["url"], fallback=(env_fallback, ["TABLEAU_SERVER_URL"])),
    site=dict(type="str", default="", fallback=(env_fallback, ["TABLEAU_SITE"])),
    username=dict(type="str", fallback=(env_fallback, ["TABLEAU_USERNAME"])),
    password=dict(type="str", no_log=True, fallback=(env_fallback, ["TABLEAU_PASSWORD"])),
    token_name=dict(type="str", no_log=False, fallback=(env_fallback, ["TABLEAU_TOKEN_NAME"])),
    token_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["TABLEAU_TOKEN_SECRET"])),
    jwt=dict(type="str", no_log=True, fallback=(env_fallback, ["TABLEAU_JWT"])),
    impersonate_user_id=dict(type="str"),
    api_version=dict(type="str", fallback=(env_fallback, ["TABLEAU_API_VERSION"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["TABLEAU_VALIDATE_CERTS"])),
    ca_path=dict(type="path"),
    timeout=dict(type="int", default=60),
    retries=dict(type="int", default=4),
)

CONNECTION_MUTUALLY_EXCLUSIVE = [("username", "token_name", "jwt")]
CONNECTION_REQUIRED_TOGETHER = [("username", "password"), ("token_name", "token_secret")]
CONNECTION_REQUIRED_ONE_OF = [("username", "token_name", "jwt")]


def connection_spec():
    return dict((name, dict(spec)) for name, spec in CONNECTION_SPEC.items())
