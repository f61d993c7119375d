"""Permissions refuse what the REST API refuses, with its codes, and decide what users may do: publish, list,
change permissions; impersonated sign-ins included."""

import pytest

from conftest import checked_emulator
from rawapi import NS, Api, error_code
from samples import write_twbx

T = "{http://tableau.com/api}"
NOBODY = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def api(emulator):
    return Api(emulator.url)


def created_id(api, path, body, tag):
    return api.xml("POST", path, body.encode(), expect=201).find("t:" + tag, NS).get("id")


def project(api, name, parent=None, locking=None):
    attrs = 'name="%s"' % name + (' parentProjectId="%s"' % parent if parent else "") + \
        (' contentPermissions="%s"' % locking if locking else "")
    return created_id(api, "/projects", "<tsRequest><project %s/></tsRequest>" % attrs, "project")


def user(api, name, role):
    user_id = created_id(api, "/users", '<tsRequest><user name="%s" siteRole="%s"/></tsRequest>' % (name, role), "user")
    api.xml("PUT", "/users/" + user_id, b'<tsRequest><user password="pw"/></tsRequest>')
    return user_id


def group(api, name, *members):
    group_id = created_id(api, "/groups", '<tsRequest><group name="%s"/></tsRequest>' % name, "group")
    for member in members:
        api.xml("POST", "/groups/%s/users" % group_id, ('<tsRequest><user id="%s"/></tsRequest>' % member).encode())
    return group_id


def rules(*grants, **extra):
    """``grants``: (tag, id, {capability: mode}); ``extra``: an item element to put first."""
    body = "".join('<granteeCapabilities><%s id="%s"/><capabilities>%s</capabilities></granteeCapabilities>'
                   % (tag, gid, "".join('<capability name="%s" mode="%s"/>' % c for c in caps.items()))
                   for tag, gid, caps in grants)
    return ("<tsRequest><permissions>%s%s</permissions></tsRequest>" % (extra.get("item", ""), body)).encode()


def rule_set(root):
    found = {}
    for gc in root.iter(T + "granteeCapabilities"):
        grantee = [el for el in gc if el.tag in (T + "user", T + "group")][0]
        found[(grantee.tag[len(T):], grantee.get("id"))] = dict(
            (c.get("name"), c.get("mode")) for c in gc.iter(T + "capability"))
    return found


def all_users(api):
    return [g.get("id") for g in api.xml("GET", "/groups").iter(T + "group") if g.get("name") == "All Users"][0]


def default_project(api):
    return [p.get("id") for p in api.xml("GET", "/projects").iter(T + "project") if p.get("name") == "Default"][0]


def sign_in(tsc, emulator, name, impersonate=None):
    server = tsc.Server(emulator.url, use_server_version=True)
    if impersonate:
        server.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id="", user_id_to_impersonate=impersonate))
    else:
        server.auth.sign_in(tsc.TableauAuth(name, "pw", site_id=""))
    return server


def publish(tsc, server, project_id, name, tmp_path, **item):
    return server.workbooks.publish(tsc.WorkbookItem(project_id, name=name, **item),
                                    write_twbx(tmp_path / ("%s.twbx" % name)), "CreateNew")


def served(reply):
    """The route exists at the path's version (whatever the answer to this request is)."""
    return reply.status_code != 404 or error_code(reply) != "404008"


def publish_code(tsc, server, project_id, name, tmp_path):
    try:
        publish(tsc, server, project_id, name, tmp_path)
    except tsc.ServerResponseError as exc:
        return exc.code
    return "published"


# Refusals and their codes


@pytest.mark.parametrize("kind,code", [
    ("projects", "404005"), ("workbooks", "404006"), ("datasources", "404004"), ("views", "404011"),
    ("flows", "404027"), ("databases", "404003"), ("tables", "404003"), ("virtualconnections", "404000"),
])
def test_an_unknown_item_has_its_kind_s_404_code(api, kind, code):
    for method, path in (("GET", "/%s/%s/permissions" % (kind, NOBODY)),
                         ("PUT", "/%s/%s/permissions" % (kind, NOBODY)),
                         ("DELETE", "/%s/%s/permissions/groups/%s/Read/Allow" % (kind, NOBODY, NOBODY))):
        reply = api.call(method, path, rules(("group", all_users(api), {"Read": "Allow"})))
        assert (reply.status_code, error_code(reply)) == (404, code), (method, path)
    reply = api.call("GET", "/projects/%s/default-permissions/workbooks" % NOBODY)
    assert (reply.status_code, error_code(reply)) == (404, "404005")


