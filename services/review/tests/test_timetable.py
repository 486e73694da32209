"""A roadshow's timetable: slots by group, parallel venues, breaks."""
from datetime import datetime

import pytest

from contest_contracts.fields import SHANGHAI
from review.domain.timetable import GroupUnknown, timetable

NINE = datetime(2023, 11, 20, 9, 0, tzinfo=SHANGHAI)
GROUPS = {"a": "leading", "b": "emerging", "c": "leading", "d": "emerging", "e": "leading"}


def clock(moment):
    return moment.strftime("%H:%M")


def test_one_venue_runs_the_drawn_order_back_to_back_by_group():
    slots = timetable(["d", "b", "a"], GROUPS, NINE)

    assert [(s.place, s.team_id, clock(s.starts), clock(s.questions_from), clock(s.ends)) for s in slots] == [
        (1, "d", "09:00", "09:12", "09:20"), (2, "b", "09:20", "09:32", "09:40"),
        (3, "a", "09:40", "09:50", "09:54")]


def test_teams_are_dealt_to_parallel_venues_in_the_drawn_order():
    slots = timetable(["a", "b", "c", "d", "e"], GROUPS, NINE, venues=2)

    assert [(s.venue, s.team_id, clock(s.starts)) for s in slots] == [
        (1, "a", "09:00"), (1, "c", "09:14"), (1, "e", "09:28"), (2, "b", "09:00"), (2, "d", "09:20")]


def test_a_break_after_every_n_presentations_of_a_venue():
    slots = timetable(["a", "c", "e"], GROUPS, NINE, break_every=2, break_minutes=15)

    assert [(s.kind, clock(s.starts), clock(s.ends)) for s in slots] == [
        ("presentation", "09:00", "09:14"), ("presentation", "09:14", "09:28"), ("break", "09:28", "09:43"),
        ("presentation", "09:43", "09:57")]


def test_durations_are_configurable():
    slots = timetable(["a"], GROUPS, NINE, durations={"leading": (8, 2), "emerging": (12, 8)})

    assert clock(slots[0].ends) == "09:10"


def test_a_team_of_no_known_group_is_named():
    with pytest.raises(GroupUnknown) as refused:
        timetable(["a", "x", "y"], GROUPS, NINE)

    assert refused.value.teams == ["x", "y"]
