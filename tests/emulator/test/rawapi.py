"""Raw REST requests at one API version, for tests that need what TSC would not send or would hide."""

from xml.etree import ElementTree

import requests

NS = {"t": "http://tableau.com/api"}
SIGN_IN = (b'<tsRequest><credentials name="admin" password="admin"><site contentUrl=""/></credentials>'
           b'</tsRequest>')


class Api(object):
    """Raw requests at one REST API version, signed in as the seeded admin (or ``name``, or whom it impersonates)."""

    def __init__(self, url, version="3.25", name=None, password=None, impersonate=None, content_url=""):
        self.url = url
        self.version = version
        body = SIGN_IN
        if name is not None or impersonate is not None or content_url:
            body = ('<tsRequest><credentials name="%s" password="%s"><site contentUrl="%s"/>%s</credentials>'
                    '</tsRequest>' % (name or "admin", password or "admin", content_url,
                                      '<user id="%s"/>' % impersonate if impersonate else "")).encode()
        reply = requests.post("%s/api/%s/auth/signin" % (url, version), data=body, timeout=10)
        assert reply.status_code == 200, reply.text
        creds = ElementTree.fromstring(reply.content).find("t:credentials", NS)
        self.token = creds.get("token")
        self.site_id = creds.find("t:site", NS).get("id")
        self.user_id = creds.find("t:user", NS).get("id")

    def site_path(self, path="", version=None):
        return "/api/%s/sites/%s%s" % (version or self.version, self.site_id, path)

    def call(self, method, path, body=None, version=None, **kwargs):
        if not path.startswith("/api/"):
            path = self.site_path(path, version)
        return requests.request(method, self.url + path, data=body, timeout=10,
                                headers={"X-Tableau-Auth": self.token}, **kwargs)

    def xml(self, method, path, body=None, version=None, expect=200, **kwargs):
        reply = self.call(method, path, body, version, **kwargs)
        assert reply.status_code == expect, reply.text
        return ElementTree.fromstring(reply.content)


def error_code(reply):
    return ElementTree.fromstring(reply.content).find("t:error", NS).get("code")
