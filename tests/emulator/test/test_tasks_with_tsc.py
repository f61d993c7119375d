"""TSC's tasks endpoint (get, get_by_id, run, delete, create), flow_tasks.create and schedules.add_to_schedule run
unchanged against the emulator: extract refreshes and flow runs on server schedules (Tableau Server) and with
frequencies of their own (Tableau Cloud)."""

from datetime import time
from xml.etree import ElementTree

import pytest

from conftest import checked_emulator
from rawapi import NS, Api, error_code
from samples import write_random, write_tds, write_twbx

FLOW_SEED_SITE = {"flows": [{"name": "Prepare Orders"}]}
CLOUD_SEED = {"server": {"cloud": True, "job_seconds": 0.1},
              "sites": [dict(FLOW_SEED_SITE, name="Cloud", content_url="cloud")],
              "users": [{"name": "admin", "password": "admin", "site_role": "SiteAdministratorCreator",
                         "sites": ["cloud"]}]}
SERVER_SEED = {"server": {"job_seconds": 0.1}, "sites": [dict(FLOW_SEED_SITE, name="Default", content_url="")],
               "users": [{"name": "admin", "password": "admin", "site_role": "ServerAdministrator", "sites": [""]}]}


def schedule_named(server, name):
    return [s for s in server.schedules.get()[0] if s.name == name][0]


def default_project(server):
    return [p for p in server.projects.get()[0] if p.name == "Default"][0]


def signed_in(tsc, emu, site=""):
    server = tsc.Server(emu.url, use_server_version=True)
    server.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id=site))
    return server


def raw_session(emu, server):
    """Raw requests in TSC's session (rawapi.Api signs in to the Default site only)."""
    api = Api.__new__(Api)
    api.url, api.version, api.token, api.site_id = emu.url, server.version, server.auth_token, server.site_id
    return api


def publish_extracts(tsc, server, tmp_path):
    project = default_project(server)
    workbook = server.workbooks.publish(tsc.WorkbookItem(project.id, name="Sales"),
                                        write_twbx(tmp_path / "Sales.twbx", extract_bytes=2048), "CreateNew")
    datasource = server.datasources.publish(tsc.DatasourceItem(project.id, name="Events"),
                                            write_random(tmp_path / "Events.hyper", 512), "CreateNew")
    return workbook, datasource


def test_add_to_schedule_list_get_run_and_delete_extract_refresh_tasks(request, tsc, tmp_path):
    with checked_emulator(request, seed=SERVER_SEED) as emu:
        server = signed_in(tsc, emu)
        workbook, datasource = publish_extracts(tsc, server, tmp_path)
        weekday = schedule_named(server, "Weekday early mornings")
        assert server.schedules.add_to_schedule(weekday.id, workbook=workbook) == []
        assert server.schedules.add_to_schedule(weekday.id, datasource=datasource) == []

        tasks, _pagination = server.tasks.get()
        assert sorted((t.target.type, t.target.id) for t in tasks) == sorted(
            [("workbook", workbook.id), ("datasource", datasource.id)])
        assert all(t.schedule_id == weekday.id and t.task_type == "extractRefresh" for t in tasks)
        assert all(t.schedule_item.name == "Weekday early mornings" for t in tasks)
        one = server.tasks.get_by_id(tasks[0].id)
        assert one.id == tasks[0].id and one.priority == 50 and one.consecutive_failed_count == 0

        job_id = ElementTree.fromstring(server.tasks.run(one)).find("t:job", NS).get("id")
        done = server.jobs.wait_for_job(job_id, timeout=10)
        assert done.type == "RefreshExtract" and done.finish_code == 0

        server.tasks.delete(one.id)
        assert [t.id for t in server.tasks.get()[0]] == [t.id for t in tasks if t.id != one.id]
        server.auth.sign_out()


def test_flow_tasks_on_a_flow_schedule(request, tsc):
    with checked_emulator(request, seed=SERVER_SEED) as emu:
        server = signed_in(tsc, emu)
        flow = [f for f in server.flows.get()[0] if f.name == "Prepare Orders"][0]
        daily = schedule_named(server, "Daily flow run")
        assert server.schedules.add_to_schedule(daily.id, flow=flow) == []

        api = Api(emu.url)
        listed = api.xml("GET", "/tasks/runFlow")
        [task_el] = listed.findall("t:tasks/t:task/t:flowRun", NS)
        assert task_el.get("type") == "RunFlowTask"
        assert task_el.find("t:schedule", NS).get("name") == "Daily flow run"
        assert task_el.find("t:flow", NS).get("id") == flow.id
        assert api.xml("GET", "/tasks/runFlow/%s" % task_el.get("id")).find("t:task/t:flowRun", NS) is not None

        job_el = api.xml("POST", "/tasks/runFlow/%s/runNow" % task_el.get("id"), b"<tsRequest />").find("t:job", NS)
        done = server.jobs.wait_for_job(job_el.get("id"), timeout=10)
        assert done.type == "RunFlow" and done.flow_run.flow_id == flow.id
        # The task's run is a flow run like Run Flow Now's: Get Flow Runs lists it, with the job's outcome
        [run] = server.flow_runs.get()
        assert (run.id, run.flow_id, run.status) == (done.flow_run.id, flow.id, "Success")
        assert run.background_job_id == done.id

        server.tasks.delete(task_el.get("id"), task_type=tsc.TaskItem.Type.RunFlow)
        assert api.xml("GET", "/tasks/runFlow").findall("t:tasks/t:task", NS) == []
        server.auth.sign_out()


