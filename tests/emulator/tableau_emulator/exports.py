"""The files a view exports to, made for real: a PNG, a PDF, CSV, an .xlsx workbook and a .pptx presentation that
open in the programs made for them, of data that is the same every time for the same view and filters.

Every view shows the same small table (region, category, sales, profit), its numbers derived from the view's
name, so two views differ and one view never changes. View filters (``vf_<field>=<value>``) keep the rows whose
field has one of the values; the REST API's filter syntax is honoured: commas separate values (an OR-list), a
backslash escapes a comma or a backslash, and an empty value leaves the field unfiltered. A filter on a field the
view does not have changes nothing (best judgement: the reference says filters apply to fields of the view's data).
"""

import csv
import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

REGIONS = ("Central", "East", "South", "West")
CATEGORIES = ("Furniture", "Office Supplies", "Technology")
COLUMNS = ("Region", "Category", "Sales", "Profit")
FILTER_PREFIX = "vf_"

# Query View Image: "By default, the width of the returned image is 784 pixels. If you set this parameter value to
# high, the width of the returned image is 1568 pixels." (reference). The height keeps the view's 4:3 ratio.
STANDARD_WIDTH = 784
HIGH_WIDTH = 1568
# Preview images are thumbnails; the reference names no size (best judgement: a small 4:3 image).
THUMBNAIL_SIZE = (300, 225)
# Page sizes in points (1/72 inch), portrait: width, height.
PAGE_SIZES = {
    "a3": (842, 1191), "a4": (595, 842), "a5": (420, 595), "b4": (709, 1001), "b5": (499, 709),
    "executive": (522, 756), "folio": (612, 936), "ledger": (792, 1224), "legal": (612, 1008),
    "letter": (612, 792), "note": (540, 720), "quarto": (610, 780), "tabloid": (792, 1224),
    "unspecified": (612, 792),
}
ORIENTATIONS = ("portrait", "landscape")
# Ledger is tabloid paper turned; it is landscape unless told otherwise.
LANDSCAPE_BY_DEFAULT = ("ledger",)
# Palette of the PNG: background, axis, then one colour per region.
PALETTE = (b"\xff\xff\xff", b"\x80\x80\x80", b"\x4e\x79\xa7", b"\xf2\x8e\x2b", b"\xe1\x57\x59", b"\x76\xb7\xb2")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A fixed time for the zip entries, so one crosstab is the same bytes every time.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------------------------------- data and filters

