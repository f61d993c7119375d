"""Server info, sign-in (password, personal access token, JWT), sign-out and site switching."""

import base64
import hashlib
import hmac
import json
import secrets
import time
from xml.etree import ElementTree

from ..errors import ApiError, bad_request
from ..registry import AFTER_3_0, AFTER_3_1, on, route, server_collection, version_tuple, versioned
from ..routing import Reply, no_content, ok
from ..xmlio import child, element, now, text_element
from .users import user_by_name


# Personal access tokens by name, connected apps by client id; both come from the seed. The jti of every
# connected-app token signed in with, by client id.
server_collection("tokens")
server_collection("connected_apps")
server_collection("used_jtis")
# Tableau's default for how far ahead a connected app's token may expire.
MAX_JWT_VALIDITY = 600


@on("seed")
def seed_credentials(state, seed):
    for token in seed.get("tokens", []):
        state.tokens[token["name"]] = dict(token)
    for app in seed.get("connected_apps", []):
        state.connected_apps[app["client_id"]] = dict(app)


versioned("serverInfo", {"prepConductorVersion": AFTER_3_0, "platform": AFTER_3_0, "serverSettings": AFTER_3_0})
versioned("credentials", {"estimatedTimeToExpiration": AFTER_3_1})


def signin_error(detail="Error signing in to Tableau Server"):
    return ApiError(401, "401001", "Signin Error", detail)


@route("GET", "/auth", auth=False, under_api=False)
def auth_info(request):
    """``/auth?format=xml``: how servers older than serverInfo (REST API 2.4, Tableau 10.1) say what they are.

    An ``<authinfo>`` document outside the REST API's namespace and schema: the versions sit in a ``<version>``
    element, as in TSC's recorded server_info_auth_info.xml (the REST API and product versions, the ones TSC's
    ``_get_legacy_version`` and the collection's client read).
    """
    server = request.state.server
    info = ElementTree.Element("authinfo")
    version = ElementTree.SubElement(info, "version", {"version": server["rest_api_version"]})
    for tag, value in (("api_version", server["rest_api_version"]), ("server_api_version", server["rest_api_version"]),
                       ("product_version", server["product_version"]), ("external_version", server["product_version"]),
                       ("build", server["build"]), ("publishing_method", "unrestricted")):
        ElementTree.SubElement(version, tag).text = value
    body = b'<?xml version="1.0" encoding="UTF-8"?>' + ElementTree.tostring(info, encoding="utf-8")
    return Reply(200, body=body, content_type="application/xml;charset=utf-8")


@route("GET", "/serverinfo", auth=False, min_version="2.4")
def server_info(request):
    server = request.state.server
    info = element("serverInfo")
    version = text_element("productVersion", server["product_version"])
    version.set("build", server["build"])
    info.append(version)
    info.append(text_element("prepConductorVersion", "20251.25.0212.1234"))
    info.append(text_element("restApiVersion", server["rest_api_version"]))
    info.append(text_element("platform", server["platform"]))
    settings = element("serverSettings")
    for tag, value in (("oAuthEnabled", "true"), ("sheetImageMaxAgeFloor", "1"),
                       ("sheetImageMaxAgeCeiling", "60"), ("offlineInteractionSupportedPhase", "0")):
        settings.append(text_element(tag, value))
    info.append(settings)
    return ok(info)


