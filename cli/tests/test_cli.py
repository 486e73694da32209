"""The `contest` command as a newcomer and an operator use it."""
import json
import time

import pytest
import requests
from kombu import Connection, Exchange, Producer


def test_up_says_what_to_do_when_rabbitmq_does_not_answer(contest, tmp_path):
    result = contest("--amqp-uri", "pyamqp://guest:guest@127.0.0.1:1/", "up", "--var", str(tmp_path))

    assert result.returncode == 2
    assert "RabbitMQ does not answer" in result.stderr
    assert "apt-get install rabbitmq-server" in result.stderr


@pytest.fixture
def detached(rabbit_config, tmp_path, contest, ports):
    base = ports
    amqp = rabbit_config["AMQP_URI"]
    up = contest("--amqp-uri", amqp, "up", "--detach", "--var", str(tmp_path),
                 "--port", str(base), "--smtp-port", str(base + 5))
    try:
        yield up, base, amqp
    finally:
        contest("down", "--var", str(tmp_path))


def test_up_detached_serves_the_seeded_demo_and_down_stops_it(detached, tmp_path, contest):
    up, base, _ = detached
    gateway = f"http://127.0.0.1:{base}"

    home = requests.get(gateway + "/", timeout=10)
    token = requests.post(gateway + "/api/auth/token", timeout=10,
                          json={"username": "team-demo", "password": "demo-pass-2023"})
    health = [requests.get(f"http://127.0.0.1:{base + i}/health", timeout=10).status_code for i in range(5)]
    down = contest("down", "--var", str(tmp_path))

    assert up.returncode == 0, up.stderr
    assert f"The platform is up: {gateway}" in up.stdout
    assert "team-demo" in up.stdout
    assert '<html lang="zh-CN">' in home.text
    assert token.status_code == 200
    assert health == [200] * 5
    assert down.returncode == 0
    assert "stopped 6 processes" in down.stdout
    with pytest.raises(requests.ConnectionError):
        requests.get(gateway + "/health", timeout=5)


def test_parked_list_shows_a_malformed_event_and_replay_parks_it_again(detached, contest):
    _, _, amqp = detached
    with Connection(amqp) as connection:
        Producer(connection.default_channel).publish(
            {"event_id": "not-a-uuid", "type": "submission-received"}, routing_key="submission-received",
            exchange=Exchange("registration.events", type="topic", durable=True), serializer="json",
            delivery_mode=2)

    listed = []
    for _ in range(50):
        result = contest("--amqp-uri", amqp, "parked", "list", "--service", "review")
        listed = json.loads(result.stdout)
        if listed:
            break
        time.sleep(0.2)
    replay = contest("--amqp-uri", amqp, "parked", "replay", str(listed[0]["id"]), "--service", "review")

    assert [(p["consumer"], p["type"]) for p in listed] == [("review.on_submission_received",
                                                             "submission-received")]
    assert listed[0]["reason"].startswith("invalid event")
    assert replay.returncode == 1
    assert replay.stdout.strip() == f"parked event {listed[0]['id']}: parked"


def test_up_refuses_to_start_twice_over_the_same_var(detached, tmp_path, contest, machine):
    _, base, amqp = detached
    supervisor, _ = machine.saved_pids(tmp_path)

    again = contest("--amqp-uri", amqp, "up", "--var", str(tmp_path), "--port", str(base + 10))

    assert again.returncode == 2
    assert f"already running from {tmp_path}" in again.stderr
    assert f"contest up (pid {supervisor}) holds {tmp_path / 'contest.lock'}" in again.stderr
    assert f"contest down --var {tmp_path}" in again.stderr
