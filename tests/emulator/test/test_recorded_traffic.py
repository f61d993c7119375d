"""The emulator at /api/3.1/ answers like a real Tableau Server did, request by request.

The public repository civisanalytics/tableau_api keeps VCR cassettes recorded from a real Tableau Server at REST
API 3.1 (``spec/fixtures/vcr_cassettes/{auth,sites,projects,users,groups,datasources,jobs,workbooks}.yml``, 80
interactions). They are not copied here: ``RECORDED`` below says, in our words, what each interaction sent and
what the real server answered: the status, whether a ``Location`` came (for REST requests always a path
relative to the host, at the request's version), the ``Content-Type``, an empty 204, and the answer's shape
(for each element path below ``<tsResponse>``, the attribute names any element there carried; never the recorded
values). Error answers are reduced to their code, trusted tickets to whether one came.

Each cassette is replayed in order against a fresh emulator whose setup holds what the recording's server
already had (a site TestSite, a project ``test`` with five workbooks, a data source, a group, two more
users).
Ids that a request creates are used by the later ones. Differences are counted both ways: an element or
attribute the real server sent and the emulator lacks, and one the emulator sends at 3.1 that the real server
did not. ``ALLOWED`` lists the differences that are the emulator's choice, with the reason for each. Every
answer is also validated against the 3.29 XSD by the emulator fixture (conftest).
"""

import collections
import os
from xml.etree import ElementTree

import pytest
import requests

from conftest import checked_emulator
from rawapi import NS, Api
from samples import write_tdsx, write_twbx

TABLEAU = "{http://tableau.com/api}"
XML = "application/xml;charset=utf-8"
SETUP_VERSION = "3.25"

ROW_FIELDS = "cassette n method path body status location content_type error shape keep ticket"
Row = collections.namedtuple("Row", ROW_FIELDS)


def row(cassette, n, method, path, body=None, status=200, location=False, content_type=XML, error=None, shape=None,
        keep=None, ticket=None):
    """One recorded interaction. ``path`` and ``body`` name ids as ``{name}``; ``keep``: the name under which the
    id of the answer's element is kept for later rows; ``shape``: ``"path: attr attr | path | ..."``; ``ticket``:
    whether a trusted-ticket answer held a ticket (else ``-1``)."""
    return Row(cassette, n, method, path, body, status, location, content_type, error, shape, keep, ticket)


def sign_in(content_url, name="admin", password="admin"):
    return ('<tsRequest><credentials name="%s" password="%s"><site contentUrl="%s"/></credentials></tsRequest>'
            % (name, password, content_url))


def rules(item, grantee, *capabilities):
    """Add Workbook Permissions: ``grantee`` is ``user:{name}`` or ``group:{name}``; capabilities ``Name:Mode``."""
    kind, name = grantee.split(":")
    listed = "".join('<capability name="%s" mode="%s"/>' % tuple(c.split(":")) for c in capabilities)
    return ('<tsRequest><permissions><workbook id="{%s}"/><granteeCapabilities><%s id="{%s}"/><capabilities>%s'
            '</capabilities></granteeCapabilities></permissions></tsRequest>' % (item, kind, name, listed))


SITE = "/api/3.1/sites/{site}"
PAGE = "?pageNumber=1&pageSize=100"
CREDENTIALS = "credentials: token | credentials/site: contentUrl id | credentials/user: id"
PAGINATION = "pagination: pageNumber pageSize totalAvailable"
SITE_ATTRIBUTES = ("adminMode cacheWarmupEnabled commentingEnabled contentUrl disableSubscriptions guestAccessEnabled "
                   "id name revisionHistoryEnabled revisionLimit state subscribeOthersEnabled")
PROJECT_ATTRIBUTES = "contentPermissions createdAt description id name updatedAt"
PROJECTS = "%s | projects | projects/project: %s | projects/project/owner: id" % (PAGINATION, PROJECT_ATTRIBUTES)
USERS = PAGINATION + " | users | users/user: externalAuthUserId id lastLogin name siteRole"
GROUPS = PAGINATION + " | groups | groups/group: id name | groups/group/domain: name"
WORKBOOK_ATTRIBUTES = "contentUrl createdAt id name showTabs size updatedAt webpageUrl"
WORKBOOK_CHILDREN = "workbook/project: id name | workbook/owner: id | workbook/tags"
WORKBOOK = "workbook: %s | %s" % (WORKBOOK_ATTRIBUTES, WORKBOOK_CHILDREN)
WORKBOOK_WITH_VIEWS = WORKBOOK + " | workbook/views | workbook/views/view: contentUrl createdAt id name updatedAt " \
                                 "| workbook/views/view/tags"