def _b64decode(segment):
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _user_from_jwt(state, token):
    """The user name a connected-app JWT signs in as, and its scopes, after the checks Tableau makes.

    The signature (HS256 with the secret named by ``kid``, of the app named by ``iss``), the audience,
    a subject, an expiry that has not passed and is at most the app's ``max_validity_seconds`` ahead
    (Tableau's default is 10 minutes), a ``jti`` not seen before (unless the app has
    ``"single_use_jti": false``), and scopes (``scp``) that are a list of strings.
    """
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(_b64decode(header_b64))
        payload = json.loads(_b64decode(payload_b64))
        signature = _b64decode(signature_b64)
    except (ValueError, TypeError):
        raise signin_error("The JWT is not a well-formed token.")
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise signin_error("The JWT is not a well-formed token.")
    app = state.connected_apps.get(header.get("iss") or payload.get("iss"))
    if app is None or header.get("kid") != app["secret_id"] or header.get("alg") != "HS256":
        raise signin_error("The JWT was not issued by a connected app this site trusts.")
    expected = hmac.new(app["secret_value"].encode("utf-8"), (header_b64 + "." + payload_b64).encode("ascii"),
                        hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        raise signin_error("The JWT signature is not valid.")
    if payload.get("aud") != "tableau":
        raise signin_error("The JWT audience must be 'tableau'.")
    if not payload.get("sub"):
        raise signin_error("The JWT names no user (sub).")
    try:
        expires = float(payload.get("exp", 0))
    except (TypeError, ValueError):
        raise signin_error("The JWT's expiry (exp) is not a time.")
    if expires < time.time():
        raise signin_error("The JWT has expired.")
    longest = app.get("max_validity_seconds", MAX_JWT_VALIDITY)
    if longest is not None and expires - time.time() > longest:
        raise signin_error("The JWT's expiry (exp) is more than %d seconds ahead, the most this connected app "
                           "accepts (LOGIN_FAILED)." % longest)
    scopes = payload.get("scp", [])
    if not isinstance(scopes, list) or not all(isinstance(scope, str) for scope in scopes):
        raise signin_error("The JWT's scopes (scp) must be a list of strings.")
    jti = payload.get("jti")
    if not jti:
        raise signin_error("The JWT has no ID (jti).")
    if app.get("single_use_jti", True):
        used = state.used_jtis.setdefault(app["client_id"], set())
        if jti in used:
            raise signin_error("The JWT with this jti was used before; every sign-in needs a new token.")
        used.add(jti)
    return payload.get("sub"), scopes


def _start_session(state, site, user, kind, pat_name=None, scopes=None):
    token = secrets.token_urlsafe(24) + "|" + site.id
    state.issued_tokens.append(token)
    if pat_name is not None:
        # One live session per personal access token: a new sign-in ends the older one.
        for old_token, session in list(state.sessions.items()):
            if session.get("pat") == pat_name:
                del state.sessions[old_token]
    state.sessions[token] = {"token": token, "user_id": user["id"], "user_name": user["name"],
                             "site_id": site.id, "content_url": site.content_url, "kind": kind, "pat": pat_name,
                             "scopes": scopes}
    return token


def _credentials_reply(token, site, user):
    creds = element("credentials", {"token": token, "estimatedTimeToExpiration": "335:59:59"})
    creds.append(element("site", {"id": site.id, "contentUrl": site.content_url}))
    creds.append(element("user", {"id": user["id"]}))
    return ok(creds)


@route("POST", "/auth/signin", auth=False, min_version="2.0")
def sign_in(request):
    state = request.state
    creds = child(request.xml(), "credentials")
    site_el = creds.find("site")
    content_url = site_el.get("contentUrl", "") if site_el is not None else ""
    if state.is_cloud and not content_url:
        raise signin_error("Tableau Cloud needs the site's content URL to sign in.")
    # PATs (3.6) and connected-app JWTs (3.17) are accepted at any version in the path, as servers that
    # have them do: TSC 0.42 signs in with every kind of credential at its default /api/2.4/ and only then
    # switches to the server's version (server.py default_server_version, auth_endpoint.py sign_in).
    # A server older than 3.6 has no PATs at all (nor JWTs before 3.17): its server version decides that.
    for attribute, version in (("jwt", "3.17"), ("personalAccessTokenName", "3.6")):
        if creds.get(attribute) is not None and version_tuple(state.server["rest_api_version"]) < version_tuple(version):
            raise signin_error()
    scopes = None
    if creds.get("jwt"):
        (name, scopes), kind, pat = _user_from_jwt(state, creds.get("jwt")), "jwt", None
    elif creds.get("personalAccessTokenName") is not None:
        token = state.tokens.get(creds.get("personalAccessTokenName"))
        if token is None or not hmac.compare_digest(token["secret"], creds.get("personalAccessTokenSecret") or ""):
            raise signin_error()
        name, kind, pat = token["user"], "pat", token["name"]
    elif creds.get("name") is not None:
        account = state.accounts.get(creds.get("name").lower())
        if account is None or account["password"] is None or \
                not hmac.compare_digest(account["password"], creds.get("password") or ""):
            raise signin_error()
        name, kind, pat = account["name"], "password", None
    else:
        raise bad_request("The credentials element needs name and password, a personal access token or a jwt.")
    site = state.site_by_content_url(content_url)
    if site is None:
        raise signin_error("Error signing in to Tableau Server: there is no site with content URL '%s'." % content_url)
    user = user_by_name(site, name)
    if user is None or user["siteRole"] == "Unlicensed":
        raise signin_error()
    if site.settings.get("state") == "Suspended" and user["siteRole"] != "ServerAdministrator":
        raise signin_error("The site is suspended.")
    impersonate = creds.find("user")
    if impersonate is not None:
        if user["siteRole"] != "ServerAdministrator":
            raise ApiError(403, "403011", "Forbidden", "Only server administrators can impersonate users.")
        target = site.users.get(impersonate.get("id"))
        if target is None:
            raise signin_error("The user to impersonate does not exist on this site.")
        user = target
    user["lastLogin"] = now()
    return _credentials_reply(_start_session(state, site, user, kind, pat, scopes), site, user)


@route("POST", "/auth/signout", min_version="2.0")
def sign_out(request):
    request.state.sessions.pop(request.session["token"], None)
    return no_content()


@route("POST", "/auth/switchSite", min_version="2.6")
def switch_site(request):
    state = request.state
    site_el = child(request.xml(), "site")
    site = state.site_by_content_url(site_el.get("contentUrl", ""))
    if site is None:
        raise ApiError(401, "401003", "Switch site error",
                       "There was a problem switching sites. The site might be unavailable or is not found.")
    user = user_by_name(site, request.session["user_name"])
    if user is None:
        raise ApiError(401, "401003", "Switch site error",
                       "There was a problem switching sites. The site might be unavailable or is not found.")
    state.sessions.pop(request.session["token"], None)
    return _credentials_reply(_start_session(state, site, user, request.session["kind"],
                                             request.session.get("pat"), request.session.get("scopes")), site, user)
