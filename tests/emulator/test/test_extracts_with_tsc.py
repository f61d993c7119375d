"""TSC creates and deletes extracts of workbooks and data sources on the emulator, unchanged (REST API 3.5).

The answers' shape (200 with the queued job, a RefreshExtract job) is the one chosen in the emulator's
handlers/items.py, where the choice is recorded.
"""

import pytest

from samples import write_tds, write_twb

SECOND_CONNECTION = "5f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b"
SECOND_SOURCE = "6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d"


def default_project(tsc_server):
    return [p for p in tsc_server.projects.get()[0] if p.name == "Default"][0]


def test_workbook_extracts_created_then_deleted_through_jobs(tsc_server, tsc, tmp_path, emulator):
    project = default_project(tsc_server)
    wb = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Live"), write_twb(tmp_path / "Live.twb"),
                                      "CreateNew")
    assert not wb.has_extracts
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.workbooks.delete_extract(wb)  # a live workbook has no extract to delete
    assert failure.value.code == "409090"

    emulator.emulator.state.server["job_seconds"] = 3600
    job = tsc_server.workbooks.create_extract(wb, encrypt=True)
    assert job.type == "RefreshExtract" and job.workbook_id == wb.id and job.finish_code == -1
    assert not tsc_server.workbooks.get_by_id(wb.id).has_extracts  # not before the job finishes
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.workbooks.create_extract(wb)
    assert failure.value.code == "409093"
    for site in emulator.emulator.state.sites.values():
        for each in site.jobs.values():
            each["seconds"] = 0
    done = tsc_server.jobs.wait_for_job(job, timeout=10)
    assert done.finish_code == 0 and done.notes == ["Extract created."]
    extracted = tsc_server.workbooks.get_by_id(wb.id)
    assert extracted.has_extracts and extracted.encrypt_extracts

    # A second embedded data source (as a workbook with two would have); deleting the extract of one of them
    # (TSC's includeAll=False) leaves the workbook with extracts, deleting all of them makes it live.
    with emulator.emulator.state.lock:
        [stored] = [s.workbooks[wb.id] for s in emulator.emulator.state.sites.values() if wb.id in s.workbooks]
        stored["connections"].append(dict(stored["connections"][0], id=SECOND_CONNECTION, datasourceId=SECOND_SOURCE))
    tsc_server.workbooks.populate_connections(wb)
    chosen = tsc.DatasourceItem(project.id)
    chosen._id = wb.connections[0].datasource_id  # pylint: disable=protected-access
    assert chosen.id != SECOND_SOURCE
    emulator.emulator.state.server["job_seconds"] = 0
    some = tsc_server.workbooks.delete_extract(wb, includeAll=False, datasources=[chosen])
    assert tsc_server.jobs.wait_for_job(some, timeout=10).notes == ["Extract deleted."]
    assert tsc_server.workbooks.get_by_id(wb.id).has_extracts
    every = tsc_server.workbooks.delete_extract(wb)
    assert tsc_server.jobs.wait_for_job(every, timeout=10).finish_code == 0
    assert not tsc_server.workbooks.get_by_id(wb.id).has_extracts
    stranger = tsc.DatasourceItem(project.id)
    stranger._id = "00000000-0000-0000-0000-000000000000"  # pylint: disable=protected-access
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.workbooks.create_extract(wb, includeAll=False, datasources=[stranger])
    assert failure.value.code == "404004"


def test_data_source_extract_created_then_deleted_and_version_gate(tsc_server, tsc, tmp_path, emulator):
    project = default_project(tsc_server)
    ds = tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Orders"),
                                        write_tds(tmp_path / "Orders.tds"), "CreateNew")
    assert not ds.has_extracts
    emulator.emulator.state.server["job_seconds"] = 3600
    job = tsc_server.datasources.create_extract(ds)
    assert job.type == "RefreshExtract" and job.datasource_id == ds.id
    tsc_server.datasources.delete_extract(ds)  # live still, but queued behind the create
    [deleted] = [j for j in tsc_server.jobs.get()[0] if j.id != job.id]
    with emulator.emulator.state.lock:
        for site in emulator.emulator.state.sites.values():
            for each in site.jobs.values():
                each["seconds"] = 0
    assert tsc_server.jobs.wait_for_job(job, timeout=10).finish_code == 0
    assert tsc_server.jobs.wait_for_job(deleted.id, timeout=10).finish_code == 0
    assert not tsc_server.datasources.get_by_id(ds.id).has_extracts
    emulator.emulator.state.server["job_seconds"] = 0
    again = tsc_server.datasources.create_extract(ds)
    assert tsc_server.jobs.wait_for_job(again, timeout=10).finish_code == 0
    assert tsc_server.datasources.get_by_id(ds.id).has_extracts

    site = emulator.emulator.state.sites[tsc_server.site_id]
    site.settings["extractEncryptionMode"] = "disabled"
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.datasources.create_extract(ds, encrypt=True)
    assert failure.value.code == "400000"

    # TSC gates the workbook's delete at 3.3; the method came with 3.5, so a 3.4 path is refused.
    tsc_server.version = "3.4"
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.workbooks.delete_extract("00000000-0000-0000-0000-000000000000")
    assert failure.value.code == "404008"
