"""Lists come a page at a time: the service's items as the body, the next page in Link, the total beside."""
import json

import pytest

from contest_contracts.fields import PageQuery
from contest_kit.audit import FIELDS
from contest_kit.paging import answer as page_of
from contest_kit.paging import decode, encode
from gateway import openapi
from gateway.routes import ROUTES

TEAMS = "/api/tenants/2023-ningbo/teams"
# Written by the service as it likes it; the gateway passes it on byte for byte.
ITEMS_JSON = '[{"id":"t1","name":"甬江智造"},{"id":"t2","name":"Blue Lantern"}]'
LISTS = ("list_tenants", "list_teams", "team_inbox", "list_reviews", "get_ranking", "read_audit",
         "list_experts", "list_assignments", "list_recusals", "list_draws",
         "list_rounds")
REFUSED_LIMIT = ["Must be greater than or equal to 1 and less than or equal to 200."]


@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url


def test_a_page_is_the_services_items_as_they_came_with_the_next_page_and_the_total(gateway):
    gateway.downstream.answers[("registration", "list_teams")] = lambda **kwargs: {
        "items_json": ITEMS_JSON, "next": "bmV4dA", "total": 7}

    response = gateway.call("GET", f"{TEAMS}?group=leading&limit=2&lang=en&cursor=Zmlyc3Q",
                            role="station_admin")

    assert (response.status_code, response.headers["Content-Type"], response.content.decode()) == (
        200, "application/json; charset=utf-8", ITEMS_JSON)
    assert response.headers["Link"] == f'<{TEAMS}?group=leading&lang=en&cursor=bmV4dA&limit=2>; rel="next"'
    assert response.headers["X-Total-Count"] == "7"
    assert [c.kwargs for c in gateway.downstream.calls] == [
        {"tenant": "2023-ningbo", "group": "leading", "track": None, "limit": 2, "cursor": "Zmlyc3Q"}]


def test_the_last_page_has_no_link_and_an_uncounted_list_no_total(gateway):
    gateway.downstream.answers[("review", "list_items")] = lambda **kwargs: page_of([{"version": 1}])
    gateway.downstream.answers[("notify", "inbox")] = lambda **kwargs: {
        "items_json": "[]", "next": None, "total": 0}

    reviews = gateway.call("GET", "/api/tenants/2023-ningbo/reviews", role="expert")
    inbox = gateway.call("GET", "/api/tenants/2023-ningbo/teams/t1/inbox", role="applicant")

    assert [(r.status_code, r.json(), "Link" in r.headers, r.headers.get("X-Total-Count"))
            for r in (reviews, inbox)] == [(200, [{"version": 1}], False, None), (200, [], False, "0")]
    assert [(c.method, c.kwargs["limit"], c.kwargs["cursor"]) for c in gateway.downstream.calls] == [
        ("list_items", 50, None), ("inbox", 50, None)]


@pytest.mark.parametrize("route", [r for r in ROUTES if r.paged], ids=lambda r: r.name)
def test_a_bad_limit_or_an_overlong_cursor_is_400_on_its_field_before_any_service_is_called(gateway, route):
    path = route.path.format(tenant="2023-ningbo", team_id="t1", service="review")
    role = "station_admin" if route.roles != "public" and "station_admin" in route.roles else "applicant"

    outcomes = {query: gateway.call("GET", f"{path}?{query}", role=role)
                for query in ("limit=0", "limit=201", "limit=ten", "cursor=" + "c" * 257)}

    assert {query: (r.status_code, r.json().get("fields")) for query, r in outcomes.items()} == {
        "limit=0": (400, {"limit": REFUSED_LIMIT}), "limit=201": (400, {"limit": REFUSED_LIMIT}),
        "limit=ten": (400, {"limit": ["Not a valid integer."]}),
        "cursor=" + "c" * 257: (400, {"cursor": ["Length must be between 1 and 256."]})}
    assert gateway.downstream.calls == []


def test_a_cursor_a_service_does_not_know_is_400_on_the_cursor(gateway):
    gateway.downstream.answers[("ranking", "get_ranking")] = lambda cursor, **kwargs: decode(cursor, (int,))

    response = gateway.call("GET", "/api/tenants/2023-ningbo/ranking?cursor=garbage", role="committee")

    assert (response.status_code, list(response.json()["fields"])) == (400, ["cursor"])


def test_the_tenants_come_a_page_at_a_time_by_code_following_link(gateway):
    for code in ("2023-beijing", "2023-wuxi", "2023-chengdu"):
        gateway.ensure_tenant(code, "station", "赛站", "Station")
    codes, totals, path = [], [], "/api/tenants?limit=2"

    while path:
        response = gateway.call("GET", path)
        codes.append([tenant["code"] for tenant in response.json()])
        totals.append(response.headers["X-Total-Count"])
        path = response.links.get("next", {}).get("url")

    assert codes == [["2023-beijing", "2023-chengdu"], ["2023-national", "2023-ningbo"], ["2023-wuxi"]]
    assert totals == ["5"] * 3
    refused = gateway.call("GET", "/api/tenants?cursor=" + encode((1,)))
    assert (refused.status_code, refused.json()["fields"]) == (400, {
        "cursor": ["not a cursor of this list: start again from the first page"]})


def test_the_audit_record_is_read_a_page_at_a_time_and_exported_whole(gateway):
    entries = [{**dict.fromkeys((*FIELDS, "hash"), "-"), "seq": n, "data": {}} for n in (1, 2, 3)]
    gateway.downstream.answers[("review", "audit_page")] = lambda **kwargs: page_of(entries[:2], (2,), 3)
    gateway.downstream.answers[("review", "audit_entries")] = lambda **kwargs: entries
    path = "/api/tenants/2023-ningbo/audit/review"

    read = gateway.call("GET", f"{path}?limit=2", role="committee")
    exported = gateway.call("GET", f"{path}?format=xlsx&limit=2", role="committee")

    assert (read.status_code, read.json(), read.headers["X-Total-Count"]) == (200, entries[:2], "3")
    assert read.links["next"]["url"] == f"{path}?cursor={encode((2,))}&limit=2"
    assert exported.status_code == 200
    assert [(c.method, c.kwargs) for c in gateway.downstream.calls] == [
        ("audit_page", {"tenant": "2023-ningbo", "limit": 2, "cursor": None}),
        ("audit_entries", {"tenant": "2023-ningbo"})]


def test_every_list_is_paged_and_takes_a_page_query():
    lists = {route.name: route.paged and issubclass(route.query, PageQuery)
             for route in ROUTES if getattr(route.response, "many", False)}

    assert lists == dict.fromkeys(LISTS, True)


def test_the_document_gives_every_list_its_limit_its_cursor_and_its_two_headers():
    document = json.loads(openapi.response().get_data())
    documented = {}
    for route in ROUTES:
        operation = document["paths"][route.path][route.method.lower()]
        parameters = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
        ok = operation["responses"][str(route.status)]
        documented[route.name] = (
            {k: parameters[k] for k in ("limit", "cursor") if k in parameters},
            sorted(ok.get("headers", {})))

    page = ({"limit": {"type": "integer", "default": 50, "minimum": 1, "maximum": 200},
             "cursor": {"type": "string", "default": None, "minLength": 1, "maxLength": 256,
                        "nullable": True}},
            ["Link", "X-Total-Count"])
    paged = {name: found for name, found in documented.items() if found != ({}, [])}
    assert paged == dict.fromkeys(LISTS, page)
