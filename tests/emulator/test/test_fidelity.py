"""The emulator answers like a server at the REST API version in the path: routes, codes, headers and shapes."""

import http.client
import time
import urllib.parse
from xml.etree import ElementTree

import pytest
import requests

from rawapi import NS, Api, error_code
from samples import write_twbx


@pytest.fixture
def api(emulator):
    return Api(emulator.url)


# Versions


def test_a_route_newer_than_the_path_version_is_404008(api):
    # Get Groups for a User came with 3.7.
    reply = api.call("GET", "/users/%s/groups" % api.user_id, version="3.6")
    assert (reply.status_code, error_code(reply)) == (404, "404008")
    assert "API version '3.6' does not support access to the given resource." in reply.text
    assert api.call("GET", "/users/%s/groups" % api.user_id, version="3.7").status_code == 200


def test_the_route_table_lists_every_route_with_its_minimum_version(emulator):
    routes = requests.get(emulator.url + "/_emulator/routes", timeout=10).json()["routes"]
    by_path = dict(((r["method"], r["path"]), r["min_version"]) for r in routes)
    assert by_path[("GET", "/api/<version>/sites/{site_id}/users/{user_id}/groups")] == "3.7"
    assert by_path[("PUT", "/api/<version>/sites/{site_id}/groups/{group_id}/users/remove")] == "3.21"
    assert all(r["min_version"] for r in routes if r["path"].startswith("/api/"))


def test_a_server_older_than_serverinfo_answers_its_auth_page_and_404001_at_2_4(emulator, tsc):
    state = emulator.emulator.state
    state.server.update(rest_api_version="2.3", product_version="10.0")
    reply = requests.get(emulator.url + "/api/2.4/serverinfo", timeout=10)
    assert (reply.status_code, error_code(reply)) == (404, "404001")
    page = ElementTree.fromstring(requests.get(emulator.url + "/auth?format=xml", timeout=10).content)
    assert (page.tag, page.findtext("version/api_version"), page.findtext("version/product_version")) == (
        "authinfo", "2.3", "10.0")
    # TSC reads the product version there and maps it to the REST API version it shipped with.
    server = tsc.Server(emulator.url)
    server.use_server_version()
    assert server.version == "2.3"


def test_a_version_newer_than_the_server_is_404001(api):
    reply = api.call("GET", "/projects", version="3.99")
    assert (reply.status_code, error_code(reply)) == (404, "404001")
    assert "Version '3.99' is not a valid version of the API." in reply.text


def test_personal_access_token_sign_in_works_at_any_path_version(emulator):
    # TSC 0.42 signs in with a PAT at /api/2.4/ before it learns the server's version.
    body = (b'<tsRequest><credentials personalAccessTokenName="automation" personalAccessTokenSecret='
            b'"automation-secret"><site contentUrl=""/></credentials></tsRequest>')
    assert requests.post(emulator.url + "/api/2.4/auth/signin", data=body, timeout=10).status_code == 200


def test_personal_access_tokens_need_a_server_of_3_6(emulator):
    emulator.emulator.state.server["rest_api_version"] = "3.5"
    body = (b'<tsRequest><credentials personalAccessTokenName="automation" personalAccessTokenSecret='
            b'"automation-secret"><site contentUrl=""/></credentials></tsRequest>')
    reply = requests.post(emulator.url + "/api/3.5/auth/signin", data=body, timeout=10)
    assert (reply.status_code, error_code(reply)) == (401, "401001")


def test_answers_name_the_schema_of_the_path_version(api):
    root = api.call("GET", "/projects", version="3.12")
    assert 'xsi:schemaLocation="http://tableau.com/api http://tableau.com/api/ts-api-3.12.xsd"' in root.text


def test_site_settings_follow_the_path_version(api):
    old = api.xml("GET", "", version="3.9").find("t:site", NS)
    new = api.xml("GET", "").find("t:site", NS)
    assert old.get("flowsEnabled") == "true" and old.get("editingFlowsEnabled") is None
    assert new.get("flowsEnabled") is None and new.get("editingFlowsEnabled") == "true"
    assert api.xml("GET", "", version="3.18").find("t:site", NS).get("cacheWarmupEnabled") == "true"
    assert new.get("cacheWarmupEnabled") is None


