"""How fast the outbox relay empties an outbox, against raw kombu in the same run.

    .venv/bin/python bench/relay_throughput.py [--events 5000] [--postgres]

Fills a fresh outbox (SQLite file, or a fresh PostgreSQL database with
--postgres) with submission-received events, then times OutboxRelay until all
are confirmed by RabbitMQ; in the same run, times raw kombu publishing the
same number of persistent messages with a confirm per message (STACK.md's
~1,400 msg/s baseline) to the same kind of exchange and queue. With --postgres it
also runs pgbench (simple update, 8 clients, 10 s: STACK.md's ~6,700 tps) on the
same server, so the database side has its baseline in the same run too.
"""
import argparse
import re
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from common import vhost
from kombu import Connection, Exchange, Producer, Queue
from sqlalchemy import create_engine, text
from tqdm import tqdm

from contest_contracts.events import SUBMISSION_RECEIVED
from contest_kit.db import make_engine, scoped_session, session_factory
from contest_kit.outbox import emit
from contest_kit.relay import OutboxRelay
from contest_kit.tables import KitBase

PAYLOAD = {"team_id": "t" * 32, "project_id": "p" * 32, "version": 1, "title": "基准项目",
           "track": "green", "group": "emerging", "materials": []}


def bind_queue(amqp_uri, name):
    exchange = Exchange("registration.events", type="topic", durable=True)
    with Connection(amqp_uri) as connection:
        Queue(name, exchange=exchange, routing_key="#", durable=True)(connection.default_channel).declare()


def fill(factory, events):
    with tqdm(total=events, desc="filling the outbox", unit="event") as bar:
        for start in range(0, events, 500):
            with scoped_session(factory, tenant="2023-ningbo") as session:
                for _ in range(min(500, events - start)):
                    emit(session, SUBMISSION_RECEIVED, tenant="2023-ningbo", payload=PAYLOAD,
                         correlation_id="bench", producer="registration")
            bar.update(min(500, events - start))


def relay_rate(factory, amqp_uri, events):
    relay = OutboxRelay(factory, amqp_uri, "registration")
    done, started = 0, time.perf_counter()
    with tqdm(total=events, desc="relaying", unit="event") as bar:
        while done < events:
            published = relay.publish_pending()
            done += published
            bar.update(published)
    elapsed = time.perf_counter() - started
    relay.close()
    return events / elapsed


def kombu_rate(amqp_uri, events):
    exchange = Exchange("registration.events", type="topic", durable=True)
    body = {"event_id": str(uuid.uuid4()), "type": "submission-received", "payload": PAYLOAD}
    with Connection(amqp_uri, transport_options={"confirm_publish": True}) as connection:
        producer = Producer(connection.default_channel, exchange=exchange)
        started = time.perf_counter()
        for _ in tqdm(range(events), desc="raw kombu", unit="msg"):
            producer.publish(body, routing_key="submission-received", serializer="json", delivery_mode=2)
        return events / (time.perf_counter() - started)


def pgbench_tps(admin_url, db_name):
    """pgbench -N -c 8 -j 2 -T 10 on a scratch database: the STACK.md PostgreSQL baseline."""
    host = "127.0.0.1"
    user = admin_url.split("//", 1)[1].split("@", 1)[0]
    common = ["-h", host, "-U", user]
    subprocess.run(["pgbench", *common, "-i", "-q", db_name], check=True, capture_output=True)
    result = subprocess.run(["pgbench", *common, "-N", "-c", "8", "-j", "2", "-T", "10", db_name],
                            check=True, capture_output=True, text=True)
    return float(re.search(r"tps = ([0-9.]+)", result.stdout).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--pg-admin-url", default="postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    name = vhost()
    amqp_uri = f"pyamqp://guest:guest@127.0.0.1:5672/{name}"
    db_name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg_admin_url, isolation_level="AUTOCOMMIT")
    try:
        if args.postgres:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{db_name}"'))
            url = args.pg_admin_url.rsplit("/", 1)[0] + f"/{db_name}"
        else:
            url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'outbox.db'}"
        engine = make_engine(url)
        KitBase.metadata.create_all(engine)
        factory = session_factory(engine)
        bind_queue(amqp_uri, "relay-bench")
        fill(factory, args.events)
        relay = relay_rate(factory, amqp_uri, args.events)
        bind_queue(amqp_uri, "kombu-bench")
        raw = kombu_rate(amqp_uri, args.events)
        engine.dispose()
        tps = pgbench_tps(args.pg_admin_url, db_name) if args.postgres else None
    finally:
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", name], capture_output=True)
        if args.postgres:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
    store = "PostgreSQL" if args.postgres else "SQLite"
    print(f"\noutbox relay ({store}): {relay:.0f} events/s over {args.events} events")
    print(f"raw kombu, persistent, confirm per message: {raw:.0f} msg/s")
    print(f"ratio relay / raw kombu: {relay / raw:.2f}")
    if tps is not None:
        print(f"pgbench simple update, 8 clients, same server: {tps:.0f} tps")


if __name__ == "__main__":
    main()
