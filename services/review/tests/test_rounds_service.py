"""A station's review rounds: each sheet is scored in the round open now and on its rubric; nothing is
scored or reopened once it closed, by hand or at its closing time (once, however many replicas' timers
race); experts see no score while a round is open. Every step in the audit record."""
from datetime import timedelta

import eventlet
import pytest
from sqlalchemy import select

from contest_kit.context import Actor
from contest_kit.db import utc_now
from contest_kit.envelope import Envelope
from contest_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from contest_kit.paging import items
from contest_kit.tables import AuditEntry
from review.models import ScoreSheet
from review.service import ReviewService

NINGBO, PROJECT = "2023-ningbo", "0800ea25d1794ff1885abe2901b80888"
EXPERTS = [Actor(f"u-expert-{n}", "expert", NINGBO) for n in (1, 2, 3)]
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WUXI_ADMIN = Actor("u-wx-admin", "station_admin", "2023-wuxi")
# On a scale of 10, weighted 0.40 / 0.20 / 0.20 / 0.20: totals 7.60, 9.00 and 6.80.
RUBRIC = {"scale": 10, "weights": {"technical": 0.4, "application": 0.2, "commercial": 0.2, "defence": 0.2}}
SHEETS = [{"technical": "8", "application": "9", "commercial": "7", "defence": "6"},
          {"technical": "9", "application": "9", "commercial": "9", "defence": "9"},
          {"technical": "7", "application": "8", "commercial": "6", "defence": "6"}]


def submission(project_id=PROJECT):
    return Envelope(type="submission-received", tenant=NINGBO, correlation_id="corr-v1", payload={
        "team_id": f"t-{project_id[:4]}", "project_id": project_id, "version": 1, "title": "Lens sorter",
        "track": "quality", "group": "emerging", "materials": []}).to_message()


def window(opens_in_hours, closes_in_hours, code="online-review", now=None, **fields):
    now = now or utc_now()
    return {"code": code, "kind": "online-review", "name": "网络评审", "rubric": RUBRIC,
            "opens_at": (now + timedelta(hours=opens_in_hours)).isoformat(),
            "closes_at": (now + timedelta(hours=closes_in_hours)).isoformat(), **fields}


def define(rpc, actor, form):
    """Define (or change) the round that `form` names, as the gateway's PUT .../rounds/{code} does."""
    form = dict(form)
    return rpc(actor, "define_round", NINGBO, form.pop("code"), form)


def audit(store, prefix="round."):
    with store.session() as session:
        return [(e.action, e.data) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))
                if e.action.startswith(prefix)]


def test_sheets_are_scored_in_the_open_round_on_its_rubric(deliver, rpc, store):
    deliver(submission())
    defined = define(rpc, NINGBO_ADMIN, window(-1, 24))
    totals = [rpc(expert, "submit_score_sheet", NINGBO, PROJECT, sheet)["total"]
              for expert, sheet in zip(EXPERTS, SHEETS, strict=True)]

    assert (defined["status"], defined["rubric"]["scale"], defined["rubric"]["weights"]["technical"]) == (
        "open", 10, "0.40")
    assert totals == ["7.60", "9.00", "6.80"]
    [done] = items(rpc(NINGBO_ADMIN, "list_items", NINGBO, "completed"))
    assert done["score"] == "7.80"                                   # (7.60 + 9.00 + 6.80) / 3
    with store.session(tenant=NINGBO) as session:
        assert set(session.scalars(select(ScoreSheet.round))) == {"online-review"}


def test_a_score_above_the_rounds_scale_is_refused_on_its_field_and_nothing_is_kept(deliver, rpc, store):
    deliver(submission())
    define(rpc, NINGBO_ADMIN, window(-1, 24))

    with pytest.raises(ValidationFailed) as refused:
        rpc(EXPERTS[0], "submit_score_sheet", NINGBO, PROJECT, {**SHEETS[0], "defence": "10.5"})

    assert refused.value.codes == {"defence": ["over-scale"]}
    assert "10" in refused.value.fields["defence"][0]
    with store.session(tenant=NINGBO) as session:
        assert session.scalars(select(ScoreSheet)).all() == []


def test_nothing_is_scored_before_a_round_opens_or_after_it_closes(deliver, rpc):
    deliver(submission())
    define(rpc, NINGBO_ADMIN, window(2, 24))

    with pytest.raises(Conflict) as early:
        rpc(EXPERTS[0], "submit_score_sheet", NINGBO, PROJECT, SHEETS[0])
    define(rpc, NINGBO_ADMIN, window(-1, 24))         # still scheduled: moved freely
    rpc(EXPERTS[0], "submit_score_sheet", NINGBO, PROJECT, SHEETS[0])
    closed = rpc(NINGBO_ADMIN, "close_round", NINGBO, "online-review")
    with pytest.raises(Conflict) as late:
        rpc(EXPERTS[1], "submit_score_sheet", NINGBO, PROJECT, SHEETS[1])
    with pytest.raises(Conflict):
        rpc(NINGBO_ADMIN, "reopen_score_sheet", NINGBO, PROJECT, EXPERTS[0].id, {"reason": "复核"})

    assert early.value.codes == late.value.codes == {"round": ["round-closed"]}
    assert closed["status"] == "closed"


