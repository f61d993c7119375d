"""Server schedules read through the resource layer: by name, with frequency details, refused on Cloud."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.schedule import ScheduleResource


def test_a_schedule_is_found_by_name_without_regard_to_case_and_read_with_its_intervals(emulator):
    client = TableauClient(emulator.url, auth={"username": "admin", "password": "admin"}).sign_in()
    try:
        schedules = ScheduleResource(client)
        saturday = schedules.read(schedules.require_by_name("SATURDAY NIGHT"))
        assert saturday["type"] == "Extract"
        assert saturday["frequency_details"] == {"start": "23:00:00", "end": None, "intervals": [{"week_day": "Saturday"}]}
    finally:
        client.sign_out()


def test_a_cloud_host_is_told_what_to_use_instead_before_any_request():
    client = TableauClient("https://prod-useast-a.online.tableau.com", auth={"username": "a", "password": "b"})
    with pytest.raises(TableauValidationError) as info:
        ScheduleResource(client)
    assert "tableau_extract_refresh_task" in info.value.fail_json_kwargs()["msg"]
