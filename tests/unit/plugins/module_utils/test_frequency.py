"""The shared frequency options: checks before any request, normalization, and the <schedule> XML both ways."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.frequency import (
    desired_frequency,
    frequency_argspec,
    frequency_from_xml,
    schedule_element,
)

NS = "http://tableau.com/api"


def options(**values):
    base = dict((name, None) for name in frequency_argspec())
    base.update(values)
    return base


def round_trip(record):
    """What a server that echoes the request's <schedule> answers, read back."""
    text = xmlio.ET.tostring(schedule_element(record)).decode()
    text = text.replace("<schedule", '<schedule xmlns="%s"' % NS, 1)
    return frequency_from_xml(xmlio.parse(('<tsResponse xmlns="%s">%s</tsResponse>' % (NS, text)).encode())[0])


def test_no_frequency_option_is_no_frequency():
    assert desired_frequency(options()) is None
    assert desired_frequency(options(week_days=[])) is None


@pytest.mark.parametrize("values", [
    dict(frequency="Hourly", start_time="6:00", end_time="18:00", interval_hours=2, week_days=["Friday", "Monday"]),
    dict(frequency="Hourly", start_time="08:15", end_time="17:15", interval_minutes=30),
    dict(frequency="Daily", start_time="02:30"),
    dict(frequency="Daily", start_time="06:00", end_time="22:00", interval_hours=4, week_days=["Saturday"]),
    dict(frequency="Weekly", start_time="05:00", week_days=["Wednesday", "Monday", "Monday"]),
    dict(frequency="Monthly", start_time="23:00", month_days=["15", "LastDay", "1"]),
    dict(frequency="Monthly", start_time="07:00", month_days=["first"], week_days=["Monday"]),
])
def test_what_a_task_asks_for_reads_back_the_same_from_an_answer(values):
    wanted = desired_frequency(options(**values))
    assert round_trip(wanted) == wanted


def test_normalized_forms():
    weekly = desired_frequency(options(frequency="Weekly", start_time="5:00:00", week_days=["Sunday", "Monday"]))
    assert weekly["start_time"] == "05:00" and weekly["week_days"] == ["Monday", "Sunday"]
    assert desired_frequency(options(frequency="Daily", start_time="02:30"))["interval_hours"] == 24
    monthly = desired_frequency(options(frequency="Monthly", start_time="23:00", month_days=["LastDay", "01", "15"]))
    assert monthly["month_days"] == ["1", "15", "LastDay"]
    # Days of the week in any case, as playbooks write them (the subscriptions' options always took them so)
    spelled = desired_frequency(options(frequency="Weekly", start_time="07:30", week_days=["thursday", "MONDAY"]))
    assert spelled["week_days"] == ["Monday", "Thursday"]


@pytest.mark.parametrize("values, words", [
    (dict(start_time="06:00"), "need frequency"),
    (dict(frequency="Daily"), "needs start_time"),
    (dict(frequency="Daily", start_time="25:00"), "HH:MM"),
    (dict(frequency="Daily", start_time="06:07"), "five-minute"),
    (dict(frequency="Hourly", start_time="06:00", end_time="18:00"), "interval_hours"),
    (dict(frequency="Hourly", start_time="06:00", end_time="18:00", interval_hours=3), "1, 2, 4, 6, 8, 12"),
    (dict(frequency="Hourly", start_time="06:00", interval_hours=2), "needs end_time"),
    (dict(frequency="Hourly", start_time="18:00", end_time="06:00", interval_hours=2), "later than"),
    (dict(frequency="Hourly", start_time="06:00", end_time="18:00", interval_minutes=45), "15 or 30"),
    (dict(frequency="Daily", start_time="06:00", end_time="18:00"), "no end_time"),
    (dict(frequency="Daily", start_time="06:00", interval_minutes=30), "takes no interval_minutes"),
    (dict(frequency="Weekly", start_time="06:00"), "needs week_days"),
    (dict(frequency="Weekly", start_time="06:00", week_days=["Moonday"]), "days of the week (Monday"),
    (dict(frequency="Weekly", start_time="06:00", week_days=["Monday"], month_days=["1"]), "takes no month_days"),
    (dict(frequency="Monthly", start_time="06:00"), "needs month_days"),
    (dict(frequency="Monthly", start_time="06:00", month_days=["32"]), "1 to 31"),
    (dict(frequency="Monthly", start_time="06:00", month_days=["First", "1"], week_days=["Monday"]), "alone"),
    (dict(frequency="Monthly", start_time="06:00", month_days=["1"], week_days=["Monday"]), "no week_days"),
])
def test_bad_frequencies_are_refused_with_what_to_change(values, words):
    with pytest.raises(TableauValidationError) as refused:
        desired_frequency(options(**values))
    assert words in refused.value.msg
    assert "Hourly needs" in refused.value.fail_json_kwargs()["msg"]