USER_WORKBOOKS = ("%s | workbooks | workbooks/workbook: %s | workbooks/workbook/project: id name | "
                  "workbooks/workbook/owner: id | workbooks/workbook/tags" % (PAGINATION, WORKBOOK_ATTRIBUTES))
PERMISSIONS = ("permissions | permissions/workbook: id name | permissions/workbook/owner: id | "
               "permissions/granteeCapabilities | permissions/granteeCapabilities/group: id | "
               "permissions/granteeCapabilities/capabilities | "
               "permissions/granteeCapabilities/capabilities/capability: mode name")
PERMISSIONS_WITH_USER = PERMISSIONS + " | permissions/granteeCapabilities/user: id"
REFRESH_JOB = "job: createdAt id mode type | job/extractRefreshJob | job/extractRefreshJob/workbook: id name"
TRUSTED = "text/plain;charset=UTF-8"

RECORDED = (
    # auth.yml: trusted tickets (a user on the site, one who is not, no such user, no such site), then sign-in
    # and sign-out.
    row("auth.yml", 1, "POST", "/trusted", "username=test&target_site=", content_type=TRUSTED, ticket=True),
    row("auth.yml", 2, "POST", "/trusted", "username=test_test&target_site=TestSite", content_type=TRUSTED,
        ticket=True),
    row("auth.yml", 3, "POST", "/trusted", "username=test&target_site=TestSite", content_type=TRUSTED, ticket=False),
    row("auth.yml", 4, "POST", "/trusted", "username=invalid_user&target_site=", content_type=TRUSTED, ticket=False),
    row("auth.yml", 5, "POST", "/trusted", "username=test&target_site=invalid_site", status=302, location=True,
        content_type=None),
    row("auth.yml", 6, "POST", "/api/3.1/auth/signin", sign_in("", "foo", "bar"), status=401, error="401001"),
    row("auth.yml", 7, "POST", "/api/3.1/auth/signin", sign_in(""), shape=CREDENTIALS),
    row("auth.yml", 8, "POST", "/api/3.1/auth/signin", sign_in("TestSite"), shape=CREDENTIALS),
    row("auth.yml", 9, "POST", "/api/3.1/auth/signout", status=204),
    # sites.yml: create (its request spells the admin mode admin_mode, which the server ignores), a duplicate
    # content URL, list, delete the site signed in to, delete a site that is not there.
    row("sites.yml", 1, "POST", "/api/3.1/auth/signin", sign_in(""), shape=CREDENTIALS),
    row("sites.yml", 2, "POST", "/api/3.1/sites",
        '<tsRequest><site name="Test Site 2" contentUrl="TestSite2" admin_mode="ContentAndUsers"/></tsRequest>',
        status=201, location=True, shape="site: " + SITE_ATTRIBUTES, keep="new_site"),
    row("sites.yml", 3, "POST", "/api/3.1/sites",
        '<tsRequest><site name="Test Site 3" contentUrl="TestSite2" admin_mode="ContentAndUsers"/></tsRequest>',
        status=409, error="409002"),
    row("sites.yml", 4, "POST", "/api/3.1/auth/signin", sign_in("TestSite"), shape=CREDENTIALS),
    row("sites.yml", 5, "GET", "/api/3.1/sites" + PAGE, shape=PAGINATION + " | sites | sites/site: " + SITE_ATTRIBUTES),
    row("sites.yml", 6, "POST", "/api/3.1/auth/signin", sign_in("TestSite2"), shape=CREDENTIALS),
    row("sites.yml", 7, "DELETE", "/api/3.1/sites/{new_site}", status=204),
    row("sites.yml", 8, "DELETE", "/api/3.1/sites/does-not-exist", status=404, error="404000"),
    # projects.yml
    row("projects.yml", 1, "POST", "/api/3.1/auth/signin", sign_in("TestSite"), shape=CREDENTIALS),
    row("projects.yml", 2, "POST", SITE + "/projects", '<tsRequest><project name="test_project" description=""/>'
        '</tsRequest>', status=201, location=True, shape="project: %s | project/owner: id" % PROJECT_ATTRIBUTES),
    row("projects.yml", 3, "GET", SITE + "/projects" + PAGE, shape=PROJECTS),
    # users.yml
    row("users.yml", 1, "POST", "/api/3.1/auth/signin", sign_in("TestSite"), shape=CREDENTIALS),
    row("users.yml", 2, "POST", SITE + "/users", '<tsRequest><user name="test" siteRole="ExplorerCanPublish"/>'
        '</tsRequest>', status=201, location=True, shape="user: authSetting externalAuthUserId id name siteRole",
        keep="new_user"),
    row("users.yml", 3, "GET", SITE + "/users" + PAGE, shape=USERS),
    row("users.yml", 4, "GET", SITE + "/users/{new_user}",
        shape="user: authSetting externalAuthUserId fullName id name siteRole | user/domain: name"),
    row("users.yml", 5, "PUT", SITE + "/users/{new_user}", '<tsRequest><user name="test" siteRole="Explorer"/>'
        '</tsRequest>', shape="user: fullName name siteRole"),
    row("users.yml", 6, "GET", SITE + "/users/foo", status=404, error="404002"),
    # groups.yml: the create request carries defaultSiteRole, which is no attribute of a group: ignored.
    row("groups.yml", 1, "POST", "/api/3.1/auth/signin", sign_in("TestSite"), shape=CREDENTIALS),
    row("groups.yml", 2, "POST", SITE + "/groups", '<tsRequest><group name="testgroup" defaultSiteRole="Viewer"/>'
        '</tsRequest>', status=201, location=True, shape="group: id name", keep="new_group"),
    row("groups.yml", 3, "GET", SITE + "/groups" + PAGE, shape=GROUPS),
    row("groups.yml", 4, "GET", SITE + "/users" + PAGE, shape=USERS),
    row("groups.yml", 5, "POST", SITE + "/groups/{new_group}/users", '<tsRequest><user id="{test_test}"/></tsRequest>',
        shape="user: externalAuthUserId id name siteRole"),
    row("groups.yml", 6, "GET", SITE + "/groups/{new_group}/users" + PAGE,
        shape=PAGINATION + " | users | users/user: externalAuthUserId id name siteRole"),
    row("groups.yml", 7, "DELETE", SITE + "/groups/{new_group}/users/{test_test}", status=204),
    # datasources.yml
    row("datasources.yml", 1, "POST", "/api/3.1/auth/signin", sign_in("TestSite"), shape=CREDENTIALS),
    row("datasources.yml", 2, "GET", SITE + "/datasources" + PAGE, shape=PAGINATION + " | datasources | "
        "datasources/datasource: contentUrl createdAt id isCertified name type updatedAt webpageUrl | "
        "datasources/datasource/project: id name | datasources/datasource/owner: id | datasources/datasource/tags"),
    # jobs.yml: an extract refresh (every refresh on the recorded server failed), then Query Jobs.
    row("jobs.yml", 1, "POST", "/api/3.1/auth/signin", sign_in("TestSite"), shape=CREDENTIALS),
    row("jobs.yml", 2, "GET", SITE + "/projects" + PAGE, shape=PROJECTS),
    row("jobs.yml", 3, "GET", SITE + "/users/{admin}/workbooks" + PAGE, shape=USER_WORKBOOKS),
    row("jobs.yml", 4, "GET", SITE + "/workbooks/{refreshed}", shape=WORKBOOK_WITH_VIEWS),
    row("jobs.yml", 5, "POST", SITE + "/workbooks/{refreshed}/refresh", "<tsRequest/>", status=202, location=True,
        shape=REFRESH_JOB),
    row("jobs.yml", 6, "GET", SITE + "/jobs" + PAGE, shape=PAGINATION + " | backgroundJobs | "
        "backgroundJobs/backgroundJob: createdAt endedAt id jobType priority startedAt status"),
    row("jobs.yml", 7, "GET", SITE + "/jobs?filter=jobType:eq:refresh_extracts,status:eq:Success&pageNumber=1"
        "&pageSize=100", shape=PAGINATION + " | backgroundJobs"),
    # workbooks.yml: publish to a missing project, permissions added and deleted, paging, owner change, views,
    # preview image, refresh.
    row("workbooks.yml", 1, "POST", "/api/3.1/auth/signin", sign_in("TestSite"), shape=CREDENTIALS),
    row("workbooks.yml", 2, "GET", SITE + "/projects" + PAGE, shape=PROJECTS),
    row("workbooks.yml", 3, "GET", SITE + "/users/{admin}/workbooks" + PAGE, shape=USER_WORKBOOKS),
    row("workbooks.yml", 4, "GET", SITE + "/workbooks/{testpublish}", shape=WORKBOOK_WITH_VIEWS),
    row("workbooks.yml", 5, "POST", SITE + "/workbooks?overwrite=true", "publish-to:foo", status=404, error="404005"),
    row("workbooks.yml", 6, "GET", SITE + "/users" + PAGE, shape=USERS),
    row("workbooks.yml", 7, "PUT", SITE + "/workbooks/{testpublish}/permissions",
        rules("testpublish", "user:admin", "Read:Allow", "ChangePermissions:Deny"), shape=PERMISSIONS_WITH_USER),
    row("workbooks.yml", 8, "GET", SITE + "/groups" + PAGE, shape=GROUPS),
    row("workbooks.yml", 9, "PUT", SITE + "/workbooks/{testpublish}/permissions",
        rules("testpublish", "group:readers", "Read:Allow", "ChangePermissions:Deny"), shape=PERMISSIONS_WITH_USER),
    row("workbooks.yml", 10, "PUT", SITE + "/workbooks/{testpublish}/permissions",
        rules("testpublish", "user:admin", "Read:Allow"), shape=PERMISSIONS_WITH_USER),
    row("workbooks.yml", 11, "DELETE", SITE + "/workbooks/{testpublish}/permissions/users/{admin}/Read/Allow",
        status=204),
    row("workbooks.yml", 12, "DELETE", SITE + "/workbooks/{testpublish}/permissions/groups/{readers}/Read/Allow",
        status=204),
    row("workbooks.yml", 13, "PUT", SITE + "/workbooks/{testpublish}/permissions",
        rules("testpublish", "group:all_users", "ExportImage:Allow"), shape=PERMISSIONS_WITH_USER),
    row("workbooks.yml", 14, "DELETE", SITE + "/workbooks/{testpublish}/permissions/groups/{all_users}/ExportImage/"
        "Allow", status=204),
    row("workbooks.yml", 15, "GET", SITE + "/groups" + PAGE, shape=GROUPS),
    row("workbooks.yml", 16, "GET", SITE + "/workbooks/{testpublish}/permissions", shape=PERMISSIONS_WITH_USER),
    row("workbooks.yml", 17, "DELETE", SITE + "/workbooks/{testpublish}/permissions/groups/{all_users}/ExportData/"
        "Allow", status=404, error="404014"),
    row("workbooks.yml", 18, "DELETE", SITE + "/workbooks/{testpublish}/permissions/groups/{all_users}/ViewComments/"
        "Allow", status=404, error="404014"),
    row("workbooks.yml", 19, "DELETE", SITE + "/workbooks/{testpublish}/permissions/groups/{all_users}/AddComment/"
        "Allow", status=404, error="404014"),
    row("workbooks.yml", 20, "DELETE", SITE + "/workbooks/{testpublish}/permissions/groups/{readers}/"
        "ChangePermissions/Deny", status=204),
    row("workbooks.yml", 21, "DELETE", SITE + "/workbooks/{testpublish}/permissions/users/{admin}/ChangePermissions/"
        "Deny", status=204),
    row("workbooks.yml", 22, "DELETE", SITE + "/workbooks/{testpublish}/permissions/groups/{readers}/ExportImage/"
        "Allow", status=404, error="404014"),
    row("workbooks.yml", 23, "GET", SITE + "/workbooks/{testpublish}/permissions", shape=PERMISSIONS),
    row("workbooks.yml", 24, "GET", SITE + "/users/{admin}/workbooks" + PAGE, shape=USER_WORKBOOKS),
    row("workbooks.yml", 25, "GET", SITE + "/users/{admin}/workbooks" + PAGE, shape=USER_WORKBOOKS),
    row("workbooks.yml", 26, "GET", SITE + "/workbooks/{pagination1}", shape=WORKBOOK_WITH_VIEWS),
    row("workbooks.yml", 27, "GET", SITE + "/projects" + PAGE, shape=PROJECTS),
    row("workbooks.yml", 28, "GET", SITE + "/workbooks/{pagination2}", shape=WORKBOOK_WITH_VIEWS),
    row("workbooks.yml", 29, "GET", SITE + "/projects" + PAGE, shape=PROJECTS),
    row("workbooks.yml", 30, "GET", SITE + "/workbooks/{pagination3}", shape=WORKBOOK_WITH_VIEWS),
    row("workbooks.yml", 31, "GET", SITE + "/users/{admin}/workbooks?pageNumber=1&pageSize=2", shape=USER_WORKBOOKS),
    row("workbooks.yml", 32, "GET", SITE + "/users/{admin}/workbooks?pageNumber=2&pageSize=2", shape=USER_WORKBOOKS),
    row("workbooks.yml", 33, "GET", SITE + "/users/{admin}/workbooks" + PAGE, shape=USER_WORKBOOKS),
    row("workbooks.yml", 34, "PUT", SITE + "/workbooks/{testpublish}",
        '<tsRequest><workbook id="{testpublish}"><owner id="{admin}"/></workbook></tsRequest>', shape=WORKBOOK),
    row("workbooks.yml", 35, "GET", SITE + "/workbooks/{testpublish}/views" + PAGE,
        shape="views | views/view: contentUrl createdAt id name updatedAt | views/view/tags"),
    row("workbooks.yml", 36, "GET", SITE + "/workbooks/{testpublish}", shape=WORKBOOK_WITH_VIEWS),
    row("workbooks.yml", 37, "GET", SITE + "/workbooks/{testpublish}/previewImage", content_type="image/png"),
    row("workbooks.yml", 38, "POST", SITE + "/workbooks/{testpublish}/refresh", "<tsRequest/>", status=202,
        location=True, shape=REFRESH_JOB),
)

