"""Views through the resource layer: found by workbook and name in any case, tagged with check mode, listed with
filters that the server narrows and the client checks, and exported with the record that decides re-exports."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import sys

import pytest

from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError, TableauVersionError
from ansible_collections.tableau.server.plugins.module_utils.view import (
    ViewQuery,
    ViewResource,
    ensure_present,
    list_views,
)
from ansible_collections.tableau.server.plugins.module_utils.view_export import (
    check_export,
    ensure_exported,
    export_query,
    filter_text,
    record_path,
)
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource
from ansible_collections.tableau.server.plugins.module_utils.publishing import ensure_present as publish

from .conftest import api_requests, writes

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator", "test"))
import samples  # noqa: E402  pylint: disable=wrong-import-position,wrong-import-order

PUBLISH = dict(project="Default", publish_mode="auto", force=False, tags=None, purge_tags=True, as_job=False,
               wait_timeout=60, connections=None, update_password="on_create", description=None, show_tabs=None,
               hidden_views=None, credentials=None, owner=None, skip_connection_check=False)


def published(client, tmp_path, name="Sales", sheets=("Sales by Region", "Sales by Month")):
    path = samples.write_twbx(str(tmp_path / (name + ".twbx")), worksheets=sheets)
    publish(WorkbookResource(client), dict(PUBLISH, name=name, file=path))


def tags_of(emulator, view_name):
    site = emulator.state.site_by_content_url("")
    return [sorted(labels) for view_id, labels in site.view_tags.items() if site.views[view_id]["name"] == view_name]


def placed(moves):
    """A stand-in for TableauModule.place_file: moves when told to, never changes attributes."""
    def place(temp_path, target, replace):
        if replace:
            os.rename(temp_path, target)
            moves.append(target)
        return False
    return place


# ---------------------------------------------------------------------------------------- tags

def test_tags_converge_with_names_in_another_case_and_check_mode_predicts_without_writing(signed_in, tmp_path):
    emulator, client = signed_in
    published(client, tmp_path)
    params = dict(workbook="SALES", name="overview", project="default", tags=["board", "Quarterly"], purge_tags=True)
    emulator.log[:] = []
    predicted = ensure_present(ViewResource(client, check_mode=True), params)
    assert writes(emulator) == []
    changed, returned, diff = ensure_present(ViewResource(client), params)
    assert predicted == (changed, returned, diff)
    assert changed and returned["view"]["tags"] == ["board", "Quarterly"]
    assert diff == {"before": {"name": "Overview", "workbook": "Sales", "project": "Default", "tags": []},
                    "after": {"name": "Overview", "workbook": "Sales", "project": "Default",
                              "tags": ["board", "Quarterly"]}}
    assert tags_of(emulator, "Overview") == [["Quarterly", "board"]]
    assert ensure_present(ViewResource(client), dict(params, tags=["QUARTERLY", "Board"]))[0] is False


def test_purge_removes_unlisted_tags_and_without_purge_only_adds(signed_in, tmp_path):
    emulator, client = signed_in
    published(client, tmp_path)
    base = dict(workbook="Sales", name="Overview", project="Default", purge_tags=True)
    ensure_present(ViewResource(client), dict(base, tags=["a", "b"]))
    ensure_present(ViewResource(client), dict(base, tags=["c"], purge_tags=False))
    assert tags_of(emulator, "Overview") == [["a", "b", "c"]]
    emulator.log[:] = []
    changed, returned, dummy = ensure_present(ViewResource(client), dict(base, tags=["b"]))
    assert changed and returned["view"]["tags"] == ["b"]
    assert sorted(m for m, p in writes(emulator)) == ["DELETE", "DELETE"]
    assert ensure_present(ViewResource(client), dict(base, tags=None))[0] is False


def test_a_missing_view_names_the_views_the_workbook_has(signed_in, tmp_path):
    dummy, client = signed_in
    published(client, tmp_path)
    with pytest.raises(TableauValidationError, match="no view named 'Nope'; its views: Overview, Sales by Month"):
        ensure_present(ViewResource(client), dict(workbook="Sales", name="Nope", project="Default", tags=["x"]))
    with pytest.raises(TableauValidationError, match="no workbook named 'Other'"):
        ensure_present(ViewResource(client), dict(workbook="Other", name="Overview", project="Default", tags=["x"]))


# ---------------------------------------------------------------------------------------- listing

def test_listing_filters_on_the_server_and_falls_back_when_case_differs(signed_in, tmp_path):
    emulator, client = signed_in
    published(client, tmp_path)
    published(client, tmp_path, name="Finance", sheets=("Overview",))
    ensure_present(ViewResource(client), dict(workbook="Sales", name="Overview", project="Default", tags=["board"],
                                              purge_tags=True))
    emulator.log[:] = []
    found = list_views(ViewResource(client), ViewQuery(name="Overview", tags=["board"]))
    assert [(v["workbook"], v["name"], v["project"], v["owner"]) for v in found] == [
        ("Sales", "Overview", "Default", "admin")]
    listings = [r["query"] for r in api_requests(emulator) if r["path"].endswith("/views")]
    assert len(listings) == 1 and "name%3Aeq%3AOverview" in listings[0].replace(":", "%3A")
    emulator.log[:] = []
    found = list_views(ViewResource(client), ViewQuery(name="OVERVIEW", workbook="sales", project="DEFAULT"))
    assert [(v["workbook"], v["name"]) for v in found] == [("Sales", "Overview")]
    assert len([r for r in api_requests(emulator) if r["path"].endswith("/views")]) == 2
    assert list_views(ViewResource(client), ViewQuery(project="Nowhere")) == []
    assert list_views(ViewResource(client), ViewQuery(owner="nobody")) == []


def test_most_viewed_first_and_limited(signed_in, tmp_path):
    emulator, client = signed_in
    published(client, tmp_path)
    site = emulator.state.site_by_content_url("")
    counts = {"Overview": 2, "Sales by Month": 7, "Sales by Region": 0}
    for view in site.views.values():
        view["totalViewCount"] = counts[view["name"]]
    top = list_views(ViewResource(client), ViewQuery(), sort_by_views=True, limit=2)
    assert [(v["name"], v["total_views"]) for v in top] == [("Sales by Month", 7), ("Overview", 2)]
    plain = list_views(ViewResource(client), ViewQuery(workbook="Sales"))
    assert [v["name"] for v in plain] == ["Overview", "Sales by Month", "Sales by Region"]
    assert plain[0]["total_views"] is None


# ---------------------------------------------------------------------------------------- exports

def test_bad_export_settings_are_refused_before_any_request(tmp_path):
    dest = str(tmp_path / "out.png")
    assert check_export(dict(dest=dest)) == "png"
    assert check_export(dict(dest=str(tmp_path / "x.XLSX"))) == "crosstab"
    for params, words in (
            (dict(dest=str(tmp_path / "out.txt")), "Give format"),
            (dict(dest=str(tmp_path), format="png"), "not a folder"),
            (dict(dest=str(tmp_path / "no" / "out.png")), "does not exist"),
            (dict(dest=dest, page_type="A4"), "page_type applies to format pdf only"),
            (dict(dest=dest, format="csv", resolution="high"), "resolution applies to format png only"),
            (dict(dest=dest, max_age=0), "max_age"),
            (dict(dest=dest, filters={"Region": []}), "needs a value")):
        with pytest.raises(TableauValidationError, match=words):
            check_export(params)


def test_filters_and_settings_become_the_query_the_reference_describes():
    assert filter_text(["Rock, Paper", "C:\\temp"]) == "Rock\\, Paper,C:\\\\temp"
    assert filter_text(True) == "true" and filter_text("East,West") == "East,West"
    assert export_query("png", {"filters": {"Region": ["East", "West"]}}) == [
        ("resolution", "high"), ("vf_Region", "East,West")]
    assert export_query("png", {"resolution": "standard"}) == []
    assert export_query("pdf", {"page_type": "A4", "orientation": "Landscape"}) == [
        ("type", "A4"), ("orientation", "Landscape")]


def export_params(tmp_path, **extra):
    params = dict(workbook="Sales", name="Sales by Region", project="Default", dest=str(tmp_path / "region.csv"),
                  format=None, filters=None, resolution=None, page_type=None, orientation=None, max_age=None,
                  force=False)
    params.update(extra)
    return params


def exports_in(emulator):
    return [r for r in api_requests(emulator) if r["path"].endswith(("/image", "/pdf", "/data", "/excel"))]


def test_an_export_is_written_once_and_again_only_when_the_workbook_or_the_settings_change(signed_in, tmp_path):
    emulator, client = signed_in
    published(client, tmp_path)
    params = export_params(tmp_path, filters={"Region": "East"})
    moves = []
    emulator.log[:] = []
    predicted = ensure_exported(ViewResource(client, check_mode=True), params, placed(moves))
    assert predicted[0] and predicted[1]["exported"] and not os.path.exists(params["dest"])
    assert exports_in(emulator) == [] and writes(emulator) == []
    changed, returned, diff = ensure_exported(ViewResource(client), params, placed(moves))
    assert changed and returned["format"] == "csv" and returned["size"] == os.path.getsize(params["dest"])
    assert diff["before"]["sha256"] is None and diff["after"]["sha256"] == returned["sha256"]
    with open(params["dest"]) as handle:
        assert [line.split(",")[0] for line in handle.read().splitlines()[1:]] == ["East"] * 3
    with open(record_path(params["dest"])) as handle:
        record = json.load(handle)
    assert record["query"] == [["vf_Region", "East"]] and record["sha256"] == returned["sha256"]

    # Nothing changed: no export at all, in check mode or not.
    emulator.log[:] = []
    assert ensure_exported(ViewResource(client, check_mode=True), params, placed(moves))[0] is False
    again = ensure_exported(ViewResource(client), params, placed(moves))
    assert again[0] is False and again[1]["exported"] is False and exports_in(emulator) == []

    # Forced: exported, same bytes, no change and no move.
    assert ensure_exported(ViewResource(client), dict(params, force=True), placed(moves))[0] is False
    assert len(exports_in(emulator)) == 1 and len(moves) == 1

    # Other settings: exported and replaced.
    other = ensure_exported(ViewResource(client), dict(params, filters={"Region": "West"}), placed(moves))
    assert other[0] and len(moves) == 2

    # The workbook changed since the record: exported again; the same bytes are no change.
    site = emulator.state.site_by_content_url("")
    for workbook in site.workbooks.values():
        workbook["updatedAt"] = "2999-01-01T00:00:00Z"
    emulator.log[:] = []
    republished = ensure_exported(ViewResource(client), dict(params, filters={"Region": "West"}), placed(moves))
    assert republished[0] is False and republished[1]["exported"] and len(exports_in(emulator)) == 1


def test_a_file_changed_locally_is_exported_over(signed_in, tmp_path):
    emulator, client = signed_in
    published(client, tmp_path)
    params = export_params(tmp_path, dest=str(tmp_path / "region.png"))
    ensure_exported(ViewResource(client), params, placed([]))
    with open(params["dest"], "ab") as handle:
        handle.write(b"tampered")
    changed, returned, dummy = ensure_exported(ViewResource(client), params, placed([]))
    assert changed and returned["exported"]
    with open(params["dest"], "rb") as handle:
        assert handle.read().startswith(b"\x89PNG")


def test_export_formats_are_gated_by_version_before_any_export(emulator, tmp_path):
    from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
    client = TableauClient(emulator.url, auth={"username": "admin", "password": "admin"}, api_version="3.8")
    client.sign_in()
    try:
        with pytest.raises(TableauVersionError, match="crosstab .Download View Crosstab Excel. needs REST API version 3.9"):
            ensure_exported(ViewResource(client), export_params(tmp_path, dest=str(tmp_path / "x.xlsx")), placed([]))
        with pytest.raises(TableauVersionError, match="Filtering a view's PDF export needs REST API version 3.23"):
            ensure_exported(ViewResource(client), export_params(tmp_path, dest=str(tmp_path / "x.pdf"),
                                                                filters={"Region": "East"}), placed([]))
        assert [r for r in emulator.emulator.log if "/views" in r["path"] or "/projects" in r["path"]] == []
    finally:
        client.sign_out()
