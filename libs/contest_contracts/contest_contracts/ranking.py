"""Ranking's requests and answers."""
from marshmallow import Schema, fields

from contest_contracts.fields import (
    PageQuery,
    Query,
    WholeNumber,
    between,
    choice,
    length,
    name_text,
    text,
)
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


# A round's ranking by a method of the committee's choice (ranking/domain, docs/ranking.md).
METHODS = ("mean", "median", "trimmed-mean", "z-score")


class RoundRankingQuery(Query):
    """One group (and track) of a round, ranked from every sheet by `method`."""

    group = choice(GROUPS, required=True)
    track = text(1, 40, load_default=None, metadata={"description": "赛题方向 track code: rank within it"})
    # not `method`: an RPC's keyword (and the gateway's call_service's own argument)
    aggregation = choice(METHODS, load_default=None, metadata={
        "description": "mean, median, trimmed-mean or z-score (docs/ranking.md); absent: the round's own"})
    k = WholeNumber(validate=between(1, 6), load_default=None, metadata={
        "description": "trimmed-mean: totals dropped from each end (default 1)"})


class CalibrationQuery(Query):
    aggregation = choice(METHODS, load_default=None, metadata={
        "description": "how the consensus is made; absent: the round's own method"})


class SheetExplained(Schema):
    expert_id = fields.String()
    total = fields.String()
    counted = fields.Boolean()
    why = fields.String(allow_none=True)


class Explanation(Schema):
    method = fields.String()
    score = fields.String()
    sheets = fields.List(fields.Nested(SheetExplained))
    arithmetic = fields.String()


class RoundPlace(Schema):
    rank = fields.Integer()
    project_id = fields.String()
    team_id = fields.String()
    track = fields.String()
    version = fields.Integer()
    score = fields.String()
    settled_by = fields.String(metadata={"description": "score, a tie-break key, deliberation or open"})
    tied_with = fields.List(fields.String(), metadata={"description": "an open tie's other projects"})
    explanation = fields.Nested(Explanation)


class RoundRanking(Schema):
    round = fields.String()
    group = fields.String()
    track = fields.String(allow_none=True)
    method = fields.String()
    k = fields.Integer(allow_none=True)
    tie_chain = fields.List(fields.String())
    open_ties = fields.List(fields.List(fields.String()))
    places = fields.List(fields.Nested(RoundPlace))


class RankingExport(Schema):
    """What `contest ranking verify` recomputes: the inputs and the results (docs/ranking.md)."""

    format = fields.String()
    tenant = fields.String()
    round = fields.String()
    group = fields.String()
    track = fields.String(allow_none=True)
    inputs = fields.Dict()
    results = fields.List(fields.Dict())


class ExpertCalibration(Schema):
    expert_id = fields.String()
    sheets = fields.Integer()
    leniency = fields.Float(metadata={"description": "mean of (total - consensus), points"})
    spread = fields.Float(metadata={"description": "standard deviation of the expert's totals"})
    agreement = fields.Float(allow_none=True, metadata={"description": "Spearman's rho with the consensus"})
    flagged = fields.List(fields.String())


class CalibrationReport(Schema):
    round = fields.String()
    method = fields.String()
    leniency_threshold = fields.Float()
    agreement_threshold = fields.Float()
    experts = fields.List(fields.Nested(ExpertCalibration))


class RoundMethodForm(Schema):
    """How the round's sheets are aggregated from now on (docs/ranking.md)."""

    aggregation = choice(METHODS, required=True)
    k = WholeNumber(validate=between(1, 6), load_default=None, allow_none=True, metadata={
        "description": "trimmed-mean only: totals dropped from each end (default 1)"})


class RoundMethod(Schema):
    round = fields.String()
    aggregation = fields.String()
    k = fields.Integer(allow_none=True)


class DeliberationForm(Schema):
    """The order the panel's supervisor or the committee gave an open tie (合议), and why."""

    group = choice(GROUPS, required=True)
    track = text(1, 40, load_default=None, metadata={"description": "the track ranked apart, if it was"})
    order = fields.List(text(1, 64), required=True, validate=length(2, 100), metadata={
        "description": "the tied projects' ids, first place first"})
    reason = name_text(2, 500, required=True)


