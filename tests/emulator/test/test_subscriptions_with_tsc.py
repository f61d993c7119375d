"""TSC's subscriptions endpoint (get, get_by_id, create, update, delete) runs unchanged against the emulator,
on Tableau Server (server schedules) and on Tableau Cloud (each subscription's own frequency)."""

from xml.etree import ElementTree

import pytest
import requests

from conftest import checked_emulator
from samples import write_twbx

NS = {"t": "http://tableau.com/api"}
CLOUD_SEED = {
    "server": {"cloud": True, "rest_api_version": "3.25"},
    "sites": [{"name": "Cloud", "content_url": "cloud"}],
    "users": [{"name": "admin", "password": "admin", "site_role": "SiteAdministratorCreator", "sites": ["cloud"]},
              {"name": "jsmith", "password": "jsmith", "site_role": "Viewer", "sites": ["cloud"]}],
}
WEEKLY = (b'<tsRequest><subscription subject="%s" attachImage="true">'
          b'<content id="%s" type="Workbook"/><user id="%s"/></subscription>'
          b'<schedule frequency="Weekly"><frequencyDetails start="07:30:00"><intervals>'
          b'<interval weekDay="Monday"/><interval weekDay="Thursday"/></intervals></frequencyDetails></schedule>'
          b'</tsRequest>')


def publish(server, tsc, tmp_path, name="Sales"):
    project = [p for p in server.projects.get()[0] if p.name == "Default"][0]
    item = server.workbooks.publish(tsc.WorkbookItem(project.id, name=name), write_twbx(tmp_path / ("%s.twbx" % name)),
                                    "CreateNew")
    server.workbooks.populate_views(item)
    return item


def schedule_named(server, name):
    return [s for s in server.schedules.get()[0] if s.name == name][0]


def user_named(server, name):
    return [u for u in server.users.get()[0] if u.name == name][0]


def raw(server, method, path, body=None, version=None):
    """A request TSC would not send, with TSC's session."""
    url = "%s/api/%s/sites/%s%s" % (server.server_address, version or server.version, server.site_id, path)
    return requests.request(method, url, data=body, headers={"X-Tableau-Auth": server.auth_token}, timeout=10)


def code_of(reply):
    return ElementTree.fromstring(reply.content).find("t:error", NS).get("code")


def test_create_read_update_and_delete_on_server_schedules(tsc_server, tsc, tmp_path):
    workbook = publish(tsc_server, tsc, tmp_path)
    view = [v for v in workbook.views if v.name == "Overview"][0]
    monday = schedule_named(tsc_server, "Monday morning")
    weekdays = schedule_named(tsc_server, "Weekday mornings")
    admin = user_named(tsc_server, "admin")

    wanted = tsc.SubscriptionItem("Weekly sales", monday.id, admin.id, tsc.Target(workbook.id, "Workbook"))
    wanted.message = "The week's numbers"
    made = tsc_server.subscriptions.create(wanted)
    assert made.id and made.subject == "Weekly sales" and made.schedule_id == monday.id
    assert made.target.id == workbook.id and made.target.type == "Workbook" and made.user_id == admin.id
    assert made.message == "The week's numbers" and made.attach_image and not made.attach_pdf and not made.suspended

    on_view = tsc_server.subscriptions.create(
        tsc.SubscriptionItem("Overview", weekdays.id, admin.id, tsc.Target(view.id, "View")))
    listed, pagination = tsc_server.subscriptions.get()
    assert pagination.total_available == 2 and sorted(s.subject for s in listed) == ["Overview", "Weekly sales"]
    assert tsc_server.subscriptions.get_by_id(on_view.id).target.type == "View"

    one = tsc_server.subscriptions.get_by_id(made.id)
    one.subject, one.suspended, one.schedule_id = "Weekday sales", True, weekdays.id
    one.attach_pdf, one.page_orientation, one.page_size_option = True, "Landscape", "A4"
    updated = tsc_server.subscriptions.update(one)
    assert updated.subject == "Weekday sales" and updated.suspended and updated.schedule_id == weekdays.id
    assert updated.attach_pdf and updated.page_orientation == "Landscape" and updated.page_size_option == "A4"
    assert updated.message == "The week's numbers"

    tsc_server.subscriptions.delete(made.id)
    assert [s.id for s in tsc_server.subscriptions.get()[0]] == [on_view.id]
    with pytest.raises(tsc.server.endpoint.exceptions.ServerResponseError) as raised:
        tsc_server.subscriptions.get_by_id(made.id)
    assert raised.value.code == "404025"


