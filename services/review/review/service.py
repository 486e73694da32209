"""Review's nameko entrypoints."""
from datetime import UTC, datetime

from nameko.dependency_providers import Config
from nameko.rpc import rpc
from sqlalchemy import func, select

from contest_kit.audit import record
from contest_kit.audited import AuditRecord
from contest_kit.boundary import load_or_refuse
from contest_kit.consumer import ParkedEvents, consumes
from contest_kit.context import CallContext, require
from contest_kit.db import Database
from contest_kit.errors import EXPECTED, Conflict, NotFound
from contest_kit.metrics import Observable
from contest_kit.outbox import emit
from contest_kit.relay import OutboxRelayRunner
from review.domain import scoring
from review.models import ReviewItem, ScoreSheet
from review.schemas import ReviewItemSchema, ScoreSheetSchema, ScoresSchema

READERS = ("expert", "station_admin", "committee", "operator")


class ReviewService(Observable, ParkedEvents, AuditRecord):
    name = "review"

    db = Database("review:migrations")
    relay = OutboxRelayRunner()
    call = CallContext()
    config = Config()

    @consumes("submission-received")
    def on_submission_received(self, session, event):
        p = event.payload
        # The last version submitted is the one judged: older ones still awaiting step aside.
        for older in session.scalars(select(ReviewItem).where(
                ReviewItem.project_id == p["project_id"], ReviewItem.status == "awaiting",
                ReviewItem.version < p["version"])):
            older.status = "superseded"
        # Events may arrive out of order (a redelivery, a replayed parked event): a version
        # older than one already received is kept for the record but never awaits review.
        newer = session.scalar(select(ReviewItem.id).where(
            ReviewItem.project_id == p["project_id"], ReviewItem.version > p["version"]).limit(1))
        session.add(ReviewItem(tenant=event.tenant, project_id=p["project_id"], team_id=p["team_id"],
                               version=p["version"], title=p["title"], track=p["track"],
                               group=p["group"], status="awaiting" if newer is None else "superseded"))

    @rpc(expected_exceptions=EXPECTED)
    def list_items(self, tenant, status="awaiting"):
        require(self.call.actor, tenant=tenant, roles=READERS)
        with self.db.session(tenant=tenant) as session:
            counts = dict(session.execute(
                select(ScoreSheet.item_id, func.count()).group_by(ScoreSheet.item_id)).all())
            items = session.scalars(select(ReviewItem).where(ReviewItem.status == status)
                                    .order_by(ReviewItem.id)).all()
            out = ReviewItemSchema(many=True).dump(items)
            for row, item in zip(out, items, strict=True):
                row["sheet_count"] = counts.get(item.id, 0)
            return out

    @rpc(expected_exceptions=EXPECTED)
    def submit_score_sheet(self, tenant, project_id, data):
        actor = require(self.call.actor, tenant=tenant, roles=("expert",))
        scores = load_or_refuse(ScoresSchema(), data, "invalid score sheet")
        with self.db.session(tenant=tenant) as session:
            # Locked until commit: sheets for one item are counted one transaction at a time,
            # or the last ones, sent together, could each miss the others and none complete.
            item = session.scalar(select(ReviewItem).where(
                ReviewItem.project_id == project_id, ReviewItem.status != "superseded")
                .order_by(ReviewItem.version.desc()).limit(1).with_for_update())
            if item is None:
                raise NotFound("no project awaiting review", {"project_id": ["不存在 (not found)"]})
            if item.status != "awaiting":
                raise Conflict("this project's review is already complete")
            if session.scalar(select(ScoreSheet.id).where(ScoreSheet.item_id == item.id,
                                                          ScoreSheet.expert_id == actor.id)):
                raise Conflict("you already scored this project", {"project_id": ["已评分 (scored)"]})
            sheet = ScoreSheet(tenant=tenant, item_id=item.id, expert_id=actor.id,
                               total=scoring.sheet_total(scores), **scores)
            session.add(sheet)
            session.flush()
            record(session, tenant=tenant, actor=actor, action="score-sheet.submitted",
                   correlation_id=self.call.correlation_id,
                   data={"project_id": item.project_id, "version": item.version, "scores": scores,
                         "total": sheet.total})
            totals = session.scalars(select(ScoreSheet.total).where(ScoreSheet.item_id == item.id)).all()
            completed = scoring.review_is_complete(len(totals), int(self._sheets_required()))
            if completed:
                self._complete(session, item, totals)
            out = ScoreSheetSchema().dump(sheet)
            out.update(project_id=item.project_id, version=item.version, review_completed=completed)
            return out

    def _sheets_required(self):
        return self.config.get("SHEETS_PER_PROJECT", 3)

    def _complete(self, session, item, totals):
        item.status = "completed"
        item.score = scoring.project_score(totals)
        item.completed_at = datetime.now(UTC)
        record(session, tenant=item.tenant, actor=self.call.actor, action="review.completed",
               correlation_id=self.call.correlation_id,
               data={"project_id": item.project_id, "version": item.version, "score": item.score,
                     "sheet_totals": totals, "method": "mean of weighted sheet totals"})
        emit(session, "review-completed", tenant=item.tenant, producer=self.name,
             correlation_id=self.call.correlation_id,
             payload={"team_id": item.team_id, "project_id": item.project_id, "version": item.version,
                      "group": item.group, "track": item.track, "title": item.title,
                      "score": item.score, "sheet_count": len(totals)})
