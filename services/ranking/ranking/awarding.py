"""The final's awards (issue 11): the committee sets a code's prize tiers against its pool (001's by
default), then grants tiers down a group's (and track's) ranking of a round of the final, in order
(ranking.domain.awards). Every decision is audited; each award emits award-granted, from which
registration keeps its list of earlier prize winners."""
from sqlalchemy import select

from contest_contracts.events import AWARD_GRANTED
from contest_contracts.national import AwardForm, Awards, AwardSchemeForm
from contest_contracts.national import AwardScheme as SchemeOut
from contest_contracts.vocabulary import COMMITTEE, STAFF
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.errors import Conflict
from ranking import finalists, sheets
from ranking.domain.awards import DEFAULT_POOL, DEFAULT_TIERS, AwardRefused, Tier, check_scheme, grant
from ranking.i18n import _
from ranking.models import Award, AwardScheme

SCHEME_FORM, SCHEME, FORM, AWARDS = AwardSchemeForm(), SchemeOut(), AwardForm(), Awards()
GRANTED = ("project_id", "team_id", "rank", "tier", "amount", "round", "group", "track", "granted_by",
           "granted_at")


def set_scheme(command, tenant, code, data):
    """The prize tiers of `code` from now on; refused when they cost more than the pool, or when fewer
    awards of a tier remain than are granted already. Records ranking.award-scheme-set with the one
    before."""
    actor = require(command.actor, tenant=tenant, roles=(COMMITTEE,))
    form = load_or_refuse(SCHEME_FORM, data, _("invalid award scheme"))
    tiers = tuple(Tier(t["tier"], t["count"], t["amount"]) for t in form["tiers"])
    _refusing(check_scheme, tiers, form["pool"])
    with command.change(tenant) as change:
        granted, kept_count = _granted(change.session, code), {t.name: t.count for t in tiers}
        short = sorted(name for name, n in granted.items() if n > kept_count.get(name, 0))
        if short:
            raise Conflict(_("more awards of a tier are granted already"), {"tiers": [", ".join(short)]},
                           {"tiers": ["tier-granted"]})
        row = change.session.scalar(select(AwardScheme).where(AwardScheme.code == code))
        before = None if row is None else {"tiers": row.tiers, "pool": row.pool}
        kept = {"tiers": [{"tier": t.name, "count": t.count, "amount": t.amount} for t in tiers],
                "pool": form["pool"], "set_by": actor.id}
        if row is None:
            row = change.add(AwardScheme(tenant=tenant, code=code, **kept))
        for name, value in kept.items():
            setattr(row, name, value)
        change.record("ranking.award-scheme-set", {"code": code, "tiers": row.tiers, "pool": row.pool,
                                                    "before": before})
        return SCHEME.dump(_scheme(row, code))


def grant_awards(command, tenant, code, data):
    """Grant tiers down the ranking of a group (and track) of a round, by the round's method and its
    deliberations, passing over the projects awarded already. All or none: refused for an unknown
    tier, more than a tier has left, more awards than projects left, or an open tie across a tier's
    edge.

    Emits award-granted for each; records ranking.award-granted for each.
    """
    actor = require(command.actor, tenant=tenant, roles=(COMMITTEE,))
    form = load_or_refuse(FORM, data, _("invalid award"))
    query = {"group": form["group"], "track": form["track"], "aggregation": None, "k": None}
    station_of = finalists.stations_of(command, code)  # first: SQLite's one connection is the change's after
    with command.change(tenant) as change:
        session = change.session
        scheme = _scheme(session.scalar(select(AwardScheme).where(AwardScheme.code == code)), code)
        amount = {t["tier"]: t["amount"] for t in scheme["tiers"]}
        left = {t["tier"]: t["count"] - _granted(session, code).get(t["tier"], 0) for t in scheme["tiers"]}
        counts = [(t["tier"], t["count"]) for t in form["tiers"]]
        unknown = [name for name, _n in counts if name not in amount]
        if unknown:
            raise Conflict(_("the scheme has no such tier"), {"tiers": [", ".join(unknown)]},
                           {"tiers": ["unknown-tier"]})
        over = [name for name, n in counts if n > left[name]]
        if over:
            raise Conflict(_("more awards than the tier has left"), {"tiers": [
                _("{tier}: {left} left", tier=name, left=left[name]) for name in over]},
                {"tiers": ["tier-exhausted"]})
        query, rows = sheets.load(session, form["round"], query)
        _result, places = sheets.ranked(session, form["round"], query, rows)
        awarded = set(session.scalars(select(Award.project_id).where(Award.code == code)))
        # tiers go on down from where the last grant stopped: those awarded already are passed over
        made = _refusing(grant, [p for p in places if p.project_id not in awarded], counts)
        if made.blocked_by:
            raise Conflict(_("an open tie straddles a tier's edge: deliberate it first"), {"tiers": [
                _("tied: {projects}", projects=", ".join(made.blocked_by))]}, {"tiers": ["tie-open"]})
        team_of = {r.project_id: r.team_id for r in rows}
        rank_of = {p.project_id: p.rank for p in places}
        awards = []
        for project_id, tier in made.granted:
            row = change.add(Award(
                tenant=tenant, code=code, round=form["round"], group=form["group"], track=form["track"] or "",
                project_id=project_id, team_id=team_of[project_id], rank=rank_of[project_id], tier=tier,
                amount=amount[tier], granted_by=actor.id))
            facts = {"code": code, "team_id": row.team_id, "project_id": project_id, "tier": tier,
                     "amount": row.amount, "rank": row.rank, "round": row.round, "group": row.group}
            station = station_of.get(row.team_id, tenant)
            change.emit(AWARD_GRANTED, facts, tenant=station)  # where registration keeps the team
            change.record("ranking.award-granted", {**facts, "station": station, "track": form["track"]})
            awards.append(row)
        session.flush()
        return AWARDS.dump(_awards(code, scheme, awards))


def awards(command, tenant, code):
    """The scheme of `code`, every award granted under it, and what they cost."""
    require(command.actor, tenant=tenant, roles=STAFF)
    with command.read(tenant) as session:
        scheme = _scheme(session.scalar(select(AwardScheme).where(AwardScheme.code == code)), code)
        rows = session.scalars(select(Award).where(Award.code == code).order_by(Award.id)).all()
        return AWARDS.dump(_awards(code, scheme, rows))


def _awards(code, scheme, rows):
    return {"code": code, "scheme": scheme, "spent": sum(r.amount for r in rows),
            "awards": [{**{c: getattr(r, c) for c in GRANTED}, "track": r.track or None} for r in rows]}


def _scheme(row, code):
    if row is None:
        tiers = [{"tier": t.name, "count": t.count, "amount": t.amount} for t in DEFAULT_TIERS]
        return {"code": code, "tiers": tiers, "pool": DEFAULT_POOL,
                "cost": sum(t["count"] * t["amount"] for t in tiers)}
    return {"code": code, "tiers": row.tiers, "pool": row.pool,
            "cost": sum(t["count"] * t["amount"] for t in row.tiers)}


def _granted(session, code):
    counts = {}
    for tier in session.scalars(select(Award.tier).where(Award.code == code)):
        counts[tier] = counts.get(tier, 0) + 1
    return counts


def _refusing(function, *args):
    try:
        return function(*args)
    except AwardRefused as refused:
        raise Conflict(_("these awards cannot be granted so"), {"tiers": [refused.detail]},
                       {"tiers": [refused.code]}) from None
