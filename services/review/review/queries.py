"""What review answers without changing anything."""
from sqlalchemy import func, select

from contest_contracts.review import ReviewItem as ReviewItemOut
from contest_contracts.review import ReviewQuery
from contest_contracts.vocabulary import EXPERT, STAFF
from contest_kit.boundary import load_arguments
from contest_kit.context import require
from contest_kit.db import utc_now
from contest_kit.paging import Keyset
from review import assignments, rounds
from review.models import Assignment, ReviewItem, ScoreSheet

ITEMS, QUERY = ReviewItemOut(many=True), ReviewQuery()
ORDER = Keyset(ReviewItem.id)  # the order versions arrived in


def list_items(command, tenant, **arguments):
    """A page of project versions of one status (contest_kit.paging); `arguments`: limit, cursor,
    status, group, track."""
    actor = require(command.actor, tenant=tenant, roles=(EXPERT, *STAFF))
    query = load_arguments(QUERY, arguments)
    items = select(ReviewItem).where(ReviewItem.status == query["status"])
    for name in ("group", "track"):
        if query[name] is not None:
            items = items.where(getattr(ReviewItem, name) == query[name])
    with command.read(tenant) as session:
        if actor.role == EXPERT and assignments.station_assigns(session):
            # an expert sees the projects assigned to them, never one they stand aside from
            items = items.where(ReviewItem.project_id.in_(
                select(Assignment.project_id).where(Assignment.expert_id == actor.id)))
        hidden = actor.role == EXPERT and rounds.scores_hidden_from_experts(session, utc_now())
        return ORDER.page(session, items, limit=query["limit"], cursor=query["cursor"], total=True,
                          dump=lambda rows: _with_sheet_counts(session, rows, hidden))


def _with_sheet_counts(session, rows, scores_hidden):
    # Sheets are counted for the page's items only, not for every item of the station.
    ids = [row.id for row in rows]
    counts = dict(session.execute(select(ScoreSheet.item_id, func.count()).where(ScoreSheet.item_id.in_(ids))
                                  .group_by(ScoreSheet.item_id)).all()) if ids else {}
    return [{**out, "sheet_count": counts.get(row.id, 0), **({"score": None} if scores_hidden else {})}
            for out, row in zip(ITEMS.dump(rows), rows, strict=True)]
