"""Notify's answers."""
from marshmallow import Schema, fields


class InboxMessage(Schema):
    id = fields.String()
    cause = fields.String(metadata={"description": "the event that caused it, e.g. review-completed"})
    subject = fields.String()
    body = fields.String()
    created_at = fields.DateTime()
    mailed = fields.Boolean()
