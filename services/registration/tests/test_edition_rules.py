"""The edition's and the stations' rules, free of I/O: timeline, freeze, conflicts, groups."""
from datetime import datetime, timedelta

import pytest

from contest_contracts.fields import SHANGHAI
from contest_contracts.i18n import use_locale
from registration.domain.editions import (
    closes_at,
    edition_refusals,
    is_closed,
    organiser_conflict,
    station_refusals,
)
from registration.domain.groups import LeadingThresholds, decide

CLOSE = datetime(2023, 10, 22, 23, 59, 59, tzinfo=SHANGHAI)
TRACKS = [{"code": c, "name_zh": c, "name_en": c} for c in ("quality", "green")]
THRESHOLDS = {"software_staff": 300, "software_revenue_cny": 100_000_000, "industrial_staff": 1000,
              "industrial_revenue_cny": 400_000_000}
ORGANISER = {"uscc": "91330200MA2H00001W", "name": "宁波市经信局"}
PARENT = {"uscc": "914403001922038216", "name": "Parent Co", "relation": "parent", "of": ORGANISER["uscc"]}
BRANCH = {"uscc": "91110108MA01A2B3CF", "name": "Branch Co", "relation": "branch", "of": ORGANISER["uscc"]}


def edition(**changes):
    return {"code": "2023", "name": "2023", "theme": "", "year": 2023, "registration_closes_at": CLOSE,
            "cutoffs": [{"stage": "local", "at": CLOSE + timedelta(days=30)},
                        {"stage": "final", "at": CLOSE + timedelta(days=60)}],
            "tracks": TRACKS, "thresholds": THRESHOLDS, "max_representatives": 5, **changes}


def station(**changes):
    return {"edition": "2023", "kind": "station", "name_zh": "宁波", "name_en": "Ningbo", "tracks": None,
            "registration_closes_at": None, "organisers": [ORGANISER], "affiliates": [PARENT],
            "conflict_relations": ["parent", "subsidiary", "branch", "holding"], **changes}


def codes(refusals):
    return refusals.codes()


def test_a_well_formed_edition_is_accepted_and_may_change_while_registration_is_open():
    assert codes(edition_refusals(edition())) == {}
    changed = edition(thresholds={**THRESHOLDS, "software_staff": 200}, tracks=TRACKS[:1])
    assert codes(edition_refusals(changed, before=edition(), now=CLOSE)) == {}


def test_after_the_close_what_decided_groups_and_places_is_frozen():
    changed = edition(thresholds={**THRESHOLDS, "software_staff": 200}, max_representatives=6,
                      registration_closes_at=CLOSE + timedelta(days=1), name="renamed")
    later = CLOSE + timedelta(seconds=1)

    assert codes(edition_refusals(changed, before=edition(), now=later)) == {
        "registration_closes_at": ["edition-frozen"], "thresholds": ["edition-frozen"],
        "max_representatives": ["edition-frozen"]}
    assert codes(edition_refusals(edition(name="renamed"), before=edition(), now=later)) == {}


def test_the_same_close_given_in_another_zone_is_no_change():
    utc = edition(registration_closes_at=CLOSE.astimezone(datetime.now().astimezone().tzinfo))
    assert codes(edition_refusals(utc, before=edition(), now=CLOSE + timedelta(days=1))) == {}


def cut(stage, days):
    return {"stage": stage, "at": CLOSE + timedelta(days=days)}


@pytest.mark.parametrize(("cutoffs", "code"), [
    ([cut("final", 8), cut("local", 9)], "stage-order"),
    ([cut("local", 8), cut("local", 9)], "stage-twice"),
    ([{"stage": "local", "at": CLOSE - timedelta(seconds=1)}], "cutoff-before-close"),
    ([cut("local", 9), cut("final", 8)], "cutoff-order"),
])
def test_the_timeline_runs_forward_stage_by_stage(cutoffs, code):
    assert codes(edition_refusals(edition(cutoffs=cutoffs))) == {"cutoffs": [code]}


