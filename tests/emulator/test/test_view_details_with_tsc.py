"""What TSC's samples showed missing, through TSC's endpoints unchanged: view tags, custom views, a workbook's data
freshness policy, Update Data in Hyper Data Source, preview images, custom view images and a workbook's PowerPoint
(test_tsc_samples.py runs the samples themselves)."""

import io
import uuid
import zipfile

import pytest

from rawapi import Api, error_code
from samples import write_tds, write_tdsx, write_twbx


def default_project_id(tsc_server):
    return [p for p in tsc_server.projects.get()[0] if p.name == "Default"][0].id


@pytest.fixture
def workbook(tsc_server, tsc, tmp_path):
    item = tsc.WorkbookItem(default_project_id(tsc_server), name="Sales")
    return tsc_server.workbooks.publish(item, write_twbx(tmp_path / "Sales.twbx"), "CreateNew")


def test_view_tags_are_added_listed_filtered_and_deleted(tsc_server, tsc, workbook, emulator):
    view = workbook.views[0]
    assert tsc_server.views.add_tags(view, ["finance", "weekly"]) == set(["finance", "weekly"])
    assert tsc_server.views.get_by_id(view.id).tags == set(["finance", "weekly"])
    tsc_server.workbooks.populate_views(workbook)
    assert [v.tags for v in workbook.views if v.id == view.id] == [set(["finance", "weekly"])]
    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter("tags", "eq", "finance"))
    assert [v.id for v in tsc_server.views.get(options)[0]] == [view.id]

    tsc_server.views.delete_tags(view, "weekly")
    assert emulator.emulator.state.site_by_content_url("").view_tags[view.id] == ["finance"]
    with pytest.raises(tsc.ServerResponseError) as missing:
        tsc_server.views.delete_tags(view, "weekly")
    assert missing.value.code == "404007"


def test_view_tags_survive_an_overwrite_and_unknown_views_are_404(tsc_server, tsc, workbook, tmp_path):
    view = workbook.views[0]
    tsc_server.views.add_tags(view, "kept")
    tsc_server.workbooks.publish(tsc.WorkbookItem(workbook.project_id, name="Sales"),
                                 write_twbx(tmp_path / "Sales.twbx"), "Overwrite")
    assert tsc_server.views.get_by_id(view.id).tags == set(["kept"])
    api = Api(tsc_server.server_address)
    reply = api.call("PUT", "/views/%s/tags" % uuid.uuid4(), b'<tsRequest><tags><tag label="x"/></tags></tsRequest>')
    # The tag methods name a missing view as the other view methods do (Get View alone says 404006).
    assert (reply.status_code, error_code(reply)) == (404, "404011")


def test_data_freshness_policy_is_kept_and_answered(tsc_server, tsc, workbook):
    assert tsc_server.workbooks.get_by_id(workbook.id).data_freshness_policy is None  # never set
    policy = tsc.DataFreshnessPolicyItem(tsc.DataFreshnessPolicyItem.Option.FreshAt)
    policy.fresh_at_schedule = tsc.DataFreshnessPolicyItem.FreshAt(
        tsc.DataFreshnessPolicyItem.FreshAt.Frequency.Week, "18:00:00", "Europe/Berlin", ["Monday", "Friday"])
    workbook.data_freshness_policy = policy
    tsc_server.workbooks.update(workbook)
    read = tsc_server.workbooks.get_by_id(workbook.id).data_freshness_policy  # a fresh item, from the answer
    assert (read.option, read.fresh_at_schedule.frequency, read.fresh_at_schedule.time,
            read.fresh_at_schedule.timezone, read.fresh_at_schedule.interval_item) == \
        ("FreshAt", "Week", "18:00:00", "Europe/Berlin", ["Monday", "Friday"])

    workbook.data_freshness_policy = tsc.DataFreshnessPolicyItem(tsc.DataFreshnessPolicyItem.Option.FreshEvery)
    workbook.data_freshness_policy.fresh_every_schedule = tsc.DataFreshnessPolicyItem.FreshEvery("Minutes", 30)
    tsc_server.workbooks.update(workbook)
    read = tsc_server.workbooks.get_by_id(workbook.id).data_freshness_policy
    assert (read.option, read.fresh_every_schedule.frequency, read.fresh_every_schedule.value) == \
        ("FreshEvery", "Minutes", 30)