@pytest.mark.parametrize("body,code", [
    (rules(("user", NOBODY, {"Read": "Allow"})), "404002"),
    (rules(("group", NOBODY, {"Read": "Allow"})), "404012"),
    (rules(("group", "ALL", {"Fly": "Allow"})), "404013"),
    (rules(("group", "ALL", {"Read": "Maybe"})), "404013"),
    (rules(("group", "ALL", {"Connect": "Allow"})), "400009"),
    (rules(("group", "ALL", {"ProjectLeader": "Deny"})), "400009"),
    (rules(("group", "ALL", {"Write": "Allow"}), item='<project id="%s"/>' % NOBODY), "404009"),
    (rules(("group", "ALL", {"Write": "Allow"}), item='<workbook id="%s"/>' % NOBODY), "400000"),
    (b"<tsRequest><project/></tsRequest>", "400000"),
    (b"<tsRequest><permissions/></tsRequest>", "400000"),
    (b'<tsRequest><permissions><granteeCapabilities><capabilities><capability name="Read" mode="Allow"/>'
     b"</capabilities></granteeCapabilities></permissions></tsRequest>", "400000"),
])
def test_a_bad_project_permissions_request_changes_nothing(api, body, code):
    project_id, everyone = default_project(api), all_users(api)
    before = rule_set(api.xml("GET", "/projects/%s/permissions" % project_id))
    # A good rule beside the bad one is not added either.
    body = body.replace(b"ALL", everyone.encode()).replace(
        b"</permissions>", ('<granteeCapabilities><group id="%s"/><capabilities><capability name="Write" '
                            'mode="Allow"/></capabilities></granteeCapabilities></permissions>' % everyone).encode(), 1)
    reply = api.call("PUT", "/projects/%s/permissions" % project_id, body)
    assert (reply.status_code, error_code(reply)) == (int(code[:3]), code), reply.text
    assert rule_set(api.xml("GET", "/projects/%s/permissions" % project_id)) == before


def test_default_permissions_refuse_items_and_capabilities_of_other_kinds(api):
    project_id, everyone = default_project(api), all_users(api)
    path = "/projects/%s/default-permissions/workbooks" % project_id
    reply = api.call("PUT", path, rules(("group", everyone, {"Write": "Allow"}), item='<workbook id="%s"/>' % NOBODY))
    assert (reply.status_code, error_code(reply)) == (400, "400042")
    for capability in ("ProjectLeader", "Connect"):
        reply = api.call("PUT", path, rules(("group", everyone, {capability: "Allow"})))
        assert (reply.status_code, error_code(reply)) == (400, "400009")
    reply = api.call("PUT", "/projects/%s/default-permissions/datasources" % project_id,
                     rules(("group", everyone, {"Filter": "Allow"})))
    assert (reply.status_code, error_code(reply)) == (400, "400009")


def test_deleting_a_rule_that_is_not_there(api, tsc, emulator, tmp_path):
    project_id, everyone = default_project(api), all_users(api)
    base = "/projects/%s/permissions/groups/%s" % (project_id, everyone)
    for path, code in ((base + "/Write/Allow", "404013"), (base + "/Read/Deny", "404013"),
                       (base + "/Fly/Allow", "404013"), (base + "/Read/Sometimes", "404013"),
                       (base + "/Connect/Allow", "400009"),
                       ("/projects/%s/permissions/users/%s/Read/Allow" % (project_id, NOBODY), "404002"),
                       ("/projects/%s/permissions/groups/%s/Read/Allow" % (project_id, NOBODY), "404012"),
                       ("/projects/%s/permissions/robots/%s/Read/Allow" % (project_id, everyone), "404000"),
                       ("/projects/%s/default-permissions/workbooks/groups/%s/Write/Allow" % (project_id, everyone),
                        "404013")):
        reply = api.call("DELETE", path)
        assert (reply.status_code, error_code(reply)) == (int(code[:3]), code), path
    assert api.call("DELETE", base + "/Read/Allow").status_code == 204
    assert api.call("DELETE", base + "/Read/Allow").status_code == 404

    admin = sign_in(tsc, emulator, "admin", impersonate=api.user_id)
    view = publish(tsc, admin, project_id, "Views", tmp_path).views[0]
    reply = api.call("DELETE", "/views/%s/permissions/groups/%s/Write/Allow" % (view.id, everyone))
    assert (reply.status_code, error_code(reply)) == (400, "400009")
    reply = api.call("DELETE", "/views/%s/permissions/groups/%s/ShareView/Allow" % (view.id, everyone))
    assert (reply.status_code, error_code(reply)) == (404, "404014")


