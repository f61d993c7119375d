"""Every handler module; importing this package registers all routes."""

from . import auth, groups, projects, sites, users  # noqa: F401
