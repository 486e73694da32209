"""The committee grants the final's prizes down its ranking: 001's scheme by default, a scheme that
overruns the pool refused, tiers in order, never across an open tie, each award announced."""
import json

import pytest
from sqlalchemy import select

from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from contest_kit.errors import Conflict, Forbidden
from contest_kit.tables import AuditEntry, OutboxEvent

NATIONAL = "2023-national"
COMMITTEE = Actor("u-committee", "committee", NATIONAL)
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", "2023-ningbo")
WEIGHTS = {"technical": "0.30", "application": "0.30", "commercial": "0.20", "defence": "0.20"}


def sheet(project, total, expert="e1"):
    return Envelope(type="score-submitted", tenant=NATIONAL, correlation_id=f"corr-{project}", payload={
        "team_id": f"team-{project}", "project_id": project, "version": 1, "group": "emerging",
        "track": "quality", "round": "final", "expert_id": expert,
        "scores": dict.fromkeys(WEIGHTS, f"{total}.00"), "weights": WEIGHTS, "total": f"{total}.00",
        "amended": False}).to_message()


@pytest.fixture
def final(deliver):
    """The final's emerging group: f-a 95, f-b 90, f-c and f-d tied at 85, f-e 80."""
    for project, total in (("f-a", 95), ("f-b", 90), ("f-c", 85), ("f-d", 85), ("f-e", 80)):
        deliver(sheet(project, total))


def grant(rpc, tiers, actor=COMMITTEE):
    return rpc(actor, "grant_awards", NATIONAL, "national-final", {
        "round": "final", "group": "emerging", "tiers": [{"tier": t, "count": n} for t, n in tiers]})


def granted_events(store):
    with store.session() as session:
        bodies = session.scalars(select(OutboxEvent.body).where(OutboxEvent.type == "award-granted")
                                 .order_by(OutboxEvent.id))
        return [{**event["payload"], "station": event["tenant"]} for event in map(json.loads, bodies)]


def test_001s_tiers_go_down_the_final_in_order_and_each_award_is_announced(final, rpc, store):
    made = grant(rpc, [("first", 1), ("second", 1)])

    standing = rpc(COMMITTEE, "awards", NATIONAL, "national-final")
    assert [(a["project_id"], a["tier"], a["amount"], a["rank"]) for a in made["awards"]] == [
        ("f-a", "first", 1_000_000, 1), ("f-b", "second", 300_000, 2)]
    assert (standing["spent"], standing["scheme"]["pool"], standing["scheme"]["cost"]) == (
        1_300_000, 5_000_000, 5_000_000)
    assert [(e["team_id"], e["tier"], e["station"]) for e in granted_events(store)] == [
        ("team-f-a", "first", NATIONAL), ("team-f-b", "second", NATIONAL)]
    with store.session() as session:
        assert [e.data["project_id"] for e in session.scalars(select(AuditEntry).where(
            AuditEntry.action == "ranking.award-granted"))] == ["f-a", "f-b"]


def test_a_later_grant_goes_on_from_where_the_last_stopped_never_across_an_open_tie(final, rpc):
    grant(rpc, [("first", 1), ("second", 1)])
    with pytest.raises(Conflict) as blocked:
        grant(rpc, [("third", 1)])                                   # f-c | f-d: the edge splits the tie
    rpc(COMMITTEE, "deliberate", NATIONAL, "final", {"group": "emerging", "order": ["f-d", "f-c"],
                                                     "reason": "合议：现场答辩更优"})
    third = grant(rpc, [("third", 1)])
    with pytest.raises(Conflict) as beyond:
        grant(rpc, [("third", 3)])                                   # f-c and f-e are all that is left

    assert blocked.value.codes == {"tiers": ["tie-open"]}
    assert "f-c, f-d" in blocked.value.fields["tiers"][0]
    assert [(a["project_id"], a["rank"]) for a in third["awards"]] == [("f-d", 3)]
    assert beyond.value.codes == {"tiers": ["beyond-ranked"]}


def test_a_scheme_over_the_pool_an_unknown_or_exhausted_tier_are_refused(final, rpc, store):
    with pytest.raises(Conflict) as overrun:
        rpc(COMMITTEE, "set_award_scheme", NATIONAL, "national-final", {
            "pool": 5_000_000, "tiers": [{"tier": "first", "count": 3, "amount": 2_000_000}]})
    rpc(COMMITTEE, "set_award_scheme", NATIONAL, "national-final", {
        "pool": 2_000_000, "tiers": [{"tier": "first", "count": 1, "amount": 1_000_000},
                                     {"tier": "most-popular", "count": 1, "amount": 50_000}]})
    with pytest.raises(Conflict) as unknown:
        grant(rpc, [("second", 1)])
    with pytest.raises(Conflict) as exhausted:
        grant(rpc, [("first", 2)])
    with pytest.raises(Forbidden):
        grant(rpc, [("first", 1)], actor=NINGBO_ADMIN)
    grant(rpc, [("first", 1)])
    with pytest.raises(Conflict) as shrink:
        rpc(COMMITTEE, "set_award_scheme", NATIONAL, "national-final", {
            "pool": 2_000_000, "tiers": [{"tier": "first", "count": 0, "amount": 1_000_000}]})

    assert overrun.value.codes == {"tiers": ["pool-overrun"]}
    assert unknown.value.codes == {"tiers": ["unknown-tier"]}
    assert exhausted.value.codes == {"tiers": ["tier-exhausted"]}
    assert shrink.value.codes == {"tiers": ["tier-granted"]}
    assert [e["project_id"] for e in granted_events(store)] == ["f-a"]


def test_an_award_is_announced_in_the_station_that_recommended_the_team(final, rpc, deliver, store):
    ningbo = Envelope.from_message(sheet("f-a", 95))
    deliver(Envelope(type=ningbo.type, tenant="2023-ningbo", correlation_id="corr-nb",
                     payload={**ningbo.payload, "round": "online-review"}).to_message())
    rpc(COMMITTEE, "allocate_quota", NATIONAL, "national-final", {
        "method": "hamilton", "seats": 1, "units": [{"name": "2023-ningbo", "weight": "1"}]})
    rpc(NINGBO_ADMIN, "recommend", "2023-ningbo", "national-final", {"projects": ["f-a"]})
    rpc(COMMITTEE, "admit_finalists", "2023-ningbo", "national-final", {"projects": ["f-a"]})

    grant(rpc, [("first", 1)])

    assert [(e["team_id"], e["station"]) for e in granted_events(store)] == [("team-f-a", "2023-ningbo")]
