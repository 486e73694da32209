"""Registration's requests and answers: the gateway validates with these, registration loads them again."""
from marshmallow import Schema, fields

from contest_contracts.fields import (
    Flag,
    PageQuery,
    Query,
    ShanghaiTime,
    WholeNumber,
    between,
    choice,
    length,
    matches,
    name_text,
    text,
)
from contest_contracts.i18n import catalogue
from contest_contracts.vocabulary import (
    AFFILIATIONS,
    DEFAULT_LOCALE,
    GROUPS,
    LOCALES,
    MATERIAL_KINDS,
    PRIZES,
    STAGES,
    TENANT_KINDS,
    TRACK_PATTERN,
    UNIT_KINDS,
)

_l = catalogue.lazy

# The largest file any kind of material may be (registration.domain.materials has each kind's).
MAX_MATERIAL_BYTES = 8 * 1024**3
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
    """One of the team's representatives (at most 5): recognised across the edition by the mobile
    number or the e-mail address (one of them is required)."""

    name = name_text(1, 100, required=True)
    title = text(0, 100, load_default="")
    phone = text(5, 30, load_default=None, metadata={"description": "mainland mobile number"})
    email = fields.Email(load_default=None, validate=length(max=200))


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


MAX_IMPORT_ROWS = 500  # rows per import request: a sheet of 20,000 goes in batches


# The sheet of teams a station imports (its template is `contest teams template`): (key, label, width);
# a key is the path of the field in a registration (TeamForm), a label what the header cell says.
TEAM_SHEET = (
    ("name", "团队名称 Team name", 24), ("track", "赛道代码 Track", 18), ("unit.name", "单位名称 Unit", 30),
    ("unit.uscc", "统一社会信用代码 Credit code", 22), ("unit.kind", "单位类型 Unit kind", 14),
    ("unit.staff", "员工人数 Staff", 12), ("unit.revenue_cny", "上年营收（元） Revenue (CNY)", 18),
    ("unit.central_soe", "央企 Central SOE", 12), ("contact.name", "联系人 Contact", 14),
    ("contact.email", "联系人邮箱 Contact e-mail", 26), ("contact.locale", "语言 Language", 10),
    *((f"representatives.{i}.{part}", f"代表{i + 1}{zh} Rep. {i + 1} {en}", width)
      for i in range(5) for part, zh, en, width in (
          ("name", "姓名", "name", 12), ("phone", "手机", "mobile", 14), ("email", "邮箱", "e-mail", 24))),
)
# A station's registration list as the committee reads it in Excel (keys: the Team answer's fields).
TEAM_EXPORT = (
    ("name", "团队名称 Team name", 24), ("track", "赛道 Track", 18), ("group", "组别 Group", 12),
    ("unit_name", "单位名称 Unit", 30), ("status", "状态 Status", 12), ("contact_name", "联系人 Contact", 14),
    ("contact_email", "联系人邮箱 Contact e-mail", 26), ("registered_at", "报名时间 Registered", 26),
    ("id", "编号 ID", 34),
)


class ImportRow(Schema):
    row = WholeNumber(required=True, validate=between(1, 10**7), metadata={"description": "the sheet's row"})
    team = fields.Dict(required=True, metadata={"description": "a registration, as POST …/teams takes it"})


class TeamImport(Schema):
    """Rows of a sheet of teams, each registered by the rules of a team's own registration."""

    rows = fields.List(fields.Nested(ImportRow), required=True, validate=length(1, MAX_IMPORT_ROWS))


class ImportResult(Schema):
    row = fields.Integer()
    status = fields.String(metadata={"description": "created, unchanged (there already), or refused"})
    team_id = fields.String()
    fields_ = fields.Dict(data_key="fields", attribute="fields", metadata={
        "description": "refused: field -> messages, as a refused registration answers"})
    codes = fields.Dict(metadata={"description": "refused: field -> refusal codes (docs/refusals.md)"})


class ImportReport(Schema):
    created = fields.Integer()
    unchanged = fields.Integer()
    refused = fields.Integer()
    rows = fields.List(fields.Nested(ImportResult))


class PriorWinnerRow(Schema):
    """A project that won a 1st, 2nd or 3rd prize in an earlier edition (001: it may not enter again):
    known by its unit's credit code and its title."""

    uscc = fields.String(required=True, validate=length(equal=18), metadata={
        "description": "the winning unit's 统一社会信用代码"})
    unit_name = name_text(2, 200, required=True)
    title = name_text(2, 200, required=True, metadata={"description": "the winning project's title"})
    prize = choice(PRIZES, required=True)


class PriorWinnerImport(Schema):
    """The committee's list of an earlier edition's prize winners (one edition per request)."""

    year = WholeNumber(required=True, validate=between(2000, 2100), metadata={
        "description": "the year of the edition they won in: they are barred from every later one"})
    winners = fields.List(fields.Nested(PriorWinnerRow), required=True, validate=length(1, MAX_IMPORT_ROWS))


