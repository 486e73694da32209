"""The ranking keeps every sheet review sends and ranks a round's group from them by any method, with
each place's explanation, an export anyone recomputes, and the experts' calibration."""
import pytest

from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from contest_kit.errors import Forbidden, NotFound, ValidationFailed
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
