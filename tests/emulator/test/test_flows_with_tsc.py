"""TSC's flows and flow_runs endpoints run unchanged against the emulator: publish (one request and through an
upload session), read, update, tags, connections, download, delete, Run Flow Now and the flow runs it leaves.

Whatever TSC cannot do here is an emulator bug: TSC is Tableau's own client.
"""

import hashlib
import os

import pytest

from rawapi import Api, error_code
from samples import write_tfl, write_tflx

MB = 1024 * 1024


def sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def requests_to(emulator, method, fragment):
    return [r for r in emulator.emulator.log if r["method"] == method and fragment in r["path"]]


@pytest.fixture
def project(tsc_server):
    return [p for p in tsc_server.projects.get()[0] if p.name == "Default"][0]


@pytest.fixture
def published(tsc_server, tsc, project, tmp_path):
    return tsc_server.flows.publish(tsc.FlowItem(project.id, name="Cleanup"), write_tfl(tmp_path / "Cleanup.tfl"),
                                    "CreateNew")


def test_publish_reads_connections_and_downloads_the_same_bytes(tsc_server, tsc, project, tmp_path):
    path = write_tflx(tmp_path / "Cleanup.tflx")
    flow = tsc_server.flows.publish(tsc.FlowItem(project.id, name="Cleanup"), path, "CreateNew")
    assert (flow.name, flow.project_id) == ("Cleanup", project.id)
    assert flow.owner_id == tsc_server.user_id

    tsc_server.flows.populate_connections(flow)
    [conn] = flow.connections
    assert (conn.connection_type, conn.server_address, conn.server_port, conn.username) == \
        ("postgres", "db.example.com", "5432", "reporter")

    (tmp_path / "out").mkdir()
    downloaded = tsc_server.flows.download(flow.id, filepath=str(tmp_path / "out"))
    assert downloaded.endswith("/out/Cleanup.tflx")  # the name from Content-Disposition
    assert sha256(downloaded) == sha256(path)

    [listed] = tsc_server.flows.get()[0]
    assert listed.id == flow.id and listed.project_name == "Default"
    assert tsc_server.flows.get_by_id(flow.id).webpage_url.endswith("/#/flows/Cleanup")


def test_publish_existing_name_needs_overwrite_then_replaces_in_place(tsc_server, tsc, project, tmp_path, published):
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.flows.publish(tsc.FlowItem(project.id, name="cleanup"), write_tfl(tmp_path / "Again.tfl"),
                                 "CreateNew")
    assert failure.value.code == "409004"

    changed = write_tfl(tmp_path / "Changed.tfl", server="replica.example.com")
    second = tsc_server.flows.publish(tsc.FlowItem(project.id, name="Cleanup"), changed, "Overwrite")
    assert second.id == published.id
    tsc_server.flows.populate_connections(second)
    assert [c.server_address for c in second.connections] == ["replica.example.com"]
    assert [f.name for f in tsc.Pager(tsc_server.flows)] == ["Cleanup"]


def test_chunked_publish_through_an_upload_session(tsc_server, tsc, project, tmp_path, emulator, monkeypatch):
    from tableauserverclient.server.endpoint import flows_endpoint
    monkeypatch.setattr(flows_endpoint, "FILESIZE_LIMIT", 1 * MB)
    monkeypatch.setenv("TSC_CHUNK_SIZE_MB", "1")
    path = write_tflx(tmp_path / "Large.tflx", data_bytes=int(2.5 * MB))
    flow = tsc_server.flows.publish(tsc.FlowItem(project.id, name="Large"), path, "CreateNew")
    assert len(requests_to(emulator, "PUT", "/fileUploads/")) == 3
    [commit] = requests_to(emulator, "POST", "/flows")
    assert "uploadSessionId=" in commit["query"] and "flowType=tflx" in commit["query"]
    assert sha256(tsc_server.flows.download(flow.id, filepath=str(tmp_path / "large-out"))) == sha256(path)
    assert emulator.emulator.state.upload_sessions == {}


def test_update_owner_and_tags_then_delete(tsc_server, tsc, published):
    user = tsc_server.users.add(tsc.UserItem("flow.owner", "Creator"))
    published.owner_id = user.id
    published.tags = {"prep", "nightly"}
    updated = tsc_server.flows.update(published)
    assert updated.owner_id == user.id
    again = tsc_server.flows.get_by_id(published.id)
    assert again.tags == {"prep", "nightly"} and again.owner_id == user.id

    again.tags = {"prep"}
    tsc_server.flows.update(again)
    assert tsc_server.flows.get_by_id(published.id).tags == {"prep"}

    tsc_server.flows.delete(published.id)
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.flows.get_by_id(published.id)
    assert failure.value.code == "404027"


def test_update_connection_keeps_the_password_write_only(tsc_server, tsc, published):
    tsc_server.flows.populate_connections(published)
    [conn] = published.connections
    conn.server_address = "replica.example.com"
    conn.username = "reader"
    conn.password = "reader-secret"
    conn.embed_password = True
    answer = tsc_server.flows.update_connection(published, conn)
    assert (answer.server_address, answer.username, answer.embed_password) == ("replica.example.com", "reader", True)
    tsc_server.flows.populate_connections(published)
    assert published.connections[0].server_address == "replica.example.com"


