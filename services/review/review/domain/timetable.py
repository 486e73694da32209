"""A roadshow's timetable from a draw's order (002: each team presents, then answers the panel's
questions; leading teams 10 + 4 minutes, emerging teams 12 + 8).

Teams are dealt to the venues in the drawn order (the first to venue 1, the second to venue 2, ...),
each venue running its teams back to back from the start, with a break after every `break_every`
presentations in it. Pure: no I/O.
"""
from dataclasses import dataclass
from datetime import timedelta

DURATIONS = {"leading": (10, 4), "emerging": (12, 8)}  # minutes: presentation, questions


@dataclass(frozen=True)
class Slot:
    venue: int
    kind: str              # presentation or break
    starts: object         # datetime
    ends: object
    place: int | None = None  # the team's place in the drawn order, from 1
    team_id: str | None = None
    group: str | None = None
    questions_from: object = None


class GroupUnknown(ValueError):
    def __init__(self, teams):
        super().__init__(", ".join(teams))
        self.teams = teams


def timetable(order, groups, start, *, venues=1, durations=DURATIONS, break_every=0, break_minutes=10):
    """The slots of each venue in turn, each in time order. `groups`: team id -> group."""
    unknown = [team for team in order if groups.get(team) not in durations]
    if unknown:
        raise GroupUnknown(unknown)
    clocks, given = [start] * venues, [0] * venues
    slots = [[] for _ in range(venues)]
    for place, team in enumerate(order, start=1):
        v = (place - 1) % venues
        if break_every and given[v] and given[v] % break_every == 0 and break_minutes:
            ends = clocks[v] + timedelta(minutes=break_minutes)
            slots[v].append(Slot(v + 1, "break", clocks[v], ends))
            clocks[v] = ends
        talk, questions = durations[groups[team]]
        questions_from = clocks[v] + timedelta(minutes=talk)
        ends = questions_from + timedelta(minutes=questions)
        slots[v].append(Slot(v + 1, "presentation", clocks[v], ends, place, team, groups[team],
                             questions_from))
        clocks[v], given[v] = ends, given[v] + 1
    return [slot for venue in slots for slot in venue]
