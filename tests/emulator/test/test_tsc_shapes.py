"""The emulator's answers have the shape of the answers TSC recorded from real servers.

TSC (tableau/server-client-python) keeps recorded and hand-edited server answers in ``test/assets/*.xml``; the
wheel the tests install has no assets and the tests download nothing, so the shapes of a handful of them are
written down here, by hand: for each element path, the attributes the recorded answer carries (the files
themselves are not copied). Each shape is compared with what the emulator answers for the same request:
the namespace, the elements and their attributes. ALLOWED lists the differences we accept, with a reason.
Assets marked 2.3 come from old servers; where a newer server sends more, the newer asset is used.
"""

from xml.etree import ElementTree

import pytest

from rawapi import Api
from samples import write_tds, write_twbx

TABLEAU_NS = "http://tableau.com/api"

# asset -> {element path: attributes}; the path is the chain of tags below <tsResponse>.
ASSET_SHAPES = {
    "user_add.xml": {  # Add User to Site
        "user": {"id", "name", "siteRole", "authSetting", "externalAuthUserId"},
    },
    "user_get_by_id.xml": {  # Query User On Site (2.3)
        "user": {"id", "name", "fullName", "siteRole", "authSetting", "lastLogin", "externalAuthUserId"},
        "user/domain": {"name"},
    },
    "user_get_all_fields.xml": {  # Get Users on Site, fields=_all_ (3.25)
        "pagination": {"pageNumber", "pageSize", "totalAvailable"},
        "users": set(),
        "users/user": {"authSetting", "email", "externalAuthUserId", "fullName", "id", "lastLogin", "name",
                       "siteRole", "locale", "language", "idpConfigurationId"},
        "users/user/domain": {"name"},
    },
    "group_get_all_fields.xml": {  # Query Groups, fields=_all_ (3.25)
        "pagination": {"pageNumber", "pageSize", "totalAvailable"},
        "groups": set(),
        "groups/group": {"id", "name", "userCount"},
        "groups/group/domain": {"name"},
    },
    "group_add_user.xml": {  # Add User to Group
        "user": {"id", "name", "siteRole", "externalAuthUserId"},
    },
    "group_create_async.xml": {  # Create Group (Active Directory, asJob=true)
        "job": {"id", "mode", "type", "progress", "createdAt"},
    },
    "project_create.xml": {  # Create Project
        "project": {"id", "name", "description", "contentPermissions", "parentProjectId"},
    },
    "project_get_all_fields.xml": {  # Query Projects, fields=_all_ (3.25)
        "pagination": {"pageNumber", "pageSize", "totalAvailable"},
        "projects": set(),
        "projects/project": {"id", "name", "description", "topLevelProject", "writeable", "createdAt", "updatedAt",
                             "contentPermissions"},
        "projects/project/owner": {"email", "fullName", "id", "lastLogin", "name", "siteRole"},
        "projects/project/contentsCounts": {"projectCount", "workbookCount", "viewCount", "datasourceCount"},
    },
    "workbook_get_all_fields.xml": {  # Query Workbooks for Site, fields=_all_ (3.25)
        "pagination": {"pageNumber", "pageSize", "totalAvailable"},
        "workbooks": set(),
        "workbooks/workbook": {"id", "name", "description", "contentUrl", "webpageUrl", "showTabs", "size",
                               "createdAt", "updatedAt", "sheetCount", "hasExtracts", "encryptExtracts",
                               "defaultViewId", "shareDescription", "lastPublishedAt"},
        "workbooks/workbook/project": {"id", "name", "description"},
        "workbooks/workbook/location": {"id", "type", "name"},
        "workbooks/workbook/owner": {"email", "fullName", "id", "lastLogin", "name", "siteRole"},
        "workbooks/workbook/tags": set(),
        "workbooks/workbook/dataAccelerationConfig": set(),
    },
    "workbook_populate_views.xml": {  # Query Views for Workbook (2.3)
        "views": set(),
        "views/view": {"id", "name", "contentUrl"},
    },
    "workbook_populate_connections.xml": {  # Query Workbook Connections (2.3)
        "connections": set(),
        "connections/connection": {"id", "type", "serverAddress", "userName"},
        "connections/connection/datasource": {"id", "name"},
    },
    "datasource_populate_connections.xml": {  # Query Data Source Connections (2.8)
        "connections": set(),
        "connections/connection": {"id", "type", "serverAddress", "userName", "embedPassword"},
    },
    "fileupload_initialize.xml": {  # Initiate File Upload (3.11)
        "fileUpload": {"uploadSessionId", "fileSize"},
    },
    "workbook_populate_permissions.xml": {  # Query Workbook Permissions (2.3): a group's rules and a user's
        "permissions": set(),
        "permissions/workbook": {"id", "name"},
        "permissions/workbook/owner": {"id"},
        "permissions/granteeCapabilities": set(),
        "permissions/granteeCapabilities/group": {"id"},
        "permissions/granteeCapabilities/user": {"id"},
        "permissions/granteeCapabilities/capabilities": set(),
        "permissions/granteeCapabilities/capabilities/capability": {"name", "mode"},
    },
    "project_populate_permissions.xml": {  # Query Project Permissions (3.5)
        "permissions": set(),
        "permissions/project": {"id", "name"},
        "permissions/project/owner": {"id"},
        "permissions/granteeCapabilities": set(),
        "permissions/granteeCapabilities/group": {"id"},
        "permissions/granteeCapabilities/capabilities": set(),
        "permissions/granteeCapabilities/capabilities/capability": {"name", "mode"},
    },
    "project_populate_workbook_default_permissions.xml": {  # Query Default Permissions, workbooks (3.5)
        "permissions": set(),
        "permissions/project": {"id", "name"},
        "permissions/project/owner": {"id"},
        "permissions/granteeCapabilities": set(),
        "permissions/granteeCapabilities/group": {"id"},
        "permissions/granteeCapabilities/capabilities": set(),
        "permissions/granteeCapabilities/capabilities/capability": {"name", "mode"},
    },
    "view_populate_permissions.xml": {  # Query View Permissions (3.7)
        "permissions": set(),
        "permissions/view": {"id", "name"},
        "permissions/view/owner": {"id"},
        "permissions/granteeCapabilities": set(),
        "permissions/granteeCapabilities/group": {"id"},
        "permissions/granteeCapabilities/capabilities": set(),
        "permissions/granteeCapabilities/capabilities/capability": {"name", "mode"},
    },
    "auth_sign_in.xml": {  # Sign In (2.3)
        "credentials": {"token"},
        "credentials/site": {"id", "contentUrl"},
        "credentials/user": {"id"},
    },
}

