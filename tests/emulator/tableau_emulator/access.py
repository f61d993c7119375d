"""Who may call what: the role checks the real server makes before site, user and group changes."""

from .errors import forbidden

SITE_ADMIN_ROLES = ("ServerAdministrator", "SiteAdministratorCreator", "SiteAdministratorExplorer")


def is_server_admin(request):
    user = request.user
    return user is not None and user["siteRole"] == "ServerAdministrator"


def is_site_admin(request):
    user = request.user
    return user is not None and user["siteRole"] in SITE_ADMIN_ROLES


def require_server_admin(request, action):
    if not is_server_admin(request):
        raise forbidden("403000", "Forbidden", "Only server administrators can %s." % action)


def require_site_admin(request, action):
    if not is_site_admin(request):
        raise forbidden("403000", "Forbidden", "Only site or server administrators can %s." % action)
