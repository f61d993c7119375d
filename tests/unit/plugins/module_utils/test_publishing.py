"""The content modules' logic: fingerprints, the publish decision, tags, connections, payloads, and the
ensure_* functions against the emulator (check mode, names in another case, downloads)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os

import pytest

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.content import fingerprint_tag, split_tags
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.publishing import (
    check_file,
    connection_matches,
    file_fingerprint,
    normalize_since,
    publish_action,
    tag_changes,
)
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource

KIB = 1024


def write(path, data):
    with open(str(path), "wb") as handle:
        handle.write(data)
    return str(path)


# ------------------------------------------------------------------------------------------ files and fingerprints

def test_check_file_refuses_wrong_extension_and_missing_file(tmp_path):
    with pytest.raises(TableauValidationError, match=r"must end in \.twb, \.twbx"):
        check_file(write(tmp_path / "a.xlsx", b"x"), ("twb", "twbx"), "workbook")
    with pytest.raises(TableauValidationError, match="does not exist"):
        check_file(str(tmp_path / "missing.twbx"), ("twb", "twbx"), "workbook")
    assert check_file(write(tmp_path / "A.TWBX", b"xyz"), ("twb", "twbx"), "workbook") == ("twbx", 3)


def test_fingerprint_is_the_files_sha256_plus_publish_only_settings(tmp_path):
    data = os.urandom(3 * 1024 * KIB)
    path = write(tmp_path / "f.hyper", data)
    assert file_fingerprint(path) == hashlib.sha256(data).hexdigest()
    assert file_fingerprint(path, "hidden_views:Scratch") != file_fingerprint(path)
    assert fingerprint_tag(file_fingerprint(path)) == "sha256:" + hashlib.sha256(data).hexdigest()[:16]


def test_split_tags_separates_the_fingerprint():
    assert split_tags(["sales", "sha256:0123456789abcdef", "q1"]) == ("sha256:0123456789abcdef", ["sales", "q1"])
    assert split_tags(["sales"]) == (None, ["sales"])


@pytest.mark.parametrize("current, desired, purge, add, remove", [
    (["a", "b"], None, True, [], []),
    (["a", "b"], ["b", "c"], True, ["c"], ["a"]),
    (["a", "b"], ["b", "c"], False, ["c"], []),
    (["Sales"], ["sales"], True, [], []),
])
def test_tag_changes_follow_purge_tags(current, desired, purge, add, remove):
    assert tag_changes(current, desired, purge) == (add, remove)


@pytest.mark.parametrize("mode, force, current, action", [
    ("auto", False, None, "CreateNew"),
    ("auto", False, {"fingerprint": "aaaaaaaaaaaaaaaa"}, None),
    ("auto", False, {"fingerprint": "bbbbbbbbbbbbbbbb"}, "Overwrite"),
    ("auto", False, {"fingerprint": None}, "Overwrite"),
    ("auto", True, {"fingerprint": "aaaaaaaaaaaaaaaa"}, "Overwrite"),
    ("create_new", False, {"fingerprint": "bbbbbbbbbbbbbbbb"}, None),
    ("create_new", False, None, "CreateNew"),
    ("overwrite", False, {"fingerprint": "aaaaaaaaaaaaaaaa"}, "Overwrite"),
    ("append", False, None, "CreateNew"),
    ("append", False, {"fingerprint": "aaaaaaaaaaaaaaaa"}, None),
    ("append", False, {"fingerprint": "bbbbbbbbbbbbbbbb"}, "Append"),
])
def test_publish_action(mode, force, current, action):
    assert publish_action(mode, force, current, "a" * 64) == action


@pytest.mark.parametrize("value, expected", [
    ("2024-05-01", "2024-05-01T00:00:00Z"),
    ("2024-05-01T08:30:00", "2024-05-01T08:30:00Z"),
    ("2024-05-01T08:30:00Z", "2024-05-01T08:30:00Z"),
])
def test_normalize_since(value, expected):
    assert normalize_since(value) == expected


def test_normalize_since_refuses_other_text():
    with pytest.raises(TableauValidationError):
        normalize_since("yesterday")


def test_a_connection_still_matches_after_its_address_was_changed():
    connection = {"server_address": "replica.example.com", "server_port": "5432", "type": "postgres"}
    entry = {"match": {"server_address": "db.example.com"}, "server_address": "replica.example.com"}
    assert connection_matches(connection, entry)
    assert not connection_matches(connection, {"match": {"server_address": "db.example.com"}})
    assert connection_matches(connection, {"match": {"type": "postgres", "server_port": 5432}})
    assert connection_matches(connection, {})


# ------------------------------------------------------------------------------------------ payloads

def payload_text(el):
    return xmlio.ts_request(el).decode("utf-8")


def test_workbook_payload_keeps_tabs_and_hides_views():
    params = {"name": "Sales", "show_tabs": None, "description": None, "hidden_views": ["Scratch"],
              "credentials": {"username": "u", "password": "p", "embed": True, "oauth": False,
                              "server_address": "db.example.com", "server_port": 5432}}
    text = payload_text(WorkbookResource(None).publish_element(params, "p-1", {"show_tabs": True}))
    assert '<workbook name="Sales" showTabs="true">' in text
    assert '<project id="p-1" />' in text
    assert ('<connections><connection serverAddress="db.example.com" serverPort="5432">'
            '<connectionCredentials name="u" password="p" embed="true" /></connection></connections>') in text
    assert '<views><view name="Scratch" hidden="true" /></views>' in text


def test_datasource_payload_carries_credentials_for_its_connection():
    params = {"name": "Orders", "description": "d", "credentials": {"username": "u", "password": "p", "embed": False,
                                                                    "oauth": True}}
    text = payload_text(DatasourceResource(None).publish_element(params, "p-1", None))
    assert '<connectionCredentials name="u" password="p" embed="false" oAuth="true" />' in text
