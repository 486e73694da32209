"""The one envelope every event travels in.

`event_id` is what consumers deduplicate on (the inbox); `correlation_id`
ties an event to the request that caused it, across services and logs.
"""
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from contest_contracts.vocabulary import TENANT_PATTERN

EVENT_TYPE_PATTERN = r"^[a-z]+(-[a-z]+)+$"


class EnvelopeSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # a field a newer producer adds must not park the event

    event_id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.Regexp(EVENT_TYPE_PATTERN))
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    tenant = fields.String(required=True, validate=validate.Regexp(TENANT_PATTERN))
    occurred_at = fields.AwareDateTime(required=True)
    correlation_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    payload = fields.Dict(required=True)


_SCHEMA = EnvelopeSchema()  # built once: a schema object per message costs more than the message


@dataclass(frozen=True)
class Envelope:
    type: str
    tenant: str
    payload: dict
    correlation_id: str
    version: int = 1
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def to_message(self):
        """The JSON-ready dict that goes on the wire."""
        return {
            "event_id": str(self.event_id),
            "type": self.type,
            "version": self.version,
            "tenant": self.tenant,
            "occurred_at": self.occurred_at.isoformat(),
            "correlation_id": self.correlation_id,
            "payload": self.payload,
        }

    @classmethod
    def from_message(cls, body):
        """Load and validate a wire message; raises marshmallow's ValidationError."""
        if not isinstance(body, dict):
            raise ValidationError({"_schema": ["an event must be a JSON object"]})
        data = _SCHEMA.load(body)
        return cls(
            event_id=str(data["event_id"]),
            type=data["type"],
            version=data["version"],
            tenant=data["tenant"],
            occurred_at=data["occurred_at"],
            correlation_id=data["correlation_id"],
            payload=data["payload"],
        )


def new_correlation_id():
    return uuid.uuid4().hex
