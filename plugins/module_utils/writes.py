# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writes that must not happen twice.

A create (POST) is not idempotent: sent twice, it makes two items or fails with a conflict. When the
connection breaks after the request went out, the server may or may not have done it, so the create
is never simply repeated. ``create_once`` looks first, and writes again only if nothing is there.
Every resource's create goes through it.

It is not a second retry policy: after a create whose answer was lost (a TableauConnectionError
with ``maybe_applied``; the transport never re-sends a create itself) it makes exactly one look and
at most one more create. Each of those is an ordinary request under the transport's contract (its
own ``retries + 1`` tries; its waits come out of the same ``max_wait`` budget of the client). A
gateway's 502/504 to a create is reported, not looked up: the server may still be making the item,
so a look now could miss it and a second create duplicate it (see docs/reliability.md).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError, TableauConnectionError


def create_once(create, find, what):
    """``create()``, or what ``find()`` sees after a create whose answer was lost.

    ``create`` sends the request and returns the new item; ``find`` returns the item if it exists now,
    else None; ``what`` names the item in messages (``"project 'Sales'"``).
    """
    try:
        return create()
    except TableauConnectionError as exc:
        if not exc.maybe_applied:
            raise
    found = find()
    if found is not None:
        return found  # the lost try made it
    try:
        return create()
    except TableauApiError as exc:
        # A conflict now means the lost try landed after the look: it is there after all.
        found = find() if exc.is_conflict else None
        if found is None:
            raise
        return found
    except TableauConnectionError as exc:
        if not exc.maybe_applied:
            raise
        raise TableauConnectionError(
            "Creating %s: the connection broke twice after the request was sent, so whether it exists is "
            "not known. %s" % (what, exc.msg),
            hint="Run the task again when the server is healthy: it looks for the item before creating it.")
