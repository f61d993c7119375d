"""TSC publishes, reads, updates and deletes workbooks and data sources on the emulator, unchanged.

Whatever TSC cannot do here is an emulator bug: TSC is Tableau's own client.
"""

import hashlib
import os
import time

import pytest

from samples import write_random, write_tds, write_tdsx, write_twb, write_twbx

MB = 1024 * 1024


def sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def default_project(tsc_server):
    return [p for p in tsc_server.projects.get()[0] if p.name == "Default"][0]


def requests_to(emulator, method, fragment):
    return [r for r in emulator.emulator.log if r["method"] == method and fragment in r["path"]]


@pytest.fixture
def project(tsc_server):
    return default_project(tsc_server)


@pytest.fixture
def small_chunks(monkeypatch):
    """Make TSC use upload sessions for files of 1 MB or more, in 1 MB chunks, so tests stay small."""
    from tableauserverclient.server.endpoint import workbooks_endpoint
    monkeypatch.setattr(workbooks_endpoint, "FILESIZE_LIMIT", 1 * MB)
    monkeypatch.setenv("TSC_FILESIZE_LIMIT_MB", "1")
    monkeypatch.setenv("TSC_CHUNK_SIZE_MB", "1")


def test_publish_workbook_creates_views_connections_and_downloads_same_bytes(tsc_server, tsc, project, tmp_path):
    path = write_twbx(tmp_path / "Sales.twbx", extract_bytes=2048)
    item = tsc.WorkbookItem(project.id, name="Sales", show_tabs=True)
    item.description = "Quarterly sales"
    published = tsc_server.workbooks.publish(item, path, "CreateNew")
    assert published.name == "Sales"
    assert published.show_tabs is True
    assert published.project_id == project.id
    assert sorted(v.name for v in published.views) == ["Overview", "Sales by Month", "Sales by Region"]

    tsc_server.workbooks.populate_views(published, usage=True)
    views = {v.name: v for v in published.views}
    assert views["Overview"].sheet_type == "dashboard"
    assert views["Sales by Region"].total_views == 0

    tsc_server.workbooks.populate_connections(published)
    [conn] = published.connections
    assert (conn.connection_type, conn.server_address, conn.server_port, conn.username) == \
        ("postgres", "db.example.com", "5432", "reporter")
    assert conn.datasource_name == "Orders"
    # Real servers name the database as dbName in connection listings (TSC reads it as database_name).
    assert conn.database_name == "sales"

    (tmp_path / "out").mkdir()
    downloaded = tsc_server.workbooks.download(published.id, filepath=str(tmp_path / "out"))
    assert downloaded.endswith("/out/Sales.twbx")  # the name from Content-Disposition
    assert sha256(downloaded) == sha256(path)


def test_publish_existing_name_needs_overwrite_then_replaces_in_place(tsc_server, tsc, project, tmp_path):
    first = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Ops"),
                                         write_twb(tmp_path / "Ops.twb"), "CreateNew")
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Ops"),
                                     write_twb(tmp_path / "Ops.twb"), "CreateNew")
    assert failure.value.code == "409004"

    changed = write_twbx(tmp_path / "Ops.twbx", worksheets=("Backlog",), dashboards=())
    second = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Ops"), changed, "Overwrite")
    assert second.id == first.id
    tsc_server.workbooks.populate_views(second)
    assert [v.name for v in second.views] == ["Backlog"]
    assert sha256(tsc_server.workbooks.download(second.id, filepath=str(tmp_path / "ops-out"))) == sha256(changed)


def test_hidden_views_are_not_listed(tsc_server, tsc, project, tmp_path):
    item = tsc.WorkbookItem(project.id, name="Hidden")
    item.hidden_views = ["Sales by Month"]
    published = tsc_server.workbooks.publish(item, write_twbx(tmp_path / "Hidden.twbx"), "CreateNew")
    tsc_server.workbooks.populate_views(published)
    assert sorted(v.name for v in published.views) == ["Overview", "Sales by Region"]


