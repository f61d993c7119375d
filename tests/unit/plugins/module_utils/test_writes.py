"""create_once: a create whose answer was lost looks before it writes again."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError, TableauConnectionError
from ansible_collections.tableau.server.plugins.module_utils.writes import create_once


class Script(object):
    """``create`` and ``find`` that play back scripted outcomes and count their calls."""

    def __init__(self, creates, finds=()):
        self.creates = list(creates)
        self.finds = list(finds)
        self.calls = []

    def _next(self, name, outcomes):
        self.calls.append(name)
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def create(self):
        return self._next("create", self.creates)

    def find(self):
        return self._next("find", self.finds)


def lost():
    return TableauConnectionError("reset after sending", maybe_applied=True)


def test_a_create_that_works_is_sent_once():
    script = Script([{"id": "1"}])
    assert create_once(script.create, script.find, "project 'A'") == {"id": "1"}
    assert script.calls == ["create"]


def test_a_lost_answer_whose_write_happened_is_found_not_repeated():
    script = Script([lost()], [{"id": "1"}])
    assert create_once(script.create, script.find, "project 'A'") == {"id": "1"}
    assert script.calls == ["create", "find"]


def test_a_lost_answer_whose_write_did_not_happen_is_created_once_more():
    script = Script([lost(), {"id": "2"}], [None])
    assert create_once(script.create, script.find, "project 'A'") == {"id": "2"}
    assert script.calls == ["create", "find", "create"]


def test_a_request_that_never_left_is_not_looked_for():
    script = Script([TableauConnectionError("refused", maybe_applied=False)])
    with pytest.raises(TableauConnectionError, match="refused"):
        create_once(script.create, script.find, "project 'A'")
    assert script.calls == ["create"]


def test_a_conflict_on_the_second_try_means_the_first_landed_late():
    conflict = TableauApiError(409, "409006", "Conflict", "exists")
    script = Script([lost(), conflict], [None, {"id": "1"}])
    assert create_once(script.create, script.find, "project 'A'") == {"id": "1"}
    assert script.calls == ["create", "find", "create", "find"]


def test_a_second_lost_answer_is_a_clear_error_not_a_third_try():
    script = Script([lost(), lost()], [None])
    with pytest.raises(TableauConnectionError) as info:
        create_once(script.create, script.find, "project 'A'")
    assert "broke twice" in info.value.msg and "project 'A'" in info.value.msg
    assert "looks for the item" in info.value.fail_json_kwargs()["msg"]
    assert script.calls == ["create", "find", "create"]


def test_other_errors_pass_through_untouched():
    script = Script([TableauApiError(400, "400000", "Bad Request", "no")])
    with pytest.raises(TableauApiError, match="400000"):
        create_once(script.create, script.find, "project 'A'")
