"""TSC's revisions methods of workbooks and data sources (populate_revisions, download_revision,
delete_revision) run unchanged against the emulator, which keeps a revision, with its bytes, per publish."""

import hashlib

import pytest

from rawapi import Api, error_code
from samples import write_tdsx, write_twbx


def sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


@pytest.fixture
def project(tsc_server):
    return [p for p in tsc_server.projects.get()[0] if p.name == "Default"][0]


def publish_workbook_three_times(tsc_server, tsc, project, tmp_path):
    """Sales published, then overwritten twice with other sheets: revisions 1, 2 and 3, and their files."""
    files, item = [], None
    for number, sheets in enumerate((("North",), ("North", "South"), ("North", "South", "East")), 1):
        path = write_twbx(tmp_path / ("Sales-%d.twbx" % number), worksheets=sheets)
        files.append(path)
        item = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Sales"), path,
                                            "CreateNew" if number == 1 else "Overwrite")
    return item, files


def revisions_of(endpoint, item):
    endpoint.populate_revisions(item)
    return [(r.revision_number, r.current, r.deleted, r.user_name) for r in item.revisions]


def test_workbook_revisions_are_listed_downloaded_and_removed(tsc_server, tsc, project, tmp_path):
    workbook, files = publish_workbook_three_times(tsc_server, tsc, project, tmp_path)
    workbooks = tsc_server.workbooks
    assert revisions_of(workbooks, workbook) == [("1", False, False, "admin"), ("2", False, False, "admin"),
                                                 ("3", True, False, "admin")]
    assert all(r.created_at is not None for r in workbook.revisions)

    first = workbooks.download_revision(workbook.id, "1", str(tmp_path / "first"))
    assert sha256(first) == sha256(files[0])
    without_extract = workbooks.download_revision(workbook.id, "2", str(tmp_path / "second"), include_extract=False)
    assert without_extract.endswith(".twbx")
    current = workbooks.download_revision(workbook.id, None, str(tmp_path / "current"))
    assert sha256(current) == sha256(files[2])
    with pytest.raises(tsc.ServerResponseError) as head:
        workbooks.download_revision(workbook.id, "3", str(tmp_path / "head"))
    assert head.value.code == "404024"

    workbooks.delete_revision(workbook.id, "1")
    assert revisions_of(workbooks, workbook)[0] == ("1", False, True, "admin")
    with pytest.raises(tsc.ServerResponseError) as gone:
        workbooks.download_revision(workbook.id, "1", str(tmp_path / "gone"))
    assert gone.value.code == "404024"
    with pytest.raises(tsc.ServerResponseError) as refused:
        workbooks.delete_revision(workbook.id, "3")
    assert refused.value.code == "403055"
    with pytest.raises(tsc.ServerResponseError) as unknown:
        workbooks.delete_revision(workbook.id, "9")
    assert unknown.value.code == "404024"


def test_data_source_revisions(tsc_server, tsc, project, tmp_path):
    datasources = tsc_server.datasources
    first = write_tdsx(tmp_path / "Orders.tdsx", caption="Orders v1")
    item = datasources.publish(tsc.DatasourceItem(project.id, name="Orders"), first, "CreateNew")
    item = datasources.publish(tsc.DatasourceItem(project.id, name="Orders"),
                               write_tdsx(tmp_path / "Orders2.tdsx", caption="Orders v2"), "Overwrite")
    assert revisions_of(datasources, item) == [("1", False, False, "admin"), ("2", True, False, "admin")]
    assert sha256(datasources.download_revision(item.id, "1", str(tmp_path / "one"))) == sha256(first)
    datasources.delete_revision(item.id, "1")
    assert [r.deleted for r in (datasources.populate_revisions(item) or item.revisions)] == [True, False]


def test_the_site_revision_limit_and_history_setting_are_honoured(tsc_server, tsc, project, tmp_path, emulator):
    site = tsc_server.sites.get_by_id(tsc_server.site_id)
    site.revision_limit = 2
    tsc_server.sites.update(site)
    workbook, dummy = publish_workbook_three_times(tsc_server, tsc, project, tmp_path)
    assert [(n, deleted) for n, dummy_current, deleted, dummy_user in revisions_of(tsc_server.workbooks, workbook)] \
        == [("1", True), ("2", False), ("3", False)]

    site.revision_history_enabled = False
    tsc_server.sites.update(site)
    with pytest.raises(tsc.ServerResponseError) as off:
        revisions_of(tsc_server.workbooks, workbook)
    assert off.value.code == "403053"

    tsc_server.workbooks.delete(workbook.id)
    assert emulator.emulator.state.sites and all(not s.revisions for s in emulator.emulator.state.sites.values())


def test_an_as_job_publish_makes_its_revision_when_the_job_finishes(tsc_server, tsc, project, tmp_path, emulator):
    emulator.emulator.state.server["job_seconds"] = 0.1
    job = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Async"),
                                       write_twbx(tmp_path / "Async.twbx"), "CreateNew", as_job=True)
    tsc_server.jobs.wait_for_job(job, timeout=10)
    workbook = [w for w in tsc.Pager(tsc_server.workbooks) if w.name == "Async"][0]
    assert revisions_of(tsc_server.workbooks, workbook) == [("1", True, False, "admin")]


def test_unknown_items_and_old_versions(emulator):
    api = Api(emulator.url)
    unknown = "/workbooks/00000000-0000-0000-0000-000000000000/revisions"
    assert error_code(api.call("GET", unknown)) == "404006"
    assert error_code(api.call("GET", "/datasources/00000000-0000-0000-0000-000000000000/revisions")) == "404004"
    assert error_code(api.call("GET", unknown, version="2.2")) == "404008"
