"""Event consumers that apply each event once and never drop one.

`consumes` wraps nameko's `event_handler`:
1. the envelope and payload are validated against the contract: a malformed
   or unknown event is parked at once (logged, counted, kept for replay);
2. the effect runs in one transaction with an inbox row for (event, consumer):
   a redelivered event finds its row and is skipped;
3. a failing effect is retried with backoff, then parked;
4. only if even parking fails is the message requeued, so nothing is lost.
"""
import functools
import logging
import time

import eventlet
from marshmallow import ValidationError
from nameko.events import SERVICE_POOL, EventHandler
from nameko.messaging import QueueConsumer
from nameko.rpc import rpc
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contest_kit.context import set_correlation_id
from contest_kit.contracts import UnknownEventType, contract_for, load_payload
from contest_kit.envelope import Envelope
from contest_kit.metrics import EVENTS_HANDLED, EVENTS_PARKED, HANDLE_SECONDS
from contest_kit.outbox import InboxEntry, ParkedEvent

log = logging.getLogger(__name__)

RETRY_DELAYS = (0.2, 1.0, 3.0)


class Skip(Exception):
    """Raised by nothing outside this module: the event was applied before."""


class ParkingQueueConsumer(QueueConsumer):
    """nameko's queue consumer, except that a body that is not even JSON is parked, not dropped.

    kombu decodes a message before any handler sees it, and by default logs and
    acks one it cannot decode: the event would be lost without a trace.
    """

    def on_decode_error(self, message, exc):
        from contest_kit.db import Database
        routing_key = message.delivery_info.get("routing_key")
        log.error("undecodable message on %s parked: %s", routing_key, exc)
        database = next(d for d in self.container.dependencies if isinstance(d, Database))
        raw = message.body if isinstance(message.body, bytes) else str(message.body).encode()
        with database.store.session(all_tenants=True) as session:
            session.add(ParkedEvent(consumer=f"{self.container.service_name}.(undecodable)",
                                    type=routing_key, event_id=None,
                                    reason=f"undecodable body: {exc}"[:2000], attempts=0,
                                    body={"raw": raw[:10000].decode("utf-8", "replace"),
                                          "content_type": message.content_type}))
        EVENTS_PARKED.labels(self.container.service_name, routing_key or "").inc()
        message.ack()


class ParkingEventHandler(EventHandler):
    queue_consumer = ParkingQueueConsumer()


def consumes(event_type, *, handler_type=SERVICE_POOL):
    """Declare a consumer of `event_type`, from the producer the catalogue names.

    The decorated method is called as `fn(self, session, event)` where
    `event` is the Envelope with its payload loaded, and `session` is open for
    the event's tenant; whatever it writes commits with the inbox row.
    """
    contract = contract_for(event_type)
    if contract is None:  # pragma: no cover - contract_for raises
        raise UnknownEventType(event_type)

    def decorate(fn):
        @functools.wraps(fn)
        def handler(self, body):
            return handle(self, fn, event_type, body)

        handler.consumed_event = event_type
        handler.apply = fn
        return ParkingEventHandler.decorator(contract.producer, event_type, handler_type=handler_type,
                                             requeue_on_error=True)(handler)

    return decorate


def consumer_name(service, fn):
    return f"{service.name}.{fn.__name__}"


def handle(service, fn, event_type, body, retry_delays=RETRY_DELAYS):
    """Validate, dedupe, apply with retries, or park. Returns the outcome."""
    consumer = consumer_name(service, fn)
    try:
        event = _load(event_type, body)
    except (ValidationError, UnknownEventType) as exc:
        return _park(service, consumer, event_type, body, f"invalid event: {_messages(exc)}", 0)
    set_correlation_id(event.correlation_id)
    attempts = 0
    while True:
        attempts += 1
        started = time.perf_counter()
        try:
            outcome = _apply_once(service, fn, consumer, event)
        except Exception as exc:
            if attempts > len(retry_delays):
                return _park(service, consumer, event_type, body, f"{type(exc).__name__}: {exc}",
                             attempts)
            log.warning("%s failed on %s (attempt %d): %s", consumer, event.event_id, attempts, exc)
            eventlet.sleep(retry_delays[attempts - 1])
            continue
        HANDLE_SECONDS.labels(service.name, event_type).observe(time.perf_counter() - started)
        EVENTS_HANDLED.labels(service.name, event_type, outcome).inc()
        return outcome


