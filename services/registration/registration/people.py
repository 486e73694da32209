"""The edition-wide claims of people on teams (001: a person represents one team only).

Each person of a new team (the contact and the representatives, by phone and e-mail) is
looked up among the edition's claims, across every station, then claimed. The unique
(edition, person_key) constraint settles two registrations racing for the same person: one
commits, the other is refused as if it had looked a moment later.
"""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contest_kit.errors import Conflict
from registration import models
from registration.domain.people import identities, person_key
from registration.i18n import _


def team_people(form):
    """[(field, person)] of a registration: the contact first, then the representatives."""
    return [("contact", form["contact"]),
            *((f"representatives.{i}", person) for i, person in enumerate(form["representatives"]))]


def claim_people(session, edition, tenant, team_id, form, secret):
    """Claim each person of the team for it, or refuse naming the field of one already in a team
    of the edition (without saying which team or station: that is the other team's business)."""
    keyed = {person_key(secret, identity): field for field, identity in identities(team_people(form))}
    taken = set(session.scalars(select(models.PersonClaim.person_key).where(
        models.PersonClaim.edition == edition, models.PersonClaim.person_key.in_(keyed))))
    if taken:
        _refuse(sorted(keyed[key] for key in taken))
    session.add_all([models.PersonClaim(edition=edition, person_key=key, tenant=tenant, team_id=team_id)
                     for key in keyed])
    try:
        session.flush()
    except IntegrityError:
        _refuse(sorted(keyed.values()))


def _refuse(fields):
    message = _("This person is already in a team of this edition (a person belongs to one team only)")
    raise Conflict(_("a person of this team is already in another team"),
                   {field: [message] for field in fields},
                   {field: ["person-in-another-team"] for field in fields})
