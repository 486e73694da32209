"""The event catalogue: every event type, its payload schema, its producer and its consumers.

A producer emits a Contract (`change.emit(SUBMISSION_RECEIVED, payload)`) and a consumer
declares one (`@consumes(SUBMISSION_RECEIVED)`), so both sides go to this definition rather
than match a string. The kit validates payloads with the contract's schema on both sides;
the AsyncAPI document (`contest_contracts.asyncapi`) is generated from this table.

To add an event: a payload schema, a Contract with an example, an entry in CATALOGUE.
"""
from dataclasses import dataclass, field

from marshmallow import EXCLUDE, Schema, fields, validate

from contest_contracts.vocabulary import GROUPS, LOCALES, STAGES


class Payload(Schema):
    """A tolerant reader: fields a newer producer adds are ignored, not fatal.

    Events are read by services and operators, not by teams: their messages stay
    marshmallow's own English, unlike the request schemas'.
    """

    class Meta:
        unknown = EXCLUDE


class TeamRegistered(Payload):
    team_id = fields.String(required=True)
    team_name = fields.String(required=True)
    owner_id = fields.String(required=True)
    unit_name = fields.String(required=True)
    uscc = fields.String(required=True, validate=validate.Length(equal=18))
    group = fields.String(required=True, validate=validate.OneOf(GROUPS))
    track = fields.String(required=True)
    contact_name = fields.String(required=True)
    contact_email = fields.Email(required=True)
    locale = fields.String(required=True, validate=validate.OneOf(LOCALES))


class Material(Payload):
    kind = fields.String(required=True)
    version = fields.Integer(validate=validate.Range(min=1))  # absent from events emitted before 2026-11
    key = fields.String(required=True)
    sha256 = fields.String(required=True, validate=validate.Length(equal=64))
    size = fields.Integer(required=True, validate=validate.Range(min=0))


class SubmissionReceived(Payload):
    team_id = fields.String(required=True)
    project_id = fields.String(required=True)
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    title = fields.String(required=True)
    track = fields.String(required=True)
    group = fields.String(required=True, validate=validate.OneOf(GROUPS))
    materials = fields.List(fields.Nested(Material), required=True)
    # The team's unit, for review's recusals; absent from events emitted before 2026-11-24.
    uscc = fields.String(load_default=None, allow_none=True, validate=validate.Length(equal=18))


class MaterialsFrozen(Payload):
    team_id = fields.String(required=True)
    stage = fields.String(required=True, validate=validate.OneOf(STAGES))
    cutoff = fields.AwareDateTime(required=True)
    materials = fields.List(fields.Nested(Material), required=True)


class TeamDisqualified(Payload):
    team_id = fields.String(required=True)
    team_name = fields.String(required=True)
    reason = fields.String(required=True)


class DueDiligenceRecorded(Payload):
    team_id = fields.String(required=True)
    team_name = fields.String(required=True)
    passed = fields.Boolean(required=True)
    reason = fields.String(required=True)


class ReviewCompleted(Payload):
    team_id = fields.String(required=True)
    project_id = fields.String(required=True)
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    group = fields.String(required=True, validate=validate.OneOf(GROUPS))
    track = fields.String(required=True)
    title = fields.String(required=True)
    score = fields.Decimal(required=True, places=2, as_string=True)
    sheet_count = fields.Integer(required=True, validate=validate.Range(min=1))


def _cents():
    return fields.Decimal(places=2, as_string=True)


class ScoreSubmitted(Payload):
    team_id = fields.String(required=True)
    project_id = fields.String(required=True)
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    group = fields.String(required=True, validate=validate.OneOf(GROUPS))
    track = fields.String(required=True)
    round = fields.String(required=True, allow_none=True)  # None: the station defined no rounds
    expert_id = fields.String(required=True)
    scores = fields.Dict(keys=fields.String(), values=_cents(), required=True)
    weights = fields.Dict(keys=fields.String(), values=_cents(), required=True)
    total = fields.Decimal(required=True, places=2, as_string=True)
    amended = fields.Boolean(required=True)


class RoundClosed(Payload):
    round = fields.String(required=True)
    kind = fields.String(required=True)
    name = fields.String(required=True)
    closed_at = fields.AwareDateTime(required=True)
    by_hand = fields.Boolean(required=True)
    completed = fields.Integer(required=True, validate=validate.Range(min=0))
    awaiting = fields.Integer(required=True, validate=validate.Range(min=0))
    late_sheets = fields.Integer(required=True, validate=validate.Range(min=0))
    late_experts = fields.List(fields.String(), required=True)


class AdvancedTeam(Payload):
    team_id = fields.String(required=True)
    project_id = fields.String(required=True)
    rank = fields.Integer(required=True, validate=validate.Range(min=1))
    score = _cents()