class PriorWinner(Schema):
    edition = fields.String()
    year = fields.Integer()
    uscc = fields.String()
    unit_name = fields.String()
    title = fields.String()
    prize = fields.String()
    source = fields.String(metadata={"description": "import, or award-granted (an award of this platform)"})
    recorded_at = fields.AwareDateTime()


class PriorWinnerReport(Schema):
    created = fields.Integer()
    unchanged = fields.Integer(metadata={
        "description": "rows known already: importing twice changes nothing"})


class PriorWinnerList(Schema):
    winners = fields.List(fields.Nested(PriorWinner))


class SubmissionForm(Schema):
    """A new version of the team's project."""

    title = text(2, 200, required=True)
    summary = text(1, 5000, required=True)


class TeamQuery(PageQuery):
    """A station's teams, in the order they registered; ?format=xlsx for all of them in Excel."""

    format = choice(("json", "xlsx"), load_default="json")
    group = choice(GROUPS, load_default=None)
    track = text(1, 40, load_default=None, metadata={"description": "赛题方向 track code"})


class GroupOverride(Schema):
    """The committee puts a team in another group than its unit's figures decide, saying why."""

    group = choice(GROUPS, required=True)
    reason = name_text(5, 500, required=True, metadata={"description": "why: kept with the team and audited"})


class Disqualification(Schema):
    """The committee disqualifies a team for false information (001), saying why."""

    reason = name_text(5, 1000, required=True, metadata={"description": "why: told to the team and audited"})


class DueDiligence(Schema):
    """The result of the committee's due diligence on a finalist; failing removes it from the final."""

    passed = Flag(required=True)
    reason = name_text(5, 1000, required=True, metadata={"description": "what was checked and found"})


class Team(Schema):
    id = fields.String()
    tenant = fields.String()
    name = fields.String()
    unit_name = fields.String()
    group = fields.String()
    group_basis = fields.Dict(allow_none=True, metadata={
        "description": "why the team is in its group: the unit's figures, the thresholds, the rule that "
                       "decided, and the committee's override with its reason"})
    track = fields.String()
    status = fields.String(metadata={"description": "active, or disqualified"})
    disqualification_reason = fields.String(allow_none=True)
    due_diligence = fields.Dict(allow_none=True, metadata={
        "description": "the committee's due diligence: passed, reason, recorded_at"})
    contact_name = fields.String()
    contact_email = fields.String()
    locale = fields.String()
    registered_at = fields.DateTime()


class MaterialRef(Schema):
    kind = fields.String()
    version = fields.Integer(metadata={"description": "the material's version: 1, 2, ... per kind"})
    key = fields.String()
    sha256 = fields.String()
    size = fields.Integer()


class UploadForm(Schema):
    """A file the team is about to send straight to object storage: what it is and what it will be."""

    kind = choice(MATERIAL_KINDS, required=True)
    filename = name_text(1, 200, required=True)
    content_type = text(3, 120, required=True, metadata={
        "description": "its media type, e.g. application/pdf (each kind accepts its own)"})
    size = WholeNumber(required=True, validate=between(0, MAX_MATERIAL_BYTES),
                       metadata={"description": "bytes"})
    sha256 = fields.String(required=True, validate=matches(r"^[0-9a-f]{64}$", _l(
        "64 lowercase hexadecimal digits")), metadata={"description": "the file's SHA-256, hexadecimal"})


class Upload(Schema):
    """Where to send the file: PUT its bytes to `url` with `headers`, then confirm the upload."""

    id = fields.String()
    kind = fields.String()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    url = fields.String()
    method = fields.String()
    headers = fields.Dict(keys=fields.String(), values=fields.String())
    expires_at = ShanghaiTime()
    stage = fields.String(metadata={"description": "the stage a version confirmed now belongs to"})


class Material(Schema):
    """One confirmed version of one kind of material."""

    kind = fields.String()
    version = fields.Integer()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    confirmed_at = ShanghaiTime()
    stage = fields.String(metadata={"description": "the stage that was open when it was confirmed"})


class StageFreeze(Schema):
    stage = fields.String()
    version = fields.Integer()
    frozen_at = ShanghaiTime()


class MaterialHistory(Schema):
    """Every version of one kind and which one each stage froze (judged as it stood at the cut-off)."""

    kind = fields.String()
    versions = fields.List(fields.Nested(Material))
    frozen = fields.List(fields.Nested(StageFreeze))


class TeamMaterials(Schema):
    """A team's materials: one entry per kind it has sent (at most five, so not a paged list)."""

    team_id = fields.String()
    kinds = fields.List(fields.Nested(MaterialHistory))


class DownloadQuery(Query):
    version = fields.Integer(load_default=None, validate=between(1, 10**6),
                             metadata={"description": "a version of the kind"})
    stage = choice(STAGES, load_default=None, metadata={"description": "the version this stage froze"})


