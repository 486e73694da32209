"""The committee defines an edition and its stations in registration; teams register by their rules.

On real RabbitMQ, on SQLite and on PostgreSQL.
"""
import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from contest_contracts.fields import SHANGHAI
from contest_kit.context import Actor
from contest_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from contest_kit.tables import AuditEntry, OutboxEvent
from registration.models import PersonClaim, Team

COMMITTEE = Actor("u-committee", "committee", "2024-national")
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", "2023-ningbo")
HUAWEI = "914403001922038216"
ORGANISER = "91330200MA2H00001W"


def edition_form(closes="2099-10-22T23:59:59", **changes):
    return {"name": "2024中国工业互联网大赛", "year": 2024, "registration_closes_at": closes,
            "cutoffs": [{"stage": "local", "at": "2099-11-30T23:59:59"}],
            "tracks": [{"code": "quality", "name_zh": "质量管控", "name_en": "Quality control"},
                       {"code": "green", "name_zh": "绿色低碳", "name_en": "Green"}], **changes}


def station_form(**changes):
    return {"edition": "2024", "kind": "station", "name_zh": "宁波赛站", "name_en": "Ningbo station",
            **changes}


def team_form(name, phone, uscc=HUAWEI, track="quality", staff=10):
    return {"name": name, "track": track,
            "unit": {"name": "Ningbo Optics Ltd", "uscc": uscc, "kind": "software", "staff": staff,
                     "revenue_cny": 1_000_000},
            "contact": {"name": "Li Wei", "email": f"{phone}@example.com"},
            "representatives": [{"name": "Li Wei", "phone": phone}]}


def applicant(number):
    return Actor(f"u-{number}", "applicant")


def tenant_events(store):
    with store.session() as session:
        return [(row.tenant, row.body) for row in session.scalars(
            select(OutboxEvent).where(OutboxEvent.type == "tenant-defined").order_by(OutboxEvent.id))]


def count(store, model):
    with store.session(all_tenants=True) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_the_committee_defines_an_edition_then_a_station_which_emits_its_public_state(rpc, store):
    edition = rpc(COMMITTEE, "define_edition", "2024", edition_form())
    station = rpc(COMMITTEE, "define_station", "2024-ningbo", station_form(tracks=["green"]))

    assert edition["registration_closes_at"] == "2099-10-22T23:59:59+08:00"
    assert edition["thresholds"]["software_staff"] == 300 and edition["max_representatives"] == 5
    assert (station["tracks"], station["conflict_relations"]) == (
        ["green"], ["parent", "subsidiary", "branch", "holding"])
    [(tenant, body)] = tenant_events(store)
    assert tenant == "2024-ningbo"
    assert '"tracks": ["green"]' in body and '"registration_closes_at": "2099-10-22T15:59:59+00:00"' in body
    assert rpc(NINGBO_ADMIN, "get_station", "2023-ningbo")["kind"] == "station"


def test_defining_the_same_again_changes_and_emits_nothing(rpc, store):
    rpc(COMMITTEE, "define_edition", "2024", edition_form())
    rpc(COMMITTEE, "define_station", "2024-ningbo", station_form())
    entries = count(store, AuditEntry)

    rpc(COMMITTEE, "define_edition", "2024", edition_form())
    rpc(COMMITTEE, "define_station", "2024-ningbo", station_form())

    assert (count(store, AuditEntry), len(tenant_events(store))) == (entries, 1)


def test_moving_the_edition_s_close_tells_each_station_that_keeps_it(rpc, store):
    rpc(COMMITTEE, "define_edition", "2024", edition_form())
    rpc(COMMITTEE, "define_station", "2024-ningbo", station_form())
    rpc(COMMITTEE, "define_station", "2024-wuxi", station_form(name_en="Wuxi station"))
    own_close = station_form(registration_closes_at="2099-10-01T00:00:00")
    rpc(COMMITTEE, "define_station", "2024-beijing", own_close)
    rpc(COMMITTEE, "define_edition", "2024", edition_form(name="renamed"))  # the close stays: nothing to tell

    rpc(COMMITTEE, "define_edition", "2024", edition_form(name="renamed", closes="2099-10-20T23:59:59"))

    later = tenant_events(store)[3:]
    assert sorted(tenant for tenant, _body in later) == ["2024-ningbo", "2024-wuxi"]
    assert {datetime.fromisoformat(json.loads(body)["payload"]["registration_closes_at"])
            for _tenant, body in later} == {datetime(2099, 10, 20, 23, 59, 59, tzinfo=SHANGHAI)}


