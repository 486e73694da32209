"""Review's requests and answers."""
from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, validates_schema

from contest_contracts.fields import (
    PageQuery,
    Query,
    Score,
    ShanghaiTime,
    WholeNumber,
    between,
    choice,
    count,
    length,
    matches,
    name_text,
    score,
    text,
)
from contest_contracts.i18n import catalogue
from contest_contracts.vocabulary import (
    AWAITING,
    EXPERT_KINDS,
    GROUPS,
    REVIEW_STATUSES,
    ROUND_KINDS,
    ROUND_PATTERN,
    TRACK_PATTERN,
)

_l = catalogue.lazy
# A unified social credit code's characters (the check character is registration's business; an
# expert's units are typed by a station's staff, and a code that matches no team only finds no
# conflict).
USCC_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{18}$"

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


# The 2020 semi-final's weights (002): technical 30%, application 30%, commercial 20%, defence 20%.
DEFAULT_WEIGHTS = {"technical": Decimal("0.30"), "application": Decimal("0.30"),
                   "commercial": Decimal("0.20"), "defence": Decimal("0.20")}
DEFAULT_SCALE = 100


def _weight(**kwargs):
    return Score(validate=between(0, 1), **kwargs)


class Weights(Schema):
    """Each criterion's weight in a sheet's total, 0-1 in steps of 0.01; together they make 1."""

    technical = _weight(required=True)
    application = _weight(required=True)
    commercial = _weight(required=True)
    defence = _weight(required=True)

    @validates_schema
    def _sum_to_one(self, data, **kwargs):
        if len(data) == len(CRITERIA) and sum(data.values()) != 1:
            raise ValidationError(str(_l("The weights must add up to 1 (they add up to {total}).")).format(
                total=sum(data.values())), "_schema")


class Rubric(Schema):
    """How a round's sheets are scored: the four criteria of 002, their weights, and the scale each is
    scored on (0 to `scale`, in steps of 0.01)."""

    weights = fields.Nested(Weights, load_default=lambda: dict(DEFAULT_WEIGHTS))
    scale = WholeNumber(validate=between(10, 100), load_default=DEFAULT_SCALE, metadata={
        "description": "each criterion is scored from 0 to this, 10-100 (default 100)"})


def _contest_year(moment):
    # A contest's moments lie in its century: year 1 at +08:00 is not even a UTC datetime.
    if not 2000 <= moment.year <= 2100:
        raise ValidationError(str(_l("Must be between the years 2000 and 2100.")))


class RoundBody(Schema):
    """A review round of the station (002): what it is, its rubric, and when its experts score."""

    kind = choice(ROUND_KINDS, required=True)
    name = name_text(1, 100, required=True, metadata={"description": "e.g. 网络评审"})
    rubric = fields.Nested(Rubric, load_default=lambda: Rubric().load({}))
    opens_at = ShanghaiTime(required=True, validate=_contest_year, metadata={
        "description": "scoring opens (Beijing time)"})
    closes_at = ShanghaiTime(required=True, validate=_contest_year, metadata={
        "description": "scoring closes (Beijing time)"})

    @validates_schema
    def _opens_before_it_closes(self, data, **kwargs):
        if {"opens_at", "closes_at"} <= data.keys() and data["closes_at"] <= data["opens_at"]:
            raise ValidationError(str(_l("A round must close after it opens.")), "closes_at")


class RoundForm(RoundBody):
    """The round as review receives it: the body and the code the path names."""

    code = fields.String(required=True, validate=matches(ROUND_PATTERN, _l(
        "Lower-case letters, digits and hyphens, starting with a letter.")), metadata={
        "description": "e.g. online-review"})


class WeightsOut(Schema):
    technical = fields.Decimal(as_string=True)
    application = fields.Decimal(as_string=True)
    commercial = fields.Decimal(as_string=True)
    defence = fields.Decimal(as_string=True)


class RubricOut(Schema):
    weights = fields.Nested(WeightsOut)
    scale = fields.Integer()


class Round(Schema):
    code = fields.String()
    kind = fields.String()
    name = fields.String()
    rubric = fields.Nested(RubricOut)
    opens_at = ShanghaiTime()
    closes_at = ShanghaiTime()
    closed_at = ShanghaiTime(allow_none=True, metadata={"description": "when it closed; null while not"})
    status = fields.String(metadata={"description": "scheduled, open or closed"})


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
    score = fields.Decimal(as_string=True, allow_none=True, metadata={
        "description": "null until complete; an expert sees it only once no round is open"})
    sheet_count = fields.Integer()
    received_at = fields.DateTime()
    flagged_at = fields.DateTime(allow_none=True, metadata={
        "description": "when its sheets diverged beyond the spread: it needs one more sheet"})


