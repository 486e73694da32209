"""The ranking keeps every sheet review sends and ranks a round's group from them by any method, with
each place's explanation, an export anyone recomputes, and the experts' calibration; the round's
method, deliberations, advancement and publications."""
import json

import pytest
from sqlalchemy import select

from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from contest_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from contest_kit.tables import AuditEntry, OutboxEvent
from ranking.domain.published import verify

NINGBO = "2023-ningbo"
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WUXI_ADMIN = Actor("u-wx-admin", "station_admin", "2023-wuxi")
EXPERT = Actor("u-expert-1", "expert", NINGBO)
COMMITTEE = Actor("u-committee", "committee", "2023-national")
WEIGHTS = {"technical": "0.30", "application": "0.30", "commercial": "0.20", "defence": "0.20"}
CRITERIA = tuple(WEIGHTS)


def sheet(project, expert, total, version=1, amended=False, group="emerging", defence=None):
    scores = dict.fromkeys(CRITERIA, f"{total}.00")
    if defence is not None:
        scores["defence"] = f"{defence}.00"
    weighted = sum(float(scores[c]) * float(w) for c, w in WEIGHTS.items())
    return Envelope(type="score-submitted", tenant=NINGBO, correlation_id=f"corr-{project}-{expert}",
                    payload={"team_id": f"team-{project}", "project_id": project, "version": version,
                             "group": group, "track": "quality", "round": "online-review",
                             "expert_id": expert, "scores": scores, "weights": WEIGHTS,
                             "total": f"{weighted:.2f}", "amended": amended}).to_message()


@pytest.fixture
def round_of_five(deliver):
    """p-a: 50, 85, 85, 85, 85 (mean 78.00, trimmed 85.00); p-b: 80, 80, 80, 80, 90 (82.00, 80.00)."""
    for project, totals in (("p-a", (50, 85, 85, 85, 85)), ("p-b", (80, 80, 80, 80, 90))):
        for n, total in enumerate(totals, start=1):
            deliver(sheet(project, f"e{n}", total))


def ranking(rpc, actor=NINGBO_ADMIN, **query):
    return rpc(actor, "round_ranking", NINGBO, "online-review", **{"group": "emerging", **query})


def test_a_round_is_ranked_by_the_method_asked_with_each_places_explanation(round_of_five, rpc):
    by_mean, trimmed = ranking(rpc), ranking(rpc, aggregation="trimmed-mean")

    assert [(p["project_id"], p["score"], p["rank"]) for p in by_mean["places"]] == [
        ("p-b", "82.00", 1), ("p-a", "78.00", 2)]
    assert [(p["project_id"], p["score"], p["rank"]) for p in trimmed["places"]] == [
        ("p-a", "85.00", 1), ("p-b", "80.00", 2)]
    first = trimmed["places"][0]["explanation"]
    assert first["arithmetic"] == "(85.00 + 85.00 + 85.00) / 3 = 85.00"
    assert [s["why"] for s in first["sheets"]][0] == "trimmed: one of the 1 lowest"


def test_an_amended_sheet_replaces_its_first_and_a_newer_version_replaces_the_older(round_of_five, deliver,
                                                                                     rpc):
    deliver(sheet("p-a", "e1", 85, amended=True))                    # 50 -> 85: p-a's mean is 85.00
    for n in (1, 2, 3):
        deliver(sheet("p-b", f"e{n}", 60, version=2))                # p-b's second version: 60.00

    assert [(p["project_id"], p["score"], p["version"]) for p in ranking(rpc)["places"]] == [
        ("p-a", "85.00", 1), ("p-b", "60.00", 2)]


def test_a_first_submission_arriving_after_its_amendment_changes_nothing(deliver, rpc):
    deliver(sheet("p-a", "e1", 90, amended=True))
    deliver(sheet("p-a", "e1", 50))                                   # the first, replayed late

    assert [p["score"] for p in ranking(rpc)["places"]] == ["90.00"]


def test_an_open_tie_is_shown_and_the_chain_settles_the_rest(deliver, rpc):
    for n in (1, 2):
        deliver(sheet("p-c", f"e{n}", 70))
        deliver(sheet("p-d", f"e{n}", 70))
        deliver(sheet("p-e", f"e{n}", 75, defence=50))                # 0.8 × 75 + 0.2 × 50 = 70.00

    ranked = ranking(rpc)

    assert [(p["project_id"], p["rank"], p["settled_by"]) for p in ranked["places"]] == [
        ("p-c", 1, "open"), ("p-d", 1, "open"), ("p-e", 3, "defence")]
    assert ranked["open_ties"] == [["p-c", "p-d"]]


