"""What a service answers, or fails to, becomes one HTTP status at the gateway."""
import pytest
from nameko.rpc import rpc
from sqlalchemy import create_engine, text

from contest_kit.errors import Conflict, Forbidden, NotFound, Unauthenticated, ValidationFailed

SERVICE_FAILED = {"error": "ServiceError", "message": "KeyError"}


@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url


def _raises(exc):
    def answer(**kwargs):
        raise exc
    return answer


def test_errors_a_service_raises_become_their_status_with_their_fields(gateway):
    raised = {
        "validation": ValidationFailed("registration refused", {"unit.uscc": ["校验位错误 (check digit)"]}),
        "unauthenticated": Unauthenticated("authentication required"),
        "forbidden": Forbidden("not your team"),
        "not found": NotFound("no such team", {"team_id": ["team-1"]}),
        "conflict": Conflict("team name taken at this station", {"name": ["团队名称已被使用 (taken)"]}),
        "unexpected": KeyError("unit"),
    }
    outcomes = {}
    for case, exc in raised.items():
        gateway.downstream.answers[("registration", "get_team")] = _raises(exc)
        outcomes[case] = gateway.send("get_team", role="station_admin")

    assert {case: (r.status_code, r.json()) for case, r in outcomes.items()} == {
        "validation": (400, {"error": "ValidationFailed", "message": "registration refused",
                             "fields": {"unit.uscc": ["校验位错误 (check digit)"]}}),
        "unauthenticated": (401, {"error": "Unauthenticated", "message": "authentication required"}),
        "forbidden": (403, {"error": "Forbidden", "message": "not your team"}),
        "not found": (404, {"error": "NotFound", "message": "no such team",
                            "fields": {"team_id": ["team-1"]}}),
        "conflict": (409, {"error": "Conflict", "message": "team name taken at this station",
                           "fields": {"name": ["团队名称已被使用 (taken)"]}}),
        "unexpected": (502, SERVICE_FAILED),
    }


class OlderRanking:
    """A ranking service one version behind: get_ranking takes no group yet."""

    name = "ranking"

    @rpc
    def get_ranking(self, tenant):
        return []


def test_service_with_another_signature_is_502(start_gateway):
    gateway = start_gateway(fakes=[OlderRanking]).seed()

    response = gateway.send("get_ranking", role="committee")

    assert (response.status_code, response.json()) == (502, {"error": "ServiceError",
                                                             "message": "IncorrectSignature"})


def test_service_that_is_not_running_is_502(start_gateway, rabbit_config):
    # A vhost where no ranking queue was ever declared: publishing to it is unroutable.
    gateway = start_gateway(fakes=[], amqp_uri=rabbit_config["AMQP_URI"]).seed()

    response = gateway.send("get_ranking", role="committee")

    assert (response.status_code, response.json()) == (502, {"error": "ServiceError",
                                                             "message": "UnknownService"})


def test_gateway_failure_is_500_in_json_without_details(gateway, gateway_db_url):
    engine = create_engine(gateway_db_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE accounts"))
    engine.dispose()

    response = gateway.send("create_token", headers={"X-Correlation-Id": "req-broken"})

    assert (response.status_code, response.json(), response.headers["X-Correlation-Id"]) == (
        500, {"error": "InternalError", "message": "the gateway failed"}, "req-broken")