def test_the_other_mode_of_a_capability_is_a_conflict_until_the_rule_is_deleted(api):
    project_id, everyone = default_project(api), all_users(api)
    path = "/projects/%s/permissions" % project_id
    reply = api.call("PUT", path, rules(("group", everyone, {"Read": "Deny"})))
    assert (reply.status_code, error_code(reply)) == (409, "409004")
    # The same rule again is no conflict: it is ignored, and the answer names it.
    assert rule_set(api.xml("PUT", path, rules(("group", everyone, {"Read": "Allow"})))) == {
        ("group", everyone): {"Read": "Allow"}}
    assert api.call("DELETE", path + "/groups/%s/Read/Allow" % everyone).status_code == 204
    assert rule_set(api.xml("PUT", path, rules(("group", everyone, {"Read": "Deny"})))) == {
        ("group", everyone): {"Read": "Deny"}}


def test_put_answers_the_rules_it_was_given_and_get_all_rules(api):
    project_id, everyone = default_project(api), all_users(api)
    analysts = group(api, "Analysts")
    added = api.xml("PUT", "/projects/%s/permissions" % project_id, rules(("group", analysts, {"Write": "Allow"})))
    assert rule_set(added) == {("group", analysts): {"Write": "Allow"}}
    assert added.find("t:permissions/t:project", NS).get("id") == project_id
    assert rule_set(api.xml("GET", "/projects/%s/permissions" % project_id)) == {
        ("group", everyone): {"Read": "Allow"}, ("group", analysts): {"Write": "Allow"}}


@pytest.mark.parametrize("method,path,old,new", [
    ("GET", "/views/%s/permissions" % NOBODY, "3.1", "3.2"),
    ("PUT", "/flows/%s/permissions" % NOBODY, "3.2", "3.3"),
    ("GET", "/databases/%s/permissions" % NOBODY, "3.4", "3.5"),
    ("GET", "/virtualconnections/%s/permissions" % NOBODY, "3.21", "3.22"),
    ("GET", "/metrics/%s/permissions" % NOBODY, "3.8", "3.9"),
    ("GET", "/lenses/%s/permissions" % NOBODY, "3.12", "3.21"),
    ("GET", "/projects/PROJECT/default-permissions/workbooks", "2.0", "2.1"),
    ("GET", "/projects/PROJECT/default-permissions/flows", "3.2", "3.3"),
    ("GET", "/projects/PROJECT/default-permissions/dataroles", "3.12", "3.13"),
    ("GET", "/projects/PROJECT/default-permissions/databases", "3.5", "3.6"),
    ("GET", "/projects/PROJECT/default-permissions/virtualconnections", "3.22", "3.23"),
    ("GET", "/flows", "3.2", "3.3"),
    ("GET", "/virtualconnections", "3.17", "3.18"),
    ("GET", "/views", "2.1", "2.2"),
])
def test_a_method_older_than_its_version_is_404008(api, method, path, old, new):
    path = path.replace("PROJECT", default_project(api))
    reply = api.call(method, path, version=old)
    assert (reply.status_code, error_code(reply)) == (404, "404008")
    assert served(api.call(method, path, version=new))


@pytest.mark.parametrize("path", ["/metrics/%s/permissions" % NOBODY, "/lenses/%s/permissions" % NOBODY,
                                  "/projects/PROJECT/default-permissions/metrics",
                                  "/projects/PROJECT/default-permissions/lenses", "/metrics"])
def test_metrics_and_lenses_are_retired_in_3_22(api, path):
    path = path.replace("PROJECT", default_project(api))
    reply = api.call("GET", path, version="3.22")
    assert (reply.status_code, error_code(reply)) == (404, "404008")
    assert served(api.call("GET", path, version="3.21"))


def test_capabilities_newer_than_3_0_are_neither_named_nor_sent_at_3_0(api, tsc, emulator, tmp_path):
    project_id, everyone = default_project(api), all_users(api)
    admin = sign_in(tsc, emulator, "admin", impersonate=api.user_id)
    workbook = publish(tsc, admin, project_id, "Old", tmp_path)
    path = "/workbooks/%s/permissions" % workbook.id
    api.xml("PUT", path, rules(("group", everyone, {"RunExplainData": "Allow"})))
    reply = api.call("PUT", path, rules(("group", everyone, {"RunExplainData": "Allow"})), version="3.0")
    assert (reply.status_code, error_code(reply)) == (404, "404013")
    old = rule_set(api.xml("GET", path, version="3.0"))  # validated against ts-api_3_0.xsd
    assert "RunExplainData" not in old[("group", everyone)] and "Read" in old[("group", everyone)]
    assert "RunExplainData" in rule_set(api.xml("GET", path))[("group", everyone)]


