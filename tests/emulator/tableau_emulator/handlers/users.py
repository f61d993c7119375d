"""Users on a site: what owning projects needs (query users, get one user)."""

from ..errors import not_found
from ..query import list_response
from ..routing import ok, route
from ..xmlio import element


def user_fields():
    return {
        "name": lambda u: u["name"],
        "siteRole": lambda u: u["siteRole"],
        "lastLogin": lambda u: u["lastLogin"],
        "friendlyName": lambda u: u["fullName"],
        "email": lambda u: u["email"],
        "domainName": lambda u: "local",
    }


def user_element(user):
    return element("user", {
        "id": user["id"], "name": user["name"], "siteRole": user["siteRole"], "fullName": user.get("fullName"),
        "email": user.get("email"), "authSetting": user.get("authSetting"), "lastLogin": user.get("lastLogin"),
        "locale": user.get("locale"), "language": user.get("language"),
        "idpConfigurationId": user.get("idpConfigurationId"),
    }, element("domain", {"name": "local"}))


def get_user(site, user_id):
    user = site.users.get(user_id)
    if user is None:
        raise not_found("404002", "Resource Not Found", "User '%s' could not be found." % user_id)
    return user


@route("GET", "/sites/{site_id}/users")
def query_users(request):
    page, pagination = list_response(list(request.site.users.values()), request.query, user_fields())
    return ok(element("pagination", pagination), element("users", None, *[user_element(u) for u in page]))


@route("GET", "/sites/{site_id}/users/{user_id}")
def query_user(request):
    return ok(user_element(get_user(request.site, request.params["user_id"])))