def test_only_the_committee_defines_and_a_station_reads_only_its_own_settings(rpc, outcome):
    def define_as(role):
        actor = Actor("u-x", role, "2023-ningbo")
        return outcome(lambda: rpc(actor, "define_edition", "2024", edition_form()))
    outcomes = {role: define_as(role) for role in ("applicant", "expert", "station_admin", "operator")}

    assert set(outcomes.values()) == {"Forbidden"}
    with pytest.raises(Forbidden):
        rpc(NINGBO_ADMIN, "get_station", "2023-wuxi")


def test_a_station_of_an_unknown_edition_or_with_a_stray_code_is_refused_with_codes(rpc):
    with pytest.raises(NotFound) as unknown:
        rpc(COMMITTEE, "define_station", "2024-ningbo", station_form())
    rpc(COMMITTEE, "define_edition", "2024", edition_form())
    with pytest.raises(ValidationFailed) as stray:
        rpc(COMMITTEE, "define_station", "2023-ningbo2", station_form())
    with pytest.raises(ValidationFailed) as bad:
        rpc(COMMITTEE, "define_station", "2024-ningbo", station_form(
            tracks=["blockchain"], registration_closes_at="2099-10-23T00:00:00"))

    assert unknown.value.codes == {"edition": ["unknown-edition"]}
    assert stray.value.codes == {"code": ["code-edition"]}
    assert bad.value.codes == {"tracks": ["unknown-track"], "registration_closes_at": ["close-after-edition"]}


def test_after_the_close_the_thresholds_are_frozen(rpc):
    rpc(COMMITTEE, "define_edition", "2024", edition_form(closes="2020-01-01T00:00:00"))

    with pytest.raises(ValidationFailed) as frozen:
        rpc(COMMITTEE, "define_edition", "2024", edition_form(
            closes="2020-01-01T00:00:00", thresholds={"software_staff": 100}))

    assert frozen.value.codes == {"thresholds": ["edition-frozen"]}


def test_a_registration_after_the_close_is_refused_with_the_time_in_beijing(rpc, store, world):
    world.station("2023-ningbo", registration_closes_at=datetime.now(SHANGHAI) - timedelta(seconds=1))

    with pytest.raises(ValidationFailed) as closed:
        rpc(applicant(1), "register_team", "2023-ningbo", team_form("Late Team", "13800000001"), locale="en")

    assert closed.value.codes == {"tenant": ["registration-closed"]}
    assert closed.value.fields["tenant"][0].startswith("Registration at this station closed at ")
    assert closed.value.fields["tenant"][0].endswith("(Beijing time)")
    assert count(store, Team) == 0


def test_a_station_takes_only_its_tracks_and_the_edition_s_thresholds_decide_the_group(rpc, world):
    world.station("2023-ningbo", tracks=["green"])
    world.edition(thresholds={"software_staff": 5, "software_revenue_cny": 100_000_000,
                              "industrial_staff": 1000, "industrial_revenue_cny": 400_000_000})

    with pytest.raises(ValidationFailed) as refused:
        rpc(applicant(1), "register_team", "2023-ningbo", team_form("Kite", "13800000001"))
    team = rpc(applicant(1), "register_team", "2023-ningbo", team_form("Kite", "13800000001", track="green"))

    assert refused.value.codes == {"track": ["unknown-track"]}
    assert team["group"] == "leading"  # 10 staff > the edition's 5


def test_a_team_keeps_its_unit_s_division_and_the_basis_of_its_group(rpc, store):
    team = rpc(applicant(1), "register_team", "2023-ningbo", team_form("Kite", "13800000001"))

    with store.session(tenant="2023-ningbo") as session:
        row = session.get(Team, team["id"])
        assert (row.division_code, row.group_basis["rule"]) == ("440300", "below-thresholds")


