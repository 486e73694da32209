"""Review's requests and answers."""
from marshmallow import Schema, fields

from contest_contracts.fields import PageQuery, choice, score, text
from contest_contracts.vocabulary import AWAITING, GROUPS, REVIEW_STATUSES

# The four criteria of the 2020 semi-final (002), in the order a sheet lists them.
CRITERIA = ("technical", "application", "commercial", "defence")


class Scores(Schema):
    """An expert's score sheet: each criterion 0-100, two decimal places."""

    technical = score(required=True, metadata={"description": "技术方案 technical solution, 0-100"})
    application = score(required=True, metadata={"description": "应用成效 application results, 0-100"})
    commercial = score(required=True, metadata={"description": "商业价值 commercial value, 0-100"})
    defence = score(required=True, metadata={"description": "现场答辩 on-site defence, 0-100"})


assert tuple(Scores().fields) == CRITERIA


class ScoresAsForwarded(Scores):
    """The sheet as review receives it from the gateway: kombu's JSON carries each Decimal as text
    ("88.00"), so text is a score here, checked again for range and step; the gateway's `Scores`
    took a JSON number only."""

    def on_bind_field(self, field_name, field_obj):
        field_obj.text_allowed = True


class ReviewQuery(PageQuery):
    """Project versions by review status, in the order they arrived."""

    status = choice(REVIEW_STATUSES, load_default=AWAITING)
    group = choice(GROUPS, load_default=None)
    track = text(1, 40, load_default=None, metadata={"description": "赛题方向 track code"})


class ReviewItem(Schema):
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


class ScoreSheet(Schema):
    project_id = fields.String()
    version = fields.Integer()
    expert_id = fields.String()
    technical = fields.Decimal(as_string=True)
    application = fields.Decimal(as_string=True)
    commercial = fields.Decimal(as_string=True)
    defence = fields.Decimal(as_string=True)
    total = fields.Decimal(as_string=True)
    review_completed = fields.Boolean()
