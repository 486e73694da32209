"""The public notice (公示) of a code's awards and the complaints (举报) against them (issue 11).

The committee publishes the awards standing for 30 days, with each service's audit chain head for
the edition (the gateway gathers them), so that a chain cut short later shows against the notice.
Anyone may read it and, within the window, complain under a real name with a contact and evidence;
the committee accepts, investigates and rules, each step recorded. An upheld complaint revokes the
award (award-revoked, the prize to recover recorded) and publishes the notice again.
"""
from sqlalchemy import func, select

from contest_contracts.events import AWARD_REVOKED
from contest_contracts.national import Complaint as ComplaintOut
from contest_contracts.national import (
    ComplaintForm,
    ComplaintReceipt,
    Complaints,
    ComplaintStepForm,
    NoticeForm,
)
from contest_contracts.national import Notice as NoticeOut
from contest_contracts.vocabulary import COMMITTEE, NATIONAL_ROLES
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.db import utc_now
from contest_kit.errors import Conflict, NotFound, ValidationFailed
from ranking import finalists
from ranking.domain.notice import UPHELD, NoticeRefused, check_filing, closes_at, step
from ranking.i18n import _
from ranking.models import Award, Complaint, Notice

FORM, NOTICE = NoticeForm(), NoticeOut()
COMPLAINT_FORM, STEP_FORM = ComplaintForm(), ComplaintStepForm()
COMPLAINT, COMPLAINTS, RECEIPT = ComplaintOut(), Complaints(), ComplaintReceipt()
AWARD = ("project_id", "team_id", "tier", "amount", "rank", "round", "group", "revoked", "recovered")


def publish(command, tenant, code, data):
    """Publish the notice of `code`'s awards (again: a new version, the window unchanged).

    Records ranking.notice-published with the version, the awards and the chain heads.
    """
    actor = require(command.actor, tenant=tenant, roles=(COMMITTEE,))
    form = load_or_refuse(FORM, data, _("invalid notice"))
    with command.change(tenant) as change:
        row = _publish(change, tenant, code, actor.id, form["heads"])
        change.session.flush()
        return _out(row)


def notice(command, tenant, code):
    """The latest version of the notice: public (anyone may read it)."""
    with command.read(tenant) as session:
        return _out(_latest(session, code))


def file_complaint(command, tenant, code, data):
    """A real-name complaint against an award of the notice, within its window. Public. Records
    ranking.complaint-filed (without the complainant's contact: the record is read by station staff)."""
    form = load_or_refuse(COMPLAINT_FORM, data, _("invalid complaint"))
    anonymous = {f: [_("a complaint needs a real name, a contact and evidence: anonymous ones are invalid")]
                 for f in ("name", "contact", "evidence") if not form[f].strip()}
    if anonymous:
        raise ValidationFailed(_("anonymous complaints are invalid"), anonymous,
                               {f: ["anonymous"] for f in anonymous})
    with command.change(tenant) as change:
        published = _latest(change.session, code)
        _refusing(check_filing, published.opened_at, utc_now())
        if form["project_id"] not in {a["project_id"] for a in published.awards}:
            raise Conflict(_("the notice has no award for this project"),
                           {"project_id": [form["project_id"]]}, {"project_id": ["not-awarded"]})
        row = change.add(Complaint(tenant=tenant, code=code, state="filed", steps=[], **form))
        change.record("ranking.complaint-filed", {"complaint_id": row.id, "code": code,
                                                  "project_id": row.project_id})
        return RECEIPT.dump(row)


def complaints(command, tenant, code):
    """Every complaint against the notice of `code`, for the committee and operators."""
    require(command.actor, tenant=tenant, roles=NATIONAL_ROLES)
    with command.read(tenant) as session:
        rows = session.scalars(select(Complaint).where(Complaint.code == code).order_by(Complaint.filed_at))
        return COMPLAINTS.dump({"code": code, "complaints": list(rows)})


