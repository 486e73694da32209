"""Notify in a nameko container: events in through RabbitMQ, mail out to a real SMTP server."""
import dataclasses
import json

import eventlet
import pytest
from nameko.testing.services import entrypoint_waiter
from sqlalchemy import select

from contest_contracts.events import NOTIFICATION_DELIVERED
from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from contest_kit.errors import ValidationFailed
from contest_kit.paging import items
from contest_kit.tables import OutboxEvent
from contest_kit.testing import free_port, publish, store
from notify import mailer
from notify.models import Message
from notify.service import NotifyService

NINGBO = "2023-ningbo"
WUXI = "2023-wuxi"
TEAM = "3cfed7a5d2f94ddfb7d70d5ce265f720"
OWNER = Actor("u-alice", "applicant")
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WUXI_ADMIN = Actor("u-wx-admin", "station_admin", WUXI)


def registered(locale="zh-CN", email="lilei@example.com"):
    return Envelope(type="team-registered", tenant=NINGBO, correlation_id="corr-reg", payload={
        "team_id": TEAM, "team_name": "甬江智造", "owner_id": OWNER.id,
        "unit_name": "宁波甬江智能科技有限公司",
        "uscc": "914403001922038216", "group": "emerging", "track": "quality", "contact_name": "李雷",
        "contact_email": email, "locale": locale}).to_message()


def submitted(version=1):
    return Envelope(type="submission-received", tenant=NINGBO, correlation_id=f"corr-v{version}", payload={
        "team_id": TEAM, "project_id": "0800ea25d1794ff1885abe2901b80888", "version": version,
        "title": "注塑质量优化", "track": "quality", "group": "emerging", "materials": []}).to_message()


def inbox(rpc, locale=None, actor=OWNER, tenant=NINGBO):
    """(cause, subject, body) of each message, newest first."""
    args = (tenant, TEAM) if locale is None else (tenant, TEAM, locale)
    return [(m["cause"], m["subject"], m["body"]) for m in items(rpc(actor, "inbox", *args))]


def test_events_become_inbox_messages_in_chinese_by_default_and_in_english_on_request(deliver, rpc):
    submission = submitted()

    outcomes = [deliver(registered()), deliver(submission), deliver(submission)]

    assert outcomes == ["applied", "applied", "duplicate"]
    assert inbox(rpc) == [
        ("submission-received", "项目已提交：注塑质量优化（第1版）",
         "您的参赛项目“注塑质量优化”第1版已收到。截止前最后一次提交的版本将被评审。"),
        ("team-registered", "报名成功：甬江智造",
         "您好，李雷：\n团队“甬江智造”已报名成功，组别：新锐组。请在截止日期前提交参赛项目。")]
    assert inbox(rpc, "en") == [
        ("submission-received", "Project submitted: 注塑质量优化 (version 1)",
         "We received version 1 of \"注塑质量优化\". The last version submitted before the deadline is "
         "the one reviewed."),
        ("team-registered", "Registration received: 甬江智造",
         "Dear 李雷,\nteam \"甬江智造\" is registered in the emerging group. "
         "Please submit your project before the deadline.")]
    assert inbox(rpc, "fr") == inbox(rpc)


def test_each_message_is_mailed_once_to_the_contact_in_their_locale(deliver, rpc, mailbox, store, wait_until):
    events = [registered(locale="en"), submitted()]
    for event in events:
        deliver(event)

    mails = mailbox.wait_for({e["event_id"] for e in events})

    assert sorted((m["X-Contest-Event"], m["To"], m["From"], m["X-Contest-Tenant"], m["Subject"])
                  for m in mails) == sorted([
        (events[0]["event_id"], "lilei@example.com", "noreply@contest.test", NINGBO,
         "Registration received: 甬江智造"),
        (events[1]["event_id"], "lilei@example.com", "noreply@contest.test", NINGBO,
         "Project submitted: 注塑质量优化 (version 1)")])
    with store.session(tenant=NINGBO) as session:
        ids = {m.event_id: m.id for m in session.scalars(select(Message))}
    assert sorted(m["Message-ID"] for m in mails) == sorted(f"<{i}@contest.local>" for i in ids.values())
    assert len({m["Message-ID"] for m in mails}) == 2
    assert [m.get_content().splitlines() for m in mails if m["X-Contest-Event"] == events[1]["event_id"]] == [
        ["We received version 1 of \"注塑质量优化\". The last version submitted before the deadline is "
         "the one reviewed."]]
    # The server accepts a mail before the mailer records it: poll for the record.
    assert wait_until(lambda: [m["mailed"] for m in items(rpc(OWNER, "inbox", NINGBO, TEAM))] == [True, True])