@pytest.mark.parametrize("policy", [
    '<dataFreshnessPolicy option="Sometimes"/>',
    '<dataFreshnessPolicy option="FreshEvery"/>',
    '<dataFreshnessPolicy option="FreshEvery"><freshEverySchedule frequency="Years" value="1"/></dataFreshnessPolicy>',
    '<dataFreshnessPolicy option="FreshAt"><freshAtSchedule frequency="Week" time="25:00:00"/></dataFreshnessPolicy>',
    '<dataFreshnessPolicy option="FreshAt"><freshAtSchedule frequency="Month" time="01:00:00"><intervals>'
    '<interval monthDay="32"/></intervals></freshAtSchedule></dataFreshnessPolicy>',
])
def test_a_bad_data_freshness_policy_is_400_and_changes_nothing(tsc_server, workbook, emulator, policy):
    api = Api(tsc_server.server_address)
    body = ('<tsRequest><workbook name="Renamed">%s</workbook></tsRequest>' % policy).encode()
    reply = api.call("PUT", "/workbooks/%s" % workbook.id, body)
    assert (reply.status_code, error_code(reply)) == (400, "400000")
    stored = emulator.emulator.state.site_by_content_url("").workbooks[workbook.id]
    assert stored["name"] == "Sales" and "dataFreshnessPolicy" not in stored


def add_custom_views(emulator, workbook, names):
    from tableau_emulator.handlers.custom_views import add_custom_view
    state = emulator.emulator.state
    with state.lock:
        site = state.site_by_content_url("")
        admin = [u for u in site.users.values() if u["name"] == "admin"][0]
        return [add_custom_view(site, site.views[workbook.views[0].id], admin["id"], name)["id"] for name in names]


def test_custom_views_are_listed_read_renamed_and_deleted(tsc_server, tsc, workbook, emulator):
    first, second = add_custom_views(emulator, workbook, ["West only", "Last quarter"])
    listed = list(tsc.Pager(tsc_server.custom_views))
    assert sorted(c.name for c in listed) == ["Last quarter", "West only"]
    assert set(c.workbook.id for c in listed) == set([workbook.id])
    assert set(c.view.id for c in listed) == set([workbook.views[0].id])
    assert set(c.owner.id for c in listed) == set([tsc_server.user_id])

    renamed = tsc_server.custom_views.update(tsc.CustomViewItem(id=first, name="West, renamed"))
    assert renamed.name == "West, renamed"
    assert tsc_server.custom_views.get_by_id(first).name == "West, renamed"
    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter("name", "eq", "Last quarter"))
    assert [c.id for c in tsc_server.custom_views.get(options)[0]] == [second]

    tsc_server.custom_views.delete(second)
    assert list(emulator.emulator.state.site_by_content_url("").custom_views) == [first]
    with pytest.raises(tsc.ServerResponseError) as gone:
        tsc_server.custom_views.get_by_id(second)
    assert gone.value.code == "404000"


def test_preview_images_custom_view_images_and_powerpoint(tsc_server, tsc, workbook, emulator):
    png = b"\x89PNG\r\n\x1a\n"
    tsc_server.workbooks.populate_preview_image(workbook)
    view = tsc_server.views.get_by_id(workbook.views[0].id)
    tsc_server.views.populate_preview_image(view)
    assert workbook.preview_image[:8] == png and view.preview_image == workbook.preview_image  # its first view's
    [custom_view_id] = add_custom_views(emulator, workbook, ["West only"])
    custom_view = tsc_server.custom_views.get_by_id(custom_view_id)
    tsc_server.custom_views.populate_image(custom_view)
    assert custom_view.image[:8] == png

    tsc_server.workbooks.populate_powerpoint(workbook)
    with zipfile.ZipFile(io.BytesIO(workbook.powerpoint)) as deck:
        slides = [deck.read("ppt/slides/slide%d.xml" % n) for n in range(1, len(workbook.views) + 1)]
        assert "ppt/slides/slide%d.xml" % (len(workbook.views) + 1) not in deck.namelist()
    assert [v.name.encode() in slide for v, slide in zip(workbook.views, slides)] == [True] * len(workbook.views)

    api = Api(emulator.url)
    too_old = api.call("GET", "/workbooks/%s/powerpoint" % workbook.id, version="3.7")  # Download Workbook PowerPoint: 3.8
    assert (too_old.status_code, error_code(too_old)) == (404, "404008")
    missing = api.call("GET", "/workbooks/%s/views/%s/previewImage" % (workbook.id, uuid.uuid4()))
    assert (missing.status_code, error_code(missing)) == (404, "404011")