def test_closing_a_round_by_hand_records_who_is_late(deliver, rpc, store):
    deliver(submission())
    rpc(NINGBO_ADMIN, "keep_expert", NINGBO, EXPERTS[0].id, "expert1", {"name": "甲", "kind": "industry"})
    rpc(NINGBO_ADMIN, "keep_expert", NINGBO, EXPERTS[1].id, "expert2", {"name": "乙", "kind": "industry"})
    rpc(NINGBO_ADMIN, "assign_experts", NINGBO, {"k": 2})
    define(rpc, NINGBO_ADMIN, window(-1, 24))
    rpc(EXPERTS[0], "submit_score_sheet", NINGBO, PROJECT, SHEETS[0])

    rpc(NINGBO_ADMIN, "close_round", NINGBO, "online-review")
    with pytest.raises(Conflict):                                    # once
        rpc(NINGBO_ADMIN, "close_round", NINGBO, "online-review")

    [(action, closed)] = [entry for entry in audit(store) if entry[0] == "round.closed"]
    assert (closed["by_hand"], closed["awaiting"], closed["late_sheets"], closed["late_experts"]) == (
        True, 1, 1, [EXPERTS[1].id])


def test_an_open_rounds_rubric_is_fixed_but_its_close_may_be_extended(rpc, store):
    now = utc_now()
    define(rpc, NINGBO_ADMIN, window(-1, 24, now=now))
    heavier = {**RUBRIC, "weights": {**RUBRIC["weights"], "technical": 0.3, "defence": 0.3}}

    with pytest.raises(Conflict) as fixed:
        define(rpc, NINGBO_ADMIN, window(-1, 24, now=now, rubric=heavier))
    extended = define(rpc, NINGBO_ADMIN, window(-1, 48, now=now, name="网络评审（延长）"))

    assert fixed.value.codes == {"weights": ["round-open"]}
    assert extended["name"] == "网络评审（延长）"
    assert [action for action, _ in audit(store)] == ["round.defined", "round.changed"]


def test_rounds_may_not_overlap_and_a_closed_one_stays_as_it_closed(rpc):
    define(rpc, NINGBO_ADMIN, window(-1, 24))

    with pytest.raises(Conflict) as overlap:
        define(rpc, NINGBO_ADMIN, window(12, 48, code="online-roadshow"))
    define(rpc, NINGBO_ADMIN, window(24, 48, code="online-roadshow", kind="online-roadshow"))
    rpc(NINGBO_ADMIN, "close_round", NINGBO, "online-review")
    with pytest.raises(Conflict) as changed:
        define(rpc, NINGBO_ADMIN, window(-1, 2))

    assert overlap.value.codes == {"opens_at": ["round-overlap"]}
    assert changed.value.codes == {"code": ["round-closed"]}
    assert [(r["code"], r["status"]) for r in items(rpc(EXPERTS[0], "list_rounds", NINGBO))] == [
        ("online-review", "closed"), ("online-roadshow", "scheduled")]


@pytest.mark.parametrize("form, field", [
    ({"rubric": {"weights": {"technical": 0.5, "application": 0.3, "commercial": 0.2, "defence": 0.2}}},
     "rubric.weights._schema"),
    ({"rubric": {"scale": 5}}, "rubric.scale"),
    ({"kind": "lottery"}, "kind"),
    ({"code": "Online Review"}, "code"),
    ({"opens_at": "0001-01-01T00:00:00"}, "opens_at"),
])
def test_a_bad_round_is_refused_on_its_field(rpc, form, field):
    with pytest.raises(ValidationFailed) as refused:
        define(rpc, NINGBO_ADMIN, {**window(-1, 24), **form})
    assert field in refused.value.fields


def test_a_round_must_close_after_it_opens(rpc):
    with pytest.raises(ValidationFailed) as refused:
        define(rpc, NINGBO_ADMIN, window(24, 1))
    assert "closes_at" in refused.value.fields


def test_rounds_are_the_stations_to_define_and_close(rpc):
    with pytest.raises(Forbidden):
        define(rpc, EXPERTS[0], window(-1, 24))
    with pytest.raises(Forbidden):
        define(rpc, WUXI_ADMIN, window(-1, 24))
    define(rpc, NINGBO_ADMIN, window(-1, 24))
    with pytest.raises(Forbidden):
        rpc(EXPERTS[0], "close_round", NINGBO, "online-review")
    with pytest.raises(Forbidden):
        rpc(WUXI_ADMIN, "list_rounds", NINGBO)
    with pytest.raises(NotFound):
        rpc(NINGBO_ADMIN, "close_round", NINGBO, "final")


def test_experts_see_no_score_while_the_round_is_open(deliver, rpc):
    deliver(submission())
    define(rpc, NINGBO_ADMIN, window(-1, 24))
    for expert, sheet in zip(EXPERTS, SHEETS, strict=True):
        rpc(expert, "submit_score_sheet", NINGBO, PROJECT, sheet)

    [while_open] = items(rpc(EXPERTS[0], "list_items", NINGBO, "completed"))
    [for_the_station] = items(rpc(NINGBO_ADMIN, "list_items", NINGBO, "completed"))
    rpc(NINGBO_ADMIN, "close_round", NINGBO, "online-review")
    [after_close] = items(rpc(EXPERTS[0], "list_items", NINGBO, "completed"))

    assert (while_open["score"], for_the_station["score"], after_close["score"]) == (None, "7.80", "7.80")


def test_a_round_closes_at_its_time_once_however_many_replicas_race(start_service, rpc, store):
    define(rpc, NINGBO_ADMIN, {**window(-2, 1), "closes_at": (
        utc_now() + timedelta(seconds=1)).isoformat()})
    replicas = [start_service(ReviewService, ROUND_CHECK_SECONDS=0.02) for _ in range(2)]

    eventlet.sleep(2.5)                                              # both timers fire many times meanwhile

    [(_, closed)] = [entry for entry in audit(store) if entry[0] == "round.closed"]
    assert closed["by_hand"] is False
    assert [r["status"] for r in items(rpc(NINGBO_ADMIN, "list_rounds", NINGBO))] == ["closed"]
    assert len(replicas) == 2