# Differences that are the emulator's choice: (cassette, interaction, difference) -> reason.
NOTES_REQUIRED = ("the 3.29 XSD requires <notes> in <extractRefreshJob>; the real 3.1 server's queued job had "
                  "none, every answer must validate")
ALLOWED = {
    ("jobs.yml", 5, "element job/extractRefreshJob/notes not sent by the real server"): NOTES_REQUIRED,
    ("workbooks.yml", 38, "element job/extractRefreshJob/notes not sent by the real server"): NOTES_REQUIRED,
}

CASSETTES = sorted(set(r.cassette for r in RECORDED), key=[r.cassette for r in RECORDED].index)


def parse_shape(text):
    found = {}
    for part in text.split(" | "):
        path, attributes = (part.split(":", 1) + [""])[:2]
        found[path.strip()] = set(attributes.split())
    return found


def answer_shape(root):
    """{element path below the root: attribute names any element there carries}."""
    found = {}

    def walk(el, prefix):
        for child in el:
            path = prefix + child.tag.replace(TABLEAU, "")
            found.setdefault(path, set()).update(a for a in child.attrib if not a.startswith("{"))
            walk(child, path + "/")
    walk(root, "")
    return found


def shape_differences(expected, actual):
    found = []
    for path in sorted(set(expected) | set(actual)):
        if path not in actual:
            if not any(path.startswith(p + "/") for p in expected if p not in actual and p != path):
                found.append("element %s missing" % path)
        elif path not in expected:
            if not any(path.startswith(p + "/") for p in actual if p not in expected and p != path):
                found.append("element %s not sent by the real server" % path)
        else:
            found.extend("%s/@%s missing" % (path, a) for a in sorted(expected[path] - actual[path]))
            found.extend("%s/@%s not sent by the real server" % (path, a) for a in sorted(actual[path] - expected[path]))
    return found


