"""Nothing lost, nothing twice: a burst of submissions through failures.

500 submissions go through the gateway while the registration outbox relay is
killed and restarted, the broker drops every connection of the platform, and
the review service is killed with -9 and restarted. Every submission must
reach review and notify exactly once.
"""
import email
import sqlite3
import subprocess
import time
import uuid

import eventlet
import pytest
import requests

from tests.conftest import Client, boot, make_platform, team_form, uscc

pytestmark = pytest.mark.reliability
TENANT = "2023-ningbo"
TEAMS = 50
SUBMISSIONS = 500


def count(db_path, sql):
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute(sql).fetchall()


def sign_up_team(base, n):
    username = f"burst-{n:03d}"
    created = requests.post(f"{base}/api/accounts", timeout=30, json={
        "username": username, "password": "burst-password-1", "email": f"{username}@example.com",
        "display_name": username})
    assert created.status_code == 201, created.text
    client = Client.login(base, username, "burst-password-1")
    registered = client.post(f"/api/tenants/{TENANT}/teams", json=team_form(
        f"突击队{n:03d}", uscc_code=uscc(f"9133020000000{n:04d}"), email=f"{username}@example.com"))
    assert registered.status_code == 201, registered.text
    return client, registered.json()["id"]


def submit_until_accepted(client, team_id, n, attempts):
    """A careful client: retries what failed, with the same Idempotency-Key."""
    key = uuid.uuid4().hex
    for attempt in range(1, 30):
        attempts.append(attempt)
        try:
            answer = client.post(f"/api/tenants/{TENANT}/teams/{team_id}/submissions",
                                 headers={"Idempotency-Key": key},
                                 json={"title": f"项目{n}", "summary": "burst"})
        except requests.RequestException:
            answer = None
        if answer is not None and answer.status_code == 201:
            body = answer.json()
            return body["project_id"], body["version"]
        # 409: the first request with this key is still being handled; anything else below 500 is final.
        if answer is not None and answer.status_code < 500 and answer.status_code != 409:
            raise AssertionError(f"refused: {answer.status_code} {answer.text}")
        eventlet.sleep(min(0.2 * attempt, 2))
    raise AssertionError("submission never accepted")


def wait_until(check, timeout):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


def test_burst_survives_relay_restart_connection_drop_and_killed_consumer(rabbit_config, tmp_path):
    platform = make_platform(tmp_path / "var", rabbit_config["AMQP_URI"],
                             service_env={"registration": {"OUTBOX_RELAY": "false"}})
    try:
        boot(platform, relays=("registration",))
        base = platform.url()
        teams = [sign_up_team(base, n) for n in range(TEAMS)]

        done, attempts, accepted = [], [], []
        chaos_log = []

        def chaos():
            steps = [
                (100, "kill -9 the registration relay", lambda: platform.kill("registration-relay")),
                (200, "broker closes every connection", lambda: subprocess.run(
                    ["rabbitmqctl", "-q", "close_all_connections", "-p", rabbit_config["VHOST"], "chaos"],
                    check=True, capture_output=True, timeout=60)),
                (250, "kill -9 review", lambda: platform.kill("review")),
                (350, "restart review and the relay",
                 lambda: (platform.start("review"), platform.start_relay("registration"))),
            ]
            for threshold, what, act in steps:
                while len(done) < threshold:
                    eventlet.sleep(0.05)
                act()
                chaos_log.append((len(done), what))

        def one(n):
            client, team_id = teams[n % TEAMS]
            accepted.append(submit_until_accepted(client, team_id, n, attempts))
            done.append(n)

        chaos_thread = eventlet.spawn(chaos)
        pool = eventlet.GreenPool(20)
        list(pool.imap(one, range(SUBMISSIONS)))
        chaos_thread.wait()
        assert [what for _, what in chaos_log] == [
            "kill -9 the registration relay", "broker closes every connection", "kill -9 review",
            "restart review and the relay"]
        platform.wait_healthy(["review"], timeout=60)

        var = platform.var
        expected = set(accepted)
        assert len(expected) == SUBMISSIONS

        def all_arrived():
            reviewed = count(var / "review.db", "SELECT count(*) FROM review_items")[0][0]
            told = count(var / "notify.db",
                         "SELECT count(*) FROM messages WHERE cause = 'submission-received'")[0][0]
            return reviewed >= SUBMISSIONS and told >= SUBMISSIONS

        assert wait_until(all_arrived, timeout=180), "not every submission arrived"
        time.sleep(2)  # anything sent twice would land now

        unsent = count(var / "registration.db", "SELECT count(*) FROM outbox WHERE sent_at IS NULL")
        assert unsent == [(0,)]
        assert count(var / "registration.db", "SELECT count(*) FROM submissions") == [(SUBMISSIONS,)]
        reviewed = count(var / "review.db", "SELECT project_id, version FROM review_items")
        assert len(reviewed) == SUBMISSIONS
        assert set(reviewed) == expected
        told = count(var / "notify.db", "SELECT json_extract(params, '$.project_id'), "
                                        "json_extract(params, '$.version') FROM messages "
                                        "WHERE cause = 'submission-received'")
        assert len(told) == SUBMISSIONS
        assert set(told) == expected
        assert count(var / "review.db", "SELECT count(*) FROM parked_events") == [(0,)]
        assert count(var / "notify.db", "SELECT count(*) FROM parked_events") == [(0,)]

        def mails():
            return [email.message_from_bytes(p.read_bytes())["Message-ID"]
                    for p in (var / "mail").glob("*.eml")]
        assert wait_until(lambda: len(mails()) >= SUBMISSIONS + TEAMS, timeout=120)
        assert len(set(mails())) == SUBMISSIONS + TEAMS
        print(f"\nburst: {SUBMISSIONS} accepted after {len(attempts)} attempts; chaos at {chaos_log}; "
              f"restarted by the supervisor: {platform.restarts}")
    finally:
        platform.stop_all()


