"""A round's whole recompute from the database, as the service does it: 100,000 projects × 13 experts.

    .venv/bin/python bench/ranking_from_database.py [--projects 100000] [--panel 13] [--experts 650]
                                                    [--method mean] [--pg-admin-url URL]

Fills a scratch PostgreSQL database, migrated as the ranking service migrates its own, with the
sheets of bench/ranking_recompute.py's instance (1.3 million rows, bulk-copied: the setup is not
timed), then times, each on a fresh session:

- `load`: ranking.sheets.load, the round's group read from the database (newest versions);
- `recompute`: load, then ranking.sheets.ranked (the export's inputs built, aggregated, placed);
- `whole request`: ranking.sheets.round_ranking as the RPC runs it, every place with its explanation,
  dumped through the answer's schema.

The goal (issue 10) is the recompute in at most 15 s. Record the figures in docs/benchmarks.md with
bench/ranking_recompute.py's (the computation alone, and the per-row loop) and pgbench's tps on the
same server, printed last.
"""
import argparse
import io
import json
import resource
import time
import uuid

from ranking_recompute import instance
from relay_throughput import pgbench_tps
from sqlalchemy import create_engine, text

from contest_kit.change import Command
from contest_kit.context import Actor
from contest_kit.db import Store, make_engine, session_factory
from contest_kit.migrate import upgrade_service
from ranking import sheets

TENANT, ROUND = "bench-station", "online-review"
WEIGHTS = {"technical": "0.30", "application": "0.30", "commercial": "0.20", "defence": "0.20"}
COLUMNS = ("tenant", "round", "project_id", "version", "team_id", '"group"', "track", "expert_id",
           "technical", "application", "commercial", "defence", "weights", "total", "received_at")


def fill(engine, args):
    """Copy the instance's sheets into ranking_sheets, one CSV stream."""
    generated = instance(args)
    projects = generated.projects[generated.project].tolist()
    experts = generated.experts[generated.expert].tolist()
    weights = json.dumps(WEIGHTS).replace('"', '""')
    buffer = io.StringIO()
    for project, expert, scores in zip(projects, experts, generated.scores.tolist(), strict=True):
        total = (sum(s * w for s, w in zip(scores, (30, 30, 20, 20), strict=True)) + 50) // 100
        buffer.write(f'{TENANT},{ROUND},{project},1,t{project},emerging,quality,{expert},'
                     f'{",".join(map(str, scores))},"{weights}",{total / 100:.2f},'
                     '2026-11-25T00:00:00+00:00\n')
    buffer.seek(0)
    connection = engine.raw_connection()
    try:
        connection.cursor().copy_expert(
            f"COPY ranking_sheets ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv)", buffer)
        connection.commit()
    finally:
        connection.close()
    with engine.begin() as conn:
        conn.execute(text("ANALYZE ranking_sheets"))
    return len(projects)


def timed(label, function):
    started = time.perf_counter()
    value = function()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<15} {seconds:>8.2f} s   peak so far {peak:>6.0f} MiB", flush=True)
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--panel", type=int, default=13)
    parser.add_argument("--experts", type=int, default=650)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--method", default="mean")
    parser.add_argument("--pg-admin-url", default="postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    db_name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{db_name}"'))
    try:
        url = args.pg_admin_url.rsplit("/", 1)[0] + f"/{db_name}"
        upgrade_service("ranking", url)
        engine = make_engine(url)
        started = time.perf_counter()
        count = fill(engine, args)
        print(f"{count} sheets copied in {time.perf_counter() - started:.1f} s (not timed below); "
              f"method {args.method}")
        store = Store(session_factory(engine))
        query = {"group": "emerging", "track": None, "aggregation": args.method, "k": None}

        def load():
            with store.session(tenant=TENANT) as session:
                return sheets.load(session, ROUND, dict(query))[1]

        def recompute():
            with store.session(tenant=TENANT) as session:
                asked, rows = sheets.load(session, ROUND, dict(query))
                return sheets.ranked(session, ROUND, asked, rows)

        rows = timed("load", load)
        _result, places = timed("recompute", recompute)
        command = Command(store, "ranking", Actor("u-bench", "station_admin", TENANT))
        answer = timed("whole request", lambda: sheets.round_ranking(
            command, TENANT, ROUND, group="emerging", aggregation=args.method))
        assert len(rows) == count and len(places) == len(answer["places"]) == args.projects
        engine.dispose()
        tps = pgbench_tps(args.pg_admin_url, db_name)
        print(f"pgbench simple update, 8 clients, same server: {tps:.0f} tps")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
