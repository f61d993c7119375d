"""The files a view exports to, made for real: a PNG, a PDF, CSV and an .xlsx workbook that open in the programs
made for them, of data that is the same every time for the same view and filters.

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
