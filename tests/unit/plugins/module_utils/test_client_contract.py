"""The transport's written contract (client.py's docstring, docs/reliability.md), one rule per test.

Tests count requests and record the client's waits; none measures wall time."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import time

import pytest

from ansible_collections.tableau.server.plugins.module_utils import client as client_module
from ansible_collections.tableau.server.plugins.module_utils.client import MAX_URL_LENGTH, TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import (
    TableauApiError,
    TableauConnectionError,
    TableauIncompleteListingError,
    TableauResponseError,
    TableauSessionExpiredError,
    TableauValidationError,
)
from ansible_collections.tableau.server.plugins.module_utils.site import SiteResource

from ...conftest import SIGNED_IN, Cut, Drip, ScriptedServer, error_body, ts

SITE = "/api/3.25/sites/site-1"
SIGN_IN = "/api/3.25/auth/signin"
EXPIRED = (401, {}, error_body("401002", "Unauthorized Access", "Invalid authentication credentials"))
PROJECT = (200, {}, ts('<project id="p-1" name="Sales"/>'))


def client_for(server, **kwargs):
    kwargs.setdefault("auth", {"username": "admin", "password": "secret"})
    kwargs.setdefault("retries", 4)
    return TableauClient(server.url, **kwargs)


def signed_in(server, **kwargs):
    return client_for(server, **kwargs).sign_in()


@pytest.fixture
def other():
    """A second server: another origin, which must never hear from the client."""
    server = ScriptedServer()
    yield server
    server.close()


# ---------------------------------------------------------------- one retry policy

def test_persistent_429_on_sign_in_sends_retries_plus_one_posts(scripted, no_sleep):
    scripted.routes[("POST", SIGN_IN)] = [(429, {}, b"")]
    with pytest.raises(TableauApiError, match="429"):
        client_for(scripted, retries=4).sign_in()
    assert scripted.count("POST", SIGN_IN) == 5
    assert len(no_sleep) == 4


@pytest.mark.parametrize("status", [502, 503, 504])
def test_persistent_gateway_errors_on_a_read_send_retries_plus_one_gets(scripted, no_sleep, status):
    scripted.on("GET", SITE + "/projects", (status, {}, b""))
    client = signed_in(scripted, retries=2)
    with pytest.raises(TableauApiError, match=str(status)):
        client.get("/projects")
    assert scripted.count("GET", SITE + "/projects") == 3


def test_a_read_that_keeps_breaking_is_sent_retries_plus_one_times(scripted, no_sleep):
    scripted.on("GET", SITE + "/projects", ("reset", {}, b""))
    client = signed_in(scripted, retries=3)
    with pytest.raises(TableauConnectionError):
        client.get("/projects")
    assert scripted.count("GET", SITE + "/projects") == 4


def test_back_off_doubles_from_backoff_factor(scripted, no_sleep):
    scripted.on("GET", SITE + "/projects", (503, {}, b""), (503, {}, b""), (503, {}, b""), PROJECT)
    signed_in(scripted, retries=3, backoff_factor=0.5).get("/projects")
    assert no_sleep == [0.5, 1, 2]


def test_retry_after_wins_over_back_off(scripted, no_sleep):
    scripted.on("GET", SITE + "/projects", (429, {"Retry-After": "3"}, b""), PROJECT)
    signed_in(scripted, backoff_factor=10).get("/projects")
    assert no_sleep == [3]


def test_retry_after_may_be_an_http_date(scripted, no_sleep):
    from email.utils import formatdate
    scripted.on("GET", SITE + "/projects", (429, {"Retry-After": formatdate(time.time() + 30, usegmt=True)}, b""),
                PROJECT)
    signed_in(scripted).get("/projects")
    assert len(no_sleep) == 1 and 20 <= no_sleep[0] <= 31


def test_a_re_sign_in_counts_as_a_try(scripted, no_sleep):
    scripted.on("GET", SITE + "/projects", (503, {}, b""), EXPIRED, (503, {}, b""), PROJECT)
    client = signed_in(scripted, retries=2)
    with pytest.raises(TableauApiError, match="503"):
        client.get("/projects")
    assert scripted.count("GET", SITE + "/projects") == 3
    assert scripted.count("POST", SIGN_IN) == 2


def test_the_wait_budget_ends_the_task_saying_how_long_and_how_many_tries(scripted, no_sleep):
    scripted.on("GET", SITE + "/projects", (429, {"Retry-After": "7"}, b""))
    client = signed_in(scripted, retries=10, max_wait=10)
    with pytest.raises(TableauConnectionError) as info:
        client.get("/projects")
    message = info.value.fail_json_kwargs()["msg"]
    assert "after 2 tries" in message and "7 seconds of waiting" in message and "max_wait (10 seconds)" in message
    assert scripted.count("GET", SITE + "/projects") == 2
    assert no_sleep == [7]


def test_the_wait_budget_is_shared_by_the_requests_of_one_task(scripted, no_sleep):
    scripted.on("GET", SITE + "/projects", (429, {"Retry-After": "6"}, b""), PROJECT,
                (429, {"Retry-After": "6"}, b""), PROJECT)
    client = signed_in(scripted, max_wait=10)
    client.get("/projects")
    with pytest.raises(TableauConnectionError, match="max_wait"):
        client.get("/projects")
    assert no_sleep == [6]


def test_nothing_retries_underneath_the_client():
    adapter = TableauClient("http://127.0.0.1:9")._session.get_adapter("http://127.0.0.1:9")
    assert adapter.max_retries.total == 0 and not adapter.max_retries.redirect


# ---------------------------------------------------------------- timeout is a deadline

@pytest.mark.parametrize("timeout", [0, -1, "60", None, True])
def test_timeout_must_be_a_positive_number_of_seconds(timeout):
    with pytest.raises(TableauValidationError, match="timeout"):
        TableauClient("http://127.0.0.1:9", timeout=timeout)


def test_a_drip_fed_answer_fails_at_the_deadline_instead_of_per_byte(scripted):
    # 20 bytes 0.5 s apart would take 10 s; every single read is quicker than the timeout.
    scripted.on("GET", SITE + "/projects", (200, {}, Drip(ts("<projects/>")[:20], every=0.5)))
    client = signed_in(scripted, timeout=0.7, retries=0)
    with pytest.raises(TableauConnectionError, match="within 0.7 seconds") as info:
        client.get("/projects")
    assert info.value.maybe_applied
    assert scripted.count("GET", SITE + "/projects") == 1


def test_a_drip_fed_answer_to_a_read_is_tried_again_within_retries(scripted, no_sleep):
    scripted.on("GET", SITE + "/projects", (200, {}, Drip(ts("<projects/>")[:20], every=0.5)), PROJECT)
    assert signed_in(scripted, timeout=0.7, retries=1).get("/projects") is not None
    assert scripted.count("GET", SITE + "/projects") == 2


def test_an_answer_with_connection_close_is_read_whole(scripted):
    # http.client lets go of the socket at the end of such a body; the client must not trip over it.
    scripted.on("GET", SITE + "/projects", (200, {"Connection": "close"}, ts('<project id="p-1" name="Sales"/>')))
    root = signed_in(scripted, retries=0).get("/projects")
    assert root.find("{http://tableau.com/api}project").get("name") == "Sales"


def test_an_html_login_page_with_200_is_named_as_such(scripted):
    page = b"<!DOCTYPE html><html><head><title>Sign in - SSO</title></head><body><form><input></form></body></html>"
    scripted.on("GET", SITE + "/projects", (200, {"Content-Type": "text/html"}, page))
    with pytest.raises(TableauResponseError, match="HTML page titled 'Sign in - SSO'") as info:
        signed_in(scripted).get("/projects")
    assert "GET /api/3.25/sites/site-1/projects" in info.value.msg and "server_url" in info.value.hint
    assert scripted.count("GET", SITE + "/projects") == 1


def test_a_body_cut_short_by_a_wrong_content_length_names_the_request(scripted):
    scripted.on("GET", SITE + "/projects", (200, {}, ts('<project id="p-1" name="Sales"/>')[:-30]))
    with pytest.raises(TableauResponseError, match="not well-formed") as info:
        signed_in(scripted).get("/projects")
    assert "GET /api/3.25/sites/site-1/projects" in info.value.msg and "Content-Length" in info.value.hint


def test_a_drip_fed_download_raises_a_connection_error(scripted):
    scripted.on("GET", SITE + "/workbooks/w-1/content", (200, {}, Drip(b"x" * 40, every=0.5)))
    client = signed_in(scripted, timeout=0.7)
    with pytest.raises(TableauConnectionError, match="within 0.7 seconds"):
        with client.download("/workbooks/w-1/content") as answer:
            b"".join(answer.iter_content(1024))


def test_a_download_that_breaks_off_raises_a_connection_error(scripted):
    scripted.on("GET", SITE + "/workbooks/w-1/content", (200, {"Content-Disposition": 'filename="S.twbx"'},
                                                         Cut(b"the first part", declared_length=1000)))
    client = signed_in(scripted)
    with pytest.raises(TableauConnectionError, match="broke"):
        with client.download("/workbooks/w-1/content") as answer:
            assert answer.headers["Content-Disposition"] == 'filename="S.twbx"'
            for dummy in answer.iter_content(1024):
                pass


def test_a_download_hands_over_the_whole_body(scripted):
    scripted.on("GET", SITE + "/workbooks/w-1/content", (200, {}, b"z" * 5000))
    with signed_in(scripted).download("/workbooks/w-1/content", params={"includeExtract": False}) as answer:
        assert b"".join(answer.iter_content(1024)) == b"z" * 5000
    assert scripted.requests[-1]["path"].endswith("/content?includeExtract=false")


# ---------------------------------------------------------------- redirects

def test_redirect_to_other_host_is_not_followed_with_credentials(scripted, other):
    scripted.routes[("POST", SIGN_IN)] = [(307, {"Location": other.url + SIGN_IN + "?ticket=abc"}, b"")]
    with pytest.raises(TableauConnectionError) as info:
        client_for(scripted).sign_in()
    message = info.value.fail_json_kwargs()["msg"]
    assert "http://127.0.0.1:%d%s" % (other.httpd.server_address[1], SIGN_IN) in message
    assert "ticket=abc" not in message and "server_url" in message
    assert other.requests == []
    assert scripted.count("POST", SIGN_IN) == 1


def test_redirect_of_a_signed_in_read_to_other_host_does_not_forward_the_token(scripted, other):
    scripted.on("GET", SITE + "/projects", (302, {"Location": other.url + "/elsewhere"}, b""))
    with pytest.raises(TableauConnectionError, match="redirect"):
        signed_in(scripted).get("/projects")
    assert other.requests == []
    assert scripted.count("GET", SITE + "/projects") == 1


def test_redirect_from_http_to_https_on_the_same_host_is_another_origin(scripted):
    https = scripted.url.replace("http://", "https://")
    scripted.on("GET", SITE + "/projects", (308, {"Location": https + SITE + "/projects"}, b""))
    with pytest.raises(TableauConnectionError, match="https://127.0.0.1"):
        signed_in(scripted).get("/projects")


def test_same_origin_307_is_followed_with_the_body(scripted):
    scripted.routes[("POST", SIGN_IN)] = [(307, {"Location": "/api/3.25/auth/moved-signin"}, b"")]
    scripted.on("POST", "/api/3.25/auth/moved-signin", (200, {}, SIGNED_IN))
    client = client_for(scripted).sign_in()
    assert client.token == "tok-1"
    moved = [r for r in scripted.requests if r["path"] == "/api/3.25/auth/moved-signin"]
    assert len(moved) == 1 and b'password="secret"' in moved[0]["body"] and moved[0]["method"] == "POST"


def test_same_origin_303_after_a_post_is_followed_as_a_get_without_the_body(scripted):
    scripted.on("POST", SITE + "/projects", (303, {"Location": SITE + "/projects/p-1"}, b""))
    scripted.on("GET", SITE + "/projects/p-1", PROJECT)
    signed_in(scripted).post("/projects", b"<tsRequest/>", expected=(200,))
    followed = scripted.requests[-1]
    assert (followed["method"], followed["body"]) == ("GET", b"")
    assert followed["headers"]["X-Tableau-Auth"] == "tok-1"


def test_a_redirect_loop_stops(scripted):
    scripted.on("GET", SITE + "/projects", (302, {"Location": SITE + "/projects"}, b""))
    with pytest.raises(TableauConnectionError, match="redirected more than"):
        signed_in(scripted, retries=3).get("/projects")
    assert scripted.count("GET", SITE + "/projects") == client_module.MAX_REDIRECTS + 1


# ---------------------------------------------------------------- what may be repeated

def test_a_create_whose_answer_was_lost_is_not_sent_again(scripted, no_sleep):
    scripted.on("POST", SITE + "/projects", ("reset", {}, b""))
    with pytest.raises(TableauConnectionError) as info:
        signed_in(scripted).post("/projects", b"<tsRequest/>")
    assert info.value.maybe_applied
    assert scripted.count("POST", SITE + "/projects") == 1


def test_an_upload_chunk_whose_answer_was_lost_is_not_sent_again(scripted, no_sleep):
    from ansible_collections.tableau.server.plugins.module_utils.multipart import MultipartBody
    scripted.on("PUT", SITE + "/fileUploads/u-1", ("reset", {}, b""))
    body = MultipartBody([{"name": "request_payload", "content_type": "text/xml", "data": b"chunk"}])
    with pytest.raises(TableauConnectionError) as info:
        signed_in(scripted).upload("/fileUploads/u-1", body, body.content_type, expected=(200,), method="PUT")
    assert info.value.maybe_applied
    assert scripted.count("PUT", SITE + "/fileUploads/u-1") == 1


@pytest.mark.parametrize("status", [502, 504, 503])
def test_a_gateway_error_after_an_upload_chunk_is_not_repeated_and_may_have_been_applied(scripted, no_sleep,
                                                                                         status):
    scripted.on("PUT", SITE + "/fileUploads/u-1", (status, {}, b""))
    with pytest.raises(TableauApiError, match=str(status)) as info:
        signed_in(scripted).upload("/fileUploads/u-1", b"chunk", "multipart/mixed; boundary=x", method="PUT")
    assert info.value.maybe_applied
    assert scripted.count("PUT", SITE + "/fileUploads/u-1") == 1


def test_a_gateway_error_to_a_create_is_not_repeated_and_may_have_been_applied(scripted, no_sleep):
    scripted.on("POST", SITE + "/projects", (504, {}, b""))
    with pytest.raises(TableauApiError, match="504") as info:
        signed_in(scripted).post("/projects", b"<tsRequest/>")
    assert info.value.maybe_applied
    assert scripted.count("POST", SITE + "/projects") == 1


def test_an_ordinary_update_is_repeated_after_a_gateway_error(scripted, no_sleep):
    scripted.on("PUT", SITE + "/projects/p-1", (502, {}, b""), PROJECT)
    signed_in(scripted).put("/projects/p-1", b"<tsRequest/>")
    assert scripted.count("PUT", SITE + "/projects/p-1") == 2


def test_a_delete_whose_first_answer_was_a_gateway_error_is_done_when_the_retry_finds_nothing(scripted, no_sleep):
    scripted.on("DELETE", SITE + "/projects/p-1", (504, {}, b""), (404, {}, error_body("404005", "Not Found", "gone")))
    assert signed_in(scripted).delete("/projects/p-1", expected=(204,)) is None
    assert scripted.count("DELETE", SITE + "/projects/p-1") == 2


def test_503_with_retry_after_means_refused_so_even_a_create_is_sent_again(scripted, no_sleep):
    scripted.on("POST", SITE + "/projects", (503, {"Retry-After": "2"}, b""), (201, {}, ts('<project id="p"/>')))
    signed_in(scripted).post("/projects", b"<tsRequest/>")
    assert scripted.count("POST", SITE + "/projects") == 2
    assert no_sleep == [2]


def test_a_caller_may_mark_a_post_repeatable(scripted, no_sleep):
    scripted.on("POST", SITE + "/projects/p-1/refresh", (502, {}, b""), (200, {}, b""))
    signed_in(scripted).send("POST", "/projects/p-1/refresh", b"<tsRequest/>", repeatable=True)
    assert scripted.count("POST", SITE + "/projects/p-1/refresh") == 2


def test_an_upload_refused_with_429_is_sent_again_from_its_start(scripted, no_sleep):
    from ansible_collections.tableau.server.plugins.module_utils.multipart import MultipartBody
    scripted.on("POST", SITE + "/datasources", (429, {}, b""), (201, {}, ts('<datasource id="d"/>')))
    body = MultipartBody([{"name": "request_payload", "content_type": "text/xml", "data": b"<tsRequest/>"}])
    signed_in(scripted).upload("/datasources", body, body.content_type)
    sent = [r["body"] for r in scripted.requests if r["path"].startswith(SITE + "/datasources")]
    assert len(sent) == 2 and sent[0] == sent[1] and len(sent[0]) == len(body)


# ---------------------------------------------------------------- re-sign-in

def session_bound(request):
    """Answers by the token the request carried: tok-1 has expired, tok-2 is the new one."""
    token = request["headers"].get("X-Tableau-Auth")
    if token == "tok-2":
        return 200, {}, ts('<users><user id="u"/></users>')
    if token == "tok-1":
        return EXPIRED
    return 401, {}, error_body("401000", "Unauthorized", "no token")


def test_session_expiry_during_side_by_side_requests_signs_in_once(scripted):
    scripted.routes[("POST", SIGN_IN)] = [(200, {}, SIGNED_IN), (200, {}, SIGNED_IN.replace(b"tok-1", b"tok-2"))]
    scripted.on("GET", SITE + "/users", session_bound)
    scripted.delays[SIGN_IN] = 0.3  # requests start while the re-sign-in is under way
    client = signed_in(scripted, retries=1)

    def read(number):
        if number:
            time.sleep(0.1)  # the others start once the first has met 401002 and is signing in again
        return client.get("/users/%d" % number)
    answers = client.map(read, range(8), workers=8)
    assert len(answers) == 8
    assert scripted.count("POST", SIGN_IN) == 2
    reads = [r for r in scripted.requests if r["path"].startswith(SITE + "/users")]
    assert all(r["headers"].get("X-Tableau-Auth") in ("tok-1", "tok-2") for r in reads)
    assert client.token == "tok-2"


def test_a_failed_re_sign_in_is_not_repeated_by_every_waiting_request(scripted):
    scripted.routes[("POST", SIGN_IN)] = [(200, {}, SIGNED_IN),
                                          (401, {}, error_body("401001", "Signin Error", "wrong password"))]
    scripted.on("GET", SITE + "/users", session_bound)
    client = signed_in(scripted)
    with pytest.raises(TableauApiError, match="401001"):
        client.map(lambda number: client.get("/users/%d" % number), range(8))
    assert scripted.count("POST", SIGN_IN) == 2


def test_sign_in_never_triggers_a_re_sign_in(scripted):
    scripted.routes[("POST", SIGN_IN)] = [EXPIRED]
    with pytest.raises(TableauApiError, match="401002"):
        client_for(scripted).sign_in()
    assert scripted.count("POST", SIGN_IN) == 1


def test_an_adopted_session_without_credentials_still_says_it_expired(scripted):
    scripted.on("GET", SITE + "/users", EXPIRED)
    client = TableauClient(scripted.url, retries=0).adopt_session(
        {"server_url": scripted.url, "site": "", "site_id": "site-1", "user_id": "user-1", "api_version": "3.25",
         "token": "tok-old"})
    with pytest.raises(TableauSessionExpiredError):
        client.get("/users")


# ---------------------------------------------------------------- pagination

def page(number, size, total, ids):
    return (200, {}, ts('<pagination pageNumber="%d" pageSize="%d" totalAvailable="%d"/><users>%s</users>'
                        % (number, size, total, "".join('<user id="%s"/>' % i for i in ids))))


def test_later_pages_use_the_page_size_the_server_reported(scripted):
    scripted.on("GET", SITE + "/users?pageSize=1000&pageNumber=1", page(1, 2, 5, [1, 2]))
    scripted.on("GET", SITE + "/users?pageSize=2&pageNumber=2", page(2, 2, 5, [3, 4]))
    scripted.on("GET", SITE + "/users?pageSize=2&pageNumber=3", page(3, 2, 5, [5]))
    users = signed_in(scripted).paginate("/users", "user")
    assert [u.get("id") for u in users] == ["1", "2", "3", "4", "5"]
    assert scripted.count("GET", SITE + "/users") == 3


def test_a_proxy_ignoring_page_number_is_caught_before_anything_is_returned(scripted):
    scripted.on("GET", SITE + "/users", page(1, 2, 5, [1, 2]))
    client = signed_in(scripted)
    seen = []
    with pytest.raises(TableauIncompleteListingError, match="repeats"):
        for user in client.paginate("/users", "user", page_size=2):
            seen.append(user)
    assert seen == []
    assert isinstance(TableauIncompleteListingError("x"), TableauResponseError)


def test_a_listing_short_of_total_available_is_an_error(scripted):
    scripted.on("GET", SITE + "/users?pageSize=2&pageNumber=2", page(2, 2, 5, [3]))
    scripted.on("GET", SITE + "/users?pageSize=2&pageNumber=3", page(3, 2, 5, [5]))
    scripted.on("GET", SITE + "/users?pageSize=2&pageNumber=1", page(1, 2, 5, [1, 2]))
    with pytest.raises(TableauIncompleteListingError, match="reported 5 items"):
        signed_in(scripted).paginate("/users", "user", page_size=2)


def test_paginate_returns_a_list(scripted):
    scripted.on("GET", SITE + "/users", page(1, 1000, 2, [1, 2]))
    assert isinstance(signed_in(scripted).paginate("/users", "user"), list)


def test_server_scoped_listings_page_like_site_ones(scripted):
    def sites(number, ids):
        return (200, {}, ts('<pagination pageNumber="%d" pageSize="1" totalAvailable="2"/><sites>%s</sites>'
                            % (number, "".join('<site id="%s" name="%s" contentUrl="%s"/>' % (i, i, i) for i in ids))))
    scripted.on("GET", "/api/3.25/sites?pageSize=1&pageNumber=2", sites(2, ["b"]))
    scripted.on("GET", "/api/3.25/sites?pageSize=1000&pageNumber=1", sites(1, ["a"]))
    listed = SiteResource(signed_in(scripted)).list()
    assert [s["content_url"] for s in listed] == ["a", "b"]
    assert scripted.count("GET", "/api/3.25/sites?") == 2


# ---------------------------------------------------------------- URLs

def by_name_filter(request):
    """Users named in the request's ``name:in:[...]`` filter (id = name), plus one that every answer holds."""
    # urllib3 sends the brackets as %5B and %5D; Tableau reads them as brackets.
    names = re.search(r"filter=name:in:(?:\[|%5B)(.*?)(?:\]|%5D)(&|$)", request["path"]).group(1).split(",")
    ids = names + ["everyone"]
    return page(1, 1000, len(ids), ids)


