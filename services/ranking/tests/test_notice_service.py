"""The public notice of the final's awards: 30 days, with the audit chains' heads; real-name complaints
within it; the committee's steps in order; an upheld complaint revokes the award, records the prize to
recover, and publishes the notice again."""
import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from contest_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from contest_kit.tables import AuditEntry, OutboxEvent
from ranking.models import Notice

NATIONAL = "2023-national"
COMMITTEE = Actor("u-committee", "committee", NATIONAL)
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", "2023-ningbo")
WEIGHTS = {"technical": "0.30", "application": "0.30", "commercial": "0.20", "defence": "0.20"}
HEADS = [{"service": "ranking", "tenant": NATIONAL, "seq": 7, "hash": "ab" * 32}]
COMPLAINT = {"project_id": "f-a", "name": "王芳", "contact": "13800000000", "statement": "营收数据造假",
             "evidence": "审计报告第3页与工商年报不符"}


@pytest.fixture
def awarded(deliver, rpc):
    """f-a first (1,000,000), f-b second (300,000), published."""
    for project, total in (("f-a", 95), ("f-b", 90), ("f-c", 85)):
        deliver(Envelope(type="score-submitted", tenant=NATIONAL, correlation_id=f"corr-{project}", payload={
            "team_id": f"team-{project}", "project_id": project, "version": 1, "group": "emerging",
            "track": "quality", "round": "final", "expert_id": "e1",
            "scores": dict.fromkeys(WEIGHTS, f"{total}.00"), "weights": WEIGHTS, "total": f"{total}.00",
            "amended": False}).to_message())
    rpc(COMMITTEE, "grant_awards", NATIONAL, "national-final", {
        "round": "final", "group": "emerging",
        "tiers": [{"tier": "first", "count": 1}, {"tier": "second", "count": 1}]})
    return rpc(COMMITTEE, "publish_notice", NATIONAL, "national-final", {"heads": HEADS})


def steps(rpc, complaint, *actions):
    for action in actions:
        rpc(COMMITTEE, "complaint_step", NATIONAL, complaint, {"action": action, "note": f"{action}：核查"})


def test_the_notice_is_public_for_thirty_days_with_the_chains_heads(awarded, rpc, store):
    read = rpc(None, "notice", NATIONAL, "national-final")
    head = rpc(COMMITTEE, "audit_head", NATIONAL)
    with store.session() as session:
        last = session.scalars(select(AuditEntry).where(AuditEntry.tenant == NATIONAL)
                               .order_by(AuditEntry.seq.desc())).first()

    assert read == awarded
    assert [(a["project_id"], a["tier"], a["amount"]) for a in read["awards"]] == [
        ("f-a", "first", 1_000_000), ("f-b", "second", 300_000)]
    assert read["heads"] == HEADS and read["open"] and read["version"] == 1
    assert head == {"seq": last.seq, "hash": last.hash} and last.action == "ranking.notice-published"
    window = datetime.fromisoformat(read["closes_at"]) - datetime.fromisoformat(read["opened_at"])
    assert window == timedelta(days=30)
    with pytest.raises(NotFound):
        rpc(None, "notice", NATIONAL, "special-award")


def test_an_upheld_complaint_revokes_the_award_and_publishes_again(awarded, rpc, store):
    receipt = rpc(None, "file_complaint", NATIONAL, "national-final", COMPLAINT)
    steps(rpc, receipt["id"], "accept", "investigate", "uphold")

    again = rpc(None, "notice", NATIONAL, "national-final")
    assert receipt["state"] == "filed"
    assert (again["version"], [a["project_id"] for a in again["awards"]]) == (2, ["f-b"])
    assert [(a["project_id"], a["revoked"], a["recovered"]) for a in again["revoked"]] == [
        ("f-a", "uphold：核查", 1_000_000)]
    assert (again["opened_at"], again["heads"]) == (awarded["opened_at"], HEADS)  # the window stands
    with store.session() as session:
        [revoked] = [json.loads(b)["payload"] for b in session.scalars(
            select(OutboxEvent.body).where(OutboxEvent.type == "award-revoked"))]
        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
    assert (revoked["team_id"], revoked["recovered"]) == ("team-f-a", 1_000_000)
    assert actions[-6:] == ["ranking.complaint-filed", "ranking.complaint-accept",
                            "ranking.complaint-investigate", "ranking.complaint-uphold",
                            "ranking.award-revoked", "ranking.notice-published"]
    [listed] = rpc(COMMITTEE, "complaints", NATIONAL, "national-final")["complaints"]
    assert listed["state"] == "upheld"
    assert [s["action"] for s in listed["steps"]] == ["accept", "investigate", "uphold"]


def test_anonymous_late_and_out_of_order_are_refused(awarded, rpc, store):
    with pytest.raises(ValidationFailed) as anonymous:
        rpc(None, "file_complaint", NATIONAL, "national-final", {**COMPLAINT, "name": " ", "evidence": ""})
    with pytest.raises(Conflict) as not_awarded:
        rpc(None, "file_complaint", NATIONAL, "national-final", {**COMPLAINT, "project_id": "f-c"})
    receipt = rpc(None, "file_complaint", NATIONAL, "national-final", COMPLAINT)
    with pytest.raises(Conflict) as early:
        steps(rpc, receipt["id"], "uphold")                           # not investigated yet
    with pytest.raises(Forbidden):
        rpc(NINGBO_ADMIN, "complaint_step", NATIONAL, receipt["id"], {"action": "accept", "note": "x"})
    steps(rpc, receipt["id"], "dismiss")
    with store.session(tenant=NATIONAL) as session:                   # 31 days on
        for row in session.scalars(select(Notice)):
            row.opened_at -= timedelta(days=31)
    with pytest.raises(Conflict) as late:
        rpc(None, "file_complaint", NATIONAL, "national-final", COMPLAINT)

    assert anonymous.value.codes == {"name": ["anonymous"], "evidence": ["anonymous"]}
    assert not_awarded.value.codes == {"project_id": ["not-awarded"]}
    assert early.value.codes == {"action": ["out-of-order"]}
    assert late.value.codes == {"code": ["notice-closed"]}
    standing = rpc(None, "notice", NATIONAL, "national-final")["awards"]
    assert [a["project_id"] for a in standing] == ["f-a", "f-b"]
