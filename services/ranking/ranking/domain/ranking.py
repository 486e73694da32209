"""Ranking projects within a station, separately per group (001: each group ranks apart).

Equal scores share a place and the next place is skipped (1, 2, 2, 4): the
tie itself is settled later by the panel's deliberation (合议, 002), not here.
"""
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Entry:
    project_id: str
    score: Decimal


def places(entries):
    """project_id -> place, highest score first; equal scores share a place."""
    ordered = sorted(entries, key=lambda e: (-e.score, e.project_id))
    result, place, previous = {}, 0, None
    for position, entry in enumerate(ordered, start=1):
        if entry.score != previous:
            place, previous = position, entry.score
        result[entry.project_id] = place
    return result