# (asset, path, attribute or None for the element itself) -> why the emulator differs.
ALLOWED = {
    ("user_get_by_id.xml", "user", "fullName"): "the user under test was added without a full name, so it has none",
    ("user_get_by_id.xml", "user", "lastLogin"): "the user under test never signed in",
    ("user_get_all_fields.xml", "users/user", "idpConfigurationId"):
        "only users of a site with several identity providers (Tableau Cloud) have one",
    ("project_create.xml", "project", "parentProjectId"): "the project under test is a top-level project",
    ("project_create.xml", "project", "topLevelProject"): "newer servers add it (project_get_all_fields.xml)",
    ("project_create.xml", "project", "writeable"): "newer servers add it (project_get_all_fields.xml)",
    ("project_create.xml", "project", "createdAt"): "newer servers add it (project_get_all_fields.xml)",
    ("project_create.xml", "project", "updatedAt"): "newer servers add it (project_get_all_fields.xml)",
    ("project_create.xml", "project/owner", None): "newer servers name the owner (project_get_all_fields.xml)",
    ("workbook_get_all_fields.xml", "workbooks/workbook", "shareDescription"):
        "not kept by the emulator: nothing in the collection reads it",
    ("workbook_get_all_fields.xml", "workbooks/workbook", "lastPublishedAt"):
        "not kept by the emulator: updatedAt carries the publish time",
    ("workbook_populate_views.xml", "views/view", "createdAt"): "newer servers add it (view_get.xml)",
    ("workbook_populate_views.xml", "views/view", "updatedAt"): "newer servers add it (view_get.xml)",
    ("workbook_populate_views.xml", "views/view", "sheetType"): "newer servers add it (view_get.xml)",
    ("workbook_populate_views.xml", "views/view", "viewUrlName"): "in the 3.29 schema's viewType",
    ("workbook_populate_views.xml", "views/view/tags", None): "views carry their tags (view_get.xml)",
    ("workbook_populate_connections.xml", "connections/connection", "embedPassword"):
        "newer servers add it (datasource_populate_connections.xml, 2.8)",
}
# Attributes the emulator adds to every connection: the 3.29 schema's connectionType has them, and the
# collection reads the port and the query-tagging flag.
for asset in ("workbook_populate_connections.xml", "datasource_populate_connections.xml"):
    for attribute in ("serverPort", "queryTaggingEnabled", "authenticationType"):
        ALLOWED[(asset, "connections/connection", attribute)] = "in the 3.29 schema's connectionType"
    ALLOWED[(asset, "connections/connection", "dbName")] = \
        "real servers name the database in connection listings (TSC's connection_item.py reads dbName from them)"
