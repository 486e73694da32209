"""The station's experts, recusal and assignment in review's container, on SQLite and PostgreSQL: from
submissions to review-completed with a recused expert, and the refusals on the way."""
import pytest
from sqlalchemy import select

from contest_contracts.events import REVIEW_COMPLETED
from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from contest_kit.errors import Forbidden, ValidationFailed
from contest_kit.paging import items
from contest_kit.tables import AuditEntry

NINGBO, WUXI = "2023-ningbo", "2023-wuxi"
ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WUXI_ADMIN = Actor("u-wx-admin", "station_admin", WUXI)
EXPERTS = [Actor(f"u-expert-{n}", "expert", NINGBO) for n in range(1, 5)]
OPTICS, OPTICS_GROUP, ELSEWHERE = "91330200MA2H00001W", "91330200MA2H00002U", "91330200MA2H00003Q"
SHEET = {"technical": "80", "application": "80", "commercial": "80", "defence": "80"}


def submission(project, team, uscc, track="quality"):
    return Envelope(type="submission-received", tenant=NINGBO, correlation_id=f"corr-{project}", payload={
        "team_id": team, "project_id": project, "version": 1, "title": f"Project {project}", "track": track,
        "group": "emerging", "uscc": uscc, "materials": []}).to_message()


def profile(name, units=(), **more):
    return {"name": name, "kind": "industry", "units": list(units), **more}


@pytest.fixture
def station(deliver, rpc):
    """Two projects; four experts, the first working at a subsidiary of the first project's unit."""
    deliver(submission("p-optics", "t-optics", OPTICS))
    deliver(submission("p-other", "t-other", ELSEWHERE))
    kept = rpc(ADMIN, "keep_expert", NINGBO, EXPERTS[0].id, "expert1", profile("王工", [
        {"uscc": OPTICS_GROUP, "name": "甬江光学子公司", "parent_uscc": OPTICS},
        {"uscc": ELSEWHERE, "name": "旧单位", "until": "2019-12-31"}]))    # long enough ago: no conflict
    assert kept["units"][1] == {"uscc": ELSEWHERE, "name": "旧单位", "until": "2019-12-31",
                                "parent_uscc": None}
    for n, expert in enumerate(EXPERTS[1:], start=2):
        rpc(ADMIN, "keep_expert", NINGBO, expert.id, f"expert{n}", profile(f"专家{n}"))


def test_an_affiliated_expert_is_recused_and_never_assigned_and_each_project_gets_k(station, rpc, store):
    report = rpc(ADMIN, "assign_experts", NINGBO, {"k": 3})

    assert report == {"projects": 2, "experts": 4, "pairs": 6, "added": 6, "removed": 0, "recusals": 1,
                      "min_load": 1, "max_load": 2}
    [recusal] = items(rpc(ADMIN, "list_recusals", NINGBO))
    assert (recusal["project_id"], recusal["expert_id"], recusal["rule"]) == (
        "p-optics", EXPERTS[0].id, "affiliated-unit")
    pairs = {(a["project_id"], a["expert_id"]) for a in items(rpc(ADMIN, "list_assignments", NINGBO))}
    assert {e for p, e in pairs if p == "p-optics"} == {e.id for e in EXPERTS[1:]}
    assert len([p for p, _ in pairs if p == "p-other"]) == 3
    with store.session() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "review.assigned")).all()
    assert entry.data["recusals"][0]["rule"] == "affiliated-unit"


def test_a_recused_expert_cannot_score_nor_see_the_project(station, rpc):
    rpc(ADMIN, "assign_experts", NINGBO, {"k": 3})

    with pytest.raises(Forbidden) as refused:
        rpc(EXPERTS[0], "submit_score_sheet", NINGBO, "p-optics", SHEET)

    assert refused.value.codes == {"project_id": ["recused"]}
    assert [i["project_id"] for i in items(rpc(EXPERTS[0], "list_items", NINGBO))] == ["p-other"]
    assert len(items(rpc(ADMIN, "list_items", NINGBO))) == 2


def test_the_review_completes_when_every_assigned_expert_has_scored(station, rpc, events):
    rpc(ADMIN, "assign_experts", NINGBO, {"k": 3})

    answers = [rpc(expert, "submit_score_sheet", NINGBO, "p-optics", SHEET)["review_completed"]
               for expert in EXPERTS[1:]]

    assert answers == [False, False, True]
    *sheets, published = events.take(4)             # a score-submitted per sheet, then review-completed
    assert [e["type"] for e in sheets] == ["score-submitted"] * 3
    assert REVIEW_COMPLETED.load(published["payload"])["project_id"] == "p-optics"


