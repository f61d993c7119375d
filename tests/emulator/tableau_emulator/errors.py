"""The error a handler raises to answer with Tableau's <error> document."""


class ApiError(Exception):
    """An error response: HTTP status plus Tableau's code, summary and detail."""

    def __init__(self, status, code, summary, detail):
        super().__init__("%s %s: %s" % (code, summary, detail))
        self.status = status
        self.code = str(code)
        self.summary = summary
        self.detail = detail


def bad_request(detail, code="400000", summary="Bad Request"):
    return ApiError(400, code, summary, detail)


def not_found(code, summary, detail):
    return ApiError(404, code, summary, detail)


def conflict(code, summary, detail):
    return ApiError(409, code, summary, detail)


def forbidden(code, summary, detail):
    return ApiError(403, code, summary, detail)


def unauthorized(detail="Invalid authentication credentials were provided."):
    return ApiError(401, "401002", "Unauthorized Access", detail)
