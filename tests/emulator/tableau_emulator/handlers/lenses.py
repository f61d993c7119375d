"""Ask Data lenses (retired with API 3.22): kept for their permissions only.

They come from the seed (``"lenses": [{"name", "project", "owner"}]`` in a site of the seed, as for flows); the
REST API has no method that lists them (Ask Data had an API of its own), so a test finds them in the state.
"""

from ..registry import on, site_collection
from . import items

site_collection("lenses", owned=True, summary=True)


@on("reset")
def seed_lenses(state):
    items.seed_placed(state, "lenses", "lenses")


@on("project_deleted")
def remove_lenses_in_projects(state, site, project_ids):
    items.remove_in_projects(state, site, "lenses", "lenses", project_ids)
