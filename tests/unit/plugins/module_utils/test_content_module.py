"""The module side of the content modules: what is refused before sign-in, and the options they take."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.content_module import (
    check_content_params,
    content_argument_spec,
    upload_limits,
)
from ansible_collections.tableau.server.plugins.module_utils.datasource import DatasourceResource
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.workbook import WorkbookResource


def params(**values):
    base = dict(state="present", publish_mode="auto", file=None, dest=None, chunk_size_mb=50, single_request_limit_mb=64)
    base.update(values)
    return base


def test_bad_input_is_refused_before_sign_in(tmp_path):
    check = check_content_params(DatasourceResource)
    with pytest.raises(TableauValidationError, match="chunk_size_mb must be between 1 and 64"):
        check(params(chunk_size_mb=65))
    with pytest.raises(TableauValidationError, match=r"must end in \.tds, \.tdsx"):
        check(params(file=str(tmp_path / "x.twbx")))
    tds = tmp_path / "orders.tds"
    tds.write_bytes(b"<datasource/>")
    with pytest.raises(TableauValidationError, match="append needs an extract file"):
        check(params(file=str(tds), publish_mode="append"))
    with pytest.raises(TableauValidationError, match="does not exist"):
        check(params(state="downloaded", dest=str(tmp_path / "missing" / "orders.tdsx")))
    check(params(state="downloaded", dest=str(tmp_path) + "/"))
    check(params(file=str(tds)))


def test_options_come_from_the_field_table_and_the_kind():
    workbook = content_argument_spec(WorkbookResource)
    datasource = content_argument_spec(DatasourceResource, wait=dict(type="bool", default=True))
    assert workbook["show_tabs"] == {"type": "bool"} and "certified" not in workbook
    assert datasource["certified"] == {"type": "bool"} and datasource["certification_note"] == {"type": "str"}
    assert workbook["state"]["choices"] == ["present", "absent", "downloaded", "refreshed"]
    assert "refreshed" in datasource["state"]["choices"] and "append" in datasource["publish_mode"]["choices"]
    assert datasource["wait"] == {"type": "bool", "default": True}
    for spec in (workbook, datasource):
        assert spec["incremental"] == {"type": "bool", "default": False} and spec["wait"]["default"] is True
        assert spec["new_project"] == {"type": "str"} and spec["new_name"] == {"type": "str"}
    assert upload_limits({"chunk_size_mb": 2, "single_request_limit_mb": 3}) == {
        "chunk_size": 2 * 1024 * 1024, "single_request_limit": 3 * 1024 * 1024}


def test_a_move_needs_no_file_but_only_state_present_moves(tmp_path):
    check = check_content_params(WorkbookResource)
    check(params(new_project="Archive"))
    check(params(new_name="Sales 2025"))
    with pytest.raises(TableauValidationError, match="needs 'file'"):
        check(params())
    with pytest.raises(TableauValidationError, match="does not exist"):
        check(params(new_name="Sales 2025", file=str(tmp_path / "missing.twbx")))
    with pytest.raises(TableauValidationError, match=r"\(new_project and new_name\) is done with state present only"):
        check(params(state="absent", new_project="Archive", new_name="Old"))
    with pytest.raises(TableauValidationError, match=r"\(new_name\) is done .* not with state refreshed"):
        check(params(state="refreshed", new_name="Old"))
