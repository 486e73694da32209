"""Registration's boundary schemas (what commands accept and return)."""
from marshmallow import Schema, fields, validate

from registration.domain.groups import UNIT_KINDS


class UnitSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    uscc = fields.String(required=True, validate=validate.Length(equal=18))
    kind = fields.String(required=True, validate=validate.OneOf(UNIT_KINDS))
    staff = fields.Integer(required=True, validate=validate.Range(min=0))
    revenue_cny = fields.Integer(required=True, validate=validate.Range(min=0))
    central_soe = fields.Boolean(load_default=False)


class RepresentativeSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    title = fields.String(load_default="", validate=validate.Length(max=100))


class ContactSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    email = fields.Email(required=True)
    locale = fields.String(load_default="zh-CN", validate=validate.OneOf(("zh-CN", "en")))


class TeamRegistrationSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=100))
    track = fields.String(required=True)
    unit = fields.Nested(UnitSchema, required=True)
    contact = fields.Nested(ContactSchema, required=True)
    representatives = fields.List(fields.Nested(RepresentativeSchema), load_default=list)


class SubmissionSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=2, max=200))
    summary = fields.String(required=True, validate=validate.Length(min=1, max=5000))


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
    registered_at = fields.DateTime()


class SubmissionOutSchema(Schema):
    project_id = fields.String()
    team_id = fields.String()
    version = fields.Integer()
    title = fields.String()
    summary = fields.String()
    materials = fields.List(fields.Dict())
    submitted_at = fields.DateTime()


class MaterialOutSchema(Schema):
    kind = fields.String()
    filename = fields.String()
    key = fields.String()
    sha256 = fields.String()
    size = fields.Integer()
    uploaded_at = fields.DateTime()
