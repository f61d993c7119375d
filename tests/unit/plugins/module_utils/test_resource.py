"""The resource base: one field table drives options, payload, parsing and diff; check mode predicts."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import xml.etree.ElementTree as ET

import pytest

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauResponseError
from ansible_collections.tableau.server.plugins.module_utils.resource import (
    Field,
    FieldTable,
    Outcome,
    Resource,
    changes,
    name_key,
    same_name,
)

TABLE = FieldTable("thing", (
    Field("name", "name"),
    Field("size", "size", kind="int"),
    Field("shared", "isShared", kind="bool"),
    Field("color", "color", kind=["red", "blue"]),
    Field("secret", None, no_log=True),
    Field("created_at", "createdAt", compare=False, option=False),
))


class Recorder(object):
    """A client stand-in that fails the test on any request: check mode must send none."""

    site = "finance"
    user_id = "me"

    def __getattr__(self, name):
        if name in ("get", "post", "put", "delete", "send", "paginate", "upload"):
            raise AssertionError("check mode sent a request: %s" % name)
        raise AttributeError(name)

    def require_version(self, version, feature):
        pass


class Things(Resource):
    path = "/things"
    tag = "thing"
    kind = "thing"
    table = TABLE


def test_one_table_gives_the_module_options():
    spec = TABLE.argspec()
    assert spec["size"] == {"type": "int"}
    assert spec["color"] == {"type": "str", "choices": ["red", "blue"]}
    assert spec["secret"] == {"type": "str", "no_log": True}
    assert "created_at" not in spec


def test_one_table_parses_answers_and_builds_payloads():
    el = ET.fromstring('<thing xmlns="%s" name="a" size="3" isShared="true" createdAt="2026-01-01T00:00:00Z"/>'
                       % xmlio.NS)
    assert TABLE.parse(el) == {"name": "a", "size": 3, "shared": True, "color": None, "created_at": "2026-01-01T00:00:00Z"}
    payload = TABLE.element({"name": "b", "shared": False, "color": None, "secret": "s"})
    assert payload.attrib == {"name": "b", "isShared": "false"}


def test_changes_leave_unset_fields_alone():
    current = {"name": "a", "size": 3, "shared": True}
    assert changes(current, {"size": 3, "shared": None}) == {}
    assert TABLE.changes(current, {"size": 4, "shared": None, "created_at": "x"}) == {"size": 4}


def test_diff_shows_compared_fields_by_name():
    assert TABLE.shown({"id": "luid", "name": "a", "size": 1, "created_at": "t"}) == {
        "name": "a", "size": 1, "shared": None, "color": None, "secret": None}
    assert TABLE.shown(None) == {}


def test_names_match_without_regard_to_case():
    assert name_key("Alice") == name_key("ALICE") == "alice"
    assert same_name("Sales Team", "sales team")
    assert not same_name("Sales", "Sales Team")


def test_check_mode_create_update_delete_send_nothing():
    things = Things(Recorder(), check_mode=True)
    created = things.create({"name": "a", "size": 2})
    assert created["id"] is None and created["size"] == 2 and created["shared"] is None
    current = {"id": "1", "name": "a", "size": 2}
    assert things.update(current, {"size": 5}) == {"id": "1", "name": "a", "size": 5}
    assert things.update(current, {}) is current
    things.delete(current)


def test_an_answer_without_the_item_is_a_clear_error():
    root = ET.fromstring('<tsResponse xmlns="%s"/>' % xmlio.NS)
    with pytest.raises(TableauResponseError) as info:
        Things(Recorder()).answered(root)
    assert "<thing>" in info.value.msg


def test_outcome_single_item_diff_and_list_diff():
    changed, returned, diff = Outcome().record(True, {}, {"name": "a"}).ret(thing={"name": "a"}).result()
    assert changed and returned == {"thing": {"name": "a"}} and diff == {"before": {}, "after": {"name": "a"}}
    outcome = Outcome()
    outcome.record(False, {"name": "a"}, {"name": "a"}, header="a")
    outcome.record(True, {"name": "b"}, {}, header="b")
    changed, returned, diff = outcome.result()
    assert changed
    assert diff == [{"before": {"name": "b"}, "after": {}, "before_header": "b", "after_header": "b"}]


def test_outcome_warnings_are_kept_apart_for_the_module():
    outcome = Outcome().record(True, {}, {"name": "a"}).warn("first").warn("second")
    changed, returned, _diff = outcome.ret(thing={"name": "a"}).result()
    assert changed and returned == {"thing": {"name": "a"}, "warnings": ["first", "second"]}
