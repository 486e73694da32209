"""Where a station's online review stands (issue 9, progress): how many projects await review, are
complete, or are flagged; and each expert's assigned, scored and outstanding sheets, the most
outstanding first, for the station to remind them."""
from sqlalchemy import select

from contest_contracts.review import ReviewProgress
from contest_contracts.vocabulary import AWAITING, COMPLETED, STAFF
from contest_kit.context import require
from review import experts, models

PROGRESS = ReviewProgress()
SUBMITTED = "submitted"


def review_progress(command, tenant):
    require(command.actor, tenant=tenant, roles=STAFF)
    with command.read(tenant) as session:
        return PROGRESS.dump(standing(session))


def standing(session):
    """The station's counts and its experts' tallies (the session is one tenant's)."""
    items = session.execute(select(models.ReviewItem.id, models.ReviewItem.project_id,
                                   models.ReviewItem.status, models.ReviewItem.flagged_at)
                            .where(models.ReviewItem.status.in_((AWAITING, COMPLETED)))).all()
    current = {row.project_id: row for row in items}
    sheets = set(session.execute(select(models.ScoreSheet.item_id, models.ScoreSheet.expert_id)
                                 .where(models.ScoreSheet.status == SUBMITTED)).tuples())
    per_expert = {}
    for project_id, expert_id in session.execute(select(models.Assignment.project_id,
                                                        models.Assignment.expert_id)).tuples():
        item = current.get(project_id)
        if item is None:
            continue
        tally = per_expert.setdefault(expert_id, {"assigned": 0, "scored": 0, "outstanding": 0})
        tally["assigned"] += 1
        if (item.id, expert_id) in sheets:
            tally["scored"] += 1
        elif item.status == AWAITING:
            tally["outstanding"] += 1
    rows = [{"expert_id": p.expert_id, "username": p.username, "name": p.name,
             **per_expert.get(p.expert_id, {"assigned": 0, "scored": 0, "outstanding": 0})}
            for p in experts.profiles(session)]
    rows.sort(key=lambda row: -row["outstanding"])
    return {
        "awaiting": sum(row.status == AWAITING for row in items),
        "completed": sum(row.status == COMPLETED for row in items),
        "flagged": sum(row.status == AWAITING and row.flagged_at is not None for row in items),
        "experts": rows}
