"""The kit's tables, kept in every service's database beside the service's own.

- `OutboxEvent`: an event written in the transaction of the change that caused it; the
  relay publishes it later (contest_kit.outbox, contest_kit.relay).
- `InboxEntry`: each (event, consumer) a service applied, in the transaction of the effect,
  so a redelivered event is skipped (contest_kit.consumer).
- `ParkedEvent`: what a consumer could not handle, for an operator to replay.
- `AuditEntry`: the hash-chained record of decisions (contest_kit.audit).
- `IdempotencyRecord`: a client's Idempotency-Key, the request it came with and the answer
  given, in the transaction of the change (contest_kit.change).

All of them are here, in one module, so that `KitBase.metadata` is complete whenever this
module is imported: the kit's migrations are generated from it.
"""
from datetime import datetime

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contest_kit.db import UtcDateTime, utc_now


class KitBase(DeclarativeBase):
    """Tables the kit keeps in every service's database."""


class OutboxEvent(KitBase):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    type: Mapped[str] = mapped_column(String(64))
    tenant: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)


class InboxEntry(KitBase):
    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("event_id", "consumer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36))
    consumer: Mapped[str] = mapped_column(String(128))
    type: Mapped[str] = mapped_column(String(64))
    tenant: Mapped[str] = mapped_column(String(64))
    applied_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class ParkedEvent(KitBase):
    __tablename__ = "parked_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    consumer: Mapped[str] = mapped_column(String(128))
    type: Mapped[str | None] = mapped_column(String(64))
    event_id: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    body: Mapped[dict] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    parked_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    replayed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class AuditEntry(KitBase):
    __tablename__ = "audit_log"
    __table_args__ = (UniqueConstraint("tenant", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[str] = mapped_column(String(64))
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict] = mapped_column(JSON)
    occurred_at: Mapped[str] = mapped_column(String(40))  # ISO text: hashed exactly as stored
    correlation_id: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class IdempotencyRecord(KitBase):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("tenant", "actor_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(64))
    command: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    answer: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
