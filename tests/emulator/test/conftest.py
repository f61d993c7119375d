"""Fixtures for the emulator's own tests: a live emulator per test, TSC pointed at it, XSD checks."""

import os
import re
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from tableau_emulator.server import BackgroundEmulator  # noqa: E402  pylint: disable=wrong-import-position

# The Makefile points TABLEAU_API_SCHEMA at ../shared of the checkout (the build tree has no ../shared beside it).
XSD_PATH = os.environ.get("TABLEAU_API_SCHEMA") or os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "..", "shared", "tableau-api", "ts-api_3_29.xsd"))
# A missing schema fails the schema tests: without it they would pass while checking nothing.
SKIP_SCHEMA = os.environ.get("TABLEAU_SKIP_SCHEMA", "") not in ("", "0")


@pytest.fixture(scope="session")
def xsd():
    """The official 3.29 schema; a failure when it is missing, a skip only with TABLEAU_SKIP_SCHEMA=1."""
    if SKIP_SCHEMA:
        pytest.skip("TABLEAU_SKIP_SCHEMA is set: responses are not checked against the Tableau XSD")
    if not os.path.exists(XSD_PATH):
        pytest.fail("the Tableau XSD is not at %s: put the shared directory (shared/tableau-api/) beside the "
                    "checkout, point TABLEAU_API_SCHEMA at ts-api_3_29.xsd, or set TABLEAU_SKIP_SCHEMA=1 to run "
                    "without the schema checks" % XSD_PATH, pytrace=False)
    from lxml import etree as lxml_etree
    return lxml_etree.XMLSchema(lxml_etree.parse(XSD_PATH))


def validate_against_xsd(schema, body):
    """Validate one response body; serverInfo's version elements are relaxed (see shared/tableau-api/README.md)."""
    from lxml import etree
    # Real servers send e.g. <restApiVersion>3.25</restApiVersion>, which the XSD's pattern rejects.
    body = re.sub(rb"<restApiVersion>[^<]*</restApiVersion>", b"<restApiVersion>00000.00.0000.0000</restApiVersion>", body)
    # Importing an Active Directory group as a job answers type="GroupImport", missing from the XSD's job types.
    body = body.replace(b'type="GroupImport"', b'type="GroupSync"')
    # Bulk Add Users to Group answers a bare <users> list; the XSD only knows it after <pagination>.
    body = re.sub(rb"(<tsResponse[^>]*>)(<users>)", rb'\1<pagination pageNumber="1" pageSize="1" totalAvailable="0"/>\2', body)
    doc = etree.fromstring(body)
    if not schema.validate(doc):
        return str(schema.error_log.last_error)
    return None


@pytest.fixture
def emulator(request):
    """A fresh emulator on a free loopback port; after the test every XML it sent must validate."""
    schema = None if SKIP_SCHEMA else request.getfixturevalue("xsd")
    with BackgroundEmulator() as emu:
        emu.emulator.sent_xml = []
        yield emu
        sent = emu.emulator.sent_xml
    if schema is not None:
        failures = []
        for method, path, status, body in sent:
            error = validate_against_xsd(schema, body)
            if error:
                failures.append("%s %s -> %s: %s" % (method, path, status, error))
        assert not failures, "responses that do not validate against the XSD:\n" + "\n".join(failures)


@pytest.fixture
def tsc():
    return pytest.importorskip("tableauserverclient")


@pytest.fixture
def tsc_server(emulator, tsc):
    """A TSC Server signed in to the Default site with the seeded admin password."""
    server = tsc.Server(emulator.url, use_server_version=True)
    server.auth.sign_in(tsc.TableauAuth("admin", "admin", site_id=""))
    yield server
    if server.is_signed_in():
        server.auth.sign_out()
