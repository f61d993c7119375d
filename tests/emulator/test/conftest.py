"""Fixtures for the emulator's own tests: a live emulator per test, TSC pointed at it, XSD checks."""

import contextlib
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


XSD_3_0_PATH = os.path.join(os.path.dirname(XSD_PATH), "ts-api_3_0.xsd")
API_VERSION = re.compile(r"^/api/([0-9]+)\.([0-9]+)/")


def load_schema(path):
    """One of Tableau's official schemas; a failure when it is missing, a skip only with TABLEAU_SKIP_SCHEMA=1."""
    if SKIP_SCHEMA:
        pytest.skip("TABLEAU_SKIP_SCHEMA is set: responses are not checked against the Tableau XSD")
    if not os.path.exists(path):
        pytest.fail("the Tableau XSD is not at %s: put the shared directory (shared/tableau-api/) beside the "
                    "checkout, point TABLEAU_API_SCHEMA at ts-api_3_29.xsd, or set TABLEAU_SKIP_SCHEMA=1 to run "
                    "without the schema checks" % path, pytrace=False)
    from lxml import etree as lxml_etree
    return lxml_etree.XMLSchema(lxml_etree.parse(path))


@pytest.fixture(scope="session")
def xsd():
    """The official 3.29 schema: what answers at /api/3.1/ and later must validate against."""
    return load_schema(XSD_PATH)


@pytest.fixture(scope="session")
def xsd_3_0():
    """The official 3.0 schema: what answers at /api/3.0/ and older must validate against."""
    return load_schema(XSD_3_0_PATH)


def schema_for(path, schema_3_29, schema_3_0):
    """Answers are cut down to the version in their path: 3.0 and older validate against the 3.0 schema."""
    match = API_VERSION.match(path)
    if match and (int(match.group(1)), int(match.group(2))) <= (3, 0) and schema_3_0 is not None:
        return schema_3_0
    return schema_3_29


# Where the 3.29 XSD is stricter than real servers, each answer is adjusted before validation; the reason is
# the evidence that real servers send it that way. (pattern, replacement, reason)
XSD_ALLOWANCES = (
    (rb"<restApiVersion>[^<]*</restApiVersion>", b"<restApiVersion>00000.00.0000.0000</restApiVersion>",
     "serverInfo: real servers send e.g. 3.25, the XSD's pattern wants a build number "
     "(shared/tableau-api/README.md)"),
    (rb'type="GroupImport"', b'type="GroupSync"',
     "Import a group as a job answers type=GroupImport (TSC's group_create_async.xml), missing from the job types"),
    (rb'type="UpdateUploadedFile"', b'type="PublishDatasource"',
     "Update Data in Hyper Data Source answers type=UpdateUploadedFile (TSC's datasource_data_update.xml), which the "
     "XSD's job types leave out although its jobType has the updateUploadedFileJob element that job carries"),
    (rb"(<tsResponse[^>]*>)(<users>)", rb'\1<pagination pageNumber="1" pageSize="1" totalAvailable="0"/>\2',
     "Bulk Add Users to Group answers a bare <users> list (TSC's group_add_users.xml); the XSD knows it only "
     "after <pagination>"),
    (rb' isDataAlertsEnabled="', b' dataAlertsEnabled="',
     "Sites: real servers spell it isDataAlertsEnabled (TSC's site_get.xml, site_get_by_id.xml, site_create.xml; "
     "the Tableau Migration SDK's SitesResponse), the XSD dataAlertsEnabled"),
    (rb'<import domainName="local" ', b'<import source="ActiveDirectory" domainName="local" ',
     "Groups: since API 3.9 a local group's license grant comes as <import domainName=\"local\" ...> (TSC "
     "group_item.py: import element returned for local and AD groups, 2020.3+); it has no directory source, "
     "which the XSD requires"),
    (rb' askDataMode="EnabledByDefault"', b' askDataMode="DisabledByDefault"',
     "Sites: EnabledByDefault is a value servers send and accept (TSC's site_get.xml, and TSC's create "
     "request sends it by default); the 3.29 XSD lists only the two Disabled values"),
    (rb' dbName="[^"]*"', b"",
     "Connections: Query Workbook/Data Source Connections answers carry the database as dbName (TSC's "
     "connection_item.py from_response reads dbName from GET /connections answers); the XSD has no such attribute"),
    (rb'<interval hours="24"', b'<interval hours="12"',
     "Daily schedules: servers send <interval hours=\"24\"/> (TSC's tasks_with_interval.xml, a Tableau Cloud "
     "extract refresh task's Daily schedule); the XSD's hours stop at 12"),
    (rb' monthDay="(?:First|Second|Third|Fourth|Fifth|Last)"', b' monthDay="1"',
     "Monthly schedules on a week day of the month: <interval weekDay=\"Monday\" monthDay=\"First\"/> (TSC's "
     "schedule_get_monthly_id_2.xml, a 3.25 server's answer); the XSD's monthDay is 1 to 31 or LastDay"),
    (rb'<flowParameterSpecs ?/>', b"<flowParameterSpecs><flowParameterSpec /></flowParameterSpecs>",
     "Flow tasks: a flow without parameters has an empty <flowParameterSpecs/> (TSC's tasks_create_flow_task.xml); "
     "the XSD wants at least one <flowParameterSpec>"),
    (rb'<pagination [^>]*/>(?=<(?:views|virtualConnections)[ >/])', b"",
     "Query Views for Site and List Virtual Connections answer <pagination> then the list (TSC's view_get.xml, "
     "virtual_connections_get.xml; TSC's endpoints read the pagination); the XSD knows those lists only alone"),
    (rb'<pagination [^>]*/>(?=<backgroundJobs[ >/])', b"",
     "Query Jobs answers <pagination> then <backgroundJobs> (shared/tableau-api/README.md: recorded real answers; "
     "TSC's job_get.xml; TSC's Jobs.get reads both); the XSD knows <backgroundJobs> only alone"),
)

