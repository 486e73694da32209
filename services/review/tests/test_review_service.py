"""Review in a nameko container, fed through real RabbitMQ, on SQLite and on PostgreSQL."""
import contextlib

import eventlet
import pytest
from nameko.standalone.rpc import ServiceRpcProxy
from sqlalchemy import select

from contest_contracts.events import REVIEW_COMPLETED
from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from contest_kit.errors import Conflict, ValidationFailed
from contest_kit.paging import items
from contest_kit.tables import OutboxEvent
from review.domain import scoring

NINGBO = "2023-ningbo"
WUXI = "2023-wuxi"
TEAM = "3cfed7a5d2f94ddfb7d70d5ce265f720"
PROJECT = "0800ea25d1794ff1885abe2901b80888"
EXPERTS = [Actor(f"u-expert-{n}", "expert", NINGBO) for n in (1, 2, 3, 4)]
WUXI_EXPERT = Actor("u-wx-expert", "expert", WUXI)
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WUXI_ADMIN = Actor("u-wx-admin", "station_admin", WUXI)
APPLICANT = Actor("u-alice", "applicant")
OPERATOR = Actor("u-ops", "operator")
# Weighted totals 77.00, 90.00 and 72.00: the project's score is their mean, 79.67.
SHEETS = [{"technical": "80", "application": "90", "commercial": "70", "defence": "60"},
          {"technical": "90", "application": "90", "commercial": "90", "defence": "90"},
          {"technical": "70", "application": "80", "commercial": "60", "defence": "75"}]


def submission(version=1, project_id=PROJECT, **payload):
    """A submission-received event as registration's relay puts it on the wire."""
    return Envelope(type="submission-received", tenant=NINGBO, correlation_id=f"corr-v{version}", payload={
        "team_id": TEAM, "project_id": project_id, "version": version, "title": f"Lens sorter v{version}",
        "track": "quality", "group": "emerging",
        "materials": [{"kind": "slides", "key": f"{NINGBO}/{TEAM}/{version}-slides-roadshow.pptx",
                       "sha256": "d" * 64, "size": 1934}], **payload}).to_message()


def awaiting(rpc, status="awaiting", actor=NINGBO_ADMIN, tenant=NINGBO):
    """The items of one status, without their arrival time."""
    return [{k: v for k, v in item.items() if k != "received_at"}
            for item in items(rpc(actor, "list_items", tenant, status))]


def item(version=1, status="awaiting", sheet_count=0, score=None):
    return {"project_id": PROJECT, "team_id": TEAM, "version": version, "title": f"Lens sorter v{version}",
            "track": "quality", "group": "emerging", "status": status, "score": score,
            "sheet_count": sheet_count, "flagged_at": None}


def test_a_submission_received_event_makes_its_project_await_review(deliver, rpc):
    handled = deliver(submission())

    assert handled == "applied"
    assert awaiting(rpc) == [item()]
    assert awaiting(rpc, actor=EXPERTS[0]) == [item()]


def test_the_same_event_delivered_twice_makes_one_item(deliver, rpc):
    event = submission()

    outcomes = [deliver(event), deliver(event)]

    assert outcomes == ["applied", "duplicate"]
    assert awaiting(rpc) == [item()]


def test_malformed_events_are_parked_and_the_next_valid_event_is_still_applied(deliver, rpc):
    no_title = submission()
    del no_title["payload"]["title"]

    outcomes = [deliver(no_title), deliver("garbage"), deliver(["a", "list"]), deliver(submission())]

    assert outcomes == ["parked", "parked", "parked", "applied"]
    assert [(p["consumer"], p["type"], p["event_id"], p["reason"])
            for p in rpc(OPERATOR, "list_parked")] == [
        ("review.on_submission_received", "submission-received", no_title["event_id"],
         "invalid event: {'title': ['Missing data for required field.']}"),
        ("review.on_submission_received", "submission-received", None,
         "invalid event: {'_schema': ['an event must be a JSON object']}"),
        ("review.on_submission_received", "submission-received", None,
         "invalid event: {'_schema': ['an event must be a JSON object']}")]
    assert awaiting(rpc) == [item()]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_body_that_is_not_json_is_parked(publish, rpc, wait_until):
    publish("registration", "submission-received", b"{not json")

    parked = wait_until(lambda: rpc(OPERATOR, "list_parked"), timeout=3)
    assert [(p["consumer"], p["type"]) for p in parked] == [("review.(undecodable)", "submission-received")]
    assert parked[0]["reason"].startswith("undecodable body")
    assert rpc(OPERATOR, "replay_parked", parked[0]["id"]) == "not-replayable"


