# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What tableau_workbook, tableau_datasource and tableau_flow (and their _info twins) do: the module logic.

``ensure_present``, ``ensure_absent``, ``ensure_downloaded`` and ``ensure_refreshed`` take the resource
(``workbook.py`` / ``datasource.py`` / ``flow.py``, on ``content.py``) and a plain dict of desired values (the task's
options), never the AnsibleModule, and return ``(changed, returned, diff)``. Check mode is the
resource's: every write it makes predicts its result instead.

When to publish: the REST API exposes no content hash, so after a publish the item is tagged with
``sha256:<first 16 hex digits>`` of the file (for workbooks, of the file plus the hidden view names,
which can only be set at publish). The next run compares that tag with the local file and publishes
only when they differ.

Moving: ``project`` and ``name`` say where an item is; ``new_project`` and ``new_name`` where it is to
be (``locate``), as tableau_project's ``new_parent`` and ``new_name`` do. A changed ``project`` alone
publishes a second copy in the other project, which the result warns about (``warn_of_copies``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os

from ansible_collections.tableau.server.plugins.module_utils.client import filter_value_is_safe
from ansible_collections.tableau.server.plugins.module_utils.content import (
    FINGERPRINT_LENGTH,
    FINGERPRINT_PREFIX,
    READ_BLOCK,
    fingerprint_tag,
    in_project,
    remove_quietly,
    resolve_dest,
)
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.project import ProjectResource, join_path, split_path
from ansible_collections.tableau.server.plugins.module_utils.resource import Outcome, exists, name_key, same_name
from ansible_collections.tableau.server.plugins.module_utils.user import UserResource

# The module options of the publish request itself (what ``publish_element`` reads).
PUBLISH_OPTIONS = ("name", "description", "show_tabs", "hidden_views", "credentials")
CONNECTION_SETTINGS = ("server_address", "server_port", "username", "embed_password")
CONNECTION_MATCH_KEYS = ("server_address", "server_port", "type", "datasource_name")


# ---------------------------------------------------------------------------------------- files and fingerprints

def check_file(path, extensions, label):
    """The file's extension and size; an error before any request when it is missing or of the wrong type."""
    if not path:
        raise TableauValidationError("Publishing a %s needs 'file', the local file to publish." % label)
    extension = os.path.splitext(path)[1][1:].lower()
    if extension not in extensions:
        raise TableauValidationError(
            "The file '%s' cannot be published as a %s: the name must end in %s."
            % (path, label, ", ".join("." + e for e in extensions)))
    if not os.path.isfile(path):
        raise TableauValidationError("The file '%s' does not exist or is not a regular file." % path)
    return extension, os.path.getsize(path)


def file_fingerprint(path, extra=None):
    """SHA-256 of the file's bytes, read in blocks, followed by ``extra`` (publish-only settings) when given."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while True:
            block = handle.read(READ_BLOCK)
            if not block:
                break
            digest.update(block)
    if extra:
        digest.update(b"\0" + extra.encode("utf-8"))
    return digest.hexdigest()


def tag_changes(current, desired, purge):
    """Tags to add and to remove so ``current`` matches ``desired`` (None = leave alone); case-insensitive."""
    if desired is None:
        return [], []
    have = dict((t.lower(), t) for t in current)
    want = dict((t.lower(), t) for t in desired)
    add = [want[k] for k in sorted(want) if k not in have]
    remove = [have[k] for k in sorted(have) if k not in want] if purge else []
    return add, remove


def fingerprint_changes(item, fingerprint):
    """The fingerprint tag to add and the old one to remove, so the item records what was just published."""
    new_tag = fingerprint_tag(fingerprint)
    old_tag = FINGERPRINT_PREFIX + item["fingerprint"] if item.get("fingerprint") else None
    if old_tag == new_tag:
        return [], []
    return [new_tag], [old_tag] if old_tag else []


def publish_action(mode, force, current, fingerprint):
    """What a run publishes: "CreateNew", "Overwrite", "Append" or None (nothing to publish)."""
    if current is None:
        return "CreateNew"
    if mode == "create_new":
        return None
    if mode == "overwrite":
        return "Overwrite"
    changed = force or current.get("fingerprint") != fingerprint[:FINGERPRINT_LENGTH]
    if not changed:
        return None
    return "Append" if mode == "append" else "Overwrite"


# ---------------------------------------------------------------------------------------- module logic

def check_publishable(resource_class, desired):
    """Refuse, before any request, a file that cannot be published as the resource's kind (or appended)."""
    extension, _size = check_file(desired["file"], resource_class.extensions, resource_class.kind)
    if desired.get("publish_mode") == "append" and extension not in getattr(resource_class, "extract_extensions", ()):
        raise TableauValidationError("publish_mode append needs an extract file (.hyper or .tde); got '%s'."
                                     % desired["file"])


def require_project(client, path, purpose=None):
    """(project, its path as the server spells it); an error before any write when there is none."""
    parts = split_path(path)
    if not parts:
        raise TableauValidationError("The project path is empty.", hint="Use 'Default' for the Default project.")
    projects = ProjectResource(client)
    chain = projects.resolve(parts)[0]
    if len(chain) != len(parts):
        where = " " + purpose if purpose else ""
        raise TableauValidationError("The project '%s'%s does not exist." % (join_path(parts), where),
                                     hint="Create it first with tableau.server.tableau_project.")
    return chain[-1], join_path([project["name"] for project in chain])


def require_item(resource, desired, purpose):
    """(item, project path) of the item the task names; an error when it is not there to ``purpose``."""
    project, project_path = require_project(resource.client, desired["project"])
    current = resource.find(desired["name"], project["id"])
    if current is None:
        raise TableauValidationError("There is no %s named '%s' in the project '%s' to %s."
                                     % (resource.kind, desired["name"], project_path, purpose))
    return current, project_path


def converge(resource, desired, place=None):
    """The task's ``state``: ``place`` is the module's way to put a download in place (see ensure_downloaded)."""
    state = desired.get("state") or "present"
    if state == "absent":
        return ensure_absent(resource, desired)
    if state == "downloaded":
        return ensure_downloaded(resource, desired, place)
    if state == "refreshed":
        return ensure_refreshed(resource, desired)
    return ensure_present(resource, desired)


def ensure_present(resource, desired):
    """Move or rename when asked, publish when needed, then converge metadata, tags and connections.

    Every check that can refuse the task (the file, both projects, a name taken at the target, the
    owner, the version a rename needs) is made before the first write.
    """
    if desired.get("file") or not moving(desired):
        check_publishable(type(resource), desired)
    located = locate(resource, desired)
    current, where, target = located.current, located.where, located.target
    if current is None and not desired.get("file"):
        raise nothing_to_move(resource, located)
    fingerprint, owner_id = fingerprint_and_owner(resource, desired)
    item = resource.move(current, target.project["id"], desired.get("new_name")) if current is not None else None
    moved = item is not None and (item["project_id"], item["name"]) != (current["project_id"], current["name"])
    force = desired["force"] or resource.publish_needed(item, desired)
    action = publish_action(desired["publish_mode"], force, item, fingerprint) if fingerprint else None
    item, tags_changed = publish_and_tag(resource, dict(desired, name=target.name), target.project["id"], item,
                                         action, fingerprint)
    change = resource.table.changes(item, resource.desired_fields(desired, owner_id))
    item = resource.update(item, change)
    send_passwords = desired.get("update_password") == "always" or action is not None
    connections_changed, connections = converge_connections(resource, item, desired.get("connections"), send_passwords)
    returned = dict(item, project=target.path)
    owner = desired["owner"] if owner_id is not None else None
    returned.update((key, value) for key, value in (("owner", owner), ("connections", connections)) if value is not None)
    changed = moved or action is not None or tags_changed or bool(change) or connections_changed
    outcome = Outcome().record(changed, resource.shown(current, where.path), resource.shown(item, target.path))
    if action == "CreateNew":
        warn_of_copies(outcome, resource, target, located.namesakes)
    return outcome.ret(published=action is not None, publish_action=action, **{resource.tag: returned}).result()


def fingerprint_and_owner(resource, desired):
    """The local file's fingerprint (None without a file) and the wanted owner's id (None: leave alone)."""
    fingerprint = file_fingerprint(desired["file"], resource.fingerprint_extra(desired)) if desired.get("file") else None
    owner_id = None
    if desired.get("owner"):
        owner_id = UserResource(resource.client).require_by_name(desired["owner"], purpose="owner")["id"]
    return fingerprint, owner_id


# ---------------------------------------------------------------------------------------- moving and renaming

def moving(desired):
    """Whether the task moves or renames its item (``new_project``, ``new_name``)."""
    return desired.get("new_project") is not None or desired.get("new_name") is not None


class Place(object):
    """A name in a project: where an item is, or is to be. ``project`` is the project ProjectResource
    found, ``path`` its path as the server spells it."""

    def __init__(self, project, path, name):
        self.project = project
        self.path = path
        self.name = name

    def key(self):
        return self.project["id"], name_key(self.name)

    def holder(self, items):
        """The one of ``items`` at this place (names compared without regard to case), or None."""
        return in_project([item for item in items if same_name(item["name"], self.name)], self.project["id"])


class Located(object):
    """What ``locate`` found: ``current`` (the item, None when there is none yet) at ``where`` (the
    ``source`` or the ``target`` place), and ``namesakes``, every item named as the target, in any project."""

    def __init__(self, current, where, source, target, namesakes):
        self.current = current
        self.where = where
        self.source = source
        self.target = target
        self.namesakes = namesakes


def places(client, desired):
    """(source, target): the place the task names (``project``, ``name``) and the one it wants
    (``new_project``, ``new_name``; the same place when neither is given). Both projects must exist."""
    new_name = desired.get("new_name")
    if new_name is not None and not new_name.strip():
        raise TableauValidationError("new_name cannot be empty.", hint="Give the new name, or leave new_name out.")
    project, project_path = require_project(client, desired["project"])
    source = Place(project, project_path, desired["name"])
    target_project, target_path = project, project_path
    if desired.get("new_project") is not None:
        target_project, target_path = require_project(client, desired["new_project"], purpose="to move to")
    return source, Place(target_project, target_path, new_name or desired["name"])


def locate(resource, desired):
    """Find the task's item where it is (``project`` and ``name``) or, once moved, where it is to be.

    As with tableau_project's ``new_parent`` and ``new_name``: an item at the old place is moved; none
    there but one at the new place was moved by an earlier run (nothing to do); one at each place is
    an error, since the server keeps names unique per project. One listing per name.
    """
    source, target = places(resource.client, desired)
    namesakes = resource.named_anywhere(target.name)
    at_target = target.holder(namesakes)
    if source.key() == target.key():
        return Located(at_target, source, source, target, namesakes)
    same_name_too = name_key(source.name) == name_key(target.name)
    at_source = source.holder(namesakes if same_name_too else resource.named_anywhere(source.name))
    if at_source is not None and at_target is not None and at_source["id"] != at_target["id"]:
        raise TableauValidationError(
            "Cannot move the %s '%s' from '%s' to '%s' as '%s': a %s of that name is there already."
            % (resource.kind, at_source["name"], source.path, target.path, target.name, resource.kind),
            hint="Pick another new_name or new_project, or remove the other %s first." % resource.kind)
    if at_source is None:
        return Located(at_target, target, source, target, namesakes)
    return Located(at_source, source, source, target, namesakes)


def nothing_to_move(resource, located):
    return TableauValidationError(
        "There is no %s named '%s' in the project '%s', nor '%s' in '%s', to move or rename."
        % (resource.kind, located.source.name, located.source.path, located.target.name, located.target.path),
        hint="Give file to publish it at the new place, or check name and project (where it is now).")


def warn_of_copies(outcome, resource, target, namesakes):
    """Warn when a publish makes an item whose name other projects hold too: a second copy, not a move."""
    others = [item for item in namesakes if item["project_id"] != target.project["id"]]
    if not others:
        return
    projects = ProjectResource(resource.client)
    paths = projects.paths_by_id(projects.list())
    elsewhere = sorted(join_path(paths.get(item["project_id"], [])) for item in others)
    outcome.warn(
        "The %s '%s' %s published as a new item in '%s', while %s holds a %s of the same name: that makes a "
        "second copy, and the one in %s stays where it is. To move it instead, set project to where it is "
        "now and new_project to '%s' (and new_name to rename it); delete an unwanted copy with state absent."
        % (resource.kind, target.name, "would be" if resource.check_mode else "was", target.path,
           " and ".join("'%s'" % path for path in elsewhere), resource.kind,
           "that project" if len(elsewhere) == 1 else "those projects", target.path))


def publish_and_tag(resource, desired, project_id, current, action, fingerprint):
    """Publish (when ``action``), then converge the tags and the fingerprint tag in one go: (item, tags changed)."""
    item = current
    if action is not None:
        fields = dict((key, desired.get(key)) for key in PUBLISH_OPTIONS)
        params = {"skipConnectionCheck": "true"} if desired.get("skip_connection_check") else None
        item = resource.publish(desired["file"], fields, project_id, action, current, as_job=desired["as_job"],
                                timeout=desired["wait_timeout"], params=params, tag=fingerprint_tag(fingerprint))
    add, remove = tag_changes(item["tags"], desired.get("tags"), desired["purge_tags"])
    if action is not None:
        # The fingerprint tag records what this run published; the next run compares against it.
        new_tag, old_tag = fingerprint_changes(item, fingerprint)
        add, remove = add + new_tag, remove + old_tag
    return resource.change_tags(item, add, remove), bool(add or remove)


def converge_connections(resource, item, wanted, send_passwords):
    """Apply the ``connections`` option: (changed, connections after), or (False, None) when not given."""
    if not wanted:
        return False, None
    if not exists(item):
        return True, []  # check mode, not published yet: nothing to read, every listed change would apply
    current = resource.connections(item)
    changed = False
    for entry in wanted:
        matched = [c for c in current if connection_matches(c, entry)]
        if not matched:
            raise TableauValidationError(
                "No connection of the %s '%s' matches %s; its connections: %s."
                % (resource.kind, item["name"], describe_match(entry),
                   ", ".join("%s:%s (%s)" % (c["server_address"], c["server_port"] or "", c["type"]) for c in current)
                   or "none"),
                hint="Match on the server address and port the connection has now, or on its type.")
        for connection in matched:
            changes = connection_changes(connection, entry, send_passwords)
            if changes:
                current[current.index(connection)] = resource.update_connection(item, connection, changes)
                changed = True
    return changed, current


def connection_changes(connection, entry, send_passwords):
    """What ``entry`` changes in ``connection``; a password goes along as ``send_passwords`` says, or with other changes."""
    changes = {}
    for key in CONNECTION_SETTINGS:
        value = entry.get(key)
        if value is None:
            continue
        value = str(value) if key == "server_port" else value
        if (connection.get(key) or ("" if key != "embed_password" else False)) != value:
            changes[key] = value
    if entry.get("password") is not None and (send_passwords or changes):
        changes["password"] = entry["password"]
        if "embed_password" not in changes and entry.get("embed_password") is not None:
            changes["embed_password"] = entry["embed_password"]
    return changes


def connection_matches(connection, entry):
    """Whether ``connection`` is one ``entry`` updates; one already changed to the entry's address still is."""
    match = entry.get("match") or {}
    for key in CONNECTION_MATCH_KEYS:
        value = match.get(key)
        if value is None:
            continue
        have = str(connection.get(key) or "")
        if key == "server_address":
            accepted = (str(value).lower(), (entry.get("server_address") or "").lower())
            have = have.lower()
        elif key == "server_port":
            accepted = (str(value), str(entry.get("server_port") or ""))
        else:
            accepted = (str(value),)
        if have not in accepted:
            return False
    return True


def describe_match(entry):
    match = dict((k, v) for k, v in (entry.get("match") or {}).items() if v is not None)
    return ", ".join("%s=%s" % item for item in sorted(match.items())) or "(any)"


def ensure_absent(resource, desired):
    project, project_path = require_project(resource.client, desired["project"])
    current = resource.find(desired["name"], project["id"])
    if current is not None:
        resource.delete(current)
    outcome = Outcome().record(current is not None, resource.shown(current, project_path), {})
    return outcome.ret(**{resource.tag: {}}).result()


def ensure_downloaded(resource, desired, place):
    """Download to ``dest``; changed when the local file was missing or differed (or its attributes change).

    The resource streams the file into a temporary file in dest's folder; ``place(temp_path, target,
    replace)`` (the module's: an atomic move and the task's file attributes) puts it in place when
    ``replace`` and returns whether attributes changed. A bad dest is refused before any request.
    """
    folder, filename = resolve_dest(desired.get("dest"))
    current, project_path = require_item(resource, desired, "download")
    temp_path, target = resource.download_to_temp(current, folder, filename, desired.get("include_extract", True))
    changed, before, after = put_in_place(place, temp_path, target)
    outcome = Outcome().record(changed, {"dest": target, "sha256": before}, {"dest": target, "sha256": after})
    return outcome.ret(dest=target, **{resource.tag: dict(current, project=project_path)}).result()


def put_in_place(place, temp_path, target):
    """Replace ``target`` with the downloaded ``temp_path`` when they differ: (changed, old sha256, new sha256).

    ``place(temp_path, target, replace)`` is the module's (an atomic move and the task's file attributes; it
    says whether attributes changed); the temporary file is removed whatever happens.
    """
    try:
        before = file_fingerprint(target) if os.path.isfile(target) else None
        after = file_fingerprint(temp_path)
        attributes_changed = place(temp_path, target, before != after)
    finally:
        remove_quietly(temp_path)
    return before != after or attributes_changed, before, after


def ensure_refreshed(resource, desired):
    """Start an extract refresh (a change), and wait for it when asked; a refresh queued already is not doubled."""
    current, project_path = require_item(resource, desired, "refresh")
    started, job_id = resource.refresh(current, desired.get("incremental", False))
    item = current
    outcome = Outcome()
    if not started:
        outcome.warn("A refresh of the %s '%s' is already queued; no new one was started."
                     % (resource.kind, desired["name"]))
    elif job_id is not None and desired.get("wait", True):
        resource.wait_for_job(job_id, desired["wait_timeout"])
        item = resource.get(current["id"])
    outcome.record(started, resource.shown(current, project_path), resource.shown(item, project_path))
    return outcome.ret(job_id=job_id, **{resource.tag: dict(item, project=project_path)}).result()


# ---------------------------------------------------------------------------------------- listings (_info)

def normalize_since(value):
    """``2024-05-01`` or ``2024-05-01T08:00:00Z`` as the server's ``YYYY-MM-DDTHH:MM:SSZ``."""
    text = str(value).strip()
    if len(text) == 10:
        text += "T00:00:00Z"
    if len(text) == 19:
        text += "Z"
    if len(text) != 20 or text[4] != "-" or text[10] != "T" or not text.endswith("Z"):
        raise TableauValidationError("updated_since '%s' is not a UTC date or time such as 2024-05-01 or "
                                     "2024-05-01T08:00:00Z." % value)
    return text


def listing_filters(name=None, owner=None, tags=None):
    """The server-side filters for what the filter syntax can carry; the rest is filtered locally."""
    filters = []
    for field, value in (("name", name), ("ownerName", owner), ("tags", tags[0] if tags else None)):
        if value is not None and filter_value_is_safe(value):
            filters.append((field, "eq", value))
    return filters or None


def list_items(resource, name=None, project=None, owner=None, tags=None, updated_since=None):
    """Items matching every filter given, each with ``project`` (its path) and ``owner`` (a name)."""
    since = normalize_since(updated_since) if updated_since else None
    projects = ProjectResource(resource.client)
    paths = projects.paths_by_id(projects.list())
    project_id = None
    if project is not None:
        parts = split_path(project)
        matching = [p_id for p_id, p_path in paths.items() if p_path == parts]
        if not matching:
            return []
        project_id = matching[0]
    items = resource.list(filters=listing_filters(name, owner, tags))
    owners = UserResource(resource.client).names_by_id(i["owner_id"] for i in items)
    wanted_tags = set(t.lower() for t in tags or ())

    def wanted(item):
        return ((name is None or item["name"] == name)
                and (project_id is None or item["project_id"] == project_id)
                and (owner is None or name_key(owners.get(item["owner_id"])) == name_key(owner))
                and wanted_tags <= set(t.lower() for t in item["tags"])
                and (since is None or (item["updated_at"] or "") >= since))
    found = [dict(item, project=join_path(paths.get(item["project_id"], [])), owner=owners.get(item["owner_id"]))
             for item in items if wanted(item)]
    return sorted(found, key=lambda i: (i["project"].lower(), i["name"].lower()))
