import json
from datetime import UTC, datetime

import pytest
from marshmallow import ValidationError

from contest_kit.envelope import Envelope


def _message(**changes):
    message = Envelope(type="team-registered", tenant="2023-ningbo", payload={"team_id": "t-1"},
                       correlation_id="corr-1").to_message()
    message.update(changes)
    return message


def test_envelope_round_trip_through_json_is_lossless():
    sent = Envelope(type="submission-received", tenant="2023-ningbo", payload={"team_id": "t-1", "n": 2},
                    correlation_id="corr-1", version=3,
                    event_id="6f1c9a52-3c1e-4a57-9a53-0f0f6a3b7d11",
                    occurred_at=datetime(2023, 5, 4, 9, 30, 15, 123456, tzinfo=UTC))

    received = Envelope.from_message(json.loads(json.dumps(sent.to_message())))

    assert received == sent


def test_envelope_to_message_is_the_wire_form():
    envelope = Envelope(type="team-registered", tenant="2023-ningbo", payload={"team_id": "t-1"},
                        correlation_id="corr-1", event_id="6f1c9a52-3c1e-4a57-9a53-0f0f6a3b7d11",
                        occurred_at=datetime(2023, 5, 4, 9, 30, tzinfo=UTC))

    message = envelope.to_message()

    assert message == {
        "event_id": "6f1c9a52-3c1e-4a57-9a53-0f0f6a3b7d11", "type": "team-registered", "version": 1,
        "tenant": "2023-ningbo", "occurred_at": "2023-05-04T09:30:00+00:00",
        "correlation_id": "corr-1", "payload": {"team_id": "t-1"},
    }


def test_envelope_defaults_give_a_fresh_id_and_an_aware_time():
    first = Envelope(type="team-registered", tenant="2023-ningbo", payload={}, correlation_id="c")
    second = Envelope(type="team-registered", tenant="2023-ningbo", payload={}, correlation_id="c")

    assert first.event_id != second.event_id
    assert first.occurred_at.utcoffset().total_seconds() == 0


def test_envelope_from_message_rejects_missing_event_id():
    message = _message()
    del message["event_id"]

    with pytest.raises(ValidationError) as caught:
        Envelope.from_message(message)

    assert caught.value.messages == {"event_id": ["Missing data for required field."]}


@pytest.mark.parametrize(("field", "value", "error"), [
    ("event_id", "not-a-uuid", "Not a valid UUID."),
    ("tenant", "Ningbo", "String does not match expected pattern."),
    ("type", "TeamRegistered", "String does not match expected pattern."),
    ("version", 0, "Must be greater than or equal to 1."),
    ("occurred_at", "2023-05-04T09:30:00", "Not a valid aware datetime."),
    ("correlation_id", "", "Length must be between 1 and 64."),
    ("payload", ["team_id", "t-1"], "Not a valid mapping type."),
])
def test_envelope_from_message_rejects_a_malformed_field(field, value, error):
    message = _message(**{field: value})

    with pytest.raises(ValidationError) as caught:
        Envelope.from_message(message)

    assert caught.value.messages == {field: [error]}


@pytest.mark.parametrize("body", [["event"], "event", None, 42])
def test_envelope_from_message_rejects_a_body_that_is_not_an_object(body):
    with pytest.raises(ValidationError) as caught:
        Envelope.from_message(body)

    assert caught.value.messages == {"_schema": ["an event must be a JSON object"]}
