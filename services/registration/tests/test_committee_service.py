"""What only the committee does to a team: disqualification and due diligence, each with its
reason, its audit entry and its event; and what a disqualified team can no longer do."""
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from contest_kit.change import Command
from contest_kit.context import Actor
from contest_kit.errors import Conflict, Forbidden, ValidationFailed
from contest_kit.tables import AuditEntry, OutboxEvent
from registration import freezes
from registration.models import FrozenMaterial, Material

NINGBO = "2023-ningbo"
HUAWEI = "914403001922038216"
ALICE = Actor("u-alice", "applicant")
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
COMMITTEE = Actor("u-committee", "committee", "2023-national")
PDF_FORM = {"kind": "application-form", "filename": "申报书.pdf", "content_type": "application/pdf",
            "size": 10, "sha256": "a" * 64}


@pytest.fixture
def team(rpc, world):
    world.edition(cutoffs=[{"stage": "local", "at": (datetime.now(UTC) + timedelta(days=1)).isoformat()}])
    return rpc(ALICE, "register_team", NINGBO, {
        "name": "Blue Lantern", "track": "quality",
        "unit": {"name": "Ningbo Optics Ltd", "uscc": HUAWEI, "kind": "software", "staff": 10,
                 "revenue_cny": 1_000_000},
        "contact": {"name": "Li Wei", "email": "li.wei@blue.example.com"}})


def outbox(store, event_type):
    with store.session(all_tenants=True) as session:
        return [json.loads(row.body)["payload"] for row in session.scalars(
            select(OutboxEvent).where(OutboxEvent.type == event_type).order_by(OutboxEvent.id))]


def audited(store, action):
    with store.session(all_tenants=True) as session:
        return [json.loads(row.data) if isinstance(row.data, str) else row.data for row in session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq))]


def test_a_disqualified_team_is_told_audited_and_can_no_longer_send_materials(rpc, store, team):
    answer = rpc(COMMITTEE, "disqualify", NINGBO, team["id"], {"reason": "申报营收与审计报告不符"})

    refusals = []
    description = {"title": "Lens", "summary": "s"}
    for method, args in (("request_upload", (PDF_FORM,)), ("submit_project", (description,))):
        with pytest.raises(ValidationFailed) as refused:
            rpc(ALICE, method, NINGBO, team["id"], *args)
        refusals.append(refused.value.codes)

    assert (answer["status"], answer["disqualification_reason"]) == ("disqualified", "申报营收与审计报告不符")
    assert outbox(store, "team-disqualified") == [
        {"team_id": team["id"], "team_name": "Blue Lantern", "reason": "申报营收与审计报告不符"}]
    assert [entry["reason"] for entry in audited(store, "team.disqualified")] == ["申报营收与审计报告不符"]
    assert refusals == [{"team_id": ["team-disqualified"]}] * 2


def test_a_team_is_disqualified_once(rpc, store, team):
    rpc(COMMITTEE, "disqualify", NINGBO, team["id"], {"reason": "申报营收与审计报告不符"})

    with pytest.raises(Conflict) as again:
        rpc(COMMITTEE, "disqualify", NINGBO, team["id"], {"reason": "再次取消资格"})

    assert (again.value.codes, len(outbox(store, "team-disqualified"))) == (
        {"team_id": ["already-disqualified"]}, 1)


def test_no_stage_freezes_a_disqualified_team_s_materials(rpc, store, world, team):
    with store.session(tenant=NINGBO) as session:
        session.add(Material(tenant=NINGBO, team_id=team["id"], kind="slides", version=1, upload_id="u1",
                             filename="a.pdf", content_type="application/pdf", key=f"{NINGBO}/x/u1-a.pdf",
                             sha256="a" * 64, size=10, stage="local"))
    rpc(COMMITTEE, "disqualify", NINGBO, team["id"], {"reason": "申报营收与审计报告不符"})
    world.edition(cutoffs=[{"stage": "local", "at": datetime.now(UTC).isoformat()}])

    froze = freezes.freeze_due(Command(store, "registration"))

    with store.session(all_tenants=True) as session:
        frozen = session.scalar(select(func.count()).select_from(FrozenMaterial))
    assert ((NINGBO, "local") in froze, frozen, outbox(store, "materials-frozen")) == (True, 0, [])


def test_due_diligence_may_be_recorded_again_and_the_latest_stands(rpc, store, team):
    rpc(COMMITTEE, "record_due_diligence", NINGBO, team["id"], {"passed": True, "reason": "营业执照核验无误"})
    second = rpc(COMMITTEE, "record_due_diligence", NINGBO, team["id"],
                 {"passed": False, "reason": "复核发现营业执照已吊销"})

    latest = second["due_diligence"]
    assert (latest["passed"], latest["reason"]) == (False, "复核发现营业执照已吊销")
    assert [(e["passed"], e["reason"]) for e in outbox(store, "due-diligence-recorded")] == [
        (True, "营业执照核验无误"), (False, "复核发现营业执照已吊销")]
    assert [e["passed"] for e in audited(store, "team.due-diligence-recorded")] == [True, False]


@pytest.mark.parametrize("method,data", [
    ("disqualify", {"reason": "x"}), ("record_due_diligence", {"passed": True, "reason": "核验无误无误"})])
@pytest.mark.parametrize("actor", [ALICE, NINGBO_ADMIN])
def test_only_the_committee_decides(rpc, store, team, method, data, actor):
    with pytest.raises(Forbidden):
        rpc(actor, method, NINGBO, team["id"], data)

    assert outbox(store, "team-disqualified") + outbox(store, "due-diligence-recorded") == []


@pytest.mark.parametrize("method,data,field", [
    ("disqualify", {"reason": "   \u200b "}, "reason"), ("disqualify", {}, "reason"),
    ("record_due_diligence", {"passed": "yes", "reason": "营业执照核验无误"}, "passed"),
    ("record_due_diligence", {"passed": True, "reason": "短"}, "reason")])
def test_a_decision_without_a_proper_reason_or_result_is_refused_on_its_field(rpc, team, method, data,
                                                                             field):
    with pytest.raises(ValidationFailed) as refused:
        rpc(COMMITTEE, method, NINGBO, team["id"], data)

    assert list(refused.value.fields) == [field]