def test_a_long_in_filter_is_split_into_listings_that_fit_the_url(scripted):
    names = ["user number %04d of the directory" % i for i in range(2000)]
    scripted.on("GET", SITE + "/users", by_name_filter)
    users = signed_in(scripted).paginate("/users", "user", filters=[("name", "in", names)])
    listings = [r["path"] for r in scripted.requests if r["path"].startswith(SITE + "/users")]
    assert 2 <= len(listings) <= 20
    assert max(len(scripted.url + path) for path in listings) <= MAX_URL_LENGTH
    assert all("pageSize=1000&pageNumber=1" in path for path in listings)
    ids = [u.get("id") for u in users]
    assert ids.count("everyone") == 1
    assert sorted(i.replace("%20", " ") for i in ids if i != "everyone") == sorted(names)


def test_query_values_are_encoded_in_one_place(scripted):
    scripted.on("GET", SITE + "/views", (200, {}, ts("<views/>")))
    signed_in(scripted).get("/views", params={"q": "a&b c", "flag": True, "none": None})
    assert scripted.requests[-1]["path"] == SITE + "/views?q=a%26b%20c&flag=true"


def test_filter_syntax_stays_literal_and_values_are_encoded(scripted):
    scripted.on("GET", SITE + "/projects", (200, {}, ts("<projects/>")))
    signed_in(scripted).paginate("/projects", "project", filters=[("name", "eq", "Sales & Q1")], sort="name:asc")
    path = scripted.requests[-1]["path"]
    assert "filter=name:eq:Sales%20%26%20Q1" in path and "sort=name:asc" in path