# Locked projects


def test_locked_projects_govern_their_content_and_refuse_its_own_rules(api, tsc, emulator, tmp_path):
    everyone = all_users(api)
    locked = project(api, "Locked", locking="LockedToProject")
    nested = project(api, "Inside", parent=locked)
    shallow = project(api, "Shallow", locking="LockedToProjectWithoutNested")
    free = project(api, "Free", parent=shallow)
    admin = sign_in(tsc, emulator, "admin", impersonate=api.user_id)
    in_nested = publish(tsc, admin, nested, "InNested", tmp_path)
    in_shallow = publish(tsc, admin, shallow, "InShallow", tmp_path)
    in_free = publish(tsc, admin, free, "InFree", tmp_path)
    body = rules(("group", everyone, {"ShareView": "Allow"}))
    for workbook in (in_nested, in_shallow):
        reply = api.call("PUT", "/workbooks/%s/permissions" % workbook.id, body)
        assert (reply.status_code, error_code(reply)) == (403, "403039")
        reply = api.call("DELETE", "/workbooks/%s/permissions/groups/%s/Read/Allow" % (workbook.id, everyone))
        assert (reply.status_code, error_code(reply)) == (403, "403039")
    assert api.call("PUT", "/workbooks/%s/permissions" % in_free.id, body).status_code == 200
    reply = api.call("PUT", "/projects/%s/permissions" % nested, body.replace(b"ShareView", b"Write"))
    assert (reply.status_code, error_code(reply)) == (403, "403039")
    assert api.call("PUT", "/projects/%s/permissions" % free, body.replace(b"ShareView", b"Write")).status_code == 200

    # What a user may do there is what the locking project's default rules say.
    reader = user(api, "reader", "Viewer")
    as_reader = Api(emulator.url, name="reader", password="pw")
    listed = [w.get("name") for w in as_reader.xml("GET", "/workbooks").iter(T + "workbook")]
    assert sorted(listed) == ["InFree", "InNested", "InShallow"]  # All Users may view, by the defaults
    api.xml("PUT", "/projects/%s/default-permissions/workbooks" % locked,
            rules(("user", reader, {"Read": "Deny"})))
    listed = [w.get("name") for w in as_reader.xml("GET", "/workbooks").iter(T + "workbook")]
    assert sorted(listed) == ["InFree", "InShallow"]


def test_a_view_follows_its_workbook_while_the_workbook_shows_tabs(api, tsc, emulator, tmp_path):
    admin = sign_in(tsc, emulator, "admin", impersonate=api.user_id)
    workbook = publish(tsc, admin, default_project(api), "Tabs", tmp_path, show_tabs=True)
    view = workbook.views[0]
    reply = api.call("PUT", "/views/%s/permissions" % view.id, rules(("group", all_users(api), {"ShareView": "Allow"})))
    assert (reply.status_code, error_code(reply)) == (403, "403096")


# Who may change permissions


