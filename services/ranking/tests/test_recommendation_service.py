"""Stations recommend their projects for the places the committee allocated them: at most the quota,
their own ranked projects only, before the deadline; the committee sees every list and who is missing."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from contest_kit.errors import Conflict, Forbidden, NotFound
from contest_kit.tables import AuditEntry

NATIONAL, NINGBO, WUXI = "2023-national", "2023-ningbo", "2023-wuxi"
COMMITTEE = Actor("u-committee", "committee", NATIONAL)
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WUXI_ADMIN = Actor("u-wx-admin", "station_admin", WUXI)
WEIGHTS = {"technical": "0.30", "application": "0.30", "commercial": "0.20", "defence": "0.20"}


def sheet(tenant, project):
    return Envelope(type="score-submitted", tenant=tenant, correlation_id=f"corr-{project}", payload={
        "team_id": f"team-{project}", "project_id": project, "version": 1, "group": "emerging",
        "track": "quality", "round": "online-review", "expert_id": "e1",
        "scores": dict.fromkeys(WEIGHTS, "80.00"), "weights": WEIGHTS, "total": "80.00",
        "amended": False}).to_message()


@pytest.fixture
def allocated(rpc, deliver):
    """Ningbo 2 places, Wuxi 1; Ningbo ranked nb-1..nb-3, Wuxi wx-1."""
    for tenant, project in ((NINGBO, "nb-1"), (NINGBO, "nb-2"), (NINGBO, "nb-3"), (WUXI, "wx-1")):
        deliver(sheet(tenant, project))
    return allocate(rpc, datetime.now(UTC) + timedelta(days=1))


def allocate(rpc, recommend_by):
    return rpc(COMMITTEE, "allocate_quota", NATIONAL, "national-final", {
        "method": "hamilton", "seats": 3, "recommend_by": recommend_by.isoformat(),
        "units": [{"name": NINGBO, "weight": "2"}, {"name": WUXI, "weight": "1"}]})


def recommend(rpc, projects, actor=NINGBO_ADMIN, tenant=NINGBO):
    return rpc(actor, "recommend", tenant, "national-final", {"projects": projects})


def test_a_station_recommends_by_priority_and_the_committee_sees_every_list(allocated, rpc, store):
    first = recommend(rpc, ["nb-3", "nb-1"])
    again = recommend(rpc, ["nb-1", "nb-3"])                         # before the deadline: replaces

    seen = rpc(COMMITTEE, "recommendations", NATIONAL, "national-final")
    own = rpc(NINGBO_ADMIN, "recommendations", NINGBO, "national-final")
    assert [p["project_id"] for p in first["projects"]] == ["nb-3", "nb-1"]
    assert [(p["priority"], p["project_id"], p["team_id"]) for p in again["projects"]] == [
        (1, "nb-1", "team-nb-1"), (2, "nb-3", "team-nb-3")]
    assert (seen["missing"], [x["station"] for x in seen["lists"]]) == ([WUXI], [NINGBO])
    assert own["lists"] == [again]
    with store.session() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "ranking.recommended")
                                  .order_by(AuditEntry.seq)).all()
    assert [(e.tenant, e.data["before"] and len(e.data["before"])) for e in entries] == [
        (NINGBO, None), (NINGBO, 2)]


def test_over_quota_foreign_twice_and_late_lists_are_refused(allocated, rpc):
    with pytest.raises(Conflict) as over:
        recommend(rpc, ["nb-1", "nb-2", "nb-3"])
    with pytest.raises(Conflict) as foreign:
        recommend(rpc, ["nb-1", "wx-1"])
    with pytest.raises(Conflict) as twice:
        recommend(rpc, ["nb-1", "nb-1"])
    with pytest.raises(NotFound):
        rpc(NINGBO_ADMIN, "recommend", NINGBO, "special-award", {"projects": ["nb-1"]})
    with pytest.raises(Forbidden):
        recommend(rpc, ["wx-1"], actor=NINGBO_ADMIN, tenant=WUXI)
    allocate(rpc, datetime.now(UTC) - timedelta(minutes=1))          # the deadline moved into the past
    with pytest.raises(Conflict) as late:
        recommend(rpc, ["wx-1"], actor=WUXI_ADMIN, tenant=WUXI)

    assert over.value.codes == {"projects": ["over-quota"]}
    assert foreign.value.codes == {"projects": ["not-of-station"]}
    assert "wx-1" in foreign.value.fields["projects"][0]
    assert twice.value.codes == {"projects": ["project-twice"]}
    assert late.value.codes == {"projects": ["after-deadline"]}
    with pytest.raises(NotFound):
        rpc(WUXI_ADMIN, "recommendations", WUXI, "national-final")   # nothing was kept


def test_a_unit_cap_holds_in_the_allocation(rpc):
    allocated = rpc(COMMITTEE, "allocate_quota", NATIONAL, "national-final", {
        "method": "dhondt", "seats": 20, "units": [
            {"name": "zhejiang", "weight": "90", "maximum": 10}, {"name": "ningbo-city", "weight": "60",
                                                                   "maximum": 5},
            {"name": "jiangsu", "weight": "50"}]})

    assert [(u["name"], u["seats"], u["maximum"]) for u in allocated["units"]] == [
        ("zhejiang", 10, 10), ("ningbo-city", 5, 5), ("jiangsu", 5, None)]
