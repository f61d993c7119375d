# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tableau.server contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One error family: every failure a module reports is a TableauError that knows its fail_json output."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json
import re
from xml.sax.saxutils import escape

try:
    from urllib.parse import quote, quote_plus
except ImportError:  # pragma: no cover - Python 2
    from urllib import quote, quote_plus

# What a secret is replaced with wherever it shows, in whatever form.
SCRUBBED = "********"
# A run of base64 long enough to carry a secret inside a longer text.
BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")

HINTS = {
    "401001": ("Sign-in failed: check the user name and password or token, and the site. 'site' is the site's "
               "content URL (the part after /site/ in the browser's address), '' for the Default site."),
    "401002": "The session is not valid any more (expired, signed out, or replaced by a newer sign-in with the same token).",
    "401003": "The credentials were refused for this site: check the site content URL.",
    "403014": "The page size is over the server's limit of 1000.",
    "403005": "The Default project cannot be renamed, moved or deleted; give another project's path.",
    "409003": ("The user still owns content (projects, workbooks, data sources, flows). Set map_assets_to to "
               "a user who takes over what they own, or move their content first."),
    "409090": "The item has no extract to refresh; only workbooks and data sources with extracts can be refreshed.",
}
NAME_TAKEN = "The name is taken: an item with that name already exists in that place."
# Conflict codes that mean a name is taken (sites, users, projects, groups, content, server schedules).
NAME_CONFLICT_CODES = ("409000", "409001", "409002", "409004", "409006", "409009", "409013", "409017", "409021")
STATUS_HINTS = {
    400: "The server refused the request as invalid; check the values of the options sent.",
    403: "The signed-in user may lack the permission or site role this needs, or the session is for another site.",
    404: "Not found: check the name or ID, and that you are signed in to the site that holds it.",
    405: "The server does not allow this method here; check the server URL and API version.",
    409: "The request conflicts with what is on the server now; read the detail above.",
}


class TableauError(Exception):
    """Base of every error the collection raises; ``fail_json_kwargs`` is what the module reports.

    ``maybe_applied`` is true when the request that failed had reached the server and may have been
    done there (a lost answer, or a gateway's 502/503/504 to a write that is not repeated).
    """

    maybe_applied = False

    def __init__(self, msg, hint=None, **details):
        super(TableauError, self).__init__(msg)
        self.msg = msg
        self.hint = hint
        self.details = details

    def fail_json_kwargs(self):
        msg = self.msg
        if self.hint:
            msg = "%s Hint: %s" % (msg, self.hint)
        result = dict(msg=msg)
        result.update((k, v) for k, v in self.details.items() if v is not None)
        return result


class TableauValidationError(TableauError):
    """Bad input found before any request that writes."""


class TableauVersionError(TableauError):
    """The server's REST API version is too old for what was asked."""


class TableauConnectionError(TableauError):
    """The server could not be reached, or the connection broke.

    ``maybe_applied`` is true when the request had been sent before the break (a reset or a read
    timeout): the server may have done it. A write must then look before it is sent again.
    """

    def __init__(self, msg, hint=None, maybe_applied=False, **details):
        super(TableauConnectionError, self).__init__(msg, hint=hint, **details)
        self.maybe_applied = maybe_applied


class TableauSessionExpiredError(TableauError):
    """A session reused from tableau_session is no longer valid, and the task cannot sign in itself."""


class TableauResponseError(TableauError):
    """The server answered with something that is not a usable Tableau response (hostile or broken XML)."""


class TableauJobError(TableauError):
    """A background job (a publish, a refresh, an import) failed, was cancelled, or did not end in time."""

    def __init__(self, msg, job_id=None, hint=None, **details):
        super(TableauJobError, self).__init__(msg, hint=hint, job_id=job_id, **details)
        self.job_id = job_id


class TableauIncompleteListingError(TableauResponseError):
    """A paginated listing repeated items or did not add up to the total the server reported.

    Raised before any item is handed to the caller, so nothing acts on a listing with holes in it.
    """


class TableauApiError(TableauError):
    """Tableau's own ``<error code>`` answer, with summary and detail.

    Build it with ``api_error``, which picks the subclass that fits the status.
    """

    def __init__(self, status, code, summary, detail, method=None, path=None):
        code = str(code or "")
        text = "Tableau error %s (HTTP %s) %s: %s" % (code or "-", status, summary or "", detail or "")
        if method and path:
            text = "%s [%s %s]" % (text, method, path)
        hint = HINTS.get(code) or (NAME_TAKEN if code in NAME_CONFLICT_CODES else STATUS_HINTS.get(status))
        super(TableauApiError, self).__init__(text.strip(), hint=hint, status=status, code=code or None,
                                              summary=summary, detail=detail)
        self.status = status
        self.code = code
        self.summary = summary
        self.detail = detail

    @property
    def is_not_found(self):
        return self.status == 404

    @property
    def is_conflict(self):
        return self.status == 409


class TableauPermissionError(TableauApiError):
    """The server refused the request for lack of a permission or site role (HTTP 403)."""


def api_error(status, code, summary, detail, method=None, path=None):
    """The TableauApiError (or subclass) for an error answer."""
    cls = TableauPermissionError if status == 403 else TableauApiError
    return cls(status, code, summary, detail, method, path)


def secret_forms(secret):
    """The spellings a secret can take in a server's text: as sent, XML-escaped (an echoed request body),
    CSV-quoted, JSON-escaped, each of those URL-encoded (an echoed query string, or a form-encoded copy of an echoed
    body), and base64; longest first. Base64 of a longer text holding a secret is caught by ``scrub``."""
    text = secret if isinstance(secret, str) else str(secret)
    # XML writers differ in which quotes they escape, and how: every combination.
    plain = set(escape(text, {'"': double, "'": single})
                for double in ('"', "&quot;", "&#34;") for single in ("'", "&apos;", "&#39;"))
    # A CSV file (a user import) doubles the quotes inside a quoted field.
    plain.update([text, json.dumps(text)[1:-1], text.replace('"', '""')])
    forms = set(plain)
    for form in plain:
        forms.update([quote(form, safe=""), quote(form), quote_plus(form)])
    try:
        forms.add(base64.b64encode(text.encode("utf-8")).decode("ascii"))
    except UnicodeError:  # pragma: no cover - a secret that is no text
        pass
    return sorted((form for form in forms if form), key=len, reverse=True)


def scrub(value, secrets):
    """``value`` (text, or dicts and lists of it) with every form of every secret replaced by SCRUBBED.

    Ansible's no_log masks a secret only as it was given; a server that quotes the request it refused
    hands it back escaped, and that must not reach a message or a result either.
    """
    forms = sorted(set(form for secret in secrets if secret for form in secret_forms(secret)), key=len, reverse=True)
    if not forms:
        return value
    return _scrubbed(value, forms)


def _scrubbed(value, forms):
    if isinstance(value, str):
        for form in forms:
            if form in value:
                value = value.replace(form, SCRUBBED)
        return BASE64_RUN.sub(lambda match: _scrubbed_base64(match.group(0), forms), value)
    if isinstance(value, dict):
        return dict((key, _scrubbed(item, forms)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_scrubbed(item, forms) for item in value]
    return value


def _scrubbed_base64(run, forms):
    """``run`` (what looks like base64), or SCRUBBED where it decodes to text holding a secret: a server
    that hands back a request body in base64 hands back the secret in it, in no spelling of its own."""
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            decoded = decode(run + "=" * (-len(run) % 4)).decode("utf-8")
        except (ValueError, TypeError):
            continue
        if any(form in decoded for form in forms):
            return SCRUBBED
    return run
