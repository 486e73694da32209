"""A station's review rounds (issue 9, rounds): each has a rubric (the weights of the four criteria and
the scale they are scored on) and a window; sheets are scored in the round open now, and never once it
has closed. A station that defines no rounds scores on 002's rubric at any time (the default round).

The round closes at its closing time (a timer asks every few seconds) or earlier by hand; either way
once: the close is a conditional update of its `closed_at`, which only one transaction can make when
two replicas' timers race, and that transaction emits round-closed.
"""
import logging
from decimal import Decimal

from sqlalchemy import select, update

from contest_contracts.events import ROUND_CLOSED
from contest_contracts.fields import PageQuery
from contest_contracts.review import DEFAULT_SCALE, DEFAULT_WEIGHTS, RoundForm
from contest_contracts.review import Round as RoundOut
from contest_contracts.vocabulary import CLOSED, COMMITTEE, EXPERT, OPEN, STAFF, STATION_ADMIN
from contest_kit.boundary import load_arguments, load_or_refuse
from contest_kit.context import require
from contest_kit.db import utc_now
from contest_kit.errors import Conflict, NotFound, ValidationFailed
from contest_kit.paging import Keyset
from review import progress
from review.domain import rounds
from review.i18n import _
from review.models import Round

log = logging.getLogger(__name__)
FORM, ROUNDS, QUERY = RoundForm(), RoundOut(many=True), PageQuery()
ORDER = Keyset(Round.id)


class DefaultRound:
    """What a station without rounds scores on: 002's rubric, always open, never closed."""

    code = None
    weights, scale = DEFAULT_WEIGHTS, DEFAULT_SCALE


def define_round(command, tenant, code, data):
    """Define a round, or change one: anything while it is scheduled; once open, only its name and a
    later closing time (an extension); nothing once closed. Refused when its window overlaps
    another round's.

    Records round.defined, or round.changed with what it was.
    """
    require(command.actor, tenant=tenant, roles=(STATION_ADMIN, COMMITTEE))
    # The code is the path's (PUT .../rounds/{code}): checked with the body, on its own field.
    form = load_or_refuse(FORM, {**data, "code": code} if isinstance(data, dict) else data,
                          _("invalid round"))
    now = utc_now()
    with command.change(tenant) as change:
        row = change.session.scalar(select(Round).where(Round.code == form["code"]).with_for_update())
        others = change.session.execute(select(Round.code, Round.opens_at, Round.closes_at)
                                        .where(Round.code != form["code"])).tuples()
        clash = rounds.overlapping(others, form["opens_at"], form["closes_at"])
        if clash is not None:
            raise Conflict(_("rounds of a station may not overlap"), {"opens_at": [
                _("overlaps round {code}", code=clash)]}, {"opens_at": ["round-overlap"]})
        fields = {"kind": form["kind"], "name": form["name"], "scale": form["rubric"]["scale"],
                  "weights": {c: str(w) for c, w in form["rubric"]["weights"].items()},
                  "opens_at": form["opens_at"], "closes_at": form["closes_at"]}
        if row is None:
            row = change.add(Round(tenant=tenant, code=form["code"], **fields))
            change.record("round.defined", {"code": row.code, **_facts(fields)})
        else:
            before = {name: getattr(row, name) for name in fields}
            _check_change(row, before, fields, now)
            for name, value in fields.items():
                setattr(row, name, value)
            change.session.flush()
            change.record("round.changed", {"code": row.code, **_facts(fields), "before": _facts(before)})
        return _dump([row], now)[0]


def close_round(command, tenant, code):
    """Close an open round now, before its closing time. Emits round-closed; records round.closed."""
    require(command.actor, tenant=tenant, roles=(STATION_ADMIN, COMMITTEE))
    now = utc_now()
    with command.change(tenant) as change:
        row = _round(change.session, code)
        state = rounds.status(row.opens_at, row.closes_at, row.closed_at, now)
        if state != OPEN:
            why = _("this round is closed") if state == CLOSED else _("this round has not opened yet")
            raise Conflict(_("only an open round can be closed"), {"code": [why]},
                           {"code": [f"round-{state}"]})
        _close(change, row, now, by_hand=True)
        return _dump([row], now)[0]


def close_due(command, now=None):
    """Close every round, of every station, whose closing time has passed; returns (tenant, code) of
    those this call closed."""
    now = now or utc_now()
    with command.read(all_tenants=True) as session:
        due = session.execute(select(Round.tenant, Round.code).where(
            Round.closed_at.is_(None), Round.closes_at <= now)).tuples().all()
    closed = []
    for tenant, code in due:
        with command.change(tenant) as change:
            if _close(change, _round(change.session, code), now, by_hand=False):
                closed.append((tenant, code))
    return closed