def test_run_flow_now_passes_through_the_job_and_its_flow_run(tsc_server, tsc, emulator, published):
    emulator.emulator.state.server["job_seconds"] = 0.2
    job = tsc_server.flows.refresh(published)
    assert job.type == "RunFlow"
    assert job.flow_run.flow_id == published.id
    assert tsc_server.flows.refresh(published) is None  # 409093: already queued, TSC only warns
    pending = tsc_server.flow_runs.get_by_id(job.flow_run.id)
    assert pending.status in ("Pending", "InProgress") and pending.completed_at is None

    done = tsc_server.flow_runs.wait_for_job(job.flow_run.id, timeout=10)
    assert done.status == "Success" and done.progress == "100" and done.background_job_id == job.id
    assert tsc_server.jobs.wait_for_job(job, timeout=10).finish_code == 0

    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter("flowId", tsc.RequestOptions.Operator.Equals, published.id))
    assert [r.id for r in tsc_server.flow_runs.get(options)] == [job.flow_run.id]


def test_a_failing_run_fails_its_flow_run_and_job(tsc_server, tsc, emulator, published):
    emulator.emulator.state.server.update(job_seconds=0.1, fail_jobs=["RunFlow"])
    job = tsc_server.flows.refresh(published)
    from tableauserverclient.server.endpoint.exceptions import FlowRunFailedException
    with pytest.raises(FlowRunFailedException):
        tsc_server.flow_runs.wait_for_job(job.flow_run.id, timeout=10)
    with pytest.raises(tsc.JobFailedException):
        tsc_server.jobs.wait_for_job(job, timeout=10)


def test_a_run_whose_input_cannot_be_reached_fails(tsc_server, tsc, emulator, project, tmp_path):
    emulator.emulator.state.server["job_seconds"] = 0.1
    flow = tsc_server.flows.publish(tsc.FlowItem(project.id, name="Broken"),
                                    write_tfl(tmp_path / "Broken.tfl", server="gone.invalid"), "CreateNew")
    job = tsc_server.flows.refresh(flow)
    with pytest.raises(tsc.JobFailedException) as failure:
        tsc_server.jobs.wait_for_job(job, timeout=10)
    assert "gone.invalid" in " ".join(failure.value.job.notes)


def test_cancel_a_flow_run(tsc_server, tsc, emulator, published):
    emulator.emulator.state.server["job_seconds"] = 60
    job = tsc_server.flows.refresh(published)
    tsc_server.flow_runs.cancel(job.flow_run.id)
    cancelled = tsc_server.flow_runs.get_by_id(job.flow_run.id)
    assert cancelled.status == "Cancelled" and cancelled.completed_at is not None
    assert tsc_server.jobs.get_by_id(job.id).finish_code == 2
    with pytest.raises(tsc.ServerResponseError) as failure:
        tsc_server.flow_runs.cancel(job.flow_run.id)
    assert failure.value.code == "403135"
    assert tsc_server.flows.refresh(published) is not None  # nothing queued any more


def test_run_flow_spec_names_the_flow_and_a_run_mode(emulator, published):
    api = Api(emulator.url, "3.14")
    body = '<tsRequest><flowRunSpec flowId="%s" runMode="incremental"/></tsRequest>' % published.id
    job = api.xml("POST", "/flows/%s/run" % published.id, body.encode(), expect=202)
    run_id = job.find("t:job/t:runFlowJobType", {"t": "http://tableau.com/api"}).get("flowRunId")
    assert emulator.emulator.state.site_by_content_url("").flow_runs[run_id]["runMode"] == "incremental"

    wrong = api.call("POST", "/flows/%s/run" % published.id,
                     b'<tsRequest><flowRunSpec flowId="00000000-0000-0000-0000-000000000000"/></tsRequest>')
    assert wrong.status_code == 400
    bad_mode = api.call("POST", "/flows/%s/run" % published.id,
                        ('<tsRequest><flowRunSpec flowId="%s" runMode="partial"/></tsRequest>' % published.id).encode())
    assert bad_mode.status_code == 400


@pytest.mark.parametrize("method,path,before,since", [
    ("GET", "/flows", "3.2", "3.3"),
    ("POST", "/flows/FLOW/run", "3.2", "3.3"),
    ("PUT", "/flows/FLOW/tags", "3.8", "3.9"),
    ("GET", "/flows/runs", "3.9", "3.10"),
])
def test_flow_methods_need_their_api_version(emulator, published, method, path, before, since):
    path = path.replace("FLOW", published.id)
    body = b'<tsRequest><tags><tag label="x"/></tags></tsRequest>' if method == "PUT" else None
    old = Api(emulator.url, before).call(method, path, body)
    assert old.status_code == 404 and error_code(old) == "404008"
    assert Api(emulator.url, since).call(method, path, body).status_code in (200, 202)


def test_seeded_flows_download_and_run(tsc, emulator):
    from tableau_emulator.state import DEFAULT_SEED
    import copy
    seed = copy.deepcopy(DEFAULT_SEED)
    seed["sites"][0]["flows"] = [{"name": "Prep Orders", "connections": [{"class": "postgres", "server": "db"}]}]
    emulator.emulator.reset(seed)
    server = tsc.Server(emulator.url, use_server_version=True)
    server.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id=""))
    [flow] = server.flows.get()[0]
    server.flows.populate_connections(flow)
    assert [c.server_address for c in flow.connections] == ["db"]
    assert os.path.getsize(server.flows.download(flow.id, filepath=str(emulator.emulator.state.content.root))) > 0
    emulator.emulator.state.server["job_seconds"] = 0
    assert server.jobs.wait_for_job(server.flows.refresh(flow), timeout=10).finish_code == 0
    server.auth.sign_out()
