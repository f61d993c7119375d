"""TSC's schedules endpoint runs unchanged against the emulator: server-wide schedules of Tableau Server."""

import pytest

from conftest import checked_emulator


def test_a_new_server_lists_its_default_schedules(tsc_server):
    listed, pagination = tsc_server.schedules.get()
    assert pagination.total_available == len(listed) >= 5
    by_name = dict((s.name, s) for s in listed)
    assert by_name["Saturday night"].schedule_type == "Extract"
    assert by_name["Monday morning"].schedule_type == "Subscription"


def test_one_schedule_is_read_with_its_frequency_details(tsc_server):
    listed, _pagination = tsc_server.schedules.get()
    saturday = [s for s in listed if s.name == "Saturday night"][0]
    one = tsc_server.schedules.get_by_id(saturday.id)
    assert one.interval_item.start_time.hour == 23
    assert one.interval_item.interval == ("Saturday",)


def test_tableau_cloud_has_no_server_schedules(request, tsc):
    pytest.importorskip("tableauserverclient")
    seed = {"server": {"cloud": True}, "sites": [{"name": "Cloud", "content_url": "cloud"}],
            "users": [{"name": "admin", "password": "admin", "site_role": "SiteAdministratorCreator",
                       "sites": ["cloud"]}]}
    with checked_emulator(request, seed=seed) as emu:
        server = tsc.Server(emu.url, use_server_version=True)
        server.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id="cloud"))
        with pytest.raises(tsc.server.endpoint.exceptions.ServerResponseError) as raised:
            server.schedules.get()
        assert raised.value.code == "403000"
        server.auth.sign_out()
