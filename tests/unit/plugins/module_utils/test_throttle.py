"""The throttle: how many requests of one client are in flight, and how that adapts to 429s (throttle.py).

No test measures wall time: the limit, the most requests in flight and request counts are what is checked."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauValidationError
from ansible_collections.tableau.server.plugins.module_utils.throttle import ANSWERED, NO_ANSWER, THROTTLED, Throttle

from ...conftest import ts

SITE = "/api/3.25/sites/site-1"
TOO_MANY = (429, {"Retry-After": "0"}, b"")
USER = (200, {}, ts('<user id="u-1" name="ann"/>'))


def answer(throttle, outcome=ANSWERED):
    throttle.leave(throttle.enter(), outcome)


def test_the_limit_starts_at_the_bound():
    throttle = Throttle(8)
    assert throttle.limit == 8
    tickets = [throttle.enter() for dummy in range(8)]
    assert throttle.in_flight == 8
    for ticket in tickets:
        throttle.leave(ticket)
    assert throttle.in_flight == 0 and throttle.limit == 8


def test_a_429_halves_the_limit():
    throttle = Throttle(16)
    answer(throttle, THROTTLED)
    assert throttle.limit == 8
    answer(throttle, THROTTLED)
    assert throttle.limit == 4


def test_the_limit_never_goes_below_one():
    throttle = Throttle(4)
    for dummy in range(5):
        answer(throttle, THROTTLED)
    assert throttle.limit == 1


def test_429s_to_requests_sent_before_the_cut_cut_once():
    throttle = Throttle(16)
    tickets = [throttle.enter() for dummy in range(10)]
    for ticket in tickets:
        throttle.leave(ticket, THROTTLED)
    assert throttle.limit == 8
    assert throttle.cuts == 1


def test_the_limit_grows_by_one_after_as_many_answers_in_a_row():
    throttle = Throttle(8)
    answer(throttle, THROTTLED)
    answer(throttle, THROTTLED)
    assert throttle.limit == 2
    answer(throttle)
    assert throttle.limit == 2
    answer(throttle)
    assert throttle.limit == 3
    for dummy in range(3):
        answer(throttle)
    assert throttle.limit == 4


def test_a_429_starts_the_count_again():
    throttle = Throttle(8)
    answer(throttle, THROTTLED)
    answer(throttle, THROTTLED)
    answer(throttle)  # one of the two needed
    answer(throttle, THROTTLED)
    assert throttle.limit == 1
    answer(throttle)
    assert throttle.limit == 2


def test_the_limit_grows_back_to_the_bound_and_no_further():
    throttle = Throttle(4)
    answer(throttle, THROTTLED)
    for dummy in range(100):
        answer(throttle)
    assert throttle.limit == 4


def test_no_answer_moves_nothing():
    throttle = Throttle(4)
    answer(throttle, THROTTLED)
    answer(throttle)
    answer(throttle, NO_ANSWER)
    assert throttle.limit == 2 and throttle.streak == 1


@pytest.mark.parametrize("bound", [0, -1, 1.5, True, None])
def test_a_bound_that_is_not_a_whole_number_of_one_or_more_is_refused(bound):
    with pytest.raises(ValueError):
        Throttle(bound)


def test_threads_never_exceed_the_limit():
    throttle = Throttle(3)
    lock = threading.Lock()
    seen = []
    release = threading.Event()

    def work():
        ticket = throttle.enter()
        with lock:
            seen.append(throttle.in_flight)
        release.wait(5)
        throttle.leave(ticket)
    threads = [threading.Thread(target=work) for dummy in range(10)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(5)
    assert max(seen) <= 3
    assert throttle.most_in_flight == 3
    assert throttle.in_flight == 0


def test_a_cut_holds_back_new_requests_until_enough_are_answered():
    throttle = Throttle(4)
    tickets = [throttle.enter() for dummy in range(4)]
    throttle.leave(tickets.pop(), THROTTLED)  # the limit is now 2, with 3 in flight
    entered = threading.Event()

    def late():
        throttle.leave(throttle.enter())
        entered.set()
    thread = threading.Thread(target=late)
    thread.start()
    assert not entered.wait(0.2)
    throttle.leave(tickets.pop())  # 2 in flight: still no place
    assert not entered.wait(0.2)
    throttle.leave(tickets.pop())  # 1 in flight: a place
    assert entered.wait(5)
    thread.join(5)
    throttle.leave(tickets.pop())


# ---------------------------------------------------------------- in the client

def client_for(server, **kwargs):
    return TableauClient(server.url, auth={"username": "admin", "password": "secret"}, **kwargs)


@pytest.mark.parametrize("value", [0, 65, -1, "8", True])
def test_max_concurrency_outside_1_to_64_is_refused(value):
    with pytest.raises(TableauValidationError, match="max_concurrency"):
        TableauClient("https://tableau.example.com", max_concurrency=value)


def test_map_uses_max_concurrency(scripted):
    scripted.on("GET", SITE + "/users", USER)
    scripted.delays[SITE + "/users"] = 0.1
    client = client_for(scripted, max_concurrency=3).sign_in()
    client.map(lambda n: client.get("/users/%d" % n), range(12))
    assert scripted.max_in_flight == 3
    assert client.throttle.most_in_flight == 3


def test_max_concurrency_1_sends_one_at_a_time(scripted):
    scripted.on("GET", SITE + "/users", USER)
    scripted.delays[SITE + "/users"] = 0.05
    client = client_for(scripted, max_concurrency=1).sign_in()
    client.map(lambda n: client.get("/users/%d" % n), range(6))
    assert scripted.max_in_flight == 1


def test_nested_maps_stay_within_the_bound(scripted):
    scripted.on("GET", SITE + "/users", USER)
    scripted.delays[SITE + "/users"] = 0.05
    client = client_for(scripted, max_concurrency=4).sign_in()
    client.map(lambda outer: client.map(lambda inner: client.get("/users/%d" % inner), range(4)), range(4))
    assert scripted.max_in_flight <= 4
    assert scripted.count("GET", SITE + "/users") == 16


def test_a_429_cuts_the_clients_limit_and_the_request_is_sent_again(scripted, no_sleep):
    scripted.on("GET", SITE + "/users", TOO_MANY, USER)
    client = client_for(scripted, max_concurrency=8).sign_in()
    assert client.get("/users/u-1") is not None
    assert scripted.count("GET", SITE + "/users") == 2
    assert client.throttle.limit == 4


def test_a_503_with_retry_after_cuts_the_limit_and_one_without_does_not(scripted, no_sleep):
    scripted.on("GET", SITE + "/users", (503, {"Retry-After": "1"}, b""), (503, {}, b""), USER)
    client = client_for(scripted, max_concurrency=8).sign_in()
    client.get("/users/u-1")
    assert client.throttle.limit == 4
    assert no_sleep[0] == 1  # Retry-After is honoured as before


def test_after_a_burst_of_429s_the_limit_comes_back_to_the_bound(scripted, no_sleep):
    scripted.on("GET", SITE + "/users", TOO_MANY, TOO_MANY, TOO_MANY, USER)
    client = client_for(scripted, max_concurrency=8).sign_in()
    client.get("/users/u-1")
    assert client.throttle.cuts == 3  # 8, 4, 2, 1; the answer that came at last makes it 2
    assert client.throttle.limit == 2
    client.map(lambda n: client.get("/users/%d" % n), range(40))
    assert client.throttle.limit == 8