class TeamsAdvanced(Payload):
    round = fields.String(required=True)
    group = fields.String(required=True, validate=validate.OneOf(GROUPS))
    track = fields.String(load_default=None, allow_none=True)
    rule = fields.String(required=True)
    value = _cents()
    method = fields.String(required=True)
    teams = fields.List(fields.Nested(AdvancedTeam), required=True)


class QuotaShare(Schema):
    name = fields.String(required=True)
    weight = fields.Decimal(required=True, as_string=True)  # 0 or more: the committee's form checks it
    seats = fields.Integer(required=True, validate=validate.Range(min=0))


class QuotaAllocated(Payload):
    code = fields.String(required=True)
    method = fields.String(required=True)
    seats = fields.Integer(required=True, validate=validate.Range(min=0))
    units = fields.List(fields.Nested(QuotaShare), required=True)


class RecommendedProject(Schema):
    priority = fields.Integer(required=True, validate=validate.Range(min=1))
    project_id = fields.String(required=True)
    team_id = fields.String(required=True)


class RecommendationSubmitted(Payload):
    code = fields.String(required=True)
    quota = fields.Integer(required=True, validate=validate.Range(min=0))
    projects = fields.List(fields.Nested(RecommendedProject), required=True)


class FinalistAdmitted(Payload):
    code = fields.String(required=True)
    team_id = fields.String(required=True)
    project_id = fields.String(required=True)
    priority = fields.Integer(required=True, validate=validate.Range(min=1))


class AwardGranted(Payload):
    code = fields.String(required=True)
    team_id = fields.String(required=True)
    project_id = fields.String(required=True)
    tier = fields.String(required=True)
    amount = fields.Integer(required=True, validate=validate.Range(min=0))
    rank = fields.Integer(required=True, validate=validate.Range(min=1))
    round = fields.String(required=True)
    group = fields.String(required=True, validate=validate.OneOf(GROUPS))


class AwardRevoked(Payload):
    code = fields.String(required=True)
    team_id = fields.String(required=True)
    project_id = fields.String(required=True)
    tier = fields.String(required=True)
    amount = fields.Integer(required=True, validate=validate.Range(min=0))
    recovered = fields.Integer(required=True, validate=validate.Range(min=0))
    reason = fields.String(required=True)


class RankingUpdated(Payload):
    team_id = fields.String(required=True)
    project_id = fields.String(required=True)
    group = fields.String(required=True, validate=validate.OneOf(GROUPS))
    rank = fields.Integer(required=True, validate=validate.Range(min=1))
    ranked_count = fields.Integer(required=True, validate=validate.Range(min=1))
    score = fields.Decimal(required=True, places=2, as_string=True)


class TenantDefined(Payload):
    code = fields.String(required=True)
    edition = fields.String(required=True)
    kind = fields.String(required=True)
    name_zh = fields.String(required=True)
    name_en = fields.String(required=True)
    # Added with registration as the producer: optional, so that events written before still load.
    tracks = fields.List(fields.String(), load_default=list)
    registration_closes_at = fields.AwareDateTime(load_default=None, allow_none=True)


class NotificationDelivered(Payload):
    message_id = fields.String(required=True)
    team_id = fields.String(required=True)
    cause = fields.String(required=True)
    channels = fields.List(fields.String(), required=True)


@dataclass(frozen=True)
class Contract:
    type: str
    version: int
    producer: str
    consumers: tuple
    schema: type
    summary: str
    example: dict  # a valid payload: shown in the AsyncAPI document, used by contract tests
    _schema: Schema = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # Built once per process: a schema object per message costs more than the message.
        object.__setattr__(self, "_schema", self.schema())

    def dump(self, payload):
        """Validate a producer's payload and return its wire form (raises ValidationError)."""
        return self._schema.dump(self._schema.load(payload))

    def load(self, payload):
        """Validate a received payload and return it loaded (raises ValidationError)."""
        return self._schema.load(payload)


_TEAM, _PROJECT = "3cfed7a5d2f94ddfb7d70d5ce265f720", "0800ea25d1794ff1885abe2901b80888"

TEAM_REGISTERED = Contract(
    "team-registered", 1, "registration", ("notify",), TeamRegistered,
    "A team registered at a station for one track; its group was decided.",
    {"team_id": _TEAM, "team_name": "甬江智造", "owner_id": "63d4c0f2a1b04c55",
     "unit_name": "宁波甬江智能科技有限公司", "uscc": "91330200MA2H00001W", "group": "emerging",
     "track": "industrial-brain", "contact_name": "李雷", "contact_email": "lilei@example.com",
     "locale": "zh-CN"})

