"""Event consumers that apply each event once and never drop one.

`@consumes(SUBMISSION_RECEIVED)` wraps nameko's `event_handler`:
1. the envelope and payload are validated against the contract: a malformed event is parked
   at once (logged, counted, kept for replay);
2. the effect runs in one transaction with an inbox row for (event, consumer): a redelivered
   event finds its row and is skipped;
3. a failing effect is retried with backoff, then parked;
4. only if even parking fails is the message requeued, so nothing is lost.

`@consumes(X, batch=50)` takes up to 50 waiting events (or what arrives within a few
milliseconds) into one worker and applies them in one transaction per tenant, with their inbox
rows; their messages are acknowledged after it commits. Should that transaction fail (a poison
event, a conflict), each event of the batch is handled alone as above, so the poison one is
parked alone and the others are applied. One commit for many events is what makes a burst cheap.
"""
import functools
import logging
import time

import eventlet
from marshmallow import ValidationError
from nameko.events import BROADCAST, SERVICE_POOL, EventHandler
from nameko.exceptions import ContainerBeingKilled
from nameko.messaging import QueueConsumer
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from contest_kit.change import Change, Command
from contest_kit.context import set_correlation_id
from contest_kit.db import DatabaseEngine, utc_now
from contest_kit.envelope import Envelope
from contest_kit.metrics import EVENTS_HANDLED, EVENTS_PARKED, HANDLE_SECONDS
from contest_kit.retry import attempts
from contest_kit.tables import InboxEntry, ParkedEvent

log = logging.getLogger(__name__)

RETRY_DELAYS = (0.2, 1.0, 3.0)


class Skip(Exception):
    """Raised by nothing outside this module: the event was applied before."""


class ParkingQueueConsumer(QueueConsumer):
    """nameko's queue consumer, except that a body that is not even JSON is parked, not dropped,
    and that it lets a batch's worth of messages wait unacknowledged (`CONSUMER_PREFETCH`).

    kombu decodes a message before any handler sees it, and by default logs and acks one it
    cannot decode: the event would be lost without a trace.
    """

    database = DatabaseEngine()

    @property
    def prefetch_count(self):
        return int(self.container.config.get("CONSUMER_PREFETCH", 100))

    def unregister_provider(self, provider):
        # nameko's queue consumer, stopped before its consumers were ready, sends its "last provider
        # unregistered" event once per provider (the second send raises inside the container's stop)
        # and removes none: if the consumers then became ready, its consuming loop ran on with them
        # and the stop waited for it for ever. Both hung a service with two event handlers stopped
        # right after start (tests/test_serve.py on ranking). Here the provider is removed (a new set:
        # the starting loop may be iterating the old one to declare its consumers), the event is sent
        # once, when none is left, and the loop is told to end (it looks between drains).
        if not self._consumers_ready.ready() or self._gt is None or self._gt.dead:
            if provider in self._providers:
                self._providers = self._providers - {provider}
                if not self._providers:
                    self.should_stop = True
                    self._last_provider_unregistered.send()
            return
        super().unregister_provider(provider)

    def on_decode_error(self, message, exc):
        routing_key = message.delivery_info.get("routing_key")
        log.error("undecodable message on %s parked: %s", routing_key, exc)
        raw = message.body if isinstance(message.body, bytes) else str(message.body).encode()
        with self.database.store.session(all_tenants=True) as session:
            session.add(ParkedEvent(consumer=f"{self.container.service_name}.(undecodable)",
                                    type=routing_key, event_id=None,
                                    reason=f"undecodable body: {exc}"[:2000], attempts=0,
                                    body={"raw": raw[:10000].decode("utf-8", "replace"),
                                          "content_type": message.content_type}))
        EVENTS_PARKED.labels(self.container.service_name, routing_key or "").inc()
        message.ack()


class ParkingEventHandler(EventHandler):
    """An event handler for one contract, handing its worker the service's database store."""

    queue_consumer = ParkingQueueConsumer()
    database = DatabaseEngine()

    def __init__(self, contract, handler_type=SERVICE_POOL, **kwargs):
        self.contract = contract
        super().__init__(contract.producer, contract.type, handler_type=handler_type,
                         requeue_on_error=True, **kwargs)

    def handle_message(self, body, message):
        # As nameko's Consumer does, with the store as a second argument for the worker.
        try:
            self.container.spawn_worker(self, (body, self.database.store), {},
                                        context_data=self.unpack_message_headers(message),
                                        handle_result=functools.partial(self.handle_result, message))
        except ContainerBeingKilled:
            self.queue_consumer.requeue_message(message)


