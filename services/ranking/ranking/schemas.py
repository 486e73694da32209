"""Ranking's boundary schemas."""
from marshmallow import Schema, fields


class RankedProjectSchema(Schema):
    place = fields.Integer()
    project_id = fields.String()
    team_id = fields.String()
    title = fields.String()
    track = fields.String()
    group = fields.String()
    score = fields.Decimal(as_string=True)
    version = fields.Integer()
