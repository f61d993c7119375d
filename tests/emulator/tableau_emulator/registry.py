"""What a handler module declares, in one place: its routes, its collections and its cleanup hooks.

A handler module (any ``handlers/*.py``; all are imported by ``handlers/__init__.py``) says:

* ``@route(method, pattern, min_version=..., until=..., auth=...)`` on each function that answers a request;
* ``site_collection(name, owned=..., summary=...)`` for what it keeps per site (``site.<name>``, a dict by id)
  and ``server_collection(name, summary=...)`` for what it keeps server-wide (``state.<name>``); both start
  empty on every reset;
* ``@on(event)`` on functions that react to what other handlers do (see ``EVENTS``);
* ``versioned(tag, {name: (since, until)})`` for the attributes and child elements of its answers that
  only some REST API versions have: an answer is cut down to what the version in the request path sends.

Nothing in ``server.py``, ``state.py`` or ``routing.py`` names a resource, so a new resource is one new file.
"""

import re

# event: the arguments its hooks get, and when it fires.
EVENTS = {
    "seed": "(state, seed): after a reset, once the seed's sites exist; read your part of the seed",
    "reset": "(state): after a reset and the seed hooks",
    "site_created": "(state, site): a new site, before anyone is added to it (default content goes here)",
    "site_deleted": "(state, site): the site is gone from state.sites; drop what you keep about it elsewhere",
    "user_added": "(state, site, user): a user joined the site",
    "user_removed": "(state, site, user, heir_id): the user is being removed; owned items already went to heir_id",
    "project_deleted": "(state, site, project_ids): these projects (a project and its nested ones) are gone",
    "project_created": "(state, site, project): a new project is in site.projects (the Default one included)",
    "content_created": "(state, site, kind, item): a new item of kind (its URL segment: 'workbooks', 'views', "
                       "'datasources', ...) is in its collection; an overwrite that keeps the item is no new item",
    "content_deleted": "(state, site, kind, item_ids): these items of kind are gone (a deleted project's content too)",
    "content_published": "(state, site, kind, item, publisher_id): a publish (new or overwrite, now or as a job) "
                         "stored a new file for item of kind ('workbooks', 'datasources'); item['file'] is it",
    "group_deleted": "(state, site, group): the group is gone from site.groups",
    "schedule_deleted": "(state, schedule): the server schedule is gone from state.schedules; drop the tasks and "
                        "subscriptions that ran on it",
}


class Route(object):
    """One registered route: ``/api/<version><pattern>`` answered by ``handler(request)``."""

    def __init__(self, method, pattern, handler, auth=True, min_version=None, until=None, under_api=True):
        self.method = method
        # under_api=False: a page outside /api/<version> (the /auth page of old servers), at no version.
        self.under_api = under_api
        self.pattern = pattern
        self.handler = handler
        self.auth = auth
        self.min_version = min_version
        # The version that retired the method: it and newer versions in the path are refused like older ones.
        self.until = until
        prefix = "^/api/(?P<api_version>[0-9]+\\.[0-9]+)" if under_api else "^"
        regex = prefix + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$"
        # Paths match case-insensitively, as on the real server.
        self.regex = re.compile(regex, re.IGNORECASE)


class Collection(object):
    """A dict of items a handler keeps, made fresh for every site (or once per reset for server collections)."""

    def __init__(self, name, owned=False, summary=False):
        self.name = name
        # owned: items carry "ownerId"; removing a user hands them to mapAssetsTo (or refuses, 409003).
        self.owned = owned
        # summary: item names appear in /_emulator/state and /_emulator/snapshot; a function ``summary(site)``
        # gives what appears there instead (anything JSON can carry).
        self.summary = summary


# For ``versioned``: in ts-api_3_29.xsd but not in ts-api_3_0.xsd, so introduced after 3.0 in a version the
# emulator does not pin down; answers at 3.0 and older leave these out (and validate against ts-api_3_0.xsd).
AFTER_3_0 = "3.1"
# Sent by today's servers but not by a real server at /api/3.1/ (the recorded traffic of
# tests/emulator/test/test_recorded_traffic.py), from a later version the emulator does not pin down: answers at
# 3.1 and older leave these out.
AFTER_3_1 = "3.2"

ROUTES = []
# (element tag, attribute or child tag) -> (since, until): present when since <= version < until.
VERSIONED = {}
SITE_COLLECTIONS = []
SERVER_COLLECTIONS = []
HOOKS = dict((event, []) for event in EVENTS)


