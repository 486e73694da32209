"""The role table: who may call which route."""
from contest_kit.context import ROLES
from gateway.domain.routes import ACCESS, PUBLIC, may_call


def test_public_route_admits_anyone_and_no_one():
    assert [may_call("create_token", role) for role in (None, *ROLES)] == [True] * (len(ROLES) + 1)


def test_protected_route_refuses_a_caller_without_a_role():
    assert may_call("me", None) is False


def test_route_admits_only_the_roles_it_lists():
    assert {role: may_call("submit_score_sheet", role) for role in ROLES} == {
        "applicant": False, "expert": True, "station_admin": False, "committee": False, "operator": False}


def test_staff_route_admits_station_admins_committee_and_operators():
    admitted = [role for role in ROLES if may_call("get_ranking", role)]

    assert admitted == ["station_admin", "committee", "operator"]


def test_table_names_only_known_roles():
    named = {role for allowed in ACCESS.values() if allowed is not PUBLIC for role in allowed}

    assert named <= set(ROLES)


def test_public_routes_are_sign_up_token_and_tenants():
    assert [route for route, allowed in ACCESS.items() if allowed is PUBLIC] == [
        "create_account", "create_token", "list_tenants"]
