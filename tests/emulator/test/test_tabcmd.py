"""tabcmd, Tableau's own command line client, runs its commands unchanged against the emulator."""

import struct

import samples


def test_tabcmd_lists_sites_and_creates_and_deletes_a_project(tabcmd, emulator):
    listed = tabcmd("listsites")
    assert "Default" in listed.output and "Finance" in listed.output
    tabcmd("createproject", "--name", "Operations", "--description", "Made by tabcmd")
    state = emulator.emulator.state
    site = state.site_by_content_url("")
    assert [p["description"] for p in site.projects.values() if p["name"] == "Operations"] == ["Made by tabcmd"]
    tabcmd("deleteproject", "Operations")
    assert not [p for p in site.projects.values() if p["name"] == "Operations"]


def test_tabcmd_publishes_a_data_source_and_refreshes_its_extract(tabcmd, emulator, tmp_path):
    source = str(tmp_path / "orders.tdsx")
    samples.write_tdsx(source)
    tabcmd("publish", source, "--name", "Orders", "--project", "Default")
    refreshed = tabcmd("refreshextracts", "--datasource", "Orders", "--project", "Default")
    site = emulator.emulator.state.site_by_content_url("")
    jobs = [job for job in site.jobs.values() if job["type"] == "RefreshExtract"]
    assert [job["subject"][2] for job in jobs] == ["Orders"], refreshed.output


def published_workbook(tabcmd, tmp_path):
    """Sales (the worksheets Sales by Region and Sales by Month and the dashboard Overview), published by tabcmd."""
    source = str(tmp_path / "Sales.twbx")
    samples.write_twbx(source)
    tabcmd("publish", source, "--name", "Sales", "--project", "Default")


def test_tabcmd_gets_a_view_as_png_pdf_and_csv(tabcmd, emulator, tmp_path):
    published_workbook(tabcmd, tmp_path)
    tabcmd("get", "/views/Sales/SalesbyRegion.png", "-f", "region.png")
    tabcmd("get", "/views/Sales/SalesbyRegion.pdf", "-f", "region.pdf")
    tabcmd("get", "/views/Sales/SalesbyMonth.csv?Region=East", "-f", "month.csv")
    assert (tmp_path / "region.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert (tmp_path / "region.pdf").read_bytes().startswith(b"%PDF-")
    lines = (tmp_path / "month.csv").read_text().splitlines()
    assert lines[0] == "Region,Category,Sales,Profit"
    assert [line.split(",")[0] for line in lines[1:]] == ["East"] * 3
    exports = [r["path"].rsplit("/", 1)[-1] for r in emulator.emulator.log if "/views/" in r["path"]]
    assert exports == ["image", "pdf", "data"]


def test_tabcmd_exports_a_view_and_a_whole_workbook(tabcmd, emulator, tmp_path):
    published_workbook(tabcmd, tmp_path)
    tabcmd("export", "Sales/SalesbyRegion", "--png", "-f", "region.png")
    tabcmd("export", "Sales/SalesbyRegion", "--pdf", "--pagesize", "a4", "--pagelayout", "landscape", "-f", "region.pdf")
    tabcmd("export", "Sales/SalesbyMonth", "--csv", "--filter", "Category=Technology", "-f", "month.csv")
    tabcmd("export", "Sales/SalesbyRegion", "--fullpdf", "-f", "sales.pdf")
    png = (tmp_path / "region.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and struct.unpack(">II", png[16:24]) == (1600, 1200)
    assert b"/MediaBox [0 0 842 595]" in (tmp_path / "region.pdf").read_bytes()
    rows = (tmp_path / "month.csv").read_text().splitlines()[1:]
    assert set(row.split(",")[1] for row in rows) == {"Technology"}
    assert (tmp_path / "sales.pdf").read_bytes().count(b"/Type /Page ") == 3
