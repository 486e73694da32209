"""The role table (domain/routes.py) as HTTP clients meet it."""
import pytest

from contest_kit.context import ROLES
from gateway.domain.routes import ACCESS

CALLERS = (None, *ROLES)  # None: no token at all


@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url  # the table is the point here, not the database


def test_routes_refuse_the_callers_they_do_not_list(gateway):
    refused = [(route, role) for route, allowed in ACCESS.items() if allowed is not None
               for role in CALLERS if role not in allowed]

    outcomes = {(route, role): gateway.send(route, role=role) for route, role in refused}

    def refusal(route, role):
        if role is None:
            return 401, {"error": "Unauthenticated", "message": "authentication required"}
        return 403, {"error": "Forbidden", "message": f"role {role} may not {route.replace('_', ' ')}"}

    assert {key: (r.status_code, r.json()) for key, r in outcomes.items()} == {
        (route, role): refusal(route, role) for route, role in refused}
    assert gateway.downstream.calls == []


def test_routes_admit_the_callers_they_list(gateway):
    admitted = [(route, role) for route, allowed in ACCESS.items()
                for role in (CALLERS if allowed is None else allowed)]

    outcomes = {(route, role): gateway.send(route, role=role) for route, role in admitted}

    created = {"create_account", "register_team", "upload_material", "submit_project", "submit_score_sheet"}
    assert {key: r.status_code for key, r in outcomes.items()} == {
        (route, role): 201 if route in created else 200 for route, role in admitted}


def test_expert_may_not_register_a_team(gateway):
    response = gateway.send("register_team", role="expert")

    assert (response.status_code, response.json()) == (
        403, {"error": "Forbidden", "message": "role expert may not register team"})


def test_admitted_call_reaches_the_service_with_its_arguments(gateway):
    response = gateway.send("submit_score_sheet", role="expert")

    assert (response.status_code, response.json()) == (201, {"answered_by": "review.submit_score_sheet"})
    assert [(c.service, c.method, c.args) for c in gateway.downstream.calls] == [
        ("review", "submit_score_sheet", ("2023-ningbo", "project-1",
                                          {"technical": 85, "application": 80.5, "commercial": 78,
                                           "defence": 90}))]
