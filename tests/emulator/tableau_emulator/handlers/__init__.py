"""Every handler module; importing this package registers all routes."""

from . import auth, datasources, groups, jobs, projects, publishing, sites, users, workbooks  # noqa: F401
