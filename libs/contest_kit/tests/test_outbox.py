import pytest
from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contest_contracts.events import CATALOGUE
from contest_kit.db import make_engine
from contest_kit.outbox import emit as kit_emit
from contest_kit.tables import KitBase, OutboxEvent


def emit(session, event_type, **kwargs):
    return kit_emit(session, CATALOGUE[event_type], **kwargs)


@pytest.fixture
def session(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/outbox.db")
    KitBase.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def _outbox_count(session):
    return session.scalar(select(func.count()).select_from(OutboxEvent))


def test_emit_adds_one_outbox_row_with_the_envelope(session, payloads):
    envelope = emit(session, "team-registered", tenant="2023-ningbo", payload=payloads["team-registered"],
                    correlation_id="corr-1", producer="registration")
    session.commit()

    row = session.scalars(select(OutboxEvent)).one()
    assert (row.event_id, row.type, row.tenant, row.sent_at) == (
        envelope.event_id, "team-registered", "2023-ningbo", None)
    assert envelope.payload == payloads["team-registered"]


def test_emit_refuses_a_producer_that_does_not_own_the_event(session, payloads):
    with pytest.raises(ValueError) as caught:
        emit(session, "team-registered", tenant="2023-ningbo", payload=payloads["team-registered"],
             correlation_id="corr-1", producer="review")

    assert str(caught.value) == "review may not emit team-registered (producer: registration)"
    assert list(session.new) == []
    session.commit()
    assert _outbox_count(session) == 0


def test_emit_refuses_an_invalid_payload_without_adding_anything(session, payloads):
    payload = {**payloads["team-registered"], "group": "giant"}

    with pytest.raises(ValidationError) as caught:
        emit(session, "team-registered", tenant="2023-ningbo", payload=payload,
             correlation_id="corr-1", producer="registration")

    assert caught.value.messages == {"group": ["Must be one of: leading, emerging."]}
    assert list(session.new) == []
    session.commit()
    assert _outbox_count(session) == 0


@pytest.mark.parametrize(("tenant", "correlation_id", "messages"), [
    ("Ningbo", "corr-1", {"tenant": ["String does not match expected pattern."]}),
    ("2023-ningbo", None, {"correlation_id": ["Field may not be null."]}),
])
def test_emit_refuses_an_envelope_consumers_would_park(session, payloads, tenant, correlation_id,
                                                       messages):
    with pytest.raises(ValidationError) as caught:
        emit(session, "team-registered", tenant=tenant, payload=payloads["team-registered"],
             correlation_id=correlation_id, producer="registration")

    assert caught.value.messages == messages
    assert list(session.new) == []
