# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """The frequency options of module_utils/frequency.py: when a Tableau Cloud task or subscription runs."""

    DOCUMENTATION = r"""
options:
  frequency:
    description:
      - How often the task runs when it carries its own frequency (Tableau Cloud, which has no server
        schedules). Giving it, or any of the options below, asks for that form of task.
      - V(Hourly) runs every O(interval_hours) or O(interval_minutes) from O(start_time) to O(end_time).
      - V(Daily) runs once a day at O(start_time), or every O(interval_hours) (below 24) until O(end_time).
      - V(Weekly) runs at O(start_time) on the O(week_days).
      - V(Monthly) runs at O(start_time) on the O(month_days).
      - The options are checked before any request; a frequency Tableau cannot run is refused with what to change.
    type: str
    choices: [Hourly, Daily, Weekly, Monthly]
    version_added: 1.1.0
  start_time:
    description:
      - When the runs start, as C(HH:MM) on a 24-hour clock in the site's time zone, on a five-minute
        boundary (C(06:00), C(23:35)). Required with O(frequency).
    type: str
    version_added: 1.1.0
  end_time:
    description:
      - When the runs stop for the day, as C(HH:MM), later than O(start_time). Required for V(Hourly), and for
        V(Daily) with O(interval_hours) below 24; not taken otherwise.
    type: str
    version_added: 1.1.0
  interval_hours:
    description:
      - Hours between runs. V(Hourly) takes 1, 2, 4, 6, 8 or 12 (or O(interval_minutes) instead); V(Daily)
        takes 2, 4, 6, 8, 12 or 24 (the default, once a day).
    type: int
    version_added: 1.1.0
  interval_minutes:
    description:
      - Minutes between runs of an V(Hourly) frequency, 15 or 30, instead of O(interval_hours).
    type: int
    version_added: 1.1.0
  week_days:
    description:
      - Days of the week. Required for V(Weekly); V(Hourly) and V(Daily) may keep to these days; with a
        V(Monthly) O(month_days) of V(First) to V(Fifth) or V(Last), exactly one day.
      - V(Monday), V(Tuesday), V(Wednesday), V(Thursday), V(Friday), V(Saturday) or V(Sunday), in any case.
    type: list
    elements: str
    version_added: 1.1.0
  month_days:
    description:
      - Days of the month for V(Monthly), C(1) to C(31) or C(LastDay); or one of C(First), C(Second), C(Third),
        C(Fourth), C(Fifth), C(Last) with one O(week_days) (C(First) and C(Monday) is the first Monday of the month).
    type: list
    elements: str
    version_added: 1.1.0
"""