def test_the_export_verifies_and_an_edited_one_does_not(round_of_five, rpc):
    export = rpc(COMMITTEE, "round_export", NINGBO, "online-review", group="emerging", aggregation="z-score")

    assert verify(export) is None
    export["inputs"]["sheets"][0]["scores"]["technical"] = "99.00"
    assert verify(export).startswith("p-a: published score")


def test_calibration_flags_an_expert_far_from_the_consensus(deliver, rpc):
    for project, base in (("p-1", 90), ("p-2", 80), ("p-3", 70), ("p-4", 60)):
        for expert, offset in (("e1", 0), ("e2", 0), ("e3", 30)):
            deliver(sheet(project, expert, min(base + offset, 100)))

    report = rpc(NINGBO_ADMIN, "round_calibration", NINGBO, "online-review")

    flagged = {e["expert_id"]: e["flagged"] for e in report["experts"]}
    assert flagged == {"e1": [], "e2": [], "e3": ["lenient"]}
    assert (report["leniency_threshold"], report["agreement_threshold"]) == (10.0, 0.3)


def test_what_makes_no_sense_is_refused_with_its_code(round_of_five, rpc):
    with pytest.raises(ValidationFailed) as too_deep:
        ranking(rpc, aggregation="trimmed-mean", k=3)                     # 3 from each end needs 7 sheets
    with pytest.raises(ValidationFailed) as unknown:
        ranking(rpc, aggregation="mode")
    with pytest.raises(NotFound):
        rpc(NINGBO_ADMIN, "round_ranking", NINGBO, "final", group="emerging")

    assert too_deep.value.codes == {"aggregation": ["trim-exceeds-sheets"]}
    assert "aggregation" in unknown.value.fields


def test_a_rounds_ranking_is_the_stations_and_the_committees(round_of_five, rpc):
    for actor in (WUXI_ADMIN, EXPERT):
        with pytest.raises(Forbidden):
            ranking(rpc, actor=actor)
    assert ranking(rpc, actor=COMMITTEE)["places"]


