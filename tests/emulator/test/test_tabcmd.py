"""tabcmd, Tableau's own command line client, runs its commands unchanged against the emulator.

The session test is what an administrator does in a day with tabcmd 2.x; each command is checked
against the emulator's state, not only against tabcmd's exit status. Where tabcmd itself behaves
oddly against the documented protocol, the comment says so (those are tabcmd's, not the server's).
"""

import struct

import samples


def default_site(emulator):
    return emulator.emulator.state.site_by_content_url("")


def names(collection, **match):
    return sorted(item["name"] for item in collection.values()
                  if all(item.get(key) == value for key, value in match.items()))


def test_tabcmd_lists_sites_and_creates_and_deletes_a_project(tabcmd, emulator):
    listed = tabcmd("listsites")
    assert "Default" in listed.output and "Finance" in listed.output
    tabcmd("createproject", "--name", "Operations", "--description", "Made by tabcmd")
    site = default_site(emulator)
    assert [p["description"] for p in site.projects.values() if p["name"] == "Operations"] == ["Made by tabcmd"]
    tabcmd("deleteproject", "Operations")
    assert not [p for p in site.projects.values() if p["name"] == "Operations"]


def test_tabcmd_publishes_a_data_source_and_refreshes_its_extract(tabcmd, emulator, tmp_path):
    source = str(tmp_path / "orders.tdsx")
    samples.write_tdsx(source)
    tabcmd("publish", source, "--name", "Orders", "--project", "Default")
    refreshed = tabcmd("refreshextracts", "--datasource", "Orders", "--project", "Default")
    jobs = [job for job in default_site(emulator).jobs.values() if job["type"] == "RefreshExtract"]
    assert [job["subject"][2] for job in jobs] == ["Orders"], refreshed.output


