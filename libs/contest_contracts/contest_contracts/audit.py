"""The audit record as every audited service answers it."""
from marshmallow import Schema, fields

from contest_contracts.fields import PageQuery, choice


class AuditQuery(PageQuery):
    """The chain in order of seq, a page at a time; the Excel export is always the whole chain."""

    format = choice(("json", "xlsx"), load_default="json")


class AuditEntry(Schema):
    seq = fields.Integer()
    tenant = fields.String()
    actor_id = fields.String()
    actor_role = fields.String()
    action = fields.String(metadata={"description": "a typed action, e.g. score-sheet.submitted"})
    data = fields.Dict()
    occurred_at = fields.String()
    correlation_id = fields.String()
    prev_hash = fields.String()
    hash = fields.String(metadata={"description": "sha256 of the entry's fields, prev_hash included"})


class AuditVerdict(Schema):
    service = fields.String()
    tenant = fields.String()
    entries = fields.Integer()
    intact = fields.Boolean()
    first_break = fields.Dict(allow_none=True, metadata={
        "description": "position, seq, kind (changed, missing, reordered, duplicated, malformed), detail"})
