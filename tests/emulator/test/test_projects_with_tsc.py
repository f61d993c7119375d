"""TSC, Tableau's own client, drives the emulator's auth and project endpoints unchanged."""


def test_sign_in_with_password_and_sign_out_closes_session(emulator, tsc):
    server = tsc.Server(emulator.url, use_server_version=True)
    server.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id=""))
    assert server.version == "3.25"
    assert len(emulator.emulator.state.sessions) == 1
    server.auth.sign_out()
    assert len(emulator.emulator.state.sessions) == 0


def test_sign_in_with_personal_access_token_to_named_site(emulator, tsc):
    server = tsc.Server(emulator.url, use_server_version=True)
    server.auth.sign_in(tsc.PersonalAccessTokenAuth("automation", "automation-secret", site_id="finance"))
    site = server.sites.get_by_id(server.site_id)
    assert site.content_url == "finance"
    server.auth.sign_out()


def test_wrong_password_is_401001(emulator, tsc):
    server = tsc.Server(emulator.url, use_server_version=True)
    try:
        server.auth.sign_in(tsc.TableauAuth("admin", "wrong", site_id=""))
    except tsc.server.endpoint.exceptions.FailedSignInError as exc:
        assert "401001" in str(exc)
    else:
        raise AssertionError("sign-in with a wrong password succeeded")


def test_create_nested_update_filter_and_delete_projects(tsc_server, tsc):
    projects = tsc_server.projects
    finance = projects.create(tsc.ProjectItem("Finance", description="Money"))
    reports = projects.create(tsc.ProjectItem("Reports", parent_id=finance.id,
                                              content_permissions="LockedToProject"))
    assert reports.parent_id == finance.id
    assert reports.content_permissions == "LockedToProject"

    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter(tsc.RequestOptions.Field.Name, tsc.RequestOptions.Operator.Equals, "Reports"))
    found, pagination = projects.get(options)
    assert [p.id for p in found] == [reports.id]
    assert pagination.total_available == 1

    reports.description = "Monthly"
    reports.name = "Monthly Reports"
    updated = projects.update(reports)
    assert updated.name == "Monthly Reports"
    assert updated.description == "Monthly"

    projects.delete(finance.id)
    remaining = [p.name for p in tsc.Pager(projects)]
    assert remaining == ["Default"]


def test_duplicate_project_name_is_409006(tsc_server, tsc):
    tsc_server.projects.create(tsc.ProjectItem("Sales"))
    try:
        tsc_server.projects.create(tsc.ProjectItem("Sales"))
    except tsc.ServerResponseError as exc:
        assert exc.code == "409006"
    else:
        raise AssertionError("a duplicate project was created")


def test_pager_reads_every_page(tsc_server, tsc):
    for index in range(250):
        tsc_server.projects.create(tsc.ProjectItem("P%03d" % index))
    names = [p.name for p in tsc.Pager(tsc_server.projects, tsc.RequestOptions(pagesize=100))]
    assert len(names) == 251


def test_switch_site_moves_the_session(tsc_server, tsc):
    site = tsc.SiteItem("Finance", "finance")
    tsc_server.auth.switch_site(site)
    assert tsc_server.site_id != ""
    projects, dummy = tsc_server.projects.get()
    assert [p.name for p in projects] == ["Default"]


def test_jwt_sign_in(emulator, tsc):
    import base64
    import hashlib
    import hmac
    import json
    import time

    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    header = b64(json.dumps({"alg": "HS256", "kid": "emulator-secret-id", "iss": "emulator-client"}).encode())
    payload = b64(json.dumps({"iss": "emulator-client", "sub": "admin", "aud": "tableau",
                              "exp": int(time.time()) + 60, "jti": "1", "scp": ["tableau:content:read"]}).encode())
    signature = b64(hmac.new(b"emulator-secret-value", ("%s.%s" % (header, payload)).encode(), hashlib.sha256).digest())
    server = tsc.Server(emulator.url, use_server_version=True)
    server.auth.sign_in(tsc.JWTAuth("%s.%s.%s" % (header, payload, signature), site_id=""))
    assert server.is_signed_in()
    server.auth.sign_out()