class BatchingEventHandler(ParkingEventHandler):
    """Hands its worker up to `batch` messages at once: those that arrived within `window` seconds."""

    def __init__(self, contract, batch=50, window=0.005, **kwargs):
        self.batch, self.window = batch, window
        self._waiting, self._timer = [], None
        super().__init__(contract, **kwargs)

    def handle_message(self, body, message):
        self._waiting.append((body, message))
        if len(self._waiting) >= self.batch:
            self._flush()
        elif self._timer is None:
            self._timer = eventlet.spawn_after(self.window, self._flush)

    def _flush(self):
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        waiting, self._waiting = self._waiting, []
        if not waiting:
            return
        messages = [message for _body, message in waiting]
        try:
            bodies = [body for body, _message in waiting]
            self.container.spawn_worker(self, (bodies, self.database.store), {},
                                        context_data=self.unpack_message_headers(messages[0]),
                                        handle_result=functools.partial(self._handled, messages))
        except ContainerBeingKilled:
            for message in messages:
                self.queue_consumer.requeue_message(message)

    def _handled(self, messages, worker_ctx, result=None, exc_info=None):
        for message in messages:  # after the worker's transactions committed
            self.handle_message_processed(message, result, exc_info)
        return result, exc_info


def consumes(contract, *, handler_type=SERVICE_POOL, batch=None):
    """Declare a consumer of `contract`'s events, from the producer the catalogue names.

    The decorated method is called as `fn(self, change, event)`: `event` is the Envelope with
    its payload loaded, `change` a contest_kit.change.Change open for the event's tenant;
    whatever it writes, records and emits commits with the inbox row. With `batch=N`, up to N
    events share one transaction per tenant (see the module's doc): only for handlers whose
    effect does not depend on committing alone.
    """
    def decorate(fn):
        if batch:
            def handler(self, bodies, store):
                return handle_batch(store, self, fn, contract, bodies)
            entrypoint = BatchingEventHandler.decorator(contract, batch=batch, handler_type=handler_type)
        else:
            def handler(self, body, store):
                return handle(store, self, fn, contract, body)
            entrypoint = ParkingEventHandler.decorator(contract, handler_type=handler_type)

        handler.__name__ = fn.__name__
        handler.__doc__ = fn.__doc__
        handler.consumed = contract
        handler.apply = fn
        return entrypoint(handler)

    return decorate


def broadcast(contract):
    """Declare that every instance of the service receives `contract`'s events, for an effect in
    its own memory (a cache to drop): no inbox and no transaction, since such an effect is
    harmless twice. The method is called as `fn(self, event)`; a malformed event is parked.
    """
    def decorate(fn):
        def handler(self, body, store):
            try:
                event = _load(contract, body)
            except ValidationError as exc:
                return _park(store, self, consumer_name(self, fn), contract.type, body,
                             f"invalid event: {exc.messages}", 0)
            fn(self, event)
            EVENTS_HANDLED.labels(self.name, contract.type, "applied").inc()
            return "applied"

        handler.__name__ = fn.__name__
        handler.__doc__ = fn.__doc__
        handler.consumed = contract
        entrypoint = ParkingEventHandler.decorator(contract, handler_type=BROADCAST, reliable_delivery=False)
        return entrypoint(handler)

    return decorate


def consumer_name(service, fn):
    return f"{service.name}.{fn.__name__}"


def handle(store, service, fn, contract, body, retry_delays=RETRY_DELAYS):
    """Validate, dedupe, apply with retries, or park. Returns the outcome."""
    consumer = consumer_name(service, fn)
    try:
        event = _load(contract, body)
    except ValidationError as exc:
        return _park(store, service, consumer, contract.type, body, f"invalid event: {exc.messages}", 0)
    return _handle_loaded(store, service, fn, contract, event, body, retry_delays)


def handle_batch(store, service, fn, contract, bodies, retry_delays=RETRY_DELAYS):
    """Apply `bodies` in one transaction per tenant; alone, one by one, if that fails. Their outcomes."""
    consumer = consumer_name(service, fn)
    outcomes, tenants = [None] * len(bodies), {}
    for index, body in enumerate(bodies):
        try:
            event = _load(contract, body)
        except ValidationError as exc:
            outcomes[index] = _park(store, service, consumer, contract.type, body,
                                    f"invalid event: {exc.messages}", 0)
            continue
        tenants.setdefault(event.tenant, []).append((index, event))
    for tenant, events in tenants.items():
        started = time.perf_counter()
        try:
            applied = _apply_together(store, service, fn, consumer, tenant, events)
        except Exception as exc:
            log.warning("%s: a batch of %d failed together (%s); handling each alone", consumer,
                        len(events), exc)
            for index, event in events:
                outcomes[index] = _handle_loaded(store, service, fn, contract, event, bodies[index],
                                                 retry_delays)
            continue
        elapsed = (time.perf_counter() - started) / len(events)
        for index, outcome in applied:
            outcomes[index] = outcome
            HANDLE_SECONDS.labels(service.name, contract.type).observe(elapsed)
            EVENTS_HANDLED.labels(service.name, contract.type, outcome).inc()
    return outcomes


