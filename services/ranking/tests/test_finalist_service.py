"""The committee admits finalists from a station's list, subject to due diligence: a team that failed
it is refused, and a finalist whose team fails it later is out of the final, with why."""
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from contest_kit.errors import Conflict, Forbidden, NotFound
from contest_kit.tables import AuditEntry, OutboxEvent

NATIONAL, NINGBO = "2023-national", "2023-ningbo"
COMMITTEE = Actor("u-committee", "committee", NATIONAL)
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WEIGHTS = {"technical": "0.30", "application": "0.30", "commercial": "0.20", "defence": "0.20"}


def sheet(project):
    return Envelope(type="score-submitted", tenant=NINGBO, correlation_id=f"corr-{project}", payload={
        "team_id": f"team-{project}", "project_id": project, "version": 1, "group": "emerging",
        "track": "quality", "round": "online-review", "expert_id": "e1",
        "scores": dict.fromkeys(WEIGHTS, "80.00"), "weights": WEIGHTS, "total": "80.00",
        "amended": False}).to_message()


def due_diligence(team, passed, reason):
    return Envelope(type="due-diligence-recorded", tenant=NINGBO, correlation_id=f"corr-dd-{team}", payload={
        "team_id": team, "team_name": team, "passed": passed, "reason": reason}).to_message()


@pytest.fixture
def listed(rpc, deliver):
    """Ningbo has 3 places and listed nb-1, nb-2, nb-3; nb-3's team failed due diligence."""
    for project in ("nb-1", "nb-2", "nb-3"):
        deliver(sheet(project))
    deliver(due_diligence("team-nb-3", False, "审计报告不符"))
    rpc(COMMITTEE, "allocate_quota", NATIONAL, "national-final", {
        "method": "hamilton", "seats": 3, "recommend_by": (datetime.now(UTC) + timedelta(days=1)).isoformat(),
        "units": [{"name": NINGBO, "weight": "1"}]})
    rpc(NINGBO_ADMIN, "recommend", NINGBO, "national-final", {"projects": ["nb-2", "nb-1", "nb-3"]})


def admit(rpc, projects, actor=COMMITTEE):
    return rpc(actor, "admit_finalists", NINGBO, "national-final", {"projects": projects})


def admitted_events(store):
    with store.session() as session:
        return [json.loads(body)["payload"] for body in session.scalars(
            select(OutboxEvent.body).where(OutboxEvent.type == "finalist-admitted").order_by(OutboxEvent.id))]


def test_listed_projects_are_admitted_and_each_team_is_told(listed, rpc, store):
    admitted = admit(rpc, ["nb-1", "nb-2"])

    seen = rpc(COMMITTEE, "finalists", NATIONAL, "national-final")
    assert [(f["project_id"], f["priority"], f["removed"]) for f in admitted["finalists"]] == [
        ("nb-1", 2, None), ("nb-2", 1, None)]
    assert [(f["station"], f["project_id"]) for f in seen["finalists"]] == [
        (NINGBO, "nb-2"), (NINGBO, "nb-1")]
    assert [(e["team_id"], e["priority"]) for e in admitted_events(store)] == [
        ("team-nb-1", 2), ("team-nb-2", 1)]


def test_unlisted_twice_failed_and_station_admitted_are_refused_with_nothing_kept(listed, rpc, store):
    admit(rpc, ["nb-2"])
    with pytest.raises(Conflict) as unlisted:
        admit(rpc, ["nb-1", "nb-9"])
    with pytest.raises(Conflict) as twice:
        admit(rpc, ["nb-1", "nb-2"])
    with pytest.raises(Conflict) as failed:
        admit(rpc, ["nb-1", "nb-3"])
    with pytest.raises(Forbidden):
        admit(rpc, ["nb-1"], actor=NINGBO_ADMIN)
    with pytest.raises(NotFound):
        rpc(COMMITTEE, "admit_finalists", NINGBO, "special-award", {"projects": ["nb-1"]})

    assert (unlisted.value.codes, unlisted.value.fields) == ({"projects": ["not-recommended"]},
                                                             {"projects": ["nb-9"]})
    assert twice.value.codes == {"projects": ["already-admitted"]}
    assert failed.value.codes == {"projects": ["due-diligence-failed"]}
    own = rpc(NINGBO_ADMIN, "finalists", NINGBO, "national-final")["finalists"]
    assert [f["project_id"] for f in own] == ["nb-2"]


def test_a_finalist_whose_team_fails_due_diligence_is_out_of_the_final_with_why(listed, rpc, deliver, store):
    admit(rpc, ["nb-1"])
    deliver(due_diligence("team-nb-1", False, "营收造假"))
    deliver(due_diligence("team-nb-1", False, "营收造假"))              # the same again: removed once

    [finalist] = rpc(COMMITTEE, "finalists", NATIONAL, "national-final")["finalists"]
    assert (finalist["project_id"], finalist["removed"]) == ("nb-1", "营收造假")
    with store.session() as session:
        removed = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "ranking.finalist-removed")).all()
    assert [(e.tenant, e.data["project_id"]) for e in removed] == [(NINGBO, "nb-1")]