def test_only_admins_owners_leaders_and_holders_of_change_permissions_change_rules(api, tsc, emulator, tmp_path):
    project_id, everyone = default_project(api), all_users(api)
    bob, carol, lead = user(api, "bob", "Creator"), user(api, "carol", "Explorer"), user(api, "lead", "Creator")
    leaders = group(api, "Leaders", lead)
    admin = sign_in(tsc, emulator, "admin", impersonate=api.user_id)
    workbook = publish(tsc, admin, project_id, "Guarded", tmp_path)
    path = "/workbooks/%s/permissions" % workbook.id
    body = rules(("group", everyone, {"ShareView": "Allow"}))
    as_bob, as_carol, as_lead = [Api(emulator.url, name=n, password="pw") for n in ("bob", "carol", "lead")]

    for caller in (as_bob, as_carol, as_lead):
        reply = caller.call("PUT", path, body)
        assert (reply.status_code, error_code(reply)) == (403, "403004")
    assert as_bob.call("GET", path).status_code == 200  # All Users may view the workbook, and so its rules
    for kind, code in (("workbooks", "403036"), ("datasources", "403035"), ("flows", "403035")):
        reply = as_bob.call("GET", "/projects/%s/default-permissions/%s" % (project_id, kind))
        assert (reply.status_code, error_code(reply)) == (403, code)
    reply = as_bob.call("PUT", "/projects/%s/default-permissions/workbooks" % project_id, body)
    assert (reply.status_code, error_code(reply)) == (403, "403004")

    api.xml("PUT", path, rules(("user", carol, {"ChangePermissions": "Allow"})))
    assert as_carol.call("PUT", path, body).status_code == 200
    api.xml("PUT", "/projects/%s/permissions" % project_id, rules(("group", leaders, {"ProjectLeader": "Allow"})))
    assert as_lead.call("DELETE", path + "/groups/%s/ShareView/Allow" % everyone).status_code == 204
    assert as_lead.call("GET", "/projects/%s/default-permissions/workbooks" % project_id).status_code == 200
    api.xml("PUT", "/workbooks/" + workbook.id,
            ('<tsRequest><workbook><owner id="%s"/></workbook></tsRequest>' % bob).encode())
    assert as_bob.call("PUT", path, body).status_code == 200


# Publishing and listing


def test_publishing_needs_a_publishing_role_and_write_on_the_project(api, tsc, emulator, tmp_path):
    sales = project(api, "Sales")
    user(api, "vera", "Viewer")
    cody = user(api, "cody", "Creator")
    publishers = group(api, "Publishers")
    vera_server, cody_server = sign_in(tsc, emulator, "vera"), sign_in(tsc, emulator, "cody")
    impersonated = sign_in(tsc, emulator, "admin", impersonate=cody)

    assert publish_code(tsc, vera_server, sales, "ByVera", tmp_path) == "403007"
    assert publish_code(tsc, cody_server, sales, "ByCody", tmp_path) == "403007"
    assert publish_code(tsc, impersonated, sales, "ByCody", tmp_path) == "403007"

    api.xml("PUT", "/projects/%s/permissions" % sales, rules(("group", publishers, {"Write": "Allow"})))
    assert publish_code(tsc, cody_server, sales, "ByCody", tmp_path) == "403007"  # not a member yet
    api.xml("POST", "/groups/%s/users" % publishers, ('<tsRequest><user id="%s"/></tsRequest>' % cody).encode())
    assert publish_code(tsc, cody_server, sales, "ByCody", tmp_path) == "published"
    assert publish_code(tsc, vera_server, sales, "ByVera", tmp_path) == "403007"  # a Viewer never publishes

    # A Deny for the user wins over the group's Allow; the impersonated session is the user's.
    api.xml("PUT", "/projects/%s/permissions" % sales, rules(("user", cody, {"Write": "Deny"})))
    assert publish_code(tsc, cody_server, sales, "Again", tmp_path) == "403007"
    assert publish_code(tsc, impersonated, sales, "Again", tmp_path) == "403007"
    assert api.call("DELETE", "/projects/%s/permissions/users/%s/Write/Deny" % (sales, cody)).status_code == 204
    assert publish_code(tsc, impersonated, sales, "Again", tmp_path) == "published"
    # A group's Deny wins over another group's Allow.
    blocked = group(api, "Blocked", cody)
    api.xml("PUT", "/projects/%s/permissions" % sales, rules(("group", blocked, {"Write": "Deny"})))
    assert publish_code(tsc, cody_server, sales, "Third", tmp_path) == "403007"
    # An administrator publishes anywhere.
    assert publish_code(tsc, sign_in(tsc, emulator, "admin", impersonate=api.user_id), sales, "ByAdmin",
                        tmp_path) == "published"


