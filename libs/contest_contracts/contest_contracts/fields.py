"""Field helpers: every field bounded (the database stores what the schema admits, and the
OpenAPI document says so), every refusal readable in the reader's language.

marshmallow formats a validator's message when it refuses a value, so handing it a lazy
msgid makes the message come out in the language of the request at hand. The msgids are
marshmallow's own English, so English answers read as marshmallow's always did.
"""
import decimal
import re
from datetime import timedelta, timezone

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from contest_contracts.i18n import catalogue

_ = catalogue.lazy

# What the database columns hold: PostgreSQL's integer and bigint.
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1


def length(min=None, max=None, equal=None):
    if equal is not None:
        message = _("Length must be {equal}.")
    elif min is not None and max is not None:
        message = _("Length must be between {min} and {max}.")
    elif min is not None:
        message = _("Shorter than minimum length {min}.")
    else:
        message = _("Longer than maximum length {max}.")
    return validate.Length(min=min, max=max, equal=equal, error=message)


def between(min=None, max=None):
    if min is not None and max is not None:
        message = _("Must be greater than or equal to {min} and less than or equal to {max}.")
    elif min is not None:
        message = _("Must be greater than or equal to {min}.")
    else:
        message = _("Must be less than or equal to {max}.")
    return validate.Range(min=min, max=max, error=message)


def one_of(choices):
    return validate.OneOf(choices, error=_("Must be one of: {choices}."))


def matches(pattern, message):
    """`message`: a LazyText of the caller's own catalogue (`catalogue.lazy("...")`)."""
    return validate.Regexp(pattern, error=message)


# What no text takes: control characters (NUL among them; tab and line breaks are text), and the
# invisible ones that hide or reorder what a reader sees (zero-width spaces and joiners, the
# bidirectional embeddings, overrides and isolates, the byte order mark).
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u2069\ufeff]")


def visible(value):
    if INVISIBLE.search(value):
        raise ValidationError(str(_("Contains control or invisible characters.")))


def not_blank(value):
    if not value.strip():
        raise ValidationError(str(_("May not be blank.")))


def text(min=1, max=200, **kwargs):
    return fields.String(validate=[length(min, max), visible], **kwargs)


def name_text(min=1, max=200, **kwargs):
    """A name people read (a team's, a unit's, a person's): visible text, not only spaces."""
    return fields.String(validate=[length(min, max), visible, not_blank], **kwargs)


class WholeNumber(fields.Integer):
    """An integer given as a JSON integer: not 300.99 (marshmallow would cut it to 300), not "301",
    not true. (Query strings carry text: their numbers stay `fields.Integer`.)"""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _validated(self, value):
        if isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


class Flag(fields.Boolean):
    """true or false as JSON has them: not "on", "yes", 1 or "1" (marshmallow takes them all)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value is True or value is False:
            return value
        raise self.make_error("invalid", input=value)


# The contest's clock (DOMAIN.md: deadlines are Beijing time). A fixed UTC+8 rather than the tz
# database's Asia/Shanghai: China has kept UTC+8 without daylight saving since 1991, and a fixed
# offset needs no tz data on the machine.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


class ShanghaiTime(fields.AwareDateTime):
    """A moment of the contest's timeline: ISO 8601, read as Beijing time when it gives no offset
    ("2023-10-22T23:59:59"), sent back with its +08:00."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=SHANGHAI, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(SHANGHAI)
        return super()._serialize(value, attr, obj, **kwargs)


def count(max=INT32_MAX, **kwargs):
    """A whole number from 0 to `max` (staff, places, versions ...)."""
    return WholeNumber(validate=between(0, max), **kwargs)


def choice(choices, **kwargs):
    return fields.String(validate=one_of(choices), **kwargs)


class Score(fields.Decimal):
    """A criterion's score as a JSON number on its scale's step: not "88" (text), not true, and not
    99.995 on a step of 0.01 (marshmallow's `places` would round it to 100.00 and the sheet would
    keep a score the expert never gave)."""

    text_allowed = False  # decimal text is how a service receives the score over RPC: see Scores

    def __init__(self, step="0.01", **kwargs):
        self.step = decimal.Decimal(step)
        super().__init__(**kwargs)

    def _validated(self, value):
        if isinstance(value, bool) or (isinstance(value, str) and not self.text_allowed):
            raise self.make_error("invalid", input=value)
        number = super()._validated(value)
        if number is not None and number % self.step:
            raise ValidationError(str(_("Must be a multiple of {step}.")).format(step=self.step))
        return None if number is None else number.quantize(self.step)  # 88 is kept as 88.00


def score(**kwargs):
    """A criterion's score, 0 to 100 in steps of 0.01."""
    return Score(validate=between(0, 100), **kwargs)


class Query(Schema):
    """A query string's parameters: others (?lang=, cache busters) are not this schema's business."""

    class Meta:
        unknown = EXCLUDE


# Every list answers a page at a time (contest_kit.paging): a client cannot make a service read
# and send a whole table in one request, however large the contest grows.
PAGE_SIZE, MAX_PAGE_SIZE = 50, 200
# A cursor holds the last row's sort key (a time and an id at most): far below this.
MAX_CURSOR_LENGTH = 256


class PageQuery(Query):
    """One page of a list; each list's query schema adds its filters."""

    limit = fields.Integer(load_default=PAGE_SIZE, validate=between(1, MAX_PAGE_SIZE), metadata={
        "description": f"items per page, 1-{MAX_PAGE_SIZE} (default {PAGE_SIZE})"})
    cursor = fields.String(load_default=None, validate=length(1, MAX_CURSOR_LENGTH), metadata={
        "description": "where the page starts: the cursor of the Link rel=\"next\" of the page before "
                       "(opaque; omit it for the first page)"})


def N_(message):  # noqa: N802 - the conventional name Babel extracts
    """Marks a message for the catalogue without translating it here."""
    return message


# marshmallow's own fixed messages: contest_kit.boundary translates them as it reports them.
MARSHMALLOW_MESSAGES = (
    N_("Missing data for required field."), N_("Field may not be null."), N_("Invalid value."),
    N_("Not a valid string."), N_("Not a valid utf-8 string."), N_("Not a valid integer."),
    N_("Not a valid number."), N_("Number too large."), N_("Not a valid boolean."),
    N_("Not a valid email address."), N_("Not a valid list."), N_("Not a valid mapping type."),
    N_("Invalid input type."), N_("Invalid type."), N_("Unknown field."), N_("Not a valid datetime."),
    N_("Special numeric values (nan or infinity) are not permitted."),
)
