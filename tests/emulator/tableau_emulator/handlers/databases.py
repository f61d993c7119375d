"""Databases (Tableau Catalog's database assets): listed with filter, sort and paging, read one by one (3.5+).

They come from the seed: ``"databases": [{"name", "type", "connection_type", "host", "port", "contact",
"content_permissions", "description"}]`` in a site of the seed (``contact`` a user name; ``content_permissions``
ManagedByOwner, the default, or LockedToDatabase). A database has no owner and is in no project; its contact is
who answers for it. Updating, moving and removing databases are not emulated yet.
"""

from .. import registry
from ..errors import not_found
from ..query import list_response
from ..registry import on, route, site_collection
from ..routing import ok
from ..state import new_id
from ..xmlio import element, now
from . import items
from .permissions import readable
from .users import user_by_name

site_collection("databases", summary=True)
CONTENT_PERMISSIONS = ("ManagedByOwner", "LockedToDatabase")


def contact_id(site, spec, key):
    if not spec.get("contact"):
        return None
    user = user_by_name(site, spec["contact"])
    if user is None:
        raise ValueError("seed: %s '%s' names the contact '%s', who is not on the site" % (key, spec["name"],
                                                                                           spec["contact"]))
    return user["id"]


@on("reset")
def seed_databases(state):
    for site, spec, _project_id, _owner_id in items.seeded(state, "databases", in_project=False):
        permissions = spec.get("content_permissions", "ManagedByOwner")
        if permissions not in CONTENT_PERMISSIONS:
            raise ValueError("seed: database '%s' has content_permissions '%s'; expected one of %s"
                             % (spec["name"], permissions, ", ".join(CONTENT_PERMISSIONS)))
        stamp = now()
        database = {
            "id": new_id(), "name": spec["name"], "type": spec.get("type", "DatabaseServer"),
            "connectionType": spec.get("connection_type", "postgres"), "hostName": spec.get("host"),
            "port": spec.get("port"), "description": spec.get("description"), "isCertified": False,
            "isEmbedded": False, "contentPermissions": permissions, "contactId": contact_id(site, spec, "database"),
            "createdAt": stamp, "updatedAt": stamp,
        }
        site.databases[database["id"]] = database
        registry.fire("content_created", state, site, "databases", database)


def contact_element(site, user_id):
    user = site.users.get(user_id)
    return element("contact", {"id": user_id, "name": user["name"]}) if user else None


def database_element(request, database):
    """As TSC's recorded database_get.xml: the database's attributes, its site and its contact if it has one."""
    site = request.site
    return element("database", {
        "id": database["id"], "name": database["name"], "connectionType": database["connectionType"],
        "isEmbedded": database["isEmbedded"], "isCertified": database["isCertified"], "type": database["type"],
        "hostName": database["hostName"], "port": database["port"], "description": database["description"],
        "contentPermissions": database["contentPermissions"]},
        element("site", {"id": site.id}), contact_element(site, database.get("contactId")))


def database_fields():
    return {"name": lambda d: d["name"], "type": lambda d: d["type"], "connectionType": lambda d: d["connectionType"],
            "hostName": lambda d: d["hostName"], "createdAt": lambda d: d["createdAt"],
            "updatedAt": lambda d: d["updatedAt"]}


@route("GET", "/sites/{site_id}/databases", min_version="3.5")
def query_databases(request):
    site = request.site
    page, pagination = list_response(readable(request, "databases", site.databases.values()), request.query,
                                     database_fields())
    return ok(element("pagination", pagination),
              element("databases", None, *[database_element(request, d) for d in page]))


@route("GET", "/sites/{site_id}/databases/{database_id}", min_version="3.5")
def query_database(request):
    database = request.site.databases.get(request.params["database_id"])
    if database is None:
        raise not_found("404003", "Resource Not Found",
                        "The database ID '%s' doesn't correspond to a database asset on the site."
                        % request.params["database_id"])
    return ok(database_element(request, database))