class ScoreSheet(Schema):
    project_id = fields.String()
    version = fields.Integer()
    expert_id = fields.String()
    round = fields.String(allow_none=True, metadata={"description": "the round it was scored in"})
    technical = fields.Decimal(as_string=True)
    application = fields.Decimal(as_string=True)
    commercial = fields.Decimal(as_string=True)
    defence = fields.Decimal(as_string=True)
    total = fields.Decimal(as_string=True)
    status = fields.String(metadata={"description": "submitted (locked) or reopened"})
    reopened_reason = fields.String(allow_none=True)
    review_completed = fields.Boolean()


class SheetReopen(Schema):
    """The station reopens a submitted sheet so that its expert can amend it; the reason is kept."""

    reason = name_text(2, 500, required=True)


def _uscc(**kwargs):
    return fields.String(validate=matches(USCC_PATTERN, _l(
        "18 characters: digits and capital letters other than I, O, S, V and Z.")), **kwargs)


class ExpertUnit(Schema):
    """A unit the expert works for, or worked for until `until`; `parent_uscc`: the unit it belongs
    to (its parent company, or the unit of a branch), so that its group's other units count too."""

    uscc = _uscc(required=True, metadata={"description": "统一社会信用代码 the unit's credit code"})
    name = name_text(1, 200, required=True)
    until = fields.Date(load_default=None, allow_none=True, metadata={
        "description": "the last day the expert worked there; absent while they do"})
    parent_uscc = _uscc(load_default=None, allow_none=True)


class ExpertProfile(Schema):
    """What a station knows of one of its experts, for recusal and assignment (001)."""

    name = name_text(1, 100, required=True)
    kind = choice(EXPERT_KINDS, required=True, metadata={"description": "industry or investment"})
    fields_ = fields.List(fields.String(validate=matches(TRACK_PATTERN, _l(
        "Lower-case letters, digits and hyphens, starting with a letter."))), data_key="fields",
        attribute="fields", load_default=list, validate=length(max=10), metadata={
            "description": "the tracks the expert reviews; none: any track"})
    units = fields.List(fields.Nested(ExpertUnit), load_default=list, validate=length(max=20))
    declared = fields.List(text(1, 32), load_default=list, validate=length(max=50), metadata={
        "description": "credit codes and team ids the expert declared a conflict with"})
    cap = count(max=100_000, load_default=None, allow_none=True, metadata={
        "description": "the most projects the expert takes in online review; absent: no cap"})


class ExpertUnitOut(Schema):
    uscc = fields.String()
    name = fields.String()
    until = fields.String(allow_none=True)  # kept as its ISO date
    parent_uscc = fields.String(allow_none=True)


class Expert(ExpertProfile):
    units = fields.List(fields.Nested(ExpertUnitOut))
    expert_id = fields.String()
    username = fields.String()
    updated_at = fields.DateTime()


class AssignmentRequest(Schema):
    """Run (or run again) the online review's assignment of the station's awaiting projects."""

    k = WholeNumber(validate=between(1, 50), load_default=5, metadata={
        "description": "experts per project, 1-50 (default 5)"})


class AssignmentReport(Schema):
    projects = fields.Integer()
    experts = fields.Integer()
    pairs = fields.Integer()
    added = fields.Integer()
    removed = fields.Integer()
    recusals = fields.Integer()
    min_load = fields.Integer()
    max_load = fields.Integer()


class AssignmentOut(Schema):
    project_id = fields.String()
    expert_id = fields.String()
    assigned_at = fields.DateTime()


class RecusalOut(Schema):
    project_id = fields.String()
    expert_id = fields.String()
    rule = fields.String()
    detail = fields.String()
    recorded_at = fields.DateTime()


class DrawCommitment(Schema):
    """Before a roadshow's lot draw: its name, the commitment sha256(seed) the station made with
    `contest draw seed`, and the teams it orders (fixed now, so the seed cannot be fitted to them)."""

    name = name_text(1, 100, required=True, metadata={"description": "e.g. 路演 新锐组 第一场"})
    commitment = fields.String(required=True, validate=matches(r"^[0-9a-f]{64}$", _l(
        "64 lowercase hexadecimal digits")), metadata={"description": "sha256(seed), hex"})
    teams = fields.List(text(1, 64), required=True, validate=length(1, 1000), metadata={
        "description": "the teams' ids, each once"})


