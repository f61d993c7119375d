"""A resource is one handler module: its routes, collections and hooks reach the server through the registry alone."""

import pytest
import requests

from tableau_emulator import registry
from tableau_emulator.errors import not_found
from tableau_emulator.routing import created, ok
from tableau_emulator.server import BackgroundEmulator
from tableau_emulator.state import new_id
from tableau_emulator.xmlio import child, element

SIGN_IN = (b'<tsRequest><credentials name="admin" password="admin"><site contentUrl=""/></credentials>'
           b'</tsRequest>')


@pytest.fixture
def notes_handler():
    """What a handlers/notes.py would declare: a per-site collection of owned items, two routes, two hooks."""
    saved = (list(registry.ROUTES), list(registry.SITE_COLLECTIONS), dict((k, list(v)) for k, v in registry.HOOKS.items()))
    deleted_sites = []
    registry.site_collection("notes", owned=True, summary=True)

    @registry.route("POST", "/sites/{site_id}/notes", min_version="3.20")
    def create_note(request):
        note_el = child(request.xml(), "note")
        note = {"id": new_id(), "name": note_el.get("name"), "ownerId": request.session["user_id"]}
        request.site.notes[note["id"]] = note
        return created("/api/%s/sites/%s/notes/%s" % (request.api_version, request.site.id, note["id"]),
                       element("note", {"id": note["id"], "name": note["name"]}))

    @registry.route("GET", "/sites/{site_id}/notes/{note_id}")
    def get_note(request):
        note = request.site.notes.get(request.params["note_id"])
        if note is None:
            raise not_found("404000", "Resource Not Found", "No such note.")
        return ok(element("note", {"id": note["id"], "name": note["name"]}))

    @registry.on("site_created")
    def welcome_note(state, site):
        site.notes["welcome"] = {"id": "welcome", "name": "Welcome", "ownerId": None}

    @registry.on("site_deleted")
    def remember(state, site):
        deleted_sites.append(site.content_url)

    yield deleted_sites
    registry.ROUTES[:], registry.SITE_COLLECTIONS[:] = saved[0], saved[1]
    registry.HOOKS.clear()
    registry.HOOKS.update(saved[2])


def sign_in(url):
    reply = requests.post(url + "/api/3.25/auth/signin", data=SIGN_IN, timeout=10)
    return reply.text.split('token="')[1].split('"')[0], reply.text.split('<site id="')[1].split('"')[0]


def test_a_registered_resource_is_served_kept_per_site_and_reset(notes_handler):
    with BackgroundEmulator() as emu:
        token, site_id = sign_in(emu.url)
        headers = {"X-Tableau-Auth": token}
        url = "%s/api/3.25/sites/%s/notes" % (emu.url, site_id)
        reply = requests.post(url, data=b'<tsRequest><note name="Hello"/></tsRequest>', headers=headers, timeout=10)
        assert reply.status_code == 201, reply.text
        note_id = reply.text.split('id="')[1].split('"')[0]
        assert requests.get(url + "/" + note_id, headers=headers, timeout=10).status_code == 200

        # The collection's summary flag puts it in /_emulator/state; reset empties it and the hook refills it.
        default = requests.get(emu.url + "/_emulator/state", timeout=10).json()["sites"][0]
        assert default["notes"] == ["Hello", "Welcome"]
        requests.post(emu.url + "/_emulator/reset", timeout=10)
        default = requests.get(emu.url + "/_emulator/state", timeout=10).json()["sites"][0]
        assert default["notes"] == ["Welcome"]


def test_a_route_below_its_min_version_is_refused(notes_handler):
    with BackgroundEmulator() as emu:
        token, site_id = sign_in(emu.url)
        reply = requests.post("%s/api/3.19/sites/%s/notes" % (emu.url, site_id), headers={"X-Tableau-Auth": token},
                              data=b'<tsRequest><note name="Old"/></tsRequest>', timeout=10)
        assert reply.status_code != 201


def test_owned_items_follow_map_assets_to_and_site_delete_runs_the_hook(notes_handler):
    with BackgroundEmulator() as emu:
        state = emu.emulator.state
        site = state.site_by_content_url("finance")
        token, _default_id = sign_in(emu.url)
        headers = {"X-Tableau-Auth": token}
        base = "%s/api/3.25/sites/%s" % (emu.url, site.id)
        switched = requests.post(emu.url + "/api/3.25/auth/switchSite", headers=headers, timeout=10,
                                 data=b'<tsRequest><site contentUrl="finance"/></tsRequest>')
        headers["X-Tableau-Auth"] = switched.text.split('token="')[1].split('"')[0]
        users = [requests.post(base + "/users", headers=headers, timeout=10,
                               data=('<tsRequest><user name="%s" siteRole="Creator"/></tsRequest>' % name).encode())
                 for name in ("owner", "heir")]
        owner_id, heir_id = [u.text.split('<user id="')[1].split('"')[0] for u in users]
        site.notes["n1"] = {"id": "n1", "name": "Mine", "ownerId": owner_id}
        assert requests.delete(base + "/users/" + owner_id, headers=headers, timeout=10).status_code == 409
        reply = requests.delete(base + "/users/%s?mapAssetsTo=%s" % (owner_id, heir_id), headers=headers, timeout=10)
        assert reply.status_code == 204
        assert site.notes["n1"]["ownerId"] == heir_id

        assert requests.delete(base, headers=headers, timeout=10).status_code == 204
        assert notes_handler == ["finance"]


def test_every_shipped_collection_is_declared_once():
    names = [c.name for c in registry.SITE_COLLECTIONS] + [c.name for c in registry.SERVER_COLLECTIONS]
    assert len(names) == len(set(names))
    assert {"projects", "users", "groups", "workbooks", "datasources"} <= set(registry.summary_collections())


def test_an_unknown_event_is_refused():
    with pytest.raises(ValueError):
        registry.on("user_renamed")
