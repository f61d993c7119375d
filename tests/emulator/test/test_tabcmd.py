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
