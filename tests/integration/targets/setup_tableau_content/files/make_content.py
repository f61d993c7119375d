"""Write small Tableau files for the content targets: ``make_content.py DIR [VARIANT] [LARGE_BYTES]``.

A .twb with two worksheets, a scratch sheet, a dashboard and a PostgreSQL connection; the same packaged as
.twbx (with a small extract); a .tds/.tdsx; .hyper-named files of random bytes; and a .twbx and .hyper
of LARGE_BYTES for the upload-session path. VARIANT changes the sheets, so the files differ byte-wise.
"""

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
    for name, size in (("extract.hyper", 32 * 1024), ("extract-more.hyper", 8 * 1024)):
        with open(os.path.join(directory, name), "wb") as handle:
            handle.write(os.urandom(size))
    if large_bytes:
        package(os.path.join(directory, "large.twbx"), "large.twb", twb(variant), large_bytes)
        with open(os.path.join(directory, "large.hyper"), "wb") as handle:
            handle.write(os.urandom(large_bytes))


if __name__ == "__main__":
    main(*sys.argv[1:])
