"""Stations' recommendation lists (推荐名单, issue 11): each station names its projects for the places
of a code by priority, at most the quota the committee allocated it, before the allocation's
deadline; the committee reads every station's list, and which stations have none yet.

A list is kept in the station's own tenant; the allocation it answers is the committee's, found by
its code and the station's name among its units (tenant codes carry the edition, so the pair is
unique).
"""
from sqlalchemy import select

from contest_contracts.events import RECOMMENDATION_SUBMITTED
from contest_contracts.national import Recommendation as RecommendationOut
from contest_contracts.national import RecommendationForm, Recommendations
from contest_contracts.vocabulary import COMMITTEE, STAFF, STATION_ADMIN
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.db import utc_now
from contest_kit.errors import Conflict, NotFound
from ranking.i18n import _
from ranking.models import QuotaAllocation, Recommendation, Sheet

FORM, LIST, LISTS = RecommendationForm(), RecommendationOut(), Recommendations()


def recommend(command, tenant, code, data):
    """Submit (or, before the deadline, submit again) the station's list for `code`.

    Emits recommendation-submitted; records ranking.recommended with the list before, if any.
    """
    actor = require(command.actor, tenant=tenant, roles=(STATION_ADMIN, COMMITTEE))
    form = load_or_refuse(FORM, data, _("invalid recommendation list"))
    allocation, share = share_of(command, tenant, code)
    if allocation.recommend_by is not None and utc_now() > allocation.recommend_by:
        raise Conflict(_("the deadline for recommendations has passed"), {"projects": [
            _("closed at {moment}", moment=allocation.recommend_by.isoformat())]},
            {"projects": ["after-deadline"]})
    ids = form["projects"]
    if len(set(ids)) != len(ids):
        raise Conflict(_("a project is named twice"), {"projects": [_("named twice")]},
                       {"projects": ["project-twice"]})
    if len(ids) > share["seats"]:
        raise Conflict(_("the list is longer than the station's quota"), {"projects": [
            _("at most {seats}", seats=share["seats"])]}, {"projects": ["over-quota"]})
    with command.change(tenant) as change:
        teams = dict(change.session.execute(select(Sheet.project_id, Sheet.team_id).where(
            Sheet.project_id.in_(ids)).distinct()).tuples().all())
        foreign = [p for p in ids if p not in teams]
        if foreign:
            raise Conflict(_("only the station's own ranked projects can be recommended"),
                           {"projects": [", ".join(foreign)]}, {"projects": ["not-of-station"]})
        projects = [{"priority": n, "project_id": p, "team_id": teams[p]} for n, p in enumerate(ids, start=1)]
        row = change.session.scalar(select(Recommendation).where(Recommendation.code == code))
        before = None if row is None else row.projects
        if row is None:
            row = change.add(Recommendation(tenant=tenant, code=code, quota=share["seats"], projects=projects,
                                            submitted_by=actor.id))
        else:
            row.quota, row.projects, row.submitted_by = share["seats"], projects, actor.id
        facts = {"code": code, "quota": share["seats"], "projects": projects}
        change.emit(RECOMMENDATION_SUBMITTED, facts)
        change.record("ranking.recommended", {**facts, "before": before})
        change.session.flush()
        return _out(row)


def recommendations(command, tenant, code):
    """In the committee's tenant (the allocation's): every station's list and who has none yet; in a
    station's: its own list alone."""
    require(command.actor, tenant=tenant, roles=STAFF)
    with command.read(tenant) as session:
        allocation = session.scalar(select(QuotaAllocation).where(QuotaAllocation.code == code))
        if allocation is None:
            row = session.scalar(select(Recommendation).where(Recommendation.code == code))
            if row is None:
                raise NotFound(_("this station has no list for this code"), {"code": [_("no list")]})
            return LISTS.dump({"code": code, "lists": [_facts(row)], "missing": []})
        stations = [u["name"] for u in allocation.units]
    with command.read(all_tenants=True) as session:
        rows = session.scalars(select(Recommendation).where(Recommendation.code == code,
                                                            Recommendation.tenant.in_(stations))).all()
        lists = {r.tenant: _facts(r) for r in rows}
    return LISTS.dump({"code": code, "lists": [lists[s] for s in stations if s in lists],
                       "missing": [s for s in stations if s not in lists]})


def share_of(command, station, code):
    """The allocation of `code` that names `station`, and the station's share of it."""
    with command.read(all_tenants=True) as session:
        for allocation in session.scalars(select(QuotaAllocation).where(QuotaAllocation.code == code)):
            share = next((u for u in allocation.units if u["name"] == station), None)
            if share is not None:
                session.expunge(allocation)
                return allocation, share
    raise NotFound(_("no places are allocated to this station under this code"),
                   {"code": [_("no quota for {station}", station=station)]})


def _facts(row):
    return {"code": row.code, "station": row.tenant, "quota": row.quota, "projects": row.projects,
            "submitted_by": row.submitted_by, "submitted_at": row.submitted_at}


def _out(row):
    return LIST.dump(_facts(row))
