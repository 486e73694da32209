"""Registration in a nameko container, on real RabbitMQ, on SQLite and on PostgreSQL."""
import json

import pytest
from sqlalchemy import func, select

from contest_contracts.events import TEAM_REGISTERED
from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from contest_kit.errors import Conflict, IdempotencyConflict, ValidationFailed
from contest_kit.paging import items
from contest_kit.tables import AuditEntry, OutboxEvent
from registration.models import Team

NINGBO = "2023-ningbo"
WUXI = "2023-wuxi"
HUAWEI = "914403001922038216"
ALICE = Actor("u-alice", "applicant")
BOB = Actor("u-bob", "applicant")
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WUXI_ADMIN = Actor("u-wx-admin", "station_admin", WUXI)
COMMITTEE = Actor("u-committee", "committee", "2023-national")


def team_form(name="Blue Lantern", staff=10, revenue=1_000_000, **unit):
    """A registration whose people are the team's own (one person, one team): named after it."""
    slug = name.lower().replace(" ", ".")
    return {"name": name, "track": "quality",
            "unit": {"name": "Ningbo Optics Ltd", "uscc": HUAWEI, "kind": "software", "staff": staff,
                     "revenue_cny": revenue, **unit},
            "contact": {"name": "Li Wei", "email": f"li.wei@{slug}.example.com"},
            "representatives": [{"name": "Li Wei", "title": "CTO", "email": f"li.wei@{slug}.example.com"},
                                {"name": "Wang Fang", "email": f"wang.fang@{slug}.example.com"}]}


def count(store, model, *where):
    with store.session(all_tenants=True) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def outbox_bodies(store, event_type):
    with store.session() as session:
        return [json.loads(row.body) for row in session.scalars(
            select(OutboxEvent).where(OutboxEvent.type == event_type).order_by(OutboxEvent.id))]


def test_register_team_decides_the_group_and_emits_one_team_registered_event(rpc, store, events):
    team = rpc(ALICE, "register_team", NINGBO, team_form(staff=301), correlation_id="corr-reg-1")

    [published] = events.take(1)
    assert team["group"] == "leading"
    assert outbox_bodies(store, "team-registered") == [published]
    assert count(store, OutboxEvent) == 1
    envelope = Envelope.from_message(published)
    assert (envelope.type, envelope.version, envelope.tenant, envelope.correlation_id) == (
        "team-registered", 1, NINGBO, "corr-reg-1")
    assert TEAM_REGISTERED.load(envelope.payload) == {
        "team_id": team["id"], "team_name": "Blue Lantern", "owner_id": "u-alice",
        "unit_name": "Ningbo Optics Ltd", "uscc": HUAWEI, "group": "leading", "track": "quality",
        "contact_name": "Li Wei", "contact_email": "li.wei@blue.lantern.example.com", "locale": "zh-CN"}


def test_register_team_refuses_bad_input_field_by_field_and_writes_nothing(rpc, store):
    bad_form = team_form(staff=-1)
    bad_form["contact"]["email"] = "not-an-address"
    bad_rules = team_form(uscc=HUAWEI[:17] + "7")
    bad_rules["representatives"] *= 3

    with pytest.raises(ValidationFailed) as by_schema:
        rpc(ALICE, "register_team", NINGBO, bad_form)
    with pytest.raises(ValidationFailed) as by_rules:
        rpc(ALICE, "register_team", NINGBO, bad_rules)

    assert by_schema.value.fields == {"unit.staff": ["必须在 0 到 10000000 之间。"],
                                      "contact.email": ["不是有效的电子邮件地址。"]}
    assert by_rules.value.fields == {
        "unit.uscc": ["统一社会信用代码校验位错误"],
        "representatives": ["每队最多5名代表", "代表重复"],
        **{f"representatives.{i}": ["同一人重复填写"] for i in range(2, 6)}}
    assert by_rules.value.codes == {
        "unit.uscc": ["uscc-check"], "representatives": ["too-many-representatives", "representative-twice"],
        **{f"representatives.{i}": ["person-twice"] for i in range(2, 6)}}
    assert (count(store, Team), count(store, OutboxEvent)) == (0, 0)


