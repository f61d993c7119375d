# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs tableau_session and hides the result that carries a live session token from every output.

A module cannot mark its own result as secret (Ansible strips such keys from module output), and
masking the token value would make the registered result useless; so the result is marked here.
The registered variable keeps the token; callbacks show only that the output was hidden.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):

    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        result.update(self._execute_module(module_name="tableau.server.tableau_session",
                                           module_args=self._task.args, task_vars=task_vars))
        session = result.get("session")
        if isinstance(session, dict) and session.get("token"):
            result["_ansible_no_log"] = True
        return result
