"""Ask Data lenses (retired with API 3.22): kept for their permissions only.

They come from the seed (``"lenses": [{"name", "project", "owner"}]`` in a site of the seed, as for flows); the
REST API has no method that lists them (Ask Data had an API of its own), so a test finds them in the state.
"""

from .. import registry
from ..registry import on, site_collection
from . import items

site_collection("lenses", owned=True, summary=True)


@on("reset")
def seed_lenses(state):
    for site, spec, project_id, owner_id in items.seeded(state, "lenses"):
        lens = items.new_placed_item(spec, project_id, owner_id)
        site.lenses[lens["id"]] = lens
        registry.fire("content_created", state, site, "lenses", lens)


@on("project_deleted")
def remove_lenses_in_projects(state, site, project_ids):
    gone = [lens["id"] for lens in site.lenses.values() if lens["projectId"] in project_ids]
    for lens_id in gone:
        del site.lenses[lens_id]
    if gone:
        registry.fire("content_deleted", state, site, "lenses", gone)
