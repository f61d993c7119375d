"""TSC's views endpoint runs unchanged against the emulator: listings with usage, one view, tags, and every export,
whose bytes are real files (a PNG with correct checksums, a PDF with a correct xref table, CSV, an .xlsx package).

Whatever TSC cannot do here is an emulator bug: TSC is Tableau's own client.
"""

import csv
import io
import re
import struct
import zipfile
import zlib
from xml.etree import ElementTree

import pytest

from rawapi import NS, Api, error_code
from samples import write_twbx

SHEETS = ("Sales by Region", "Sales by Month")
T = "{http://tableau.com/api}"


@pytest.fixture
def published(tsc_server, tsc, tmp_path):
    """The workbook Sales (two worksheets and a dashboard) in the Default project."""
    default = [p for p in tsc_server.projects.get()[0] if p.name == "Default"][0]
    return tsc_server.workbooks.publish(tsc.WorkbookItem(default.id, name="Sales"),
                                        write_twbx(tmp_path / "Sales.twbx", worksheets=SHEETS), "CreateNew")


def view_named(server, name):
    return [v for v in server.views.get()[0] if v.name == name][0]


# ---------------------------------------------------------------------------------------- what the files are

def png_info(data):
    """(width, height, pixel rows) of a PNG, after checking its signature, each chunk's CRC and its data."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks = 8, {}
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        crc = struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])[0]
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, "bad CRC in %s" % kind
        chunks.setdefault(kind, b"")
        chunks[kind] += body
        offset += 12 + length
    assert list(chunks)[0] == b"IHDR" and list(chunks)[-1] == b"IEND"
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 3) and len(chunks[b"PLTE"]) % 3 == 0
    raw = zlib.decompress(chunks[b"IDAT"])
    assert len(raw) == height * (width + 1)
    return width, height, raw


def pdf_pages(data):
    """The MediaBoxes of a PDF's pages, after checking its header, its xref offsets and its trailer."""
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    start = int(re.search(rb"startxref\s+(\d+)", data).group(1))
    assert data[start:start + 4] == b"xref"
    count = int(re.match(rb"xref\s+0 (\d+)", data[start:]).group(1))
    entries = re.findall(rb"(\d{10}) 00000 n ", data[start:])
    assert len(entries) == count - 1
    for number, offset in enumerate(entries, start=1):
        assert data[int(offset):].startswith(b"%d 0 obj" % number), "xref entry %d is off" % number
    return [tuple(int(n) for n in box.split()) for box in re.findall(rb"/MediaBox \[([0-9 ]+)\]", data)]


