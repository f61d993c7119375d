# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module side of tableau_workbook, tableau_datasource, tableau_flow and their _info twins: options, the checks
made before sign-in, and the run that hands the resource and the task's options to ``publishing.py``.

The options are documented in doc_fragments/content.py and the modules' DOCUMENTATION.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tableau.server.plugins.module_utils.content import MIB, resolve_dest
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.publishing import check_publishable, converge

# state present needs file unless the task only moves or renames (check_content_params tells).
CONTENT_REQUIRED_IF = [("state", "downloaded", ["dest"])]
MOVE_OPTIONS = ("new_project", "new_name")


def run_content_module(module, resource_class, converge_with=converge):
    """The run of tableau_workbook, tableau_datasource and tableau_flow: checks without the server first, then
    converge (``converge_with``: a kind's own states first, such as a flow's run, then ``publishing.converge``)."""
    def run(module, client):
        resource = resource_class(client, module.check_mode, **upload_limits(module.params))
        return converge_with(resource, module.params, module.place_file)
    module.run(run, check=check_content_params(resource_class))


def check_content_params(resource_class):
    """A check of the options that can be refused without the server, so a bad task sends no request at all."""
    def check(params):
        for option in ("chunk_size_mb", "single_request_limit_mb"):
            if not 1 <= params[option] <= 64:
                raise TableauValidationError("%s must be between 1 and 64 (MiB); got %s." % (option, params[option]))
        moves = [option for option in MOVE_OPTIONS if params.get(option) is not None]
        if moves and params["state"] != "present":
            raise TableauValidationError(
                "Moving or renaming (%s) is done with state present only, not with state %s."
                % (" and ".join(moves), params["state"]),
                hint="Move or rename the %s in a task of its own, then address it by its new project and name."
                     % resource_class.kind)
        if params.get("new_name") is not None and resource_class.no_rename:
            raise TableauValidationError(
                "A %s cannot be renamed: %s" % (resource_class.kind, resource_class.no_rename),
                hint="Leave new_name out (new_project still moves the %s); to rename it, publish the file under "
                     "the new name and delete the old %s with state absent." % (resource_class.kind,
                                                                                resource_class.kind))
        if params["state"] == "present" and (params.get("file") or not moves):
            check_publishable(resource_class, params)
        if params["state"] == "downloaded":
            resolve_dest(params["dest"])
        resource_class.check_options(params)
    return check


def upload_limits(params):
    """The resource's upload sizes from the module options."""
    return dict(chunk_size=params["chunk_size_mb"] * MIB, single_request_limit=params["single_request_limit_mb"] * MIB)


def content_argument_spec(resource_class, **extra):
    """Options tableau_workbook, tableau_datasource and tableau_flow share (documented in doc_fragments/content.py),
    the fields of the resource's table, its states and publish modes (and the refresh options where
    ``refreshed`` is one of them), and ``extra``."""
    match_options = dict(
        server_address=dict(type="str"),
        server_port=dict(type="int"),
        type=dict(type="str"),
        datasource_name=dict(type="str"),
    )
    connection_options = dict(
        match=dict(type="dict", options=match_options),
        server_address=dict(type="str"),
        server_port=dict(type="int"),
        username=dict(type="str"),
        password=dict(type="str", no_log=True),
        embed_password=dict(type="bool", no_log=False),
    )
    spec = dict(
        name=dict(type="str", required=True),
        project=dict(type="str", default="Default"),
        state=dict(type="str", default="present", choices=list(resource_class.states)),
        publish_mode=dict(type="str", default="auto", choices=list(resource_class.publish_modes)),
        file=dict(type="path"),
        force=dict(type="bool", default=False),
        owner=dict(type="str"),
        tags=dict(type="list", elements="str"),
        purge_tags=dict(type="bool", default=True),
        as_job=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=1800),
        connections=dict(type="list", elements="dict", options=connection_options),
        update_password=dict(type="str", default="on_create", choices=["always", "on_create"], no_log=False),
        dest=dict(type="path"),
        include_extract=dict(type="bool", default=True),
        chunk_size_mb=dict(type="int", default=50),
        single_request_limit_mb=dict(type="int", default=64),
        new_project=dict(type="str"),
        new_name=dict(type="str"),
    )
    if "refreshed" in resource_class.states:
        spec.update(incremental=dict(type="bool", default=False), wait=dict(type="bool", default=True))
    spec.update(resource_class.table.argspec())
    spec.update(extra)
    return spec


def workbook_argument_spec():
    """tableau_workbook's options (what tableau_site_state's ``workbooks`` items take too)."""
    from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource
    return content_argument_spec(WorkbookResource, hidden_views=dict(type="list", elements="str"),
                                 skip_connection_check=dict(type="bool", default=False),
                                 credentials=credentials_argument_spec(with_server=True))


def datasource_argument_spec():
    """tableau_datasource's options (what tableau_site_state's ``datasources`` items take too)."""
    from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
    return content_argument_spec(DatasourceResource, credentials=credentials_argument_spec())


def flow_argument_spec():
    """tableau_flow's options (tableau_site_state's flows items take them too, less the run's)."""
    from ansible_collections.tableau.server.plugins.module_utils.flow import RUN_MODES, FlowResource
    return content_argument_spec(FlowResource, credentials=credentials_argument_spec(with_server=True),
                                 run_mode=dict(type="str", default="full", choices=list(RUN_MODES)),
                                 wait=dict(type="bool", default=True))


def credentials_argument_spec(with_server=False):
    options = dict(
        username=dict(type="str", required=True),
        password=dict(type="str", no_log=True),
        embed=dict(type="bool", default=True),
        oauth=dict(type="bool", default=False),
    )
    if with_server:
        options.update(server_address=dict(type="str"), server_port=dict(type="int"))
    return dict(type="dict", options=options)


def listing_argument_spec(**extra):
    """Options the _info modules share: the filters of ``list_items`` and ``extra``."""
    spec = dict(
        name=dict(type="str"),
        project=dict(type="str"),
        owner=dict(type="str"),
        tags=dict(type="list", elements="str"),
        updated_since=dict(type="str"),
    )
    spec.update(extra)
    return spec
