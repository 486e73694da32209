"""Submissions per second through the gateway, end to end until notify has mailed them.

    .venv/bin/python bench/submission_burst.py [--submissions 1000] [--teams 50] [--concurrency 20]

Starts the platform on its embedded defaults (SQLite files, local RabbitMQ in a
vhost of its own, a local SMTP sink) in a temporary directory, registers teams,
then sends the burst and waits until every submission's message has been mailed.
In the same run it measures the STACK.md baseline, a bare nameko http
entrypoint that dispatches one event, with the same client and concurrency, and
prints the ratio. Figures go to stdout; record them in docs/benchmarks.md.
"""
import eventlet

eventlet.monkey_patch()  # noqa: E402

import argparse  # noqa: E402
import contextlib  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

import requests  # noqa: E402
from common import baseline_service, seeded_platform  # noqa: E402
from cpu_profile import Profiler  # noqa: E402
from stdnum.cn.uscc import calc_check_digit  # noqa: E402
from tqdm import tqdm  # noqa: E402

from contest_cli.platform import SERVICES  # noqa: E402


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def register_teams(base, count):
    teams = []
    for n in tqdm(range(count), desc="registering teams", unit="team"):
        user = f"bench-{n:04d}"
        requests.post(f"{base}/api/accounts", timeout=30, json={
            "username": user, "password": "bench-password-1", "email": f"{user}@example.com",
            "display_name": user}).raise_for_status()
        token = requests.post(f"{base}/api/auth/token", timeout=30, json={
            "username": user, "password": "bench-password-1"}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        code = f"913302000000{n:05d}"
        team = requests.post(f"{base}/api/tenants/2023-ningbo/teams", headers=headers, timeout=30, json={
            "name": f"基准队{n:04d}", "track": "green",
            "unit": {"name": f"基准{n}公司", "uscc": code + calc_check_digit(code), "kind": "other",
                     "staff": 10, "revenue_cny": 1},
            "contact": {"name": "测", "email": f"{user}@example.com"}})
        team.raise_for_status()
        teams.append((headers, team.json()["id"]))
    return teams


def burst(base, teams, submissions, concurrency):
    sent, latencies, session = {}, [], requests.Session()

    def one(n):
        headers, team_id = teams[n % len(teams)]
        started_wall, started = time.time(), time.perf_counter()
        answer = session.post(f"{base}/api/tenants/2023-ningbo/teams/{team_id}/submissions",
                              headers=headers, json={"title": f"基准项目{n}", "summary": "bench"}, timeout=60)
        latencies.append(time.perf_counter() - started)
        answer.raise_for_status()
        body = answer.json()
        sent[(body["project_id"], body["version"])] = started_wall

    started = time.perf_counter()
    with tqdm(total=submissions, desc="submitting", unit="sub") as bar:
        for _ in eventlet.GreenPool(concurrency).imap(one, range(submissions)):
            bar.update(1)
    return sent, latencies, time.perf_counter() - started


def wait_mailed(var, sent, timeout=600):
    query = ("SELECT json_extract(params, '$.project_id'), json_extract(params, '$.version'), mailed_at "
             "FROM messages WHERE cause = 'submission-received' AND mailed_at IS NOT NULL")
    deadline = time.monotonic() + timeout
    with tqdm(total=len(sent), desc="until mailed", unit="sub") as bar:
        while True:
            with sqlite3.connect(f"file:{var}/notify.db?mode=ro", uri=True, timeout=30) as conn:
                rows = conn.execute(query).fetchall()
            bar.update(len(rows) - bar.n)
            if len(rows) >= len(sent) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    return {(p, v): _epoch(m) for p, v, m in rows}


def _epoch(text):
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:  # SQLite keeps the UTC wall time without its offset
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def baseline(amqp_uri, requests_count, concurrency):
    with baseline_service(amqp_uri) as base:
        url = f"{base}/dispatch"
        session, latencies = requests.Session(), []

        def one(_):
            started = time.perf_counter()
            session.post(url, data=b"x", timeout=30).raise_for_status()
            latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        with tqdm(total=requests_count, desc="baseline", unit="req") as bar:
            for _ in eventlet.GreenPool(concurrency).imap(one, range(requests_count)):
                bar.update(1)
        return requests_count / (time.perf_counter() - started), latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--profile", metavar="DIR",
                        help="sample every process with py-spy during the burst; raw stacks go to DIR")
    args = parser.parse_args()

    with seeded_platform() as (platform, amqp_uri):
        teams = register_teams(platform.url(), args.teams)
        profiler = Profiler({s: platform.procs[s].pid for s in SERVICES}, args.profile) if args.profile \
            else contextlib.nullcontext()
        with profiler:
            sent, latencies, elapsed = burst(platform.url(), teams, args.submissions, args.concurrency)
            mailed = wait_mailed(platform.var, sent)
        platform.stop_all()
        end_to_end = [mailed[k] - sent[k] for k in sent if k in mailed]
        span = max(mailed.values()) - min(sent.values())
        base_rate, base_lat = baseline(amqp_uri, args.submissions, args.concurrency)

    accepted_rate = args.submissions / elapsed
    print(f"\nsubmission burst: {args.submissions} submissions, {args.teams} teams, "
          f"concurrency {args.concurrency}, SQLite, one process per service")
    print(f"  accepted by the gateway: {accepted_rate:.0f}/s; HTTP latency p50 "
          f"{statistics.median(latencies) * 1000:.0f} ms, p99 {percentile(latencies, 99) * 1000:.0f} ms")
    print(f"  end to end until mailed: {len(mailed)}/{len(sent)} in {span:.1f} s = "
          f"{len(mailed) / span:.0f}/s; latency p50 {statistics.median(end_to_end) * 1000:.0f} ms, "
          f"p99 {percentile(end_to_end, 99) * 1000:.0f} ms")
    print(f"  baseline, bare nameko http entrypoint dispatching one event: {base_rate:.0f} req/s, "
          f"p50 {statistics.median(base_lat) * 1000:.0f} ms, p99 {percentile(base_lat, 99) * 1000:.0f} ms")
    print(f"  ratio, accepted submissions / baseline: {accepted_rate / base_rate:.3f}; "
          f"end to end / baseline: {len(mailed) / span / base_rate:.3f}")
    if args.profile:
        print(profiler.summary())


if __name__ == "__main__":
    main()