def test_publish_with_embedded_credentials_and_update_connection(tsc_server, tsc, project, tmp_path, emulator):
    conn = tsc.ConnectionItem()
    conn.server_address = "db.example.com"
    conn.connection_credentials = tsc.ConnectionCredentials("svc_tableau", "s3cret", embed=True)
    published = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Creds"),
                                             write_twbx(tmp_path / "Creds.twbx"), "CreateNew", connections=[conn])
    tsc_server.workbooks.populate_connections(published)
    [current] = published.connections
    assert current.username == "svc_tableau"
    assert current.embed_password is True

    current.server_address = "db2.example.com"
    current.server_port = "6543"
    current.username = "svc_new"
    current.password = "other"
    current.embed_password = True
    updated = tsc_server.workbooks.update_connection(published, current)
    assert (updated.server_address, updated.server_port, updated.username) == ("db2.example.com", "6543", "svc_new")
    responses = b"".join(body for _method, _path, _status, body in emulator.emulator.sent_xml)
    assert b"s3cret" not in responses and b"other" not in responses  # passwords are write-only


def test_failed_connection_check_unless_skipped(tsc_server, tsc, project, tmp_path):
    path = write_twbx(tmp_path / "Broken.twbx", server="warehouse.invalid")
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Broken"), path, "CreateNew")
    assert failure.value.code == "403132"
    published = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Broken"), path, "CreateNew",
                                             skip_connection_check=True)
    assert published.name == "Broken"


def test_wrong_file_types_are_refused_with_the_servers_codes(tsc_server, tsc, project, tmp_path, emulator):
    import requests
    url = "%s/api/3.25/sites/%s" % (emulator.url, tsc_server.site_id)
    headers = {"X-Tableau-Auth": tsc_server.auth_token}
    payload = b'<tsRequest><workbook name="X"><project id="%s"/></workbook></tsRequest>' % project.id.encode()
    body, content_type = _multipart([("request_payload", None, payload), ("tableau_workbook", "X.xlsx", b"x")])
    reply = requests.post(url + "/workbooks", data=body, headers=dict(headers, **{"Content-Type": content_type}))
    assert reply.status_code == 400 and b'code="400020"' in reply.content

    body, content_type = _multipart([("request_payload", None, payload.replace(b"workbook", b"datasource")),
                                     ("tableau_datasource", "X.csv", b"x")])
    reply = requests.post(url + "/datasources", data=body, headers=dict(headers, **{"Content-Type": content_type}))
    assert reply.status_code == 400 and b'code="400010"' in reply.content

    body, content_type = _multipart([("request_payload", None, payload), ("tableau_workbook", "X.twbx", b"not a zip")])
    reply = requests.post(url + "/workbooks", data=body, headers=dict(headers, **{"Content-Type": content_type}))
    assert reply.status_code == 400 and b'code="400011"' in reply.content


def _multipart(parts, boundary="emulator-test-boundary"):
    chunks = []
    for name, filename, data in parts:
        disposition = 'name="%s"' % name + ('; filename="%s"' % filename if filename else "")
        chunks.append(b"--%s\r\nContent-Disposition: %s\r\nContent-Type: %s\r\n\r\n" % (
            boundary.encode(), disposition.encode(), b"text/xml" if filename is None else b"application/octet-stream"))
        chunks.append(data + b"\r\n")
    chunks.append(b"--%s--\r\n" % boundary.encode())
    return b"".join(chunks), "multipart/mixed; boundary=%s" % boundary


def test_single_request_above_the_limit_is_refused(tsc_server, tsc, project, tmp_path, emulator):
    emulator.emulator.state.server["max_request_bytes"] = 256 * 1024
    path = write_random(tmp_path / "Big.hyper", 300 * 1024)
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Big"), path, "CreateNew")
    assert failure.value.code == "400011"
    assert "Big.hyper" in failure.value.detail


