"""A module's warnings: what an ensure function notes with Outcome.warn reaches the task through warn()."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.testing import patch_module_args

from ansible_collections.tableau.server.plugins.module_utils.module import TableauModule
from ansible_collections.tableau.server.plugins.module_utils.resource import Outcome

SESSION = {"server_url": "https://t", "site": "", "site_id": "s", "user_id": "u", "api_version": "3.25", "token": "tok"}


def test_outcome_warnings_go_through_warn_not_through_the_result():
    def runner(module, client):
        return Outcome().record(True, {}, {"name": "a"}).warn("A second copy was made.").ret(thing={}).result()
    warned, exited = [], []
    with patch_module_args({"session": SESSION}):
        module = TableauModule(argument_spec={}, supports_check_mode=True)
        module.warn = warned.append
        module.exit_json = lambda **result: exited.append(result)
        module.run(runner)
    # A result's own "warnings" key is deprecated in ansible-core; warn() is the way.
    assert warned == ["A second copy was made."]
    assert exited == [{"thing": {}, "changed": True}]
