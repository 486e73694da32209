"""Places in a ranking, with the tie-break chain and the panel's deliberation (issue 10, ties).

Projects are ordered by score, highest first; projects with equal scores by the tie-break chain, each
key highest first (by default the mean defence score, then the mean technical score of the sheets
that counted, 002). Projects equal on the score and every key are an open tie: they share the best
of their places (1, 2, 2, 4) until a deliberation (合议) of the panel's supervisor or the committee
orders exactly those projects; nothing that depends on an open tie (advancement, quotas, awards) can
be confirmed.
"""
from dataclasses import dataclass

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
    project ids -> their order. Returns the places, best first."""
    deliberations = dict(deliberations or {})
    rows = sorted(entries, key=lambda e: (-e[1], *(-e[2][k] for k in chain), e[0]))
    places, position, settled = [], 0, _settling(rows, chain)
    for tie in _runs(rows, lambda e: (e[1], *(e[2][k] for k in chain))):
        ids = frozenset(e[0] for e in tie)
        if len(tie) == 1:
            places.append(Place(tie[0][0], position + 1, settled[tie[0][0]]))
        elif ids in deliberations:
            places.extend(Place(pid, position + i + 1, "deliberation")
                          for i, pid in enumerate(deliberations.pop(ids)))
        else:
            places.extend(Place(e[0], position + 1, "open", tuple(sorted(ids - {e[0]}))) for e in tie)
        position += len(tie)
    if deliberations:
        ids = sorted(next(iter(deliberations)))
        raise PlacingRefused("not-an-open-tie", f"{', '.join(ids)} are not tied on score and every key")
    return places


def open_ties(places):
    """The open ties, each as the sorted tuple of its projects."""
    return sorted({tuple(sorted((p.project_id, *p.tied_with))) for p in places if p.settled_by == "open"})


def check_deliberation(places, order):
    """Refuse a deliberation that does not order exactly one open tie's projects, each once."""
    if len(set(order)) != len(order):
        raise PlacingRefused("project-twice", "a deliberation lists a project more than once")
    if tuple(sorted(order)) not in open_ties(places):
        raise PlacingRefused("not-an-open-tie", f"{', '.join(sorted(order))} are not one open tie")


def _runs(rows, key):
    run = []
    for row in rows:
        if run and key(row) != key(run[0]):
            yield run
            run = []
        run.append(row)
    if run:
        yield run


def _settling(rows, chain):
    """project -> what set it apart from the others with its score: "score" when none has it, else
    the first key of the chain on which it differs from all of them."""
    settled = {}
    for same_score in _runs(rows, lambda e: e[1]):
        for entry in same_score:
            settled[entry[0]] = "score"
            for depth, name in enumerate(chain, start=1) if len(same_score) > 1 else ():
                prefix = chain[:depth]
                if sum(all(e[2][k] == entry[2][k] for k in prefix) for e in same_score) == 1:
                    settled[entry[0]] = name
                    break
    return settled
