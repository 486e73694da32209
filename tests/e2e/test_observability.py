"""Operators' view: every service's /health and /metrics, scraped by a real Prometheus."""
import shutil
import subprocess
import time

import pytest
import requests
import yaml

from contest_cli.platform import SERVICES, free_port
from tests.conftest import Client, team_form, uscc

pytestmark = pytest.mark.e2e


@pytest.fixture
def prometheus(platform, tmp_path):
    if shutil.which("prometheus") is None:
        pytest.skip("Debian's prometheus package is not installed (deploy/apt-packages.txt lists it)")
    config = {"global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
              "scrape_configs": [{"job_name": s, "static_configs": [
                  {"targets": [f"127.0.0.1:{platform.ports[s]}"]}]} for s in SERVICES]}
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config))
    port = free_port()
    proc = subprocess.Popen(["prometheus", f"--config.file={tmp_path / 'prometheus.yml'}",
                             f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                             f"--web.listen-address=127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(20)


def query(prometheus, promql):
    try:
        answer = requests.get(f"{prometheus}/api/v1/query", params={"query": promql}, timeout=5)
    except requests.ConnectionError:
        return None
    return {tuple(sorted(r["metric"].items())): r["value"][1] for r in answer.json()["data"]["result"]}


def poll(fetch, done, timeout=40):
    deadline = time.monotonic() + timeout
    value = fetch()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.5)
        value = fetch()
    return value


def test_every_service_answers_health_and_metrics(platform):
    health = {s: requests.get(platform.url(s) + "/health", timeout=5) for s in SERVICES}
    metrics = {s: requests.get(platform.url(s) + "/metrics", timeout=5) for s in SERVICES}

    # The pid says which process answered: `contest up` checks it is the one it started.
    assert {s: r.json() for s, r in health.items()} == {
        s: {"status": "ok", "service": s, "pid": platform.procs[s].pid} for s in SERVICES}
    assert {s: r.headers["Content-Type"].split(";")[0] for s, r in metrics.items()} == dict.fromkeys(
        SERVICES, "text/plain")
    assert all("contest_events_published_total" in r.text for r in metrics.values())


def test_prometheus_scrapes_every_service_and_sees_the_events_of_a_registration(platform, prometheus):
    up = poll(lambda: query(prometheus, "up"), lambda v: v is not None and len(v) == 5)
    team = Client.login(platform.url(), "team-demo")
    registered = team.post("/api/tenants/2023-ningbo/teams", json=team_form(
        "观测队", uscc_code=uscc("91330200MA2H00003"), email="watch@example.com"))
    promql = 'contest_events_handled_total{job="notify",type="team-registered",outcome="applied"}'
    handled = poll(lambda: query(prometheus, promql), lambda v: bool(v) and "1" in v.values())
    # The seed's tenant-defined events are published by registration too: count this team's type.
    promql_published = 'contest_events_published_total{job="registration",type="team-registered"}'
    published = poll(lambda: query(prometheus, promql_published),
                     lambda v: bool(v) and "1" in v.values())

    assert registered.status_code == 201
    assert sorted(dict(k)["job"] for k in up) == sorted(SERVICES)
    assert set(up.values()) == {"1"}
    assert list(handled.values()) == ["1"]
    assert list(published.values()) == ["1"]
