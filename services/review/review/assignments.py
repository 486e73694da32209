"""Who reviews which project in a station's online review, and who stands aside (001; issue 9).

The station's staff run the assignment when the projects are in (and again after a late conflict or
an expert who leaves): recusals are found from the experts' units and the teams' units
(domain/conflicts.py), then each awaiting project gets k experts by min-cost flow
(domain/assignment.py), the previous run's pairs kept where they still hold. A station that has never
run it keeps the old way (any of its experts scores any project; `sheets_per_project` sheets
complete it).
"""
from datetime import date, datetime

from sqlalchemy import delete, select

from contest_contracts.fields import SHANGHAI, PageQuery
from contest_contracts.review import AssignmentOut, AssignmentReport, AssignmentRequest, RecusalOut
from contest_contracts.vocabulary import AWAITING, COMMITTEE, STAFF, STATION_ADMIN
from contest_kit.boundary import load_arguments, load_or_refuse
from contest_kit.context import require
from contest_kit.errors import ValidationFailed
from contest_kit.paging import Keyset
from review import experts, models
from review.domain import assignment, conflicts
from review.i18n import _

REQUEST, REPORT, QUERY = AssignmentRequest(), AssignmentReport(), PageQuery()
PAIRS, RECUSALS = AssignmentOut(many=True), RecusalOut(many=True)


def assign_experts(command, tenant, data, today=None):
    """Find the recusals and assign k experts to each awaiting project (k + 1 to one flagged for
    re-review); all or nothing.

    Records review.assigned with the pairs added and removed and every recusal (rule and detail).
    """
    require(command.actor, tenant=tenant, roles=(STATION_ADMIN, COMMITTEE))
    k = load_or_refuse(REQUEST, data)["k"]
    today = today or datetime.now(SHANGHAI).date()
    with command.change(tenant) as change:
        session = change.session
        items = session.scalars(select(models.ReviewItem).where(models.ReviewItem.status == AWAITING)
                                .order_by(models.ReviewItem.id)).all()
        profiles = experts.profiles(session)
        found = conflicts.recusals([_expert(p) for p in profiles], [_project(i) for i in items],
                                   _ties(profiles), today=today)
        project_ids = [i.project_id for i in items]
        previous = session.execute(select(models.Assignment.project_id, models.Assignment.expert_id)
                                   .where(models.Assignment.project_id.in_(project_ids))).tuples().all()
        try:
            result = assignment.assign(
                [assignment.Entry(i.project_id, i.track) for i in items],
                [assignment.Reviewer(p.expert_id, frozenset(p.fields), p.cap) for p in profiles], k,
                recused={(r.project_id, r.expert_id) for r in found}, previous=previous,
                extra={i.project_id: 1 for i in items if i.flagged_at is not None})
        except assignment.Unassignable as refused:
            raise _refusal(refused) from None
        _keep(session, tenant, project_ids, result, found)
        loads = list(result.loads.values()) or [0]
        report = {"projects": len(items), "experts": len(profiles), "pairs": len(result.pairs),
                  "added": len(result.added), "removed": len(result.removed), "recusals": len(found),
                  "min_load": min(loads), "max_load": max(loads)}
        change.record("review.assigned", {
            "k": k, **report, "added": [list(p) for p in result.added],
            "removed": [list(p) for p in result.removed],
            "recusals": [{"project_id": r.project_id, "expert_id": r.expert_id, "rule": r.rule,
                          "detail": r.detail} for r in found]})
        return REPORT.dump(report)


def _keep(session, tenant, project_ids, result, found):
    for project_id, expert_id in result.removed:
        session.execute(delete(models.Assignment).where(models.Assignment.project_id == project_id,
                                                        models.Assignment.expert_id == expert_id))
    session.add_all(models.Assignment(tenant=tenant, project_id=p, expert_id=e) for p, e in result.added)
    # The recusals of these projects are what this run found: a conflict that ended (an employer
    # more than three years ago) no longer holds.
    session.execute(delete(models.Recusal).where(models.Recusal.project_id.in_(project_ids)))
    session.add_all(models.Recusal(tenant=tenant, project_id=r.project_id, expert_id=r.expert_id, rule=r.rule,
                                   detail=r.detail[:300]) for r in found)


def _refusal(refused):
    code = "too-few-experts" if refused.reason == "too few eligible experts" else "caps-too-tight"
    fields, codes = {}, {}
    for project_id, (there, needed) in sorted(refused.short.items()):
        fields[f"projects.{project_id}"] = [_("{there} of the {needed} experts it needs can review it",
                                              there=there, needed=needed)]
        codes[f"projects.{project_id}"] = [code]
    return ValidationFailed(_("assignment refused"), fields, codes)


def _expert(profile):
    return conflicts.Expert(profile.expert_id, tuple(
        conflicts.Affiliation(unit["uscc"], unit["until"] and date.fromisoformat(unit["until"]))
        for unit in profile.units), frozenset(profile.declared))


def _project(item):
    return conflicts.Project(item.project_id, item.team_id, item.uscc)


def _ties(profiles):
    return conflicts.Ties((unit["uscc"], unit["parent_uscc"]) for p in profiles for unit in p.units
                          if unit.get("parent_uscc"))


def assigned(session, project_id):
    """The experts assigned to the project; empty where the station has not assigned any."""
    return set(session.scalars(select(models.Assignment.expert_id)
                               .where(models.Assignment.project_id == project_id)))


def station_assigns(session):
    """Whether the session's station has assigned experts: then nobody scores an unassigned project."""
    return session.scalar(select(models.Assignment.id).limit(1)) is not None


def recusal_of(session, project_id, expert_id):
    return session.scalar(select(models.Recusal).where(models.Recusal.project_id == project_id,
                                                       models.Recusal.expert_id == expert_id))


def list_assignments(command, tenant, **arguments):
    """A page of the station's assignment pairs, in the order they were made."""
    return _page(command, tenant, models.Assignment, PAIRS, arguments)


def list_recusals(command, tenant, **arguments):
    """A page of the station's recusals, with their rule and what matched."""
    return _page(command, tenant, models.Recusal, RECUSALS, arguments)


def _page(command, tenant, model, schema, arguments):
    require(command.actor, tenant=tenant, roles=STAFF)
    query = load_arguments(QUERY, arguments)
    with command.read(tenant) as session:
        return Keyset(model.id).page(session, select(model), limit=query["limit"], cursor=query["cursor"],
                                     total=True, dump=schema.dump)
