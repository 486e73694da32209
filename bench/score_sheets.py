"""Score sheets accepted per second through the gateway, on an assigned online review.

    .venv/bin/python bench/score_sheets.py [--projects 300] [--concurrency 20]

Starts the platform on its embedded defaults in a temporary directory and seeds the demo edition.
Not timed: `--projects` teams register at the Ningbo station and describe their project, the
station profiles its three demo experts and assigns all three to every project (k = 3). Timed: every
expert scores every project (3 x `--projects` sheets, `--concurrency` at a time; each sheet is
checked against the assignment, and the third of a project completes its review and emits
review-completed). In the same run, the STACK.md baseline: a bare nameko http entrypoint
dispatching one event, with the same client and concurrency. Record the figures in
docs/benchmarks.md.
"""
import eventlet

eventlet.monkey_patch()  # noqa: E402

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import requests  # noqa: E402
from common import seeded_platform  # noqa: E402
from registration_throughput import accounts, registrations, timed  # noqa: E402
from submission_burst import baseline, percentile  # noqa: E402

from contest_cli.seed import DEMO_PASSWORD  # noqa: E402

STATION = "2023-ningbo"
EXPERTS = ("expert1-ningbo", "expert2-ningbo", "expert3-ningbo")
SHEET = {"technical": 88, "application": 85.5, "commercial": 80, "defence": 90}


def login(base, username):
    token = requests.post(f"{base}/api/auth/token", timeout=60,
                          json={"username": username, "password": DEMO_PASSWORD}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def describe(base, headers, teams, concurrency):
    projects, session = [None] * len(teams), requests.Session()

    def one(n):
        form = {"title": f"基准项目{n:05d}", "summary": "基准"}
        answer = session.post(f"{base}/api/tenants/{STATION}/teams/{teams[n]}/submissions",
                              headers=headers[n], json=form, timeout=60)
        answer.raise_for_status()
        projects[n] = answer.json()["project_id"]

    timed("describing (not measured)", one, len(teams), concurrency)
    return projects


def wait_for_items(base, admin, count):
    while True:
        answer = requests.get(f"{base}/api/tenants/{STATION}/reviews?limit=1", headers=admin, timeout=60)
        if int(answer.headers["X-Total-Count"]) >= count:
            return
        time.sleep(0.5)


def assign(base, admin):
    for username in EXPERTS:
        requests.put(f"{base}/api/tenants/{STATION}/experts/{username}", headers=admin, timeout=60,
                     json={"name": username, "kind": "industry"}).raise_for_status()
    answer = requests.post(f"{base}/api/tenants/{STATION}/assignments", headers=admin, json={"k": 3},
                           timeout=600)
    answer.raise_for_status()
    return answer.json()


def sheets(base, experts, projects, concurrency):
    session = requests.Session()

    def one(n):
        project, expert = projects[n // len(experts)], experts[n % len(experts)]
        session.post(f"{base}/api/tenants/{STATION}/projects/{project}/score-sheets", headers=expert,
                     json=SHEET, timeout=60).raise_for_status()

    return timed("scoring", one, len(projects) * len(experts), concurrency)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()

    with seeded_platform() as (platform, amqp_uri):
        base = platform.url()
        headers = accounts(base, args.projects, args.concurrency)
        teams, _, _ = registrations(base, headers, args.concurrency)
        projects = describe(base, headers, teams, args.concurrency)
        admin = login(base, "admin-ningbo")
        wait_for_items(base, admin, args.projects)
        report = assign(base, admin)
        experts = [login(base, username) for username in EXPERTS]
        rate, latencies = sheets(base, experts, projects, args.concurrency)
        platform.stop_all()
        base_rate, base_lat = baseline(amqp_uri, len(projects) * len(experts), args.concurrency)

    def ms(values):
        return f"p50 {statistics.median(values) * 1000:.0f} ms, p99 {percentile(values, 99) * 1000:.0f} ms"

    print(f"\nscore sheets through the gateway, concurrency {args.concurrency}, SQLite, "
          "one process per service")
    print(f"  assignment: {report['pairs']} pairs, loads {report['min_load']}-{report['max_load']}")
    print(f"  sheets: {len(latencies)}, {rate:.0f}/s; {ms(latencies)}")
    print(f"  baseline, bare nameko http entrypoint dispatching one event: {base_rate:.0f} req/s; "
          f"{ms(base_lat)}")
    print(f"  ratio, sheets / baseline: {rate / base_rate:.3f}")


if __name__ == "__main__":
    main()
