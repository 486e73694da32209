"""Registration's requests and answers: the gateway validates with these, registration loads them again."""
from marshmallow import Schema, fields

from contest_contracts.fields import Flag, PageQuery, WholeNumber, between, choice, length, name_text, text
from contest_contracts.vocabulary import DEFAULT_LOCALE, GROUPS, LOCALES, UNIT_KINDS

# A material file, as the gateway reads it and registration stores it: it travels through RPC as
# base64, so large videos will want presigned uploads straight to object storage instead.
MAX_MATERIAL_BYTES = 20 * 1024 * 1024
STAFF_MAX = 10_000_000  # more people than any employer has
REVENUE_MAX_CNY = 10**14  # 100 trillion CNY: far above any company's (State Grid: ~3.5 trillion)


class Unit(Schema):
    name = name_text(2, 200, required=True)
    uscc = fields.String(required=True, validate=length(equal=18), metadata={
        "description": "统一社会信用代码 unified social credit code, 18 characters"})
    kind = choice(UNIT_KINDS, required=True)
    staff = WholeNumber(required=True, validate=between(0, STAFF_MAX))
    revenue_cny = WholeNumber(required=True, validate=between(0, REVENUE_MAX_CNY))
    central_soe = Flag(load_default=False, metadata={
        "description": "a central state-owned enterprise or its subsidiary"})


class Representative(Schema):
    name = name_text(1, 100, required=True)
    title = text(0, 100, load_default="")


class Contact(Schema):
    name = name_text(1, 100, required=True)
    email = fields.Email(required=True, validate=length(max=200))
    locale = choice(LOCALES, load_default=DEFAULT_LOCALE)


class TeamForm(Schema):
    """A team's registration at a station."""

    name = name_text(2, 100, required=True)
    track = text(1, 40, required=True, metadata={"description": "赛题方向 track code, e.g. industrial-brain"})
    unit = fields.Nested(Unit, required=True)
    contact = fields.Nested(Contact, required=True)
    representatives = fields.List(fields.Nested(Representative), load_default=list)


class SubmissionForm(Schema):
    """A new version of the team's project."""

    title = text(2, 200, required=True)
    summary = text(1, 5000, required=True)


class TeamQuery(PageQuery):
    """A station's teams, in the order they registered."""

    group = choice(GROUPS, load_default=None)
    track = text(1, 40, load_default=None, metadata={"description": "赛题方向 track code"})


class Team(Schema):
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


class MaterialRef(Schema):
    kind = fields.String()
    key = fields.String()
    sha256 = fields.String()
    size = fields.Integer()


class Material(MaterialRef):
    filename = fields.String()
    uploaded_at = fields.DateTime()


class Submission(Schema):
    project_id = fields.String()
    team_id = fields.String()
    version = fields.Integer()
    title = fields.String()
    summary = fields.String()
    materials = fields.List(fields.Nested(MaterialRef))
    submitted_at = fields.DateTime()
