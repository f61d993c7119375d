# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource base every resource file builds on.

A resource (projects, users, groups, sites, workbooks, ...) is three things:

* a ``FieldTable``: one declaration per field (option name, XML attribute, kind, the REST API version
  it needs). It drives the module's argspec, the request payload, the parsing of answers, change
  detection and what a diff shows, so the four can never disagree;
* a ``Resource`` subclass: find by name or names (matched the way Tableau matches names: without
  regard to case), and ``create`` / ``update`` / ``delete`` that take ``check_mode`` from the
  constructor and, in check mode, return the predicted record without any request. Check mode is
  correct by construction: a write path that does not go through these methods does not exist;
* ``ensure_*`` functions in the same file that take the resource and plain desired values (never
  the AnsibleModule) and return ``(changed, returned, diff)``, where ``returned`` is the dict of
  values the module returns and ``diff`` Ansible's before/after (see ``Outcome``).

A new resource costs one such file, one thin module, one integration target and one emulator handler.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import weakref

from ansible_collections.tableau.server.plugins.module_utils import xmlio
from ansible_collections.tableau.server.plugins.module_utils.client import IN_FILTER_LIMIT, filter_value_is_safe
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.writes import create_once


def name_key(name):
    """The key under which Tableau's uniqueness rules compare names: case does not count."""
    return (name or "").lower()


def same_name(a, b):
    return name_key(a) == name_key(b)


def changes(current, desired, fields=None):
    """The entries of ``desired`` (None = leave alone) that differ from ``current``, optionally only ``fields``."""
    keys = fields if fields is not None else desired.keys()
    return dict((key, desired[key]) for key in keys
                if desired.get(key) is not None and current.get(key) != desired[key]
                # Text never set and text set empty are the same to Tableau (and to the user).
                and not (desired[key] == "" and current.get(key) is None))


# A purge may remove at most this share (percent) of what is there now, unless the task raises purge_limit;
# removing up to PURGE_ALWAYS_ALLOWED items is always allowed (small sites, small groups).
PURGE_LIMIT = 25
PURGE_ALWAYS_ALLOWED = 5
PURGE_LIMIT_OPTION = dict(type="int", default=PURGE_LIMIT)