def test_an_administrators_session(tabcmd, emulator, tmp_path):
    state = emulator.emulator.state
    site = default_site(emulator)

    # Sign in with a personal access token: later commands reuse what tabcmd saved, signing in again
    # with the saved token (tabcmd 2.0 keeps no password, so a password session cannot be resumed).
    tabcmd("login", "--token-name", "automation", "--token-value", "automation-secret", credentials=False)
    assert "Default" in tabcmd("listsites", credentials=False).output

    # Sites: tabcmd's editsite signs in to the site named, as a content URL, so its name and URL agree here.
    tabcmd("createsite", "ops", "--url", "ops", "--storage-quota", "100")
    assert state.site_by_content_url("ops").name == "ops"
    # (editsite --status upper-cases the value, which TSC's SiteItem then refuses: a tabcmd 2.0.21 bug.)
    tabcmd("editsite", "ops", "--storage-quota", "200")
    assert str(state.site_by_content_url("ops").settings.get("storageQuota")) == "200"

    # Projects, nested.
    tabcmd("createproject", "--name", "Sales")
    tabcmd("createproject", "--name", "EMEA", "--parent-project-path", "Sales", "--description", "Europe")
    sales = [p for p in site.projects.values() if p["name"] == "Sales"][0]
    assert names(site.projects, parentProjectId=sales["id"]) == ["EMEA"]

    # Users from CSV (name, password, full name, license, admin level, publisher, email), then a group.
    users_csv = tmp_path / "users.csv"
    users_csv.write_text("ops.one,pass-one,Ops One,viewer,none,no,ops.one@example.com\n"
                         "ops.two,pass-two,Ops Two,explorer,none,yes,ops.two@example.com\n")
    names_csv = tmp_path / "names.csv"
    names_csv.write_text("ops.one\nops.two\n")
    added = tabcmd("createsiteusers", str(users_csv))
    assert "Number of users added: 2" in added.output
    roles = dict((u["name"], u["siteRole"]) for u in site.users.values())
    assert (roles["ops.one"], roles["ops.two"]) == ("Viewer", "ExplorerCanPublish")
    tabcmd("creategroup", "Ops Team")
    tabcmd("addusers", "Ops Team", "--users", str(names_csv))
    team = [g for g in site.groups.values() if g["name"] == "Ops Team"][0]
    assert sorted(site.users[uid]["name"] for uid in team["members"]) == ["ops.one", "ops.two"]
    tabcmd("removeusers", "Ops Team", "--users", str(names_csv))
    assert not team["members"]

    # Publishing: a workbook (then overwritten), a data source, and an extract appended to.
    workbook = samples.write_twbx(tmp_path / "Sales.twbx", extract_bytes=1024)
    tabcmd("publish", str(workbook), "--name", "Sales", "--project", "Sales")
    first = [w for w in site.workbooks.values() if w["name"] == "Sales"][0]
    tabcmd("publish", str(workbook), "--name", "Sales", "--project", "Sales", "--overwrite")
    assert names(site.workbooks) == ["Sales"] and first["updatedAt"] >= first["createdAt"]
    source = str(tmp_path / "Orders.tdsx")
    samples.write_tdsx(source)
    tabcmd("publish", source, "--name", "Orders", "--project", "Sales")
    rows = str(tmp_path / "rows.hyper")
    samples.write_random(rows, 4096)
    tabcmd("publish", rows, "--name", "Events", "--project", "Sales")
    tabcmd("publish", rows, "--name", "Events", "--project", "Sales", "--append")
    assert names(site.datasources) == ["Events", "Orders"]

    # Refreshing an extract queues a job that finishes.
    tabcmd("refreshextracts", "--datasource", "Orders", "--project", "Sales")
    assert [job["subject"][2] for job in site.jobs.values() if job["type"] == "RefreshExtract"] == ["Orders"]

    # Deleting what the session made.
    tabcmd("delete", "Sales", "--project", "Sales")
    tabcmd("delete", "--datasource", "Orders", "--project", "Sales")
    assert names(site.workbooks) == [] and names(site.datasources) == ["Events"]
    tabcmd("deletesiteusers", str(names_csv))
    assert not [u for u in site.users.values() if u["name"].startswith("ops.")]
    tabcmd("deletegroup", "Ops Team")
    tabcmd("deleteproject", "EMEA", "--parent-project-path", "Sales")
    tabcmd("deleteproject", "Sales")
    assert names(site.projects) == ["Default"]
    # TSC (under tabcmd) deletes only the site of the session: sign in there first.
    tabcmd("deletesite", "ops", "--site", "ops", "--token-name", "automation", "--token-value", "automation-secret",
           credentials=False)
    assert state.site_by_content_url("ops") is None

    # tabcmd signs in afresh for each command and leaves those sessions to expire; in a new process logout
    # has no server session in hand (tabcmd 2.0 keeps none across processes): it forgets what it saved.
    assert (tmp_path / "tableau_auth.json").exists()
    assert "Signed out" in tabcmd("logout", credentials=False).output
    assert not (tmp_path / "tableau_auth.json").exists()


def test_tabcmd_refreshes_the_extracts_of_a_workbook(tabcmd, emulator, tmp_path):
    source = str(tmp_path / "sales.twbx")
    samples.write_twbx(source, extract_bytes=1024)
    tabcmd("publish", source, "--name", "Sales", "--project", "Default")
    refreshed = tabcmd("refreshextracts", "--workbook", "Sales", "--project", "Default", "--synchronous")
    site = emulator.emulator.state.site_by_content_url("")
    [job] = [job for job in site.jobs.values() if job["type"] == "RefreshExtract"]
    assert job["subject"][:1] + job["subject"][2:] == ("workbook", "Sales"), refreshed.output
    assert job["finishCode"] == 0, refreshed.output

    live = str(tmp_path / "live.twb")
    samples.write_twb(live)
    tabcmd("publish", live, "--name", "Live", "--project", "Default")
    refused = tabcmd("refreshextracts", "--workbook", "Live", "--project", "Default", check=False)
    assert refused.returncode != 0 and "409090" in refused.output, refused.output


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
