"""Tenants as the gateway knows them, on SQLite and on PostgreSQL."""
from gateway.routes.table import NEW, PUBLIC

CLOSES = "2099-10-22T23:59:59+08:00"  # as the test gateway's tenant-defined events give it
NOT_A_STATION = {"error": "ValidationFailed", "message": "teams register at a station",
                 "fields": {"tenant": ["choose a station"]}, "codes": {"tenant": ["not-a-station"]}}


def test_tenants_are_listed_by_code(gateway):
    response = gateway.call("GET", "/api/tenants")

    assert (response.status_code, response.json()) == (200, [
        {"code": "2023-national", "edition": "2023", "kind": "national", "name_zh": "全国组委会",
         "name_en": "National committee", "tracks": [], "registration_closes_at": CLOSES},
        {"code": "2023-ningbo", "edition": "2023", "kind": "station", "name_zh": "宁波赛站",
         "name_en": "Ningbo station", "tracks": ["quality", "industrial-brain"],
         "registration_closes_at": CLOSES},
    ])


def test_unknown_tenant_is_404_on_every_tenant_route(gateway):
    tenant_routes = [name for name, route in gateway.routes.items()
                     if "{tenant}" in route.path and route.tenant != NEW]

    def caller(route):
        roles = gateway.routes[route].roles
        return None if roles == PUBLIC else roles[0]

    outcomes = {route: gateway.send(route, role=caller(route), tenant="2023-nowhere")
                for route in tenant_routes}

    not_found = {"error": "NotFound", "message": "no such tenant",
                 "fields": {"tenant": ["unknown tenant: 2023-nowhere"]},
                 "codes": {"tenant": ["unknown-tenant"]}}
    assert {route: (r.status_code, r.json()) for route, r in outcomes.items()} == dict.fromkeys(
        tenant_routes, (404, not_found))
    assert gateway.downstream.calls == []


def test_a_tenant_being_defined_need_not_exist_but_its_code_must_be_one(gateway):
    new = gateway.send("define_station", role="committee", tenant="2023-nowhere")
    malformed = gateway.send("define_station", role="committee", tenant="Nowhere")

    assert new.status_code == 200
    refusal = {"error": "NotFound", "message": "no such tenant",
               "fields": {"tenant": ["not a tenant's code: Nowhere"]}}
    assert (malformed.status_code, malformed.json()) == (404, refusal)
    assert [call.method for call in gateway.downstream.calls] == ["define_station"]


def test_registering_a_team_at_the_national_tenant_is_400_on_the_tenant_field(gateway):
    response = gateway.send("register_team", role="applicant", tenant="2023-national")

    assert (response.status_code, response.json()) == (400, NOT_A_STATION)
    assert gateway.downstream.calls == []
