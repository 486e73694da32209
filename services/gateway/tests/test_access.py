"""Who may call what, as HTTP clients meet it: one row per route, written here on purpose.

The row says again, independently of gateway/routes, who a route admits; a route without a
row, or whose declaration disagrees with its row, fails here until someone decides.
"""
import pytest

from contest_contracts.vocabulary import ROLES
from gateway.routes import BY_NAME
from gateway.routes.table import PUBLIC

CALLERS = (None, *ROLES)  # None: no token at all
STAFF = ("station_admin", "committee", "operator")
EVERYONE = ROLES
ROWS = {
    "create_account": PUBLIC,
    "create_token": PUBLIC,
    "me": EVERYONE,
    "list_tenants": PUBLIC,
    "define_edition": ("committee",),
    "get_edition": PUBLIC,
    "import_prior_winners": ("committee",),
    "list_prior_winners": STAFF,
    "define_station": ("committee",),
    "get_station": STAFF,
    "register_team": ("applicant",),
    "list_teams": STAFF,
    "import_teams": ("station_admin", "committee"),
    "get_team": ("applicant", *STAFF),
    "override_group": ("committee",),
    "disqualify": ("committee",),
    "record_due_diligence": ("committee",),
    "request_upload": ("applicant",),
    "confirm_upload": ("applicant",),
    "team_materials": ("applicant", *STAFF),
    "download_material": ("applicant", "expert", *STAFF),
    "submit_project": ("applicant",),
    "team_inbox": ("applicant", *STAFF),
    "list_reviews": ("expert", *STAFF),
    "submit_score_sheet": ("expert",),
    "reopen_score_sheet": ("station_admin", "committee"),
    "keep_expert": ("station_admin", "committee"),
    "list_experts": STAFF,
    "assign_experts": ("station_admin", "committee"),
    "list_assignments": STAFF,
    "list_recusals": STAFF,
    "review_progress": STAFF,
    "commit_draw": ("station_admin", "committee"),
    "reveal_draw": ("station_admin", "committee"),
    "get_draw": PUBLIC,
    "list_draws": PUBLIC,
    "define_round": ("station_admin", "committee"),
    "close_round": ("station_admin", "committee"),
    "list_rounds": ("expert", *STAFF),
    "round_ranking": STAFF,
    "round_ranking_export": STAFF,
    "round_calibration": STAFF,
    "set_round_method": ("station_admin", "committee"),
    "deliberate": ("station_admin", "committee"),
    "advance_teams": ("station_admin", "committee"),
    "split_places": ("station_admin", "committee"),
    "allocate_quota": ("committee",),
    "quota": STAFF,
    "recommend": ("station_admin", "committee"),
    "recommendations": STAFF,
    "admit_finalists": ("committee",),
    "finalists": STAFF,
    "set_award_scheme": ("committee",),
    "grant_awards": ("committee",),
    "awards": STAFF,
    "publish_notice": ("committee",),
    "notice": PUBLIC,
    "file_complaint": PUBLIC,
    "complaints": ("committee", "operator"),
    "complaint_step": ("committee",),
    "publish_ranking": ("station_admin", "committee"),
    "published_ranking": STAFF,
    "draw_timetable": ("expert", *STAFF),
    "get_ranking": STAFF,
    "read_audit": STAFF,
    "verify_audit": STAFF,
}


@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url  # the table is the point here, not the database


def test_every_route_has_a_row_and_agrees_with_it():
    assert {name: route.roles for name, route in BY_NAME.items()} == ROWS


def test_routes_refuse_the_callers_they_do_not_list(gateway):
    refused = [(route, role) for route, allowed in ROWS.items() if allowed != PUBLIC
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
    admitted = [(route, role) for route, allowed in ROWS.items()
                for role in (CALLERS if allowed == PUBLIC else allowed)]

    outcomes = {(route, role): gateway.send(route, role=role) for route, role in admitted}

    created = {"create_account", "register_team", "disqualify", "request_upload", "confirm_upload",
               "submit_project", "commit_draw", "deliberate", "advance_teams", "split_places",
               "admit_finalists", "grant_awards",
               "publish_notice", "file_complaint", "complaint_step", "publish_ranking", "submit_score_sheet"}
    assert {key: r.status_code for key, r in outcomes.items()} == {
        (route, role): 201 if route in created else 200 for route, role in admitted}


def test_expert_may_not_register_a_team(gateway):
    response = gateway.send("register_team", role="expert")

    assert (response.status_code, response.json()) == (
        403, {"error": "Forbidden", "message": "role expert may not register team"})


def test_admitted_call_reaches_the_service_with_the_body_the_service_schema_loaded(gateway):
    response = gateway.send("submit_score_sheet", role="expert")

    assert (response.status_code, response.json()) == (201, {"answered_by": "review.submit_score_sheet"})
    from decimal import Decimal
    assert [(c.service, c.method, c.kwargs) for c in gateway.downstream.calls] == [
        ("review", "submit_score_sheet", {
            "tenant": "2023-ningbo", "project_id": "project-1",
            "data": {"technical": Decimal("85.00"), "application": Decimal("80.50"),
                     "commercial": Decimal("78.00"), "defence": Decimal("90.00")}})]