def test_a_track_listed_twice_is_refused():
    assert codes(edition_refusals(edition(tracks=TRACKS + TRACKS[:1]))) == {"tracks": ["track-twice"]}


def test_a_station_runs_the_edition_s_tracks_and_closes_no_later_than_it():
    refused = station_refusals(station(tracks=["quality", "blockchain"],
                                       registration_closes_at=CLOSE + timedelta(seconds=1)), edition())

    assert codes(refused) == {"tracks": ["unknown-track"], "registration_closes_at": ["close-after-edition"]}
    assert codes(station_refusals(station(tracks=["green"], registration_closes_at=CLOSE), edition())) == {}


def test_a_station_s_affiliates_belong_to_its_organisers_and_codes_are_checked():
    stray = {**BRANCH, "of": "914403001922038216"}
    bad = {**ORGANISER, "uscc": ORGANISER["uscc"][:17] + "0"}

    assert codes(station_refusals(station(organisers=[bad], affiliates=[stray]), edition())) == {
        "organisers.0.uscc": ["uscc-check"], "affiliates.0.of": ["unknown-organiser"]}
    assert codes(station_refusals(station(kind="national", affiliates=[]), edition())) == {
        "organisers": ["not-a-station"]}


def test_a_station_s_own_close_comes_first_and_the_last_second_is_still_open():
    own = CLOSE - timedelta(days=1)

    assert (closes_at(CLOSE, None), closes_at(CLOSE, own)) == (CLOSE, own)
    assert (is_closed(CLOSE, CLOSE), is_closed(CLOSE + timedelta(microseconds=1), CLOSE)) == (False, True)


def _conflict(uscc, relations=("parent", "subsidiary", "branch", "holding"), affiliates=(PARENT, BRANCH)):
    return organiser_conflict(uscc, organisers=[ORGANISER], affiliates=list(affiliates), relations=relations)


def test_an_organiser_may_not_compete_at_its_station_however_its_code_is_typed():
    code, message = _conflict(" " + ORGANISER["uscc"].lower())

    assert (code, message) == ("organiser-conflict",
                               "该单位是本赛站的主办单位（宁波市经信局），不得在本赛站参赛")


@pytest.mark.parametrize("relation", ["parent", "subsidiary", "branch", "holding"])
def test_each_kind_of_affiliate_of_an_organiser_is_barred(relation):
    affiliate = {**PARENT, "relation": relation}
    with use_locale("en"):
        code, message = _conflict(PARENT["uscc"], affiliates=[affiliate])

    assert code == "affiliate-conflict"
    assert "宁波市经信局" in message and "may not compete here" in message


def test_a_relation_the_station_does_not_bar_and_an_unrelated_unit_may_compete():
    assert _conflict(BRANCH["uscc"], relations=("parent",)) is None
    assert _conflict("91440300MA5FUXXX1F") is None


@pytest.mark.parametrize(("kind", "staff", "revenue", "group", "rule"), [
    ("software", 300, 100_000_000, "emerging", "below-thresholds"),
    ("software", 301, 0, "leading", "software-staff"),
    ("software", 0, 100_000_001, "leading", "software-revenue"),
    ("industrial", 1000, 400_000_000, "emerging", "below-thresholds"),
    ("industrial", 1001, 0, "leading", "industrial-staff"),
    ("industrial", 0, 400_000_001, "leading", "industrial-revenue"),
    ("university", 100_000, 10**12, "emerging", "below-thresholds"),
])
def test_the_group_is_decided_strictly_above_the_thresholds_and_says_why(kind, staff, revenue, group, rule):
    decided, basis = decide(unit_kind=kind, staff=staff, revenue_cny=revenue, central_soe=False)

    assert (decided, basis["rule"], basis["thresholds"]) == (group, rule, THRESHOLDS)


def test_the_edition_s_own_thresholds_decide():
    lower = LeadingThresholds(software_staff=100)

    decided = decide(unit_kind="software", staff=101, revenue_cny=0, central_soe=False, thresholds=lower)
    assert decided[0] == "leading"
    assert decide(unit_kind="other", staff=1, revenue_cny=0, central_soe=True)[1]["rule"] == "central-soe"