def check_purge_share(what, removing, present, limit=PURGE_LIMIT):
    """Refuse, before any write, a purge that would remove more than ``limit`` percent of ``present`` items.

    A listing that came back wrong (a proxy that ignored the page number, a filter the server did not
    apply) makes a purge look like it should remove almost everything; this is the last line against that.
    """
    limit = PURGE_LIMIT if limit is None else limit
    if limit < 0 or limit > 100:
        raise TableauValidationError("purge_limit must be a percentage from 0 to 100; got %s." % limit)
    removing = list(removing)
    if len(removing) <= PURGE_ALWAYS_ALLOWED or len(removing) * 100 <= limit * present:
        return
    shown = ", ".join(sorted(removing)[:10]) + (" and %d more" % (len(removing) - 10) if len(removing) > 10 else "")
    raise TableauValidationError(
        "The purge would remove %d of the %d %s (%d%%), more than purge_limit (%d%%) allows; nothing was changed. "
        "Among them: %s." % (len(removing), present, what, len(removing) * 100 // max(present, 1), limit, shown),
        hint="Check the list (and exclude) first; if the removals are meant, raise purge_limit to at least %d."
             % -(-len(removing) * 100 // max(present, 1)))


# What check mode predicts the same run creates, for a whole-site plan (tableau_site_state): a create in check
# mode registers its predicted item under a placeholder id, and later lookups through the same client (listings,
# lookups by name) see it as existing, so the projects, group members and grants the run also names are found.
# Off unless start_planning was called on the client: the per-resource modules predict ids of None as before.
# The registry is kept beside the client rather than on it, for the lifetime of the client.
PLANNED_PREFIX = "planned:"
_PLANS = weakref.WeakKeyDictionary()


# While planning nothing is written, so what a listing of a kind said stays true for the rest of the plan: a
# whole listing, once read, answers later whole listings and lookups by name of that kind, and a lookup by
# name settles those names for the rest of the plan (see Resource.list and Resource.named).
_LISTINGS = weakref.WeakKeyDictionary()


def start_planning(client):
    _PLANS[client] = {}
    _LISTINGS[client] = {}


def stop_planning(client):
    _PLANS.pop(client, None)
    _LISTINGS.pop(client, None)


def is_planned(record):
    """Whether ``record`` is an item check mode predicted in this run (it is on no server yet)."""
    return bool(record) and (record.get("id") or "").startswith(PLANNED_PREFIX)


def exists(record):
    """Whether ``record`` is on the server: it has an id, and not one of a planned item."""
    return bool(record) and bool(record.get("id")) and not is_planned(record)


def _planned_match(item, filters):
    """Whether a planned item passes listing ``filters``; only filters on the name can be judged here."""
    for field, op, value in filters or ():
        if field != "name" or op not in ("eq", "cieq", "in"):
            return False
        values = value if op == "in" else [value]
        if name_key(item.get("name")) not in set(name_key(v) for v in values):
            return False
    return True


def predicted_update(current, change):
    """What an update makes of ``current``: the record check mode returns, and the fallback for short answers."""
    predicted = dict(current)
    predicted.update(change)
    return predicted


class Field(object):
    """One field of a resource.

    ``kind`` is ``"str"``, ``"bool"``, ``"int"`` or a list of allowed values; ``attr`` the XML attribute
    (None for a field the resource reads or writes itself, such as an owner element); ``version`` the
    REST API version that introduced it; ``compare`` whether it takes part in change detection and diffs;
    ``option`` whether it is a module option built from this table; ``no_log`` for write-only secrets;
    ``read_also`` other spellings of the attribute that real servers send (read when ``attr`` is absent).
    """

    def __init__(self, name, attr=None, kind="str", version=None, compare=True, option=True, no_log=False,
                 doc=None, read_also=()):
        self.name = name
        self.attr = attr
        self.read_also = tuple(read_also)
        self.kind = kind
        self.version = version
        self.compare = compare
        self.option = option
        self.no_log = no_log
        self.doc = doc

    def argspec(self):
        if isinstance(self.kind, list):
            spec = dict(type="str", choices=list(self.kind))
        else:
            spec = dict(type=self.kind)
        if self.no_log:
            spec["no_log"] = True
        return spec

    def parse(self, value):
        if self.kind == "bool":
            return xmlio.to_bool(value)
        if self.kind == "int":
            return xmlio.to_int(value)
        return value


def _attribute(el, field):
    value = el.get(field.attr)
    for spelling in field.read_also:
        if value is not None:
            break
        value = el.get(spelling)
    return value


class FieldTable(object):
    """The fields of one XML element (``tag``), in the order diffs show them."""

    def __init__(self, tag, fields):
        self.tag = tag
        self.fields = tuple(fields)
        self.by_name = dict((field.name, field) for field in self.fields)

    def names(self, compared_only=False):
        return tuple(f.name for f in self.fields if f.compare or not compared_only)

    def compared(self):
        return self.names(compared_only=True)

    def argspec(self, exclude=()):
        """Module options for the fields marked ``option``."""
        return dict((f.name, f.argspec()) for f in self.fields if f.option and f.name not in exclude)

    def parse(self, el):
        """The record of an answer's element: every field with an attribute, missing ones None."""
        return dict((f.name, f.parse(_attribute(el, f))) for f in self.fields if f.attr)

    def attributes(self, values):
        """XML attributes for the entries of ``values`` that have one (None values are left out)."""
        return dict((f.attr, values[f.name]) for f in self.fields
                    if f.attr and f.name in values and values[f.name] is not None)

    def element(self, values, *children):
        return xmlio.element(self.tag, self.attributes(values), *children)

    def changes(self, current, desired):
        return changes(current, desired, [name for name in self.compared() if name in desired])

    def shown(self, record, extra=()):
        """What a diff shows of a record: the compared fields (and ``extra`` keys), by names."""
        if not record:
            return {}
        return dict((key, record.get(key)) for key in self.compared() + tuple(extra))

    def require_versions(self, client, values):
        """Refuse, before any write, a field the server's REST API version does not have."""
        for field in self.fields:
            if field.version and values.get(field.name) is not None:
                client.require_version(field.version, field.name)


class Outcome(object):
    """What an ``ensure_*`` function hands back: ``(changed, returned, diff)``, built step by step.

    ``returned`` holds what the module returns (``{"project": {...}}``), and under ``warnings`` what
    ``warn`` noted; ``diff`` is a before/after pair, or a list of pairs (with headers) when one task
    changes many items.
    """

    def __init__(self):
        self.changed = False
        self.returned = {}
        self.diffs = []

    def record(self, changed, before, after, header=None):
        """Note one item's change (or non-change); only changes appear in a list diff."""
        self.changed = self.changed or bool(changed)
        if changed or header is None:
            entry = dict(before=before or {}, after=after or {})
            if header is not None:
                entry.update(before_header=header, after_header=header)
            self.diffs.append(entry)
        return self

    def ret(self, **values):
        self.returned.update(values)
        return self

    def warn(self, message):
        """A warning for the task's output; the module passes it to ``AnsibleModule.warn``."""
        self.returned.setdefault("warnings", []).append(message)
        return self

    def result(self):
        if len(self.diffs) == 1 and "before_header" not in self.diffs[0]:
            diff = self.diffs[0]
        else:
            diff = self.diffs
        return self.changed, self.returned, diff


class Resource(object):
    """Reads and writes of one kind of item on the signed-in site; writes honour ``check_mode``.

    Subclasses set ``path`` (the site-relative collection, ``/projects``), ``tag`` (``project``),
    ``kind`` (a word for messages) and ``table``, and override ``from_xml`` / ``element`` /
    ``predict`` where the item is more than its table. ``list_fields`` is the ``fields=`` value listings
    ask for (None: the server's default).
    """

    path = None
    tag = None
    kind = "item"
    table = None
    list_fields = None
    scope = "site"  # "server" for what lives outside any site (the sites themselves)
    filterable = True  # False where the listing takes no filter: names are then matched in one full listing

    def __init__(self, client, check_mode=False):
        self.client = client
        self.check_mode = check_mode

    # ------------------------------------------------------------------ shapes

    def from_xml(self, el):
        record = {"id": el.get("id")}
        record.update(self.table.parse(el))
        return record

    def element(self, values):
        return self.table.element(values)

    def body(self, values):
        return xmlio.ts_request(self.element(values))

    def predict(self, fields):
        """The record check mode predicts for a create: server defaults, then what was asked."""
        predicted = dict((name, None) for name in self.table.names())
        predicted["id"] = None
        predicted.update(fields)
        return predicted

    def answered(self, root):
        """The item in a write's answer, or a clear error when the server's answer lacks it."""
        el = xmlio.find(root, self.tag)
        if el is None:
            raise xmlio.missing(self.tag, "the answer to a %s write" % self.kind)
        return self.from_xml(el)

    def send(self, method, path, body=None, params=None, expected=(200,)):
        """One request to ``path`` (relative to the signed-in site, or to the server for ``scope = "server"``)."""
        return self.client.send(method, path, body=body, params=params, expected=expected, scope=self.scope)

    # ------------------------------------------------------------------ reads

    def list(self, filters=None, sort=None, fields=None):
        whole = not (filters or sort or fields)
        listed = self._remembered() if whole else None
        if listed is None:
            listed = [self.from_xml(el) for el in self.client.paginate(
                self.path, self.tag, filters=filters, sort=sort, fields=fields or self.list_fields, scope=self.scope)]
            if whole:
                self._remember(listed)
        return listed + self.planned(filters)

    def _listing_key(self):
        return type(self), self.path, self.scope

    def _remembered(self):
        """Copies of this kind's whole listing when the plan of this client has read it already, else None."""
        listed = _LISTINGS.get(self.client, {}).get(self._listing_key())
        return None if listed is None else [dict(item) for item in listed]

    def _remember(self, listed):
        memo = _LISTINGS.get(self.client)
        if memo is not None:
            memo[self._listing_key()] = [dict(item) for item in listed]

    def planned(self, filters=None):
        """Copies of the items of this kind check mode predicted in this run (see start_planning) passing ``filters``."""
        registry = _PLANS.get(self.client)
        if not registry:
            return []
        return [dict(item) for item in registry.get(self.kind, ()) if _planned_match(item, filters)]

    def plan(self, record):
        """Register ``record``, predicted by a create in check mode, when the client is planning a whole run."""
        registry = _PLANS.get(self.client)
        if registry is None:
            return record
        items = registry.setdefault(self.kind, [])
        record["id"] = "%s%s:%d" % (PLANNED_PREFIX, self.kind, len(items) + 1)
        items.append(dict(record))
        return record

    def named(self, names, field="name"):
        """Every item whose ``field`` is one of ``names`` without regard to case: one filtered listing (or one full one).

        Up to IN_FILTER_LIMIT names go into one ``in`` filter (the transport splits it by URL length);
        past that, or for a name the filter syntax cannot carry, one full listing is cheaper and safer.
        """
        wanted = dict((name_key(n), n) for n in names if n)
        if not wanted:
            return []
        # While planning, names an earlier lookup of the plan settled (found or not) need no request.
        known = _LISTINGS.get(self.client, {}).setdefault((self._listing_key(), field), {}) \
            if self.client in _LISTINGS else None
        if known is not None and all(key in known for key in wanted):
            return [dict(known[key]) for key in wanted if known[key] is not None] + \
                self._matching(self.planned(), wanted, field)
        found = self._named(wanted, field)
        if known is not None:
            by_name = dict((name_key(item[field]), item) for item in found if not is_planned(item))
            known.update((key, dict(by_name[key]) if key in by_name else None) for key in wanted)
        return found

    def _named(self, wanted, field):
        spelled = sorted(set(wanted.values()))
        if not self.filterable or len(spelled) > IN_FILTER_LIMIT or not all(filter_value_is_safe(n) for n in spelled) \
                or self._listing_key() in _LISTINGS.get(self.client, {}):
            return self._matching(self.list(), wanted, field)
        if len(spelled) == 1:
            found = self._matching(self.list(filters=[(field, "eq", spelled[0])]), wanted, field)
        else:
            found = self._matching(self.list(filters=[(field, "in", spelled)]), wanted, field)
        if set(name_key(item[field]) for item in found) != set(wanted):
            # The server's eq and in filters compare case, its uniqueness rules do not: a name the
            # filter missed may be there spelled otherwise. One full listing tells.
            found = self._matching(self.list(), wanted, field)
        return found

    @staticmethod
    def _matching(items, wanted, field):
        return [item for item in items if name_key(item[field]) in wanted]

    def find_by_names(self, names, field="name"):
        """``name_key(name)`` -> item for each of ``names`` found (see ``named``)."""
        return dict((name_key(item[field]), item) for item in self.named(names, field))

    def list_named(self, name, filters=(), field="name"):
        """The items passing ``filters`` whose ``field`` is ``name`` without regard to case (None: all of them)."""
        filters = list(filters)
        if name is None:
            return self.list(filters=filters or None)
        exact = [(field, "eq", name)] if self.filterable and filter_value_is_safe(name) else []
        found = [item for item in self.list(filters=filters + exact or None) if same_name(item[field], name)]
        if not found and exact:
            # The server's eq compares case; Tableau's names do not.
            found = [item for item in self.list(filters=filters or None) if same_name(item[field], name)]
        return found

    def find_by_name(self, name):
        return self.find_by_names([name]).get(name_key(name))

    def not_found(self, name, purpose=None):
        site = self.client.site or "the Default site"
        return TableauValidationError(
            "The %s '%s' does not exist on site '%s'." % (purpose or self.kind, name, site),
            hint="Create it first, or check the name (names match without regard to case).")

    def require_by_names(self, names, purpose=None):
        names = [n for n in names if n]
        found = self.find_by_names(names)
        missing = sorted(set(n for n in names if name_key(n) not in found))
        if len(missing) == 1:
            raise self.not_found(missing[0], purpose)
        if missing:
            raise self.none_found(missing, purpose)
        return found

    def none_found(self, names, purpose=None):
        return TableauValidationError(
            "These %ss do not exist on site '%s': %s." % (purpose or self.kind, self.client.site or "", ", ".join(names)),
            hint="Create them first, or check the names (names match without regard to case).")

    def require_by_name(self, name, purpose=None):
        return self.require_by_names([name], purpose)[name_key(name)]

    # ------------------------------------------------------------------ writes

    def map(self, function, items):
        """``function`` over ``items``: side by side when writing, one by one in check mode (no requests)."""
        items = list(items)
        if self.check_mode:
            return [function(item) for item in items]
        return self.client.map(function, items)

    def create(self, fields, find=None):
        """Create an item; in check mode, the predicted item (id None) without a request.

        The POST goes through ``create_once``: after a lost answer it looks (``find``, by default by
        name) before it sends again.
        """
        self.table.require_versions(self.client, fields)
        if self.check_mode:
            return self.plan(self.predict(fields))

        def post():
            return self.answered(self.send("POST", self.path, self.body(fields), expected=(200, 201)))
        if find is None:
            def find():
                return self.find_by_name(fields["name"])
        return create_once(post, find, "%s '%s'" % (self.kind, fields.get("name")))

    def update(self, current, change):
        """Apply ``change`` to ``current``; nothing when it is empty; the prediction in check mode."""
        if not change:
            return current
        self.table.require_versions(self.client, change)
        predicted = predicted_update(current, change)
        if self.check_mode:
            return predicted
        root = self.send("PUT", "%s/%s" % (self.path, current["id"]), self.body(change))
        el = xmlio.find(root, self.tag)
        if el is None:
            return predicted
        # Update answers often leave fields out (ids, dates): keep what was known.
        predicted.update((key, value) for key, value in self.from_xml(el).items() if value is not None)
        return predicted

    def delete(self, current, params=None):
        if not self.check_mode:
            self.send("DELETE", "%s/%s" % (self.path, current["id"]), params=params, expected=(200, 204))
