"""Trusted tickets: ``POST /trusted``, Tableau Server's trusted authentication (outside the REST API).

A web server trusted by Tableau Server asks for a ticket for a user (``username``) on a site (``target_site``,
its content URL; empty for the Default site) with a form-encoded body, and redeems it in a view URL. The answer
is plain text, as a real server sends it (recorded traffic, tests/emulator/test/test_recorded_traffic.py,
auth.yml 1-5): 200 with the ticket, 200 with ``-1`` for a user who is not on the site (or no user at all), and a
302 to the sign-in page for a site that does not exist. Every client counts as trusted; tickets are not
redeemed here.
"""

import base64
import os
from urllib.parse import parse_qs, quote

from ..registry import route
from ..routing import Reply

PLAIN_TEXT = "text/plain;charset=UTF-8"
NO_TICKET = b"-1"


def _ticket():
    def part(size):
        return base64.urlsafe_b64encode(os.urandom(size)).decode("ascii")
    return ("%s:%s" % (part(16), part(18))).encode("ascii")


@route("POST", "/trusted", auth=False, under_api=False)
def trusted_ticket(request):
    form = parse_qs((request.body or b"").decode("utf-8", "replace"), keep_blank_values=True)
    username = (form.get("username") or [""])[0]
    content_url = (form.get("target_site") or [""])[0]
    site = request.state.site_by_content_url(content_url)
    if site is None:
        return Reply(302, body=b"", headers={
            "Location": "%s/vizportal/api/web/v1/auth/signin?path=%s&siteUrlName=" % (
                request.base_url, quote("/trusted?", safe=""))})
    if not username or not any(u["name"].lower() == username.lower() for u in site.users.values()):
        return Reply(200, body=NO_TICKET, content_type=PLAIN_TEXT)
    return Reply(200, body=_ticket(), content_type=PLAIN_TEXT)