def test_a_conversation_at_3_0_validates_against_the_3_0_schema(emulator, tsc, tmp_path):
    # The emulator fixture validates every answer at /api/3.0/ against ts-api_3_0.xsd.
    server = tsc.Server(emulator.url)
    server.version = "3.0"
    server.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id=""))
    project = server.projects.create(tsc.ProjectItem("Old"))
    server.users.add(tsc.UserItem("olduser", "Viewer"))
    server.groups.create(tsc.GroupItem("Old Group"))
    published = server.workbooks.publish(tsc.WorkbookItem(project.id, name="Old"), write_twbx(tmp_path / "Old.twbx"),
                                         "CreateNew")
    server.workbooks.populate_views(published)
    server.workbooks.populate_connections(published)
    assert [p.name for p in server.projects.get()[0]] == ["Default", "Old"]
    assert len(server.users.get()[0]) == 2 and server.sites.get_by_id(server.site_id).name == "Default"
    assert len(server.groups.get()[0]) == 2 and server.workbooks.get()[0][0].name == "Old"
    server.auth.sign_out()


# Status codes and headers


def test_an_unknown_site_in_the_path_is_404000(api):
    reply = api.call("GET", "/api/3.25/sites/00000000-0000-0000-0000-000000000000/projects")
    assert (reply.status_code, error_code(reply)) == (404, "404000")
    assert "Site '00000000-0000-0000-0000-000000000000' could not be found." in reply.text


@pytest.mark.parametrize("path,code", [
    ("/users/00000000-0000-0000-0000-000000000000", "404002"),
    ("/groups/00000000-0000-0000-0000-000000000000/users", "404012"),
    ("/workbooks/00000000-0000-0000-0000-000000000000", "404006"),
    ("/datasources/00000000-0000-0000-0000-000000000000", "404004"),
    ("/jobs/00000000-0000-0000-0000-000000000000", "404018"),
])
def test_missing_resources_have_their_own_404_codes(api, path, code):
    reply = api.call("GET", path)
    assert (reply.status_code, error_code(reply)) == (404, code)