def test_listings_show_a_user_what_they_may_read(api, tsc, emulator, tmp_path):
    everyone = all_users(api)
    secret = project(api, "Secret")
    api.call("DELETE", "/projects/%s/permissions/groups/%s/Read/Allow" % (secret, everyone))
    api.call("DELETE", "/projects/%s/default-permissions/workbooks/groups/%s/Read/Allow" % (secret, everyone))
    dana = user(api, "dana", "Creator")
    admin = sign_in(tsc, emulator, "admin", impersonate=api.user_id)
    publish(tsc, admin, secret, "Hidden", tmp_path)
    publish(tsc, admin, default_project(api), "Open", tmp_path)
    as_dana = Api(emulator.url, name="dana", password="pw")

    def names(caller, path, tag):
        return sorted(el.get("name") for el in caller.xml("GET", path).iter(T + tag))
    assert names(as_dana, "/projects", "project") == ["Default"]
    assert names(as_dana, "/workbooks", "workbook") == ["Open"]
    assert "Overview" in names(as_dana, "/views", "view")
    assert names(api, "/projects", "project") == ["Default", "Secret"]
    assert names(api, "/workbooks", "workbook") == ["Hidden", "Open"]
    assert int(as_dana.xml("GET", "/workbooks").find("t:pagination", NS).get("totalAvailable")) == 1

    # An owner sees what they own without any rule.
    hidden = [w.get("id") for w in api.xml("GET", "/workbooks").iter(T + "workbook") if w.get("name") == "Hidden"][0]
    api.xml("PUT", "/workbooks/" + hidden, ('<tsRequest><workbook><owner id="%s"/></workbook></tsRequest>' % dana).encode())
    assert names(as_dana, "/workbooks", "workbook") == ["Hidden", "Open"]
    # The impersonated user sees what that user sees.
    assert names(Api(emulator.url, impersonate=dana), "/projects", "project") == ["Default"]


# Rules go with what they are about


def test_rules_go_with_their_user_group_or_item(api, emulator, tsc, tmp_path):
    state = emulator.emulator.state
    site = state.sites[api.site_id]
    project_id = project(api, "Doomed")
    erin, crew = user(api, "erin", "Creator"), group(api, "Crew")
    api.xml("PUT", "/projects/%s/permissions" % project_id,
            rules(("user", erin, {"Read": "Allow"}), ("group", crew, {"Write": "Allow"})))
    api.xml("PUT", "/projects/%s/default-permissions/workbooks" % project_id,
            rules(("user", erin, {"Read": "Allow"}), ("group", crew, {"Read": "Allow"})))
    assert api.call("DELETE", "/groups/" + crew).status_code == 204
    assert api.call("DELETE", "/users/" + erin).status_code == 204
    assert rule_set(api.xml("GET", "/projects/%s/permissions" % project_id)) == {
        ("group", all_users(api)): {"Read": "Allow"}}
    assert ("user", erin) not in rule_set(api.xml("GET", "/projects/%s/default-permissions/workbooks" % project_id))

    admin = sign_in(tsc, emulator, "admin", impersonate=api.user_id)
    gone = publish(tsc, admin, project_id, "Gone", tmp_path)
    stays = publish(tsc, admin, default_project(api), "Stays", tmp_path)
    assert ("workbooks", gone.id) in site.permissions and ("views", gone.views[0].id) in site.permissions
    assert api.call("DELETE", "/workbooks/" + stays.id).status_code == 204
    assert ("workbooks", stays.id) not in site.permissions
    assert not [k for k in site.permissions if k[1] in [v.id for v in stays.views]]
    assert api.call("DELETE", "/projects/" + project_id).status_code == 204
    assert not [k for k in site.permissions if project_id in k or gone.id in k]
    assert not [k for k in site.default_permissions if project_id in k]


# Databases and tables


def test_locked_databases_keep_their_default_table_rules(request, tsc):
    from tableau_emulator.state import DEFAULT_SEED
    seed = dict(DEFAULT_SEED, sites=[{"name": "Default", "content_url": "", "databases": [
        {"name": "locked_db", "content_permissions": "LockedToDatabase"}],
        "tables": [{"name": "returns", "database": "locked_db"}]}])
    with checked_emulator(request, seed) as emu:
        api = Api(emu.url)
        database = api.xml("GET", "/databases").find("t:databases/t:database", NS).get("id")
        reply = api.call("PUT", "/databases/%s/default-permissions/tables" % database,
                         rules(("group", all_users(api), {"Write": "Allow"})))
        assert (reply.status_code, error_code(reply)) == (403, "403114")
        reply = api.call("PUT", "/databases/%s/default-permissions/tables" % database,
                         rules(("group", all_users(api), {"Write": "Allow"})), version="3.4")
        assert (reply.status_code, error_code(reply)) == (404, "404008")
        user(api, "tess", "Explorer")
        as_tess = Api(emu.url, name="tess", password="pw")
        reply = as_tess.call("GET", "/databases/%s/default-permissions/tables" % database)
        assert (reply.status_code, error_code(reply)) == (403, "403115")
        assert [t.get("name") for t in as_tess.xml("GET", "/tables").iter(T + "table")] == []
        assert [d.get("name") for d in api.xml("GET", "/databases").iter(T + "database")] == ["locked_db"]
