"""Splitting a number of places among a round's groups, or among one group's tracks, in proportion to
the projects each ranks (issue 10, proportional splits; 002: 69 leading and 31 emerging semi-finalists
share 20 places as 14 and 6). Decided once, audited; the advancement of a group (or track) it covers
then takes exactly its share."""
from sqlalchemy import func, select

from contest_contracts.ranking import Split, SplitForm
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.errors import Conflict, ValidationFailed
from ranking.domain.advancement import largest_remainder
from ranking.i18n import _
from ranking.models import PlacesSplit, Sheet

FORM, SPLIT = SplitForm(), Split()


def split_places(command, tenant, round_code, data, deciders):
    """Records ranking.places-split with each share and the projects it was in proportion to."""
    actor = require(command.actor, tenant=tenant, roles=deciders)
    form = load_or_refuse(FORM, data, _("invalid split"))
    if (form["among"] == "track") != (form["group"] is not None):
        raise ValidationFailed(_("invalid split"), {"group": [
            _("the group whose tracks share the places") if form["among"] == "track"
            else _("only when the places are split among tracks")]})
    group = form["group"] or ""
    with command.change(tenant) as change:
        session = change.session
        if session.scalar(select(PlacesSplit.id).where(PlacesSplit.round == round_code,
                                                       PlacesSplit.among == form["among"],
                                                       PlacesSplit.group == group)) is not None:
            raise Conflict(_("these places are split already"), {"among": [_("decided already")]},
                           {"among": ["already-split"]})
        ranked = _ranked(session, round_code, form["among"], group)
        if not ranked:
            raise Conflict(_("no project is ranked here to share the places"), {"round": [_("no sheet")]},
                           {"round": ["nothing-ranked"]})
        given = largest_remainder(form["places"], ranked)
        shares = [{"name": name, "ranked": ranked[name], "places": given[name]} for name in ranked]
        row = change.add(PlacesSplit(tenant=tenant, round=round_code, among=form["among"], group=group,
                                     places=form["places"], shares=shares, decided_by=actor.id))
        facts = {"round": round_code, "among": row.among, "group": form["group"], "places": row.places,
                 "shares": shares}
        change.record("ranking.places-split", facts)
        return SPLIT.dump({**facts, "decided_by": row.decided_by, "decided_at": row.decided_at})


def check_share(session, round_code, form, value):
    """Refuse an advancement of a group (or track) that a split covers unless it takes its share."""
    among, group, name = ("track", form["group"], form["track"]) if form["track"] else (
        "group", "", form["group"])
    split = session.scalar(select(PlacesSplit).where(PlacesSplit.round == round_code,
                                                     PlacesSplit.among == among, PlacesSplit.group == group))
    share = None if split is None else next((s for s in split.shares if s["name"] == name), None)
    if share is not None and (form["rule"] != "top-n" or value != share["places"]):
        raise Conflict(_("the split gives it {places} places: advance its top {places}",
                         places=share["places"]),
                       {"value": [_("top-n {places}, by the split", places=share["places"])]},
                       {"value": ["split-differs"]})


def _ranked(session, round_code, among, group):
    """Each group's (or the group's tracks') number of projects with a sheet in the round, by name."""
    unit = Sheet.group if among == "group" else Sheet.track
    statement = select(unit, func.count(func.distinct(Sheet.project_id))).where(Sheet.round == round_code)
    if among == "track":
        statement = statement.where(Sheet.group == group)
    return dict(session.execute(statement.group_by(unit).order_by(unit)).all())
