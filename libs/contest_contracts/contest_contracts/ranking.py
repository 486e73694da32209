"""Ranking's requests and answers."""
from marshmallow import Schema, fields

from contest_contracts.fields import PageQuery, choice, text
from contest_contracts.vocabulary import GROUPS


class RankingQuery(PageQuery):
    """The ranking group by group, best first; places are within the whole group, whatever the track."""

    group = choice(GROUPS, load_default=None)
    track = text(1, 40, load_default=None, metadata={"description": "赛题方向 track code"})


class RankedProject(Schema):
    place = fields.Integer()
    project_id = fields.String()
    team_id = fields.String()
    title = fields.String()
    track = fields.String()
    group = fields.String()
    score = fields.Decimal(as_string=True)
    version = fields.Integer()