def take_step(command, tenant, complaint_id, data):
    """The committee's next step on a complaint: accept, investigate, uphold or dismiss, with a note.
    Upholding revokes the award complained of, records the prize to recover, emits award-revoked (in
    the team's station) and publishes the notice again.

    Records ranking.complaint-<action>; on upholding also ranking.award-revoked.
    """
    actor = require(command.actor, tenant=tenant, roles=(COMMITTEE,))
    form = load_or_refuse(STEP_FORM, data, _("invalid step"))
    station_of = finalists.stations_of(command)  # the complaint's code is known only inside the change
    with command.change(tenant) as change:
        row = change.session.get(Complaint, complaint_id)
        if row is None:
            raise NotFound(_("no such complaint"), {"complaint_id": [complaint_id]})
        row.state = _refusing(step, row.state, form["action"])
        row.steps = [*row.steps, {"action": form["action"], "note": form["note"], "by": actor.id,
                                  "at": utc_now().isoformat()}]
        change.record(f"ranking.complaint-{form['action']}", {"complaint_id": row.id, "note": form["note"]})
        if row.state == UPHELD:
            _revoke(change, tenant, row, form["note"], station_of)
            _publish(change, tenant, row.code, actor.id, None)
        change.session.flush()
        return COMPLAINT.dump(row)


def _revoke(change, tenant, complaint, reason, station_of):
    award = change.session.scalar(select(Award).where(Award.code == complaint.code,
                                                      Award.project_id == complaint.project_id))
    if award is None or award.revoked is not None:
        return
    award.revoked, award.recovered = reason, award.amount
    facts = {"code": award.code, "team_id": award.team_id, "project_id": award.project_id,
             "tier": award.tier, "amount": award.amount, "recovered": award.recovered, "reason": reason}
    change.emit(AWARD_REVOKED, facts, tenant=station_of.get(award.team_id, tenant))
    change.record("ranking.award-revoked", {**facts, "complaint_id": complaint.id})


def _publish(change, tenant, code, by, heads):
    """A new version of the notice: the awards as they stand now; `heads` None: the last version's."""
    session = change.session
    last = session.scalar(select(Notice).where(Notice.code == code).order_by(Notice.version.desc()).limit(1))
    rows = session.scalars(select(Award).where(Award.code == code).order_by(Award.id)).all()
    if not rows:
        raise Conflict(_("no award is granted under this code"), {"code": [code]}, {"code": ["no-awards"]})
    standing = [_award(a) for a in rows if a.revoked is None]
    revoked = [_award(a) for a in rows if a.revoked is not None]
    now = utc_now()
    opened = now if last is None else last.opened_at
    row = change.add(Notice(
        tenant=tenant, code=code, version=1 if last is None else last.version + 1, awards=standing,
        revoked=revoked, heads=(last.heads if last is not None else []) if heads is None else heads,
        opened_at=opened, closes_at=closes_at(opened), published_by=by, published_at=now))
    change.record("ranking.notice-published", {"code": code, "version": row.version, "awards": standing,
                                                "revoked": revoked, "heads": row.heads})
    return row


def _latest(session, code):
    version = session.scalar(select(func.max(Notice.version)).where(Notice.code == code))
    row = None if version is None else session.scalar(select(Notice).where(Notice.code == code,
                                                                           Notice.version == version))
    if row is None:
        raise NotFound(_("no notice is published under this code"), {"code": [_("not published")]})
    return row


def _award(row):
    return {**{c: getattr(row, c) for c in AWARD}, "track": row.track or None}


def _out(row):
    return NOTICE.dump({"code": row.code, "version": row.version, "opened_at": row.opened_at,
                        "closes_at": row.closes_at, "open": utc_now() <= row.closes_at, "awards": row.awards,
                        "revoked": row.revoked, "heads": row.heads, "published_at": row.published_at})


def _refusing(function, *args):
    try:
        return function(*args)
    except NoticeRefused as refused:
        if refused.code == "notice-closed":
            raise Conflict(_("the notice's window is closed"), {"code": [refused.detail]},
                           {"code": [refused.code]}) from None
        raise Conflict(_("this step does not follow the complaint's last"), {"action": [refused.detail]},
                       {"action": [refused.code]}) from None
