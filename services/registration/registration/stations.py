"""A station as a registration reads it: defined, a station, and open; its edition's timeline."""
from datetime import datetime

from contest_contracts.fields import SHANGHAI
from contest_contracts.vocabulary import STATION
from contest_kit.db import utc_now
from contest_kit.errors import NotFound, ValidationFailed
from registration import models
from registration.domain.editions import closes_at, is_closed
from registration.i18n import _


def edition_cutoffs(edition):
    """An edition row's stage cut-offs, [{"stage", "at"}] with aware datetimes (stored as ISO 8601)."""
    return [{"stage": c["stage"], "at": datetime.fromisoformat(c["at"])} for c in edition.cutoffs]


def registration_closes(session, station):
    """(edition row, when registration closes at `station`): its own close, else its edition's."""
    edition = session.get(models.Edition, station.edition)
    return edition, closes_at(edition.registration_closes_at, station.registration_closes_at)


def open_station(session, tenant):
    """(station, edition) rows of `tenant`, which must be a station whose registration is open."""
    station = session.get(models.Station, tenant)
    if station is None:
        raise NotFound(_("no such station"), {"tenant": [_("This station is not defined")]},
                       {"tenant": ["unknown-tenant"]})
    if station.kind != STATION:
        raise ValidationFailed(_("teams register at a station"), {"tenant": [_("choose a station")]},
                               {"tenant": ["not-a-station"]})
    edition, closes = registration_closes(session, station)
    if is_closed(utc_now(), closes):
        when = closes.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
        raise ValidationFailed(_("registration has closed"), {"tenant": [_(
            "Registration at this station closed at {time} (Beijing time)", time=when)]},
            {"tenant": ["registration-closed"]})
    return station, edition