class DrawReveal(Schema):
    seed = fields.String(required=True, validate=matches(r"^[0-9a-fA-F]{64}$", _l(
        "64 hexadecimal digits")), metadata={"description": "the 32 random bytes, hex"})


class Draw(Schema):
    id = fields.String()
    name = fields.String()
    commitment = fields.String()
    teams = fields.List(fields.String(), metadata={"description": "sorted, as the algorithm starts"})
    seed = fields.String(allow_none=True, metadata={"description": "null until revealed"})
    order = fields.List(fields.String(), allow_none=True, metadata={"description": "null until revealed"})
    committed_at = fields.DateTime()
    revealed_at = fields.DateTime(allow_none=True)


# A station's sheet of experts (`contest experts import`): one row an expert, lists comma-separated,
# up to three units (current ones without a date, former employers with the last day there).
EXPERT_SHEET = (
    ("username", "专家账号 Account", 18), ("name", "姓名 Name", 12),
    ("kind", "类别 Kind (industry / investment)", 16), ("fields", "评审赛道 Tracks (a, b)", 26),
    ("declared", "申报回避 Declared conflicts (credit codes, team ids)", 30), ("cap", "评审上限 Cap", 10),
    *((f"units.{i}.{part}", f"单位{i + 1}{zh} Unit {i + 1} {en}", width)
      for i in range(3) for part, zh, en, width in (
          ("uscc", "信用代码", "credit code", 22), ("name", "名称", "name", 24),
          ("until", "离职日期", "left on", 12), ("parent_uscc", "上级单位代码", "parent's code", 22))),
)


class ExpertProgress(Schema):
    expert_id = fields.String()
    username = fields.String()
    name = fields.String()
    assigned = fields.Integer(metadata={"description": "projects assigned whose review is open or done"})
    scored = fields.Integer()
    outstanding = fields.Integer(metadata={"description": "assigned, still open, not yet scored"})


class ReviewProgress(Schema):
    """Where a station's online review stands: projects by state, each expert's sheets."""

    awaiting = fields.Integer()
    completed = fields.Integer()
    flagged = fields.Integer(metadata={"description": "awaiting one more sheet after diverging"})
    experts = fields.List(fields.Nested(ExpertProgress), metadata={
        "description": "the station's profiled experts, most outstanding first"})


class TimetableQuery(Query):
    """A revealed draw's timetable: when it starts (Beijing time), venues, breaks, minutes by group."""

    start = ShanghaiTime(required=True, metadata={"description": "e.g. 2023-11-20T09:00 (Beijing time)"})
    venues = fields.Integer(load_default=1, validate=between(1, 20))
    break_every = fields.Integer(load_default=0, validate=between(0, 100), metadata={
        "description": "a break after every this many presentations in a venue (0: none)"})
    break_minutes = fields.Integer(load_default=10, validate=between(0, 240))
    leading_minutes = fields.Integer(load_default=10, validate=between(1, 120))
    leading_questions = fields.Integer(load_default=4, validate=between(0, 120))
    emerging_minutes = fields.Integer(load_default=12, validate=between(1, 120))
    emerging_questions = fields.Integer(load_default=8, validate=between(0, 120))
    format = choice(("json", "xlsx", "pdf"), load_default="json")


class TimetableSlot(Schema):
    venue = fields.Integer()
    kind = fields.String(metadata={"description": "presentation or break"})
    starts = ShanghaiTime()
    questions_from = ShanghaiTime(allow_none=True)
    ends = ShanghaiTime()
    place = fields.Integer(allow_none=True, metadata={"description": "the team's place in the drawn order"})
    team_id = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    group = fields.String(allow_none=True)


class Timetable(Schema):
    draw_id = fields.String()
    name = fields.String()
    slots = fields.List(fields.Nested(TimetableSlot))


# The timetable as the committee opens it in Excel (keys: TimetableSlot's fields, times as text).
TIMETABLE_EXPORT = (
    ("venue", "会场 Venue", 8), ("starts", "开始 Starts", 10), ("questions_from", "答辩 Q&A from", 12),
    ("ends", "结束 Ends", 10), ("place", "抽签顺序 Drawn place", 12), ("group", "组别 Group", 12),
    ("title", "项目 Project", 36), ("team_id", "团队编号 Team ID", 34),
)