def _apply_together(store, service, fn, consumer, tenant, events):
    with store.session(tenant=tenant) as session:
        seen = set(session.scalars(select(InboxEntry.event_id).where(
            InboxEntry.event_id.in_([event.event_id for _index, event in events]),
            InboxEntry.consumer == consumer)))
        applied, inbox = [], []
        for index, event in events:
            if event.event_id in seen:  # applied before, or twice in this batch
                applied.append((index, "duplicate"))
                continue
            seen.add(event.event_id)
            set_correlation_id(event.correlation_id)
            inbox.append(_inbox_row(event, consumer))
            command = Command(store, service.name, actor=None, correlation_id=event.correlation_id)
            fn(service, Change(session, command, tenant), event)
            applied.append((index, "applied"))
        if inbox:  # one statement for the batch's inbox rows; a concurrent twin fails it, and the batch
            session.execute(_INBOX, inbox)
    return applied


_INBOX = insert(InboxEntry.__table__)  # Core: one row with every event, nothing to track afterwards


def _inbox_row(event, consumer):
    return {"event_id": event.event_id, "consumer": consumer, "type": event.type, "tenant": event.tenant,
            "applied_at": utc_now()}


def _handle_loaded(store, service, fn, contract, event, body, retry_delays):
    consumer = consumer_name(service, fn)
    set_correlation_id(event.correlation_id)
    started = time.perf_counter()
    try:
        for attempt in attempts(retry_delays, what=f"{consumer} on {event.event_id}"):
            with attempt:
                outcome = _apply_once(store, service, fn, consumer, event)
    except Exception as exc:
        return _park(store, service, consumer, contract.type, body, f"{type(exc).__name__}: {exc}",
                     len(retry_delays) + 1)
    HANDLE_SECONDS.labels(service.name, contract.type).observe(time.perf_counter() - started)
    EVENTS_HANDLED.labels(service.name, contract.type, outcome).inc()
    return outcome


def _load(contract, body):
    event = Envelope.from_message(body)
    if event.type != contract.type:
        raise ValidationError({"type": [f"expected {contract.type}, got {event.type}"]})
    if event.version != contract.version:
        raise ValidationError({"version": [f"unsupported version {event.version}"]})
    return Envelope(type=event.type, tenant=event.tenant, payload=contract.load(event.payload),
                    correlation_id=event.correlation_id, version=event.version,
                    event_id=event.event_id, occurred_at=event.occurred_at)


def _apply_once(store, service, fn, consumer, event):
    try:
        with store.session(tenant=event.tenant) as session:
            seen = session.scalar(select(InboxEntry.id).where(
                InboxEntry.event_id == event.event_id, InboxEntry.consumer == consumer))
            if seen is not None:
                raise Skip()
            try:
                session.execute(_INBOX, _inbox_row(event, consumer))
            except IntegrityError:
                # Another worker applied the same event between our check and
                # insert. Only this insert can mean that: an IntegrityError from
                # the effect itself is a failure to retry, never a duplicate.
                raise Skip() from None
            command = Command(store, service.name, actor=None, correlation_id=event.correlation_id)
            fn(service, Change(session, command, event.tenant), event)
    except Skip:
        return "duplicate"
    return "applied"


def _park(store, service, consumer, event_type, body, reason, tries):
    log.error("%s parked an event of type %s: %s", consumer, event_type, reason)
    event_id = body.get("event_id") if isinstance(body, dict) else None
    with store.session(all_tenants=True) as session:
        session.add(ParkedEvent(consumer=consumer, type=event_type,
                                event_id=None if event_id is None else str(event_id)[:64],
                                reason=reason[:2000], body=_jsonable(body), attempts=tries))
    EVENTS_PARKED.labels(service.name, event_type).inc()
    EVENTS_HANDLED.labels(service.name, event_type, "parked").inc()
    return "parked"


def _jsonable(body):
    return body if isinstance(body, (dict, list)) else {"raw": repr(body)[:10000]}
