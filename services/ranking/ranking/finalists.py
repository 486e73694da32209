"""The committee admits finalists from the stations' recommendation lists (issue 11), subject to
registration's due diligence (DOMAIN.md: failing it removes a finalist from the final).

A finalist is kept in its station's tenant, beside the list it came from, so that the due diligence
registration records there (`due-diligence-recorded`) reaches it in the same tenant.
"""
from sqlalchemy import select

from contest_contracts.events import FINALIST_ADMITTED
from contest_contracts.national import AdmissionForm, Finalists
from contest_contracts.vocabulary import COMMITTEE, STAFF
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.errors import Conflict
from ranking import recommendations
from ranking.i18n import _
from ranking.models import DueDiligence, Finalist, QuotaAllocation, Recommendation

FORM, FINALISTS = AdmissionForm(), Finalists()
COLUMNS = ("code", "project_id", "team_id", "priority", "admitted_by", "admitted_at", "removed")


def admit(command, tenant, code, data):
    """Admit these projects of the station's list for `code`. All or none: refused when one is not on
    the list, is admitted already, or its team failed due diligence.

    Emits finalist-admitted for each (notify tells the team); records ranking.finalist-admitted.
    """
    actor = require(command.actor, tenant=tenant, roles=(COMMITTEE,))
    form = load_or_refuse(FORM, data, _("invalid admission"))
    recommendations.share_of(command, tenant, code)  # refused unless the code gives this station places
    with command.change(tenant) as change:
        session = change.session
        listed = session.scalar(select(Recommendation).where(Recommendation.code == code))
        on_list = {p["project_id"]: p for p in (listed.projects if listed else [])}
        _refuse([p for p in form["projects"] if p not in on_list],
                _("only a project on the station's list can be admitted"), "not-recommended")
        admitted = set(session.scalars(select(Finalist.project_id).where(Finalist.code == code)))
        _refuse([p for p in form["projects"] if p in admitted],
                _("admitted already"), "already-admitted")
        failed = set(session.scalars(select(DueDiligence.team_id).where(DueDiligence.passed.is_(False))))
        _refuse([p for p in form["projects"] if on_list[p]["team_id"] in failed],
                _("the team failed due diligence"), "due-diligence-failed")
        rows = []
        for project_id in dict.fromkeys(form["projects"]):
            listed_as = on_list[project_id]
            rows.append(change.add(Finalist(tenant=tenant, code=code, project_id=project_id,
                                            team_id=listed_as["team_id"], priority=listed_as["priority"],
                                            admitted_by=actor.id)))
            facts = {"code": code, "team_id": listed_as["team_id"], "project_id": project_id,
                     "priority": listed_as["priority"]}
            change.emit(FINALIST_ADMITTED, facts)
            change.record("ranking.finalist-admitted", facts)
        session.flush()
        return FINALISTS.dump({"code": code, "finalists": [_facts(r) for r in rows]})


def finalists(command, tenant, code):
    """In the committee's tenant (the allocation's): every station's finalists for `code`; in a
    station's: its own. Removed ones stay listed, with why."""
    require(command.actor, tenant=tenant, roles=STAFF)
    with command.read(tenant) as session:
        allocation = session.scalar(select(QuotaAllocation).where(QuotaAllocation.code == code))
        if allocation is None:
            rows = session.scalars(select(Finalist).where(Finalist.code == code).order_by(Finalist.priority))
            return FINALISTS.dump({"code": code, "finalists": [_facts(r) for r in rows]})
        stations = [u["name"] for u in allocation.units]
    with command.read(all_tenants=True) as session:
        rows = session.scalars(select(Finalist).where(Finalist.code == code, Finalist.tenant.in_(stations))
                               .order_by(Finalist.tenant, Finalist.priority)).all()
        return FINALISTS.dump({"code": code, "finalists": [_facts(r) for r in rows]})


def keep_due_diligence(change, event):
    """Keep registration's latest due diligence on a team; a failed one removes the team's finalists
    from the final (recorded as ranking.finalist-removed). Emits nothing: notify tells the team of the
    due diligence itself."""
    p = event.payload
    row = change.session.scalar(select(DueDiligence).where(DueDiligence.team_id == p["team_id"]))
    if row is None:
        row = change.add(DueDiligence(tenant=event.tenant, team_id=p["team_id"], passed=p["passed"],
                                      reason=p["reason"]))
    row.passed, row.reason = p["passed"], p["reason"]
    if p["passed"]:
        return
    for finalist in change.session.scalars(select(Finalist).where(Finalist.team_id == p["team_id"],
                                                                  Finalist.removed.is_(None))):
        finalist.removed = p["reason"]
        change.record("ranking.finalist-removed", {"code": finalist.code, "team_id": finalist.team_id,
                                                   "project_id": finalist.project_id, "reason": p["reason"]})


def stations_of(command, code=None):
    """Each finalist team's station (the tenant that admitted it), for `code` or for every code: where
    the events about its award go, since registration keeps the team there."""
    statement = select(Finalist.team_id, Finalist.tenant)
    if code is not None:
        statement = statement.where(Finalist.code == code)
    with command.read(all_tenants=True) as session:
        return dict(session.execute(statement).tuples().all())


def _refuse(wrong, message, code):
    if wrong:
        raise Conflict(message, {"projects": [", ".join(dict.fromkeys(wrong))]}, {"projects": [code]})


def _facts(row):
    return {"station": row.tenant, **{c: getattr(row, c) for c in COLUMNS}}