TABLEAU = "{http://tableau.com/api}"
# Catalog assets as real servers send them, which the 3.29 XSD does not describe: (what, reason).
CATALOG_ALLOWANCES = (
    ("Query Databases and Query Tables answer <pagination> then <databases> or <tables> (TSC's database_get.xml, "
     "table_get.xml; TSC's databases and tables endpoints read both), lists the XSD has no type for: each "
     "listed database or table is validated on its own"),
    ("A database or table carries <site>, and <contact> and <certifier> only when it has them, and no <location> "
     "or <tags> (TSC's database_get.xml, table_get.xml, database_populate_permissions.xml); the XSD requires the "
     "four: the missing ones are filled in empty before validation"),
)
CATALOG_CHILDREN = {"database": ("site", "contact", "certifier", "location", "tags"),
                    "table": ("site", "contact", "certifier", "tags", "location")}
CATALOG_LISTS = {"databases": "database", "tables": "table"}


def _catalog_documents(doc):
    """The documents to validate for one answer (see CATALOG_ALLOWANCES)."""
    from lxml import etree
    for tag, order in CATALOG_CHILDREN.items():
        for asset in doc.iter(TABLEAU + tag):
            present = dict((c.tag[len(TABLEAU):], c) for c in asset)
            for c in list(asset):
                asset.remove(c)
            for name in order:
                if name in present:
                    asset.append(present[name])
                elif name != "site":
                    asset.append(etree.Element(TABLEAU + name))
    for listed in doc:
        if listed.tag[len(TABLEAU):] in CATALOG_LISTS:
            documents = []
            for asset in list(listed):
                single = etree.Element(doc.tag, nsmap=doc.nsmap)
                single.append(asset)
                documents.append(single)
            return documents
    return [doc]


def validate_against_xsd(schema, body):
    """Validate one response body, after the allowances above; None when it validates, else the error."""
    from lxml import etree
    for pattern, replacement, _reason in XSD_ALLOWANCES:
        body = re.sub(pattern, replacement, body)
    for doc in _catalog_documents(etree.fromstring(body)):
        if not schema.validate(doc):
            return str(schema.error_log.last_error)
    return None


def validated_emulator(request, seed=None):
    """An emulator (on ``seed``) on a free loopback port; when it stops, every XML it sent must validate.

    A generator for fixtures to ``yield from``: the emulator, then the checks after the test.
    """
    schema = None if SKIP_SCHEMA else request.getfixturevalue("xsd")
    schema_3_0 = None if SKIP_SCHEMA else request.getfixturevalue("xsd_3_0")
    with BackgroundEmulator(seed=seed) as emu:
        emu.emulator.sent_xml = []
        yield emu
        sent = emu.emulator.sent_xml
    if schema is not None:
        failures = []
        for method, path, status, body in sent:
            error = validate_against_xsd(schema_for(path, schema, schema_3_0), body)
            if error:
                failures.append("%s %s -> %s: %s" % (method, path, status, error))
        assert not failures, "responses that do not validate against the XSD:\n" + "\n".join(failures)


# The same, for a test's own ``with`` block.
checked_emulator = contextlib.contextmanager(validated_emulator)


@pytest.fixture
def emulator(request):
    """A fresh emulator on a free loopback port; after the test every XML it sent must validate."""
    yield from validated_emulator(request)


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


class Tabcmd(object):
    """Tableau's tabcmd, run as a user runs it: one process per command, signing in with each."""

    def __init__(self, executable, url, home):
        self.executable = executable
        self.url = url
        self.home = home

    def __call__(self, *args, **kwargs):
        """``tabcmd <args> -s <emulator> -u admin -p admin``: the finished process (``check``: exit 0 wanted),
        with ``output``, what it printed (tabcmd prints its results to stderr)."""
        import subprocess  # pylint: disable=import-outside-toplevel
        check = kwargs.pop("check", True)
        user = kwargs.pop("user", ("admin", "admin"))
        # credentials=False: no user and password, so tabcmd resumes (or signs in with) what it saved.
        credentials = ["-u", user[0], "-p", user[1]] if kwargs.pop("credentials", True) else []
        command = [self.executable] + list(args) + ["-s", self.url] + credentials + ["--no-prompt"]
        env = dict(os.environ, HOME=self.home)
        done = subprocess.run(command, env=env, cwd=self.home, capture_output=True, text=True, timeout=120, check=False,
                              **kwargs)
        done.output = done.stdout + done.stderr
        if check:
            assert done.returncode == 0, "tabcmd %s failed (%s):\n%s" % (" ".join(args), done.returncode, done.output)
        return done


@pytest.fixture
def tabcmd(emulator, tmp_path):
    """tabcmd (from the Makefile's tabcmd venv, $TABLEAU_TABCMD) pointed at the test's emulator."""
    executable = os.environ.get("TABLEAU_TABCMD")
    if not executable or not os.path.exists(executable):
        pytest.skip("tabcmd is not installed; `make emulator-tests` installs it in .venv-tabcmd")
    return Tabcmd(executable, emulator.url, str(tmp_path))
