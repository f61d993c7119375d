"""TSC drives the emulator's site, user and group endpoints; error codes surface as ServerResponseError."""

import pytest


def expect_error(tsc, code, call, *args, **kwargs):
    with pytest.raises(tsc.ServerResponseError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value
    return caught.value


def raw(server, method, path, body=None):
    """A request TSC would refuse to send (it checks some values itself); the XML error document back."""
    import requests
    from xml.etree import ElementTree
    url = "%s/api/%s/sites/%s%s" % (server.server_address, server.version, server.site_id, path)
    reply = requests.request(method, url, data=body, headers={"X-Tableau-Auth": server.auth_token})
    error = ElementTree.fromstring(reply.content).find("{http://tableau.com/api}error") if reply.content else None
    return reply.status_code, error.get("code") if error is not None else None


def names(items):
    return sorted(item.name for item in items)


# Sites


def test_create_query_update_and_delete_a_site(emulator, tsc_server, tsc):
    created = tsc_server.sites.create(tsc.SiteItem("Marketing", "marketing", admin_mode="ContentAndUsers",
                                                   user_quota=20, storage_quota="1024",
                                                   revision_history_enabled=True, revision_limit=10))
    assert created.content_url == "marketing"
    assert created.admin_mode == "ContentAndUsers"
    assert created.user_quota == 20
    assert created.revision_limit == 10
    assert names(tsc.Pager(tsc_server.sites)) == ["Default", "Finance", "Marketing"]

    tsc_server.auth.switch_site(created)
    assert tsc_server.sites.get_by_name("Marketing").id == created.id
    assert tsc_server.sites.get_by_id(created.id).name == "Marketing"
    site = tsc_server.sites.get_by_id(created.id)
    site.state = "Suspended"
    site.disable_subscriptions = True
    site.commenting_enabled = False
    updated = tsc_server.sites.update(site)
    assert updated.state == "Suspended"
    assert updated.disable_subscriptions is True
    assert updated.commenting_enabled is False
    # The server administrator was made a member of the new site, and the Default project exists.
    assert [u.name for u in tsc.Pager(tsc_server.users)] == ["admin"]
    assert [p.name for p in tsc.Pager(tsc_server.projects)] == ["Default"]

    tsc_server.sites.delete(created.id)
    assert emulator.emulator.state.site_by_content_url("marketing") is None
    assert emulator.emulator.state.sessions == {}


def test_site_name_and_content_url_conflicts_are_409(tsc_server, tsc):
    expect_error(tsc, "409001", tsc_server.sites.create, tsc.SiteItem("finance", "other"))
    expect_error(tsc, "409002", tsc_server.sites.create, tsc.SiteItem("Other", "Finance"))


def test_invalid_site_values_are_refused_with_their_codes(tsc_server, tsc):
    assert raw(tsc_server, "PUT", "", b'<tsRequest><site adminMode="Everything"/></tsRequest>') == (400, "400013")
    assert raw(tsc_server, "PUT", "", b'<tsRequest><site userQuota="-3"/></tsRequest>') == (400, "400000")
    assert raw(tsc_server, "PUT", "", b'<tsRequest><site state="Gone"/></tsRequest>') == (400, "400000")
    assert raw(tsc_server, "PUT", "", b'<tsRequest><site revisionLimit="1"/></tsRequest>') == (400, "400000")
    assert raw(tsc_server, "PUT", "", b'<tsRequest><site adminMode="ContentOnly" userQuota="5"/></tsRequest>') \
        == (409, "409004")


def test_the_default_site_cannot_be_deleted(tsc_server, tsc):
    expect_error(tsc, "403002", tsc_server.sites.delete, tsc_server.site_id)


def test_unknown_site_is_404(tsc_server, tsc):
    expect_error(tsc, "404000", tsc_server.sites.get_by_name, "Nowhere")


def test_non_admins_cannot_create_sites(emulator, tsc_server, tsc):
    viewer = tsc_server.users.add(tsc.UserItem("vera", "Viewer"))
    viewer.password = None
    tsc_server.users.update(viewer, password="pw")
    other = tsc.Server(emulator.url, use_server_version=True)
    other.auth.sign_in(tsc.TableauAuth("vera", "pw", site_id=""))
    expect_error(tsc, "403000", other.sites.create, tsc.SiteItem("Mine", "mine"))
    assert names(other.sites.get()[0]) == ["Default"]
    other.auth.sign_out()


def test_cloud_refuses_site_creation_and_lists_only_the_signed_in_site(emulator, tsc):
    emulator.emulator.state.server["cloud"] = True
    server = tsc.Server(emulator.url, use_server_version=True)
    server.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id="finance"))
    expect_error(tsc, "403000", server.sites.create, tsc.SiteItem("New", "new"))
    assert names(server.sites.get()[0]) == ["Finance"]
    assert server.sites.get_by_id(server.site_id).content_url == "finance"
    server.auth.sign_out()