def test_burst_survives_broker_restart(rabbit_config, tmp_path):
    """The whole broker stops and starts mid-burst: durable queues and persistent messages carry on."""
    platform = make_platform(tmp_path / "var", rabbit_config["AMQP_URI"], extra_env={"RPC_TIMEOUT": "5"})
    burst = 200
    try:
        boot(platform)
        base = platform.url()
        teams = [sign_up_team(base, n) for n in range(20)]
        done, attempts, accepted = [], [], []

        def restart_broker():
            while len(done) < 60:
                eventlet.sleep(0.05)
            subprocess.run(["rabbitmqctl", "-q", "stop_app"], check=True, capture_output=True, timeout=120)
            eventlet.sleep(2)
            subprocess.run(["rabbitmqctl", "-q", "start_app"], check=True, capture_output=True, timeout=120)
            subprocess.run(["rabbitmqctl", "-q", "await_startup"], check=True, capture_output=True,
                           timeout=120)

        def one(n):
            client, team_id = teams[n % len(teams)]
            accepted.append(submit_until_accepted(client, team_id, n, attempts))
            done.append(n)

        chaos_thread = eventlet.spawn(restart_broker)
        list(eventlet.GreenPool(10).imap(one, range(burst)))
        chaos_thread.wait()

        var = platform.var

        def all_arrived():
            reviewed = count(var / "review.db", "SELECT count(*) FROM review_items")[0][0]
            told = count(var / "notify.db",
                         "SELECT count(*) FROM messages WHERE cause = 'submission-received'")[0][0]
            return reviewed >= burst and told >= burst

        assert wait_until(all_arrived, timeout=180), "not every submission arrived"
        time.sleep(2)
        assert count(var / "registration.db", "SELECT count(*) FROM submissions") == [(burst,)]
        assert set(count(var / "review.db", "SELECT project_id, version FROM review_items")) == set(accepted)
        assert count(var / "review.db", "SELECT count(*) FROM review_items") == [(burst,)]
        assert count(var / "notify.db",
                     "SELECT count(*) FROM messages WHERE cause = 'submission-received'") == [(burst,)]
        print(f"\nbroker restart: {burst} accepted after {len(attempts)} attempts; "
              f"restarted by the supervisor: {platform.restarts}")
    finally:
        platform.stop_all()