def test_schedule_user_and_content_are_checked(tsc_server, tsc, tmp_path):
    workbook = publish(tsc_server, tsc, tmp_path)
    admin = user_named(tsc_server, "admin")
    errors = tsc.server.endpoint.exceptions.ServerResponseError
    extract = schedule_named(tsc_server, "Saturday night")
    monday = schedule_named(tsc_server, "Monday morning")
    cases = [
        ("400000", extract.id, admin.id, workbook.id),  # an Extract schedule
        ("404000", "00000000-0000-0000-0000-000000000000", admin.id, workbook.id),
        ("404002", monday.id, "00000000-0000-0000-0000-000000000000", workbook.id),
        ("404006", monday.id, admin.id, "00000000-0000-0000-0000-000000000000"),
    ]
    for code, schedule_id, user_id, workbook_id in cases:
        with pytest.raises(errors) as raised:
            tsc_server.subscriptions.create(
                tsc.SubscriptionItem("Nope", schedule_id, user_id, tsc.Target(workbook_id, "Workbook")))
        assert raised.value.code == code
    assert tsc_server.subscriptions.get()[0] == []


def test_a_user_who_cannot_see_the_content_is_not_subscribed(tsc_server, tsc, tmp_path):
    workbook = publish(tsc_server, tsc, tmp_path)
    bob = tsc_server.users.add(tsc.UserItem("bob", "Viewer"))
    tsc_server.workbooks.update_permissions(workbook, [tsc.PermissionsRule(
        bob, {tsc.Permission.Capability.Read: tsc.Permission.Mode.Deny})])
    monday = schedule_named(tsc_server, "Monday morning")
    with pytest.raises(tsc.server.endpoint.exceptions.ServerResponseError) as raised:
        tsc_server.subscriptions.create(tsc.SubscriptionItem("Hidden", monday.id, bob.id,
                                                             tsc.Target(workbook.id, "Workbook")))
    assert raised.value.code == "403000"


def test_subscriptions_go_with_their_user_and_their_content(tsc_server, tsc, tmp_path):
    kept = publish(tsc_server, tsc, tmp_path, "Kept")
    dropped = publish(tsc_server, tsc, tmp_path, "Dropped")
    jsmith = tsc_server.users.add(tsc.UserItem("jsmith", "Viewer"))
    admin = user_named(tsc_server, "admin")
    monday = schedule_named(tsc_server, "Monday morning")
    view = dropped.views[0]
    for subject, user, target in (("kept", admin, tsc.Target(kept.id, "Workbook")),
                                  ("of jsmith", jsmith, tsc.Target(kept.id, "Workbook")),
                                  ("of a view", admin, tsc.Target(view.id, "View"))):
        tsc_server.subscriptions.create(tsc.SubscriptionItem(subject, monday.id, user.id, target))
    tsc_server.users.remove(jsmith.id)
    tsc_server.workbooks.delete(dropped.id)
    assert [s.subject for s in tsc_server.subscriptions.get()[0]] == ["kept"]


def test_the_server_form_is_refused_on_cloud_and_the_frequency_form_on_server(request, tsc, tsc_server, tmp_path):
    workbook = publish(tsc_server, tsc, tmp_path)
    admin = user_named(tsc_server, "admin")
    reply = raw(tsc_server, "POST", "/subscriptions", WEEKLY % (b"Weekly", workbook.id.encode(), admin.id.encode()))
    assert reply.status_code == 400 and code_of(reply) == "400000"
    assert b"server schedule" in reply.content

    with checked_emulator(request, seed=CLOUD_SEED) as emu:
        cloud = tsc.Server(emu.url, use_server_version=True)
        cloud.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id="cloud"))
        book = publish(cloud, tsc, tmp_path, "Cloud Sales")
        user = user_named(cloud, "admin")
        with pytest.raises(tsc.server.endpoint.exceptions.ServerResponseError) as raised:
            cloud.subscriptions.create(tsc.SubscriptionItem("By id", "00000000-0000-0000-0000-000000000000",
                                                            user.id, tsc.Target(book.id, "Workbook")))
        assert raised.value.code == "400000"
        assert cloud.subscriptions.get()[0] == []
        cloud.auth.sign_out()


