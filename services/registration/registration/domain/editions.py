"""The edition's timeline and its stations' settings (001, 000): what the committee may define,
when registration is open, and which units may not compete at a station.

Times here are aware datetimes; the contracts read Beijing time where no offset is given.
"""
from contest_contracts.vocabulary import STAGES, STATION
from registration.domain.refusals import Refusals
from registration.domain.uscc import normalise, uscc_refusal
from registration.i18n import _

# What stops changing when an edition's registration closes (001: the group cannot change after
# registration closes, and it is decided by these).
FROZEN_AT_CLOSE = ("registration_closes_at", "tracks", "thresholds", "max_representatives")


def edition_refusals(form, *, before=None, now=None):
    """Refusals of an edition's definition; `before`, the edition as it stands, if defined already."""
    refusals = Refusals()
    codes = [track["code"] for track in form["tracks"]]
    if len(set(codes)) != len(codes):
        refusals.add("tracks", "track-twice", _("A track is listed twice"))
    stages = [cutoff["stage"] for cutoff in form["cutoffs"]]
    if len(set(stages)) != len(stages):
        refusals.add("cutoffs", "stage-twice", _("A stage has one cut-off"))
    elif stages != sorted(stages, key=STAGES.index):
        refusals.add("cutoffs", "stage-order", _("List the cut-offs in the order of the stages"))
    times = [cutoff["at"] for cutoff in form["cutoffs"]]
    if any(at < form["registration_closes_at"] for at in times):
        refusals.add("cutoffs", "cutoff-before-close",
                     _("A stage's cut-off cannot come before registration closes"))
    elif times != sorted(times):
        refusals.add("cutoffs", "cutoff-order", _("Each stage's cut-off comes after the one before"))
    if before is not None and now is not None and now > before["registration_closes_at"]:
        for field in FROZEN_AT_CLOSE:
            if _comparable(before[field]) != _comparable(form[field]):
                refusals.add(field, "edition-frozen",
                             _("Registration has closed: this can no longer change"))
    return refusals


def _comparable(value):
    return value if not isinstance(value, list) else sorted(map(repr, value))


def station_refusals(form, edition):
    """Refusals of a station's settings against its edition (a dict as the Edition contract dumps
    it, with aware datetimes)."""
    refusals = Refusals()
    known = [track["code"] for track in edition["tracks"]]
    if form["tracks"] is not None:
        unknown = [code for code in form["tracks"] if code not in known]
        if unknown:
            refusals.add("tracks", "unknown-track", _("The edition has no track {codes}",
                                                      codes=", ".join(unknown)))
    closes = form["registration_closes_at"]
    if closes is not None and closes > edition["registration_closes_at"]:
        refusals.add("registration_closes_at", "close-after-edition",
                     _("A station closes registration no later than the edition does"))
    if form["kind"] != STATION and (form["organisers"] or form["affiliates"]):
        refusals.add("organisers", "not-a-station", _("Only a station has organisers"))
    for index, unit in enumerate(form["organisers"]):
        if (found := uscc_refusal(unit["uscc"])) is not None:
            refusals.add(f"organisers.{index}.uscc", *found)
    organisers = {normalise(unit["uscc"]) for unit in form["organisers"]}
    for index, unit in enumerate(form["affiliates"]):
        if (found := uscc_refusal(unit["uscc"])) is not None:
            refusals.add(f"affiliates.{index}.uscc", *found)
        if normalise(unit["of"]) not in organisers:
            refusals.add(f"affiliates.{index}.of", "unknown-organiser",
                         _("Not the credit code of one of the station's organisers"))
    return refusals


def closes_at(edition_closes, station_closes):
    """When registration closes at a station: its own close, else the edition's."""
    return station_closes or edition_closes


def is_closed(now, closes):
    """A deadline of 23:59:59 still admits what arrives within that second."""
    return now > closes


def organiser_conflict(uscc, *, organisers, affiliates, relations):
    """(code, message) when the unit `uscc` is one of the station's organisers or related to one by
    a relation the station bars (001: conflict of interest), else None."""
    uscc = normalise(uscc)
    for unit in organisers:
        if normalise(unit["uscc"]) == uscc:
            return "organiser-conflict", _("The unit is an organiser of this station ({name}) and may not "
                                           "compete here", name=unit["name"])
    names = {normalise(unit["uscc"]): unit["name"] for unit in organisers}
    for unit in affiliates:
        if normalise(unit["uscc"]) == uscc and unit["relation"] in relations:
            organiser = names.get(normalise(unit["of"]), unit["of"])
            return "affiliate-conflict", _(
                "The unit is a {relation} of this station's organiser {name} and may not compete here",
                relation=RELATION_NAMES[unit["relation"]](), name=organiser)
    return None


# Read when a message is made, so that each comes out in the language of the request at hand.
RELATION_NAMES = {"parent": lambda: _("parent company"), "subsidiary": lambda: _("subsidiary"),
                  "branch": lambda: _("branch"), "holding": lambda: _("holding company")}