def test_chunked_workbook_publish_through_an_upload_session(tsc_server, tsc, project, tmp_path, emulator,
                                                            small_chunks):
    emulator.emulator.state.server["max_request_bytes"] = 1 * MB + 4096
    path = write_twbx(tmp_path / "Large.twbx", extract_bytes=3 * MB)
    published = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Large"), path, "CreateNew")
    appends = requests_to(emulator, "PUT", "/fileUploads/")
    assert len(appends) == -(-os.path.getsize(path) // MB)  # one append per started MB
    assert all(r["bytes"] <= 1 * MB + 4096 for r in appends)
    [commit] = [r for r in requests_to(emulator, "POST", "/workbooks") if "uploadSessionId" in r["query"]]
    assert commit["bytes"] < 4096
    assert sha256(tsc_server.workbooks.download(published.id, filepath=str(tmp_path / "big-out"))) == sha256(path)
    assert emulator.emulator.state.upload_sessions == {}


def test_chunked_datasource_publish_and_unknown_upload_session(
        tsc_server, tsc, project, tmp_path, emulator, small_chunks):
    path = write_random(tmp_path / "Extract.hyper", int(2.5 * MB))
    published = tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Extract"), path, "CreateNew")
    assert published.datasource_type == "hyper"
    assert len(requests_to(emulator, "PUT", "/fileUploads/")) == 3
    assert sha256(tsc_server.datasources.download(published.id, filepath=str(tmp_path / "x-out"))) == sha256(path)

    import requests
    reply = requests.post("%s/api/3.25/sites/%s/datasources?uploadSessionId=1:ab-1:0&datasourceType=hyper"
                          % (emulator.url, tsc_server.site_id),
                          data=_multipart([("request_payload", None, b'<tsRequest><datasource name="Y"/></tsRequest>')])[0],
                          headers={"X-Tableau-Auth": tsc_server.auth_token,
                                   "Content-Type": "multipart/mixed; boundary=emulator-test-boundary"})
    assert reply.status_code == 404 and b'code="404015"' in reply.content


def test_datasource_create_overwrite_append_rules(tsc_server, tsc, project, tmp_path):
    tds = write_tdsx(tmp_path / "Orders.tdsx")
    created = tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Orders"), tds, "CreateNew")
    assert created.datasource_type == "postgres"
    assert created.has_extracts in (True, "true")
    again = tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Orders"),
                                           write_tdsx(tmp_path / "Orders.tdsx", dbname="sales2"), "Overwrite")
    assert again.id == created.id

    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Orders"),
                                       write_random(tmp_path / "Orders.hyper", 1000), "Append")
    assert failure.value.code == "400011"  # a .tdsx data source takes no appended rows

    hyper = write_random(tmp_path / "Rows.hyper", 1000)
    base = tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Rows"), hyper, "CreateNew")
    appended = tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Rows"),
                                              write_random(tmp_path / "More.hyper", 500), "Append")
    assert appended.id == base.id
    out = tsc_server.datasources.download(base.id, filepath=str(tmp_path / "rows-out"))
    with open(out, "rb") as handle:
        assert len(handle.read()) == 1500

    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Nothing"),
                                       write_random(tmp_path / "Nothing.hyper", 10), "Append")
    assert failure.value.code == "404004"

    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Orders"), tds, "CreateNew")
    assert failure.value.code == "409004"


