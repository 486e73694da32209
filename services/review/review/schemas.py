"""Review's boundary schemas."""
from marshmallow import Schema, fields, validate

from review.domain.scoring import CRITERIA

_score = dict(required=True, places=2, validate=validate.Range(min=0, max=100))


class ScoresSchema(Schema):
    technical = fields.Decimal(**_score)
    application = fields.Decimal(**_score)
    commercial = fields.Decimal(**_score)
    defence = fields.Decimal(**_score)


assert tuple(ScoresSchema().fields) == CRITERIA


class ReviewItemSchema(Schema):
    project_id = fields.String()
    team_id = fields.String()
    version = fields.Integer()
    title = fields.String()
    track = fields.String()
    group = fields.String()
    status = fields.String()
    score = fields.Decimal(as_string=True, allow_none=True)
    sheet_count = fields.Integer()
    received_at = fields.DateTime()


class ScoreSheetSchema(Schema):
    project_id = fields.String()
    version = fields.Integer()
    expert_id = fields.String()
    technical = fields.Decimal(as_string=True)
    application = fields.Decimal(as_string=True)
    commercial = fields.Decimal(as_string=True)
    defence = fields.Decimal(as_string=True)
    total = fields.Decimal(as_string=True)
    review_completed = fields.Boolean()