class Download(Schema):
    """A short-lived URL to read one version of a material."""

    kind = fields.String()
    version = fields.Integer()
    filename = fields.String()
    url = fields.String()
    expires_at = ShanghaiTime()


class Submission(Schema):
    project_id = fields.String()
    team_id = fields.String()
    version = fields.Integer()
    title = fields.String()
    summary = fields.String()
    materials = fields.List(fields.Nested(MaterialRef))
    submitted_at = fields.DateTime()


# -- the edition and its stations (the committee defines them; registration owns them) ------------

def uscc_field(description="统一社会信用代码 unified social credit code, 18 characters", **kwargs):
    return fields.String(validate=length(equal=18), metadata={"description": description}, **kwargs)


class TrackDef(Schema):
    code = fields.String(required=True, validate=[length(2, 40), matches(
        TRACK_PATTERN, _l("Lower-case letters, digits and hyphens, starting with a letter."))])
    name_zh = name_text(1, 100, required=True)
    name_en = name_text(1, 100, required=True)


class Thresholds(Schema):
    """The leading group's thresholds (001): a unit is leading when it is strictly above one."""

    software_staff = WholeNumber(load_default=300, validate=between(0, STAFF_MAX))
    software_revenue_cny = WholeNumber(load_default=100_000_000, validate=between(0, REVENUE_MAX_CNY))
    industrial_staff = WholeNumber(load_default=1000, validate=between(0, STAFF_MAX))
    industrial_revenue_cny = WholeNumber(load_default=400_000_000, validate=between(0, REVENUE_MAX_CNY))


class Cutoff(Schema):
    stage = choice(STAGES, required=True)
    at = ShanghaiTime(required=True, metadata={"description": "Beijing time when no offset is given"})


class EditionForm(Schema):
    """An edition (届) of the contest, as the committee defines it."""

    name = name_text(2, 100, required=True)
    theme = text(0, 200, load_default="")
    year = WholeNumber(required=True, validate=between(2000, 2100))
    registration_closes_at = ShanghaiTime(required=True, metadata={
        "description": "报名截止 registration close, Beijing time when no offset is given"})
    cutoffs = fields.List(fields.Nested(Cutoff), load_default=list, validate=length(max=len(STAGES)),
                          metadata={"description": "each stage's material cut-off"})
    tracks = fields.List(fields.Nested(TrackDef), required=True, validate=length(1, 10))
    thresholds = fields.Nested(Thresholds, load_default=lambda: Thresholds().load({}))
    max_representatives = WholeNumber(load_default=5, validate=between(1, 20))


class Edition(Schema):
    code = fields.String()
    name = fields.String()
    theme = fields.String()
    year = fields.Integer()
    registration_closes_at = ShanghaiTime()
    cutoffs = fields.List(fields.Nested(Cutoff))
    tracks = fields.List(fields.Nested(TrackDef))
    thresholds = fields.Nested(Thresholds)
    max_representatives = fields.Integer()


class Organiser(Schema):
    uscc = uscc_field(required=True)
    name = name_text(2, 200, required=True)


class Affiliate(Schema):
    """A unit related to one of the station's organisers: it may not compete at the station."""

    uscc = uscc_field(required=True)
    name = name_text(2, 200, required=True)
    relation = choice(AFFILIATIONS, required=True)
    of = uscc_field("the credit code of the organiser it is related to", required=True)


class StationForm(Schema):
    """A tenant of the edition: a station's local contest, or the committee's own."""

    edition = fields.String(required=True, validate=length(4, 16))
    kind = choice(TENANT_KINDS, required=True)
    name_zh = name_text(1, 100, required=True)
    name_en = name_text(1, 100, required=True)
    tracks = fields.List(fields.String(validate=length(2, 40)), load_default=None, validate=length(1, 10),
                         metadata={"description": "the tracks the station runs (default: all the edition's)"})
    registration_closes_at = ShanghaiTime(load_default=None, metadata={
        "description": "the station's own close, no later than the edition's (default: the edition's)"})
    organisers = fields.List(fields.Nested(Organiser), load_default=list, validate=length(max=50))
    affiliates = fields.List(fields.Nested(Affiliate), load_default=list, validate=length(max=500))
    conflict_relations = fields.List(choice(AFFILIATIONS), load_default=lambda: list(AFFILIATIONS),
                                     metadata={"description": "which relations bar a unit (default: all)"})


class Station(Schema):
    code = fields.String()
    edition = fields.String()
    kind = fields.String()
    name_zh = fields.String()
    name_en = fields.String()
    tracks = fields.List(fields.String())
    registration_closes_at = ShanghaiTime(allow_none=True, metadata={
        "description": "the station's own close (null: the edition's)"})
    organisers = fields.List(fields.Nested(Organiser))
    affiliates = fields.List(fields.Nested(Affiliate))
    conflict_relations = fields.List(fields.String())
