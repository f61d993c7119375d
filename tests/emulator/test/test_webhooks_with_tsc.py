"""TSC's webhooks endpoint (create, list, get, test, delete) runs unchanged against the emulator."""


def test_create_list_get_test_and_delete_webhooks(tsc_server, tsc, emulator):
    webhooks = tsc_server.webhooks
    item = tsc.WebhookItem()
    item.name = "refresh-failures"
    item.event = "datasource-refresh-failed"
    item.url = "https://hooks.example.com/tableau"
    created = webhooks.create(item)
    assert created.id
    assert created.event == "datasource-refresh-failed"
    assert created.url == "https://hooks.example.com/tableau"
    assert created.owner_id == tsc_server.user_id

    listed, _pagination = webhooks.get()
    assert [w.name for w in listed] == ["refresh-failures"]
    assert webhooks.get_by_id(created.id).name == "refresh-failures"

    outcome = webhooks.test(created.id)
    assert outcome is not None

    webhooks.delete(created.id)
    assert webhooks.get()[0] == []


def test_http_destination_and_unknown_event_are_400(tsc_server, tsc):
    for event, url in (("workbook-created", "http://hooks.example.com/x"), ("no-such-event", "https://hooks.example.com/x")):
        item = tsc.WebhookItem()
        item.name, item.event, item.url = "bad", event, url
        try:
            tsc_server.webhooks.create(item)
        except tsc.server.endpoint.exceptions.ServerResponseError as exc:
            assert exc.code == "400000"
        else:
            raise AssertionError("the emulator accepted %s %s" % (event, url))
    assert tsc_server.webhooks.get()[0] == []
