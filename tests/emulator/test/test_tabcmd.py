"""tabcmd, Tableau's own command line client, runs its commands unchanged against the emulator."""

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
