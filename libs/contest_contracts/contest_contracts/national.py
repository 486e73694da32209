"""The national stage's requests and answers (ranking service, docs/national.md): quotas, the
stations' recommendation lists, finalists, awards, the public notice and its complaints."""
from marshmallow import Schema, fields

from contest_contracts.fields import ShanghaiTime, WholeNumber, between, choice, length, text
from contest_contracts.vocabulary import GROUPS

QUOTA_METHODS = ("hamilton", "dhondt", "sainte-lague", "huntington-hill")  # ranking.domain.quotas


class QuotaUnit(Schema):
    name = text(1, 64, required=True, metadata={"description": "a station's tenant code, or any unit"})
    weight = fields.Decimal(required=True, places=4, validate=between(0, 10 ** 9))
    maximum = WholeNumber(load_default=None, allow_none=True, validate=between(0, 100_000), metadata={
        "description": "this unit's own cap (seeds 003/004: a province 10, a separately planned city 5)"})


class QuotaForm(Schema):
    """Allocate places among stations (or any units) in proportion to their weights (docs/national.md)."""

    method = choice(QUOTA_METHODS, required=True)
    seats = WholeNumber(required=True, validate=between(1, 100_000))
    minimum = WholeNumber(load_default=0, validate=between(0, 100_000))
    maximum = WholeNumber(load_default=None, allow_none=True, validate=between(0, 100_000))
    units = fields.List(fields.Nested(QuotaUnit), required=True, validate=length(1, 500))
    recommend_by = ShanghaiTime(load_default=None, allow_none=True, metadata={
        "description": "the stations' recommendation lists are refused after this moment"})


class QuotaShareOut(Schema):
    name = fields.String()
    weight = fields.Decimal(as_string=True)
    maximum = fields.Integer(allow_none=True)
    seats = fields.Integer()


class QuotaAllocation(Schema):
    code = fields.String()
    method = fields.String()
    seats = fields.Integer()
    minimum = fields.Integer()
    maximum = fields.Integer(allow_none=True)
    units = fields.List(fields.Nested(QuotaShareOut))
    recommend_by = ShanghaiTime(allow_none=True)
    allocated_by = fields.String()
    allocated_at = fields.DateTime()


class RecommendationForm(Schema):
    """A station's recommendation list (推荐名单) for the places of a code: its projects, first priority
    first, at most its quota, before the allocation's deadline."""

    projects = fields.List(text(1, 32), required=True, validate=length(1, 1000))


class Recommended(Schema):
    priority = fields.Integer()
    project_id = fields.String()
    team_id = fields.String()


class Recommendation(Schema):
    code = fields.String()
    station = fields.String()
    quota = fields.Integer()
    projects = fields.List(fields.Nested(Recommended))
    submitted_by = fields.String()
    submitted_at = fields.DateTime()


class Recommendations(Schema):
    code = fields.String()
    lists = fields.List(fields.Nested(Recommendation))
    missing = fields.List(fields.String(), metadata={"description": "stations with a quota and no list"})


class AdmissionForm(Schema):
    """The station's recommended projects the committee admits to the places of a code."""

    projects = fields.List(text(1, 32), required=True, validate=length(1, 1000))


class Finalist(Schema):
    station = fields.String()
    code = fields.String()
    project_id = fields.String()
    team_id = fields.String()
    priority = fields.Integer()
    admitted_by = fields.String()
    admitted_at = fields.DateTime()
    removed = fields.String(allow_none=True, metadata={
        "description": "why the finalist is out of the final (a failed due diligence), or null"})


class Finalists(Schema):
    code = fields.String()
    finalists = fields.List(fields.Nested(Finalist))


class AwardTier(Schema):
    tier = text(1, 40, required=True, metadata={"description": "first, second, third, or a special award"})
    count = WholeNumber(required=True, validate=between(0, 1000))
    amount = WholeNumber(required=True, validate=between(0, 100_000_000), metadata={
        "description": "CNY per award, pre-tax"})


class AwardSchemeForm(Schema):
    """The prize tiers of a code, first tier first, and the pool they are paid from."""

    tiers = fields.List(fields.Nested(AwardTier), required=True, validate=length(1, 30))
    pool = WholeNumber(required=True, validate=between(0, 1_000_000_000))