def test_no_content_answers_carry_no_body_and_no_length(api):
    created = api.xml("POST", "/projects", b'<tsRequest><project name="Gone"/></tsRequest>', expect=201)
    project_id = created.find("t:project", NS).get("id")
    parts = urllib.parse.urlsplit(api.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("DELETE", api.site_path("/projects/" + project_id), headers={"X-Tableau-Auth": api.token})
    reply = connection.getresponse()
    assert reply.status == 204
    assert reply.getheader("Content-Length") is None and reply.getheader("Content-Type") is None
    assert reply.read() == b""
    connection.close()


def test_created_and_accepted_answers_carry_a_relative_location(api):
    reply = api.call("POST", "/projects", b'<tsRequest><project name="Here"/></tsRequest>')
    project_id = ElementTree.fromstring(reply.content).find("t:project", NS).get("id")
    assert reply.headers["Location"] == api.site_path("/projects/" + project_id)
    body = (b'<tsRequest><group name="Sales"><import source="ActiveDirectory" domainName="corp.example.com" '
            b'siteRole="Viewer"/></group></tsRequest>')
    reply = api.call("POST", "/groups?asJob=true", body)
    assert reply.status_code == 202
    job_id = ElementTree.fromstring(reply.content).find("t:job", NS).get("id")
    assert reply.headers["Location"] == api.site_path("/jobs/" + job_id)


def test_directory_group_import_as_a_job_starts_pending_and_progresses(api, emulator):
    emulator.emulator.state.server["job_seconds"] = 0.3
    body = (b'<tsRequest><group name="Sales"><import source="ActiveDirectory" domainName="corp.example.com" '
            b'siteRole="Viewer"/></group></tsRequest>')
    job = api.xml("POST", "/groups?asJob=true", body, expect=202).find("t:job", NS)
    assert (job.get("type"), job.get("progress"), job.get("startedAt"), job.get("finishCode")) == \
        ("GroupImport", "0", None, None)
    polled = api.xml("GET", "/jobs/" + job.get("id")).find("t:job", NS)
    assert polled.get("startedAt") is not None and polled.get("finishCode") is None
    time.sleep(0.35)
    done = api.xml("GET", "/jobs/" + job.get("id")).find("t:job", NS)
    assert (done.get("progress"), done.get("finishCode")) == ("100", "0")
    names = [g.get("name") for g in api.xml("GET", "/groups").iter("{http://tableau.com/api}group")]
    assert "Sales" in names


# Shapes


def test_users_carry_what_each_answer_carries(api):
    added = api.xml("POST", "/users", b'<tsRequest><user name="nofull" siteRole="Viewer"/></tsRequest>',
                    expect=201).find("t:user", NS)
    assert added.get("externalAuthUserId") == "" and added.get("fullName") is None
    assert added.find("t:domain", NS) is None
    listed = [u for u in api.xml("GET", "/users").iter("{http://tableau.com/api}user") if u.get("name") == "nofull"][0]
    assert listed.get("fullName") is None and listed.get("locale") is None and listed.find("t:domain", NS) is None
    one = api.xml("GET", "/users/" + added.get("id")).find("t:user", NS)
    assert one.find("t:domain", NS).get("name") == "local" and one.get("language") is None
    everything = [u for u in api.xml("GET", "/users?fields=_all_").iter("{http://tableau.com/api}user")
                  if u.get("name") == "nofull"][0]
    assert (everything.get("locale"), everything.get("language")) == ("", "en")
    assert everything.find("t:domain", NS) is not None


def test_local_groups_show_their_license_grant_in_the_import_form_from_3_9(api):
    api.xml("POST", "/groups", b'<tsRequest><group name="Grant" minimumSiteRole="Explorer"/></tsRequest>', expect=201)

    def grant(version):
        return [g for g in api.xml("GET", "/groups", version=version).iter("{http://tableau.com/api}group")
                if g.get("name") == "Grant"][0]
    new, old = grant("3.9"), grant("3.8")
    expected = {"domainName": "local", "siteRole": "Explorer", "grantLicenseMode": "onLogin"}
    assert new.find("t:import", NS).attrib == expected
    assert new.get("minimumSiteRole") is None
    assert old.find("t:import", NS) is None and old.get("minimumSiteRole") == "Explorer"


def test_data_alerts_setting_is_spelled_as_servers_spell_it(api):
    site = api.xml("PUT", "", b'<tsRequest><site dataAlertsEnabled="false"/></tsRequest>').find("t:site", NS)
    assert site.get("isDataAlertsEnabled") == "false" and site.get("dataAlertsEnabled") is None


def test_all_fields_bring_owner_details_location_and_acceleration(api, tsc, emulator, tmp_path):
    server = tsc.Server(emulator.url, use_server_version=True)
    server.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id=""))
    default = [p for p in server.projects.get()[0] if p.name == "Default"][0]
    server.workbooks.publish(tsc.WorkbookItem(default.id, name="Full"), write_twbx(tmp_path / "Full.twbx"), "CreateNew")
    server.auth.sign_out()
    workbook = api.xml("GET", "/workbooks?fields=_all_").find("t:workbooks/t:workbook", NS)
    assert [child.tag.split("}")[1] for child in workbook] == \
        ["project", "location", "owner", "tags", "dataAccelerationConfig"]
    assert workbook.find("t:location", NS).attrib == {"id": default.id, "type": "Project", "name": "Default"}
    assert set(workbook.find("t:owner", NS).attrib) == {"id", "name", "email", "fullName", "lastLogin", "siteRole"}
    plain = api.xml("GET", "/workbooks").find("t:workbooks/t:workbook", NS)
    assert [child.tag.split("}")[1] for child in plain] == ["project", "owner", "tags"]
    view = api.xml("GET", "/workbooks/%s/views" % workbook.get("id")).find("t:views/t:view", NS)
    assert view.find("t:tags", NS) is not None
