"""HTTPS with a private CA: refused by default with a clear error, trusted through ca_path, and
accepted with a warning when validate_certs is false."""

import copy

import pytest
import requests

from conftest import Case, assert_failed_with, run_batch, seed
from tableau_emulator.server import BackgroundEmulator

trustme = pytest.importorskip("trustme")

TASK = {"path": "Default"}


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    directory = tmp_path_factory.mktemp("tls")
    authority = trustme.CA()
    server = authority.issue_cert("127.0.0.1", "localhost")
    paths = dict((name, str(directory / ("%s.pem" % name))) for name in ("ca", "cert", "key"))
    authority.cert_pem.write_to_path(paths["ca"])
    server.private_key_pem.write_to_path(paths["key"])
    for index, pem in enumerate(server.cert_chain_pems):
        pem.write_to_path(paths["cert"], append=index > 0)
    with BackgroundEmulator(seed=copy.deepcopy(seed()), tls_cert=paths["cert"], tls_key=paths["key"]) as emu:
        assert emu.url.startswith("https://")
        cases = [
            Case("unknown CA", "tableau_project_info", TASK),
            Case("ca_path", "tableau_project_info", dict(TASK, ca_path=paths["ca"])),
            Case("validate_certs false", "tableau_project_info", dict(TASK, validate_certs=False)),
            Case("ca_path ignored when not validating", "tableau_project_info",
                 dict(TASK, validate_certs=False, ca_path=paths["ca"])),
        ]
        # requests lets this variable override a session's own verify setting; the client must not.
        bundle = {"REQUESTS_CA_BUNDLE": requests.certs.where()}
        yield run_batch(emu, cases, tmp_path_factory.mktemp("tls-run"), env_overrides=bundle)


def test_an_unknown_ca_is_refused_with_a_clear_error(tls):
    assert_failed_with(tls["unknown CA"]["result"], ["TLS error", "certificate", "ca_path"])
    assert tls["unknown CA"]["emulator"]["requests"] == []


def test_ca_path_makes_the_private_ca_trusted(tls):
    outcome = tls["ca_path"]["result"]
    assert not outcome.get("failed"), outcome.get("msg")
    assert [p["name"] for p in outcome["projects"]] == ["Default"]
    assert not outcome.get("warnings")


@pytest.mark.parametrize("name", ["validate_certs false", "ca_path ignored when not validating"])
def test_validate_certs_false_works_and_warns(tls, name):
    outcome = tls[name]["result"]
    assert not outcome.get("failed"), outcome.get("msg")
    assert any("validate_certs is false" in w for w in outcome.get("warnings", [])), outcome.get("warnings")
    assert tls[name]["emulator"]["sessions"]["open"] == 0
