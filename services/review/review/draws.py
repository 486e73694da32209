"""The roadshow's lot draw as the station runs it (002; the algorithm: contest_contracts.draw and
docs/review.md): it commits (the seed's SHA-256 and the teams), draws, then reveals the seed; the
service refuses a seed that is not the one committed to, and anyone reads the draw back and checks it
with `contest draw verify`."""
from collections import Counter

from sqlalchemy import select

from contest_contracts import draw as algorithm
from contest_contracts.fields import PageQuery
from contest_contracts.review import Draw, DrawCommitment, DrawReveal, Timetable, TimetableQuery
from contest_contracts.vocabulary import COMMITTEE, EXPERT, STAFF, STATION_ADMIN
from contest_kit.boundary import load_arguments, load_or_refuse
from contest_kit.context import require
from contest_kit.db import new_id, utc_now
from contest_kit.errors import Conflict, NotFound, ValidationFailed
from contest_kit.paging import Keyset
from review import models
from review.domain import timetable
from review.i18n import _

COMMIT, REVEAL, DRAW, DRAWS, QUERY = DrawCommitment(), DrawReveal(), Draw(), Draw(many=True), PageQuery()
TIMETABLE, TIMETABLE_QUERY = Timetable(), TimetableQuery()
ORDER = Keyset(models.Draw.committed_at, models.Draw.id, descending=True)
RUNNERS = (STATION_ADMIN, COMMITTEE)


def commit_draw(command, tenant, data):
    """Record a draw's commitment and its teams, before the draw.

    Records draw.committed with the commitment and the teams.
    """
    require(command.actor, tenant=tenant, roles=RUNNERS)
    form = load_or_refuse(COMMIT, data)
    teams = sorted(form["teams"])
    twice = sorted(team for team, times in Counter(teams).items() if times > 1)
    if twice:
        listed = [_("listed twice: {teams}", teams=", ".join(twice))]
        raise ValidationFailed(_("draw refused"), {"teams": listed}, {"teams": ["team-twice"]})
    with command.change(tenant) as change:
        row = change.add(models.Draw(id=new_id(), tenant=tenant, name=form["name"],
                                     commitment=form["commitment"], teams=teams))
        change.record("draw.committed", {"draw_id": row.id, "name": row.name, "commitment": row.commitment,
                                         "teams": teams})
        change.session.flush()
        return DRAW.dump(row)


def reveal_draw(command, tenant, draw_id, data):
    """Reveal the seed and keep the order it gives; a seed that does not match the commitment is
    refused and changes nothing.

    Records draw.revealed with the seed and the order.
    """
    require(command.actor, tenant=tenant, roles=RUNNERS)
    seed_hex = load_or_refuse(REVEAL, data)["seed"].lower()
    seed = algorithm.seed_from_hex(seed_hex)
    with command.change(tenant) as change:
        row = _find(change.session, draw_id, lock=True)
        if row.seed is not None:
            raise Conflict(_("this draw was revealed already"), {"draw_id": [_("revealed already")]})
        if not algorithm.reveals(row.commitment, seed):
            raise ValidationFailed(_("draw refused"), {"seed": [
                _("sha256 of this seed is not the commitment {commitment}", commitment=row.commitment)]},
                {"seed": ["seed-mismatch"]})
        row.seed, row.order, row.revealed_at = seed_hex, algorithm.draw_order(row.teams, seed), utc_now()
        change.record("draw.revealed", {"draw_id": row.id, "seed": seed_hex, "order": row.order})
        return DRAW.dump(row)


def get_draw(command, tenant, draw_id):
    """A draw as published: anyone may read it and recompute its order."""
    with command.read(tenant) as session:
        return DRAW.dump(_find(session, draw_id))


def list_draws(command, tenant, **arguments):
    """A page of the station's draws, newest first."""
    query = load_arguments(QUERY, arguments)
    with command.read(tenant) as session:
        return ORDER.page(session, select(models.Draw), limit=query["limit"], cursor=query["cursor"],
                          total=True, dump=DRAWS.dump)


def draw_timetable(command, tenant, draw_id, **arguments):
    """A revealed draw's timetable (domain/timetable.py); each team's group and title are its
    project's as review knows them. Refused for a draw not yet revealed, or with a team review does
    not know."""
    require(command.actor, tenant=tenant, roles=(EXPERT, *STAFF))
    query = load_arguments(TIMETABLE_QUERY, arguments)
    durations = {"leading": (query["leading_minutes"], query["leading_questions"]),
                 "emerging": (query["emerging_minutes"], query["emerging_questions"])}
    with command.read(tenant) as session:
        row = _find(session, draw_id)
        if row.order is None:
            raise Conflict(_("this draw is not revealed yet"), {"draw_id": [_("not revealed yet")]})
        known = {item.team_id: item for item in session.scalars(
            select(models.ReviewItem).where(models.ReviewItem.team_id.in_(row.order))
            .order_by(models.ReviewItem.version))}
    try:
        slots = timetable.timetable(row.order, {team: item.group for team, item in known.items()},
                                    query["start"], venues=query["venues"], durations=durations,
                                    break_every=query["break_every"], break_minutes=query["break_minutes"])
    except timetable.GroupUnknown as unknown:
        raise ValidationFailed(_("no timetable"), {"draw_id": [
            _("teams with no project under review: {teams}", teams=", ".join(unknown.teams))]},
            {"draw_id": ["team-unknown"]}) from None
    return TIMETABLE.dump({"draw_id": row.id, "name": row.name, "slots": [
        {**vars(slot), "title": known[slot.team_id].title if slot.team_id else None} for slot in slots]})


def _find(session, draw_id, lock=False):
    query = select(models.Draw).where(models.Draw.id == draw_id)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise NotFound(_("no such draw"), {"draw_id": [_("not found")]})
    return row
