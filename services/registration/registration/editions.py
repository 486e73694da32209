"""The edition and its tenants, as the committee defines them (one function per command).

Registration owns them; the others learn each tenant's public state from `tenant-defined`
(the gateway's list of tenants, the tracks and deadline it shows).
"""
import re

from sqlalchemy import select

from contest_contracts.events import TENANT_DEFINED
from contest_contracts.registration import Edition, EditionForm, Station, StationForm
from contest_contracts.vocabulary import COMMITTEE, STAFF, STATION, TENANT_PATTERN
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.db import utc_now
from contest_kit.errors import NotFound, ValidationFailed
from registration import models
from registration.domain import editions as rules
from registration.i18n import _
from registration.stations import edition_cutoffs

EDITION_FORM, STATION_FORM, EDITION, STATION_VIEW = EditionForm(), StationForm(), Edition(), Station()
EDITION_FIELDS = ("name", "theme", "year", "registration_closes_at", "cutoffs", "tracks", "thresholds",
                  "max_representatives")
STATION_FIELDS = ("edition", "kind", "name_zh", "name_en", "tracks", "registration_closes_at", "organisers",
                  "affiliates", "conflict_relations")


def national_tenant(edition):
    """The committee's tenant of an edition: where the edition's own audit entries go."""
    return f"{edition}-national"


def define_edition(command, code, data):
    """Define an edition or change it; after its registration closes, what decided the teams'
    groups and places is frozen (domain.editions.FROZEN_AT_CLOSE).

    Records edition.defined; emits tenant-defined for each of its tenants when its close moves.
    """
    require(command.actor, roles=(COMMITTEE,))
    form = load_or_refuse(EDITION_FORM, data)
    with command.change(national_tenant(code)) as change:
        row = change.session.get(models.Edition, code)
        before = edition_view(row) if row is not None else None
        refusals = rules.edition_refusals(form, before=before, now=utc_now())
        if refusals:
            raise ValidationFailed(_("edition refused"), refusals.messages(), refusals.codes())
        cutoffs = [{"stage": c["stage"], "at": c["at"].isoformat()} for c in form["cutoffs"]]
        row, changed = _put(change, models.Edition, code, {**form, "cutoffs": cutoffs}, EDITION_FIELDS)
        if not changed:
            return EDITION.dump(before)
        change.record("edition.defined", {"edition": code, **EDITION.dump(edition_view(row))})
        if before is not None and before["registration_closes_at"] != row.registration_closes_at:
            # The stations that keep the edition's close now close at another time: say so.
            for station in change.session.scalars(select(models.Station).where(
                    models.Station.edition == code, models.Station.registration_closes_at.is_(None))):
                change.emit(TENANT_DEFINED, tenant_state(station, row), tenant=station.code)
        return EDITION.dump(edition_view(row))


def define_station(command, code, data):
    """Define a tenant of an edition (a station's contest, or the committee's) or change it.

    Records station.defined; emits tenant-defined.
    """
    require(command.actor, roles=(COMMITTEE,))
    form = load_or_refuse(STATION_FORM, data)
    with command.change(code) as change:
        edition = change.session.get(models.Edition, form["edition"])
        if edition is None:
            raise NotFound(_("no such edition"), {"edition": [_("Define the edition first")]},
                           {"edition": ["unknown-edition"]})
        if not code.startswith(f"{edition.code}-") or not re.match(TENANT_PATTERN, code):
            message = _("A tenant's code is its edition's, a hyphen and lower-case letters, digits or "
                        "hyphens: {code}-ningbo", code=edition.code)
            raise ValidationFailed(_("station refused"), {"code": [message]}, {"code": ["code-edition"]})
        refusals = rules.station_refusals(form, edition_view(edition))
        if refusals:
            raise ValidationFailed(_("station refused"), refusals.messages(), refusals.codes())
        wanted = {**form, "tracks": form["tracks"] or [t["code"] for t in edition.tracks]}
        row, changed = _put(change, models.Station, code, wanted, STATION_FIELDS)
        if not changed:
            return STATION_VIEW.dump(row)
        change.record("station.defined", {"station": code, **STATION_VIEW.dump(row)})
        change.emit(TENANT_DEFINED, tenant_state(row, edition))
        return STATION_VIEW.dump(row)


def get_edition(command, code):
    with command.read() as session:
        row = session.get(models.Edition, code)
        if row is None:
            raise NotFound(_("no such edition"), {"edition": [_("not found")]})
        return EDITION.dump(edition_view(row))


def get_station(command, code):
    """A tenant's settings: its staff and the committee read them."""
    require(command.actor, tenant=code, roles=STAFF)
    with command.read() as session:
        row = session.get(models.Station, code)
        if row is None:
            raise NotFound(_("no such tenant"), {"tenant": [_("not found")]})
        return STATION_VIEW.dump(row)


def edition_view(row):
    """An edition row as the domain reads it: aware datetimes, lists and dicts."""
    return {"code": row.code, **{f: getattr(row, f) for f in EDITION_FIELDS},
            "cutoffs": edition_cutoffs(row)}


def tenant_state(station, edition):
    """The tenant's public state, as tenant-defined carries it."""
    closes = rules.closes_at(edition.registration_closes_at, station.registration_closes_at)
    return {"code": station.code, "edition": station.edition, "kind": station.kind,
            "name_zh": station.name_zh, "name_en": station.name_en,
            "tracks": list(station.tracks) if station.kind == STATION else [],
            "registration_closes_at": closes}


def _put(change, model, code, wanted, fields):
    """The row `code` of `model` with `fields` as `wanted`: (row, whether anything changed)."""
    row = change.session.get(model, code)
    if row is not None and all(getattr(row, f) == wanted[f] for f in fields):
        return row, False
    row = row or model(code=code)
    for field in fields:
        setattr(row, field, wanted[field])
    return change.add(row), True
