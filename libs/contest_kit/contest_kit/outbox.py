"""Writing events: `emit` puts an event in the outbox in the caller's transaction.

The state change and its event commit together or not at all; the relay publishes committed
rows later, and is woken the moment a transaction that wrote one commits.
"""
import json

from sqlalchemy import insert

from contest_kit.db import utc_now, wake_after_commit
from contest_kit.envelope import Envelope, EnvelopeSchema
from contest_kit.tables import OutboxEvent

_ENVELOPE = EnvelopeSchema()
_WRITE = insert(OutboxEvent.__table__)
OUTBOX = "outbox"  # the relay's waker (contest_kit.db.Store.when_committed)


def emit(session, contract, *, tenant, payload, correlation_id, producer):
    """Add an event of `contract` (contest_contracts.events) to the outbox; returns its envelope.

    Raises marshmallow's ValidationError if the payload or the envelope (tenant, correlation
    id) breaks its contract: a producer bug, caught before anything is committed rather than
    parked by every consumer later. An event the catalogue gives no consumer is validated but
    not written: nobody would read it (it starts to flow once the catalogue names a consumer).
    """
    if contract.producer != producer:
        raise ValueError(f"{producer} may not emit {contract.type} (producer: {contract.producer})")
    envelope = Envelope(type=contract.type, version=contract.version, tenant=tenant,
                        payload=contract.dump(payload), correlation_id=correlation_id)
    message = envelope.to_message()
    _ENVELOPE.load(message)
    if not contract.consumers:
        return envelope
    # Core, not the ORM: one row written with every event, nothing to track afterwards.
    session.execute(_WRITE, {"event_id": envelope.event_id, "type": contract.type, "tenant": tenant,
                             "body": json.dumps(message, ensure_ascii=False), "created_at": utc_now()})
    wake_after_commit(session, OUTBOX)
    return envelope
