"""The route table: every route declared once, with its access rule, its schemas and its test row."""
import inspect

import pytest
from marshmallow import Schema

from contest_contracts.vocabulary import ROLES
from gateway.routes import BY_NAME, ROUTES
from gateway.routes.table import PUBLIC, Local, Remote


def test_public_route_admits_anyone_and_no_one():
    assert [BY_NAME["create_token"].admits(role) for role in (None, *ROLES)] == [True] * (len(ROLES) + 1)


def test_protected_route_refuses_a_caller_without_a_role():
    assert BY_NAME["me"].admits(None) is False


def test_route_admits_only_the_roles_it_lists():
    assert {role: BY_NAME["submit_score_sheet"].admits(role) for role in ROLES} == {
        "applicant": False, "expert": True, "station_admin": False, "committee": False, "operator": False}


def test_staff_route_admits_station_admins_committee_and_operators():
    assert [role for role in ROLES if BY_NAME["get_ranking"].admits(role)] == [
        "station_admin", "committee", "operator"]


def test_public_routes_are_sign_up_token_tenants_editions_draws_and_the_notice():
    # a draw is public so that anyone can recompute its order (docs/review.md); the notice and its
    # complaints are public by 001's rule (docs/national.md)
    assert [route.name for route in ROUTES if route.roles == PUBLIC] == [
        "create_account", "create_token", "list_tenants", "get_edition", "get_draw", "list_draws", "notice",
        "file_complaint"]


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_route_has_an_access_rule_naming_only_known_roles(route):
    assert route.roles == PUBLIC or (isinstance(route.roles, tuple) and route.roles
                                     and set(route.roles) <= set(ROLES))


# Actions whose path says everything: the upload to confirm is named in it.
BODILESS_ACTIONS = {"confirm_upload", "close_round", "publish_notice"}


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_route_has_a_response_schema_and_a_request_schema_where_it_takes_a_body(route):
    assert isinstance(route.response, Schema)
    if route.method in ("POST", "PUT", "PATCH") and route.name not in BODILESS_ACTIONS:
        assert inspect.isclass(route.body) and issubclass(route.body, Schema)
    else:
        assert route.body is None


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_route_calls_a_service_method_or_a_gateway_function(route):
    assert isinstance(route.call, Remote | Local)
    if isinstance(route.call, Remote):
        assert route.call.service in ("registration", "review", "ranking", "notify") or (
            route.call.service.strip("{}") in route.path_params)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_a_route_checks_its_tenant_exactly_when_its_path_names_one(route):
    assert (route.tenant is not None) == ("tenant" in route.path_params)


def test_no_two_routes_share_a_method_and_path():
    pairs = [(route.method, route.path) for route in ROUTES]

    assert len(set(pairs)) == len(pairs)
