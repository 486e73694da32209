"""A service that never answers: the gateway gives up after RPC_TIMEOUT (1 s in the test config)."""
import time

import pytest

from contest_kit.paging import answer as page_of

TIMED_OUT = {"error": "Timeout", "message": "a service did not answer in time"}


@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url


def test_service_that_never_answers_is_504_after_rpc_timeout(gateway):
    gateway.downstream.answers[("ranking", "get_ranking")] = gateway.downstream.never_answer
    started = time.monotonic()

    response = gateway.send("get_ranking", role="committee")

    elapsed = time.monotonic() - started
    assert (response.status_code, response.json()) == (504, TIMED_OUT)
    assert 1.0 <= elapsed < 2.0  # RPC_TIMEOUT is 1 s in the test config


def test_gateway_still_answers_after_a_timeout(gateway):
    gateway.downstream.answers[("ranking", "get_ranking")] = gateway.downstream.never_answer
    gateway.send("get_ranking", role="committee")
    gateway.downstream.answers[("ranking", "get_ranking")] = lambda tenant, group, **page: page_of(
        [{"group": group}])

    response = gateway.call("GET", "/api/tenants/2023-ningbo/ranking?group=leading", role="committee")

    assert (response.status_code, response.json()) == (200, [{"group": "leading"}])