SUBMISSION_RECEIVED = Contract(
    "submission-received", 1, "registration", ("review", "notify"), SubmissionReceived,
    "A new version of a team's project: a material version was confirmed, or the team described "
    "its project again. It carries the newest confirmed version of each kind.",
    {"team_id": _TEAM, "project_id": _PROJECT, "version": 2, "title": "注塑质量优化",
     "track": "industrial-brain", "group": "emerging", "uscc": "91330200MA2H00001W",
     "materials": [{"kind": "slides", "version": 2, "key": f"2023-ningbo/{_TEAM}/u7-slides-roadshow.pptx",
                    "sha256": "d3e0d5d94a5a8517cc7bdd1557551b585072192c0bbe7ebccfe22bfb0dd9df98",
                    "size": 1934}]})

MATERIALS_FROZEN = Contract(
    "materials-frozen", 1, "registration", ("notify",), MaterialsFrozen,
    "A stage's cut-off passed: the newest confirmed version of each kind of a team's materials is the "
    "one that stage judges. One event per team and stage, emitted once.",
    {"team_id": _TEAM, "stage": "local", "cutoff": "2023-11-10T23:59:59+08:00",
     "materials": [{"kind": "slides", "version": 2, "key": f"2023-ningbo/{_TEAM}/u7-slides-roadshow.pptx",
                    "sha256": "d3e0d5d94a5a8517cc7bdd1557551b585072192c0bbe7ebccfe22bfb0dd9df98",
                    "size": 1934}]})

TEAM_DISQUALIFIED = Contract(
    "team-disqualified", 1, "registration", ("notify", "review"), TeamDisqualified,
    "The committee disqualified a team for false information; it takes no further part.",
    {"team_id": _TEAM, "team_name": "甬江智造", "reason": "申报营收与审计报告不符"})

DUE_DILIGENCE_RECORDED = Contract(
    "due-diligence-recorded", 1, "registration", ("notify", "ranking"), DueDiligenceRecorded,
    "The committee recorded its due diligence on a finalist; one that failed is out of the final.",
    {"team_id": _TEAM, "team_name": "甬江智造", "passed": True, "reason": "营业执照、审计报告核验无误"})

REVIEW_COMPLETED = Contract(
    "review-completed", 1, "review", ("ranking", "notify"), ReviewCompleted,
    "Enough experts scored a project version; its score is final for the stage.",
    {"team_id": _TEAM, "project_id": _PROJECT, "version": 2, "group": "emerging",
     "track": "industrial-brain", "title": "注塑质量优化", "score": "78.85", "sheet_count": 3})

SCORE_SUBMITTED = Contract(
    "score-submitted", 1, "review", ("ranking",), ScoreSubmitted,
    "An expert submitted (or amended) a score sheet: its scores, the weights its total was made with, "
    "the round. The ranking keeps every sheet, to rank a round by any method and calibrate its experts.",
    {"team_id": _TEAM, "project_id": _PROJECT, "version": 2, "group": "emerging", "track": "industrial-brain",
     "round": "online-review", "expert_id": "u-expert-1", "total": "77.00", "amended": False,
     "scores": {"technical": "80.00", "application": "90.00", "commercial": "70.00", "defence": "60.00"},
     "weights": {"technical": "0.30", "application": "0.30", "commercial": "0.20", "defence": "0.20"}})

ROUND_CLOSED = Contract(
    "round-closed", 1, "review", (), RoundClosed,
    "A review round closed (at its closing time, or by hand): no sheet is scored in it any more. Nobody "
    "consumes it yet, so it is not published: it starts to flow when the ranking or notify consumes it.",
    {"round": "online-review", "kind": "online-review", "name": "网络评审",
     "closed_at": "2023-11-20T18:00:00+08:00", "by_hand": False, "completed": 118, "awaiting": 2,
     "late_sheets": 3, "late_experts": ["u-expert-7", "u-expert-12"]})

TEAMS_ADVANCED = Contract(
    "teams-advanced", 1, "ranking", ("notify",), TeamsAdvanced,
    "The station or the committee decided who of a group (and track) of a round goes on, by its rule; "
    "the ranking it read had no open tie across the cut. Notify tells each team named.",
    {"round": "online-review", "group": "emerging", "track": None, "rule": "top-n", "value": "2.00",
     "method": "trimmed-mean", "teams": [
         {"team_id": _TEAM, "project_id": _PROJECT, "rank": 1, "score": "85.00"},
         {"team_id": "5b0c1e2f3a4d4e5f8a9b0c1d2e3f4a5b", "project_id": "6c1d2e3f4a5b4c6d9e0f1a2b3c4d5e6f",
          "rank": 2, "score": "80.00"}]})

