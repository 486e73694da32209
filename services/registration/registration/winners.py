"""The list of earlier editions' prize winners (001: such a project may not enter again): the
committee imports it edition by edition; a team's project is checked against it when described."""
import re

from sqlalchemy import select

from contest_contracts.registration import PriorWinnerImport, PriorWinnerList, PriorWinnerReport
from contest_contracts.vocabulary import COMMITTEE, EDITION_PATTERN, PRIZES, STAFF
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.errors import ValidationFailed
from registration import models
from registration.domain.refusals import Refusals
from registration.domain.uscc import normalise, uscc_refusal
from registration.domain.winners import prior_win, title_key
from registration.editions import national_tenant
from registration.i18n import _

IMPORT, REPORT, LIST = PriorWinnerImport(), PriorWinnerReport(), PriorWinnerList()
IMPORTED, AWARDED = "import", "platform"  # from the committee's sheet; from this platform's award-granted


def import_prior_winners(command, edition, data):
    """Add the prize winners of `edition` to the list; rows known already change nothing. Every row
    is checked before any is written: a list with a wrong row is refused whole, and says which.

    Records prior-winners.imported.
    """
    require(command.actor, roles=(COMMITTEE,))
    form = load_or_refuse(IMPORT, data)
    with command.change(national_tenant(edition)) as change:
        refusals = _refusals(change.session, edition, form)
        if refusals:
            raise ValidationFailed(_("prize winners refused"), refusals.messages(), refusals.codes())
        known = set(change.session.execute(select(models.PriorWinner.uscc, models.PriorWinner.title_key)
                                           .where(models.PriorWinner.edition == edition)).tuples())
        created = 0
        for row in form["winners"]:
            uscc, key = normalise(row["uscc"]), title_key(row["title"])
            if (uscc, key) in known:
                continue
            known.add((uscc, key))
            change.session.add(models.PriorWinner(
                edition=edition, year=form["year"], uscc=uscc, unit_name=row["unit_name"], title=row["title"],
                title_key=key, prize=row["prize"], source=IMPORTED))
            created += 1
        report = {"created": created, "unchanged": len(form["winners"]) - created}
        if created:
            change.record("prior-winners.imported", {"edition": edition, "year": form["year"], **report})
        return REPORT.dump(report)


def _refusals(session, edition, form):
    refusals = Refusals()
    if not re.match(EDITION_PATTERN, edition):
        refusals.add("edition", "edition-code", _("An edition's code is its four digits, as 2023"))
    defined = session.get(models.Edition, edition)
    if defined is not None and defined.year != form["year"]:
        refusals.add("year", "year-mismatch", _("The edition {code} is of {year}", code=edition,
                                                 year=defined.year))
    for index, row in enumerate(form["winners"]):
        if (found := uscc_refusal(row["uscc"])) is not None:
            refusals.add(f"winners.{index}.uscc", *found)
    return refusals


def list_prior_winners(command, edition):
    """The prize winners of `edition` on the list, by unit and title."""
    require(command.actor, roles=STAFF)
    with command.read() as session:
        winner = models.PriorWinner
        # first < second < third, in the alphabet as in rank
        rows = session.scalars(select(winner).where(winner.edition == edition)
                               .order_by(winner.prize, winner.uscc, winner.id))
        return LIST.dump({"winners": list(rows)})


def refuse_prior_winner(session, team, title):
    """Refuse `title` as the project of `team` when it won a prize in an edition before the team's."""
    station = session.get(models.Station, team.tenant)
    year = session.scalar(select(models.Edition.year).where(models.Edition.code == station.edition))
    wins = session.scalars(select(models.PriorWinner).where(models.PriorWinner.uscc == team.uscc,
                                                           models.PriorWinner.year < year))
    if (found := prior_win(wins, uscc=team.uscc, title=title, year=year)) is not None:
        code, message = found
        raise ValidationFailed(_("the project may not enter"), {"title": [message]}, {"title": [code]})


def record_award(change, event):
    """A first, second or third prize granted on this platform (award-granted, in the team's station)
    joins the list of prize winners of the station's edition: the project may not enter a later one.
    A special award does not bar it; an award met again changes nothing.

    Emits nothing; records prior-winners.awarded.
    """
    p = event.payload
    if p["tier"] not in PRIZES:
        return
    team = change.session.get(models.Team, p["team_id"])
    project = change.session.get(models.Project, p["project_id"])
    station = change.session.get(models.Station, event.tenant)
    if team is None or project is None or station is None:
        # not a team of this tenant (the award was announced where no station admitted it): the
        # committee adds it with the earlier editions' sheet
        return
    edition = change.session.get(models.Edition, station.edition)
    key = title_key(project.title)
    known = change.session.scalar(select(models.PriorWinner.id).where(
        models.PriorWinner.edition == edition.code, models.PriorWinner.uscc == team.uscc,
        models.PriorWinner.title_key == key))
    if known is not None:
        return
    change.session.add(models.PriorWinner(edition=edition.code, year=edition.year, uscc=team.uscc,
                                          unit_name=team.unit_name, title=project.title, title_key=key,
                                          prize=p["tier"], source=AWARDED))
    change.record("prior-winners.awarded", {"edition": edition.code, "team_id": team.id,
                                            "project_id": project.id, "prize": p["tier"]})


def revoke_award(change, event):
    """A prize revoked after the public notice (award-revoked) leaves the list, if this platform put it
    there; one the committee imported stays (the sheet is its record). Records prior-winners.revoked."""
    p = event.payload
    team = change.session.get(models.Team, p["team_id"])
    project = change.session.get(models.Project, p["project_id"])
    station = change.session.get(models.Station, event.tenant)
    if team is None or project is None or station is None:
        return
    row = change.session.scalar(select(models.PriorWinner).where(
        models.PriorWinner.edition == station.edition, models.PriorWinner.uscc == team.uscc,
        models.PriorWinner.title_key == title_key(project.title), models.PriorWinner.source == AWARDED))
    if row is None:
        return
    change.session.delete(row)
    change.record("prior-winners.revoked", {"edition": station.edition, "team_id": team.id,
                                            "project_id": project.id, "prize": row.prize,
                                            "reason": p["reason"]})
