"""Tenants are read once per gateway process and kept from registration's tenant-defined events:
one replica writes the database's copy, every replica applies the event to its memory."""
from sqlalchemy import create_engine, text

from contest_kit.testing import wait_until


def _names(gateway):
    return {t["code"]: t["name_en"] for t in gateway.call("GET", "/api/tenants").json()}


def test_a_replica_answers_from_memory_until_an_event_says_the_tenants_changed(start_gateway, gateway_db_url):
    first = start_gateway().seed()
    second = start_gateway(fakes=())  # another replica: same database, same broker
    before = _names(second)
    engine = create_engine(gateway_db_url)
    with engine.begin() as connection:  # behind the gateways' backs: no event
        connection.execute(text("UPDATE tenants SET name_en = 'Renamed quietly' WHERE code = '2023-ningbo'"))
    engine.dispose()
    cached = _names(second)

    first.ensure_tenant("2023-ningbo", "station", "宁波赛站", "Ningbo station (renamed)")

    assert before["2023-ningbo"] == cached["2023-ningbo"] == "Ningbo station"
    assert wait_until(lambda: _names(second)["2023-ningbo"] == "Ningbo station (renamed)", timeout=10)
    assert _names(first)["2023-ningbo"] == "Ningbo station (renamed)"


def test_a_new_tenant_is_served_once_its_event_arrives_with_its_tracks_and_close(gateway):
    assert gateway.send("list_teams", role="operator", tenant="2023-wuxi").status_code == 404

    gateway.ensure_tenant("2023-wuxi", "station", "无锡赛站", "Wuxi station", tracks=("green",))

    assert gateway.send("list_teams", role="operator", tenant="2023-wuxi").status_code == 200
    wuxi = next(t for t in gateway.call("GET", "/api/tenants").json() if t["code"] == "2023-wuxi")
    assert (wuxi["tracks"], wuxi["registration_closes_at"]) == (["green"], "2099-10-22T23:59:59+08:00")


def test_a_replica_started_after_the_event_reads_the_tenant_from_the_database(start_gateway):
    first = start_gateway().seed()
    first.ensure_tenant("2023-wuxi", "station", "无锡赛站", "Wuxi station")

    later = start_gateway(fakes=())

    assert "2023-wuxi" in _names(later)


def test_the_public_first_page_answers_as_the_route_does_without_a_worker(gateway):
    fast = gateway.call("GET", "/api/tenants", headers={"X-Correlation-Id": "fast-1"})
    ordinary = gateway.call("GET", "/api/tenants?limit=50", headers={"X-Correlation-Id": "slow-1"})

    assert (fast.status_code, fast.json(), fast.headers["X-Total-Count"]) == (
        ordinary.status_code, ordinary.json(), ordinary.headers["X-Total-Count"])
    assert fast.headers["X-Correlation-Id"] == "fast-1"
    assert [t["code"] for t in fast.json()] == ["2023-national", "2023-ningbo"]
