"""Tables (Tableau Catalog's table assets): listed with filter, sort and paging, read one by one (3.5+).

They come from the seed: ``"tables": [{"name", "database", "schema", "contact", "description"}]`` in a site of
the seed (``database`` the name of a seeded database of the site). A table follows its database's default
table permissions when the database is LockedToDatabase. Columns and updates are not emulated yet.
"""

from .. import registry
from ..errors import not_found
from ..query import list_response
from ..registry import on, route, site_collection
from ..routing import ok
from ..state import new_id
from ..xmlio import element, now
from . import items
from .databases import contact_element, contact_id
from .permissions import readable

site_collection("tables", summary=True)


@on("reset")
def seed_tables(state):
    for site, spec, _project_id, _owner_id in items.seeded(state, "tables", in_project=False):
        database = next((d for d in site.databases.values() if d["name"] == spec.get("database")), None)
        if database is None:
            raise ValueError("seed: table '%s' names the database '%s', which the site does not have"
                             % (spec["name"], spec.get("database")))
        stamp = now()
        table = {"id": new_id(), "name": spec["name"], "databaseId": database["id"], "schema": spec.get("schema"),
                 "description": spec.get("description"), "isCertified": False, "isEmbedded": False,
                 "contactId": contact_id(site, spec, "table"), "createdAt": stamp, "updatedAt": stamp}
        site.tables[table["id"]] = table
        registry.fire("content_created", state, site, "tables", table)


def table_element(request, table):
    """As TSC's recorded table_get.xml: the table's attributes, its site and its contact if it has one."""
    site = request.site
    return element("table", {"id": table["id"], "name": table["name"], "isEmbedded": table["isEmbedded"],
                             "isCertified": table["isCertified"], "schema": table["schema"],
                             "description": table["description"]},
                   element("site", {"id": site.id}), contact_element(site, table.get("contactId")))


def table_fields(site):
    return {"name": lambda t: t["name"], "schema": lambda t: t["schema"],
            "databaseName": lambda t: (site.databases.get(t["databaseId"]) or {}).get("name"),
            "createdAt": lambda t: t["createdAt"], "updatedAt": lambda t: t["updatedAt"]}


@route("GET", "/sites/{site_id}/tables", min_version="3.5")
def query_tables(request):
    site = request.site
    page, pagination = list_response(readable(request, "tables", site.tables.values()), request.query,
                                     table_fields(site))
    return ok(element("pagination", pagination), element("tables", None, *[table_element(request, t) for t in page]))


@route("GET", "/sites/{site_id}/tables/{table_id}", min_version="3.5")
def query_table(request):
    table = request.site.tables.get(request.params["table_id"])
    if table is None:
        raise not_found("404003", "Resource Not Found",
                        "The table ID '%s' doesn't correspond to a table asset on the site." % request.params["table_id"])
    return ok(table_element(request, table))