class Deliberation(Schema):
    round = fields.String()
    group = fields.String()
    track = fields.String(allow_none=True)
    order = fields.List(fields.String())
    reason = fields.String()
    decided_by = fields.String()
    decided_at = fields.DateTime()


ADVANCEMENT_RULES = ("top-n", "top-percent", "threshold")


class AdvancementForm(Schema):
    """Who of a group (and track) of the round goes on: the top N, the top percentage, or every project
    scoring at least a threshold (docs/ranking.md)."""

    group = choice(GROUPS, required=True)
    track = text(1, 40, load_default=None)
    rule = choice(ADVANCEMENT_RULES, required=True)
    value = fields.Decimal(required=True, places=2, validate=between(0, 100_000), metadata={
        "description": "top-n: how many (whole); top-percent: above 0, at most 100; threshold: the score"})


class AdvancedTeam(Schema):
    team_id = fields.String()
    project_id = fields.String()
    rank = fields.Integer()
    score = fields.String()


class Advancement(Schema):
    round = fields.String()
    group = fields.String()
    track = fields.String(allow_none=True)
    rule = fields.String()
    value = fields.Decimal(as_string=True)
    method = fields.String()
    teams = fields.List(fields.Nested(AdvancedTeam))
    decided_by = fields.String()
    decided_at = fields.DateTime()


class SplitForm(Schema):
    """Split a number of places among the round's groups, or among one group's tracks, in proportion to
    the projects each ranks (largest remainder; 002: 69 leading and 31 emerging share 20 as 14 and 6)."""

    places = WholeNumber(required=True, validate=between(1, 100_000))
    among = choice(("group", "track"), required=True)
    group = choice(GROUPS, load_default=None, metadata={
        "description": "among track: the group whose tracks share the places; among group: none"})


class SplitShare(Schema):
    name = fields.String(metadata={"description": "the group, or the track"})
    ranked = fields.Integer(metadata={"description": "projects ranked in it"})
    places = fields.Integer()


class Split(Schema):
    round = fields.String()
    among = fields.String()
    group = fields.String(allow_none=True)
    places = fields.Integer()
    shares = fields.List(fields.Nested(SplitShare))
    decided_by = fields.String()
    decided_at = fields.DateTime()


class PublicationForm(Schema):
    """Publish a group's (and track's) ranking of the round as it stands, by the round's method."""

    group = choice(GROUPS, required=True)
    track = text(1, 40, load_default=None)


class PublishedQuery(Query):
    group = choice(GROUPS, required=True)
    track = text(1, 40, load_default=None)
    format = choice(("json", "xlsx"), load_default="json", metadata={
        "description": "json: the export `contest ranking verify` takes; xlsx: the places, for people"})


class Publication(Schema):
    round = fields.String()
    group = fields.String()
    track = fields.String(allow_none=True)
    digest = fields.String(metadata={"description": "sha256 of the export's inputs and results"})
    audit_seq = fields.Integer(metadata={"description": "the audit entry ranking.published"})
    audit_head = fields.String(metadata={"description": "the audit chain's head when it was published"})
    published_by = fields.String()
    published_at = fields.DateTime()
    open_ties = fields.List(fields.String(), metadata={"description": "projects still in an open tie"})
    pushed_down = fields.List(fields.String(), metadata={
        "description": "projects placed lower than in the previous publication (their teams are told)"})


# The published ranking as a workbook for people (the JSON export is for `contest ranking verify`).
RANKING_EXPORT = (
    ("rank", "名次 Rank", 8), ("score", "得分 Score", 10), ("project_id", "项目编号 Project ID", 34),
    ("team_id", "团队编号 Team ID", 34), ("settled_by", "依据 Settled by", 16),
)


class PublishedExport(RankingExport):
    """A published export: what `contest ranking verify` takes, with where the audit chain stood."""

    teams = fields.Dict(metadata={"description": "project id -> team id"})
    audit_seq = fields.Integer()
    audit_head = fields.String()
    published_at = fields.String()