def test_query_filters_update_tags_and_delete(tsc_server, tsc, project, tmp_path):
    finance = tsc_server.projects.create(tsc.ProjectItem("Finance"))
    for name, proj in (("Alpha", project), ("Beta", finance), ("Gamma", finance)):
        tsc_server.workbooks.publish(tsc.WorkbookItem(proj.id, name=name), write_twb(tmp_path / "w.twb"), "CreateNew")

    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter("projectName", tsc.RequestOptions.Operator.Equals, "Finance"))
    found, pagination = tsc_server.workbooks.get(options)
    assert sorted(w.name for w in found) == ["Beta", "Gamma"]
    assert pagination.total_available == 2

    beta = [w for w in found if w.name == "Beta"][0]
    tsc_server.workbooks.add_tags(beta, ["finance", "sha256:0123456789abcdef"])
    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter("tags", tsc.RequestOptions.Operator.Equals, "finance"))
    assert [w.name for w in tsc_server.workbooks.get(options)[0]] == ["Beta"]
    tsc_server.workbooks.delete_tags(beta, "sha256:0123456789abcdef")
    assert tsc_server.workbooks.get_by_id(beta.id).tags == {"finance"}

    beta = tsc_server.workbooks.get_by_id(beta.id)
    beta.name = "Beta 2"
    beta.show_tabs = True
    beta.project_id = project.id
    updated = tsc_server.workbooks.update(beta)
    assert (updated.name, updated.show_tabs, updated.project_id) == ("Beta 2", True, project.id)

    tsc_server.workbooks.delete(updated.id)
    names = sorted(w.name for w in tsc.Pager(tsc_server.workbooks))
    assert names == ["Alpha", "Gamma"]
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.workbooks.get_by_id(updated.id)
    assert failure.value.code == "404006"


def test_datasource_update_connections_tags_and_delete(tsc_server, tsc, project, tmp_path):
    ds = tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Live"),
                                        write_tds(tmp_path / "Live.tds"), "CreateNew")
    ds.certified = True
    ds.certification_note = "Checked"
    ds.description = "Live orders"
    updated = tsc_server.datasources.update(ds)
    assert updated.certified is True and updated.certification_note == "Checked"
    assert tsc_server.datasources.get_by_id(ds.id).description == "Live orders"

    tsc_server.datasources.populate_connections(ds)
    [conn] = ds.connections
    conn.server_address = "replica.example.com"
    conn.username = "reader"
    conn.password = "pw"
    conn.embed_password = True
    result = tsc_server.datasources.update_connection(ds, conn)
    assert (result.server_address, result.username, result.embed_password) == ("replica.example.com", "reader", True)

    tsc_server.datasources.add_tags(ds, ["a", "b"])
    tsc_server.datasources.delete_tags(ds, "a")
    assert tsc_server.datasources.get_by_id(ds.id).tags == {"b"}

    tsc_server.datasources.delete(ds.id)
    assert [d.name for d in tsc.Pager(tsc_server.datasources)] == []


def test_refresh_data_source_and_poll_the_job(tsc_server, tsc, project, tmp_path, emulator):
    emulator.emulator.state.server["job_seconds"] = 0.2
    ds = tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Extract"),
                                        write_random(tmp_path / "Extract.hyper", 100), "CreateNew")
    job = tsc_server.datasources.refresh(ds)
    assert job.type == "RefreshExtract"
    assert tsc_server.datasources.refresh(ds) is None  # 409093: already queued, TSC only warns
    done = tsc_server.jobs.wait_for_job(job, timeout=10)
    assert done.finish_code == 0
    assert done.completed_at is not None
    assert done.datasource_id == ds.id

    emulator.emulator.state.server["fail_jobs"] = ["RefreshExtract"]
    failing = tsc_server.datasources.refresh(ds)
    with pytest.raises(tsc.JobFailedException):
        tsc_server.jobs.wait_for_job(failing, timeout=10)

    live = tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Live"),
                                          write_tds(tmp_path / "Live.tds"), "CreateNew")
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.datasources.refresh(live)
    assert failure.value.code == "409090"


