"""Ranking's nameko entrypoints."""
from nameko.rpc import rpc
from sqlalchemy import select

from contest_kit.audit import record
from contest_kit.audited import AuditRecord
from contest_kit.consumer import ParkedEvents, consumes
from contest_kit.context import CallContext, require
from contest_kit.contracts import GROUPS
from contest_kit.db import Database
from contest_kit.errors import EXPECTED, ValidationFailed
from contest_kit.metrics import Observable
from contest_kit.outbox import emit
from contest_kit.relay import OutboxRelayRunner
from ranking.domain.ranking import Entry, places
from ranking.models import RankedProject
from ranking.schemas import RankedProjectSchema

READERS = ("station_admin", "committee", "operator")


class RankingService(Observable, ParkedEvents, AuditRecord):
    name = "ranking"

    db = Database("ranking:migrations")
    relay = OutboxRelayRunner()
    call = CallContext()

    @consumes("review-completed")
    def on_review_completed(self, session, event):
        p = event.payload
        row = session.scalar(select(RankedProject).where(RankedProject.project_id == p["project_id"]))
        if row is not None and row.version > p["version"]:
            return  # a later version's result already stands
        if row is None:
            row = RankedProject(tenant=event.tenant, project_id=p["project_id"])
            session.add(row)
        row.team_id, row.version, row.title = p["team_id"], p["version"], p["title"]
        row.track, row.group, row.score = p["track"], p["group"], p["score"]
        session.flush()
        group = session.scalars(select(RankedProject).where(RankedProject.group == p["group"])).all()
        new_places = places([Entry(r.project_id, r.score) for r in group])
        record(session, tenant=event.tenant, actor=None, action="ranking.score-entered",
               correlation_id=event.correlation_id,
               data={"project_id": row.project_id, "version": row.version, "group": row.group,
                     "score": row.score, "place": new_places[row.project_id], "ranked_count": len(group),
                     "cause_event_id": event.event_id})
        emit(session, "ranking-updated", tenant=event.tenant, producer=self.name,
             correlation_id=event.correlation_id,
             payload={"team_id": row.team_id, "project_id": row.project_id, "group": row.group,
                      "rank": new_places[row.project_id], "ranked_count": len(group),
                      "score": row.score})

    @rpc(expected_exceptions=EXPECTED)
    def get_ranking(self, tenant, group=None):
        require(self.call.actor, tenant=tenant, roles=READERS)
        if group is not None and group not in GROUPS:
            raise ValidationFailed("unknown group", {"group": [f"choose one of: {', '.join(GROUPS)}"]})
        with self.db.session(tenant=tenant) as session:
            query = select(RankedProject)
            if group is not None:
                query = query.where(RankedProject.group == group)
            rows = session.scalars(query).all()
        # Places are derived from scores on read, so concurrent results can never leave them stale.
        ranked = []
        for name in GROUPS:
            members = [r for r in rows if r.group == name]
            by_place = places([Entry(r.project_id, r.score) for r in members])
            for row in sorted(members, key=lambda r: (by_place[r.project_id], r.project_id)):
                out = RankedProjectSchema().dump(row)
                out["place"] = by_place[row.project_id]
                ranked.append(out)
        return ranked
