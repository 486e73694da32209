"""Tenants as the gateway knows them, on SQLite and on PostgreSQL."""
from gateway.domain.routes import ACCESS

NOT_A_STATION = {"error": "ValidationFailed", "message": "teams register at a station",
                 "fields": {"tenant": ["请选择赛站 (choose a station)"]}}


def test_tenants_are_listed_by_code(gateway):
    response = gateway.call("GET", "/api/tenants")

    assert (response.status_code, response.json()) == (200, [
        {"code": "2023-national", "edition": "2023", "kind": "national", "name_zh": "全国组委会",
         "name_en": "National committee"},
        {"code": "2023-ningbo", "edition": "2023", "kind": "station", "name_zh": "宁波赛站",
         "name_en": "Ningbo station"},
    ])


def test_unknown_tenant_is_404_on_every_tenant_route(gateway):
    tenant_routes = [name for name, rule in gateway.routes.items() if "<string:tenant>" in rule.url]

    outcomes = {route: gateway.send(route, role=ACCESS[route][0], tenant="2023-nowhere")
                for route in tenant_routes}

    not_found = {"error": "NotFound", "message": "no such tenant",
                 "fields": {"tenant": ["未知赛站 (unknown tenant): 2023-nowhere"]}}
    assert {route: (r.status_code, r.json()) for route, r in outcomes.items()} == dict.fromkeys(
        tenant_routes, (404, not_found))
    assert gateway.downstream.calls == []


def test_registering_a_team_at_the_national_tenant_is_400_on_the_tenant_field(gateway):
    response = gateway.send("register_team", role="applicant", tenant="2023-national")

    assert (response.status_code, response.json()) == (400, NOT_A_STATION)
    assert gateway.downstream.calls == []