def test_refresh_workbook_and_poll_the_job(tsc_server, tsc, project, tmp_path, emulator):
    server = emulator.emulator.state.server
    wb = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Extracted"),
                                      write_twbx(tmp_path / "Extracted.twbx", extract_bytes=1024), "CreateNew")
    assert wb.has_extracts
    # The first job runs until the duplicate has been refused, however slow the machine is, then ends.
    server["job_seconds"] = 3600
    job = tsc_server.workbooks.refresh(wb)
    assert job.type == "RefreshExtract"
    assert tsc_server.workbooks.refresh(wb.id) is None  # 409093: already queued, TSC only warns
    for queued in emulator.emulator.state.sites.values():
        for each in queued.jobs.values():
            each["seconds"] = 0.2
    server["job_seconds"] = 0.2
    done = tsc_server.jobs.wait_for_job(job, timeout=10)
    assert done.finish_code == 0 and done.completed_at is not None
    assert done.workbook_id == wb.id and done.datasource_id is None
    incremental = tsc_server.workbooks.refresh(wb, incremental=True)  # 3.25: an <extractRefresh> body
    assert tsc_server.jobs.wait_for_job(incremental, timeout=10).finish_code == 0

    emulator.emulator.state.server["fail_jobs"] = ["RefreshExtract"]
    failing = tsc_server.workbooks.refresh(wb)
    with pytest.raises(tsc.JobFailedException):
        tsc_server.jobs.wait_for_job(failing, timeout=10)

    live = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Live"), write_twb(tmp_path / "Live.twb"),
                                        "CreateNew")
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.workbooks.refresh(live)
    assert failure.value.code == "409090" and "Extract operation for the workbook 'Live'" in failure.value.detail


def test_move_and_rename_workbooks_and_data_sources(tsc_server, tsc, project, tmp_path):
    archive = tsc_server.projects.create(tsc.ProjectItem("Archive"))
    wb = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Sales"), write_twb(tmp_path / "s.twb"),
                                      "CreateNew")
    ds = tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Orders"), write_tds(tmp_path / "o.tds"),
                                        "CreateNew")
    wb.project_id, wb.name = archive.id, "Sales 2025"
    moved = tsc_server.workbooks.update(wb)
    assert (moved.project_id, moved.name, moved.id) == (archive.id, "Sales 2025", wb.id)
    assert tsc_server.workbooks.get_by_id(wb.id).name == "Sales 2025"
    ds.project_id, ds.name = archive.id, "Orders 2025"
    moved_ds = tsc_server.datasources.update(ds)
    assert (moved_ds.project_id, moved_ds.name, moved_ds.id) == (archive.id, "Orders 2025", ds.id)

    # The name is taken in the target project (without regard to case), or the project does not exist.
    tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Sales"), write_twb(tmp_path / "s.twb"), "CreateNew")
    again = tsc_server.workbooks.get_by_id(moved.id)
    again.project_id, again.name = project.id, "SALES"
    with pytest.raises(tsc.ServerResponseError) as taken:
        tsc_server.workbooks.update(again)
    assert taken.value.code == "409013"
    tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="Orders"), write_tds(tmp_path / "o.tds"),
                                   "CreateNew")
    ds_again = tsc_server.datasources.get_by_id(ds.id)
    ds_again.project_id, ds_again.name = project.id, "orders"
    with pytest.raises(tsc.ServerResponseError) as taken:
        tsc_server.datasources.update(ds_again)
    assert taken.value.code == "409015"
    again.project_id, again.name = "00000000-0000-0000-0000-000000000000", "Sales 2025"
    with pytest.raises(tsc.ServerResponseError) as missing:
        tsc_server.workbooks.update(again)
    assert missing.value.code == "404005"
    assert tsc_server.workbooks.get_by_id(moved.id).project_id == archive.id

    # Before 3.12 a data source keeps its name (servers could not rename data sources); a move still works.
    tsc_server.version = "3.11"
    old = tsc_server.datasources.get_by_id(ds.id)
    old.project_id, old.name = project.id, "Orders 2011"
    tsc_server.datasources.update(old)
    kept = tsc_server.datasources.get_by_id(ds.id)
    assert (kept.project_id, kept.name) == (project.id, "Orders 2025")


