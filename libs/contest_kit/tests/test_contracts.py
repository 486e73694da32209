from decimal import Decimal

import pytest
from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contest_kit.contracts import CATALOGUE, UnknownEventType, contract_for, dump_payload, load_payload
from contest_kit.db import KitBase, make_engine
from contest_kit.outbox import OutboxEvent, emit

# One way per event type to break its contract, and the field-level message expected.
INVALID = {
    "team-registered": ("uscc", "123", {"uscc": ["Length must be 18."]}),
    "submission-received": ("materials", [{"kind": "slides"}], {"materials": {0: {
        "key": ["Missing data for required field."], "sha256": ["Missing data for required field."],
        "size": ["Missing data for required field."]}}}),
    "review-completed": ("score", "eighty", {"score": ["Not a valid number."]}),
    "ranking-updated": ("rank", 0, {"rank": ["Must be greater than or equal to 1."]}),
    "notification-delivered": ("channels", "inbox", {"channels": ["Not a valid list."]}),
}


def test_catalogue_types_are_all_covered_by_these_tests(payloads):
    assert set(payloads) == set(CATALOGUE)
    assert set(INVALID) == set(CATALOGUE)


@pytest.mark.parametrize("event_type", sorted(CATALOGUE))
def test_dump_payload_returns_the_valid_payload_unchanged(payloads, event_type):
    wire = dump_payload(event_type, payloads[event_type])

    assert wire == payloads[event_type]


@pytest.mark.parametrize("event_type", sorted(CATALOGUE))
def test_load_payload_accepts_the_valid_payload(payloads, event_type):
    loaded = load_payload(event_type, payloads[event_type])

    assert set(loaded) == set(payloads[event_type])


def test_load_payload_turns_scores_into_decimals(payloads):
    loaded = load_payload("review-completed", payloads["review-completed"])

    assert loaded["score"] == Decimal("87.50")


def test_dump_payload_normalises_a_score_to_two_places(payloads):
    payload = {**payloads["ranking-updated"], "score": "87.5"}

    wire = dump_payload("ranking-updated", payload)

    assert wire["score"] == "87.50"


@pytest.mark.parametrize("event_type", sorted(CATALOGUE))
@pytest.mark.parametrize("codec", [dump_payload, load_payload])
def test_payload_codec_rejects_a_broken_field(payloads, event_type, codec):
    field, value, messages = INVALID[event_type]
    payload = {**payloads[event_type], field: value}

    with pytest.raises(ValidationError) as caught:
        codec(event_type, payload)

    assert caught.value.messages == messages


@pytest.mark.parametrize("event_type", sorted(CATALOGUE))
def test_load_payload_rejects_a_missing_field(payloads, event_type):
    payload = dict(payloads[event_type])
    missing = sorted(payload)[0]
    del payload[missing]

    with pytest.raises(ValidationError) as caught:
        load_payload(event_type, payload)

    assert caught.value.messages == {missing: ["Missing data for required field."]}


@pytest.mark.parametrize("codec", [dump_payload, load_payload, lambda t, _p: contract_for(t)])
def test_contracts_refuse_an_unknown_event_type(codec):
    with pytest.raises(UnknownEventType) as caught:
        codec("team-dissolved", {})

    assert caught.value.args == ("team-dissolved",)


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
