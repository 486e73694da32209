"""The outbox relay: publishes committed event rows, with publisher confirms.

A row is marked sent only after the broker confirmed it, so a crash or a lost
connection can only cause a resend, which consumers' inboxes absorb. Events go
to the producer's `<service>.events` topic exchange with the event type as
routing key: exactly where nameko's `event_handler` listens.

Only events the catalogue gives a consumer reach the outbox (contest_kit.outbox), and each
is published `mandatory`: if no queue is bound yet (its consumer never started), the broker
returns it, the row stays pending and is tried again later, instead of vanishing.

The relay runs in the service's process (`OutboxRelayRunner`), woken as soon as a
transaction that wrote outbox rows commits, and otherwise every `poll_interval` as a safety
net; or in a process of its own (`python -m contest_kit.relay`).
"""
import json
import logging
import threading
import time
from datetime import UTC, datetime

import eventlet
from kombu import Connection, Exchange
from nameko.extensions import DependencyProvider
from sqlalchemy import func, select, update

from contest_kit.db import DatabaseEngine
from contest_kit.metrics import EVENTS_PUBLISHED, EVENTS_UNROUTABLE, OUTBOX_PENDING
from contest_kit.outbox import OUTBOX
from contest_kit.retry import backoff
from contest_kit.settings import parse_bool
from contest_kit.tables import OutboxEvent

log = logging.getLogger(__name__)
CONFIRM_TIMEOUT = 30  # seconds to wait for a batch's confirms before trying again


class Unroutable(RuntimeError):
    """The broker had no queue for an event that has consumers: it stays in the outbox."""


class Refused(RuntimeError):
    """The broker refused (nacked) events, or did not confirm them in time: they stay pending."""


class OutboxRelay:
    """Publishes pending rows in batches: all of a batch's messages first, then its confirms.

    Waiting for a confirm after each message caps a relay at one round trip per event (~1,400
    a second here); publishing the batch and then collecting its acks keeps the broker busy.
    Each message carries its row's `event_id` as message_id, so a returned (unroutable) one is
    matched to its row; delivery tags, numbered from 1 per channel once confirms are selected,
    match acks and nacks. Rows are marked sent, in one statement, only once confirmed.
    """

    def __init__(self, session_factory, amqp_uri, service, batch_size=200):
        self.session_factory = session_factory
        self.amqp_uri = amqp_uri
        self.service = service
        self.batch_size = batch_size
        self.exchange = Exchange(f"{service}.events", type="topic", durable=True)
        self._connection = self._channel = None

    def _open(self):
        if self._channel is None:
            connection = Connection(self.amqp_uri, heartbeat=0)
            # Fail fast: the polling loop has its own backoff between rounds.
            connection.ensure_connection(max_retries=1, interval_start=0.1)
            channel = connection.channel()
            self.exchange(channel).declare()
            channel.confirm_select()
            self._tags, self._acked, self._nacked, self._returned = {}, set(), set(), set()
            self._next_tag = 1
            channel.events["basic_ack"].add(lambda tag, multiple: self._settle(self._acked, tag, multiple))
            channel.events["basic_nack"].add(lambda tag, multiple: self._settle(self._nacked, tag, multiple))
            channel.events["basic_return"].add(self._on_return)
            self._connection, self._channel = connection, channel
        return self._channel

    def _settle(self, into, tag, multiple):
        into.update([t for t in self._tags if t <= tag] if multiple else [tag])

    def _on_return(self, exc, exchange, routing_key, message):
        self._returned.add(message.properties.get("message_id"))

    def close(self):
        if self._connection is not None:
            try:
                self._connection.release()
            finally:
                self._connection = self._channel = None

    def publish_pending(self):
        """Publish one batch of pending rows; returns how many were confirmed."""
        with self.session_factory() as session:
            query = (select(OutboxEvent).where(OutboxEvent.sent_at.is_(None))
                     .order_by(OutboxEvent.id).limit(self.batch_size))
            if session.bind.dialect.name == "postgresql":
                # Several replicas may relay one outbox: each takes rows nobody holds.
                query = query.with_for_update(skip_locked=True)
            rows = session.scalars(query).all()
            if not rows:
                session.commit()
                return 0
            try:
                confirmed, problem = self._publish(rows)
            except Exception:
                # After a drop the channel's tags can no longer be matched: start afresh next round.
                self.close()
                raise
            if confirmed:
                session.execute(update(OutboxEvent).where(OutboxEvent.id.in_([r.id for r in confirmed]))
                                .values(sent_at=datetime.now(UTC)))
            session.commit()
            for row in confirmed:
                EVENTS_PUBLISHED.labels(self.service, row.type).inc()
            if problem is not None:
                raise problem
            return len(confirmed)

    def _publish(self, rows):
        """Publish `rows`, wait for their confirms; (confirmed rows, the problem with the rest or None)."""
        channel = self._open()
        batch = {}
        for row in rows:
            # The body goes as it was written: JSON text, never decoded and encoded again here.
            message = channel.prepare_message(
                row.body.encode("utf-8"), priority=0, content_type="application/json",
                content_encoding="utf-8", headers={"nameko.correlation_id": _correlation_id(row.body)},
                properties={"delivery_mode": 2, "message_id": row.event_id})
            channel.basic_publish(message, exchange=self.exchange.name, routing_key=row.type, mandatory=True)
            batch[self._next_tag] = row
            self._tags[self._next_tag] = row.event_id
            self._next_tag += 1
        deadline = time.monotonic() + CONFIRM_TIMEOUT
        while not set(batch) <= (self._acked | self._nacked):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                self._connection.drain_events(timeout=min(remaining, 1.0))
            except TimeoutError:
                continue
        confirmed = [row for tag, row in batch.items()
                     if tag in self._acked and row.event_id not in self._returned]
        returned = [row for row in batch.values() if row.event_id in self._returned]
        refused = [row for tag, row in batch.items() if tag in self._nacked]
        unconfirmed = len(batch) - len(confirmed) - len(returned) - len(refused)
        for tag in batch:
            self._tags.pop(tag, None)
            self._acked.discard(tag)
            self._nacked.discard(tag)
        self._returned.difference_update(row.event_id for row in returned)
        problem = None
        if returned:
            for row in returned:
                EVENTS_UNROUTABLE.labels(self.service, row.type).inc()
            problem = Unroutable(f"no queue bound for {', '.join(sorted({r.type for r in returned}))} yet; "
                                 f"{len(returned)} kept in the outbox")
        elif refused or unconfirmed:
            problem = Refused(f"{len(refused)} refused and {unconfirmed} unconfirmed of {len(batch)}; "
                              "kept in the outbox")
        return confirmed, problem

    def pending_count(self):
        with self.session_factory() as session:
            count = session.scalar(select(func.count()).select_from(OutboxEvent)
                                   .where(OutboxEvent.sent_at.is_(None)))
        OUTBOX_PENDING.labels(self.service).set(count)
        return count


