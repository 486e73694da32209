"""One flow through all four services, driven only through the public HTTP API."""
import email
import json
import time
from email.header import decode_header, make_header

import pytest

from tests.conftest import Client, boot, make_platform, team_form, uscc

pytestmark = pytest.mark.e2e
TENANT = "2023-ningbo"


@pytest.fixture(params=["sqlite", "postgresql"])
def platform(request, rabbit_config, tmp_path):
    db_urls = request.getfixturevalue("pg_urls") if request.param == "postgresql" else {}
    platform = make_platform(tmp_path / "var", rabbit_config["AMQP_URI"], db_urls)
    try:
        yield boot(platform)
    finally:
        platform.stop_all()


def wait_for(fetch, done, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def mails(directory):
    found = []
    for path in sorted(directory.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes())
        subject = str(make_header(decode_header(message["Subject"])))
        found.append((message["To"], subject, message["Message-ID"]))
    return found


def test_flow_from_registration_to_ranking_reaches_inbox_and_mail(platform):
    base = platform.url()
    team = Client.login(base, "team-demo")
    experts = [Client.login(base, f"expert{i}-ningbo") for i in (1, 2, 3)]
    admin = Client.login(base, "admin-ningbo")

    registered = team.post(f"/api/tenants/{TENANT}/teams", json=team_form(
        "甬江智造", uscc_code=uscc("91330200MA2H00001"), email="lilei@example.com"))
    assert registered.status_code == 201, registered.text
    team_id = registered.json()["id"]
    assert registered.json()["group"] == "emerging"

    submitted = team.post(f"/api/tenants/{TENANT}/teams/{team_id}/submissions",
                          json={"title": "注塑质量优化", "summary": "工业大脑优化注塑工艺"})
    assert submitted.status_code == 201, submitted.text
    project_id = submitted.json()["project_id"]
    assert submitted.json()["materials"] == []  # materials have their flow: test_materials.py

    awaiting = wait_for(lambda: experts[0].get(f"/api/tenants/{TENANT}/reviews").json(), bool)
    assert [(i["project_id"], i["version"], i["status"]) for i in awaiting] == [(project_id, 1, "awaiting")]

    sheets = [{"technical": 90, "application": 80, "commercial": 70, "defence": 85},
              {"technical": 88, "application": 85.5, "commercial": 80, "defence": 90},
              {"technical": 70, "application": 75, "commercial": 60, "defence": 65}]
    answers = [e.post(f"/api/tenants/{TENANT}/projects/{project_id}/score-sheets", json=s)
               for e, s in zip(experts, sheets, strict=True)]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert [a.json()["review_completed"] for a in answers] == [False, False, True]
    # totals 82.00, 86.05, 68.50 -> mean 78.85
    ranking = wait_for(lambda: admin.get(f"/api/tenants/{TENANT}/ranking").json(), bool)
    assert [(r["project_id"], r["place"], r["score"]) for r in ranking] == [(project_id, 1, "78.85")]

    causes = ["ranking-updated", "review-completed", "submission-received", "team-registered"]
    inbox = wait_for(lambda: team.get(f"/api/tenants/{TENANT}/teams/{team_id}/inbox").json(),
                     lambda v: len(v) == 4)
    assert sorted(m["cause"] for m in inbox) == sorted(causes)
    assert {m["cause"]: m["subject"] for m in inbox}["review-completed"] == "评审完成：注塑质量优化"
    english = team.get(f"/api/tenants/{TENANT}/teams/{team_id}/inbox?lang=en").json()
    subjects = {m["cause"]: m["subject"] for m in english}
    assert subjects["review-completed"] == "Review completed: 注塑质量优化"

    delivered = wait_for(lambda: mails(platform.var / "mail"), lambda v: len(v) == 4)
    assert sorted(subject for _, subject, _ in delivered) == sorted([
        "报名成功：甬江智造", "项目已提交：注塑质量优化（第1版）",
        "评审完成：注塑质量优化", "排名更新：第 1 名"])
    assert {to for to, _, _ in delivered} == {"lilei@example.com"}
    assert len({mid for _, _, mid in delivered}) == 4


def test_flow_every_event_the_producers_sent_fits_its_contract(platform):
    """Contract tests, producer side: what the services really wrote to their outboxes."""
    from sqlalchemy import create_engine, text

    from contest_contracts.events import CATALOGUE
    from contest_kit.envelope import Envelope
    test_flow_from_registration_to_ranking_reaches_inbox_and_mail(platform)
    seen = {}
    for service in ("registration", "review", "ranking", "notify", "gateway"):
        url = platform.db_urls.get(service, f"sqlite:///{platform.var}/{service}.db")
        engine = create_engine(url)
        with engine.connect() as conn:
            bodies = [json.loads(b) for (b,) in conn.execute(text("SELECT body FROM outbox"))]
        engine.dispose()
        for body in bodies:
            event = Envelope.from_message(body)
            CATALOGUE[event.type].load(event.payload)  # raises when the payload breaks its schema
            seen.setdefault(event.type, set()).add(service)

    # Every event with a consumer was written by its producer; one without (notification-delivered)
    # is not written at all: nobody would read it. Events of other flows are left to them: the
    # materials freeze (test_materials.py checks its event the same way) and the committee's
    # decisions on a team (emitted through the same contract-checked outbox), advancement
    # (test_assignment.py decides one and finds it in the team's inbox), and a finalist's admission
    # (ranking's and notify's service tests), and an award and its revocation (ranking's and
    # registration's).
    elsewhere = {"materials-frozen", "team-disqualified", "due-diligence-recorded", "teams-advanced",
                 "finalist-admitted", "award-granted", "award-revoked"}
    assert seen == {t: {c.producer} for t, c in CATALOGUE.items() if c.consumers and t not in elsewhere}


def test_flow_keeps_tenants_apart(platform):
    base = platform.url()
    team = Client.login(base, "team-demo")
    registered = team.post(f"/api/tenants/{TENANT}/teams", json=team_form(
        "东海云链", uscc_code=uscc("91330200MA2H00002"), email="hmm@example.com"))
    team_id = registered.json()["id"]
    beijing = Client.login(base, "admin-beijing")

    assert beijing.get(f"/api/tenants/{TENANT}/teams/{team_id}").status_code == 403
    assert beijing.get(f"/api/tenants/{TENANT}/ranking").status_code == 403
    assert beijing.get(f"/api/tenants/2023-beijing/teams/{team_id}").status_code == 404
    assert [t["id"] for t in beijing.get("/api/tenants/2023-beijing/teams").json()] == []
    assert Client.login(base, "expert1-ningbo").get("/api/tenants/2023-beijing/reviews").status_code == 403
