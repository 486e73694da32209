"""The event catalogue's contracts: each validates its payload on the producer's side and the consumer's."""
from decimal import Decimal

import pytest
from marshmallow import ValidationError

from contest_contracts.events import CATALOGUE


def dump_payload(event_type, payload):
    return CATALOGUE[event_type].dump(payload)


def load_payload(event_type, payload):
    return CATALOGUE[event_type].load(payload)


# One way per event type to break its contract, and the field-level message expected.
INVALID = {
    "team-registered": ("uscc", "123", {"uscc": ["Length must be 18."]}),
    "submission-received": ("materials", [{"kind": "slides"}], {"materials": {0: {
        "key": ["Missing data for required field."], "sha256": ["Missing data for required field."],
        "size": ["Missing data for required field."]}}}),
    "materials-frozen": ("stage", "heats", {"stage": ["Must be one of: local, semi-final, final."]}),
    "team-disqualified": ("reason", None, {"reason": ["Field may not be null."]}),
    "due-diligence-recorded": ("passed", "maybe", {"passed": ["Not a valid boolean."]}),
    "review-completed": ("score", "eighty", {"score": ["Not a valid number."]}),
    "score-submitted": ("total", "eighty", {"total": ["Not a valid number."]}),
    "round-closed": ("late_sheets", -1, {"late_sheets": ["Must be greater than or equal to 0."]}),
    "teams-advanced": ("teams", "t-1", {"teams": ["Not a valid list."]}),
    "recommendation-submitted": ("quota", -1, {"quota": ["Must be greater than or equal to 0."]}),
    "finalist-admitted": ("priority", 0, {"priority": ["Must be greater than or equal to 1."]}),
    "award-granted": ("amount", -1, {"amount": ["Must be greater than or equal to 0."]}),
    "award-revoked": ("recovered", -1, {"recovered": ["Must be greater than or equal to 0."]}),
    "quota-allocated": ("seats", -1, {"seats": ["Must be greater than or equal to 0."]}),
    "ranking-updated": ("rank", 0, {"rank": ["Must be greater than or equal to 1."]}),
    "notification-delivered": ("channels", "inbox", {"channels": ["Not a valid list."]}),
    "tenant-defined": ("code", None, {"code": ["Field may not be null."]}),
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


def test_every_contract_names_its_producer_and_gives_a_valid_example():
    assert {t: (c.producer, c.load(c.example) is not None) for t, c in CATALOGUE.items()} == {
        "team-registered": ("registration", True), "submission-received": ("registration", True),
        "materials-frozen": ("registration", True), "team-disqualified": ("registration", True),
        "due-diligence-recorded": ("registration", True),
        "review-completed": ("review", True), "ranking-updated": ("ranking", True),
        "score-submitted": ("review", True), "round-closed": ("review", True),
        "teams-advanced": ("ranking", True), "quota-allocated": ("ranking", True),
        "recommendation-submitted": ("ranking", True), "finalist-admitted": ("ranking", True),
        "award-granted": ("ranking", True), "award-revoked": ("ranking", True),
        "notification-delivered": ("notify", True), "tenant-defined": ("registration", True)}
