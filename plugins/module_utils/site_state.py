# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tableau_site_state: a whole site converged on one description (SITE-SCHEMA, version 1), in one process.

Three steps, so that bad input anywhere fails before any write:

1. ``validate``: the description's shape, each section's items against the argspec of the per-resource
   module's items (errors name the section, the item and the option: ``users[3].site_role: ...``),
   content files, purge settings. No request.
2. The plan: the whole pipeline in check mode, with the client planning (``resource.start_planning``):
   what a section creates is seen as existing by the sections after it, so a project owned by a user
   the same run adds, a group whose members it adds, a grant to a group it creates all plan cleanly
   on an empty site. Every server-side check (missing grantees, locked projects, purge limits,
   version gates) happens here. No write.
3. The apply (not in check mode): the same pipeline for real, sections in the order of SITE-SCHEMA
   (site settings, users, projects, groups, content, permissions), then the removals of purged
   sections in reverse. Within a section, independent writes go side by side (the convergers'
   ``map``).

The result is the summary per section (created, updated, removed, unchanged, by names), a plan-like
``msg``, and in diff mode one before/after per changed section, by names.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.permission import PURGE_CHOICES
from ansible_collections.tableau.server.plugins.module_utils.publishing import check_publishable
from ansible_collections.tableau.server.plugins.module_utils.resource import (
    PURGE_LIMIT_OPTION,
    start_planning,
    stop_planning,
)
from ansible_collections.tableau.server.plugins.module_utils.site_sections import NOT_APPLIED, SECTIONS
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource

SCHEMA_VERSION = 1
SECTION_NAMES = tuple(section.name for section in SECTIONS)
BY_NAME = dict((section.name, section) for section in SECTIONS)
PURGEABLE = tuple(section.name for section in SECTIONS if section.purge is not None)
PERMISSION_SECTIONS = ("permissions", "default_permissions")
CONTENT_CLASSES = dict(workbooks=WorkbookResource, datasources=DatasourceResource)

ARGUMENT_SPEC = dict(
    description=dict(type="dict", required=True),
    base_dir=dict(type="path"),
    purge=dict(type="raw", default=False),
    purge_limit=PURGE_LIMIT_OPTION,
    exclude=dict(type="list", elements="str", default=[]),
)


class Run(object):
    """One pass of the pipeline: the client, whether it writes, and the task's purge settings."""

    def __init__(self, client, check_mode, options):
        self.client = client
        self.check_mode = check_mode
        self.purge = options["purge"]
        self.purge_limit = options.get("purge_limit")
        self.exclude = options.get("exclude") or []
        self.base_dir = options.get("base_dir")

    def purging(self, section):
        return self.purge.get(section)

    def permission_purge(self, section):
        value = self.purge.get(section)
        return value if value in PURGE_CHOICES else ("all" if value else "none")

    def content_file(self, path):
        return content_path(self.base_dir, path)


def content_path(base_dir, path):
    return path if os.path.isabs(path) or not base_dir else os.path.join(base_dir, path)


# ---------------------------------------------------------------------------------------- validation

OPTION_IN_MESSAGE = (
    re.compile(r"^value of (\w+) "),
    re.compile(r"^argument '(\w+)'"),
    re.compile(r"^missing required arguments: ([\w, ]+)"),
    re.compile(r"^(\w+)\. Supported parameters"),
)


def item_error(where, message):
    """``where.option: message`` when the validator's message names the option (``where: message`` if not)."""
    for pattern in OPTION_IN_MESSAGE:
        match = pattern.match(message)
        if match:
            return "%s.%s: %s" % (where, match.group(1).split(",")[0].strip(), message)
    return "%s: %s" % (where, message)


def validate_items(section, items):
    """The section's items with the per-resource module's defaults, and their no_log values; all errors at once."""
    if section.name == "site":
        if not isinstance(items, dict):
            raise TableauValidationError("site must be a mapping (settings: ...); got %s." % type(items).__name__)
        items = [items]
    elif not isinstance(items, list):
        raise TableauValidationError("%s must be a list of items; got %s." % (section.name, type(items).__name__),
                                     hint="Write the section as a YAML list (or [] for none).")
    validator = ArgumentSpecValidator(section.item_spec())
    validated, errors, secrets = [], [], set()
    for index, item in enumerate(items):
        where = section.name if section.name == "site" else "%s[%d]" % (section.name, index)
        if not isinstance(item, dict):
            errors.append("%s: an item is a mapping of options; got %s." % (where, type(item).__name__))
            continue
        result = validator.validate(dict(item))
        secrets.update(result._no_log_values)  # pylint: disable=protected-access
        errors.extend(item_error(where, message) for message in result.error_messages)
        validated.append(result.validated_parameters)
    if errors:
        raise TableauValidationError("The description's %s section is not valid: %s" % (section.name, "; ".join(errors)),
                                     hint="Each item takes the options of %s's items (see its documentation)."
                                     % section.module)
    return validated, secrets


