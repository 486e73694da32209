"""Ranking's requests and answers."""
from marshmallow import Schema, fields

from contest_contracts.fields import Query, choice
from contest_contracts.vocabulary import GROUPS


class RankingQuery(Query):
    group = choice(GROUPS, load_default=None)


class RankedProject(Schema):
    place = fields.Integer()
    project_id = fields.String()
    team_id = fields.String()
    title = fields.String()
    track = fields.String()
    group = fields.String()
    score = fields.Decimal(as_string=True)
    version = fields.Integer()