def audit(store):
    with store.session() as session:
        return [(e.action, e.data) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def test_the_rounds_own_method_ranks_it_until_changed_and_each_change_is_audited(round_of_five, rpc, store):
    kept = rpc(NINGBO_ADMIN, "set_round_method", NINGBO, "online-review", {"aggregation": "trimmed-mean"})
    trimmed = ranking(rpc)
    rpc(COMMITTEE, "set_round_method", NINGBO, "online-review", {"aggregation": "median"})

    assert (kept["aggregation"], trimmed["method"]) == ("trimmed-mean", "trimmed-mean")
    assert [p["project_id"] for p in trimmed["places"]] == ["p-a", "p-b"]
    assert ranking(rpc)["method"] == "median"
    assert ranking(rpc, aggregation="mean")["method"] == "mean"          # asked: compared, not kept
    assert [(a, d["aggregation"], d["before"]) for a, d in audit(store)] == [
        ("ranking.method-set", "trimmed-mean", None),
        ("ranking.method-set", "median", {"aggregation": "trimmed-mean", "k": None})]


@pytest.fixture
def open_tie(deliver):
    """p-c and p-d tie on everything (70.00); p-e scores 75.00."""
    for n in (1, 2):
        deliver(sheet("p-c", f"e{n}", 70))
        deliver(sheet("p-d", f"e{n}", 70))
        deliver(sheet("p-e", f"e{n}", 75))


def test_a_deliberation_orders_the_open_tie_and_goes_into_the_export(open_tie, rpc, store):
    decided = rpc(COMMITTEE, "deliberate", NINGBO, "online-review", {
        "group": "emerging", "order": ["p-d", "p-c"], "reason": "合议：p-d 应用成效更突出"})

    ranked = ranking(rpc)
    export = rpc(NINGBO_ADMIN, "round_export", NINGBO, "online-review", group="emerging")

    assert decided["order"] == ["p-d", "p-c"]
    assert [(p["project_id"], p["rank"], p["settled_by"]) for p in ranked["places"]] == [
        ("p-e", 1, "score"), ("p-d", 2, "deliberation"), ("p-c", 3, "deliberation")]
    assert ranked["open_ties"] == []
    assert export["inputs"]["deliberations"] == [
        {"order": ["p-d", "p-c"], "reason": "合议：p-d 应用成效更突出"}]
    assert verify(export) is None
    [(action, data)] = audit(store)
    assert (action, data["order"], data["aggregation"]) == ("ranking.tie-deliberated", ["p-d", "p-c"], "mean")


def test_a_deliberation_no_longer_applies_once_a_late_sheet_splits_the_tie(open_tie, deliver, rpc):
    rpc(COMMITTEE, "deliberate", NINGBO, "online-review", {
        "group": "emerging", "order": ["p-d", "p-c"], "reason": "合议"})
    deliver(sheet("p-c", "e3", 100))                                   # p-c: 80.00, alone

    assert [(p["project_id"], p["settled_by"]) for p in ranking(rpc)["places"]] == [
        ("p-c", "score"), ("p-e", "score"), ("p-d", "score")]


@pytest.mark.parametrize("order, code", [(["p-c", "p-e"], "not-an-open-tie"),
                                         (["p-c", "p-c"], "project-twice")])
def test_deliberating_what_is_not_an_open_tie_is_refused_and_nothing_is_kept(open_tie, rpc, store, order,
                                                                             code):
    with pytest.raises(Conflict) as refused:
        rpc(COMMITTEE, "deliberate", NINGBO, "online-review", {"group": "emerging", "order": order,
                                                                 "reason": "合议"})
    assert refused.value.codes == {"order": [code]}
    assert audit(store) == []


def test_decisions_are_the_stations_and_the_committees(open_tie, rpc):
    for actor in (WUXI_ADMIN, EXPERT):
        with pytest.raises(Forbidden):
            rpc(actor, "deliberate", NINGBO, "online-review", {"group": "emerging", "order": ["p-d", "p-c"],
                                                                "reason": "合议"})
        with pytest.raises(Forbidden):
            rpc(actor, "set_round_method", NINGBO, "online-review", {"aggregation": "median"})
    with pytest.raises(ValidationFailed):
        rpc(NINGBO_ADMIN, "set_round_method", NINGBO, "online-review", {"aggregation": "mode"})
    with pytest.raises(Conflict):
        rpc(NINGBO_ADMIN, "set_round_method", NINGBO, "online-review", {"aggregation": "mean", "k": 2})


def advance(rpc, actor=NINGBO_ADMIN, **form):
    return rpc(actor, "advance_teams", NINGBO, "online-review", {"group": "emerging", **form})


def test_the_top_n_advance_by_the_rounds_method_once_and_teams_advanced_names_them(round_of_five, rpc, store):
    rpc(NINGBO_ADMIN, "set_round_method", NINGBO, "online-review", {"aggregation": "trimmed-mean"})

    decided = advance(rpc, rule="top-n", value=1)

    assert (decided["method"], decided["teams"]) == ("trimmed-mean", [
        {"team_id": "team-p-a", "project_id": "p-a", "rank": 1, "score": "85.00"}])
    with pytest.raises(Conflict) as again:
        advance(rpc, rule="top-n", value=2)
    assert again.value.codes == {"group": ["already-advanced"]}
    [(action, data)] = [entry for entry in audit(store) if entry[0] == "ranking.advanced"]
    assert (data["rule"], data["value"], [t["project_id"] for t in data["teams"]]) == (
        "top-n", "1.00", ["p-a"])


def test_an_open_tie_across_the_cut_blocks_the_advancement_until_deliberated(open_tie, rpc):
    with pytest.raises(Conflict) as blocked:
        advance(rpc, rule="top-n", value=2)
    rpc(COMMITTEE, "deliberate", NINGBO, "online-review", {"group": "emerging", "order": ["p-d", "p-c"],
                                                            "reason": "合议"})
    decided = advance(rpc, rule="top-n", value=2)

    assert blocked.value.codes == {"rule": ["tie-open"]}
    assert "p-c, p-d" in blocked.value.fields["rule"][0]
    assert [t["project_id"] for t in decided["teams"]] == ["p-e", "p-d"]


def test_advancing_by_threshold_and_refusals(open_tie, rpc):
    with pytest.raises(Conflict) as beyond:
        advance(rpc, rule="top-n", value=4)
    with pytest.raises(Conflict) as fraction:
        advance(rpc, rule="top-n", value="1.5")
    with pytest.raises(ValidationFailed):
        advance(rpc, rule="lottery", value=1)
    with pytest.raises(Forbidden):
        advance(rpc, actor=EXPERT, rule="top-n", value=1)
    decided = advance(rpc, rule="threshold", value="70.00")

    assert beyond.value.codes == {"value": ["beyond-ranked"]}
    assert fraction.value.codes == {"value": ["count-out-of-range"]}
    assert [t["project_id"] for t in decided["teams"]] == ["p-e", "p-c", "p-d"]


GROUP = {"group": "emerging"}


@pytest.fixture
def two_projects(deliver):
    """p-a 85.00, p-b 80.00, two sheets each."""
    for n in (1, 2):
        deliver(sheet("p-a", f"e{n}", 85))
        deliver(sheet("p-b", f"e{n}", 80))


def publish(rpc, actor=NINGBO_ADMIN):
    return rpc(actor, "publish_ranking", NINGBO, "online-review", GROUP)


def updates(store):
    with store.session() as session:
        return [json.loads(body)["payload"] for body in session.scalars(
            select(OutboxEvent.body).where(OutboxEvent.type == "ranking-updated").order_by(OutboxEvent.id))]


def test_a_published_ranking_is_frozen_with_the_audit_chain_and_verifies(two_projects, deliver, rpc, store):
    published = publish(rpc)
    deliver(sheet("p-b", "e3", 100))                                  # after publishing: p-b 86.67

    frozen = rpc(COMMITTEE, "published_ranking", NINGBO, "online-review", **GROUP)
    with store.session() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.seq == published["audit_seq"],
                                                        AuditEntry.tenant == NINGBO))

    assert [(r["project_id"], r["score"]) for r in frozen["results"]] == [("p-a", "85.00"), ("p-b", "80.00")]
    assert verify(frozen) is None
    assert (frozen["audit_seq"], frozen["audit_head"]) == (published["audit_seq"], published["audit_head"])
    assert (entry.action, entry.data["digest"], entry.prev_hash) == (
        "ranking.published", published["digest"], published["audit_head"])
    assert frozen["teams"] == {"p-a": "team-p-a", "p-b": "team-p-b"}