class AwardScheme(Schema):
    code = fields.String()
    tiers = fields.List(fields.Nested(AwardTier))
    pool = fields.Integer()
    cost = fields.Integer(metadata={"description": "what the tiers cost in all, at most the pool"})


class TierCount(Schema):
    tier = text(1, 40, required=True)
    count = WholeNumber(required=True, validate=between(0, 1000))


class AwardForm(Schema):
    """Grant tiers down a group's (and track's) ranking of a round of the final, in tier order."""

    round = text(1, 40, required=True)
    group = choice(GROUPS, required=True)
    track = text(1, 40, load_default=None)
    tiers = fields.List(fields.Nested(TierCount), required=True, validate=length(1, 30))


class GrantedAward(Schema):
    project_id = fields.String()
    team_id = fields.String()
    rank = fields.Integer()
    tier = fields.String()
    amount = fields.Integer()
    round = fields.String()
    group = fields.String()
    track = fields.String(allow_none=True)
    granted_by = fields.String()
    granted_at = fields.DateTime()


class Awards(Schema):
    code = fields.String()
    scheme = fields.Nested(AwardScheme)
    awards = fields.List(fields.Nested(GrantedAward))
    spent = fields.Integer(metadata={"description": "the awards granted, CNY"})


class ChainHead(Schema):
    service = fields.String(required=True)
    tenant = fields.String(required=True)
    seq = fields.Integer(required=True, allow_none=True)
    hash = fields.String(required=True, allow_none=True)


class NoticeForm(Schema):
    """What the gateway adds when the committee publishes: each service's audit chain head for every
    tenant of the edition at that moment."""

    heads = fields.List(fields.Nested(ChainHead), load_default=list)


class NoticedAward(Schema):
    project_id = fields.String()
    team_id = fields.String()
    tier = fields.String()
    amount = fields.Integer()
    rank = fields.Integer()
    round = fields.String()
    group = fields.String()
    track = fields.String(allow_none=True)
    revoked = fields.String(allow_none=True)
    recovered = fields.Integer()


class Notice(Schema):
    code = fields.String()
    version = fields.Integer()
    opened_at = fields.DateTime()
    closes_at = fields.DateTime(metadata={"description": "30 days after the first version: complaints end"})
    open = fields.Boolean()
    awards = fields.List(fields.Nested(NoticedAward))
    revoked = fields.List(fields.Nested(NoticedAward))
    heads = fields.List(fields.Nested(ChainHead))
    published_at = fields.DateTime()


class ComplaintForm(Schema):
    """A real-name complaint (举报) against an award of the notice: anonymous ones are refused."""

    project_id = text(1, 32, required=True, metadata={"description": "the awarded project complained of"})
    name = fields.String(load_default="", validate=length(0, 100), metadata={"description": "real name"})
    contact = fields.String(load_default="", validate=length(0, 200))
    statement = text(1, 4000, required=True)
    evidence = fields.String(load_default="", validate=length(0, 4000), metadata={
        "description": "what supports the complaint: documents, links, facts"})


STEP_ACTIONS = ("accept", "investigate", "uphold", "dismiss")


class ComplaintStepForm(Schema):
    action = choice(STEP_ACTIONS, required=True)
    note = text(1, 2000, required=True)


class ComplaintStep(Schema):
    action = fields.String()
    note = fields.String()
    by = fields.String()
    at = fields.String()


class Complaint(Schema):
    id = fields.String()
    code = fields.String()
    project_id = fields.String()
    name = fields.String()
    contact = fields.String()
    statement = fields.String()
    evidence = fields.String()
    state = fields.String(metadata={"description": "filed, accepted, investigating, upheld or dismissed"})
    steps = fields.List(fields.Nested(ComplaintStep))
    filed_at = fields.DateTime()


class Complaints(Schema):
    code = fields.String()
    complaints = fields.List(fields.Nested(Complaint))


class ComplaintReceipt(Schema):
    id = fields.String()
    state = fields.String()
    filed_at = fields.DateTime()
