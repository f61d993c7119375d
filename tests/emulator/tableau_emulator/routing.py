"""Finding the route of a request (in ``registry.ROUTES``), and what a handler gets and returns."""

from . import registry
from .errors import ApiError, not_found
from .xmlio import parse_request, response


class Reply(object):
    """What a handler returns: a status, an optional XML root or raw body, and headers."""

    def __init__(self, status=200, root=None, body=None, headers=None, content_type=None):
        self.status = status
        self.root = root
        self.body = body
        self.headers = dict(headers or {})
        self.content_type = content_type


def ok(*children):
    return Reply(200, response(*children))


def created(location, *children):
    return Reply(201, response(*children), headers={"Location": location})


def accepted(location, *children):
    """202 for work the server queues (asJob, refresh): ``Location`` names the job to poll."""
    return Reply(202, response(*children), headers={"Location": location})


def no_content():
    return Reply(204)


class Request(object):
    """One parsed HTTP request, with the state, session and site it concerns."""

    def __init__(self, state, method, path, query, headers, body, params, base_url):
        self.state = state
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.params = params
        self.api_version = params.get("api_version")
        self.base_url = base_url
        self.session = None
        self.site = None
        # Bytes the client sent; more than len(body) when the server dropped an oversized body's tail.
        self.body_size = len(body or b"")

    @property
    def body_truncated(self):
        return self.body_size > len(self.body or b"")

    def xml(self):
        return parse_request(self.body)

    @property
    def user(self):
        if self.session is None or self.site is None:
            return None
        return self.site.users.get(self.session["user_id"])

    def api_version_at_least(self, version):
        return registry.version_tuple(self.api_version) >= registry.version_tuple(version)

    def require_version(self, version):
        if not self.api_version_at_least(version):
            raise ApiError(400, "400000", "Bad Request",
                           "This method requires REST API version %s or later; the request used %s."
                           % (version, self.api_version))


def route_not_in_version(api_version):
    """The answer for a route newer than the version in the path.

    Real servers answer 404 with code 404008 "API version 'X' does not support access to the given
    resource." (a Tableau Server 2023.1 at /api/3.19/.../customviews/{id}/content, quoted in
    tableau/tableau-migration-sdk#22); TSC's resource_tagger.py maps the same 404008 to "only available with
    REST API version 2.6 and later". Not 400, and not the 404003/404000 of an unknown path.
    """
    return ApiError(404, "404008", "Resource Not Found",
                    "API version '%s' does not support access to the given resource." % api_version)


def find_route(method, path):
    """The Route and captured params for a request, or the 404/405 the server would send."""
    path_matched = False
    for candidate in registry.ROUTES:
        match = candidate.regex.match(path)
        if not match:
            continue
        path_matched = True
        if candidate.method == method:
            return candidate, match.groupdict()
    if path_matched:
        raise ApiError(405, "405000", "Method Not Allowed", "Request type '%s' is not allowed for this resource." % method)
    raise not_found("404000", "Resource Not Found", "Unknown resource '%s' requested" % path)


version_tuple = registry.version_tuple