def view_rows(view_name):
    rows = []
    for region in REGIONS:
        for category in CATEGORIES:
            seed = zlib.crc32(("%s|%s|%s" % (view_name, region, category)).encode("utf-8"))
            rows.append({"Region": region, "Category": category, "Sales": 1000 + seed % 9000,
                         "Profit": (seed // 9000) % 2000 - 500})
    return rows


def filter_values(text):
    """``East,West`` -> ["East", "West"]; ``Rock\\, Paper`` -> ["Rock, Paper"]; ``C:\\\\temp`` -> ["C:\\temp"]."""
    values, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            values.append("".join(current))
            current = []
        else:
            current.append(char)
    values.append("".join(current))
    return values


def view_filters(query):
    """The view filters of a request's query: {field: [values]}, without the empty ones (they filter nothing)."""
    found = {}
    for key, value in query.items():
        if key.startswith(FILTER_PREFIX) and value != "":
            found[key[len(FILTER_PREFIX):]] = filter_values(value)
    return found


def filtered_rows(view_name, filters):
    rows = view_rows(view_name)
    for field, values in filters.items():
        if field in COLUMNS:
            rows = [row for row in rows if str(row[field]) in values]
    return rows


# ---------------------------------------------------------------------------------------- CSV

def csv_bytes(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row[column] for column in COLUMNS])
    return out.getvalue().encode("utf-8")


# ---------------------------------------------------------------------------------------- PNG

def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def image_size(high=False, width=None, height=None):
    """(width, height) of a view image: the requested viz size, else the reference's default widths at 4:3;
    ``high`` doubles the pixel density."""
    if width and height:
        scale = 2 if high else 1
        return width * scale, height * scale
    base = HIGH_WIDTH if high else STANDARD_WIDTH
    return base, base * 3 // 4


def _bars(rows, width):
    """(start, end, colour index, relative height) of each bar across the width."""
    if not rows:
        return []
    slot = max(1, width // (len(rows) + 1))
    top = float(max(row["Sales"] for row in rows))
    bars = []
    for index, row in enumerate(rows):
        start = slot // 2 + index * slot + slot // 8
        bars.append((start, min(width, start + max(1, slot * 3 // 4)), 2 + REGIONS.index(row["Region"]),
                     row["Sales"] / top))
    return bars


def png_bytes(rows, width, height):
    """A palette PNG of a bar chart of ``rows``: the bars of the sales figures over a grey axis."""
    margin = max(1, height // 20)
    plot = height - 2 * margin
    bars = _bars(rows, width)
    lines = []
    for y in range(height):
        if y == height - margin:
            line = b"\x01" * width
        else:
            cells = bytearray(width)
            for start, end, colour, share in bars:
                if margin + plot - int(plot * share) <= y < height - margin:
                    cells[start:end] = bytes([colour]) * (end - start)
            line = bytes(cells)
        lines.append(b"\x00" + line)
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return b"".join([b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", header), _chunk(b"PLTE", b"".join(PALETTE)),
                     _chunk(b"IDAT", zlib.compress(b"".join(lines), 6)), _chunk(b"IEND", b"")])


# ---------------------------------------------------------------------------------------- PDF

def page_size(page_type=None, orientation=None):
    """The MediaBox width and height of a page type (case does not count) and orientation."""
    kind = (page_type or "letter").lower()
    short, long_side = sorted(PAGE_SIZES[kind])
    wanted = (orientation or ("landscape" if kind in LANDSCAPE_BY_DEFAULT else "portrait")).lower()
    return (long_side, short) if wanted == "landscape" else (short, long_side)


def _pdf_text(text):
    raw = text.encode("latin-1", "replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _page_stream(title, rows, width, height):
    lines = ["BT", "/F1 18 Tf", "50 %d Td" % (height - 60), "(%s) Tj" % _pdf_text(title), "/F1 10 Tf", "0 -28 Td",
             "(%s) Tj" % _pdf_text("   ".join(COLUMNS))]
    for row in rows:
        lines += ["0 -14 Td", "(%s) Tj" % _pdf_text("   ".join(str(row[column]) for column in COLUMNS))]
    lines.append("ET")
    # A frame around the page's content, so the page size shows in the drawing too.
    lines.append("0.5 w 36 36 %d %d re S" % (width - 72, height - 72))
    return "\n".join(lines).encode("latin-1")


def pdf_bytes(pages, width, height):
    """A PDF with one page per (title, rows), each ``width`` x ``height`` points, with a correct xref table."""
    objects = [None, None, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for title, rows in pages:
        stream = _page_stream(title, rows, width, height)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> "
                        "/Contents %d 0 R >>" % (width, height, len(objects))).encode("ascii"))
        kids.append("%d 0 R" % len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = ("<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(kids), len(kids))).encode("ascii")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# ---------------------------------------------------------------------------------------- XLSX

XLSX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>')
XLSX_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
XLSX_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>')
XLSX_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>')


def sheet_name(name):
    """A name Excel takes for a sheet: without []:*?/\\, at most 31 characters, never empty."""
    cleaned = "".join(char for char in name if char not in "[]:*?/\\").strip()
    return (cleaned or "Sheet1")[:31]


def _cell(column, row_number, value):
    ref = "%s%d" % ("ABCDEFGHIJKLMNOPQRSTUVWXYZ"[column], row_number)
    if isinstance(value, int):
        return '<c r="%s"><v>%d</v></c>' % (ref, value)
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(value))


def _sheet(rows):
    lines = [list(enumerate(COLUMNS))]
    lines += [[(index, row[column]) for index, column in enumerate(COLUMNS)] for row in rows]
    body = "".join('<row r="%d">%s</row>' % (number, "".join(_cell(index, number, value) for index, value in cells))
                   for number, cells in enumerate(lines, start=1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData>%s</sheetData></worksheet>' % body)


def xlsx_bytes(title, rows):
    """The smallest workbook spreadsheet programs open: content types, relationships, a workbook, one sheet."""
    parts = (("[Content_Types].xml", XLSX_CONTENT_TYPES), ("_rels/.rels", XLSX_ROOT_RELS),
             ("xl/workbook.xml", XLSX_WORKBOOK % escape(sheet_name(title), {'"': "&quot;"})),
             ("xl/_rels/workbook.xml.rels", XLSX_WORKBOOK_RELS), ("xl/worksheets/sheet1.xml", _sheet(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


# ---------------------------------------------------------------------------------------- PPTX

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PML = "http://schemas.openxmlformats.org/presentationml/2006/main"
DML = "http://schemas.openxmlformats.org/drawingml/2006/main"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
PML_TYPE = "application/vnd.openxmlformats-officedocument.presentationml."
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# A 4:3 slide, in EMU (914400 a inch): 10 x 7.5 inches.
SLIDE_WIDTH, SLIDE_HEIGHT = 9144000, 6858000
EMPTY_TREE = ('<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
              '<p:grpSpPr/>%s</p:spTree></p:cSld>')
COLOR_MAP = ('<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
             'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
             'folHlink="folHlink"/>')


def _relationships(entries):
    return XML_HEAD + '<Relationships xmlns="%s">%s</Relationships>' % (PACKAGE_RELS, "".join(
        '<Relationship Id="%s" Type="%s/%s" Target="%s"/>' % (rel_id, OFFICE_RELS, kind, target)
        for rel_id, kind, target in entries))


def _theme():
    colors = "".join('<a:%s><a:srgbClr val="%s"/></a:%s>' % (name, value, name) for name, value in (
        ("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "1F497D"), ("lt2", "EEECE1"), ("accent1", "4E79A7"),
        ("accent2", "F28E2B"), ("accent3", "E15759"), ("accent4", "76B7B2"), ("accent5", "59A14F"),
        ("accent6", "EDC948"), ("hlink", "0000FF"), ("folHlink", "800080")))
    fonts = '<a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/>'
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = '<a:ln w="9525">%s</a:ln>' % fill
    return (XML_HEAD + '<a:theme xmlns:a="%s" name="Tableau"><a:themeElements><a:clrScheme name="Tableau">%s'
            '</a:clrScheme><a:fontScheme name="Tableau"><a:majorFont>%s</a:majorFont><a:minorFont>%s</a:minorFont>'
            '</a:fontScheme><a:fmtScheme name="Tableau"><a:fillStyleLst>%s</a:fillStyleLst><a:lnStyleLst>%s'
            '</a:lnStyleLst><a:effectStyleLst>%s</a:effectStyleLst><a:bgFillStyleLst>%s</a:bgFillStyleLst>'
            '</a:fmtScheme></a:themeElements></a:theme>'
            % (DML, colors, fonts, fonts, fill * 3, line * 3, "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3,
               fill * 3))


def _slide(number, title):
    """A slide with the view's name across the top and its image below it (relationship rId2)."""
    text = ('<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>'
            '<a:xfrm><a:off x="457200" y="228600"/><a:ext cx="8229600" cy="685800"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p>'
            '<a:r><a:rPr lang="en-US" sz="2400"/><a:t>%s</a:t></a:r></a:p></p:txBody></p:sp>' % escape(title))
    picture = ('<p:pic><p:nvPicPr><p:cNvPr id="3" name="View %d"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill>'
               '<a:blip r:embed="rId2"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm>'
               '<a:off x="457200" y="1143000"/><a:ext cx="7315200" cy="5486400"/></a:xfrm><a:prstGeom prst="rect">'
               '<a:avLst/></a:prstGeom></p:spPr></p:pic>' % number)
    return (XML_HEAD + '<p:sld xmlns:a="%s" xmlns:r="%s" xmlns:p="%s">%s</p:sld>'
            % (DML, OFFICE_RELS, PML, EMPTY_TREE % (text + picture)))


def _pptx_parts(slides):
    count = len(slides)
    content_types = (XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Default Extension="png" ContentType="image/png"/>'
                     '<Override PartName="/ppt/presentation.xml" ContentType="%spresentation.main+xml"/>'
                     '<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="%sslideMaster+xml"/>'
                     '<Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="%sslideLayout+xml"/>'
                     '<Override PartName="/ppt/theme/theme1.xml" '
                     'ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>%s</Types>'
                     % (PML_TYPE, PML_TYPE, PML_TYPE, "".join(
                         '<Override PartName="/ppt/slides/slide%d.xml" ContentType="%sslide+xml"/>' % (n, PML_TYPE)
                         for n in range(1, count + 1))))
    presentation = (XML_HEAD + '<p:presentation xmlns:a="%s" xmlns:r="%s" xmlns:p="%s"><p:sldMasterIdLst>'
                    '<p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst>%s</p:sldIdLst>'
                    '<p:sldSz cx="%d" cy="%d"/><p:notesSz cx="%d" cy="%d"/></p:presentation>'
                    % (DML, OFFICE_RELS, PML, "".join('<p:sldId id="%d" r:id="rId%d"/>' % (255 + n, n + 2)
                                                      for n in range(1, count + 1)),
                       SLIDE_WIDTH, SLIDE_HEIGHT, SLIDE_HEIGHT, SLIDE_WIDTH))
    parts = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", _relationships([("rId1", "officeDocument", "ppt/presentation.xml")])),
        ("ppt/presentation.xml", presentation),
        ("ppt/_rels/presentation.xml.rels", _relationships(
            [("rId1", "slideMaster", "slideMasters/slideMaster1.xml"), ("rId2", "theme", "theme/theme1.xml")]
            + [("rId%d" % (n + 2), "slide", "slides/slide%d.xml" % n) for n in range(1, count + 1)])),
        ("ppt/slideMasters/slideMaster1.xml", XML_HEAD + '<p:sldMaster xmlns:a="%s" xmlns:r="%s" xmlns:p="%s">%s%s'
         '<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>'
         % (DML, OFFICE_RELS, PML, EMPTY_TREE % "", COLOR_MAP)),
        ("ppt/slideMasters/_rels/slideMaster1.xml.rels", _relationships(
            [("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), ("rId2", "theme", "../theme/theme1.xml")])),
        ("ppt/slideLayouts/slideLayout1.xml", XML_HEAD + '<p:sldLayout xmlns:a="%s" xmlns:r="%s" xmlns:p="%s" '
         'type="blank">%s<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>'
         % (DML, OFFICE_RELS, PML, EMPTY_TREE % "")),
        ("ppt/slideLayouts/_rels/slideLayout1.xml.rels", _relationships(
            [("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")])),
        ("ppt/theme/theme1.xml", _theme()),
    ]
    for number, (title, png) in enumerate(slides, start=1):
        parts.append(("ppt/slides/slide%d.xml" % number, _slide(number, title)))
        parts.append(("ppt/slides/_rels/slide%d.xml.rels" % number, _relationships(
            [("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
             ("rId2", "image", "../media/image%d.png" % number)])))
        parts.append(("ppt/media/image%d.png" % number, png))
    return parts


def pptx_bytes(slides):
    """A presentation of one slide per ``(title, png bytes)``: the parts PowerPoint needs (presentation, a slide
    master, a layout and a theme) and, on each slide, the title and the picture."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _pptx_parts(slides):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content if isinstance(content, bytes) else content.encode("utf-8"))
    return out.getvalue()
