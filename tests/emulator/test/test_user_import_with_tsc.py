"""Import Users to Site from CSV: TSC's users.bulk_add runs unchanged against the emulator; the job reports
skipped lines in its statusNotes; the method needs REST API 3.15."""

from xml.etree import ElementTree

import requests
from rawapi import NS, Api, error_code


def test_bulk_add_creates_the_users_when_its_job_ends(tsc_server, tsc):
    users = [tsc.UserItem("ann", "Viewer"), tsc.UserItem("ben", "Explorer"),
             tsc.UserItem("cat", "ExplorerCanPublish", auth_setting="SAML"),
             tsc.UserItem("dan", "SiteAdministratorCreator"), tsc.UserItem("eve", "Creator")]
    users[0].fullname, users[0].email = "Ann Example", "ann@example.com"
    job = tsc_server.users.bulk_add(users)
    assert job.type == "CreateSiteUsersCsv"
    assert job.finish_code in (None, -1) or job.completed_at is None
    done = tsc_server.jobs.wait_for_job(job)
    assert done.finish_code == 0
    by_name = dict((u.name, u) for u in tsc.Pager(tsc_server.users))
    assert dict((n, by_name[n].site_role) for n in ("ann", "ben", "cat", "dan", "eve")) == {
        "ann": "Viewer", "ben": "Explorer", "cat": "ExplorerCanPublish", "dan": "SiteAdministratorCreator",
        "eve": "Creator"}
    assert by_name["cat"].auth_setting == "SAML"
    ann = tsc_server.users.get_by_id(by_name["ann"].id)
    assert (ann.fullname, ann.email) == ("Ann Example", "ann@example.com")


def post_import(api, csv_text, payload=b"<tsRequest></tsRequest>", parts=("request_payload", "tableau_user_import")):
    """Import Users to Site from CSV as a raw multipart/mixed request with the given parts."""
    boundary = "b0undary"
    body = b""
    if "request_payload" in parts:
        body += ("--%s\r\nContent-Disposition: name=\"request_payload\"\r\nContent-Type: text/xml\r\n\r\n"
                 % boundary).encode() + payload + b"\r\n"
    if "tableau_user_import" in parts:
        body += ("--%s\r\nContent-Disposition: name=\"tableau_user_import\"; filename=\"users.csv\"\r\n"
                 "Content-Type: text/csv\r\n\r\n" % boundary).encode() + csv_text.encode("utf-8") + b"\r\n"
    body += ("--%s--\r\n" % boundary).encode()
    return requests.post(api.url + api.site_path("/users/import"), data=body, timeout=10, headers={
        "X-Tableau-Auth": api.token, "Content-Type": "multipart/mixed; boundary=%s" % boundary})


def ended_job(api, reply):
    """The import job of ``reply``, read with Query Job (the tests make jobs end at once)."""
    assert reply.status_code == 202, reply.text
    job_id = ElementTree.fromstring(reply.content).find("t:job", NS).get("id")
    return api.xml("GET", "/jobs/%s" % job_id).find("t:job", NS)


def test_skipped_lines_are_named_in_the_job_and_the_others_are_added(emulator):
    emulator.emulator.state.server["job_seconds"] = 0
    api = Api(emulator.url, version="3.15")
    job = ended_job(api, post_import(api, "\ufeffadmin,,,Creator,,,\nzoe,secret-1,Zoe,Explorer,,yes,zoe@example.com\n"
                                          "yan,,,Boss,,,\n\nzoe,,,Viewer,,,\n",
                                     b'<tsRequest><user name="zoe" authSetting="ServerDefault"/></tsRequest>'))
    assert job.get("type") == "CreateSiteUsersCsv"
    assert job.get("finishCode") == "1"
    notes = [(n.get("type"), n.get("text")) for n in job.find("t:statusNotes", NS)]
    assert ("CountOfUsersProcessed", "4") in notes and ("CountOfUsersAddedToSite", "1") in notes
    skipped = [text for kind, text in notes if kind == "CountOfUsersSkipped" and not text.isdigit()]
    assert len(skipped) == 3
    assert "Line 1, user 'admin'" in skipped[0] and "already exists" in skipped[0]
    assert "'yan'" in skipped[1] and "license level 'Boss'" in skipped[1]
    assert "Line 5, user 'zoe'" in skipped[2]
    users = dict((u.get("name"), u) for u in api.xml("GET", "/users").iter("{%s}user" % NS["t"]))
    assert users["zoe"].get("siteRole") == "ExplorerCanPublish"
    assert users["zoe"].get("email") == "zoe@example.com"
    assert "yan" not in users
    # The CSV's password is the one sign-in checks.
    assert Api(emulator.url, version="3.15", name="zoe", password="secret-1").token


def test_a_clean_file_ends_with_finish_code_0(emulator):
    emulator.emulator.state.server["job_seconds"] = 0
    api = Api(emulator.url, version="3.15")
    job = ended_job(api, post_import(api, "xan,,Xan,Creator,Site,,\nyul,,,Viewer,None,no,\n"))
    assert job.get("finishCode") == "0"
    users = dict((u.get("name"), u.get("siteRole")) for u in api.xml("GET", "/users").iter("{%s}user" % NS["t"]))
    assert (users["xan"], users["yul"]) == ("SiteAdministratorCreator", "Viewer")


def test_import_needs_api_3_15_and_a_csv_part(emulator):
    old = post_import(Api(emulator.url, version="3.14"), "ann,,,Viewer,,,\n")
    assert old.status_code in (400, 404) and old.status_code != 202
    reply = post_import(Api(emulator.url, version="3.15"), "", parts=("request_payload",))
    assert reply.status_code == 400
    assert error_code(reply) == "400000"


def test_lines_past_the_sites_user_quota_are_skipped(emulator):
    emulator.emulator.state.server["job_seconds"] = 0
    api = Api(emulator.url, version="3.15")
    licensed = sum(1 for u in api.xml("GET", "/users").iter("{%s}user" % NS["t"]) if u.get("siteRole") != "Unlicensed")
    api.xml("PUT", "/api/3.15/sites/%s" % api.site_id, b'<tsRequest><site userQuota="%d"/></tsRequest>' % (licensed + 1))
    job = ended_job(api, post_import(api, "kim,,,Viewer,,,\nlee,,,Viewer,,,\nmay,,,Unlicensed,,,\n"))
    assert job.get("finishCode") == "1"
    notes = [(n.get("type"), n.get("text")) for n in job.find("t:statusNotes", NS)]
    assert ("CountOfUsersWithInsufficientLicenses", "1") in notes
    assert any("'lee'" in text and "no license" in text for kind, text in notes)
    names = [u.get("name") for u in api.xml("GET", "/users").iter("{%s}user" % NS["t"])]
    assert "kim" in names and "may" in names and "lee" not in names