def differences(recorded, reply):
    """What the emulator's ``reply`` does otherwise than the real server's answer to ``recorded``."""
    found = []
    if reply.status_code != recorded.status:
        found.append("status %s, the real server's %s" % (reply.status_code, recorded.status))
    location = reply.headers.get("Location")
    if recorded.location and not location:
        found.append("no Location")
    elif recorded.location and recorded.path.startswith("/api/") and not location.startswith("/api/3.1/"):
        found.append("Location %s is not a path at /api/3.1/" % location)
    elif location and not recorded.location:
        found.append("a Location the real server did not send")
    if recorded.status == 204:
        if reply.content or reply.headers.get("Content-Type"):
            found.append("a 204 with a body or a Content-Type")
        return found
    content_type = reply.headers.get("Content-Type")
    if recorded.content_type and (content_type or "").lower() != recorded.content_type.lower():
        found.append("Content-Type %s, the real server's %s" % (content_type, recorded.content_type))
    if recorded.ticket is not None and (reply.content != b"-1") != recorded.ticket:
        found.append("%s, the real server's %s" % (reply.content[:40], "a ticket" if recorded.ticket else "-1"))
    if recorded.error or recorded.shape:
        try:
            root = ElementTree.fromstring(reply.content)
        except ElementTree.ParseError:
            return found + ["an answer that is not XML"]
        if 'ts-api-3.1.xsd' not in root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation", ""):
            found.append("the schema named is not ts-api-3.1.xsd")
        if recorded.error:
            error = root.find("t:error", NS)
            code = error.get("code") if error is not None else None
            if code != recorded.error:
                found.append("error code %s, the real server's %s" % (code, recorded.error))
        else:
            found.extend(shape_differences(parse_shape(recorded.shape), answer_shape(root)))
    return found


