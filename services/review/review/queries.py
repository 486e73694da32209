"""What review answers without changing anything."""
from sqlalchemy import func, select

from contest_contracts.review import ReviewItem as ReviewItemOut
from contest_contracts.review import ReviewQuery
from contest_contracts.vocabulary import EXPERT, STAFF
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from review.models import ReviewItem, ScoreSheet

ITEMS, QUERY = ReviewItemOut(many=True), ReviewQuery()


def list_items(command, tenant, status="awaiting"):
    require(command.actor, tenant=tenant, roles=(EXPERT, *STAFF))
    status = load_or_refuse(QUERY, {"status": status})["status"]
    with command.read(tenant) as session:
        counts = dict(session.execute(
            select(ScoreSheet.item_id, func.count()).group_by(ScoreSheet.item_id)).all())
        items = session.scalars(select(ReviewItem).where(ReviewItem.status == status)
                                .order_by(ReviewItem.id)).all()
        out = ITEMS.dump(items)
    for row, item in zip(out, items, strict=True):
        row["sheet_count"] = counts.get(item.id, 0)
    return out