def test_cloud_subscriptions_carry_their_frequency_and_tsc_reads_updates_and_deletes_them(request, tsc, tmp_path):
    with checked_emulator(request, seed=CLOUD_SEED) as emu:
        cloud = tsc.Server(emu.url, use_server_version=True)
        cloud.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id="cloud"))
        book = publish(cloud, tsc, tmp_path, "Cloud Sales")
        user = user_named(cloud, "jsmith")
        body = WEEKLY % (b"Twice a week", book.id.encode(), user.id.encode())
        too_old = raw(cloud, "POST", "/subscriptions", body, version="3.19")
        assert too_old.status_code == 400 and b"3.20" in too_old.content
        made = raw(cloud, "POST", "/subscriptions", body)
        assert made.status_code == 201, made.text

        [listed], _pagination = cloud.subscriptions.get()
        assert listed.subject == "Twice a week" and listed.schedule_id is None and listed.user_id == user.id
        [schedule] = listed.schedule
        assert schedule.interval_item.start_time.hour == 7 and schedule.interval_item.start_time.minute == 30
        assert schedule.interval_item.interval == ("Monday", "Thursday")

        # TSC's update sends an empty <schedule/>: the frequency stays.
        listed.subject, listed.suspended = "Mondays and Thursdays", True
        updated = cloud.subscriptions.update(listed)
        assert updated.subject == "Mondays and Thursdays" and updated.suspended
        [again] = cloud.subscriptions.get_by_id(listed.id).schedule
        assert again.interval_item.interval == ("Monday", "Thursday")

        monthly = (b'<tsRequest><subscription/><schedule frequency="Monthly"><frequencyDetails start="06:00:00">'
                   b'<intervals><interval monthDay="1"/><interval monthDay="LastDay"/></intervals>'
                   b'</frequencyDetails></schedule></tsRequest>')
        changed = raw(cloud, "PUT", "/subscriptions/%s" % listed.id, monthly)
        assert changed.status_code == 200, changed.text
        [now_monthly] = cloud.subscriptions.get_by_id(listed.id).schedule
        assert now_monthly.interval_item.interval == ("1", "LastDay")

        cloud.subscriptions.delete(listed.id)
        assert cloud.subscriptions.get()[0] == []
        cloud.auth.sign_out()


def test_bad_frequencies_are_refused_on_cloud(request, tsc, tmp_path):
    with checked_emulator(request, seed=CLOUD_SEED) as emu:
        cloud = tsc.Server(emu.url, use_server_version=True)
        cloud.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id="cloud"))
        book = publish(cloud, tsc, tmp_path, "Cloud Sales")
        user = user_named(cloud, "admin")
        for schedule in (b'<schedule frequency="Weekly"><frequencyDetails start="07:00:00"><intervals/>'
                         b'</frequencyDetails></schedule>',
                         b'<schedule frequency="Hourly"><frequencyDetails start="07:00:00" end="19:00:00">'
                         b'<intervals><interval hours="3"/></intervals></frequencyDetails></schedule>',
                         b'<schedule frequency="Yearly"><frequencyDetails start="07:00:00"><intervals/>'
                         b'</frequencyDetails></schedule>'):
            body = (b'<tsRequest><subscription subject="x"><content id="%s" type="Workbook"/><user id="%s"/>'
                    b'</subscription>%s</tsRequest>' % (book.id.encode(), user.id.encode(), schedule))
            reply = raw(cloud, "POST", "/subscriptions", body)
            assert reply.status_code == 400 and code_of(reply) == "400000", reply.text
        assert cloud.subscriptions.get()[0] == []
        cloud.auth.sign_out()


def test_attachments_are_refused_where_the_site_allows_none(tsc_server, tsc, tmp_path):
    workbook = publish(tsc_server, tsc, tmp_path)
    site = tsc_server.sites.get_by_id(tsc_server.site_id)
    site.allow_subscription_attachments = False
    tsc_server.sites.update(site)
    monday = schedule_named(tsc_server, "Monday morning")
    admin = user_named(tsc_server, "admin")
    with pytest.raises(tsc.server.endpoint.exceptions.ServerResponseError) as raised:
        # TSC always sends attachImage and attachPdf.
        tsc_server.subscriptions.create(tsc.SubscriptionItem("With PDF", monday.id, admin.id,
                                                             tsc.Target(workbook.id, "Workbook")))
    assert raised.value.code == "400000" and "attachments not allowed" in str(raised.value)


def test_a_deleted_schedule_takes_its_subscriptions_with_it(tsc_server, tsc, tmp_path, emulator):
    from tableau_emulator import registry
    from tableau_emulator.handlers import subscriptions as handler
    workbook = publish(tsc_server, tsc, tmp_path)
    admin = user_named(tsc_server, "admin")
    monday, weekdays = schedule_named(tsc_server, "Monday morning"), schedule_named(tsc_server, "Weekday mornings")
    for subject, schedule in (("gone", monday), ("kept", weekdays)):
        tsc_server.subscriptions.create(tsc.SubscriptionItem(subject, schedule.id, admin.id,
                                                             tsc.Target(workbook.id, "Workbook")))
    state = emulator.emulator.state
    with state.lock:
        handler.remove_subscriptions_of_schedule(state, state.schedules.pop(monday.id))
    assert [s.subject for s in tsc_server.subscriptions.get()[0]] == ["kept"]
    # The hook is registered as soon as the schedules handler declares the event.
    assert ("schedule_deleted" in registry.EVENTS) == (
        handler.remove_subscriptions_of_schedule in registry.HOOKS.get("schedule_deleted", []))