# Users


def test_add_update_filter_and_remove_users(tsc_server, tsc):
    users = tsc_server.users
    alice = users.add(tsc.UserItem("alice", "Explorer"))
    bob = users.add(tsc.UserItem("bob", "Viewer", auth_setting="SAML"))
    assert alice.site_role == "Explorer"
    assert bob.auth_setting == "SAML"

    alice.fullname = "Alice Liddell"
    alice.email = "alice@example.com"
    alice.site_role = "Creator"
    updated = users.update(alice, password="wonderland")
    assert (updated.fullname, updated.email, updated.site_role) == ("Alice Liddell", "alice@example.com", "Creator")

    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter(tsc.RequestOptions.Field.SiteRole, tsc.RequestOptions.Operator.Equals, "Viewer"))
    found, pagination = users.get(options)
    assert [u.name for u in found] == ["bob"]
    assert pagination.total_available == 1
    assert names(users.filter(name__in=["alice", "bob"])) == ["alice", "bob"]
    assert users.get_by_id(alice.id).fullname == "Alice Liddell"

    users.remove(bob.id)
    assert names(tsc.Pager(users)) == ["admin", "alice"]


def test_added_user_with_password_can_sign_in(emulator, tsc_server, tsc):
    user = tsc_server.users.add(tsc.UserItem("carol", "Creator"))
    tsc_server.users.update(user, password="secret")
    other = tsc.Server(emulator.url, use_server_version=True)
    other.auth.sign_in(tsc.TableauAuth("carol", "secret", site_id=""))
    assert other.user_id == user.id
    other.auth.sign_out()


def test_last_login_filter_with_range_operators(emulator, tsc_server, tsc):
    users = tsc_server.users
    old = users.add(tsc.UserItem("old", "Viewer"))
    new = users.add(tsc.UserItem("new", "Viewer"))
    site = emulator.emulator.state.site_by_content_url("")
    site.users[old.id]["lastLogin"] = "2020-01-01T00:00:00Z"
    site.users[new.id]["lastLogin"] = "2025-06-01T00:00:00Z"
    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter("lastLogin", tsc.RequestOptions.Operator.GreaterThanOrEqual, "2024-01-01T00:00:00Z"))
    # admin signed in just now, so its last login is recent too.
    assert [u.name for u in users.get(options)[0]] == ["admin", "new"]
    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter("lastLogin", tsc.RequestOptions.Operator.LessThan, "2024-01-01T00:00:00Z"))
    assert [u.name for u in users.get(options)[0]] == ["old"]


def test_user_errors(tsc_server, tsc):
    tsc_server.users.add(tsc.UserItem("dave", "Viewer"))
    expect_error(tsc, "409000", tsc_server.users.add, tsc.UserItem("DAVE", "Viewer"))
    assert raw(tsc_server, "POST", "/users", b'<tsRequest><user name="erin" siteRole="Emperor"/></tsRequest>') \
        == (400, "400013")
    assert raw(tsc_server, "POST", "/users",
               b'<tsRequest><user name="erin" siteRole="Viewer" authSetting="Kerberos"/></tsRequest>') == (400, "400000")
    expect_error(tsc, "404002", tsc_server.users.get_by_id, "00000000-0000-0000-0000-000000000000")
    expect_error(tsc, "404002", tsc_server.users.remove, "00000000-0000-0000-0000-000000000000")


def test_removing_a_content_owner_needs_map_assets_to(emulator, tsc_server, tsc):
    owner = tsc_server.users.add(tsc.UserItem("owner", "Creator"))
    heir = tsc_server.users.add(tsc.UserItem("heir", "Creator"))
    project = tsc_server.projects.create(tsc.ProjectItem("Owned"))
    site = emulator.emulator.state.site_by_content_url("")
    site.projects[project.id]["ownerId"] = owner.id
    expect_error(tsc, "409003", tsc_server.users.remove, owner.id)
    assert tsc_server.users.get_by_id(owner.id).site_role == "Unlicensed"
    tsc_server.users.remove(owner.id, map_assets_to=heir.id)
    assert site.projects[project.id]["ownerId"] == heir.id


def test_workbooks_for_a_user_are_those_they_may_read_or_own(tsc_server, tsc, tmp_path):
    from samples import write_twbx
    default = [p for p in tsc_server.projects.get()[0] if p.name == "Default"][0]
    tsc_server.workbooks.publish(tsc.WorkbookItem(default.id, name="Sales"), write_twbx(tmp_path / "Sales.twbx"),
                                 "CreateNew")
    reader = tsc_server.users.add(tsc.UserItem("reader", "Viewer"))
    admin = [u for u in tsc_server.users.get()[0] if u.name == "admin"][0]
    tsc_server.users.populate_workbooks(reader)
    # The Default project lets All Users view what is in it.
    assert [w.name for w in reader.workbooks] == ["Sales"]
    tsc_server.users.populate_workbooks(reader, owned_only=True)
    assert list(reader.workbooks) == []
    tsc_server.users.populate_workbooks(admin, owned_only=True)
    assert [w.name for w in admin.workbooks] == ["Sales"]