def test_register_team_refuses_a_team_name_taken_at_the_station(rpc, store):
    rpc(ALICE, "register_team", NINGBO, team_form())

    with pytest.raises(Conflict) as refused:
        rpc(BOB, "register_team", NINGBO, team_form())

    assert refused.value.fields == {"name": ["团队名称已被使用"]}
    assert (count(store, Team), count(store, OutboxEvent)) == (1, 1)


def test_submit_project_twice_makes_versions_one_and_two_each_with_its_event(rpc, store, events):
    team = rpc(ALICE, "register_team", NINGBO, team_form())

    first = rpc(ALICE, "submit_project", NINGBO, team["id"], {"title": "Lens sorter", "summary": "v1"})
    second = rpc(ALICE, "submit_project", NINGBO, team["id"], {"title": "Lens sorter II", "summary": "v2"})

    published = [e for e in events.take(3) if e["type"] == "submission-received"]
    assert (first["version"], second["version"]) == (1, 2)
    assert first["project_id"] == second["project_id"]
    assert [(e["payload"]["project_id"], e["payload"]["version"], e["payload"]["title"])
            for e in published] == [(first["project_id"], 1, "Lens sorter"),
                                    (first["project_id"], 2, "Lens sorter II")]
    assert outbox_bodies(store, "submission-received") == published


def test_a_team_is_refused_to_everyone_but_its_owner_and_the_staff_of_its_station(rpc, outcome):
    team = rpc(ALICE, "register_team", NINGBO, team_form())
    submission = {"title": "Lens sorter", "summary": "s"}

    outcomes = {
        "owner reads": outcome(lambda: rpc(ALICE, "get_team", NINGBO, team["id"])),
        "station admin reads": outcome(lambda: rpc(NINGBO_ADMIN, "get_team", NINGBO, team["id"])),
        "committee reads": outcome(lambda: rpc(COMMITTEE, "get_team", NINGBO, team["id"])),
        "another applicant reads": outcome(lambda: rpc(BOB, "get_team", NINGBO, team["id"])),
        "another applicant submits": outcome(
            lambda: rpc(BOB, "submit_project", NINGBO, team["id"], submission)),
        "station admin submits": outcome(
            lambda: rpc(NINGBO_ADMIN, "submit_project", NINGBO, team["id"], submission)),
        "another station's admin reads": outcome(lambda: rpc(WUXI_ADMIN, "get_team", NINGBO, team["id"])),
        "another station's admin lists": outcome(lambda: rpc(WUXI_ADMIN, "list_teams", NINGBO)),
        "another station's admin reads an unknown id": outcome(
            lambda: rpc(WUXI_ADMIN, "get_team", NINGBO, "0" * 32)),
        "another applicant reads an unknown id": outcome(lambda: rpc(BOB, "get_team", NINGBO, "0" * 32)),
        "read from another station": outcome(lambda: rpc(WUXI_ADMIN, "get_team", WUXI, team["id"])),
        "owner reads from another station": outcome(lambda: rpc(ALICE, "get_team", WUXI, team["id"])),
        "anonymous reads": outcome(lambda: rpc(Actor("", ""), "get_team", NINGBO, team["id"])),
    }

    assert outcomes == {
        "owner reads": "ok", "station admin reads": "ok", "committee reads": "ok",
        "another applicant reads": "NotFound", "another applicant submits": "NotFound",
        "station admin submits": "Forbidden", "another station's admin reads": "Forbidden",
        "another station's admin lists": "Forbidden", "read from another station": "NotFound",
        "another station's admin reads an unknown id": "Forbidden",
        "another applicant reads an unknown id": "NotFound",
        "owner reads from another station": "NotFound", "anonymous reads": "Unauthenticated"}