QUOTA_ALLOCATED = Contract(
    "quota-allocated", 1, "ranking", (), QuotaAllocated,
    "The committee allocated a number of places among stations (or any weighted units) by a method; a "
    "new allocation of the same code replaces the last. Nobody consumes it yet, so it is not published: "
    "it starts to flow when a consumer is declared here (the stations' recommendations, in the ranking "
    "itself, read the allocation directly).",
    {"code": "national-final", "method": "hamilton", "seats": 10, "units": [
        {"name": "2023-ningbo", "weight": "5100", "seats": 5},
        {"name": "2023-wuxi", "weight": "3300", "seats": 3},
        {"name": "2023-yantai", "weight": "1600", "seats": 2}]})

RECOMMENDATION_SUBMITTED = Contract(
    "recommendation-submitted", 1, "ranking", (), RecommendationSubmitted,
    "A station submitted (or submitted again, before the deadline) its recommendation list for the places "
    "of a code: its projects by priority, at most its quota. The envelope's tenant is the station. Nobody "
    "consumes it yet, so it is not published (the committee reads the lists in the ranking itself).",
    {"code": "national-final", "quota": 2, "projects": [
        {"priority": 1, "project_id": _PROJECT, "team_id": _TEAM}]})

FINALIST_ADMITTED = Contract(
    "finalist-admitted", 1, "ranking", ("notify",), FinalistAdmitted,
    "The committee admitted a station's recommended project to the places of a code (the final); the "
    "envelope's tenant is the station. Notify tells the team.",
    {"code": "national-final", "team_id": _TEAM, "project_id": _PROJECT, "priority": 1})

AWARD_GRANTED = Contract(
    "award-granted", 1, "ranking", ("registration",), AwardGranted,
    "The committee granted a prize tier to a project of the final, by its place. The envelope's tenant "
    "is the team's station (where it was admitted a finalist). Registration adds a first, second or "
    "third prize to its list of earlier winners.",
    {"code": "national-final", "team_id": _TEAM, "project_id": _PROJECT,
     "tier": "first", "amount": 1000000, "rank": 1, "round": "final", "group": "emerging"})

AWARD_REVOKED = Contract(
    "award-revoked", 1, "ranking", ("registration",), AwardRevoked,
    "The committee upheld a complaint against an award of the public notice: the award is revoked and "
    "its prize is to be recovered. The envelope's tenant is the team's station, as for award-granted; "
    "registration takes the prize off its list of earlier winners.",
    {"code": "national-final", "team_id": _TEAM, "project_id": _PROJECT, "tier": "first",
     "amount": 1000000, "recovered": 1000000, "reason": "举报属实：营收数据造假"})

RANKING_UPDATED = Contract(
    "ranking-updated", 1, "ranking", ("notify",), RankingUpdated,
    "A project's place in its station's ranking for its group changed.",
    {"team_id": _TEAM, "project_id": _PROJECT, "group": "emerging", "rank": 1, "ranked_count": 12,
     "score": "78.85"})

NOTIFICATION_DELIVERED = Contract(
    "notification-delivered", 1, "notify", (), NotificationDelivered,
    "The SMTP server accepted a team's mail. Nobody consumes it yet, so it is not published: "
    "it starts to flow when a consumer is added here.",
    {"message_id": "57eba7db785a43a5b2e5ee5bb147cebd", "team_id": _TEAM,
     "cause": "review-completed", "channels": ["inbox", "email"]})

TENANT_DEFINED = Contract(
    "tenant-defined", 1, "registration", ("gateway",), TenantDefined,
    "The committee defined or changed a tenant of an edition (a station's contest or its own). "
    "It carries the tenant's public state: the gateway keeps its list of tenants from it.",
    {"code": "2023-ningbo", "edition": "2023", "kind": "station", "name_zh": "宁波赛站",
     "name_en": "Ningbo station", "tracks": ["quality", "industrial-brain"],
     "registration_closes_at": "2023-10-22T23:59:59+08:00"})

CATALOGUE = {c.type: c for c in (TEAM_REGISTERED, SUBMISSION_RECEIVED, MATERIALS_FROZEN, TEAM_DISQUALIFIED,
                                 DUE_DILIGENCE_RECORDED, REVIEW_COMPLETED, SCORE_SUBMITTED, ROUND_CLOSED,
                                 TEAMS_ADVANCED, QUOTA_ALLOCATED, RECOMMENDATION_SUBMITTED,
                                 FINALIST_ADMITTED, AWARD_GRANTED,
                                 AWARD_REVOKED, RANKING_UPDATED, NOTIFICATION_DELIVERED,
                                 TENANT_DEFINED)}
