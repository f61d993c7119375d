"""A purge that would remove more than purge_limit percent of what is there fails before any write."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.group import GroupConverger
from ansible_collections.tableau.server.plugins.module_utils.resource import check_purge_share


def test_small_removals_and_removals_within_the_share_pass():
    check_purge_share("users", ["a", "b", "c", "d", "e"], 5)
    check_purge_share("users", ["u%d" % n for n in range(25)], 100)


def test_a_removal_over_the_share_is_refused_with_what_it_would_remove():
    with pytest.raises(TableauValidationError) as info:
        check_purge_share("users of the site", ["u%02d" % n for n in range(12)], 20)
    message = info.value.fail_json_kwargs()["msg"]
    assert "12 of the 20 users of the site (60%)" in message
    assert "u00, u01" in message and "and 2 more" in message
    assert "raise purge_limit to at least 60" in message


def test_the_limit_can_be_raised_and_must_be_a_percentage():
    check_purge_share("users", ["u%d" % n for n in range(12)], 20, limit=60)
    with pytest.raises(TableauValidationError):
        check_purge_share("users", [], 1, limit=101)


class Groups(object):
    """Just enough of GroupResource for the converger's reads; any write fails the test."""

    def __init__(self, members):
        self.client = self
        self.listed_members = members

    def map(self, function, items):
        return [function(item) for item in items]

    def find_by_names(self, names):
        return {"team": {"id": "g1", "name": "Team"}}

    def members(self, group):
        return self.listed_members

    def __getattr__(self, name):
        raise AssertionError("the converger called %s before refusing" % name)


def test_a_member_purge_over_the_share_fails_before_any_write(monkeypatch):
    members = [{"id": "u%d" % n, "name": "user%d" % n} for n in range(10)]
    keep = members[:2]
    monkeypatch.setattr(GroupConverger, "_resolve_members",
                        lambda self, specs: dict((m["name"], m) for m in keep))
    with pytest.raises(TableauValidationError) as info:
        GroupConverger(Groups(members)).converge([{"name": "Team", "members": ["user0", "user1"],
                                                   "purge_members": True}])
    assert "8 of the 10 members of group 'Team'" in info.value.fail_json_kwargs()["msg"]
