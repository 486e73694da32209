"""The committee allocates places among stations (or any weighted units) by a method (issue 11,
quotas): ranking.domain.quotas does the arithmetic; here it is kept, audited and announced."""
from sqlalchemy import select

from contest_contracts.events import QUOTA_ALLOCATED
from contest_contracts.national import QuotaAllocation as AllocationOut
from contest_contracts.national import QuotaForm
from contest_contracts.vocabulary import COMMITTEE, STAFF
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.errors import Conflict, NotFound
from ranking.domain.quotas import QuotaRefused, allocate
from ranking.i18n import _
from ranking.models import QuotaAllocation

FORM, ALLOCATION = QuotaForm(), AllocationOut()
FIELD = {"bad-seats": "seats", "seats-below-minimums": "minimum", "seats-above-maximums": "maximum",
         "bad-bound": "maximum", "no-weight": "units", "bad-weight": "units", "no-units": "units",
         "unknown-method": "method"}


def allocate_quota(command, tenant, code, data):
    """Allocate (or allocate again) the places of `code`. Refused, with nothing kept, when the seats
    cannot meet the bounds or a unit is named twice.

    Emits quota-allocated; records ranking.quota-allocated with the allocation before, if any.
    """
    actor = require(command.actor, tenant=tenant, roles=(COMMITTEE,))
    form = load_or_refuse(FORM, data, _("invalid quota allocation"))
    names = [u["name"] for u in form["units"]]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise Conflict(_("a unit is named twice"), {"units": [", ".join(twice)]},
                       {"units": ["duplicate-unit"]})
    try:
        # a unit's own cap (a recommending unit's, seeds 003/004) before the one for every unit
        every = form["seats"] if form["maximum"] is None else form["maximum"]
        caps = {u["name"]: every if u["maximum"] is None else u["maximum"] for u in form["units"]}
        seats = allocate(form["seats"], {u["name"]: u["weight"] for u in form["units"]}, form["method"],
                         form["minimum"], caps)
    except QuotaRefused as refused:
        field = FIELD.get(refused.code, "seats")
        raise Conflict(_("these places cannot be allocated so"), {field: [refused.detail]},
                       {field: [refused.code]}) from None
    units = [{"name": u["name"], "weight": format(u["weight"].normalize(), "f"), "maximum": u["maximum"],
              "seats": seats[u["name"]]} for u in form["units"]]
    with command.change(tenant) as change:
        row = change.session.scalar(select(QuotaAllocation).where(QuotaAllocation.code == code))
        before = None if row is None else {"method": row.method, "seats": row.seats, "units": row.units}
        kept = {"method": form["method"], "seats": form["seats"], "minimum": form["minimum"],
                "maximum": form["maximum"], "units": units, "recommend_by": form["recommend_by"],
                "allocated_by": actor.id}
        if row is None:
            row = change.add(QuotaAllocation(tenant=tenant, code=code, **kept))
        for name, value in kept.items():
            setattr(row, name, value)
        facts = {"code": code, "method": row.method, "seats": row.seats, "units": units}
        change.emit(QUOTA_ALLOCATED, {**facts, "units": [{k: u[k] for k in ("name", "weight", "seats")}
                                                         for u in units]})
        change.record("ranking.quota-allocated", {
            **facts, "minimum": row.minimum, "maximum": row.maximum, "before": before,
            "recommend_by": None if row.recommend_by is None else row.recommend_by.isoformat()})
        change.session.flush()
        return _out(row)


def quota(command, tenant, code):
    """The places of `code` as last allocated."""
    require(command.actor, tenant=tenant, roles=STAFF)
    with command.read(tenant) as session:
        row = session.scalar(select(QuotaAllocation).where(QuotaAllocation.code == code))
        if row is None:
            raise NotFound(_("no places are allocated under this code"), {"code": [_("not allocated")]})
        return _out(row)


def _out(row):
    return ALLOCATION.dump({c: getattr(row, c) for c in ("code", "method", "seats", "minimum", "maximum",
                                                          "units", "recommend_by", "allocated_by",
                                                          "allocated_at")})