def test_a_message_for_a_team_not_registered_yet_waits_and_is_mailed_once_it_is(deliver, mailbox, store):
    early, registration = submitted(), registered()
    deliver(early)
    with store.session(tenant=NINGBO) as session:
        waiting = [(m.cause, m.mailed_at, m.mail_attempts) for m in session.scalars(select(Message))]

    deliver(registration)
    mails = mailbox.wait_for({early["event_id"], registration["event_id"]})

    assert waiting == [("submission-received", None, 0)]
    assert mailbox.mails({early["event_id"]})[0]["Subject"] == "项目已提交：注塑质量优化（第1版）"
    assert len(mails) == 2


def test_an_inbox_is_refused_to_everyone_but_its_team_and_its_station(deliver, rpc, outcome):
    deliver(registered())

    outcomes = {who: outcome(lambda a=actor: rpc(a, "inbox", NINGBO, TEAM)) for who, actor in (
        ("owner", OWNER), ("station admin", NINGBO_ADMIN),
        ("committee", Actor("u-committee", "committee", "2023-national")),
        ("another applicant", Actor("u-bob", "applicant")), ("another station's admin", WUXI_ADMIN),
        ("an expert", Actor("u-expert", "expert", NINGBO)), ("anonymous", Actor("", "")))}
    outcomes["owner of a team not registered yet"] = outcome(
        lambda: rpc(OWNER, "inbox", NINGBO, "f" * 32))
    outcomes["owner, asking another station"] = outcome(lambda: rpc(OWNER, "inbox", WUXI, TEAM))

    # Another applicant, and a team notify has not heard of (or of another station), answer as
    # registration does for the team itself: 404, never an empty inbox.
    assert outcomes == {
        "owner": "ok", "station admin": "ok", "committee": "ok", "another applicant": "NotFound",
        "another station's admin": "Forbidden", "an expert": "Forbidden", "anonymous": "Unauthenticated",
        "owner of a team not registered yet": "NotFound", "owner, asking another station": "NotFound"}
    assert outcome(lambda: inbox(rpc, actor=WUXI_ADMIN, tenant=WUXI)) == "NotFound"


# notification-delivered says a mail was accepted: it is written with the mail's mark, never
# before. Nobody consumes it yet, so the catalogue keeps it off the wire (contest_kit.outbox);
# these tests give it a consumer, as the day one is added will, and look at notify's outbox.


@pytest.fixture
def consumed(monkeypatch):
    monkeypatch.setattr(mailer, "NOTIFICATION_DELIVERED",
                        dataclasses.replace(NOTIFICATION_DELIVERED, consumers=("audit-of-mails",)))


def _delivered(store_):
    with store_.session(all_tenants=True) as session:
        return [json.loads(body)["payload"] for body in session.scalars(
            select(OutboxEvent.body).where(OutboxEvent.type == "notification-delivered"))]


def _mailed(store_):
    with store_.session(all_tenants=True) as session:
        return {m.id: m.mailed_at is not None for m in session.scalars(select(Message))}


def test_notification_delivered_is_written_for_each_mail_the_server_accepted(consumed, deliver, store,
                                                                             mailbox, wait_until):
    events = [registered(), submitted()]
    for event in events:
        deliver(event)
    mailbox.wait_for({e["event_id"] for e in events})

    delivered = wait_until(lambda: len(_delivered(store)) == 2 and _delivered(store))

    assert sorted(d["message_id"] for d in delivered) == sorted(_mailed(store))
    assert {d["cause"] for d in delivered} == {"team-registered", "submission-received"}


