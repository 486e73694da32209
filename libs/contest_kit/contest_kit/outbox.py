"""Outbox, inbox and parked events: the tables that make delivery exactly-once in effect.

- `emit` writes an event row in the caller's transaction, so the state change
  and its event commit together or not at all; the relay publishes it later.
- `InboxEntry` records each (event, consumer) a service has applied, in the
  same transaction as the effect, so a redelivered event is skipped.
- `ParkedEvent` keeps what could not be handled, for an operator to replay.
"""
import json
from datetime import UTC, datetime

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contest_kit.contracts import contract_for, dump_payload
from contest_kit.db import KitBase, UtcDateTime
from contest_kit.envelope import Envelope, EnvelopeSchema


def _now():
    return datetime.now(UTC)


class OutboxEvent(KitBase):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    type: Mapped[str] = mapped_column(String(64))
    tenant: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)


class InboxEntry(KitBase):
    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("event_id", "consumer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36))
    consumer: Mapped[str] = mapped_column(String(128))
    type: Mapped[str] = mapped_column(String(64))
    tenant: Mapped[str] = mapped_column(String(64))
    applied_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)


class ParkedEvent(KitBase):
    __tablename__ = "parked_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    consumer: Mapped[str] = mapped_column(String(128))
    type: Mapped[str | None] = mapped_column(String(64))
    event_id: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    body: Mapped[dict] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    parked_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)
    replayed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


def emit(session, event_type, *, tenant, payload, correlation_id, producer):
    """Add an event to the outbox in `session`'s transaction; returns its envelope.

    Raises marshmallow's ValidationError if the payload or the envelope (tenant,
    correlation id) breaks its contract: a producer bug, caught before anything
    is committed rather than parked by every consumer later.
    """
    contract = contract_for(event_type)
    if contract.producer != producer:
        raise ValueError(f"{producer} may not emit {event_type} (producer: {contract.producer})")
    envelope = Envelope(type=event_type, version=contract.version, tenant=tenant,
                        payload=dump_payload(event_type, payload), correlation_id=correlation_id)
    EnvelopeSchema().load(envelope.to_message())
    session.add(OutboxEvent(event_id=envelope.event_id, type=event_type, tenant=tenant,
                            body=json.dumps(envelope.to_message(), ensure_ascii=False)))
    return envelope
