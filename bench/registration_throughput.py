"""Registrations per second through the gateway, then material uploads: announce, PUT the bytes to
the presigned URL, confirm, as round trips per second.

    .venv/bin/python bench/registration_throughput.py [--teams 400] [--uploads 400] [--size 65536]
                                                      [--concurrency 20]

Starts the platform on its embedded defaults (SQLite files, the local blob store served by the
gateway at /blobs/, RabbitMQ in a vhost of its own) in a temporary directory and seeds the demo
edition. Creates one account per team (not timed), then times `--teams` registrations at the
Ningbo station with `--concurrency` clients, then `--uploads` upload round trips of a PDF of
`--size` bytes spread over the teams (each round trip is three requests: the announcement, the
PUT to storage, the confirm, which reads the file back for its SHA-256). In the same run it
measures the STACK.md baseline, a bare nameko http entrypoint that dispatches one event, with
the same client and concurrency, and prints the ratios. Record the figures in docs/benchmarks.md.
"""
import eventlet

eventlet.monkey_patch()  # noqa: E402

import argparse  # noqa: E402
import hashlib  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import requests  # noqa: E402
from common import seeded_platform  # noqa: E402
from stdnum.cn.uscc import calc_check_digit  # noqa: E402
from submission_burst import baseline, percentile  # noqa: E402
from tqdm import tqdm  # noqa: E402

STATION = "2023-ningbo"


def timed(label, work, count, concurrency):
    """(per second, latencies) of `work(n)` for n in range(count), `concurrency` at a time."""
    latencies = []

    def one(n):
        started = time.perf_counter()
        work(n)
        latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    with tqdm(total=count, desc=label, unit="op") as bar:
        for _ in eventlet.GreenPool(concurrency).imap(one, range(count)):
            bar.update(1)
    return count / (time.perf_counter() - started), latencies


def accounts(base, count, concurrency):
    tokens = [None] * count
    session = requests.Session()

    def one(n):
        user = f"bench-{n:05d}"
        session.post(f"{base}/api/accounts", timeout=60, json={
            "username": user, "password": "bench-password-1", "email": f"{user}@example.com",
            "display_name": user}).raise_for_status()
        tokens[n] = session.post(f"{base}/api/auth/token", timeout=60, json={
            "username": user, "password": "bench-password-1"}).json()["token"]

    timed("accounts (not measured)", one, count, concurrency)
    return [{"Authorization": f"Bearer {token}"} for token in tokens]


def registrations(base, headers, concurrency):
    teams, session = [None] * len(headers), requests.Session()

    def one(n):
        code = f"913302000000{n:05d}"
        answer = session.post(f"{base}/api/tenants/{STATION}/teams", headers=headers[n], timeout=60, json={
            "name": f"基准队{n:05d}", "track": "green",
            "unit": {"name": f"基准{n}公司", "uscc": code + calc_check_digit(code), "kind": "other",
                     "staff": 10, "revenue_cny": 1},
            "contact": {"name": "测", "email": f"bench-{n:05d}@example.com"}})
        answer.raise_for_status()
        teams[n] = answer.json()["id"]

    rate, latencies = timed("registering", one, len(headers), concurrency)
    return teams, rate, latencies


def uploads(base, headers, teams, count, size, concurrency):
    data = b"%PDF-1.7\n" + bytes(range(256)) * (size // 256)
    form = {"kind": "application-form", "filename": "申报书.pdf", "content_type": "application/pdf",
            "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    session = requests.Session()

    def one(n):
        who, team = headers[n % len(teams)], teams[n % len(teams)]
        announced = session.post(f"{base}/api/tenants/{STATION}/teams/{team}/uploads", headers=who,
                                 json=form, timeout=60)
        announced.raise_for_status()
        upload = announced.json()
        session.put(upload["url"], data=data, headers=upload["headers"], timeout=60).raise_for_status()
        session.post(f"{base}/api/tenants/{STATION}/teams/{team}/uploads/{upload['id']}/confirm",
                     headers=who, timeout=60).raise_for_status()

    return timed("uploading", one, count, concurrency)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teams", type=int, default=400)
    parser.add_argument("--uploads", type=int, default=400)
    parser.add_argument("--size", type=int, default=65536, help="bytes per uploaded file")
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()

    with seeded_platform() as (platform, amqp_uri):
        base = platform.url()
        headers = accounts(base, args.teams, args.concurrency)
        teams, reg_rate, reg_lat = registrations(base, headers, args.concurrency)
        up_rate, up_lat = uploads(base, headers, teams, args.uploads, args.size, args.concurrency)
        platform.stop_all()
        base_rate, base_lat = baseline(amqp_uri, max(args.teams, args.uploads), args.concurrency)

    def ms(latencies):
        p50, p99 = statistics.median(latencies) * 1000, percentile(latencies, 99) * 1000
        return f"p50 {p50:.0f} ms, p99 {p99:.0f} ms"

    print(f"\nregistration through the gateway, concurrency {args.concurrency}, SQLite, "
          "one process per service")
    print(f"  registrations: {args.teams} in a row, {reg_rate:.0f}/s; {ms(reg_lat)}")
    print(f"  upload round trips (announce + PUT {args.size} bytes to storage + confirm): {args.uploads}, "
          f"{up_rate:.0f}/s; {ms(up_lat)}")
    print(f"  baseline, bare nameko http entrypoint dispatching one event: {base_rate:.0f} req/s; "
          f"{ms(base_lat)}")
    print(f"  ratio, registrations / baseline: {reg_rate / base_rate:.3f}; "
          f"upload round trips / baseline: {up_rate / base_rate:.3f} (each is 3 requests)")


if __name__ == "__main__":
    main()