@pytest.mark.parametrize(("relation", "uscc", "code"), [
    (None, ORGANISER, "organiser-conflict"),
    ("subsidiary", HUAWEI, "affiliate-conflict"),
    ("branch", HUAWEI, "affiliate-conflict"),
])
def test_an_organiser_and_its_affiliates_may_not_compete_at_its_station_but_may_elsewhere(
        rpc, world, relation, uscc, code):
    affiliates = [] if relation is None else [{"uscc": HUAWEI, "name": "Huawei", "relation": relation,
                                               "of": ORGANISER}]
    organisers = [{"uscc": ORGANISER, "name": "宁波市经信局"}]
    world.station("2023-ningbo", organisers=organisers, affiliates=affiliates)

    with pytest.raises(ValidationFailed) as refused:
        rpc(applicant(1), "register_team", "2023-ningbo", team_form("Kite", "13800000001", uscc=uscc))
    elsewhere = rpc(applicant(1), "register_team", "2023-wuxi", team_form("Kite", "13800000001", uscc=uscc))

    assert refused.value.codes == {"unit.uscc": [code]}
    assert elsewhere["tenant"] == "2023-wuxi"


def test_a_person_belongs_to_one_team_across_every_station_of_the_edition(rpc, store, world):
    rpc(applicant(1), "register_team", "2023-ningbo", team_form("Kite", "13800000001"))

    with pytest.raises(Conflict) as again:  # the same mobile, typed another way, at another station
        rpc(applicant(2), "register_team", "2023-wuxi",
            team_form("Hawk", "+86 138-0000-0001") | {"contact": {"name": "Wang", "email": "w@example.com"}})
    world.edition(code="2024")
    world.station("2024-ningbo", edition="2024")
    next_year = rpc(applicant(2), "register_team", "2024-ningbo", team_form("Hawk", "13800000001"))

    assert again.value.codes == {"representatives.0.phone": ["person-in-another-team"]}
    assert "2023-ningbo" not in str(again.value.fields)  # the other team's station is not told
    assert next_year["tenant"] == "2024-ningbo"
    with store.session() as session:
        keys = list(session.scalars(select(PersonClaim.person_key)))
    assert len(keys) == 4 and not any("13800000001" in key for key in keys)


COMMITTEE_2023 = Actor("u-committee", "committee", "2023-national")
LEADING = {"group": "leading", "reason": "中央企业子公司，经核实"}


def test_the_committee_overrides_a_group_with_its_reason_until_the_close_then_it_is_frozen(
        rpc, store, world, outcome):
    team = rpc(applicant(1), "register_team", "2023-ningbo", team_form("Kite", "13800000001"))

    def override_as(role):
        actor = Actor("u-x", role, "2023-ningbo")
        return outcome(lambda: rpc(actor, "override_group", "2023-ningbo", team["id"], LEADING))
    refused = {role: override_as(role) for role in ("applicant", "station_admin", "expert")}
    moved = rpc(COMMITTEE_2023, "override_group", "2023-ningbo", team["id"], LEADING)
    world.station("2023-ningbo", registration_closes_at=datetime.now(SHANGHAI) - timedelta(seconds=1))
    with pytest.raises(ValidationFailed) as frozen:
        rpc(COMMITTEE_2023, "override_group", "2023-ningbo", team["id"],
            {"group": "emerging", "reason": "再次核实后改回"})

    assert set(refused.values()) == {"Forbidden"}
    assert (moved["group"], moved["group_basis"]["rule"]) == ("leading", "below-thresholds")
    assert moved["group_basis"]["override"] | {"at": None} == {
        "from": "emerging", "to": "leading", "reason": LEADING["reason"], "by": "u-committee", "at": None}
    assert frozen.value.codes == {"group": ["group-frozen"]}
    with store.session(tenant="2023-ningbo") as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
    assert actions == ["team.registered", "team.group-overridden"]


@pytest.mark.parametrize("tenant", ["2023-nowhere", "Ningbo", "x" * 500])
def test_an_unknown_or_malformed_tenant_over_rpc_gets_the_gateway_s_coded_refusal(rpc, store, tenant):
    with pytest.raises(NotFound) as refused:
        rpc(applicant(1), "register_team", tenant, team_form("Kite", "13800000001"), locale="en")

    assert (refused.value.fields, refused.value.codes) == (
        {"tenant": ["This station is not defined"]}, {"tenant": ["unknown-tenant"]})
    assert count(store, Team) == 0