ALLOWED[("auth_sign_in.xml", "credentials", "estimatedTimeToExpiration")] = \
    "sent since 3.x (the REST API reference's Sign In answer); the asset is a 2.3 answer"


def shape(root):
    """{element path below tsResponse: attribute names}; every element must be in Tableau's namespace."""
    found = {}

    def walk(el, prefix):
        for child in el:
            assert child.tag.startswith("{%s}" % TABLEAU_NS), "element outside the Tableau namespace: %s" % child.tag
            path = prefix + child.tag.split("}", 1)[1]
            found.setdefault(path, set()).update(child.attrib)
            walk(child, path + "/")
    walk(root, "")
    return found


def differences(asset, expected, answer):
    root = ElementTree.fromstring(answer)
    assert root.tag == "{%s}tsResponse" % TABLEAU_NS
    schema_location = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
    assert schema_location and schema_location.startswith(TABLEAU_NS + " http://tableau.com/api/ts-api-")
    actual = shape(root)
    found = []
    for path in sorted(set(expected) | set(actual)):
        if path not in actual or path not in expected:
            if (asset, path, None) not in ALLOWED:
                found.append("%s: element %s %s" % (asset, path, "missing" if path not in actual else "extra"))
            continue
        for attribute in sorted(expected[path] ^ actual[path]):
            if (asset, path, attribute) not in ALLOWED:
                where = "missing" if attribute in expected[path] else "extra"
                found.append("%s: %s/@%s %s" % (asset, path, attribute, where))
    return found


