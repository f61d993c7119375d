"""The transport: version negotiation, sign-in, retries, error mapping and pagination."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import (
    MAX_API_VERSION,
    TableauClient,
    filter_expression,
    filter_value_is_safe,
)
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauApiError,
    TableauConnectionError,
    TableauResponseError,
    TableauValidationError,
    TableauVersionError,
)

from ...conftest import SERVER_INFO, SIGNED_IN, error_body, ts


def client_for(server, **kwargs):
    kwargs.setdefault("auth", {"username": "admin", "password": "secret"})
    kwargs.setdefault("retries", 3)
    return TableauClient(server.url, **kwargs)


def test_version_comes_from_serverinfo(scripted):
    client = client_for(scripted)
    assert client.negotiate_version() == "3.25"
    assert client.server_info["product_version"] == "2025.1.0"


def test_newer_server_is_spoken_to_in_newest_known_version(scripted):
    scripted.routes[("GET", "/api/2.4/serverinfo")] = [
        (200, {}, SERVER_INFO.replace(b"3.25", b"9.99"))]
    assert client_for(scripted).negotiate_version() == MAX_API_VERSION


def test_explicit_api_version_wins_and_skips_serverinfo(scripted):
    scripted.on("POST", "/api/3.19/auth/signin", (200, {}, SIGNED_IN))
    client = client_for(scripted, api_version="3.19").sign_in()
    assert client.api_version == "3.19"
    assert scripted.count("GET", "/api/2.4/serverinfo") == 0


def test_old_server_without_serverinfo_falls_back_to_its_auth_page(scripted):
    # Servers before REST API 2.4 answer /auth?format=xml with <authinfo>, outside the REST API's namespace.
    scripted.routes[("GET", "/api/2.4/serverinfo")] = [(404, {}, error_body("404001", "Resource Not Found", "x"))]
    # Its versions sit in <version> (TSC's recorded server_info_auth_info.xml).
    page = (b'<authinfo><version version="2.3"><api_version>2.3</api_version><product_version>10.0.2'
            b'</product_version></version></authinfo>')
    scripted.on("GET", "/auth", (200, {}, page))
    client = client_for(scripted)
    assert client.negotiate_version() == "2.3"
    assert client.server_info["product_version"] == "10.0.2"


def test_an_auth_page_api_version_below_2_is_not_a_rest_api_version(scripted):
    # Tableau 9.3 answers api_version 0.31 (TSC's server_info_auth_info.xml): the product version says 2.2.
    scripted.routes[("GET", "/api/2.4/serverinfo")] = [(404, {}, error_body("404001", "Resource Not Found", "x"))]
    page = (b'<authinfo><version version="0.31"><api_version>0.31</api_version><product_version>9.3'
            b'</product_version></version></authinfo>')
    scripted.on("GET", "/auth", (200, {}, page))
    assert client_for(scripted).negotiate_version() == "2.2"


def test_an_auth_page_naming_only_the_product_gives_the_version_that_release_shipped_with(scripted):
    scripted.routes[("GET", "/api/2.4/serverinfo")] = [(404, {}, error_body("404001", "Resource Not Found", "x"))]
    scripted.on("GET", "/auth", (200, {}, b"<authinfo><product_version>9.3</product_version></authinfo>"))
    assert client_for(scripted).negotiate_version() == "2.2"


def test_failed_version_detection_says_what_each_url_answered(scripted):
    scripted.routes[("GET", "/api/2.4/serverinfo")] = [(404, {}, b"")]
    scripted.routes[("GET", "/auth")] = [(404, {}, b"<html>Not here</html>")]
    with pytest.raises(TableauVersionError) as info:
        client_for(scripted).negotiate_version()
    message = str(info.value)
    assert "/api/2.4/serverinfo answered HTTP 404" in message
    assert "/auth?format=xml answered" in message and "404" in message.split("/auth?format=xml answered")[1]
    assert "api_version" in message


def test_token_sign_in_needs_api_3_6(scripted):
    scripted.on("POST", "/api/3.5/auth/signin", (200, {}, SIGNED_IN))
    client = client_for(scripted, api_version="3.5", auth={"token_name": "t", "token_secret": "s"})
    with pytest.raises(TableauVersionError, match="3.6"):
        client.sign_in()
    assert scripted.count("POST") == 0


def test_sign_in_sends_credentials_and_site_and_keeps_token(scripted):
    client = client_for(scripted, site="finance").sign_in()
    body = scripted.requests[-1]["body"]
    assert b'name="admin"' in body and b'contentUrl="finance"' in body
    assert (client.token, client.site_id, client.user_id) == ("tok-1", "site-1", "user-1")


def test_wrong_credentials_map_to_401001_with_a_hint(scripted):
    scripted.routes[("POST", "/api/3.25/auth/signin")] = [
        (401, {}, error_body("401001", "Signin Error", "Error signing in to Tableau Server"))]
    with pytest.raises(TableauApiError) as info:
        client_for(scripted).sign_in()
    failure = info.value.fail_json_kwargs()
    assert failure["code"] == "401001"
    assert "Signin Error" in failure["msg"] and "Error signing in" in failure["msg"]
    assert "content URL" in failure["msg"]


def test_conflict_hint_names_the_cause(scripted):
    scripted.on("POST", "/api/3.25/sites/site-1/projects",
                (409, {}, error_body("409006", "Resource Conflict", "A project with the name exists")))
    client = client_for(scripted).sign_in()
    with pytest.raises(TableauApiError) as info:
        client.post("/projects", b"<tsRequest/>", expected=(201,))
    assert info.value.code == "409006"
    assert "name is taken" in info.value.fail_json_kwargs()["msg"]


def test_get_is_retried_after_503_with_back_off(scripted, no_sleep):
    scripted.on("GET", "/api/3.25/sites/site-1/projects",
                (503, {}, b""), (503, {}, b""), (200, {}, ts('<pagination pageNumber="1" pageSize="1000" '
                                                             'totalAvailable="0"/><projects/>')))
    client = client_for(scripted).sign_in()
    assert list(client.paginate("/projects", "project")) == []
    assert scripted.count("GET", "/api/3.25/sites/site-1/projects") == 3
    assert len(no_sleep) >= 1


def test_429_honours_retry_after(scripted, no_sleep):
    scripted.on("GET", "/api/3.25/sites/site-1/users",
                (429, {"Retry-After": "7"}, b""), (200, {}, ts("<user id='u'/>")))
    client = client_for(scripted).sign_in()
    client.get("/users")
    assert 7 in no_sleep


def test_create_is_not_repeated_after_503(scripted, no_sleep):
    scripted.on("POST", "/api/3.25/sites/site-1/projects", (503, {}, error_body("503000", "Unavailable", "busy")))
    client = client_for(scripted).sign_in()
    with pytest.raises(TableauApiError):
        client.post("/projects", b"<tsRequest/>", expected=(201,))
    assert scripted.count("POST", "/api/3.25/sites/site-1/projects") == 1


def test_post_is_retried_after_429_since_nothing_was_done(scripted, no_sleep):
    scripted.on("POST", "/api/3.25/sites/site-1/projects",
                (429, {"Retry-After": "1"}, b""), (201, {}, ts('<project id="p"/>')))
    client = client_for(scripted).sign_in()
    client.post("/projects", b"<tsRequest/>", expected=(201,))
    assert scripted.count("POST", "/api/3.25/sites/site-1/projects") == 2


def test_expired_session_signs_in_again_once(scripted):
    scripted.on("GET", "/api/3.25/sites/site-1/users",
                (401, {}, error_body("401002", "Unauthorized Access", "expired")), (200, {}, ts("<user id='u'/>")))
    client = client_for(scripted).sign_in()
    client.get("/users")
    assert scripted.count("POST", "/api/3.25/auth/signin") == 2


def test_expired_session_twice_is_an_error_not_a_loop(scripted):
    scripted.on("GET", "/api/3.25/sites/site-1/users",
                (401, {}, error_body("401002", "Unauthorized Access", "expired")))
    client = client_for(scripted).sign_in()
    with pytest.raises(TableauApiError, match="401002"):
        client.get("/users")
    assert scripted.count("POST", "/api/3.25/auth/signin") == 2


def test_pagination_reads_every_page(scripted):
    page = '<pagination pageNumber="%d" pageSize="2" totalAvailable="5"/><projects>%s</projects>'
    for number, items in ((1, '<project id="1"/><project id="2"/>'), (2, '<project id="3"/><project id="4"/>'),
                          (3, '<project id="5"/>')):
        scripted.on("GET", "/api/3.25/sites/site-1/projects?pageSize=2&pageNumber=%d" % number,
                    (200, {}, ts(page % (number, items))))
    client = client_for(scripted).sign_in()
    ids = [p.get("id") for p in client.paginate("/projects", "project", page_size=2)]
    assert ids == ["1", "2", "3", "4", "5"]
    assert scripted.count("GET", "/api/3.25/sites/site-1/projects") == 3


def test_filter_values_are_url_encoded():
    assert filter_expression([("name", "eq", "Sales Q1"), ("name", "in", ["a b", "c"])]) == \
        "name:eq:Sales%20Q1,name:in:[a%20b,c]"
    assert not filter_value_is_safe("a,b") and filter_value_is_safe("a b")


def test_hostile_xml_is_refused(scripted):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b'<tsResponse xmlns="http://tableau.com/api"><serverInfo><restApiVersion>&b;</restApiVersion>'
            b'</serverInfo></tsResponse>')
    scripted.routes[("GET", "/api/2.4/serverinfo")] = [(200, {}, bomb)]
    with pytest.raises(TableauResponseError, match="unsafe"):
        client_for(scripted).negotiate_version()


def test_connection_refused_is_a_clear_error():
    client = TableauClient("http://127.0.0.1:9", auth={"username": "a", "password": "b"}, retries=0)
    with pytest.raises(TableauConnectionError, match="Could not talk to") as info:
        client.negotiate_version()
    assert not info.value.maybe_applied


def test_sign_out_never_raises_and_forgets_the_token(scripted):
    scripted.routes[("POST", "/api/3.25/auth/signout")] = [(500, {}, b"")]
    client = client_for(scripted).sign_in()
    client.sign_out()
    assert client.token is None


@pytest.mark.parametrize("url", ["", "tableau.example.com", None])
def test_server_url_must_be_a_full_url(url):
    with pytest.raises(TableauValidationError, match="full URL"):
        TableauClient(url)


def test_a_conflict_that_is_not_about_names_gets_no_name_hint():
    error = TableauApiError(409, "409090", "Bad Request", "Extract operation is not allowed.")
    message = error.fail_json_kwargs()["msg"]
    assert "name is taken" not in message and "no extract" in message
