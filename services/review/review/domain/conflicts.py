"""Who must stand aside from a project, found without asking the expert (001: conflict of interest).

An expert stands aside (回避) from a project when
- `same-unit`: the expert works for the project's unit now;
- `affiliated-unit`: the expert's unit and the project's are in one corporate group: one is the
  parent, subsidiary, branch or holding of the other, or both hang from one unit, each at most
  `levels` steps up (default 2: a subsidiary's parent's parent counts);
- `former-employer`: the expert worked for the project's unit within the last `lookback_years`
  (default 3);
- `declared`: the expert declared a conflict with the project's unit or team.
Each recusal says which rule and what matched, for the audit record. One recusal per expert and
project: the first rule of the list above that holds.

Units are known by their unified social credit codes; their ties (child -> parent) are what
registration and the experts' sheets tell. Everything here is a pure function of its arguments.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

LOOKBACK_YEARS = 3
LEVELS = 2
RULES = ("same-unit", "affiliated-unit", "former-employer", "declared")


@dataclass(frozen=True)
class Affiliation:
    """A unit the expert works or worked for; `until` None while it lasts."""

    uscc: str
    until: date | None = None


@dataclass(frozen=True)
class Expert:
    id: str
    affiliations: tuple = ()
    declared: frozenset = field(default_factory=frozenset)  # credit codes and team ids


@dataclass(frozen=True)
class Project:
    id: str
    team_id: str
    uscc: str


@dataclass(frozen=True)
class Recusal:
    expert_id: str
    project_id: str
    rule: str
    detail: str


class Ties:
    """Units' corporate ties, each from a unit to the one above it (the parent of a subsidiary, the
    unit of a branch, the holder of a holding)."""

    def __init__(self, edges=()):
        self.up = defaultdict(set)
        for child, parent in edges:
            if child != parent:
                self.up[child].add(parent)

    def above(self, uscc, levels=LEVELS):
        """{unit: steps up} for `uscc` itself (0) and every unit at most `levels` steps above it."""
        found, frontier = {uscc: 0}, [uscc]
        for step in range(1, levels + 1):
            frontier = {parent for unit in frontier for parent in self.up.get(unit, ())} - found.keys()
            for parent in frontier:
                found[parent] = step
        return found


def recusals(experts, projects, ties=Ties(), *, today, levels=LEVELS, lookback_years=LOOKBACK_YEARS):
    """Every recusal of `experts` from `projects` (lists), in the order of the experts, then the
    projects. Indexed by unit, so that it costs the pairs that conflict, not every pair."""
    since = _years_before(today, lookback_years)
    current, former, declared = defaultdict(list), defaultdict(list), defaultdict(list)
    for expert in experts:
        for unit in expert.affiliations:
            if unit.until is None or unit.until >= today:
                for top, steps in ties.above(unit.uscc, levels).items():
                    current[top].append((expert.id, unit.uscc, steps))
            elif unit.until >= since:
                former[unit.uscc].append((expert.id, unit.until))
        for key in expert.declared:
            declared[key].append(expert.id)
    found = {}
    for project in projects:
        def stand_aside(expert_id, rule, detail, project=project):
            there = found.get((expert_id, project.id))
            if there is None or RULES.index(rule) < RULES.index(there.rule):
                found[expert_id, project.id] = Recusal(expert_id, project.id, rule, detail)

        for top, steps in sorted(ties.above(project.uscc, levels).items(), key=lambda item: item[1]):
            for expert_id, unit, expert_steps in current.get(top, ()):
                if unit == project.uscc:
                    stand_aside(expert_id, "same-unit", f"works for {unit}")
                else:
                    stand_aside(expert_id, "affiliated-unit",
                                f"works for {unit}; {unit} and {project.uscc} are in the group of {top} "
                                f"({expert_steps} and {steps} steps up)")
        for expert_id, until in former.get(project.uscc, ()):
            stand_aside(expert_id, "former-employer", f"worked for {project.uscc} until {until.isoformat()}")
        for key in (project.uscc, project.team_id):
            for expert_id in declared.get(key, ()):
                stand_aside(expert_id, "declared", f"declared a conflict with {key}")
    order = {e.id: i for i, e in enumerate(experts)}
    places = {p.id: i for i, p in enumerate(projects)}
    return sorted(found.values(), key=lambda r: (order[r.expert_id], places[r.project_id]))


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