def _load(event_type, body):
    event = Envelope.from_message(body)
    if event.type != event_type:
        raise ValidationError({"type": [f"expected {event_type}, got {event.type}"]})
    contract = contract_for(event.type)
    if event.version != contract.version:
        raise ValidationError({"version": [f"unsupported version {event.version}"]})
    payload = load_payload(event.type, event.payload)
    return Envelope(type=event.type, tenant=event.tenant, payload=payload,
                    correlation_id=event.correlation_id, version=event.version,
                    event_id=event.event_id, occurred_at=event.occurred_at)


def _apply_once(service, fn, consumer, event):
    try:
        with service.db.session(tenant=event.tenant) as session:
            seen = session.scalar(select(InboxEntry.id).where(
                InboxEntry.event_id == event.event_id, InboxEntry.consumer == consumer))
            if seen is not None:
                raise Skip()
            session.add(InboxEntry(event_id=event.event_id, consumer=consumer,
                                   type=event.type, tenant=event.tenant))
            try:
                session.flush()
            except IntegrityError:
                # Another worker applied the same event between our check and
                # insert. Only this flush can mean that: an IntegrityError from
                # the effect itself is a failure to retry, never a duplicate.
                raise Skip() from None
            fn(service, session, event)
    except Skip:
        return "duplicate"
    return "applied"


def _park(service, consumer, event_type, body, reason, attempts):
    log.error("%s parked an event of type %s: %s", consumer, event_type, reason)
    event_id = body.get("event_id") if isinstance(body, dict) else None
    with service.db.session(all_tenants=True) as session:
        session.add(ParkedEvent(consumer=consumer, type=event_type,
                                event_id=None if event_id is None else str(event_id)[:64],
                                reason=reason[:2000], body=_jsonable(body), attempts=attempts))
    EVENTS_PARKED.labels(service.name, event_type).inc()
    EVENTS_HANDLED.labels(service.name, event_type, "parked").inc()
    return "parked"


def _jsonable(body):
    return body if isinstance(body, (dict, list)) else {"raw": repr(body)[:10000]}


def _messages(exc):
    return getattr(exc, "messages", None) or str(exc)


class ParkedEvents:
    """Mixin: RPC for operators to list and replay a service's parked events."""

    @rpc
    def list_parked(self, include_replayed=False):
        with self.db.session(all_tenants=True) as session:
            query = select(ParkedEvent).order_by(ParkedEvent.id)
            if not include_replayed:
                query = query.where(ParkedEvent.replayed_at.is_(None))
            return [{"id": p.id, "consumer": p.consumer, "type": p.type, "event_id": p.event_id,
                     "reason": p.reason, "attempts": p.attempts,
                     "parked_at": p.parked_at.isoformat()} for p in session.scalars(query)]

    @rpc
    def replay_parked(self, parked_id):
        """Run a parked event through its consumer again; returns the new outcome.

        The entry is retired whatever the outcome: if the event is parked again,
        that wrote a fresh entry with the new reason, so it is never listed twice.
        """
        from datetime import UTC, datetime
        with self.db.session(all_tenants=True) as session:
            parked = session.get(ParkedEvent, parked_id)
            if parked is None or parked.replayed_at is not None:
                return "not-found"
            method = getattr(type(self), parked.consumer.split(".", 1)[1], None)
            if not hasattr(method, "apply"):
                return "not-replayable"  # an undecodable body: nothing to run it through
            body, event_type = parked.body, parked.type
        outcome = handle(self, method.apply, event_type, body)
        with self.db.session(all_tenants=True) as session:
            session.get(ParkedEvent, parked_id).replayed_at = datetime.now(UTC)
        return outcome
