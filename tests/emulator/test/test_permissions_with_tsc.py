"""TSC's permissions API (explicit rules on every content kind, project and database default rules) runs
unchanged against the emulator; every answer validates against the XSD."""

import pytest

from conftest import validated_emulator
from samples import write_tdsx, write_twbx

SEED_CONTENT = {
    "flows": [{"name": "Prep Orders", "description": "Cleans orders"}, {"name": "Prep Returns"}],
    "virtual_connections": [{"name": "Sales VC"}],
    "metrics": [{"name": "Revenue Metric"}],
    "lenses": [{"name": "Orders Lens"}],
    "databases": [{"name": "sales", "host": "db.example.com", "port": 5432, "contact": "admin"},
                  {"name": "locked_db", "content_permissions": "LockedToDatabase"}],
    "tables": [{"name": "orders", "database": "sales", "schema": "public"},
               {"name": "returns", "database": "locked_db", "schema": "public"}],
}


@pytest.fixture
def seeded(request):
    """An emulator whose Default site holds flows, a virtual connection, a metric, a lens, databases and tables."""
    from tableau_emulator.state import DEFAULT_SEED
    seed = dict(DEFAULT_SEED, sites=[dict({"name": "Default", "content_url": ""}, **SEED_CONTENT),
                                     {"name": "Finance", "content_url": "finance"}])
    yield from validated_emulator(request, seed)


@pytest.fixture
def seeded_server(seeded, tsc):
    server = tsc.Server(seeded.url, use_server_version=True)
    server.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id=""))
    yield server
    server.auth.sign_out()


def default_project(server):
    return [p for p in server.projects.get()[0] if p.name == "Default"][0]


def all_users(server):
    return [g for g in server.groups.get()[0] if g.name == "All Users"][0]


def as_dict(rules):
    """{(grantee tag, id): {capability: mode}} of TSC's PermissionsRule list."""
    return dict(((r.grantee.tag_name, r.grantee.id), dict(r.capabilities)) for r in rules)


def by_name(items, name):
    return [i for i in items if i.name == name][0]


def test_project_permissions_are_queried_added_merged_and_deleted(tsc_server, tsc):
    server = tsc_server
    project = server.projects.create(tsc.ProjectItem("Sales"))
    group = server.groups.create(tsc.GroupItem("Analysts"))
    everyone = all_users(server)

    # A new top-level project starts with the Default project's rules: All Users may view it.
    server.projects.populate_permissions(project)
    assert as_dict(project.permissions) == {("group", everyone.id): {"Read": "Allow"}}

    rule = tsc.PermissionsRule(group, {tsc.Permission.Capability.Read: tsc.Permission.Mode.Allow,
                                       tsc.Permission.Capability.Write: tsc.Permission.Mode.Allow})
    added = server.projects.update_permissions(project, [rule])
    assert as_dict(added) == {("group", group.id): {"Read": "Allow", "Write": "Allow"}}
    # Adding a rule that is already there changes nothing.
    again = server.projects.update_permissions(project, [tsc.PermissionsRule(group, {"Write": "Allow"})])
    assert as_dict(again) == {("group", group.id): {"Write": "Allow"}}
    server.projects.populate_permissions(project)
    assert as_dict(project.permissions) == {("group", everyone.id): {"Read": "Allow"},
                                            ("group", group.id): {"Read": "Allow", "Write": "Allow"}}

    server.projects.delete_permission(project, [tsc.PermissionsRule(group, {"Write": "Allow"})])
    server.projects.populate_permissions(project)
    assert as_dict(project.permissions)[("group", group.id)] == {"Read": "Allow"}