def test_running_again_after_a_late_conflict_moves_only_that_pair(station, rpc):
    rpc(ADMIN, "assign_experts", NINGBO, {"k": 2})
    before = {(a["project_id"], a["expert_id"]) for a in items(rpc(ADMIN, "list_assignments", NINGBO))}
    project, expert = sorted(p for p in before if p[0] == "p-other")[0]
    number = next(n for n, e in enumerate(EXPERTS, start=1) if e.id == expert)
    rpc(ADMIN, "keep_expert", NINGBO, expert, f"expert{number}", profile("迟报冲突", declared=["t-other"]))

    report = rpc(ADMIN, "assign_experts", NINGBO, {"k": 2})

    after = {(a["project_id"], a["expert_id"]) for a in items(rpc(ADMIN, "list_assignments", NINGBO))}
    assert (report["added"], report["removed"]) == (1, 1)
    assert before - after == {(project, expert)}
    assert len(after - before) == 1


def test_too_few_experts_is_refused_naming_the_project_and_nothing_is_assigned(station, rpc):
    with pytest.raises(ValidationFailed) as refused:
        rpc(ADMIN, "assign_experts", NINGBO, {"k": 4})

    assert refused.value.codes == {"projects.p-optics": ["too-few-experts"]}
    assert refused.value.fields == {"projects.p-optics": ["所需 4 位专家中只有 3 位可以评审"]}
    assert items(rpc(ADMIN, "list_assignments", NINGBO)) == []


def test_an_unassigned_expert_is_refused_once_the_station_assigns(station, rpc):
    rpc(ADMIN, "keep_expert", NINGBO, EXPERTS[0].id, "expert1", profile("王工", fields=["green"]))
    rpc(ADMIN, "assign_experts", NINGBO, {"k": 3})     # expert 1 reviews green only: none here

    with pytest.raises(Forbidden) as refused:
        rpc(EXPERTS[0], "submit_score_sheet", NINGBO, "p-other", SHEET)

    assert refused.value.codes == {"project_id": ["not-assigned"]}


def test_experts_and_assignments_stay_in_their_station(station, rpc):
    rpc(ADMIN, "assign_experts", NINGBO, {"k": 3})

    refusals = []
    for method, args in (("list_experts", ()), ("list_assignments", ()), ("list_recusals", ()),
                         ("assign_experts", ({"k": 3},)),
                         ("keep_expert", ("u-x", "x", profile("某人")))):
        with pytest.raises(Forbidden):
            rpc(WUXI_ADMIN, method, NINGBO, *args)
        refusals.append(method)
    with pytest.raises(Forbidden):
        rpc(EXPERTS[1], "assign_experts", NINGBO, {"k": 3})
    assert items(rpc(WUXI_ADMIN, "list_assignments", WUXI)) == []
    assert len(refusals) == 5


def test_a_bad_profile_is_refused_on_its_fields(rpc):
    with pytest.raises(ValidationFailed) as refused:
        rpc(ADMIN, "keep_expert", NINGBO, EXPERTS[0].id, "expert1", {
            "name": "王工", "kind": "judge", "fields": ["Quality"], "cap": -1,
            "units": [{"uscc": "91330200MA2H0000IO", "name": "某公司", "until": "yesterday"}]})

    assert set(refused.value.fields) == {"kind", "fields.0", "cap", "units.0.uscc", "units.0.until"}


def test_a_project_flagged_for_re_review_gets_one_more_expert_on_the_next_run(station, rpc):
    rpc(ADMIN, "assign_experts", NINGBO, {"k": 2})
    pairs = {(a["project_id"], a["expert_id"]) for a in items(rpc(ADMIN, "list_assignments", NINGBO))}
    first = sorted(e for p, e in pairs if p == "p-other")
    by_id = {e.id: e for e in EXPERTS}
    for expert, points in zip(first, ("95", "40"), strict=True):
        rpc(by_id[expert], "submit_score_sheet", NINGBO, "p-other", dict.fromkeys(SHEET, points))

    report = rpc(ADMIN, "assign_experts", NINGBO, {"k": 2})

    pairs = {(a["project_id"], a["expert_id"]) for a in items(rpc(ADMIN, "list_assignments", NINGBO))}
    [third] = sorted(e for p, e in pairs if p == "p-other" and e not in first)
    assert (report["added"], report["removed"]) == (1, 0)
    assert rpc(by_id[third], "submit_score_sheet", NINGBO, "p-other", SHEET)["review_completed"] is True


def test_progress_counts_each_experts_assigned_scored_and_outstanding_sheets(station, rpc):
    rpc(ADMIN, "assign_experts", NINGBO, {"k": 3})
    rpc(EXPERTS[1], "submit_score_sheet", NINGBO, "p-optics", SHEET)

    progress = rpc(ADMIN, "review_progress", NINGBO)

    by_expert = {row["expert_id"]: (row["assigned"], row["scored"], row["outstanding"])
                 for row in progress["experts"]}
    assert (progress["awaiting"], progress["completed"], progress["flagged"]) == (2, 0, 0)
    assert by_expert[EXPERTS[0].id] == (1, 0, 1)                    # recused from p-optics: p-other only
    assert by_expert[EXPERTS[1].id][1:] == (1, by_expert[EXPERTS[1].id][0] - 1)
    assert sum(a for a, _, _ in by_expert.values()) == 6
    with pytest.raises(Forbidden):
        rpc(EXPERTS[1], "review_progress", NINGBO)