def test_pager_reads_every_user(tsc_server, tsc):
    for index in range(120):
        tsc_server.users.add(tsc.UserItem("user%03d" % index, "Viewer"))
    assert len(list(tsc.Pager(tsc_server.users, tsc.RequestOptions(pagesize=50)))) == 121


# Groups


def test_create_rename_members_and_delete_a_group(emulator, tsc_server, tsc):
    alice = tsc_server.users.add(tsc.UserItem("alice", "Explorer"))
    bob = tsc_server.users.add(tsc.UserItem("bob", "Viewer"))
    group = tsc_server.groups.create(tsc.GroupItem("Analysts"))
    assert group.domain_name == "local"

    tsc_server.groups.add_user(group, alice.id)
    added = tsc_server.groups.add_users(group, [bob.id])
    assert [u.name for u in added] == ["bob"]
    tsc_server.groups.populate_users(group)
    assert names(group.users) == ["alice", "bob"]
    tsc_server.users.populate_groups(alice)
    assert names(alice.groups) == ["All Users", "Analysts"]

    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter(tsc.RequestOptions.Field.UserCount, tsc.RequestOptions.Operator.GreaterThanOrEqual, 2))
    assert names(tsc_server.groups.get(options)[0]) == ["All Users", "Analysts"]

    tsc_server.groups.remove_user(group, alice.id)
    tsc_server.groups.remove_users(group, [bob.id])
    tsc_server.groups.populate_users(group)
    assert list(group.users) == []

    group.name = "Data Analysts"
    group.minimum_site_role = "Explorer"
    renamed = tsc_server.groups.update(group)
    assert renamed.name == "Data Analysts"
    # TSC reads a minimum site role only from an <import> element; local groups carry the attribute.
    assert emulator.emulator.state.site_by_content_url("").groups[group.id]["minimumSiteRole"] == "Explorer"
    tsc_server.groups.delete(group.id)
    assert names(tsc.Pager(tsc_server.groups)) == ["All Users"]


def test_import_active_directory_group_and_as_job(tsc_server, tsc):
    group = tsc.GroupItem("Sales", domain_name="corp.example.com")
    group.minimum_site_role = "Viewer"
    group.license_mode = "onLogin"
    imported = tsc_server.groups.create_AD_group(group)
    assert imported.domain_name == "corp.example.com"
    assert imported.license_mode == "onLogin"
    assert imported.minimum_site_role == "Viewer"

    async_group = tsc.GroupItem("Support", domain_name="corp.example.com")
    async_group.minimum_site_role = "Explorer"
    async_group.license_mode = "onSync"
    job = tsc_server.groups.create_AD_group(async_group, asJob=True)
    assert job.type == "GroupImport"
    # A queued import is Pending: no progress, not started; the group appears when the job has finished.
    assert (job.progress, job.started_at, job.finish_code) == ("0", None, -1)  # TSC reads a missing finishCode as -1
    assert "Support" not in names(tsc.Pager(tsc_server.groups))
    finished = tsc_server.jobs.wait_for_job(job.id, timeout=30)
    assert finished.finish_code == 0
    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter(tsc.RequestOptions.Field.DomainName, tsc.RequestOptions.Operator.Equals,
                                  "corp.example.com"))
    assert names(tsc_server.groups.get(options)[0]) == ["Sales", "Support"]
    imported.name = "Sales EMEA"
    expect_error(tsc, "403020", tsc_server.groups.update, imported)


def test_group_errors(tsc_server, tsc):
    alice = tsc_server.users.add(tsc.UserItem("alice", "Explorer"))
    group = tsc_server.groups.create(tsc.GroupItem("Analysts"))
    expect_error(tsc, "409009", tsc_server.groups.create, tsc.GroupItem("analysts"))
    tsc_server.groups.add_user(group, alice.id)
    expect_error(tsc, "409011", tsc_server.groups.add_user, group, alice.id)
    expect_error(tsc, "404002", tsc_server.groups.add_user, group, "00000000-0000-0000-0000-000000000000")
    missing = tsc.GroupItem("Ghost")
    missing._id = "00000000-0000-0000-0000-000000000000"
    expect_error(tsc, "404012", tsc_server.groups.add_user, missing, alice.id)
    expect_error(tsc, "404012", tsc_server.groups.delete, missing.id)
    all_users = [g for g in tsc.Pager(tsc_server.groups) if g.name == "All Users"][0]
    expect_error(tsc, "403000", tsc_server.groups.delete, all_users.id)
    all_users.name = "Everyone"
    expect_error(tsc, "403000", tsc_server.groups.update, all_users)