# ---------------------------------------------------------------- public verbs

def test_session_state_is_read_only_from_outside(scripted):
    client = signed_in(scripted)
    for name in ("token", "site", "site_id", "user_id", "owns_session"):
        with pytest.raises(AttributeError):
            setattr(client, name, "x")


def test_switch_site_takes_the_new_token_site_and_user(scripted):
    scripted.on("POST", "/api/3.25/auth/switchSite", (200, {}, ts(
        '<credentials token="tok-9"><site id="site-9" contentUrl="finance"/><user id="user-9"/></credentials>')))
    client = signed_in(scripted).switch_site("finance")
    assert (client.token, client.site, client.site_id, client.user_id) == ("tok-9", "finance", "site-9", "user-9")
    assert b'contentUrl="finance"' in scripted.requests[-1]["body"]


def test_an_adopted_session_is_signed_out_only_when_asked(scripted):
    session = signed_in(scripted).session_info()
    reusing = TableauClient(scripted.url).adopt_session(session)
    assert reusing.sign_out() is False
    assert scripted.count("POST", "/api/3.25/auth/signout") == 0
    reusing = TableauClient(scripted.url).adopt_session(session)
    assert reusing.sign_out(adopted=True) is True and reusing.token is None
    assert scripted.requests[-1]["headers"]["X-Tableau-Auth"] == "tok-1"


def test_sign_out_of_a_gone_session_reports_false_without_raising(scripted):
    scripted.routes[("POST", "/api/3.25/auth/signout")] = [EXPIRED]
    warnings = []
    client = TableauClient(scripted.url, warn=warnings.append).adopt_session(signed_in(scripted).session_info())
    assert client.sign_out(adopted=True) is False
    assert warnings == []
    assert scripted.count("POST", "/api/3.25/auth/signout") == 1


def test_a_forgotten_session_is_not_signed_out_at_close(scripted):
    client = signed_in(scripted)
    client.forget_session()
    client.close()
    assert scripted.count("POST", "/api/3.25/auth/signout") == 0


def test_no_caller_uses_the_transports_privates():
    plugins = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "plugins")
    pattern = re.compile(r"\._raw\(|client\.(token|site_id|site|user_id|owns_session) *= ")
    offenders = []
    for folder, dummy, files in os.walk(plugins):
        for name in files:
            path = os.path.join(folder, name)
            if name.endswith(".py") and not path.endswith(os.path.join("module_utils", "client.py")):
                with open(path) as handle:
                    offenders.extend("%s: %s" % (name, line.strip()) for line in handle if pattern.search(line))
    assert offenders == []
