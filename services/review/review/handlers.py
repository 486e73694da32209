"""Review's state changes: one function each, called by a thin entrypoint in service.py."""
from sqlalchemy import select, update

from contest_contracts.events import REVIEW_COMPLETED, SCORE_SUBMITTED
from contest_contracts.review import CRITERIA, ScoresAsForwarded, ScoreSheet, SheetReopen
from contest_contracts.vocabulary import (
    AWAITING,
    COMMITTEE,
    COMPLETED,
    EXPERT,
    STATION_ADMIN,
    SUPERSEDED,
    WITHDRAWN,
)
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.db import utc_now
from contest_kit.errors import Conflict, Forbidden, NotFound
from review import assignments, rounds
from review.domain import scoring
from review.i18n import _
from review.models import ReviewItem
from review.models import ScoreSheet as SheetRow

SCORES, SHEET, REOPEN = ScoresAsForwarded(), ScoreSheet(), SheetReopen()
SUBMITTED, REOPENED = "submitted", "reopened"


def take_submission(change, event):
    """A submitted version awaits review; older versions still awaiting step aside.

    Emits nothing; records nothing (registration recorded the submission).
    """
    p = event.payload
    # One look at the project's versions (a project has a handful): this runs for every submission.
    known = change.session.execute(select(ReviewItem.id, ReviewItem.version, ReviewItem.status)
                                   .where(ReviewItem.project_id == p["project_id"])).all()
    # The last version submitted is the one judged: older ones still awaiting step aside.
    older = [row.id for row in known if row.status == AWAITING and row.version < p["version"]]
    if older:
        # Not synchronised with the session: none of these rows is loaded in it (the select above
        # read columns), and matching them against a batch's loaded objects costs more than it all.
        change.session.execute(update(ReviewItem).where(ReviewItem.id.in_(older)).values(status=SUPERSEDED)
                               .execution_options(synchronize_session=False))
    # Events may arrive out of order (a redelivery, a replayed parked event): a version older
    # than one already received is kept for the record but never awaits review.
    newer = any(row.version > p["version"] for row in known)
    withdrawn = any(row.status == WITHDRAWN for row in known)
    change.session.add(ReviewItem(tenant=event.tenant, project_id=p["project_id"], team_id=p["team_id"],
                                  version=p["version"], title=p["title"], track=p["track"], group=p["group"],
                                  uscc=p["uscc"],
                                  status=WITHDRAWN if withdrawn else SUPERSEDED if newer else AWAITING))


def withdraw_team(change, event):
    """The committee disqualified a team: its versions awaiting review are withdrawn (nobody scores
    them; a completed one keeps its record, the ranking decides what it means).

    Records review.withdrawn with the reason and the projects, when any was awaiting.
    """
    p = event.payload
    items = change.session.scalars(select(ReviewItem).where(ReviewItem.team_id == p["team_id"],
                                                            ReviewItem.status == AWAITING)).all()
    for item in items:
        item.status = WITHDRAWN
    if items:
        change.record("review.withdrawn", {"team_id": p["team_id"], "reason": p["reason"],
                                           "projects": sorted({item.project_id for item in items})})


def submit_score_sheet(command, tenant, project_id, data, sheets_required, spread=0):
    """An expert scores the project's current version, in the round open now and on its rubric
    (rounds.py); the last sheet required completes its review:
    one from each assigned expert where the station assigns experts (assignments.py), else
    `sheets_required` sheets from any of its experts. A submitted sheet is locked; one the station
    reopened is amended by submitting it again. When the sheets that would complete it lie more than
    `spread` points apart, the project is flagged for re-review instead: it needs one more sheet (one
    more expert, where the station assigns: assignments.py gives it one), then completes.

    Emits score-submitted, and review-completed with the last sheet; records score-sheet.submitted
    (or .amended, with the scores before), review.flagged with the totals, and review.completed with
    the aggregation method.
    """
    actor = require(command.actor, tenant=tenant, roles=(EXPERT,))
    scores = load_or_refuse(SCORES, data, _("invalid score sheet"))
    with command.change(tenant) as change:
        scoring_round = rounds.scoring_round(change.session, utc_now())
        rounds.check_scale(scores, scoring_round)
        item = _current_item(change.session, project_id)
        if item.status == WITHDRAWN:
            raise Conflict(_("this team was disqualified: its project is not reviewed"))
        if item.status != AWAITING:
            raise Conflict(_("this project's review is already complete"))
        experts = assignments.assigned(change.session, item.project_id)
        if (experts or assignments.station_assigns(change.session)) and actor.id not in experts:
            raise _not_yours(change.session, item, actor)
        sheet = change.session.scalar(select(SheetRow).where(SheetRow.item_id == item.id,
                                                             SheetRow.expert_id == actor.id))
        if sheet is not None and sheet.status == SUBMITTED:
            raise Conflict(_("you already scored this project"), {"project_id": [_("already scored")]})
        total = scoring.sheet_total(scores, rounds.weights_of(scoring_round))
        facts = {"project_id": item.project_id, "version": item.version, "round": scoring_round.code,
                 "scores": scores, "total": total}
        change.emit(SCORE_SUBMITTED, {**facts, "team_id": item.team_id, "group": item.group,
                                      "track": item.track, "expert_id": actor.id,
                                      "weights": rounds.weights_of(scoring_round),
                                      "amended": sheet is not None})
        if sheet is None:
            sheet = change.add(SheetRow(tenant=tenant, item_id=item.id, expert_id=actor.id, total=total,
                                        round=scoring_round.code, **scores))
            change.record("score-sheet.submitted", facts)
        else:
            before = {criterion: getattr(sheet, criterion) for criterion in CRITERIA}
            change.record("score-sheet.amended", {**facts, "before": before, "before_total": sheet.total,
                                                  "reason": sheet.reopened_reason})
            amended = {**scores, "total": total, "status": SUBMITTED, "submitted_at": utc_now(),
                       "round": scoring_round.code}
            for name, value in amended.items():
                setattr(sheet, name, value)
            change.session.flush()
        totals = change.session.scalars(select(SheetRow.total).where(
            SheetRow.item_id == item.id, SheetRow.status == SUBMITTED)).all()
        required = len(experts) or sheets_required + (1 if item.flagged_at is not None else 0)
        completed = scoring.review_is_complete(len(totals), required)
        if completed and item.flagged_at is None and scoring.diverges(totals, spread):
            item.flagged_at, completed = utc_now(), False
            change.record("review.flagged", {"project_id": item.project_id, "version": item.version,
                                             "sheet_totals": totals, "spread": spread})
        if completed:
            _complete(change, item, totals)
        return {**SHEET.dump(sheet), "project_id": item.project_id, "version": item.version,
                "review_completed": completed}