def _correlation_id(body):
    return json.loads(body).get("correlation_id", "")


class PollingLoop(DependencyProvider):
    """A background greenthread in the service's container that drains a table.

    `work_once()` handles one batch and returns how many items it handled; the loop sleeps
    `poll_interval` when there was nothing to do, unless `wake()` is called first, and backs
    off when a batch fails. The database comes from the container's shared DatabaseEngine.
    """

    identifier = "polling-loop"
    enabled_key = None  # config key that turns the loop off when false
    database = DatabaseEngine()

    def __init__(self, poll_interval=0.5):
        self.poll_interval = poll_interval
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._running = False
        self._thread = None

    def enabled(self):
        return self.enabled_key is None or parse_bool(self.container.config.get(self.enabled_key, True))

    def prepare(self):
        """Build what `work_once` needs; called when the container starts."""

    def work_once(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self):
        """Release what `prepare` built."""

    def wake(self):
        self._wake.set()

    def start(self):
        if self._running or not self.enabled():
            return
        self.prepare()
        self._running = True
        self._stopped.clear()
        self._thread = self.container.spawn_managed_thread(self._run, identifier=self.identifier)

    def stop(self):
        self.kill()
        if self._thread is not None:
            self._thread.wait()
            self._thread = None
        self.close()

    def kill(self):
        self._running = False
        self._stopped.set()
        self._wake.set()

    def _run(self):
        while self._running:
            try:
                for attempt in backoff(what=self.identifier, running=lambda: self._running,
                                       sleep=self._stopped.wait):
                    with attempt:
                        done = self.work_once()
            except Exception:
                return  # stopping while a batch failed: what it did not do waits for the next start
            if done == 0:
                self._wake.wait(self.poll_interval)
                self._wake.clear()
            else:
                eventlet.sleep(0)


class OutboxRelayRunner(PollingLoop):
    """Runs the relay in the service's own process.

    `OUTBOX_RELAY: false` in config leaves publishing to another replica.
    """

    identifier = "outbox-relay"
    enabled_key = "OUTBOX_RELAY"
    relay = None
    _gauged = 0.0

    def __init__(self, poll_interval=2.0):
        # Woken by every commit that wrote outbox rows: the timer is only a safety net.
        super().__init__(poll_interval)

    def prepare(self):
        from contest_kit.db import session_factory
        self.relay = OutboxRelay(session_factory(self.database.engine), self.container.config["AMQP_URI"],
                                 self.container.service_name)
        self.database.store.when_committed(OUTBOX, self.wake)

    def work_once(self):
        published = self.relay.publish_pending()
        if published == 0 and time.monotonic() - self._gauged > 5:
            self.relay.pending_count()  # keeps contest_outbox_pending current for alerts
            self._gauged = time.monotonic()
        return published

    def close(self):
        self.database.store.when_committed(OUTBOX, None)
        if self.relay is not None:
            self.relay.close()


def main(argv=None):
    """`python -m contest_kit.relay`: relay one service's outbox from a process of its own.

    For a service run with `OUTBOX_RELAY: false` (several replicas, one relay).
    """
    import argparse

    from contest_kit.db import make_engine, session_factory

    parser = argparse.ArgumentParser(prog="python -m contest_kit.relay")
    parser.add_argument("--service", required=True, help="producer whose outbox to relay")
    parser.add_argument("--db-url", required=True)
    parser.add_argument("--amqp-uri", default="pyamqp://guest:guest@127.0.0.1:5672/")
    parser.add_argument("--poll", type=float, default=0.2, help="seconds to wait when idle")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    relay = OutboxRelay(session_factory(make_engine(args.db_url)), args.amqp_uri, args.service)
    log.info("relaying the %s outbox", args.service)
    while True:
        for attempt in backoff(what="relay"):
            with attempt:
                published = relay.publish_pending()
        if published == 0:
            time.sleep(args.poll)


if __name__ == "__main__":
    main()
