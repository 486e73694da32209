"""Ranking in a nameko container, fed through real RabbitMQ, on SQLite and on PostgreSQL."""
import json

import pytest
from sqlalchemy import select

from contest_contracts.events import RANKING_UPDATED
from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from contest_kit.errors import ValidationFailed
from contest_kit.paging import items
from contest_kit.tables import OutboxEvent

NINGBO = "2023-ningbo"
WUXI = "2023-wuxi"
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WUXI_ADMIN = Actor("u-wx-admin", "station_admin", WUXI)
COMMITTEE = Actor("u-committee", "committee", "2023-national")


def result(project, score, group="emerging", version=1, track="quality"):
    """A review-completed event as review's relay puts it on the wire."""
    return Envelope(type="review-completed", tenant=NINGBO, correlation_id=f"corr-{project}", payload={
        "team_id": f"team-{project}", "project_id": project, "version": version, "group": group,
        "track": track, "title": f"Project {project}", "score": score, "sheet_count": 3}).to_message()


def ranked(place, project, score, group="emerging", version=1):
    return {"place": place, "project_id": project, "team_id": f"team-{project}",
            "title": f"Project {project}", "track": "quality", "group": group, "score": score,
            "version": version}


def ranking_updates(store):
    with store.session() as session:
        return [json.loads(body)["payload"] for body in session.scalars(
            select(OutboxEvent.body).where(OutboxEvent.type == "ranking-updated").order_by(OutboxEvent.id))]


def test_results_are_ranked_per_group_with_shared_places(deliver, rpc):
    for project, score, group in (("e1", "85.00", "emerging"), ("l1", "70.00", "leading"),
                                  ("e2", "90.00", "emerging"), ("e3", "85.00", "emerging"),
                                  ("l2", "88.50", "leading"), ("e4", "80.00", "emerging")):
        deliver(result(project, score, group))

    everything = items(rpc(NINGBO_ADMIN, "get_ranking", NINGBO))
    emerging = items(rpc(COMMITTEE, "get_ranking", NINGBO, "emerging"))

    assert everything == [
        ranked(1, "l2", "88.50", "leading"), ranked(2, "l1", "70.00", "leading"),
        ranked(1, "e2", "90.00"), ranked(2, "e1", "85.00"), ranked(2, "e3", "85.00"),
        ranked(4, "e4", "80.00")]
    assert emerging == everything[2:]


def test_each_result_emits_ranking_updated_with_its_place_at_the_time(deliver, events, store):
    outcomes = [deliver(result("p1", "80.00")), deliver(result("p2", "90.00")),
                deliver(result("p3", "80.00"))]

    published = events.take(3)

    assert outcomes == ["applied", "applied", "applied"]
    assert [(e["type"], e["tenant"], e["correlation_id"]) for e in published] == [
        ("ranking-updated", NINGBO, "corr-p1"), ("ranking-updated", NINGBO, "corr-p2"),
        ("ranking-updated", NINGBO, "corr-p3")]
    assert [RANKING_UPDATED.load(e["payload"]) for e in published] == [
        RANKING_UPDATED.load(p) for p in (
            {"team_id": "team-p1", "project_id": "p1", "group": "emerging", "rank": 1, "ranked_count": 1,
             "score": "80.00"},
            {"team_id": "team-p2", "project_id": "p2", "group": "emerging", "rank": 1, "ranked_count": 2,
             "score": "90.00"},
            {"team_id": "team-p3", "project_id": "p3", "group": "emerging", "rank": 2, "ranked_count": 3,
             "score": "80.00"})]
    assert ranking_updates(store) == [e["payload"] for e in published]


def test_a_result_delivered_twice_is_ranked_and_announced_once(deliver, rpc, store):
    event = result("p1", "80.00")

    outcomes = [deliver(event), deliver(event)]

    assert outcomes == ["applied", "duplicate"]
    assert items(rpc(NINGBO_ADMIN, "get_ranking", NINGBO)) == [ranked(1, "p1", "80.00")]
    assert len(ranking_updates(store)) == 1