def test_moving_content_needs_write_on_it_and_publishing_rights_in_the_target(tsc_server, tsc, project, tmp_path,
                                                                              emulator):
    archive = tsc_server.projects.create(tsc.ProjectItem("Archive"))
    carol = tsc_server.users.add(tsc.UserItem("carol", "Creator"))
    tsc_server.users.update(carol, password="carol-password")
    wb = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Sales"), write_twb(tmp_path / "s.twb"),
                                      "CreateNew")
    as_carol = tsc.Server(emulator.url, use_server_version=True)
    as_carol.auth.sign_in(tsc.TableauAuth("carol", "carol-password", site_id=""))
    try:
        mine = tsc.WorkbookItem(archive.id, name="Sales")
        mine._id = wb.id
        with pytest.raises(tsc.ServerResponseError) as refused:
            as_carol.workbooks.update(mine)
        assert refused.value.code == "403000"
        owned = tsc_server.workbooks.get_by_id(wb.id)
        owned.owner_id = carol.id
        tsc_server.workbooks.update(owned)
        with pytest.raises(tsc.ServerResponseError) as refused:
            as_carol.workbooks.update(mine)
        assert refused.value.code == "403007"
        tsc_server.projects.update_permissions(archive, [tsc.PermissionsRule(carol, {"Write": "Allow"})])
        assert as_carol.workbooks.update(mine).project_id == archive.id
    finally:
        as_carol.auth.sign_out()


def test_publish_as_job_creates_the_workbook_when_the_job_finishes(tsc_server, tsc, project, tmp_path, emulator):
    emulator.emulator.state.server["job_seconds"] = 0.3
    job = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Async"),
                                       write_twbx(tmp_path / "Async.twbx"), "CreateNew", as_job=True)
    assert job.type == "PublishWorkbook"
    assert [w.name for w in tsc.Pager(tsc_server.workbooks)] == []
    tsc_server.jobs.wait_for_job(job, timeout=10)
    assert [w.name for w in tsc.Pager(tsc_server.workbooks)] == ["Async"]

    ds_job = tsc_server.datasources.publish(tsc.DatasourceItem(project.id, name="AsyncDS"),
                                            write_tdsx(tmp_path / "AsyncDS.tdsx"), "CreateNew", as_job=True)
    deadline = time.time() + 10
    while tsc_server.jobs.get_by_id(ds_job.id).completed_at is None and time.time() < deadline:
        time.sleep(0.05)
    assert [d.name for d in tsc.Pager(tsc_server.datasources)] == ["AsyncDS"]


def test_download_without_extract_drops_extract_files(tsc_server, tsc, project, tmp_path):
    import zipfile
    path = write_twbx(tmp_path / "Packed.twbx", extract_bytes=4096)
    published = tsc_server.workbooks.publish(tsc.WorkbookItem(project.id, name="Packed"), path, "CreateNew")
    out = tsc_server.workbooks.download(published.id, filepath=str(tmp_path / "packed-out"), include_extract=False)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["Packed.twb"]


def test_oversized_body_is_drained_and_refused_on_a_reusable_connection(
        tsc_server, tsc, project, tmp_path, emulator):
    import requests
    emulator.emulator.state.server["max_request_bytes"] = 1024
    payload = b'<tsRequest><datasource name="Huge"/></tsRequest>'
    body, content_type = _multipart([("request_payload", None, payload),
                                     ("tableau_datasource", "Huge.hyper", os.urandom(int(1.5 * MB)))])
    with requests.Session() as session:
        session.headers["X-Tableau-Auth"] = tsc_server.auth_token
        url = "%s/api/3.25/sites/%s/datasources" % (emulator.url, tsc_server.site_id)
        reply = session.post(url, data=body, headers={"Content-Type": content_type})
        assert reply.status_code == 400 and b'code="400011"' in reply.content and b"Huge.hyper" in reply.content
        assert session.get(url).status_code == 200
    assert requests_to(emulator, "POST", "/datasources")[0]["bytes"] == len(body)
