"""Places in a ranking, with the tie-break chain and the panel's deliberation (issue 10, ties).

Projects are ordered by score, highest first; projects with equal scores by the tie-break chain, each
key highest first (by default the mean defence score, then the mean technical score of the sheets
that counted, 002). Projects equal on the score and every key are an open tie: they share the best
of their places (1, 2, 2, 4) until a deliberation (合议) of the panel's supervisor or the committee
orders exactly those projects; nothing that depends on an open tie (advancement, quotas, awards) can
be confirmed.
"""
from dataclasses import dataclass

import numpy as np

DEFAULT_CHAIN = ("defence", "technical")


class PlacingRefused(ValueError):
    def __init__(self, code, detail):
        super().__init__(detail)
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class Place:
    project_id: str
    rank: int
    settled_by: str         # "score", a tie-break key's name, "deliberation", or "open"
    tied_with: tuple = ()   # an open tie's other projects


def place(entries, chain=DEFAULT_CHAIN, deliberations=None):
    """entries: (project_id, score, {key: value}) with every key of `chain`; deliberations: frozenset of
    project ids -> their order. Returns the places, best first.

    The order and the runs of equal values are found on arrays (one sort), so that a round of 100,000
    projects is placed at once; only open ties are looked at one by one."""
    deliberations = dict(deliberations or {})
    entries = sorted(entries, key=lambda e: e[0])  # ties are listed by project id
    ids = [e[0] for e in entries]
    columns = [np.array([e[1] for e in entries], dtype=np.float64)]
    columns += [np.array([e[2][k] for e in entries], dtype=np.float64) for k in chain]
    order = np.lexsort([-c for c in reversed(columns)]) if entries else np.zeros(0, dtype=np.int64)
    columns = [c[order] for c in columns]
    # a run: rows equal on the score and on the first d keys; the last depth is the open tie
    runs = [_run_ids(columns[:depth + 1]) for depth in range(len(columns))]
    settled = np.full(len(order), "score", dtype=object)
    unique = _unique(runs[0])
    for depth, name in enumerate(chain, start=1):
        newly = ~unique & _unique(runs[depth])
        settled[newly] = name
        unique |= newly
    places, tie_of = [], runs[-1]
    position = 0
    while position < len(order):
        end = position + 1
        while end < len(order) and tie_of[end] == tie_of[position]:
            end += 1
        tie = [ids[i] for i in order[position:end]]
        if len(tie) == 1:
            places.append(Place(tie[0], position + 1, settled[position]))
        elif frozenset(tie) in deliberations:
            places.extend(Place(pid, position + i + 1, "deliberation")
                          for i, pid in enumerate(deliberations.pop(frozenset(tie))))
        else:
            places.extend(Place(pid, position + 1, "open", tuple(p for p in tie if p != pid)) for pid in tie)
        position = end
    if deliberations:
        ids = sorted(next(iter(deliberations)))
        raise PlacingRefused("not-an-open-tie", f"{', '.join(ids)} are not tied on score and every key")
    return places


def _run_ids(columns):
    """Per row (sorted), the number of its run of rows equal on every column."""
    changed = np.zeros(len(columns[0]), dtype=bool)
    for column in columns:
        changed[1:] |= column[1:] != column[:-1]
    return np.cumsum(changed)


def _unique(run_ids):
    return np.bincount(run_ids)[run_ids] == 1


def open_ties(places):
    """The open ties, each as the sorted tuple of its projects."""
    return sorted({tuple(sorted((p.project_id, *p.tied_with))) for p in places if p.settled_by == "open"})


def check_deliberation(places, order):
    """Refuse a deliberation that does not order exactly one open tie's projects, each once."""
    if len(set(order)) != len(order):
        raise PlacingRefused("project-twice", "a deliberation lists a project more than once")
    if tuple(sorted(order)) not in open_ties(places):
        raise PlacingRefused("not-an-open-tie", f"{', '.join(sorted(order))} are not one open tie")