def test_a_retried_submission_gets_the_first_answer_and_another_account_s_key_is_its_own(rpc, store):
    alice_team = rpc(ALICE, "register_team", NINGBO, team_form())
    bob_team = rpc(BOB, "register_team", NINGBO, team_form(name="Red Kite"))
    first = rpc(ALICE, "submit_project", NINGBO, alice_team["id"], {"title": "Lens sorter", "summary": "s"},
                "key-00000001")

    retried = rpc(ALICE, "submit_project", NINGBO, alice_team["id"], {"title": "Lens sorter", "summary": "s"},
                  "key-00000001")
    bobs = rpc(BOB, "submit_project", NINGBO, bob_team["id"], {"title": "Kite", "summary": "k"},
               "key-00000001")

    assert retried == first
    assert (bobs["team_id"], bobs["version"]) == (bob_team["id"], 1)
    assert len(outbox_bodies(store, "submission-received")) == 2


def test_the_same_key_with_another_submission_is_refused_naming_the_conflict(rpc, store):
    team = rpc(ALICE, "register_team", NINGBO, team_form())
    rpc(ALICE, "submit_project", NINGBO, team["id"], {"title": "Lens sorter", "summary": "s"}, "key-00000001")

    with pytest.raises(IdempotencyConflict) as refused:
        rpc(ALICE, "submit_project", NINGBO, team["id"], {"title": "Lens sorter II", "summary": "s"},
            "key-00000001", locale="en")

    assert (refused.value.status, refused.value.message, refused.value.fields) == (
        422, "this Idempotency-Key was sent before with a different request",
        {"Idempotency-Key": ["already used for another request; send a new key"]})
    assert len(outbox_bodies(store, "submission-received")) == 1


def test_a_registration_sent_again_with_its_key_gets_the_first_answer_not_409(rpc, store):
    first = rpc(ALICE, "register_team", NINGBO, team_form(), "key-team-0001")

    again = rpc(ALICE, "register_team", NINGBO, team_form(), "key-team-0001")

    assert again == first
    assert (count(store, Team), len(outbox_bodies(store, "team-registered"))) == (1, 1)


def test_a_registration_and_its_audit_entry_commit_together(rpc, store):
    from contest_kit.audit import entries_for, verify

    team = rpc(ALICE, "register_team", NINGBO, team_form())

    with store.session(all_tenants=True) as session:
        chain = entries_for(session, NINGBO)
    assert [(e["seq"], e["action"], e["actor_id"], e["data"]["team_id"]) for e in chain] == [
        (1, "team.registered", ALICE.id, team["id"])]
    assert verify(chain) is None
    assert count(store, AuditEntry) == 1


def test_a_registration_that_fails_after_its_audit_entry_leaves_neither(rpc, store, world):
    """The event's envelope refuses a malformed tenant after the entry was written: all rolls back."""
    world.station("Ningbo")  # a station row under a code no tenant may have

    with pytest.raises(Exception) as raised:
        rpc(ALICE, "register_team", "Ningbo", team_form())

    assert "tenant" in str(raised.value)
    assert (count(store, Team), count(store, AuditEntry), count(store, OutboxEvent)) == (0, 0, 0)


def register(rpc, number, track="quality", staff=10):
    """Team `number`, registered by an account of its own (one team per account and station)."""
    return rpc(Actor(f"u-{number}", "applicant"), "register_team", NINGBO,
               team_form(name=f"Team {number:02}", staff=staff) | {"track": track})


def test_teams_come_a_page_at_a_time_in_order_of_registration_with_the_total(rpc):
    for number in range(5):
        register(rpc, number)
    register(rpc, 99, staff=301)  # a leading-group team, between the pages below

    first = rpc(NINGBO_ADMIN, "list_teams", NINGBO, limit=2)
    second = rpc(COMMITTEE, "list_teams", NINGBO, limit=2, cursor=first["next"])

    assert [[t["name"] for t in items(p)] for p in (first, second)] == [["Team 00", "Team 01"],
                                                                       ["Team 02", "Team 03"]]
    assert (first["total"], second["total"]) == (6, 6)
    assert items(rpc(NINGBO_ADMIN, "list_teams", NINGBO))[-1]["name"] == "Team 99"  # default: 50
    assert rpc(NINGBO_ADMIN, "list_teams", NINGBO, limit=2, cursor=first["next"]) == second