def test_workbook_data_source_and_view_permissions(tsc_server, tsc, tmp_path):
    server = tsc_server
    project = default_project(server)
    user = server.users.add(tsc.UserItem("reader", "Viewer"))
    workbook = server.workbooks.publish(tsc.WorkbookItem(project.id, name="Sales"), write_twbx(tmp_path / "Sales.twbx"),
                                        "CreateNew")
    datasource = server.datasources.publish(tsc.DatasourceItem(project.id, name="Orders"),
                                            write_tdsx(tmp_path / "Orders.tdsx"), "CreateNew")
    everyone = all_users(server)

    # New content starts with its project's default rules for its kind.
    server.workbooks.populate_permissions(workbook)
    assert as_dict(workbook.permissions) == {("group", everyone.id): dict(
        (name, "Allow") for name in ("Read", "Filter", "ViewComments", "AddComment", "ExportImage", "ExportData"))}
    server.datasources.populate_permissions(datasource)
    assert as_dict(datasource.permissions) == {("group", everyone.id): {"Read": "Allow", "Connect": "Allow"}}

    user_rule = tsc.PermissionsRule(user, {"ExportData": "Deny", "ShareView": "Allow"})
    assert as_dict(server.workbooks.update_permissions(workbook, [user_rule])) == {
        ("user", user.id): {"ExportData": "Deny", "ShareView": "Allow"}}
    server.workbooks.populate_permissions(workbook)
    assert as_dict(workbook.permissions)[("user", user.id)] == {"ExportData": "Deny", "ShareView": "Allow"}
    server.workbooks.delete_permission(workbook, user_rule)
    server.workbooks.populate_permissions(workbook)
    assert ("user", user.id) not in as_dict(workbook.permissions)

    server.datasources.update_permissions(datasource, [tsc.PermissionsRule(user, {"Connect": "Deny"})])
    server.datasources.populate_permissions(datasource)
    assert as_dict(datasource.permissions)[("user", user.id)] == {"Connect": "Deny"}
    server.datasources.delete_permission(datasource, tsc.PermissionsRule(user, {"Connect": "Deny"}))
    server.datasources.populate_permissions(datasource)
    assert ("user", user.id) not in as_dict(datasource.permissions)

    # Views: found through the site-wide listing; each starts with its workbook's rules.
    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter(tsc.RequestOptions.Field.Name, tsc.RequestOptions.Operator.Equals, "Overview"))
    [view] = server.views.get(options)[0]
    assert view.workbook_id == workbook.id and view.owner_id == server.user_id
    assert server.views.get_by_id(view.id).name == "Overview"
    server.views.populate_permissions(view)
    assert ("group", everyone.id) in as_dict(view.permissions)
    server.views.update_permissions(view, [tsc.PermissionsRule(user, {"Read": "Allow"})])
    server.views.populate_permissions(view)
    assert as_dict(view.permissions)[("user", user.id)] == {"Read": "Allow"}
    server.views.delete_permission(view, tsc.PermissionsRule(user, {"Read": "Allow"}))
    server.views.populate_permissions(view)
    assert ("user", user.id) not in as_dict(view.permissions)


@pytest.mark.parametrize("kind", ["workbook", "datasource", "flow"])
def test_project_default_permissions(tsc_server, tsc, kind):
    server = tsc_server
    project = server.projects.create(tsc.ProjectItem("Defaults " + kind))
    group = server.groups.create(tsc.GroupItem("Editors"))
    populate = getattr(server.projects, "populate_%s_default_permissions" % kind)
    update = getattr(server.projects, "update_%s_default_permissions" % kind)
    delete = getattr(server.projects, "delete_%s_default_permissions" % kind)

    def current():
        populate(project)
        return as_dict(getattr(project, "default_%s_permissions" % kind))

    everyone = all_users(server)
    assert list(current()) == [("group", everyone.id)]  # copied from the Default project
    rule = tsc.PermissionsRule(group, {"Read": "Allow", "Write": "Allow"})
    assert as_dict(update(project, [rule])) == {("group", group.id): {"Read": "Allow", "Write": "Allow"}}
    assert current()[("group", group.id)] == {"Read": "Allow", "Write": "Allow"}
    delete(project, tsc.PermissionsRule(group, {"Write": "Allow"}))
    assert current()[("group", group.id)] == {"Read": "Allow"}


def test_new_content_takes_the_project_defaults_of_its_kind(tsc_server, tsc, tmp_path):
    server = tsc_server
    project = server.projects.create(tsc.ProjectItem("Templates"))
    group = server.groups.create(tsc.GroupItem("Editors"))
    server.projects.update_workbook_default_permissions(project, [tsc.PermissionsRule(group, {"Write": "Allow"})])
    server.projects.update_datasource_default_permissions(project, [tsc.PermissionsRule(group, {"Connect": "Deny"})])
    workbook = server.workbooks.publish(tsc.WorkbookItem(project.id, name="Fresh"), write_twbx(tmp_path / "F.twbx"),
                                        "CreateNew")
    datasource = server.datasources.publish(tsc.DatasourceItem(project.id, name="Fresh"),
                                            write_tdsx(tmp_path / "F.tdsx"), "CreateNew")
    server.workbooks.populate_permissions(workbook)
    server.datasources.populate_permissions(datasource)
    assert as_dict(workbook.permissions)[("group", group.id)] == {"Write": "Allow"}
    assert as_dict(datasource.permissions)[("group", group.id)] == {"Connect": "Deny"}

    # A nested project copies its parent's rules and default rules when it is made.
    nested = server.projects.create(tsc.ProjectItem("Nested", parent_id=project.id))
    server.projects.populate_workbook_default_permissions(nested)
    assert as_dict(nested.default_workbook_permissions)[("group", group.id)] == {"Write": "Allow"}


