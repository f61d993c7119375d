"""The flows section of a site description: published like workbooks (files relative to base_dir), unchanged the
second time, purged when asked, exported with their files, and refused by a server without flows."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import os
import sys

import pytest
import yaml

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauVersionError
from ansible_collections.tableau.server.plugins.module_utils.flow import FlowResource
from ansible_collections.tableau.server.plugins.module_utils.site_export import ensure_exported
from ansible_collections.tableau.server.plugins.module_utils.site_state import converge

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "emulator"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "emulator", "test"))
import samples  # noqa: E402  pylint: disable=wrong-import-position,wrong-import-order
from tableau_emulator.server import BackgroundEmulator  # noqa: E402  pylint: disable=wrong-import-position
from tableau_emulator.state import DEFAULT_SEED  # noqa: E402  pylint: disable=wrong-import-position

TOKEN = {"token_name": "automation", "token_secret": "automation-secret"}
MUTATING = ("POST", "PUT", "PATCH", "DELETE")


def writes(emu):
    return [(e["method"], e["path"]) for e in emu.emulator.log
            if e["method"] in MUTATING and not e["path"].endswith(("/auth/signin", "/auth/signout"))]


def emulator_at(version):
    data = copy.deepcopy(DEFAULT_SEED)
    data["server"].update(rest_api_version=version)
    return BackgroundEmulator(seed=data)


def apply(client, flows, base_dir, check_mode=False, purge=False):
    return converge(client, dict(description={"version": 1, "flows": copy.deepcopy(flows)}, base_dir=base_dir,
                                 purge=purge, purge_limit=100, exclude=[]), check_mode=check_mode)


def placed(temp_path, target, replace):
    if replace:
        os.rename(temp_path, target)
    return False


def test_flows_publish_then_stay_unchanged_and_export_with_their_files(tmp_path):
    samples.write_tflx(str(tmp_path / "cleanup.tflx"))
    flows = [{"name": "Cleanup", "file": "cleanup.tflx", "description": "Nightly cleanup"}]
    with emulator_at("3.25") as emu:
        client = TableauClient(emu.url, auth=TOKEN, backoff_factor=0).sign_in()
        try:
            del emu.emulator.log[:]
            changed, planned, dummy = apply(client, flows, str(tmp_path), check_mode=True)
            assert changed and planned["summary"]["flows"]["created"] == ["Default/Cleanup"]
            assert writes(emu) == []
            assert apply(client, flows, str(tmp_path))[0]
            del emu.emulator.log[:]
            changed, again, dummy = apply(client, flows, str(tmp_path))
            assert not changed and again["summary"]["flows"]["unchanged"] == ["Default/Cleanup"]
            assert writes(emu) == []
            dest = str(tmp_path / "out" / "site.yml")
            os.makedirs(os.path.dirname(dest))
            options = dict(dest=dest, return_description=True, sections=["flows"], content="files",
                           content_dir="content", for_platform="same")
            exported = ensure_exported(client, options, placed, False, yaml.safe_load)[1]
            listed = exported["description"]["flows"]
            assert [(f["name"], f["file"], f.get("description")) for f in listed if f["name"] == "Cleanup"] == [
                ("Cleanup", "content/Default/Cleanup.tflx", "Nightly cleanup")]
            assert os.path.isfile(str(tmp_path / "out" / "content" / "Default" / "Cleanup.tflx"))
            others = [f["name"] for f in listed if f["name"] != "Cleanup"]
            changed, purged, dummy = apply(client, flows, str(tmp_path), purge={"flows": True})
            assert sorted(purged["summary"]["flows"]["removed"]) == sorted("Default/%s" % n for n in others)
            assert [f["name"] for f in FlowResource(client).list()] == ["Cleanup"]
        finally:
            client.sign_out()


def test_a_server_without_flows_refuses_the_section_before_any_write(tmp_path):
    samples.write_tflx(str(tmp_path / "cleanup.tflx"))
    with emulator_at("3.2") as emu:
        client = TableauClient(emu.url, auth={"username": "admin", "password": "admin"}, backoff_factor=0).sign_in()
        try:
            del emu.emulator.log[:]
            with pytest.raises(TableauVersionError):
                apply(client, [{"name": "Cleanup", "file": "cleanup.tflx"}], str(tmp_path))
            assert writes(emu) == []
        finally:
            client.sign_out()
