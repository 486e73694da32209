"""Ranking's state changes: one function each, called by a thin entrypoint in service.py."""
from sqlalchemy import select

from contest_contracts.events import RANKING_UPDATED
from ranking.domain.ranking import Entry, places
from ranking.models import RankedProject


def enter_result(change, event):
    """A project version's review result enters its station's ranking for its group.

    Emits ranking-updated (for that project); records ranking.score-entered.
    """
    p = event.payload
    row = change.session.scalar(select(RankedProject).where(RankedProject.project_id == p["project_id"]))
    if row is not None and row.version > p["version"]:
        return  # a later version's result already stands
    if row is None:
        row = RankedProject(tenant=event.tenant, project_id=p["project_id"])
    row.team_id, row.version, row.title = p["team_id"], p["version"], p["title"]
    row.track, row.group, row.score = p["track"], p["group"], p["score"]
    change.add(row)
    group = change.session.scalars(select(RankedProject).where(RankedProject.group == p["group"])).all()
    place = places([Entry(r.project_id, r.score) for r in group])[row.project_id]
    change.record("ranking.score-entered", {
        "project_id": row.project_id, "version": row.version, "group": row.group, "score": row.score,
        "place": place, "ranked_count": len(group), "cause_event_id": event.event_id})
    change.emit(RANKING_UPDATED, {"team_id": row.team_id, "project_id": row.project_id, "group": row.group,
                                  "rank": place, "ranked_count": len(group), "score": row.score})
