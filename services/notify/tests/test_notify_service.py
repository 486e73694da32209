"""Notify in a nameko container: events in through RabbitMQ, mail out to a real SMTP server."""
from sqlalchemy import select

from contest_kit.context import Actor
from contest_kit.envelope import Envelope
from notify.models import Message

NINGBO = "2023-ningbo"
WUXI = "2023-wuxi"
TEAM = "3cfed7a5d2f94ddfb7d70d5ce265f720"
OWNER = Actor("u-alice", "applicant")
NINGBO_ADMIN = Actor("u-nb-admin", "station_admin", NINGBO)
WUXI_ADMIN = Actor("u-wx-admin", "station_admin", WUXI)


def registered(locale="zh-CN"):
    return Envelope(type="team-registered", tenant=NINGBO, correlation_id="corr-reg", payload={
        "team_id": TEAM, "team_name": "甬江智造", "owner_id": OWNER.id,
        "unit_name": "宁波甬江智能科技有限公司",
        "uscc": "914403001922038216", "group": "emerging", "track": "quality", "contact_name": "李雷",
        "contact_email": "lilei@example.com", "locale": locale}).to_message()


def submitted(version=1):
    return Envelope(type="submission-received", tenant=NINGBO, correlation_id=f"corr-v{version}", payload={
        "team_id": TEAM, "project_id": "0800ea25d1794ff1885abe2901b80888", "version": version,
        "title": "注塑质量优化", "track": "quality", "group": "emerging", "materials": []}).to_message()


def inbox(rpc, locale=None, actor=OWNER, tenant=NINGBO):
    """(cause, subject, body) of each message, newest first."""
    args = (tenant, TEAM) if locale is None else (tenant, TEAM, locale)
    return [(m["cause"], m["subject"], m["body"]) for m in rpc(actor, "inbox", *args)]


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
    assert wait_until(lambda: [m["mailed"] for m in rpc(OWNER, "inbox", NINGBO, TEAM)] == [True, True])


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

    assert outcomes == {
        "owner": "ok", "station admin": "ok", "committee": "ok", "another applicant": "Forbidden",
        "another station's admin": "Forbidden", "an expert": "Forbidden", "anonymous": "Unauthenticated",
        "owner of a team not registered yet": "Forbidden", "owner, asking another station": "Forbidden"}
    assert inbox(rpc, actor=WUXI_ADMIN, tenant=WUXI) == []
