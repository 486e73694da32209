"""Lists through the gateway, measured with wrk (Debian's) against the bare nameko echo entrypoint.

    .venv/bin/python bench/list_throughput.py [--teams 1500] [--duration 15s] [--connections 32] [--rounds 3]

Starts the platform on its embedded defaults (SQLite, a vhost of its own) in a temporary
directory, registers `--teams` teams at one station (straight through registration's RPC,
as applicants, so that the setup takes seconds, not the minutes that 1,500 sign-ups' password
hashes would), then measures with wrk, each for `--duration` with `--connections` connections:

- a station admin's page of 50 teams: `GET /api/tenants/2023-ningbo/teams?limit=50`, with a token;
- the public tenant list: `GET /api/tenants`;
- the STACK.md baseline in the same run: a bare nameko http entrypoint answering "ok".

The page of teams is measured `--rounds` times (the median counts: one 15 s run on this
machine varies by a third); each round prints the CPU time per request of the gateway,
registration, the broker and the whole machine, read from /proc, which varies far less.

pretalx's REST list of 50 proposals is measured by `bash ../shared/peers/pretalx/run.sh` (its
results in /tmp/peer-pretalx/results/summary.md): run it in the same session and divide.
"""
import eventlet

eventlet.monkey_patch()  # noqa: E402

import argparse  # noqa: E402
import contextlib  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
from pathlib import Path  # noqa: E402

import requests  # noqa: E402
from common import CpuMeter, baseline_service, seeded_platform  # noqa: E402
from cpu_profile import Profiler  # noqa: E402
from nameko.standalone.rpc import ClusterRpcProxy  # noqa: E402
from stdnum.cn.uscc import calc_check_digit  # noqa: E402
from tqdm import tqdm  # noqa: E402

from contest_cli.seed import DEMO_PASSWORD  # noqa: E402
from contest_kit.context import Actor  # noqa: E402

STATION = "2023-ningbo"


def register_teams(amqp_uri, count, batch=50):
    """One proxy per applicant: the actor travels in a proxy's context, fixed when it starts."""
    with tqdm(total=count, desc="registering teams", unit="team") as bar:
        for start in range(0, count, batch):
            replies = []
            for n in range(start, min(start + batch, count)):
                context = Actor(f"bench-applicant-{n:05d}", "applicant").as_context()
                cluster = ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=60, context_data=context)
                code = f"913302000{n:08d}"
                form = {"name": f"列表队{n:05d}", "track": "green",
                        "unit": {"name": f"列表公司{n}", "uscc": code + calc_check_digit(code),
                                 "kind": "other", "staff": 10, "revenue_cny": 1},
                        "contact": {"name": "测", "email": f"team{n}@example.com"}}
                register = cluster.start().registration.register_team
                replies.append((cluster, register.call_async(STATION, form)))
            for cluster, reply in replies:
                reply.result()
                cluster.stop()
                bar.update(1)


def wrk(url, duration, connections, token=None):
    """(requests per second, p99 latency in ms, requests) as wrk reports them."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency", "--timeout", "30s", url]
    if token:
        command[1:1] = ["-H", f"Authorization: Bearer {token}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"wrk saw {errors.group(1)} failed answers from {url}:\n{output}")
    requests_done = int(re.search(r"(\d+) requests in", output).group(1))
    return rate, p99, requests_done


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teams", type=int, default=1500)
    parser.add_argument("--duration", default="15s")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the page of teams (median)")
    parser.add_argument("--profile", metavar="DIR",
                        help="sample the gateway and registration with py-spy during each wrk run")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: sudo apt-get install wrk")

    with seeded_platform() as (platform, amqp_uri):
        register_teams(amqp_uri, args.teams)
        base = platform.url()
        token = requests.post(f"{base}/api/auth/token", timeout=30, json={
            "username": "admin-ningbo", "password": DEMO_PASSWORD}).json()["token"]
        page = requests.get(f"{base}/api/tenants/{STATION}/teams?limit=50", timeout=30,
                            headers={"Authorization": f"Bearer {token}"})
        assert page.status_code == 200 and len(page.json()) == 50, page.text[:300]
        print(f"one page: {len(page.content)} bytes, X-Total-Count {page.headers.get('X-Total-Count')}")
        profiled = {s: platform.procs[s].pid for s in ("gateway", "registration")}
        rounds = []
        for number in range(1, args.rounds + 1):
            with profiling(profiled, args.profile, f"teams-{number}") as teams_profile, \
                    CpuMeter(profiled) as cpu:
                measured = wrk(f"{base}/api/tenants/{STATION}/teams?limit=50", args.duration,
                               args.connections, token)
            rounds.append(measured)
            print(f"  round {number}: {measured[0]:.0f} req/s, p99 {measured[1]:.0f} ms; "
                  f"CPU per request: {cpu.per_request(measured[2])}", flush=True)
        teams = sorted(rounds)[len(rounds) // 2]
        with profiling(profiled, args.profile, "tenants") as tenants_profile:
            tenants = wrk(f"{base}/api/tenants", args.duration, args.connections)
        platform.stop_all()
        with baseline_service(amqp_uri) as base_url:
            baseline = wrk(f"{base_url}/echo", args.duration, args.connections)

    print(f"\nlists through the gateway, wrk -t2 -c{args.connections} -d{args.duration}, SQLite, "
          f"{args.teams} teams at {STATION}")
    print(f"  page of 50 teams, station admin's token: {teams[0]:.0f} req/s, p99 {teams[1]:.0f} ms "
          f"(median of {len(rounds)} rounds: {', '.join(f'{r[0]:.0f}' for r in rounds)})")
    print(f"  public tenant list: {tenants[0]:.0f} req/s, p99 {tenants[1]:.0f} ms")
    print(f"  baseline, bare nameko http echo entrypoint: {baseline[0]:.0f} req/s, p99 {baseline[1]:.0f} ms")
    print(f"  ratio, tenant list / baseline: {tenants[0] / baseline[0]:.2f}; "
          f"page of teams / baseline: {teams[0] / baseline[0]:.2f}")
    print("  compare the page of teams with pretalx's REST list of 50 (bash ../shared/peers/pretalx/run.sh)")
    for label, profile in (("page of teams", teams_profile), ("tenant list", tenants_profile)):
        if profile is not None:
            print(f"{label}: {profile.summary()}")


def profiling(pids, directory, label):
    if not directory:
        return contextlib.nullcontext()
    return Profiler(pids, Path(directory) / label)


if __name__ == "__main__":
    main()