def test_only_the_newest_versions_result_stands_whatever_order_results_arrive_in(deliver, rpc, store):
    deliver(result("in-order", "95.00", version=1))
    deliver(result("in-order", "70.00", version=2))
    deliver(result("late", "80.00", version=2))

    late_outcome = deliver(result("late", "99.00", version=1))

    assert late_outcome == "applied"
    assert items(rpc(NINGBO_ADMIN, "get_ranking", NINGBO)) == [
        ranked(1, "late", "80.00", version=2), ranked(2, "in-order", "70.00", version=2)]
    assert [(u["project_id"], u["score"]) for u in ranking_updates(store)] == [
        ("in-order", "95.00"), ("in-order", "70.00"), ("late", "80.00")]


def test_ranking_is_refused_outside_its_station_and_to_other_roles(deliver, rpc, outcome):
    deliver(result("p1", "80.00"))

    outcomes = {role: outcome(lambda a=actor: rpc(a, "get_ranking", NINGBO)) for role, actor in (
        ("station admin", NINGBO_ADMIN), ("committee", COMMITTEE),
        ("operator", Actor("u-ops", "operator")),
        ("another station's admin", WUXI_ADMIN), ("expert", Actor("u-expert", "expert", NINGBO)),
        ("applicant", Actor("u-alice", "applicant")), ("anonymous", Actor("", "")))}
    outcomes["unknown group"] = outcome(lambda: rpc(NINGBO_ADMIN, "get_ranking", NINGBO, "junior"))

    assert outcomes == {
        "station admin": "ok", "committee": "ok", "operator": "ok", "another station's admin": "Forbidden",
        "expert": "Forbidden", "applicant": "Forbidden", "anonymous": "Unauthenticated",
        "unknown group": "ValidationFailed"}
    assert items(rpc(WUXI_ADMIN, "get_ranking", WUXI)) == []
    assert items(rpc(COMMITTEE, "get_ranking", WUXI)) == []


def walk(rpc, *args, **arguments):
    """Every page from the first, following `next`: [([(project, place)], total)]."""
    pages, cursor = [], None
    while True:
        answer = rpc(NINGBO_ADMIN, "get_ranking", NINGBO, *args, cursor=cursor, **arguments)
        pages.append(([(r["project_id"], r["place"]) for r in items(answer)], answer["total"]))
        if (cursor := answer["next"]) is None:
            return pages


def test_the_ranking_comes_a_page_at_a_time_group_by_group_with_places_in_the_whole_group(deliver, rpc):
    for project, score, group, track in (
            ("e1", "85.00", "emerging", "quality"), ("l1", "70.00", "leading", "green"),
            ("e2", "90.00", "emerging", "green"), ("e3", "85.00", "emerging", "green"),
            ("l2", "88.50", "leading", "quality")):
        deliver(result(project, score, group, track=track))

    assert walk(rpc, limit=2) == [([("l2", 1), ("l1", 2)], 5), ([("e2", 1), ("e1", 2)], 5), ([("e3", 2)], 5)]
    assert walk(rpc, "emerging", limit=1) == [([("e2", 1)], 3), ([("e1", 2)], 3), ([("e3", 2)], 3)]
    # A track's projects keep their places in the whole group.
    assert walk(rpc, track="green", limit=2) == [([("l1", 2), ("e2", 1)], 3), ([("e3", 2)], 3)]
    assert walk(rpc, "leading", track="green") == [([("l1", 2)], 1)]


def test_a_bad_page_or_filter_of_the_ranking_is_refused_on_its_field(deliver, rpc):
    deliver(result("p1", "80.00"))
    refusals = {}
    for case, arguments in {"limit 0": {"limit": 0}, "limit 201": {"limit": 201},
                            "garbage cursor": {"cursor": "garbage"},
                            "unknown group": {"group": "junior"}}.items():
        with pytest.raises(ValidationFailed) as refused:
            rpc(NINGBO_ADMIN, "get_ranking", NINGBO, locale="en", **arguments)
        refusals[case] = refused.value.fields

    assert refusals == {
        "limit 0": {"limit": ["Must be greater than or equal to 1 and less than or equal to 200."]},
        "limit 201": {"limit": ["Must be greater than or equal to 1 and less than or equal to 200."]},
        "garbage cursor": {"cursor": ["not a cursor of this list: start again from the first page"]},
        "unknown group": {"group": ["Must be one of: leading, emerging."]}}
