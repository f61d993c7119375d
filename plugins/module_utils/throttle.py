# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How many requests of one client are in flight at once: a bound, and a limit that adapts to throttling.

Every try of every request passes the client's ``Throttle`` (``enter`` before it is sent, ``leave``
when its answer, or its failure, is in). At most ``limit`` tries are in flight; the limit starts at
the bound (the ``max_concurrency`` option) and moves like TCP's congestion window:

* an answer that says "too many requests" (429, or 503 with Retry-After) halves it, not below 1.
  Answers to tries sent before the last cut count once: a burst of 429s to the requests that were
  already out when the first one came cuts the limit once, not once per answer;
* after ``limit`` answers in a row that were not throttled, it grows by 1, up to the bound.

The throttle only decides how many tries are in flight. Whether and when a refused request is sent
again (Retry-After, back-off, ``max_wait``) stays with the client's retry loop; a try waiting for its
next turn there holds no place in the throttle.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

# The answers that ask the client to send less: they cut the limit.
THROTTLED = "throttled"
# Any other answer from the server: it counts towards growing the limit again.
ANSWERED = "answered"
# No answer (a broken connection, a timeout): says nothing about the server's rate, so it moves nothing.
NO_ANSWER = None


class Throttle(object):
    """Up to ``limit`` tries in flight; ``limit`` halves on throttling and grows back to ``bound``.

    Thread-safe: ``enter`` blocks while ``limit`` tries are in flight.
    """

    def __init__(self, bound):
        if isinstance(bound, bool) or not isinstance(bound, int) or bound < 1:
            raise ValueError("bound must be a whole number of 1 or more; got %r" % (bound,))
        self.bound = bound
        self.limit = bound
        self.in_flight = 0
        # Answers in a row that were not throttled, since the limit last changed.
        self.streak = 0
        # Bumped at every cut: a try sent before it (an older epoch) cannot cut again.
        self.epoch = 0
        self.cuts = 0
        self.most_in_flight = 0
        self._condition = threading.Condition()

    def enter(self):
        """Wait for a place; the ticket to hand to ``leave``."""
        with self._condition:
            while self.in_flight >= self.limit:
                self._condition.wait()
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            return self.epoch

    def leave(self, ticket, outcome=ANSWERED):
        """Give the place back; ``outcome`` is THROTTLED, ANSWERED or NO_ANSWER (None)."""
        with self._condition:
            self.in_flight -= 1
            if outcome == THROTTLED:
                if ticket == self.epoch:
                    self.limit = max(1, self.limit // 2)
                    self.epoch += 1
                    self.cuts += 1
                self.streak = 0
            elif outcome == ANSWERED and self.limit < self.bound:
                self.streak += 1
                if self.streak >= self.limit:
                    self.limit += 1
                    self.streak = 0
            self._condition.notify_all()