def xlsx_rows(data):
    """The cells of the first sheet of an .xlsx, after checking the package's parts and relationships."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"} <= names
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    overrides = dict((o.get("PartName"), o.get("ContentType")) for o in types)
    assert overrides["/xl/workbook.xml"].endswith("sheet.main+xml")
    target = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))[0].get("Target")
    assert overrides["/xl/" + target].endswith("worksheet+xml")
    sheet = ElementTree.fromstring(archive.read("xl/" + target))
    rows = []
    for row in sheet.iter(main + "row"):
        rows.append([(c.find(main + "v").text if c.find(main + "v") is not None else c.find(main + "is/" + main + "t").text)
                     for c in row])
    return rows


# ---------------------------------------------------------------------------------------- TSC

def test_views_are_listed_with_usage_and_read_by_id(tsc_server, published):
    from tableauserverclient.models.exceptions import UnpopulatedPropertyError  # pylint: disable=import-outside-toplevel
    views, pagination = tsc_server.views.get(usage=True)
    assert sorted(v.name for v in views) == ["Overview", "Sales by Month", "Sales by Region"]
    assert pagination.total_available == 3
    region = [v for v in views if v.name == "Sales by Region"][0]
    assert region.workbook_id == published.id and region.owner_id == published.owner_id
    assert region.project_id == published.project_id and region.total_views == 0
    assert region.content_url == "Sales/sheets/SalesbyRegion"

    tsc_server.views.populate_image(region)
    assert region.image  # an export counts as a view
    again = tsc_server.views.get_by_id(region.id, usage=True)
    assert again.name == "Sales by Region" and again.total_views == 1
    with pytest.raises(UnpopulatedPropertyError):
        tsc_server.views.get_by_id(region.id).total_views  # pylint: disable=expression-not-assigned


def test_tags_are_added_and_removed_through_update(tsc_server, published):
    view = view_named(tsc_server, "Overview")
    view.tags = {"quarterly", "sales"}
    tsc_server.views.update(view)
    assert view_named(tsc_server, "Overview").tags == {"quarterly", "sales"}
    view.tags = {"sales"}
    tsc_server.views.update(view)
    assert view_named(tsc_server, "Overview").tags == {"sales"}
    tsc_server.views.add_tags(view, ["Board"])
    tsc_server.views.delete_tags(view, "sales")
    assert view_named(tsc_server, "Overview").tags == {"Board"}


def test_the_tag_filter_finds_tagged_views(tsc_server, tsc, published):
    view = view_named(tsc_server, "Overview")
    tsc_server.views.add_tags(view, ["board"])
    options = tsc.RequestOptions()
    options.filter.add(tsc.Filter("tags", tsc.RequestOptions.Operator.Equals, "board"))
    assert [v.name for v in tsc_server.views.get(options)[0]] == ["Overview"]


def test_an_overwrite_keeps_the_views_tags_and_counts(tsc_server, tsc, published, tmp_path):
    view = view_named(tsc_server, "Overview")
    tsc_server.views.add_tags(view, ["board"])
    tsc_server.views.populate_csv(view)
    b"".join(view.csv)
    item = tsc.WorkbookItem(published.project_id, name="Sales")
    tsc_server.workbooks.publish(item, write_twbx(tmp_path / "Sales.twbx", worksheets=SHEETS), "Overwrite")
    kept = tsc_server.views.get_by_id(view.id, usage=True)
    assert kept.tags == {"board"} and kept.total_views == 1


def test_the_image_is_a_png_whose_size_follows_the_resolution(tsc_server, tsc, published):
    view = view_named(tsc_server, "Sales by Region")
    tsc_server.views.populate_image(view)
    assert png_info(view.image)[:2] == (784, 588)
    tsc_server.views.populate_image(view, tsc.ImageRequestOptions(imageresolution="high", maxage=5))
    width, height, raw = png_info(view.image)
    assert (width, height) == (1568, 1176)
    assert len(set(raw)) > 3  # bars of several colours on white
    tsc_server.views.populate_image(view, tsc.ImageRequestOptions(viz_width=400, viz_height=300))
    assert png_info(view.image)[:2] == (400, 300)


def test_the_pdf_has_the_page_size_and_orientation_asked_for(tsc_server, tsc, published):
    view = view_named(tsc_server, "Sales by Region")
    tsc_server.views.populate_pdf(view)
    assert pdf_pages(view.pdf) == [(0, 0, 612, 792)]
    options = tsc.PDFRequestOptions(page_type=tsc.PDFRequestOptions.PageType.A4,
                                    orientation=tsc.PDFRequestOptions.Orientation.Landscape)
    tsc_server.views.populate_pdf(view, options)
    assert pdf_pages(view.pdf) == [(0, 0, 842, 595)]
    assert b"(Sales by Region) Tj" in view.pdf


def test_the_data_is_csv_that_view_filters_narrow(tsc_server, tsc, published):
    view = view_named(tsc_server, "Sales by Region")
    tsc_server.views.populate_csv(view)
    everything = list(csv.DictReader(io.StringIO(b"".join(view.csv).decode("utf-8"))))
    assert len(everything) == 12 and set(everything[0]) == {"Region", "Category", "Sales", "Profit"}
    options = tsc.CSVRequestOptions().vf("Region", "East,West").vf("Category", "Technology")
    tsc_server.views.populate_csv(view, options)
    narrowed = list(csv.DictReader(io.StringIO(b"".join(view.csv).decode("utf-8"))))
    assert sorted(r["Region"] for r in narrowed) == ["East", "West"]
    assert set(r["Category"] for r in narrowed) == {"Technology"}
    assert narrowed == [r for r in everything if r["Region"] in ("East", "West") and r["Category"] == "Technology"]


def test_the_crosstab_is_an_xlsx_package(tsc_server, tsc, published):
    view = view_named(tsc_server, "Sales by Month")
    tsc_server.views.populate_excel(view, tsc.ExcelRequestOptions().vf("Region", "South"))
    rows = xlsx_rows(b"".join(view.excel))
    assert rows[0] == ["Region", "Category", "Sales", "Profit"]
    assert [r[0] for r in rows[1:]] == ["South"] * 3


def test_the_same_export_is_the_same_bytes(tsc_server, tsc, published):
    view = view_named(tsc_server, "Sales by Month")
    first = tsc_server.views.populate_excel(view) or b"".join(view.excel)
    second = tsc_server.views.populate_excel(view) or b"".join(view.excel)
    assert first == second


def test_a_workbook_pdf_has_a_page_per_view(tsc_server, tsc, published):
    tsc_server.workbooks.populate_pdf(published, tsc.PDFRequestOptions(page_type="legal"))
    assert pdf_pages(published.pdf) == [(0, 0, 612, 1008)] * 3


# ---------------------------------------------------------------------------------------- raw requests

def test_a_missing_view_and_bad_parameters_are_refused_with_the_reference_codes(emulator, published):
    api = Api(emulator.url)
    missing = "00000000-0000-0000-0000-000000000000"
    assert error_code(api.call("GET", "/views/%s/image" % missing)) == "404011"
    assert error_code(api.call("GET", "/views/%s/data" % missing)) == "404011"
    assert error_code(api.call("PUT", "/views/%s/tags" % missing, b"<tsRequest><tags/></tsRequest>")) == "404011"
    assert error_code(api.call("GET", "/views/%s" % missing)) == "404006"
    view = api.xml("GET", "/views").find("t:views/t:view", NS).get("id")
    assert error_code(api.call("GET", "/views/%s/pdf?type=Napkin" % view)) == "400000"
    assert error_code(api.call("GET", "/views/%s/pdf?orientation=Sideways" % view)) == "400000"
    assert error_code(api.call("GET", "/views/%s/image?maxAge=soon" % view)) == "400000"
    assert error_code(api.call("DELETE", "/views/%s/tags/nope" % view)) == "404007"


@pytest.mark.parametrize("path,newest_refused", [
    ("/views/{id}/image", "2.4"), ("/views/{id}/pdf", "2.6"), ("/views/{id}/data", "2.6"),
    ("/views/{id}/crosstab/excel", "3.7"), ("/views/{id}", "2.9")])
def test_each_export_comes_in_at_its_version(emulator, published, path, newest_refused):
    api = Api(emulator.url)
    view = api.xml("GET", "/views").find("t:views/t:view", NS).get("id")
    assert error_code(api.call("GET", path.format(id=view), version=newest_refused)) == "404008"


def test_pdf_filters_apply_from_3_23(emulator, published):
    api = Api(emulator.url, version="3.25")
    view = [v.get("id") for v in api.xml("GET", "/views").iter(T + "view") if v.get("name") == "Sales by Region"][0]
    filtered = api.call("GET", "/views/%s/pdf?vf_Region=East" % view).content
    assert filtered.count(b"(East   ") == 3 and b"(West   " not in filtered
    older = api.call("GET", "/views/%s/pdf?vf_Region=East" % view, version="3.22").content
    assert older.count(b"(West   ") == 3


def test_a_user_sees_and_exports_only_what_their_permissions_allow(emulator, published):
    api = Api(emulator.url)
    user_id = api.xml("POST", "/users", b'<tsRequest><user name="vera" siteRole="Viewer"/></tsRequest>',
                      expect=201).find("t:user", NS).get("id")
    api.xml("PUT", "/users/" + user_id, b'<tsRequest><user password="pw"/></tsRequest>')
    views = dict((v.get("name"), v.get("id")) for v in api.xml("GET", "/views").iter(T + "view"))
    everyone = [g.get("id") for g in api.xml("GET", "/groups").iter(T + "group") if g.get("name") == "All Users"][0]
    # The workbook took the Default project's viewing rules for All Users, its views the workbook's.
    api.call("DELETE", "/views/%s/permissions/groups/%s/Read/Allow" % (views["Overview"], everyone))
    api.call("DELETE", "/views/%s/permissions/groups/%s/ExportData/Allow" % (views["Sales by Month"], everyone))
    vera = Api(emulator.url, name="vera", password="pw")
    assert sorted(v.get("name") for v in vera.xml("GET", "/views").iter(T + "view")) == ["Sales by Month",
                                                                                         "Sales by Region"]
    assert error_code(vera.call("GET", "/views/%s/image" % views["Overview"])) == "404011"
    assert vera.call("GET", "/views/%s/image" % views["Sales by Month"]).status_code == 200
    assert error_code(vera.call("GET", "/views/%s/data" % views["Sales by Month"])) == "403000"
    assert vera.call("GET", "/views/%s/data" % views["Sales by Region"]).status_code == 200
