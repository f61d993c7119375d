"""A signed-in client on a fresh emulator, for tests of the resources and their ensure functions."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient


@pytest.fixture
def signed_in(emulator):
    """(emulator, client): the emulator's state and log, and a client signed in to the Default site as admin."""
    client = TableauClient(emulator.url, auth={"token_name": "automation", "token_secret": "automation-secret"})
    client.sign_in()
    yield emulator.emulator, client
    client.sign_out()


def api_requests(emulator):
    """The requests of the log that are not sign-in or sign-out."""
    return [r for r in emulator.log if not r["path"].endswith(("/auth/signin", "/auth/signout", "/serverinfo"))]


def writes(emulator):
    return [(r["method"], r["path"]) for r in api_requests(emulator) if r["method"] != "GET"]