def test_what_a_server_refuses(request, tsc, tmp_path):
    with checked_emulator(request, seed=SERVER_SEED) as emu:
        server = signed_in(tsc, emu)
        workbook, datasource = publish_extracts(tsc, server, tmp_path)
        live = server.datasources.publish(tsc.DatasourceItem(default_project(server).id, name="Live"),
                                          write_tds(tmp_path / "Live.tds"), "CreateNew")
        weekday, flows = schedule_named(server, "Weekday early mornings"), schedule_named(server, "Daily flow run")
        for schedule, item, code in ((weekday, live, "409090"), (flows, datasource, "400000")):
            with pytest.raises(tsc.ServerResponseError) as refused:
                server.schedules.add_to_schedule(schedule.id, datasource=item)
            assert refused.value.code == code
        server.schedules.add_to_schedule(weekday.id, workbook=workbook)
        with pytest.raises(tsc.ServerResponseError) as twice:
            server.schedules.add_to_schedule(weekday.id, workbook=workbook)
        assert twice.value.code.startswith("409")

        cloud_style = tsc.TaskItem(None, "FullRefresh", None, target=tsc.Target(workbook.id, "workbook"),
                                   schedule_item=tsc.ScheduleItem(None, None, None, None,
                                                                  tsc.DailyInterval(time(6, 0), 24)))
        with pytest.raises(tsc.ServerResponseError) as not_here:
            server.tasks.create(cloud_style)
        assert not_here.value.code == "405000"
        server.auth.sign_out()


def test_failed_runs_are_counted_and_tasks_go_with_their_content(request, tsc, tmp_path):
    with checked_emulator(request, seed=SERVER_SEED) as emu:
        server = signed_in(tsc, emu)
        _workbook, datasource = publish_extracts(tsc, server, tmp_path)
        server.schedules.add_to_schedule(schedule_named(server, "Saturday night").id, datasource=datasource)
        [task] = server.tasks.get()[0]
        emu.emulator.state.server["fail_jobs"] = ["Events"]
        api = Api(emu.url)
        job_id = api.xml("POST", "/tasks/extractRefreshes/%s/runNow" % task.id, b"<tsRequest />").find(
            "t:job", NS).get("id")
        queued = api.call("POST", "/tasks/extractRefreshes/%s/runNow" % task.id, b"<tsRequest />")
        assert queued.status_code == 409 and error_code(queued) == "409093"
        with pytest.raises(tsc.JobFailedException):
            server.jobs.wait_for_job(job_id, timeout=10)
        assert server.tasks.get_by_id(task.id).consecutive_failed_count == 1

        server.datasources.delete(datasource.id)
        assert server.tasks.get()[0] == []
        server.auth.sign_out()


def test_tableau_cloud_tasks_carry_their_own_frequency(request, tsc, tmp_path):
    with checked_emulator(request, seed=CLOUD_SEED) as emu:
        server = signed_in(tsc, emu, site="cloud")
        _workbook, datasource = publish_extracts(tsc, server, tmp_path)
        weekly = tsc.WeeklyInterval(time(5, 30), "Monday", "Thursday")
        item = tsc.TaskItem(None, "FullRefresh", None, target=tsc.Target(datasource.id, "datasource"),
                            schedule_item=tsc.ScheduleItem(None, None, None, None, weekly))
        created = server.tasks.create(item)
        assert b"FullRefresh" in created

        [task] = server.tasks.get()[0]
        assert task.target.id == datasource.id and task.schedule_id is None
        assert task.schedule_item.interval_item.start_time == time(5, 30)
        assert sorted(task.schedule_item.interval_item.interval) == ["Monday", "Thursday"]

        api = raw_session(emu, server)
        update = (b'<tsRequest><extractRefresh><datasource id="%s"/></extractRefresh><schedule frequency="Daily">'
                  b'<frequencyDetails start="07:00:00"><intervals><interval hours="24"/></intervals></frequencyDetails>'
                  b'</schedule></tsRequest>' % datasource.id.encode())
        api.xml("POST", "/tasks/extractRefreshes/%s" % task.id, update)
        assert server.tasks.get_by_id(task.id).schedule_item.interval_item.start_time == time(7, 0)
        bad = api.call("POST", "/tasks/extractRefreshes/%s" % task.id, update.replace(b"Daily", b"Weekly"))
        assert bad.status_code == 400 and error_code(bad) == "409004"
        first_monday = update.replace(b"Daily", b"Monthly").replace(b'hours="24"', b'weekDay="Monday" monthDay="First"')
        api.xml("POST", "/tasks/extractRefreshes/%s" % task.id, first_monday)
        read = api.xml("GET", "/tasks/extractRefreshes/%s" % task.id)
        assert read.find(".//t:interval", NS).attrib == {"weekDay": "Monday", "monthDay": "First"}

        flow = [f for f in server.flows.get()[0] if f.name == "Prepare Orders"][0]
        flow_item = tsc.TaskItem(None, "RunFlow", None, target=tsc.Target(flow.id, "flow"),
                                 schedule_item=tsc.ScheduleItem(None, None, None, None,
                                                                tsc.MonthlyInterval(time(23, 30), 15)))
        assert flow.id.encode() in server.flow_tasks.create(flow_item)
        [flow_task] = api.xml("GET", "/tasks/runFlow").findall("t:tasks/t:task/t:flowRun", NS)
        assert flow_task.find("t:schedule", NS).get("frequency") == "Monthly"

        with pytest.raises(tsc.ServerResponseError) as no_schedules:
            server.schedules.get()
        assert no_schedules.value.code == "403000"
        server.auth.sign_out()