def list_rounds(command, tenant, limit=None, cursor=None):
    """A page of the station's rounds, in the order they were defined, each with its status now."""
    require(command.actor, tenant=tenant, roles=(EXPERT, *STAFF))
    query = load_arguments(QUERY, {"limit": limit, "cursor": cursor})
    now = utc_now()
    with command.read(tenant) as session:
        return ORDER.page(session, select(Round), limit=query["limit"], cursor=query["cursor"], total=True,
                          dump=lambda rows: _dump(rows, now))


def scoring_round(session, now):
    """The round a sheet scored now belongs to: the one open now, or the default round where the
    station has none; raises Conflict when it has rounds and none is open."""
    rows = session.scalars(select(Round)).all()
    if not rows:
        return DefaultRound
    for row in rows:
        if rounds.status(row.opens_at, row.closes_at, row.closed_at, now) == OPEN:
            return row
    raise Conflict(_("no review round is open for scoring"), {"round": [_("no round is open now")]},
                   {"round": ["round-closed"]})


def check_scale(scores, scoring):
    """Refuse scores above the round's scale (the sheet's schema checked 0-100 and the step)."""
    over = rounds.over_scale(scores, scoring.scale)
    if over:
        message = _("Must be between 0 and {scale}.", scale=scoring.scale)
        raise ValidationFailed(_("invalid score sheet"), {c: [message] for c in over},
                               {c: ["over-scale"] for c in over})


def weights_of(scoring):
    return {c: Decimal(str(w)) for c, w in scoring.weights.items()}


def scores_hidden_from_experts(session, now):
    """Experts see no project's score while a round is open (or, at a station without rounds, ever):
    they would see their colleagues' judgement before giving their own."""
    try:
        scoring_round(session, now)
    except Conflict:
        return False  # the station's rounds are all closed (or none has opened: nothing is scored)
    return True


def _close(change, row, now, by_hand):
    # Conditional: of two replicas' timers (or a timer and a hand), one transaction sets it.
    closed = change.session.execute(update(Round).where(Round.id == row.id, Round.closed_at.is_(None))
                                    .values(closed_at=now, closes_at=min(row.closes_at, now))
                                    .execution_options(synchronize_session=False)).rowcount
    if not closed:
        log.info("round %s at %s was closed already", row.code, change.tenant)
        return False
    change.session.refresh(row)
    standing = progress.standing(change.session)
    late = [e["expert_id"] for e in standing["experts"] if e["outstanding"]]
    facts = {"round": row.code, "kind": row.kind, "name": row.name, "closed_at": now, "by_hand": by_hand,
             "completed": standing["completed"], "awaiting": standing["awaiting"],
             "late_sheets": sum(e["outstanding"] for e in standing["experts"]), "late_experts": late}
    change.emit(ROUND_CLOSED, facts)
    change.record("round.closed", {**facts, "closed_at": now.isoformat()})
    return True


def _check_change(row, before, fields, now):
    state = rounds.status(row.opens_at, row.closes_at, row.closed_at, now)
    if state == CLOSED:
        raise Conflict(_("a closed round cannot be changed"), {"code": [_("this round is closed")]},
                       {"code": ["round-closed"]})
    if state == OPEN:
        fixed = [name for name in ("kind", "scale", "weights", "opens_at") if before[name] != fields[name]]
        if fixed:
            raise Conflict(_("an open round's rubric and opening are fixed"),
                           {name: [_("fixed once the round opens")] for name in fixed},
                           {name: ["round-open"] for name in fixed})
        if fields["closes_at"] <= now:
            raise Conflict(_("an open round's closing time must stay in the future"), {"closes_at": [
                _("in the past: close the round instead")]}, {"closes_at": ["round-open"]})


def _round(session, code):
    row = session.scalar(select(Round).where(Round.code == code))
    if row is None:
        raise NotFound(_("no such round"), {"code": [_("not found")]})
    return row


def _facts(fields):
    return {**fields, **{name: fields[name].isoformat() for name in ("opens_at", "closes_at")}}


def _dump(rows, now):
    out = [{"code": r.code, "kind": r.kind, "name": r.name,
            "rubric": {"weights": weights_of(r), "scale": r.scale},
            "opens_at": r.opens_at, "closes_at": r.closes_at, "closed_at": r.closed_at,
            "status": rounds.status(r.opens_at, r.closes_at, r.closed_at, now)} for r in rows]
    return ROUNDS.dump(out)
