"""Listing: page 1 tells the total, the other pages are fetched side by side and yielded in page order."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tableau.server.plugins.module_utils.client import DEFAULT_MAX_CONCURRENCY, TableauClient
from ansible_collections.tableau.server.plugins.module_utils.errors import TableauApiError

from ...conftest import error_body, ts

USERS = "/api/3.25/sites/site-1/users?pageSize=%d&pageNumber=%d"


def script_pages(server, total, size):
    """Pages of ``<user id="N"/>`` items numbered from 1.

    Routes match by prefix, so later pages go in first: ``pageNumber=1`` must not answer for ``pageNumber=10``."""
    pages = (total + size - 1) // size
    for number in range(pages, 0, -1):
        first = (number - 1) * size + 1
        items = "".join('<user id="%d"/>' % i for i in range(first, min(first + size, total + 1)))
        body = '<pagination pageNumber="%d" pageSize="%d" totalAvailable="%d"/><users>%s</users>' % (
            number, size, total, items)
        server.on("GET", USERS % (size, number), (200, {}, ts(body)))
    return pages


def signed_in(server):
    return TableauClient(server.url, auth={"username": "admin", "password": "secret"}, retries=0).sign_in()


def test_items_come_in_page_order_even_when_later_pages_answer_first(scripted):
    script_pages(scripted, total=9, size=2)
    scripted.delays[USERS % (2, 2)] = 0.3  # page 2 is the slowest to answer
    ids = [int(u.get("id")) for u in signed_in(scripted).paginate("/users", "user", page_size=2)]
    assert ids == list(range(1, 10))


def test_remaining_pages_are_fetched_side_by_side_within_the_bound(scripted):
    pages = script_pages(scripted, total=20, size=2)
    for number in range(2, pages + 1):
        scripted.delays[USERS % (2, number)] = 0.1
    items = list(signed_in(scripted).paginate("/users", "user", page_size=2))
    assert len(items) == 20
    assert 2 <= scripted.max_in_flight <= DEFAULT_MAX_CONCURRENCY
    assert scripted.count("GET", "/api/3.25/sites/site-1/users") == pages


def test_one_page_list_costs_one_request(scripted):
    script_pages(scripted, total=3, size=1000)
    assert len(list(signed_in(scripted).paginate("/users", "user"))) == 3
    assert scripted.count("GET", "/api/3.25/sites/site-1/users") == 1


def test_one_worker_reads_pages_one_after_another(scripted):
    script_pages(scripted, total=6, size=2)
    for number in (2, 3):
        scripted.delays[USERS % (2, number)] = 0.05
    ids = [int(u.get("id")) for u in signed_in(scripted).paginate("/users", "user", page_size=2, workers=1)]
    assert ids == list(range(1, 7))
    assert scripted.max_in_flight == 1


def test_an_error_on_a_later_page_is_raised(scripted):
    script_pages(scripted, total=6, size=2)
    scripted.routes[("GET", USERS % (2, 3))] = [(400, {}, error_body("400006", "Bad Request", "page gone"))]
    with pytest.raises(TableauApiError, match="400006"):
        list(signed_in(scripted).paginate("/users", "user", page_size=2))
