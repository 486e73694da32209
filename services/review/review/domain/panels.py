"""Roadshow panels (路演评审组): who sits on them, and who scores each project (001, 002).

A panel's composition rule is checked when the panel is made (default 13: 10 industry experts and
3 investors, the 2020 semi-final's). In a roadshow round every member scores every project except
those who stand aside from it; where a recusal would leave the panel short of a kind, the first
reserves of that kind who are free of conflict with the project step in, in the order of the
reserve list. Pure: no I/O.
"""
from collections import Counter
from dataclasses import dataclass

DEFAULT_COMPOSITION = (("industry", 10), ("investment", 3))


@dataclass(frozen=True)
class Member:
    id: str
    kind: str


class PanelShort(ValueError):
    """`short`: kind -> (members there, members needed)."""

    def __init__(self, short):
        super().__init__(", ".join(f"{kind}: {there} of {needed}" for kind, (there, needed) in short.items()))
        self.short = short


def composition_problems(members, composition=DEFAULT_COMPOSITION):
    """{kind: (there, needed)} for each kind the panel does not have exactly; a member twice or of a
    kind the rule does not name is a problem too (kind '(twice)' or the kind itself, needed 0)."""
    counts = Counter(m.kind for m in members)
    needed = dict(composition)
    problems = {kind: (counts.get(kind, 0), n) for kind, n in composition if counts.get(kind, 0) != n}
    problems.update({kind: (n, 0) for kind, n in counts.items() if kind not in needed})
    twice = len(members) - len({m.id for m in members})
    if twice:
        problems["(twice)"] = (twice, 0)
    return problems


def roadshow_reviewers(panel, reserve, recused, composition=DEFAULT_COMPOSITION):
    """Who scores one project: the panel minus `recused` (expert ids), topped up per kind from
    `reserve`. Returns (reviewers, stand_ins): the members in panel order, then the stand-ins in
    reserve order. Raises PanelShort when the reserve cannot make up a kind."""
    sitting = [m for m in panel if m.id not in recused]
    counts = Counter(m.kind for m in sitting)
    taken = {m.id for m in panel}
    stand_ins, short = [], {}
    for kind, needed in composition:
        for candidate in reserve:
            if counts[kind] >= needed:
                break
            if candidate.kind == kind and candidate.id not in recused and candidate.id not in taken:
                stand_ins.append(candidate)
                taken.add(candidate.id)
                counts[kind] += 1
        if counts[kind] < needed:
            short[kind] = (counts[kind], needed)
    if short:
        raise PanelShort(short)
    return sitting + stand_ins, stand_ins
