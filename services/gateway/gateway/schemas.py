"""Gateway request and response schemas: checked here first, field by field.

They double as the OpenAPI document's component schemas.
"""
from marshmallow import Schema, fields, validate


class AccountCreateSchema(Schema):
    username = fields.String(required=True, validate=validate.Regexp(
        r"^[a-z0-9][a-z0-9_.-]{2,63}$", error="3-64 lower-case letters, digits, . _ -"))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=10, max=128))
    email = fields.Email(required=True)
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=100))


class AccountSchema(Schema):
    id = fields.String()
    username = fields.String()
    role = fields.String()
    tenant = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    display_name = fields.String()


class TokenRequestSchema(Schema):
    username = fields.String(required=True)
    password = fields.String(required=True, load_only=True)


class TokenSchema(Schema):
    token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    role = fields.String()
    tenant = fields.String(allow_none=True)


class TenantSchema(Schema):
    code = fields.String()
    edition = fields.String()
    kind = fields.String()
    name_zh = fields.String()
    name_en = fields.String()


class UnitSchema(Schema):
    name = fields.String(required=True)
    uscc = fields.String(required=True, metadata={"description": "统一社会信用代码, 18 characters"})
    kind = fields.String(required=True,
                         validate=validate.OneOf(("software", "industrial", "university", "other")))
    staff = fields.Integer(required=True, validate=validate.Range(min=0))
    revenue_cny = fields.Integer(required=True, validate=validate.Range(min=0))
    central_soe = fields.Boolean(load_default=False)


class ContactSchema(Schema):
    name = fields.String(required=True)
    email = fields.Email(required=True)
    locale = fields.String(load_default="zh-CN", validate=validate.OneOf(("zh-CN", "en")))


class RepresentativeSchema(Schema):
    name = fields.String(required=True)
    title = fields.String(load_default="")


class TeamRegistrationSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=100))
    track = fields.String(required=True)
    unit = fields.Nested(UnitSchema, required=True)
    contact = fields.Nested(ContactSchema, required=True)
    representatives = fields.List(fields.Nested(RepresentativeSchema), load_default=list)


class TeamSchema(Schema):
    id = fields.String()
    tenant = fields.String()
    name = fields.String()
    unit_name = fields.String()
    group = fields.String()
    track = fields.String()
    contact_name = fields.String()
    contact_email = fields.String()
    locale = fields.String()
    registered_at = fields.String()


class SubmissionSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=2, max=200))
    summary = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class SubmissionOutSchema(Schema):
    project_id = fields.String()
    team_id = fields.String()
    version = fields.Integer()
    title = fields.String()
    summary = fields.String()
    materials = fields.List(fields.Dict())
    submitted_at = fields.String()


class MaterialSchema(Schema):
    kind = fields.String()
    filename = fields.String()
    key = fields.String()
    sha256 = fields.String()
    size = fields.Integer()
    uploaded_at = fields.String()


class InboxMessageSchema(Schema):
    id = fields.String()
    cause = fields.String()
    subject = fields.String()
    body = fields.String()
    created_at = fields.String()
    mailed = fields.Boolean()


class ReviewItemSchema(Schema):
    project_id = fields.String()
    team_id = fields.String()
    version = fields.Integer()
    title = fields.String()
    track = fields.String()
    group = fields.String()
    status = fields.String()
    score = fields.String(allow_none=True)
    sheet_count = fields.Integer()
    received_at = fields.String()


_score = dict(required=True, validate=validate.Range(min=0, max=100), places=2)


class ScoreSheetRequestSchema(Schema):
    technical = fields.Decimal(**_score, metadata={"description": "技术方案 technical solution, 0-100"})
    application = fields.Decimal(**_score, metadata={"description": "应用成效 application results, 0-100"})
    commercial = fields.Decimal(**_score, metadata={"description": "商业价值 commercial value, 0-100"})
    defence = fields.Decimal(**_score, metadata={"description": "现场答辩 on-site defence, 0-100"})


class ScoreSheetSchema(Schema):
    project_id = fields.String()
    version = fields.Integer()
    expert_id = fields.String()
    total = fields.String()
    review_completed = fields.Boolean()


class RankedProjectSchema(Schema):
    place = fields.Integer()
    project_id = fields.String()
    team_id = fields.String()
    title = fields.String()
    track = fields.String()
    group = fields.String()
    score = fields.String()
    version = fields.Integer()


class AuditEntrySchema(Schema):
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


class AuditVerdictSchema(Schema):
    service = fields.String()
    tenant = fields.String()
    entries = fields.Integer()
    intact = fields.Boolean()
    first_break = fields.Dict(allow_none=True, metadata={
        "description": "position, seq, kind (changed, missing, reordered, duplicated, malformed), detail"})


class ErrorSchema(Schema):
    error = fields.String(metadata={"description": "error class, e.g. ValidationFailed"})
    message = fields.String()
    field_messages = fields.Dict(data_key="fields", keys=fields.String(),
                                 values=fields.List(fields.String()))