# ------------------------------------------------------------------ what the recorded server already had

SEED_USERS = [{"name": "test_test", "password": "test-test-password", "site_role": "ExplorerCanPublish",
               "sites": ["TestSite"]},
              {"name": "test", "password": "test-password", "site_role": "Viewer", "sites": [""]}]


def recorded_server(request):
    """The seed: the Default site and TestSite, the admin on both, test_test on TestSite and test on the Default
    site; every extract refresh fails at once."""
    from tableau_emulator.state import DEFAULT_SEED
    admin = dict(DEFAULT_SEED["users"][0], sites=["", "TestSite"])
    seed = dict(DEFAULT_SEED, server=dict(DEFAULT_SEED["server"], job_seconds=0, fail_jobs=["*"]),
                sites=[{"name": "Default", "content_url": ""}, {"name": "TestSite", "content_url": "TestSite"}],
                users=[admin] + SEED_USERS)
    return checked_emulator(request, seed)


def multipart(kind, name, project_id, path):
    with open(str(path), "rb") as handle:
        content = handle.read()
    boundary = "recordedboundary"
    meta = '<tsRequest><%s name="%s"><project id="%s"/></%s></tsRequest>' % (kind, name, project_id, kind)
    body = ("--%s\r\nContent-Disposition: name=\"request_payload\"\r\nContent-Type: text/xml\r\n\r\n%s\r\n"
            "--%s\r\nContent-Disposition: name=\"tableau_%s\"; filename=\"%s\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n" % (boundary, meta, boundary, kind, os.path.basename(str(path)))).encode()
    return body + content + ("\r\n--%s--\r\n" % boundary).encode(), "multipart/mixed; boundary=%s" % boundary


