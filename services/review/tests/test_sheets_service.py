"""A score sheet's states: submitted is locked; the station reopens it with a reason; the expert amends
it; a completed review's sheets are final. Every step in the audit record."""
import pytest
from sqlalchemy import select

from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from contest_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from contest_kit.paging import items
from contest_kit.tables import AuditEntry

NINGBO, PROJECT, REASON = "2023-ningbo", "0800ea25d1794ff1885abe2901b80888", "应用成效分误填"
EXPERTS = [Actor(f"u-expert-{n}", "expert", NINGBO) for n in (1, 2, 3)]
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WUXI_ADMIN = Actor("u-wx-admin", "station_admin", "2023-wuxi")
# Weighted totals 77.00, 90.00 and 72.00.
SHEETS = [{"technical": "80", "application": "90", "commercial": "70", "defence": "60"},
          {"technical": "90", "application": "90", "commercial": "90", "defence": "90"},
          {"technical": "70", "application": "80", "commercial": "60", "defence": "75"}]


def submission():
    return Envelope(type="submission-received", tenant=NINGBO, correlation_id="corr-v1", payload={
        "team_id": "t-1", "project_id": PROJECT, "version": 1, "title": "Lens sorter", "track": "quality",
        "group": "emerging", "materials": []}).to_message()


def audit(store):
    with store.session() as session:
        return [(e.action, e.data) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def test_a_reopened_sheet_is_amended_and_only_then_counts_again(deliver, rpc, store):
    deliver(submission())
    rpc(EXPERTS[0], "submit_score_sheet", NINGBO, PROJECT, SHEETS[0])
    rpc(EXPERTS[1], "submit_score_sheet", NINGBO, PROJECT, SHEETS[1])

    with pytest.raises(Conflict):                                   # locked once submitted
        rpc(EXPERTS[0], "submit_score_sheet", NINGBO, PROJECT, SHEETS[1])
    reopened = rpc(NINGBO_ADMIN, "reopen_score_sheet", NINGBO, PROJECT, EXPERTS[0].id, {"reason": REASON})
    third = rpc(EXPERTS[2], "submit_score_sheet", NINGBO, PROJECT, SHEETS[2])     # two of three submitted
    amended = rpc(EXPERTS[0], "submit_score_sheet", NINGBO, PROJECT, SHEETS[1])

    assert (reopened["status"], reopened["reopened_reason"]) == ("reopened", REASON)
    assert third["review_completed"] is False
    assert (amended["status"], amended["total"], amended["review_completed"]) == ("submitted", "90.00", True)
    [done] = items(rpc(NINGBO_ADMIN, "list_items", NINGBO, "completed"))
    assert done["score"] == "84.00"                                  # (90 + 90 + 72) / 3
    actions = audit(store)
    assert [a for a, _ in actions] == [
        "score-sheet.submitted", "score-sheet.submitted", "score-sheet.reopened", "score-sheet.submitted",
        "score-sheet.amended", "review.completed"]
    amendment = dict(actions)["score-sheet.amended"]
    assert (amendment["before_total"], amendment["total"], amendment["reason"]) == ("77.00", "90.00", REASON)


def test_a_completed_reviews_sheets_are_final(deliver, rpc):
    deliver(submission())
    for expert, sheet in zip(EXPERTS, SHEETS, strict=False):
        rpc(expert, "submit_score_sheet", NINGBO, PROJECT, sheet)

    with pytest.raises(Conflict):
        rpc(NINGBO_ADMIN, "reopen_score_sheet", NINGBO, PROJECT, EXPERTS[0].id, {"reason": "复核"})


def test_reopening_is_the_stations_and_needs_a_reason_and_a_sheet(deliver, rpc):
    deliver(submission())
    rpc(EXPERTS[0], "submit_score_sheet", NINGBO, PROJECT, SHEETS[0])

    with pytest.raises(Forbidden):
        rpc(EXPERTS[0], "reopen_score_sheet", NINGBO, PROJECT, EXPERTS[0].id, {"reason": "我想改分"})
    with pytest.raises(Forbidden):
        rpc(WUXI_ADMIN, "reopen_score_sheet", NINGBO, PROJECT, EXPERTS[0].id, {"reason": "复核"})
    with pytest.raises(ValidationFailed):
        rpc(NINGBO_ADMIN, "reopen_score_sheet", NINGBO, PROJECT, EXPERTS[0].id, {"reason": " "})
    with pytest.raises(NotFound):
        rpc(NINGBO_ADMIN, "reopen_score_sheet", NINGBO, PROJECT, EXPERTS[1].id, {"reason": "复核"})
    rpc(NINGBO_ADMIN, "reopen_score_sheet", NINGBO, PROJECT, EXPERTS[0].id, {"reason": "复核"})
    with pytest.raises(Conflict):
        rpc(NINGBO_ADMIN, "reopen_score_sheet", NINGBO, PROJECT, EXPERTS[0].id, {"reason": "复核"})


def test_sheets_far_apart_flag_the_project_and_one_more_sheet_completes_it(deliver, rpc, store):
    deliver(submission())
    fourth = Actor("u-expert-4", "expert", NINGBO)
    far_apart = [dict.fromkeys(SHEETS[0], points) for points in ("95", "90", "50")]  # totals 95, 90, 50

    answers = [rpc(expert, "submit_score_sheet", NINGBO, PROJECT, sheet)["review_completed"]
               for expert, sheet in zip(EXPERTS, far_apart, strict=True)]
    [flagged] = items(rpc(NINGBO_ADMIN, "list_items", NINGBO))
    last = rpc(fourth, "submit_score_sheet", NINGBO, PROJECT, dict.fromkeys(SHEETS[0], "85"))

    assert answers == [False, False, False]
    assert flagged["flagged_at"] is not None and flagged["status"] == "awaiting"
    assert last["review_completed"] is True
    [done] = items(rpc(NINGBO_ADMIN, "list_items", NINGBO, "completed"))
    assert done["score"] == "80.00"                                  # (95 + 90 + 50 + 85) / 4
    flag = dict(audit(store))["review.flagged"]
    assert (flag["sheet_totals"], flag["spread"]) == (["95.00", "90.00", "50.00"], 30)


def test_a_disqualified_teams_project_is_withdrawn_from_review(deliver, rpc, store):
    deliver(submission())
    rpc(EXPERTS[0], "submit_score_sheet", NINGBO, PROJECT, SHEETS[0])

    deliver(Envelope(type="team-disqualified", tenant=NINGBO, correlation_id="corr-dq", payload={
        "team_id": "t-1", "team_name": "Lens", "reason": "申报营收与审计报告不符"}).to_message())

    [withdrawn] = items(rpc(NINGBO_ADMIN, "list_items", NINGBO, "withdrawn"))
    assert (withdrawn["project_id"], withdrawn["sheet_count"]) == (PROJECT, 1)
    assert items(rpc(NINGBO_ADMIN, "list_items", NINGBO)) == []
    with pytest.raises(Conflict) as refused:
        rpc(EXPERTS[1], "submit_score_sheet", NINGBO, PROJECT, SHEETS[1])
    assert str(refused.value) == "该团队已被取消资格，其项目不再评审"
    assert dict(audit(store))["review.withdrawn"]["projects"] == [PROJECT]