def test_no_notification_delivered_is_written_while_the_smtp_server_refuses(consumed, start_service,
                                                                           rabbit_config):
    down = start_service(NotifyService, SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # nothing listens
    for event in (registered(), submitted()):
        with entrypoint_waiter(down, f"on_{event['type'].replace('-', '_')}", timeout=10):
            publish(rabbit_config["AMQP_URI"], "registration", event["type"], event)
    eventlet.sleep(1.5)  # the mailer tries, fails and backs off meanwhile

    assert list(_mailed(store(down)).values()) == [False, False]
    assert _delivered(store(down)) == []


def test_a_contact_with_a_chinese_address_is_mailed_too(deliver, mailbox):
    event = registered(email="李雷@例子.中国")

    deliver(event)
    [mail] = mailbox.wait_for({event["event_id"]})

    assert (mail["To"], mail["Subject"]) == ("李雷@例子.中国", "报名成功：甬江智造")
    assert mail.get_content().startswith("您好，李雷：")


def test_an_inbox_comes_a_page_at_a_time_newest_first_and_what_arrives_meanwhile_waits_for_the_next_read(
        deliver, rpc):
    deliver(registered())
    for version in (1, 2, 3, 4):
        deliver(submitted(version))
    pages, cursor, version = [], None, 5
    while True:
        answer = rpc(OWNER, "inbox", NINGBO, TEAM, "en", limit=2, cursor=cursor)
        pages.append(([m["subject"].rsplit(" ", 1)[-1] for m in items(answer)], answer["total"]))
        if (cursor := answer["next"]) is None:
            break
        deliver(submitted(version))  # newer than every message listed: first on the next first page
        version += 1

    assert pages == [(["4)", "3)"], 5), (["2)", "1)"], 6), (["甬江智造"], 7)]
    assert [m["subject"] for m in items(rpc(NINGBO_ADMIN, "inbox", NINGBO, TEAM, "en", limit=2))] == [
        "Project submitted: 注塑质量优化 (version 6)", "Project submitted: 注塑质量优化 (version 5)"]


def test_a_bad_page_of_an_inbox_is_refused_on_its_field(deliver, rpc):
    deliver(registered())
    refusals = {}
    for case, arguments in {"limit 0": {"limit": 0}, "limit 201": {"limit": 201},
                            "garbage cursor": {"cursor": "garbage"}}.items():
        with pytest.raises(ValidationFailed) as refused:
            rpc(OWNER, "inbox", NINGBO, TEAM, locale="en", **arguments)
        refusals[case] = refused.value.fields

    assert refusals == {
        "limit 0": {"limit": ["Must be greater than or equal to 1 and less than or equal to 200."]},
        "limit 201": {"limit": ["Must be greater than or equal to 1 and less than or equal to 200."]},
        "garbage cursor": {"cursor": ["not a cursor of this list: start again from the first page"]}}


def test_teams_advanced_tells_each_team_named_once(deliver, rpc, store):
    other = "5b0c1e2f3a4d4e5f8a9b0c1d2e3f4a5b"
    advanced = Envelope(type="teams-advanced", tenant=NINGBO, correlation_id="corr-adv", payload={
        "round": "online-review", "group": "emerging", "track": None, "rule": "top-n", "value": "2.00",
        "method": "trimmed-mean", "teams": [
            {"team_id": TEAM, "project_id": "p-1", "rank": 1, "score": "85.00"},
            {"team_id": other, "project_id": "p-2", "rank": 2, "score": "80.00"}]}).to_message()

    outcomes = [deliver(registered()), deliver(advanced), deliver(advanced)]

    assert outcomes == ["applied", "applied", "duplicate"]
    assert inbox(rpc)[0] == ("teams-advanced", "晋级通知：online-review",
                             "您的项目在新锐组“online-review”轮次中排名第1、得分85.00，已晋级。请留意下一阶段的通知。")
    with store.session(tenant=NINGBO) as session:
        told = session.execute(select(Message.team_id, Message.params).where(
            Message.cause == "teams-advanced")).all()
    assert sorted((team, params["rank"]) for team, params in told) == [(TEAM, 1), (other, 2)]


def test_an_admitted_finalist_is_told_once_in_its_language(deliver, rpc):
    admitted = Envelope(type="finalist-admitted", tenant=NINGBO, correlation_id="corr-fin", payload={
        "code": "national-final", "team_id": TEAM, "project_id": "p-1", "priority": 2}).to_message()

    outcomes = [deliver(registered()), deliver(admitted), deliver(admitted)]

    assert outcomes == ["applied", "applied", "duplicate"]
    assert inbox(rpc)[0] == ("finalist-admitted", "入围决赛通知",
                             "全国组委会已将您的项目列入决赛（national-final），系所在赛站推荐第2位。"
                             "入围以组委会对贵团队的尽职调查结果为准。")
    assert inbox(rpc, "en")[0][1] == "Admitted to the final"