def publish(api, kind, name, project_id, path):
    body, content_type = multipart(kind, name, project_id, path)
    reply = requests.post(api.url + api.site_path("/%ss?overwrite=true" % kind), data=body, timeout=10,
                          headers={"X-Tableau-Auth": api.token, "Content-Type": content_type})
    assert reply.status_code == 201, reply.text
    return ElementTree.fromstring(reply.content).find("t:" + kind, NS).get("id")


def setup_recorded_content(url, tmp_path):
    """TestSite's content before the recordings: the ids by name."""
    api = Api(url, SETUP_VERSION, content_url="TestSite")
    ids = {"admin": api.user_id}
    users = api.xml("GET", "/users")
    ids["test_test"] = [u.get("id") for u in users.iter(TABLEAU + "user") if u.get("name") == "test_test"][0]
    groups = api.xml("GET", "/groups")
    ids["all_users"] = [g.get("id") for g in groups.iter(TABLEAU + "group") if g.get("name") == "All Users"][0]
    ids["readers"] = api.xml("POST", "/groups", b'<tsRequest><group name="Readers"/></tsRequest>',
                             expect=201).find("t:group", NS).get("id")
    project = api.xml("POST", "/projects", b'<tsRequest><project name="test" description=""/></tsRequest>',
                      expect=201).find("t:project", NS).get("id")
    default = [p.get("id") for p in api.xml("GET", "/projects").iter(TABLEAU + "project")
               if p.get("name") == "Default"][0]
    twbx = write_twbx(tmp_path / "recorded.twbx", extract_bytes=1024, worksheets=("Sheet 1",), dashboards=())
    for key, name in (("pagination1", "test pagination1"), ("pagination2", "test pagination2"),
                      ("pagination3", "test pagination3"), ("testpublish", "testpublish"), ("refreshed", "test")):
        ids[key] = publish(api, "workbook", name, project, twbx)
    publish(api, "datasource", "test", default, write_tdsx(tmp_path / "recorded.tdsx"))
    # What All Users may do with the workbook: the recorded answers show exactly these rules from the start.
    wanted = ("Write", "ViewUnderlyingData", "Filter", "Read", "ShareView")
    path = "/workbooks/%s/permissions" % ids["testpublish"]
    for grantee in api.xml("GET", path).iter(TABLEAU + "granteeCapabilities"):
        if grantee.find("t:group", NS) is not None and grantee.find("t:group", NS).get("id") == ids["all_users"]:
            for capability in grantee.iter(TABLEAU + "capability"):
                if capability.get("name") not in wanted:
                    rule = (ids["all_users"], capability.get("name"), capability.get("mode"))
                    api.call("DELETE", "%s/groups/%s/%s/%s" % ((path,) + rule))
    listed = "".join('<capability name="%s" mode="Allow"/>' % name for name in wanted)
    api.xml("PUT", path, ('<tsRequest><permissions><granteeCapabilities><group id="%s"/><capabilities>%s'
                          '</capabilities></granteeCapabilities></permissions></tsRequest>'
                          % (ids["all_users"], listed)).encode())
    return ids