def route(method, pattern, auth=True, min_version=None, until=None, under_api=True):
    """Register ``handler(request)`` for ``method /api/<version><pattern>``.

    ``{name}`` in the pattern captures one path segment into ``request.params``. ``{site_id}`` routes check
    that the session belongs to that site. ``auth=False``: no session needed (sign-in, server info).
    ``min_version``: the REST API version that introduced the method; older versions in the path are refused
    with 404008 (see ``routing.route_not_in_version``). The versions come from the REST API reference's
    "Version: Available in API x.y" notes for each method and TSC's ``@api(version=...)`` decorators;
    where the two differ, the lower one,
    so the emulator never refuses what a real server accepts. 2.0 is the oldest version the REST API has.
    ``until``: the version that retired the method (the reference's "Retired in API x.y"); it and newer
    versions are refused the same way. ``under_api=False``: ``pattern`` is a whole path outside
    ``/api/<version>`` (no version checks apply).
    """
    def register(handler):
        ROUTES.append(Route(method, pattern, handler, auth, min_version, until, under_api))
        return handler
    return register


def versioned(tag, names):
    """Declare which REST API versions send ``names`` (attributes or child elements) of ``<tag>``.

    ``names`` maps each name to ``since`` (a version string) or ``(since, until)``; ``None`` on either side
    means no bound. The server cuts every answer down to what the version in the request path sends.
    """
    for name, bounds in names.items():
        since, until = bounds if isinstance(bounds, tuple) else (bounds, None)
        VERSIONED[(tag, name)] = (since, until)


def version_tuple(version):
    return tuple(int(part) for part in str(version).split("."))


def sent_at(tag, name, version):
    """Whether an answer at ``version`` carries ``name`` on ``<tag>``."""
    bounds = VERSIONED.get((tag, name))
    if bounds is None or version is None:
        return True
    since, until = bounds
    current = version_tuple(version)
    if since is not None and current < version_tuple(since):
        return False
    return until is None or current < version_tuple(until)


def cut_to_version(root, version):
    """Remove from ``root`` (in place) what a server at ``version`` does not send."""
    if not VERSIONED or version is None:
        return root
    for el in list(root.iter()):
        tag = el.tag.split("}", 1)[-1]
        for name in list(el.attrib):
            if not sent_at(tag, name, version):
                del el.attrib[name]
        for child in list(el):
            if not sent_at(tag, child.tag.split("}", 1)[-1], version):
                el.remove(child)
    return root


def _add(collections, name, **options):
    if any(c.name == name for c in collections):
        raise ValueError("collection %r is registered twice" % name)
    collections.append(Collection(name, **options))


def site_collection(name, owned=False, summary=False):
    """Every site gets ``site.<name> = {}``."""
    _add(SITE_COLLECTIONS, name, owned=owned, summary=summary)


def server_collection(name, summary=False):
    """The state gets ``state.<name> = {}``, emptied by every reset.

    ``summary``: the sorted item names appear in /_emulator/state and /_emulator/snapshot beside ``sites``.
    """
    _add(SERVER_COLLECTIONS, name, summary=summary)


def on(event):
    """Decorator: call the function when ``event`` happens (see ``EVENTS`` for its arguments)."""
    if event not in HOOKS:
        raise ValueError("unknown event %r (one of %s)" % (event, ", ".join(sorted(EVENTS))))

    def register(hook):
        HOOKS[event].append(hook)
        return hook
    return register


def fire(event, *args):
    for hook in HOOKS[event]:
        hook(*args)


def owned_collections(site):
    return [getattr(site, c.name) for c in SITE_COLLECTIONS if c.owned]


def summary_collections():
    return [c.name for c in SITE_COLLECTIONS if c.summary]


def server_summary_collections():
    return [c.name for c in SERVER_COLLECTIONS if c.summary]


def summarize_server(state, name):
    """What /_emulator/state shows of one server collection: the sorted item names."""
    return sorted(item.get("name") or "" for item in getattr(state, name).values())


def summarize(site, name):
    """What /_emulator/state shows of one summary collection of ``site``: the sorted item names, or its own form."""
    collection = next(c for c in SITE_COLLECTIONS if c.name == name)
    if callable(collection.summary):
        return collection.summary(site)
    return sorted(item.get("name") or "" for item in getattr(site, name).values())
