"""TSC's jobs endpoint (get with filters, get_by_id, cancel, wait_for_job) runs unchanged against the emulator."""

import pytest

from conftest import checked_emulator
from rawapi import Api, error_code
from samples import write_random


def default_project(tsc_server):
    return [p for p in tsc_server.projects.get()[0] if p.name == "Default"][0]


@pytest.fixture
def extract(tsc_server, tsc, tmp_path):
    """An extract data source to refresh."""
    item = tsc.DatasourceItem(default_project(tsc_server).id, name="Events")
    return tsc_server.datasources.publish(item, write_random(tmp_path / "Events.hyper", 512), "CreateNew")


def status_filter(tsc, status):
    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter(tsc.RequestOptions.Field.Status, tsc.RequestOptions.Operator.Equals, status))
    return options


def test_a_running_refresh_is_listed_cancelled_and_its_work_never_runs(tsc_server, tsc, emulator, extract):
    emulator.emulator.state.server["job_seconds"] = 60
    before = tsc_server.datasources.get_by_id(extract.id).updated_at
    job = tsc_server.datasources.refresh(extract)

    listed, pagination = tsc_server.jobs.get()
    assert pagination.total_available == 1
    [background] = listed
    assert background.id == job.id
    assert background.status == "InProgress"
    assert background.type == "refresh_extracts"
    assert background.title == "Events"
    assert background.created_at is not None and background.ended_at is None
    assert [j.id for j in tsc_server.jobs.get(status_filter(tsc, "InProgress"))[0]] == [job.id]
    assert tsc_server.jobs.get(status_filter(tsc, "Success"))[0] == []
    assert [j.id for j in tsc_server.jobs.filter(job_type="refresh_extracts")] == [job.id]

    tsc_server.jobs.cancel(job.id)
    cancelled = tsc_server.jobs.get_by_id(job.id)
    assert cancelled.finish_code == 2
    assert cancelled.completed_at is not None
    with pytest.raises(tsc.JobCancelledException):
        tsc_server.jobs.wait_for_job(job.id, timeout=5)
    assert [j.status for j in tsc_server.jobs.get()[0]] == ["Cancelled"]
    assert tsc_server.datasources.get_by_id(extract.id).updated_at == before

    with pytest.raises(tsc.ServerResponseError) as again:
        tsc_server.jobs.cancel(job.id)
    assert again.value.code == "403091"


def test_a_finished_job_cannot_be_cancelled(tsc_server, tsc, emulator, extract):
    emulator.emulator.state.server["job_seconds"] = 0.1
    job = tsc_server.datasources.refresh(extract)
    done = tsc_server.jobs.wait_for_job(job, timeout=10)
    assert done.finish_code == 0
    with pytest.raises(tsc.ServerResponseError) as refused:
        tsc_server.jobs.cancel(done)
    assert refused.value.code == "403091"
    assert [j.status for j in tsc_server.jobs.get(status_filter(tsc, "Success"))[0]] == ["Success"]


def test_jobs_page_filter_by_dates_and_title_and_sort(tsc_server, tsc, emulator, extract, tmp_path):
    emulator.emulator.state.server["job_seconds"] = 60
    other = tsc_server.datasources.publish(tsc.DatasourceItem(extract.project_id, name="Orders"),
                                           write_random(tmp_path / "Orders.hyper", 256), "CreateNew")
    first = tsc_server.datasources.refresh(extract)
    second = tsc_server.datasources.refresh(other)
    everything = list(tsc.Pager(tsc_server.jobs, tsc.RequestOptions(pagesize=1)))
    assert sorted(j.id for j in everything) == sorted([first.id, second.id])

    assert [j.id for j in tsc_server.jobs.filter(title="Orders")] == [second.id]
    assert [j.id for j in tsc_server.jobs.filter(title__has="vent")] == [first.id]
    stamp = [j for j in everything if j.id == first.id][0].created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert len(list(tsc_server.jobs.filter(created_at__gte=stamp))) == 2
    assert list(tsc_server.jobs.filter(created_at__lt=stamp)) == []
    titles = [j.title for j in tsc_server.jobs.filter().order_by("-title")]
    assert titles == ["Orders", "Events"]


def test_unknown_jobs_wrong_operators_and_old_versions_are_refused(emulator):
    api = Api(emulator.url)
    assert error_code(api.call("GET", "/jobs/00000000-0000-0000-0000-000000000000")) == "404018"
    assert error_code(api.call("PUT", "/jobs/00000000-0000-0000-0000-000000000000")) == "404018"
    assert error_code(api.call("GET", "/jobs", params={"filter": "status:gt:Failed"})) == "400065"
    assert error_code(api.call("GET", "/jobs", params={"filter": "flavour:eq:x"})) == "400065"
    assert error_code(api.call("GET", "/jobs", version="3.0")) == "404008"
    assert error_code(api.call("PUT", "/jobs/00000000-0000-0000-0000-000000000000", version="3.0")) == "404008"


def test_only_administrators_cancel_jobs(emulator, tsc_server, tsc, extract):
    emulator.emulator.state.server["job_seconds"] = 60
    job = tsc_server.datasources.refresh(extract)
    user = tsc_server.users.add(tsc.UserItem("carol", "Creator"))
    tsc_server.users.update(user, password="carol-password")
    carol = Api(emulator.url, name="carol", password="carol-password")
    reply = carol.call("PUT", "/jobs/%s" % job.id)
    assert reply.status_code == 403 and error_code(reply) == "403032"
    assert tsc_server.jobs.get_by_id(job.id).completed_at is None


def test_seeded_jobs_exist_from_the_start(request, tsc):
    seed = {"sites": [{"name": "Default", "content_url": "", "jobs": [
        {"id": "11111111-2222-3333-4444-555555555555", "type": "RefreshExtract", "name": "Nightly", "status": "Success"},
        {"id": "66666666-7777-8888-9999-000000000000", "type": "RefreshExtract", "name": "Hourly",
         "status": "InProgress"}]}],
        "users": [{"name": "admin", "password": "admin", "sites": [""]}]}
    with checked_emulator(request, seed=seed) as emu:
        server = tsc.Server(emu.url, use_server_version=True)
        server.auth.sign_in(tsc.TableauAuth("admin", "admin"))
        statuses = dict((j.title, j.status) for j in server.jobs.get()[0])
        assert statuses == {"Nightly": "Success", "Hourly": "InProgress"}
        assert server.jobs.get_by_id("11111111-2222-3333-4444-555555555555").finish_code == 0
        server.jobs.cancel("66666666-7777-8888-9999-000000000000")
        assert server.jobs.get_by_id("66666666-7777-8888-9999-000000000000").finish_code == 2
        server.auth.sign_out()