@pytest.fixture
def answers(emulator, tsc, tmp_path):
    """Every answer the assets describe, from one session: asset -> body."""
    api = Api(emulator.url)
    bodies = {}

    def keep(asset, reply):
        assert reply.status_code < 300, reply.text
        bodies[asset] = reply.content
        return ElementTree.fromstring(reply.content)

    sign_in = api.call("POST", "/api/3.25/auth/signin", b'<tsRequest><credentials name="admin" password="admin">'
                       b'<site contentUrl=""/></credentials></tsRequest>')
    keep("auth_sign_in.xml", sign_in)
    user = keep("user_add.xml", api.call("POST", "/users", b'<tsRequest><user name="cassie" siteRole="Viewer"/>'
                                         b'</tsRequest>')).find("{%s}user" % TABLEAU_NS)
    keep("user_get_by_id.xml", api.call("GET", "/users/" + user.get("id")))
    keep("user_get_all_fields.xml", api.call("GET", "/users?fields=_all_"))
    group = keep("group_local", api.call(
        "POST", "/groups", b'<tsRequest><group name="Analysts"/></tsRequest>')).find("{%s}group" % TABLEAU_NS)
    keep("group_add_user.xml", api.call("POST", "/groups/%s/users" % group.get("id"),
                                        ('<tsRequest><user id="%s"/></tsRequest>' % user.get("id")).encode()))
    keep("group_get_all_fields.xml", api.call("GET", "/groups?fields=_all_"))
    keep("group_create_async.xml", api.call(
        "POST", "/groups?asJob=true", b'<tsRequest><group name="Sales"><import source="ActiveDirectory" '
        b'domainName="corp.example.com" siteRole="Viewer"/></group></tsRequest>'))
    keep("project_create.xml", api.call("POST", "/projects", b'<tsRequest><project name="Test Project" '
                                        b'description="Project created for testing"/></tsRequest>'))
    keep("project_get_all_fields.xml", api.call("GET", "/projects?fields=_all_&filter=name:eq:Test%20Project"))

    server = tsc.Server(emulator.url, use_server_version=True)
    server.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id=""))
    default = [p for p in server.projects.get()[0] if p.name == "Default"][0]
    workbook = server.workbooks.publish(tsc.WorkbookItem(default.id, name="Sample"),
                                        write_twbx(tmp_path / "Sample.twbx"), "CreateNew")
    datasource = server.datasources.publish(tsc.DatasourceItem(default.id, name="Orders"),
                                            write_tds(tmp_path / "Orders.tds"), "CreateNew")
    server.auth.sign_out()
    keep("workbook_get_all_fields.xml", api.call("GET", "/workbooks?fields=_all_"))
    keep("workbook_populate_views.xml", api.call("GET", "/workbooks/%s/views" % workbook.id))
    keep("workbook_populate_connections.xml", api.call("GET", "/workbooks/%s/connections" % workbook.id))
    keep("datasource_populate_connections.xml", api.call("GET", "/datasources/%s/connections" % datasource.id))
    keep("fileupload_initialize.xml", api.call("POST", "/fileUploads"))
    api.call("PUT", "/workbooks/%s/permissions" % workbook.id,
             ('<tsRequest><permissions><granteeCapabilities><user id="%s"/><capabilities><capability name="Read" '
              'mode="Allow"/></capabilities></granteeCapabilities></permissions></tsRequest>' % user.get("id")).encode())
    keep("workbook_populate_permissions.xml", api.call("GET", "/workbooks/%s/permissions" % workbook.id))
    keep("project_populate_permissions.xml", api.call("GET", "/projects/%s/permissions" % default.id))
    keep("project_populate_workbook_default_permissions.xml",
         api.call("GET", "/projects/%s/default-permissions/workbooks" % default.id))
    keep("view_populate_permissions.xml", api.call("GET", "/views/%s/permissions" % workbook.views[0].id))
    return bodies


def test_answers_have_the_shapes_tsc_recorded(answers):
    found = []
    for asset, expected in sorted(ASSET_SHAPES.items()):
        found.extend(differences(asset, expected, answers[asset]))
    assert not found, "differences from TSC's recorded answers:\n" + "\n".join(found)


def test_every_allowance_is_still_needed(answers):
    """An allowance that no longer matches a difference goes, so the list stays short and true."""
    unused = []
    for (asset, path, attribute), reason in sorted(ALLOWED.items(), key=str):
        expected = ASSET_SHAPES[asset]
        actual = shape(ElementTree.fromstring(answers[asset]))
        if attribute is None:
            needed = (path in expected) != (path in actual)
        else:
            needed = path in expected and path in actual and attribute in (expected[path] ^ actual[path])
        if not needed:
            unused.append("%s %s %s (%s)" % (asset, path, attribute, reason))
    assert not unused, "allowances that match no difference:\n" + "\n".join(unused)