def test_custom_views_go_with_their_workbook(tsc_server, tsc, workbook, emulator):
    add_custom_views(emulator, workbook, ["Mine"])
    tsc_server.workbooks.delete(workbook.id)
    assert emulator.emulator.state.site_by_content_url("").custom_views == {}
    assert tsc_server.custom_views.get()[0] == []


def test_seeded_custom_views_appear_when_their_workbook_is_published(request, tsc, tmp_path):
    from conftest import checked_emulator
    from tableau_emulator.state import DEFAULT_SEED
    seed = dict(DEFAULT_SEED, sites=[{"name": "Default", "content_url": "", "custom_views": [
        {"name": "Overview, West", "workbook": "Sales", "view": "Overview", "owner": "admin", "shared": True}]}])
    with checked_emulator(request, seed) as emu:
        server = tsc.Server(emu.url, use_server_version=True)
        server.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id=""))
        assert server.custom_views.get()[0] == []
        published = server.workbooks.publish(tsc.WorkbookItem(default_project_id(server), name="Sales"),
                                             write_twbx(tmp_path / "Sales.twbx"), "CreateNew")
        [custom_view] = server.custom_views.get()[0]
        overview = [v.id for v in published.views if v.name == "Overview"]
        assert (custom_view.name, custom_view.shared, [custom_view.view.id]) == ("Overview, West", True, overview)
        server.auth.sign_out()


def test_update_hyper_data_runs_a_job(tsc_server, tsc, tmp_path, emulator):
    datasource = tsc_server.datasources.publish(tsc.DatasourceItem(default_project_id(tsc_server), name="Orders"),
                                                write_tdsx(tmp_path / "Orders.tdsx"), "CreateNew")
    actions = [{"action": "delete", "target-schema": "Extract", "target-table": "Extract",
                "condition": {"op": "eq", "target-col": "Region", "const": {"type": "string", "v": "Europe"}}}]
    job = tsc_server.datasources.update_hyper_data(datasource, request_id=str(uuid.uuid4()), actions=actions)
    assert job.type == "UpdateUploadedFile"
    done = tsc_server.jobs.wait_for_job(job)
    assert done.finish_code == 0
    tsc_server.datasources.populate_connections(datasource)
    job = tsc_server.datasources.update_hyper_data(datasource.connections[0], request_id=str(uuid.uuid4()),
                                                   actions=actions)
    assert emulator.emulator.state.site_by_content_url("").jobs[job.id]["subject"][1] == datasource.id


def test_update_hyper_data_refuses_what_it_cannot_run(tsc_server, tsc, tmp_path, emulator):
    import requests
    project_id = default_project_id(tsc_server)
    extract = tsc_server.datasources.publish(tsc.DatasourceItem(project_id, name="Orders"),
                                             write_tdsx(tmp_path / "Orders.tdsx"), "CreateNew")
    live = tsc_server.datasources.publish(tsc.DatasourceItem(project_id, name="Live"),
                                          write_tds(tmp_path / "Live.tds"), "CreateNew")
    api = Api(tsc_server.server_address)
    delete = b'{"actions": [{"action": "delete", "target-table": "Extract"}]}'
    insert = b'{"actions": [{"action": "insert", "target-table": "Extract", "source-table": "Added"}]}'
    for datasource, body, request_id in (
            (extract, delete, None),  # every batch needs a RequestID
            (extract, b'{"actions": []}', "1"),
            (extract, b'{"actions": [{"action": "truncate", "target-table": "Extract"}]}', "2"),
            (extract, insert, "3"),  # rows to insert, but no uploaded Hyper file to take them from
            (live, delete, "4")):  # its data is not in Hyper
        headers = {"X-Tableau-Auth": api.token, "Content-Type": "application/json"}
        if request_id:
            headers["RequestID"] = request_id
        reply = requests.patch(api.url + api.site_path("/datasources/%s/data" % datasource.id), data=body,
                               headers=headers, timeout=10)
        assert (reply.status_code, error_code(reply)) == (400, "400000"), reply.text
    jobs = emulator.emulator.state.site_by_content_url("").jobs.values()
    assert [j for j in jobs if j["type"] == "UpdateUploadedFile"] == []