def test_teams_pushed_down_are_told_when_the_ranking_is_published_again(two_projects, deliver, rpc, store):
    publish(rpc)
    deliver(sheet("p-b", "e3", 100))                                  # p-b 86.67 passes p-a
    assert updates(store) == []                                      # nothing told on a sheet

    again = publish(rpc)

    assert again["pushed_down"] == ["p-a"]
    assert [(u["project_id"], u["rank"], u["ranked_count"]) for u in updates(store)] == [("p-a", 2, 2)]


def test_publishing_and_reading_are_the_stations_and_the_committees(two_projects, rpc):
    with pytest.raises(NotFound):
        rpc(NINGBO_ADMIN, "published_ranking", NINGBO, "online-review", **GROUP)
    for actor in (WUXI_ADMIN, EXPERT):
        with pytest.raises(Forbidden):
            publish(rpc, actor=actor)
    assert publish(rpc, actor=COMMITTEE)["open_ties"] == []


@pytest.fixture
def sixty_nine_and_thirty_one(deliver):
    """002's semi-final: 69 leading and 31 emerging projects, one sheet each."""
    for group, count in (("leading", 69), ("emerging", 31)):
        for n in range(count):
            deliver(sheet(f"p-{group}-{n:02d}", "e1", 50 + n % 40, group=group))


def split(rpc, actor=NINGBO_ADMIN, **form):
    return rpc(actor, "split_places", NINGBO, "online-review", form)


def test_twenty_places_split_as_fourteen_and_six_and_each_group_advances_its_share(
        sixty_nine_and_thirty_one, rpc, store):
    decided = split(rpc, places=20, among="group")
    with pytest.raises(Conflict) as other:
        advance(rpc, rule="top-n", value=7)
    with pytest.raises(Conflict) as by_threshold:
        advance(rpc, rule="threshold", value="60.00")
    emerging = advance(rpc, rule="top-n", value=6)

    assert [(s["name"], s["ranked"], s["places"]) for s in decided["shares"]] == [
        ("emerging", 31, 6), ("leading", 69, 14)]
    assert other.value.codes == by_threshold.value.codes == {"value": ["split-differs"]}
    assert len(emerging["teams"]) == 6
    [(action, data)] = [entry for entry in audit(store) if entry[0] == "ranking.places-split"]
    assert (data["places"], data["among"]) == (20, "group")


def test_a_split_is_decided_once_by_the_deciders_among_what_is_ranked(sixty_nine_and_thirty_one, rpc):
    by_track = split(rpc, places=4, among="track", group="leading")
    with pytest.raises(Conflict) as again:
        split(rpc, places=3, among="track", group="leading")
    with pytest.raises(ValidationFailed) as no_group:
        split(rpc, places=4, among="track")
    with pytest.raises(ValidationFailed) as group_among_groups:
        split(rpc, places=4, among="group", group="leading")
    with pytest.raises(ValidationFailed):
        split(rpc, places=0, among="group")
    with pytest.raises(Forbidden):
        split(rpc, actor=EXPERT, places=20, among="group")
    with pytest.raises(Forbidden):
        split(rpc, actor=WUXI_ADMIN, places=20, among="group")
    with pytest.raises(Conflict) as nothing:
        rpc(NINGBO_ADMIN, "split_places", NINGBO, "final", {"places": 3, "among": "group"})

    assert by_track["shares"] == [{"name": "quality", "ranked": 69, "places": 4}]
    assert again.value.codes == {"among": ["already-split"]}
    assert set(no_group.value.fields) == set(group_among_groups.value.fields) == {"group"}
    assert nothing.value.codes == {"round": ["nothing-ranked"]}
