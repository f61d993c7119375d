"""Small Tableau files made on the fly: a .twb/.twbx with worksheets, a dashboard and a connection, a .tds/.tdsx,
Tableau Prep flows (.tfl/.tflx) with an input connection and output steps, and .hyper-named files of random
bytes. Enough for the server side to find views, connections and output steps."""

import json
import os
import uuid
import zipfile

TWB = """<?xml version='1.0' encoding='utf-8' ?>
<workbook source-build='2024.2.0' version='18.1' xmlns:user='http://www.tableausoftware.com/xml/user'>
  <datasources>
    <datasource caption='{caption}' inline='true' name='federated.0a1b2c' version='18.1'>
      <connection class='federated'>
        <named-connections>
          <named-connection caption='{server}' name='postgres.0d1e2f'>
            <connection class='postgres' dbname='{dbname}' port='{port}' server='{server}' username='{username}'
                        authentication='username-password' />
          </named-connection>
        </named-connections>
      </connection>
    </datasource>
  </datasources>
  <worksheets>
{worksheets}
  </worksheets>
  <dashboards>
{dashboards}
  </dashboards>
</workbook>
"""

TDS = """<?xml version='1.0' encoding='utf-8' ?>
<datasource formatted-name='{caption}' inline='true' source-platform='linux' version='18.1'>
  <connection class='federated'>
    <named-connections>
      <named-connection caption='{server}' name='postgres.1a2b3c'>
        <connection class='postgres' dbname='{dbname}' port='{port}' server='{server}' username='{username}'
                    authentication='username-password' />
      </named-connection>
    </named-connections>
  </connection>
</datasource>
"""


def twb_bytes(worksheets=("Sales by Region", "Sales by Month"), dashboards=("Overview",), caption="Orders",
              server="db.example.com", port=5432, dbname="sales", username="reporter"):
    return TWB.format(
        caption=caption, server=server, port=port, dbname=dbname, username=username,
        worksheets="\n".join("    <worksheet name='%s'><table /></worksheet>" % name for name in worksheets),
        dashboards="\n".join("    <dashboard name='%s'><zones /></dashboard>" % name for name in dashboards),
    ).encode("utf-8")


def tds_bytes(caption="Orders", server="db.example.com", port=5432, dbname="sales", username="reporter"):
    return TDS.format(caption=caption, server=server, port=port, dbname=dbname, username=username).encode("utf-8")


def write_twb(path, **kwargs):
    with open(path, "wb") as handle:
        handle.write(twb_bytes(**kwargs))
    return str(path)


def write_twbx(path, extract_bytes=0, **kwargs):
    """A packaged workbook; ``extract_bytes`` adds a stored (uncompressed) extract of random bytes."""
    name = os.path.splitext(os.path.basename(str(path)))[0]
    with zipfile.ZipFile(str(path), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name + ".twb", twb_bytes(**kwargs))
        if extract_bytes:
            archive.writestr(zipfile.ZipInfo("Data/Extracts/%s.hyper" % name), os.urandom(extract_bytes),
                             compress_type=zipfile.ZIP_STORED)
    return str(path)


def write_tds(path, **kwargs):
    with open(path, "wb") as handle:
        handle.write(tds_bytes(**kwargs))
    return str(path)


def write_tdsx(path, extract_bytes=1024, **kwargs):
    name = os.path.splitext(os.path.basename(str(path)))[0]
    with zipfile.ZipFile(str(path), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name + ".tds", tds_bytes(**kwargs))
        if extract_bytes:
            archive.writestr(zipfile.ZipInfo("Data/Extracts/%s.hyper" % name), os.urandom(extract_bytes),
                             compress_type=zipfile.ZIP_STORED)
    return str(path)


def write_random(path, size):
    with open(str(path), "wb") as handle:
        handle.write(os.urandom(size))
    return str(path)


def flow_bytes(name="Cleanup", server="db.example.com", port=5432, dbname="sales", username="reporter",
               outputs=("Clean Orders",), note=""):
    """The JSON document a Tableau Prep flow keeps in its ``flow`` member: an input step reading one
    PostgreSQL connection, and output steps. ``note`` changes the bytes without changing the steps."""
    def step(kind, number):
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "sample-flow:%s:%s:%d" % (name, kind, number)))

    connection_id = step("connection", 0)
    nodes = {step("input", 0): {"baseType": "input", "nodeType": ".v1.LoadSql", "id": step("input", 0),
                                "name": "Orders", "connectionId": connection_id}}
    for number, output in enumerate(outputs):
        nodes[step("output", number)] = {"baseType": "output", "nodeType": ".v1.PublishExtract",
                                         "id": step("output", number), "name": output}
    document = {
        "name": name, "majorVersion": 1, "minorVersion": 1, "documentation": note, "nodes": nodes,
        "connections": {connection_id: {
            "connectionType": ".v1.SqlConnection", "id": connection_id, "name": server,
            "connectionAttributes": {"class": "postgres", "server": server, "port": str(port), "dbname": dbname,
                                     "username": username}}},
    }
    return json.dumps(document, sort_keys=True, indent=1).encode("utf-8")


def _write_flow(path, data_bytes, **kwargs):
    with zipfile.ZipFile(str(path), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("flow", flow_bytes(**kwargs))
        archive.writestr("displaySettings", b"{}")
        archive.writestr("maestroMetadata", b"{}")
        if data_bytes:
            archive.writestr(zipfile.ZipInfo("Data/orders.csv"), os.urandom(data_bytes),
                             compress_type=zipfile.ZIP_STORED)
    return str(path)


def write_tfl(path, **kwargs):
    """A flow as Tableau Prep saves it: a zip with the ``flow`` document, display settings and metadata."""
    return _write_flow(path, 0, **kwargs)


def write_tflx(path, data_bytes=1024, **kwargs):
    """A packaged flow: the .tfl members and the flow's local input files (``data_bytes`` of them)."""
    return _write_flow(path, data_bytes, **kwargs)