def test_flows_are_listed_by_name_and_carry_permissions(seeded_server, tsc):
    server = seeded_server
    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter(tsc.RequestOptions.Field.Name, tsc.RequestOptions.Operator.Equals, "Prep Orders"))
    flows, pagination = server.flows.get(options)
    assert [f.name for f in flows] == ["Prep Orders"] and pagination.total_available == 1
    assert flows[0].project_name == "Default" and flows[0].description == "Cleans orders"
    flow = server.flows.get_by_id(flows[0].id)
    group = server.groups.create(tsc.GroupItem("Runners"))
    server.flows.populate_permissions(flow)
    assert as_dict(flow.permissions) == {("group", all_users(server).id): {"Read": "Allow"}}
    server.flows.update_permissions(flow, [tsc.PermissionsRule(group, {"Execute": "Allow", "Read": "Allow"})])
    server.flows.populate_permissions(flow)
    assert as_dict(flow.permissions)[("group", group.id)] == {"Execute": "Allow", "Read": "Allow"}
    server.flows.delete_permission(flow, tsc.PermissionsRule(group, {"Execute": "Allow"}))
    server.flows.populate_permissions(flow)
    assert as_dict(flow.permissions)[("group", group.id)] == {"Read": "Allow"}
    assert len(list(tsc.Pager(server.flows, tsc.RequestOptions(pagesize=1)))) == 2


def test_virtual_connections_databases_and_tables_carry_permissions(seeded_server, tsc):
    server = seeded_server
    group = server.groups.create(tsc.GroupItem("Stewards"))
    [connection] = server.virtual_connections.get()[0]
    assert connection.name == "Sales VC"
    server.virtual_connections.add_permissions(connection, [tsc.PermissionsRule(group, {"Connect": "Allow"})])
    server.virtual_connections.populate_permissions(connection)
    assert as_dict(connection.permissions)[("group", group.id)] == {"Connect": "Allow"}
    server.virtual_connections.delete_permission(connection, tsc.PermissionsRule(group, {"Connect": "Allow"}))
    server.virtual_connections.populate_permissions(connection)
    assert ("group", group.id) not in as_dict(connection.permissions)

    databases = server.databases.get()[0]
    database = by_name(databases, "sales")
    assert database.content_permissions == "ManagedByOwner"
    server.databases.update_permissions(database, [tsc.PermissionsRule(group, {"Write": "Allow"})])
    server.databases.populate_permissions(database)
    assert as_dict(database.permissions)[("group", group.id)] == {"Write": "Allow"}
    server.databases.delete_permission(database, [tsc.PermissionsRule(group, {"Write": "Allow"})])
    server.databases.populate_permissions(database)
    assert ("group", group.id) not in as_dict(database.permissions)

    server.databases.update_table_default_permissions(database, [tsc.PermissionsRule(group, {"Read": "Allow"})])
    server.databases.populate_table_default_permissions(database)
    assert as_dict(database.default_table_permissions)[("group", group.id)] == {"Read": "Allow"}
    server.databases.delete_table_default_permissions(tsc.PermissionsRule(group, {"Read": "Allow"}), database)
    server.databases.populate_table_default_permissions(database)
    assert ("group", group.id) not in as_dict(database.default_table_permissions)

    table = by_name(server.tables.get()[0], "orders")
    server.tables.update_permissions(table, [tsc.PermissionsRule(group, {"Read": "Deny"})])
    server.tables.populate_permissions(table)
    assert as_dict(table.permissions)[("group", group.id)] == {"Read": "Deny"}
    server.tables.delete_permission(table, [tsc.PermissionsRule(group, {"Read": "Deny"})])
    server.tables.populate_permissions(table)
    assert ("group", group.id) not in as_dict(table.permissions)


def test_the_state_shows_the_rules(seeded, seeded_server, tsc):
    import requests
    project = default_project(seeded_server)
    group = seeded_server.groups.create(tsc.GroupItem("Visible"))
    seeded_server.projects.update_permissions(project, [tsc.PermissionsRule(group, {"Write": "Allow"})])
    site = requests.get(seeded.url + "/_emulator/state", timeout=10).json()["sites"][0]
    key = "projects Default (%s)" % project.id
    assert site["permissions"][key] == ["group All Users Read=Allow", "group Visible Write=Allow"]
    assert "group All Users Read=Allow" in site["permissions"][key + " default workbooks"]
    assert site["flows"] == ["Prep Orders", "Prep Returns"] and site["tables"] == ["orders", "returns"]
