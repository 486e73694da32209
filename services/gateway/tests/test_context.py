"""Who calls, and for which request, travels with every call in nameko's context data."""
import re

import pytest

CONTEXT_KEYS = ("actor_id", "actor_role", "actor_tenant", "correlation_id")


@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url


def _context(call):
    return {key: call.context.get(key) for key in CONTEXT_KEYS}


def test_actor_and_client_correlation_id_reach_the_service(gateway):
    headers = {"X-Correlation-Id": "req-2023-ningbo-42", "Idempotency-Key": "retry-0001"}

    response = gateway.send("submit_project", role="applicant", headers=headers)

    assert response.headers["X-Correlation-Id"] == "req-2023-ningbo-42"
    assert [(c.service, c.method, _context(c), c.kwargs["request_id"]) for c in gateway.downstream.calls] == [
        ("registration", "submit_project", {"actor_id": gateway.accounts["applicant"]["id"],
                                            "actor_role": "applicant", "actor_tenant": "",
                                            "correlation_id": "req-2023-ningbo-42"}, "retry-0001")]


def test_actor_home_tenant_reaches_the_service(gateway):
    gateway.send("list_reviews", role="station_admin")

    assert [_context(c)["actor_tenant"] for c in gateway.downstream.calls] == ["2023-ningbo"]


def test_correlation_id_is_made_when_the_client_sends_none(gateway):
    response = gateway.send("get_ranking", role="committee")

    correlation_id = response.headers["X-Correlation-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", correlation_id)
    assert [_context(c) for c in gateway.downstream.calls] == [
        {"actor_id": gateway.accounts["committee"]["id"], "actor_role": "committee",
         "actor_tenant": "2023-national", "correlation_id": correlation_id}]


def test_each_request_gets_its_own_correlation_id(gateway):
    first = gateway.send("list_teams", role="operator")
    second = gateway.send("list_teams", role="operator")

    assert first.headers["X-Correlation-Id"] != second.headers["X-Correlation-Id"]
    assert [c.context["correlation_id"] for c in gateway.downstream.calls] == [
        first.headers["X-Correlation-Id"], second.headers["X-Correlation-Id"]]


def test_overlong_correlation_id_is_cut_to_64_characters(gateway):
    response = gateway.send("list_teams", role="operator", headers={"X-Correlation-Id": "c" * 100})

    assert response.headers["X-Correlation-Id"] == "c" * 64
    assert [c.context["correlation_id"] for c in gateway.downstream.calls] == ["c" * 64]


def test_correlation_id_comes_back_on_refusals_and_errors(gateway):
    headers = {"X-Correlation-Id": "req-refused"}

    responses = [gateway.send("register_team", role="expert", headers=headers),
                 gateway.send("list_teams", role=None, headers=headers),
                 gateway.send("list_teams", role="operator", tenant="2023-nowhere", headers=headers)]

    assert [(r.status_code, r.headers["X-Correlation-Id"]) for r in responses] == [
        (403, "req-refused"), (401, "req-refused"), (404, "req-refused")]
