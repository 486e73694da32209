"""A review round's window (issue 9, rounds): scheduled until it opens, open until it closes (at its
closing time, or earlier when the station closes it by hand), then closed for good.

A station's rounds never overlap, so that a sheet scored now belongs to one round: the one open now.
"""
from contest_contracts.vocabulary import CLOSED, OPEN, SCHEDULED


def status(opens_at, closes_at, closed_at, now):
    if closed_at is not None or now >= closes_at:
        return CLOSED
    return OPEN if now >= opens_at else SCHEDULED


def overlapping(windows, opens_at, closes_at):
    """The code of the first of `windows` ((code, opens_at, closes_at), half-open) that shares a moment
    with [opens_at, closes_at); None when none does."""
    return next((code for code, start, end in windows if start < closes_at and opens_at < end), None)


def over_scale(scores, scale):
    """The criteria scored above the round's scale (each is scored from 0 to `scale`)."""
    return [criterion for criterion, value in scores.items() if value > scale]
