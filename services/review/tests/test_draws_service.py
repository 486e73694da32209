"""The roadshow's lot draw in review's container: commit, reveal, and anyone reading it back; a seed
that does not match is refused and changes nothing."""
import hashlib

import pytest
from sqlalchemy import select

from contest_contracts.draw import draw_order
from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from contest_kit.errors import Conflict, Forbidden, ValidationFailed
from contest_kit.paging import items
from contest_kit.tables import AuditEntry

NINGBO = "2023-ningbo"
ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WUXI_ADMIN = Actor("u-wx-admin", "station_admin", "2023-wuxi")
EXPERT = Actor("u-expert-1", "expert", NINGBO)
SEED = "00" * 32  # the worked example of docs/review.md
COMMITMENT = hashlib.sha256(bytes(32)).hexdigest()


def commit(rpc, teams=("d", "c", "b", "a"), actor=ADMIN):
    form = {"name": "路演 新锐组", "commitment": COMMITMENT, "teams": list(teams)}
    return rpc(actor, "commit_draw", NINGBO, form)


def test_the_revealed_seed_gives_the_documented_order_and_anyone_reads_it(rpc, store):
    committed = commit(rpc)

    revealed = rpc(ADMIN, "reveal_draw", NINGBO, committed["id"], {"seed": SEED.upper()})

    assert committed["teams"] == ["a", "b", "c", "d"] and committed["seed"] is None
    assert (revealed["seed"], revealed["order"]) == (SEED, ["d", "b", "a", "c"])
    assert rpc(None, "get_draw", NINGBO, committed["id"]) == revealed
    assert items(rpc(None, "list_draws", NINGBO)) == [revealed]
    with store.session() as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
    assert actions == ["draw.committed", "draw.revealed"]


def test_a_seed_that_does_not_match_is_refused_and_the_draw_stays_unrevealed(rpc):
    committed = commit(rpc)

    with pytest.raises(ValidationFailed) as refused:
        rpc(ADMIN, "reveal_draw", NINGBO, committed["id"], {"seed": "01" * 32})

    assert refused.value.codes == {"seed": ["seed-mismatch"]}
    assert rpc(None, "get_draw", NINGBO, committed["id"])["seed"] is None


def test_a_draw_is_revealed_once(rpc):
    committed = commit(rpc, teams=[f"team-{n:03d}" for n in range(40)])
    first = rpc(ADMIN, "reveal_draw", NINGBO, committed["id"], {"seed": SEED})

    with pytest.raises(Conflict):
        rpc(ADMIN, "reveal_draw", NINGBO, committed["id"], {"seed": SEED})

    assert first["order"] == draw_order([f"team-{n:03d}" for n in range(40)], bytes(32))


def test_bad_commitments_are_refused_on_their_fields(rpc):
    refusals = {}
    for case, form in {"twice": {"teams": ["a", "b", "a"]}, "commitment": {"commitment": "XYZ"},
                       "no teams": {"teams": []}}.items():
        with pytest.raises(ValidationFailed) as refused:
            rpc(ADMIN, "commit_draw", NINGBO, {"name": "路演", "commitment": COMMITMENT, "teams": ["a"],
                                               **form})
        refusals[case] = refused.value.fields
    assert refusals == {"twice": {"teams": ["重复列出：a"]},
                        "commitment": {"commitment": ["64 位小写十六进制数字"]},
                        "no teams": {"teams": ["长度必须在 1 到 1000 之间。"]}}
    assert items(rpc(None, "list_draws", NINGBO)) == []


def test_only_the_station_runs_its_draws(rpc):
    committed = commit(rpc)
    for actor in (WUXI_ADMIN, EXPERT):
        with pytest.raises(Forbidden):
            commit(rpc, actor=actor)
        with pytest.raises(Forbidden):
            rpc(actor, "reveal_draw", NINGBO, committed["id"], {"seed": SEED})
    assert rpc(None, "get_draw", NINGBO, committed["id"])["seed"] is None


def submitted(team, group):
    return Envelope(type="submission-received", tenant=NINGBO, correlation_id=f"corr-{team}", payload={
        "team_id": team, "project_id": f"p-{team}", "version": 1, "title": f"项目{team}", "track": "quality",
        "group": group, "materials": []}).to_message()


def test_a_revealed_draw_gives_its_timetable_by_group_and_venue(deliver, rpc):
    for team, group in (("a", "leading"), ("b", "emerging"), ("c", "leading"), ("d", "emerging")):
        deliver(submitted(team, group))
    committed = commit(rpc)
    with pytest.raises(Conflict):                                    # not revealed yet
        rpc(EXPERT, "draw_timetable", NINGBO, committed["id"], start="2023-11-20T09:00")
    rpc(ADMIN, "reveal_draw", NINGBO, committed["id"], {"seed": SEED})                  # order d, b, a, c

    table = rpc(EXPERT, "draw_timetable", NINGBO, committed["id"], start="2023-11-20T09:00", venues=2)

    slots = [(s["venue"], s["team_id"], s["title"], s["starts"][11:16], s["ends"][11:16])
             for s in table["slots"]]
    assert slots == [
        (1, "d", "项目d", "09:00", "09:20"), (1, "a", "项目a", "09:20", "09:34"),
        (2, "b", "项目b", "09:00", "09:20"), (2, "c", "项目c", "09:20", "09:34")]
    assert table["slots"][0]["starts"] == "2023-11-20T09:00:00+08:00"


def test_a_draw_of_teams_review_does_not_know_has_no_timetable(rpc):
    committed = commit(rpc)
    rpc(ADMIN, "reveal_draw", NINGBO, committed["id"], {"seed": SEED})

    with pytest.raises(ValidationFailed) as refused:
        rpc(ADMIN, "draw_timetable", NINGBO, committed["id"], start="2023-11-20T09:00")

    assert refused.value.codes == {"draw_id": ["team-unknown"]}
