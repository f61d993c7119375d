"""Sites: what signing in to a named site needs (query site by id or content URL)."""

from ..errors import not_found
from ..routing import ok, route
from ..xmlio import element


def site_element(site):
    settings = site.settings
    return element("site", {
        "id": site.id, "name": site.name, "contentUrl": site.content_url,
        "adminMode": settings.get("adminMode"), "state": settings.get("state"),
        "userQuota": settings.get("userQuota"), "storageQuota": settings.get("storageQuota"),
        "disableSubscriptions": settings.get("disableSubscriptions"),
        "revisionHistoryEnabled": settings.get("revisionHistoryEnabled"),
        "revisionLimit": settings.get("revisionLimit"),
    })


@route("GET", "/sites/{site_id}")
def query_site(request):
    site = request.site
    if request.query.get("key", "").lower() == "contenturl":
        found = request.state.site_by_content_url(request.params["site_id"])
        if found is None or found.id != site.id:
            raise not_found("404000", "Resource Not Found", "Site '%s' could not be found." % request.params["site_id"])
    return ok(site_element(site))
