"""Notify's boundary schemas."""
from marshmallow import Schema, fields


class InboxMessageSchema(Schema):
    id = fields.String()
    cause = fields.String()
    subject = fields.String()
    body = fields.String()
    created_at = fields.DateTime()
    mailed = fields.Boolean()