def normalized_purge(purge, description):
    """``purge`` as {section: value}: one bool for every purgeable section, or a mapping per section."""
    if isinstance(purge, bool):
        return dict((name, purge) for name in PURGEABLE + PERMISSION_SECTIONS)
    if not isinstance(purge, dict):
        raise TableauValidationError("purge must be true, false or a mapping of section to true or false; got %r."
                                     % (purge,))
    result = {}
    for name, value in purge.items():
        if name in PERMISSION_SECTIONS:
            if not isinstance(value, bool) and value not in PURGE_CHOICES:
                raise TableauValidationError("purge.%s must be true, false or one of %s; got %r."
                                             % (name, ", ".join(PURGE_CHOICES), value))
        elif name not in PURGEABLE:
            raise TableauValidationError("purge.%s: there is no such section to purge." % name,
                                         hint="Sections that can be purged: %s." % ", ".join(PURGEABLE + PERMISSION_SECTIONS))
        elif not isinstance(value, bool):
            raise TableauValidationError("purge.%s must be true or false; got %r." % (name, value))
        result[name] = value
    return result


def check_shape(description):
    if description.get("version") != SCHEMA_VERSION:
        raise TableauValidationError(
            "The description's version is %r; tableau_site_state reads version %d." % (description.get("version"),
                                                                                       SCHEMA_VERSION),
            hint="Set version: 1 at the top of the description (and check that it was written for this schema).")
    for key in description:
        if key in NOT_APPLIED:
            raise TableauValidationError(
                "The section '%s' is not applied by tableau_site_state yet." % key,
                hint="Leave it out of the description and manage it with tableau.server.%s for now." % NOT_APPLIED[key])
        if key != "version" and key not in BY_NAME:
            raise TableauValidationError("The description has an unknown section '%s'." % key,
                                         hint="Sections: %s." % ", ".join(SECTION_NAMES))


def validate(params):
    """The description as {section: validated items} (only the sections it has), the options, and its secrets."""
    description = params["description"]
    check_shape(description)
    sections, secrets = {}, set()
    for name in SECTION_NAMES:
        if description.get(name) is None:
            continue
        sections[name], found = validate_items(BY_NAME[name], description[name])
        secrets.update(found)
    for name, resource_class in CONTENT_CLASSES.items():
        if sections.get(name) and not params.get("base_dir"):
            raise TableauValidationError("The description lists %s, and their files are relative to base_dir: give base_dir."
                                         % name, hint="Set base_dir to the folder the description's file paths start from.")
        for index, item in enumerate(sections.get(name) or []):
            try:
                check_publishable(resource_class, dict(item, file=content_path(params.get("base_dir"), item["file"])))
            except TableauValidationError as exc:
                raise TableauValidationError("%s[%d].file: %s" % (name, index, exc.msg), hint=exc.hint)
    options = dict(params, purge=normalized_purge(params.get("purge"), description))
    return sections, options, secrets


# ---------------------------------------------------------------------------------------- the pipeline

def run_pipeline(run, sections):
    """Every section present, in order, then the purged sections' removals in reverse: {section: Report}."""
    reports = {}
    for section in SECTIONS:
        if section.name in sections:
            reports[section.name] = section.apply(run, sections[section.name])
    for section in reversed(SECTIONS):
        if section.purge is not None and section.name in sections and run.purging(section.name):
            reports[section.name].merge(section.purge(run, sections[section.name]))
    return reports


def prefetch(run, sections):
    """The whole listings the sections read (users, projects, groups), side by side before the first section:
    while planning they are remembered, so each section finds them read (see resource.start_planning)."""
    wanted = {}
    for section in SECTIONS:
        if section.name in sections:
            for resource in section.listings(run, sections[section.name]):
                wanted.setdefault(resource.path, resource)
    run.client.map(lambda resource: resource.list(), [wanted[path] for path in sorted(wanted)])


def plan(client, sections, options):
    """The whole run in check mode, what it creates taken as existing: the drift report, with no write."""
    start_planning(client)
    try:
        run = Run(client, True, options)
        prefetch(run, sections)
        return run_pipeline(run, sections)
    finally:
        stop_planning(client)


def converge(client, params, check_mode, sections=None, options=None):
    """tableau_site_state: ``(changed, returned, diff)``."""
    if sections is None:
        sections, options, dummy = validate(params)
    reports = plan(client, sections, options)
    # A site that matches its description is read once: with nothing to write, the plan is the result.
    if not check_mode and any(report.changed() for report in reports.values()):
        reports = run_pipeline(Run(client, False, options), sections)
    return result(reports, check_mode)


COUNTS = (("created", "to create", "created"), ("updated", "to update", "updated"),
          ("removed", "to remove", "removed"), ("unchanged", "unchanged", "unchanged"))


def message(reports, check_mode):
    """A plan-like line per section: ``users: 2 to create, 1 to update, 3 unchanged``."""
    lines = []
    for name in SECTION_NAMES:
        if name not in reports:
            continue
        report = reports[name]
        counts = ["%d %s" % (len(getattr(report, field)), planned if check_mode else done)
                  for field, planned, done in COUNTS if getattr(report, field)]
        lines.append("%s: %s" % (name, ", ".join(counts) or "nothing listed"))
    return "; ".join(lines) or "The description lists no section."


def result(reports, check_mode):
    changed = any(report.changed() for report in reports.values())
    diff = [dict(before=report.before, after=report.after, before_header=name, after_header=name)
            for name, report in ((n, reports[n]) for n in SECTION_NAMES if n in reports) if report.changed()]
    summary = dict((name, report.summary()) for name, report in reports.items())
    return changed, dict(summary=summary, msg=message(reports, check_mode)), diff
