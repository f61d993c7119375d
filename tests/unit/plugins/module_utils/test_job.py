"""Jobs through the resource layer: listed with filters, read by id, cancelled once (check mode predicts it),
an ended job left alone with a message, and bad ids refused before any request."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauJobError,
    TableauValidationError,
    TableauVersionError,
)
from ansible_collections.tableau.server.plugins.module_utils.job import (
    JobResource,
    ensure_cancelled,
    list_jobs,
    listing_filters,
    require_job_id,
    utc_time,
)
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource

from .conftest import api_requests, writes

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator", "test"))
import samples  # noqa: E402  pylint: disable=wrong-import-position,wrong-import-order

UNKNOWN = "00000000-0000-0000-0000-000000000000"


def publish_extract(client, tmp_path, name):
    path = samples.write_random(str(tmp_path / ("%s.hyper" % name)), 2048)
    project = ProjectResource(client).find(["Default"])
    return DatasourceResource(client).publish(path, {"name": name}, project["id"], "CreateNew")


def start_refresh(emulator, client, tmp_path, name="Events", seconds=60):
    emulator.state.server["job_seconds"] = seconds
    return DatasourceResource(client).refresh(publish_extract(client, tmp_path, name))[1]


def options(job_id, **values):
    base = dict(id=job_id, state="cancelled", wait=True, wait_timeout=10)
    base.update(values)
    return base


def test_a_job_id_must_be_a_luid():
    assert require_job_id("2EEF4225-AA0C-41C4-8662-A76D89ED7336") == "2eef4225-aa0c-41c4-8662-a76d89ed7336"
    for bad in ("", "42", "2eef4225-aa0c-41c4-8662", "../jobs"):
        with pytest.raises(TableauValidationError, match="not a job id"):
            require_job_id(bad)


@pytest.mark.parametrize("value, expected", [
    ("2026-05-01", "2026-05-01T00:00:00Z"), ("2026-05-01T08:30:00", "2026-05-01T08:30:00Z"),
    ("2026-05-01T08:30:00Z", "2026-05-01T08:30:00Z"),
])
def test_times_take_the_servers_form(value, expected):
    assert utc_time("created_after", value) == expected


def test_a_time_that_is_not_one_is_refused_with_the_option_named():
    with pytest.raises(TableauValidationError, match="created_after 'yesterday'"):
        utc_time("created_after", "yesterday")


def test_listing_filters_go_to_the_server_where_its_syntax_carries_them():
    filters, local = listing_filters(dict(job_type=["refresh_extracts"], status=["Failed"], title="Events",
                                          subtitle=None, ended_after="2026-05-01", created_before=None))
    assert filters == [("jobType", "eq", "refresh_extracts"), ("status", "eq", "Failed"), ("title", "eq", "Events"),
                       ("completedAt", "gte", "2026-05-01T00:00:00Z")]
    assert local == []
    filters, local = listing_filters(dict(job_type=["a", "b"], status=["Pending", "InProgress"], title="a,b"))
    assert filters == [("jobType", "in", ["a", "b"])]
    assert len(local) == 2


def test_a_running_job_is_cancelled_once_and_then_left_alone(signed_in, tmp_path):
    emulator, client = signed_in
    job_id = start_refresh(emulator, client, tmp_path)
    del emulator.log[:]
    changed, returned, diff = ensure_cancelled(JobResource(client), options(job_id))
    assert changed
    assert returned["job"]["status"] == "Cancelled" and returned["job"]["finish_code"] == 2
    assert returned["msg"] == "The RefreshExtract job %s of the data source 'Events' was cancelled." % job_id
    assert diff["before"]["status"] == "InProgress" and diff["after"]["status"] == "Cancelled"
    assert diff["before"]["item_name"] == "Events"
    assert writes(emulator) == [("PUT", "/api/3.25/sites/%s/jobs/%s" % (client.site_id, job_id))]

    del emulator.log[:]
    changed, returned, diff = ensure_cancelled(JobResource(client), options(job_id))
    assert not changed and "already ended: it was cancelled" in returned["msg"]
    assert diff["before"] == diff["after"]
    assert writes(emulator) == []


def test_check_mode_predicts_the_cancel_without_a_write(signed_in, tmp_path):
    emulator, client = signed_in
    job_id = start_refresh(emulator, client, tmp_path)
    del emulator.log[:]
    changed, returned, diff = ensure_cancelled(JobResource(client, check_mode=True), options(job_id))
    assert changed and returned["job"]["status"] == "Cancelled"
    assert diff["after"]["status"] == "Cancelled"
    assert writes(emulator) == []
    assert JobResource(client).read(job_id)["status"] == "InProgress"


def test_a_finished_job_is_no_change_and_says_how_it_ended(signed_in, tmp_path):
    emulator, client = signed_in
    job_id = start_refresh(emulator, client, tmp_path, seconds=0)
    del emulator.log[:]
    changed, returned, dummy = ensure_cancelled(JobResource(client), options(job_id))
    assert not changed
    assert returned["job"]["status"] == "Success"
    assert "already ended: it succeeded at" in returned["msg"]
    assert writes(emulator) == []


def test_a_job_that_ends_between_the_read_and_the_cancel_is_no_change(signed_in, tmp_path):
    emulator, client = signed_in
    job_id = start_refresh(emulator, client, tmp_path)
    jobs = JobResource(client)
    stale = jobs.read(job_id)
    emulator.state.sites[client.site_id].jobs[job_id]["seconds"] = 0
    assert jobs.cancel(stale) is None

    class Stale(JobResource):
        reads = []

        def read(self, job_id):
            self.reads.append(job_id)
            return stale if len(self.reads) == 1 else super(Stale, self).read(job_id)
    changed, returned, dummy = ensure_cancelled(Stale(client), options(job_id))
    assert not changed and returned["job"]["status"] == "Success" and "already ended" in returned["msg"]


def test_an_unknown_job_fails_clearly_and_writes_nothing(signed_in):
    emulator, client = signed_in
    with pytest.raises(TableauValidationError, match="There is no job %s" % UNKNOWN):
        ensure_cancelled(JobResource(client), options(UNKNOWN))
    assert writes(emulator) == []


def test_a_bad_id_is_refused_before_any_request(signed_in):
    emulator, client = signed_in
    del emulator.log[:]
    with pytest.raises(TableauValidationError, match="not a job id"):
        ensure_cancelled(JobResource(client), options("job-42"))
    assert api_requests(emulator) == []


def test_waiting_gives_up_after_the_timeout_with_the_job_named(signed_in, tmp_path, monkeypatch):
    emulator, client = signed_in
    job_id = start_refresh(emulator, client, tmp_path)
    jobs = JobResource(client)
    monkeypatch.setattr(client, "wait", lambda seconds: None)
    with pytest.raises(TableauJobError, match="did not end within 0 seconds"):
        jobs.wait_until_ended(jobs.read(job_id), 0)


def test_jobs_are_listed_newest_first_and_filtered(signed_in, tmp_path):
    emulator, client = signed_in
    first = start_refresh(emulator, client, tmp_path, "Events")
    second = start_refresh(emulator, client, tmp_path, "Orders")
    ensure_cancelled(JobResource(client), options(second))
    jobs = JobResource(client)
    everything = list_jobs(jobs, {})
    assert set(j["id"] for j in everything) == set([first, second])
    assert all(j["job_type"] == "refresh_extracts" for j in everything)
    assert [j["id"] for j in list_jobs(jobs, {"title": "Orders"})] == [second]
    assert [j["id"] for j in list_jobs(jobs, {"status": ["Cancelled"]})] == [second]
    assert set(j["id"] for j in list_jobs(jobs, {"status": ["Cancelled", "InProgress"]})) == set([first, second])
    assert list_jobs(jobs, {"status": ["Failed"]}) == []
    assert list_jobs(jobs, {"created_after": "2999-01-01"}) == []


def test_listing_needs_3_1_and_says_so_before_any_request(emulator):
    client = TableauClient(emulator.url, auth={"username": "admin", "password": "admin"}, api_version="3.0").sign_in()
    try:
        del emulator.emulator.log[:]
        with pytest.raises(TableauVersionError, match="3.1"):
            list_jobs(JobResource(client), {})
        with pytest.raises(TableauVersionError, match="3.1"):
            ensure_cancelled(JobResource(client), options(UNKNOWN))
        assert api_requests(emulator.emulator) == []
    finally:
        client.sign_out()