def reopen_score_sheet(command, tenant, project_id, expert_id, data):
    """The station reopens an expert's submitted sheet, with a reason, while the project's review and
    a round are open; the expert then amends it. A completed review's sheets are final, and so are
    those of a closed round.

    Records score-sheet.reopened with the reason and the scores as they stood.
    """
    require(command.actor, tenant=tenant, roles=(STATION_ADMIN, COMMITTEE))
    reason = load_or_refuse(REOPEN, data)["reason"]
    with command.change(tenant) as change:
        rounds.scoring_round(change.session, utc_now())  # an amendment needs an open round
        item = _current_item(change.session, project_id)
        if item.status != AWAITING:
            raise Conflict(_("this project's review is complete: its sheets are final"))
        sheet = change.session.scalar(select(SheetRow).where(SheetRow.item_id == item.id,
                                                             SheetRow.expert_id == expert_id))
        if sheet is None:
            raise NotFound(_("no such score sheet"), {"expert_id": [_("has not scored this project")]})
        if sheet.status == REOPENED:
            raise Conflict(_("this sheet is reopened already"), {"expert_id": [_("reopened already")]})
        sheet.status, sheet.reopened_reason, sheet.reopened_at = REOPENED, reason, utc_now()
        change.record("score-sheet.reopened", {
            "project_id": item.project_id, "version": item.version, "expert_id": expert_id, "reason": reason,
            "scores": {criterion: getattr(sheet, criterion) for criterion in CRITERIA}, "total": sheet.total})
        return {**SHEET.dump(sheet), "project_id": item.project_id, "version": item.version,
                "review_completed": False}


def _current_item(session, project_id):
    # Locked until commit: sheets for one item are counted one transaction at a time,
    # or the last ones, sent together, could each miss the others and none complete.
    item = session.scalar(select(ReviewItem).where(
        ReviewItem.project_id == project_id, ReviewItem.status != SUPERSEDED)
        .order_by(ReviewItem.version.desc()).limit(1).with_for_update())
    if item is None:
        raise NotFound(_("no project awaiting review"), {"project_id": [_("not found")]})
    return item


def _not_yours(session, item, actor):
    recusal = assignments.recusal_of(session, item.project_id, actor.id)
    if recusal is not None:
        return Forbidden(_("you stand aside from this project"), {"project_id": [
            _("recused ({rule}): {detail}", rule=recusal.rule, detail=recusal.detail)]},
            {"project_id": ["recused"]})
    return Forbidden(_("this project is not assigned to you"), {"project_id": [_("not assigned to you")]},
                     {"project_id": ["not-assigned"]})


def _complete(change, item, totals):
    item.status = COMPLETED
    item.score = scoring.project_score(totals)
    item.completed_at = utc_now()
    change.record("review.completed", {"project_id": item.project_id, "version": item.version,
                                       "score": item.score, "sheet_totals": totals,
                                       "method": "mean of weighted sheet totals"})
    change.emit(REVIEW_COMPLETED, {"team_id": item.team_id, "project_id": item.project_id,
                                   "version": item.version, "group": item.group, "track": item.track,
                                   "title": item.title, "score": item.score, "sheet_count": len(totals)})