def test_enough_sheets_by_different_experts_complete_the_review_once_with_the_mean(
        deliver, rpc, events, store):
    deliver(submission())

    answers = [rpc(expert, "submit_score_sheet", NINGBO, PROJECT, sheet)
               for expert, sheet in zip(EXPERTS, SHEETS, strict=False)]

    published = events.take(4)                      # one score-submitted per sheet, then review-completed
    assert [e["type"] for e in published] == ["score-submitted"] * 3 + ["review-completed"]
    published = published[-1]
    assert [(a["total"], a["review_completed"]) for a in answers] == [
        ("77.00", False), ("90.00", False), ("72.00", True)]
    assert (published["type"], published["tenant"]) == ("review-completed", NINGBO)
    assert REVIEW_COMPLETED.load(published["payload"]) == REVIEW_COMPLETED.load({
        "team_id": TEAM, "project_id": PROJECT, "version": 1, "group": "emerging", "track": "quality",
        "title": "Lens sorter v1", "score": "79.67", "sheet_count": 3})
    assert published["payload"]["score"] == "79.67"
    assert awaiting(rpc, "completed") == [item(status="completed", sheet_count=3, score="79.67")]
    with pytest.raises(Conflict):
        rpc(EXPERTS[3], "submit_score_sheet", NINGBO, PROJECT, SHEETS[0])
    with store.session() as session:
        assert sorted(session.scalars(select(OutboxEvent.type))) == [
            "review-completed", "score-submitted", "score-submitted", "score-submitted"]


def test_the_last_sheets_submitted_at_the_same_time_complete_the_review_exactly_once(
        review, deliver, rpc, store, monkeypatch):
    deliver(submission())
    # Hold every sheet at the same point so that their transactions overlap for sure.
    total = scoring.sheet_total
    monkeypatch.setattr(scoring, "sheet_total", lambda *args: eventlet.sleep(0.3) or total(*args))

    # Over real RPC: concurrent entrypoint_hooks on one method would share the first result.
    with contextlib.ExitStack() as stack:
        experts = [stack.enter_context(ServiceRpcProxy("review", review.config, context_data=e.as_context()))
                   for e in EXPERTS[:3]]
        replies = [expert.submit_score_sheet.call_async(NINGBO, PROJECT, sheet)
                   for expert, sheet in zip(experts, SHEETS, strict=True)]
        answers = [reply.result() for reply in replies]

    assert sorted(a["review_completed"] for a in answers) == [False, False, True]
    assert awaiting(rpc, "completed") == [item(status="completed", sheet_count=3, score="79.67")]
    with store.session() as session:
        assert sorted(session.scalars(select(OutboxEvent.type))) == [
            "review-completed", "score-submitted", "score-submitted", "score-submitted"]


def test_the_same_expert_cannot_score_a_project_twice(deliver, rpc):
    deliver(submission())
    rpc(EXPERTS[0], "submit_score_sheet", NINGBO, PROJECT, SHEETS[0])

    with pytest.raises(Conflict) as refused:
        rpc(EXPERTS[0], "submit_score_sheet", NINGBO, PROJECT, SHEETS[1])

    assert refused.value.fields == {"project_id": ["已评分"]}
    assert awaiting(rpc) == [item(sheet_count=1)]


def test_a_score_off_its_step_is_refused_and_no_sheet_is_kept(deliver, rpc):
    deliver(submission())

    with pytest.raises(ValidationFailed) as refused:
        rpc(EXPERTS[0], "submit_score_sheet", NINGBO, PROJECT, {**SHEETS[0], "technical": "99.995"})

    assert refused.value.fields == {"technical": ["必须是 0.01 的整数倍。"]}
    assert awaiting(rpc) == [item(sheet_count=0)]


def test_review_is_refused_outside_its_station_and_to_other_roles(deliver, rpc, outcome):
    deliver(submission())

    def score(actor, tenant=NINGBO, project=PROJECT, sheet=SHEETS[0]):
        return outcome(lambda: rpc(actor, "submit_score_sheet", tenant, project, sheet))

    outcomes = {
        "another station's expert scores": score(WUXI_EXPERT),
        "an applicant scores": score(APPLICANT),
        "a station admin scores": score(NINGBO_ADMIN),
        "another station's expert lists": outcome(lambda: rpc(WUXI_EXPERT, "list_items", NINGBO)),
        "an applicant lists": outcome(lambda: rpc(APPLICANT, "list_items", NINGBO)),
        "score an unknown project": score(EXPERTS[0], project="f" * 32),
        "score from another station": score(WUXI_EXPERT, tenant=WUXI),
        "score above 100": score(EXPERTS[0], sheet={**SHEETS[0], "technical": "100.5"}),
    }

    assert outcomes == {
        "another station's expert scores": "Forbidden", "an applicant scores": "Forbidden",
        "a station admin scores": "Forbidden", "another station's expert lists": "Forbidden",
        "an applicant lists": "Forbidden", "score an unknown project": "NotFound",
        "score from another station": "NotFound", "score above 100": "ValidationFailed"}
    assert awaiting(rpc, actor=WUXI_ADMIN, tenant=WUXI) == []
    assert awaiting(rpc) == [item()]