# ------------------------------------------------------------------ the replay


def request_body(recorded, ids, tmp_path):
    if recorded.body is None:
        return None, {}
    if recorded.body.startswith("publish-to:"):
        body, content_type = multipart("workbook", "tableau_api test", recorded.body.split(":", 1)[1],
                                       write_twbx(tmp_path / "test.twbx"))
        return body, {"Content-Type": content_type}
    if recorded.path == "/trusted":
        return recorded.body.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
    return recorded.body.format(**ids).encode(), {}


def replay(url, cassette, ids, tmp_path):
    """[(row, [differences])] for every row of ``cassette``, in order."""
    results = []
    token = None
    for recorded in [r for r in RECORDED if r.cassette == cassette]:
        body, headers = request_body(recorded, ids, tmp_path)
        if token:
            headers["X-Tableau-Auth"] = token
        reply = requests.request(recorded.method, url + recorded.path.format(**ids), data=body, headers=headers,
                                 timeout=10, allow_redirects=False)
        if recorded.path.endswith("/auth/signin") and reply.status_code == 200:
            credentials = ElementTree.fromstring(reply.content).find("t:credentials", NS)
            token = credentials.get("token")
            ids["site"] = credentials.find("t:site", NS).get("id")
        if recorded.keep and reply.status_code in (200, 201):
            ids[recorded.keep] = ElementTree.fromstring(reply.content)[0].get("id")
        results.append((recorded, differences(recorded, reply)))
    return results


def unexplained(results):
    """The differences ``ALLOWED`` does not explain, and the allowances used."""
    found, used = [], set()
    for recorded, found_here in results:
        for difference in found_here:
            key = (recorded.cassette, recorded.n, difference)
            if key in ALLOWED:
                used.add(key)
            else:
                found.append("cassette %s, interaction %d (%s %s): %s" % (
                    recorded.cassette, recorded.n, recorded.method, recorded.path, difference))
    return found, used


@pytest.mark.parametrize("cassette", CASSETTES)
def test_the_emulator_answers_each_recorded_request_as_the_real_server_did(request, tmp_path, cassette):
    with recorded_server(request) as emu:
        ids = setup_recorded_content(emu.url, tmp_path)
        found, used = unexplained(replay(emu.url, cassette, ids, tmp_path))
        assert not found, "differences from the real server's answers:\n" + "\n".join(found)
        assert used == set(key for key in ALLOWED if key[0] == cassette), "an allowance no longer needed"


def test_the_table_covers_every_recorded_interaction():
    counts = collections.Counter(r.cassette for r in RECORDED)
    assert counts == {"auth.yml": 9, "sites.yml": 8, "projects.yml": 3, "users.yml": 6, "groups.yml": 7,
                      "datasources.yml": 2, "jobs.yml": 7, "workbooks.yml": 38}
    for cassette in counts:
        assert [r.n for r in RECORDED if r.cassette == cassette] == list(range(1, counts[cassette] + 1))


def test_every_allowance_names_a_recorded_interaction_and_says_why():
    rows = set((r.cassette, r.n) for r in RECORDED)
    for (cassette, n, _difference), reason in ALLOWED.items():
        assert (cassette, n) in rows and reason