def test_following_the_cursors_visits_every_team_once_while_teams_register_between_pages(rpc):
    for number in range(5):
        register(rpc, number)
    pages, cursor, late = [], None, iter(range(10, 20))
    while True:
        answer = rpc(NINGBO_ADMIN, "list_teams", NINGBO, limit=2, cursor=cursor)
        pages.append([team["name"] for team in items(answer)])
        if answer["next"] is None:
            break
        register(rpc, next(late))  # registered after every team listed so far: met further on
        cursor = answer["next"]

    names = [name for page in pages for name in page]
    assert all(len(page) == 2 for page in pages[:-1])
    assert names == sorted(set(names))  # in order, none twice
    assert names[:5] == [f"Team {n:02}" for n in range(5)]  # none skipped
    assert names[5:] == [f"Team {n}" for n in range(10, 10 + len(names) - 5)]


def test_teams_are_filtered_by_group_and_track(rpc):
    register(rpc, 1)
    register(rpc, 2, track="green")
    register(rpc, 3, staff=301)
    register(rpc, 4, track="green", staff=301)

    def names(**filters):
        answer = rpc(NINGBO_ADMIN, "list_teams", NINGBO, **filters)
        return [team["name"] for team in items(answer)], answer["total"]

    assert names(group="leading") == (["Team 03", "Team 04"], 2)
    assert names(track="green") == (["Team 02", "Team 04"], 2)
    assert names(group="emerging", track="green") == (["Team 02"], 1)
    assert names(track="supply-chain") == ([], 0)


def test_a_bad_page_or_filter_is_refused_on_its_field(rpc):
    register(rpc, 1)
    register(rpc, 2)

    refusals = {}
    for case, arguments in {"limit 0": {"limit": 0}, "limit 201": {"limit": 201},
                            "garbage cursor": {"cursor": "garbage"}, "another list's cursor": {
                                "cursor": rpc(COMMITTEE, "audit_page", NINGBO, limit=1)["next"]},
                            "unknown group": {"group": "junior"}}.items():
        with pytest.raises(ValidationFailed) as refused:
            rpc(NINGBO_ADMIN, "list_teams", NINGBO, locale="en", **arguments)
        refusals[case] = refused.value.fields

    assert refusals == {
        "limit 0": {"limit": ["Must be greater than or equal to 1 and less than or equal to 200."]},
        "limit 201": {"limit": ["Must be greater than or equal to 1 and less than or equal to 200."]},
        "garbage cursor": {"cursor": ["not a cursor of this list: start again from the first page"]},
        "another list's cursor": {"cursor": ["not a cursor of this list: start again from the first page"]},
        "unknown group": {"group": ["Must be one of: leading, emerging."]}}


def test_the_audit_record_comes_a_page_at_a_time_in_order(rpc, outcome):
    for number in range(3):
        register(rpc, number)
    team = register(rpc, 3)
    rpc(Actor("u-3", "applicant"), "submit_project", NINGBO, team["id"], {"title": "Lens", "summary": "s"})
    pages, cursor = [], None
    while True:
        answer = rpc(COMMITTEE, "audit_page", NINGBO, limit=2, cursor=cursor)
        pages.append(([entry["seq"] for entry in items(answer)], answer["total"]))
        if (cursor := answer["next"]) is None:
            break

    assert pages == [([1, 2], 5), ([3, 4], 5), ([5], 5)]
    assert [e["action"] for e in items(rpc(NINGBO_ADMIN, "audit_page", NINGBO))] == [
        "team.registered"] * 4 + ["material-version.submitted"]
    assert {who: outcome(lambda a=actor: rpc(a, "audit_page", NINGBO)) for who, actor in (
        ("another station's admin", WUXI_ADMIN), ("an applicant", ALICE))} == {
        "another station's admin": "Forbidden", "an applicant": "Forbidden"}
