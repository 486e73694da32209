"""Notify's requests and answers."""
from marshmallow import Schema, fields

from contest_contracts.fields import PageQuery


class InboxQuery(PageQuery):
    """A team's messages, newest first."""


class InboxMessage(Schema):
    id = fields.String()
    cause = fields.String(metadata={"description": "the event that caused it, e.g. review-completed"})
    subject = fields.String()
    body = fields.String()
    created_at = fields.DateTime()
    mailed = fields.Boolean()