def test_a_newer_version_supersedes_the_older_awaiting_one_and_takes_the_sheets(deliver, rpc):
    deliver(submission(version=1))
    deliver(submission(version=2))

    sheet = rpc(EXPERTS[0], "submit_score_sheet", NINGBO, PROJECT, SHEETS[0])

    assert sheet["version"] == 2
    assert awaiting(rpc) == [item(version=2, sheet_count=1)]
    assert awaiting(rpc, "superseded") == [item(version=1, status="superseded")]


def test_an_older_version_arriving_after_a_newer_one_never_awaits_review(deliver, rpc):
    deliver(submission(version=2))

    deliver(submission(version=1))

    assert awaiting(rpc) == [item(version=2)]
    assert awaiting(rpc, "superseded") == [item(version=1, status="superseded")]


def project(number):
    return f"{number:032x}"


def page(rpc, actor=NINGBO_ADMIN, **arguments):
    """(project numbers, sheet counts, total, next) of one page of list_items."""
    answer = rpc(actor, "list_items", NINGBO, **arguments)
    listed = items(answer)
    return ([int(i["project_id"], 16) for i in listed], [i["sheet_count"] for i in listed], answer["total"],
            answer["next"])


def test_review_items_come_a_page_at_a_time_in_order_of_arrival_with_their_sheets_and_the_total(
        deliver, rpc):
    for number in range(5):
        deliver(submission(project_id=project(number)))
    rpc(EXPERTS[0], "submit_score_sheet", NINGBO, project(3), SHEETS[0])

    first = page(rpc, limit=2)
    second = page(rpc, actor=EXPERTS[1], limit=2, cursor=first[3])
    last = page(rpc, limit=2, cursor=second[3])

    assert [p[:3] for p in (first, second, last)] == [([0, 1], [0, 0], 5), ([2, 3], [0, 1], 5), ([4], [0], 5)]
    assert last[3] is None


def test_following_the_cursors_visits_every_item_once_while_versions_arrive_between_pages(deliver, rpc):
    for number in range(5):
        deliver(submission(project_id=project(number)))
    seen, cursor, late = [], None, iter(range(10, 20))
    while True:
        numbers, _counts, _total, cursor = page(rpc, limit=2, cursor=cursor)
        seen.extend(numbers)
        if cursor is None:
            break
        deliver(submission(project_id=project(next(late))))

    assert seen == [0, 1, 2, 3, 4, 10, 11, 12]


def test_review_items_are_filtered_by_status_group_and_track(deliver, rpc):
    deliver(submission(project_id=project(1)))
    deliver(submission(project_id=project(2), group="leading"))
    deliver(submission(project_id=project(3), track="green"))
    deliver(submission(project_id=project(4), group="leading", track="green"))

    assert page(rpc, group="leading")[::2] == ([2, 4], 2)
    assert page(rpc, track="green")[::2] == ([3, 4], 2)
    assert page(rpc, group="emerging", track="green")[::2] == ([3], 1)
    assert page(rpc, status="completed", group="leading")[::2] == ([], 0)


def test_a_bad_page_or_filter_is_refused_on_its_field(deliver, rpc):
    deliver(submission())
    refusals = {}
    for case, arguments in {"limit 0": {"limit": 0}, "limit 201": {"limit": 201},
                            "garbage cursor": {"cursor": "garbage"}, "unknown group": {"group": "junior"},
                            "track too long": {"track": "x" * 41}}.items():
        with pytest.raises(ValidationFailed) as refused:
            rpc(NINGBO_ADMIN, "list_items", NINGBO, locale="en", **arguments)
        refusals[case] = refused.value.fields

    assert refusals == {
        "limit 0": {"limit": ["Must be greater than or equal to 1 and less than or equal to 200."]},
        "limit 201": {"limit": ["Must be greater than or equal to 1 and less than or equal to 200."]},
        "garbage cursor": {"cursor": ["not a cursor of this list: start again from the first page"]},
        "unknown group": {"group": ["Must be one of: leading, emerging."]},
        "track too long": {"track": ["Length must be between 1 and 40."]}}
