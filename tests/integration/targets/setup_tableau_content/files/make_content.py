"""Write small Tableau files for the content targets: ``make_content.py DIR [VARIANT] [LARGE_BYTES]``.

A .twb with two worksheets, a scratch sheet, a dashboard and a PostgreSQL connection; the same packaged as
.twbx (with a small extract); a .tds/.tdsx; a Tableau Prep flow reading the same database, as .tfl and as
.tflx (with a packed input file); .hyper-named files of random bytes; and a .twbx and .hyper of LARGE_BYTES
for the upload-session path. VARIANT changes the sheets (and the flow's notes), so the files differ byte-wise.
"""

import json
import os
import sys
import zipfile

TWB = """<?xml version='1.0' encoding='utf-8' ?>
<workbook version='18.1'>
  <datasources>
    <datasource caption='Orders' inline='true' name='federated.0a1b2c' version='18.1'>
      <connection class='federated'>
        <named-connections>
          <named-connection caption='db.example.com' name='postgres.0d1e2f'>
            <connection class='postgres' dbname='sales' port='5432' server='db.example.com' username='reporter' />
          </named-connection>
        </named-connections>
      </connection>
    </datasource>
  </datasources>
  <worksheets>
    <worksheet name='Sales by Region'><table /></worksheet>
    <worksheet name='Sales by Month'><table /></worksheet>
    <worksheet name='Scratch'><table /></worksheet>
{extra}
  </worksheets>
  <dashboards>
    <dashboard name='Overview'><zones /></dashboard>
  </dashboards>
</workbook>
"""

TDS = """<?xml version='1.0' encoding='utf-8' ?>
<datasource formatted-name='Orders' inline='true' version='18.1'>
  <connection class='federated'>
    <named-connections>
      <named-connection caption='db.example.com' name='postgres.1a2b3c'>
        <connection class='postgres' dbname='sales' port='5432' server='db.example.com' username='reporter' />
      </named-connection>
    </named-connections>
  </connection>
{extra}
</datasource>
"""


def twb(variant):
    extra = "    <worksheet name='Variant %s'><table /></worksheet>" % variant if variant else ""
    return TWB.format(extra=extra).encode("utf-8")


def tds(variant):
    extra = "  <!-- variant %s -->" % variant if variant else ""
    return TDS.format(extra=extra).encode("utf-8")


def flow(variant):
    """A flow document as Tableau Prep keeps it in the ``flow`` member of a .tfl: one input, one output."""
    connection = "5e0f4a8e-1b7c-4c59-9f3e-0c7a1d2b3c4d"
    return json.dumps({
        "name": "Cleanup", "majorVersion": 1, "minorVersion": 1, "documentation": variant,
        "nodes": {
            "1f0b6d3a-7c2e-4e8a-9b5d-6a4c3e2f1a0b": {"baseType": "input", "nodeType": ".v1.LoadSql",
                                                     "name": "Orders", "connectionId": connection},
            "2a1c7e4b-8d3f-4f9b-8c6e-7b5d4f3a2b1c": {"baseType": "output", "nodeType": ".v1.PublishExtract",
                                                     "name": "Clean Orders"},
        },
        "connections": {connection: {"connectionType": ".v1.SqlConnection", "name": "db.example.com",
                                     "connectionAttributes": {"class": "postgres", "server": "db.example.com",
                                                              "port": "5432", "dbname": "sales",
                                                              "username": "reporter"}}},
    }, sort_keys=True).encode("utf-8")


def flow_package(path, variant, input_bytes):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("flow", flow(variant))
        archive.writestr("displaySettings", b"{}")
        archive.writestr("maestroMetadata", b"{}")
        if input_bytes:
            archive.writestr(zipfile.ZipInfo("Data/orders.csv"), os.urandom(input_bytes),
                             compress_type=zipfile.ZIP_STORED)


def package(path, document_name, document, extract_bytes):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(document_name, document)
        if extract_bytes:
            info = zipfile.ZipInfo("Data/Extracts/orders.hyper")
            archive.writestr(info, os.urandom(extract_bytes), compress_type=zipfile.ZIP_STORED)


def main(directory, variant="", large_bytes=0):
    large_bytes = int(large_bytes)
    with open(os.path.join(directory, "sales.twb"), "wb") as handle:
        handle.write(twb(variant))
    package(os.path.join(directory, "sales.twbx"), "sales.twb", twb(variant), 2048)
    with open(os.path.join(directory, "orders.tds"), "wb") as handle:
        handle.write(tds(variant))
    package(os.path.join(directory, "orders.tdsx"), "orders.tds", tds(variant), 2048)
    flow_package(os.path.join(directory, "cleanup.tfl"), variant, 0)
    flow_package(os.path.join(directory, "cleanup.tflx"), variant, 2048)
    for name, size in (("extract.hyper", 32 * 1024), ("extract-more.hyper", 8 * 1024)):
        with open(os.path.join(directory, name), "wb") as handle:
            handle.write(os.urandom(size))
    if large_bytes:
        package(os.path.join(directory, "large.twbx"), "large.twb", twb(variant), large_bytes)
        flow_package(os.path.join(directory, "large.tflx"), variant, large_bytes)
        with open(os.path.join(directory, "large.hyper"), "wb") as handle:
            handle.write(os.urandom(large_bytes))


if __name__ == "__main__":
    main(*sys.argv[1:])
