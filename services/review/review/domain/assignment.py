"""Who reviews what in an online review round: each project gets `k` experts, no expert reviews a
project they stand aside from, none goes over their cap, fields match, and loads are as even as the
rules allow (001: 网络评审; issue 9).

The model is a min-cost flow, as HotCRP's and OpenReview's matchers solve it:

    source --k--> project --1--> expert --unit arcs, cost 1, 2, 3, ...--> sink

Each unit of load costs one more than the last, so the cheapest flow is the most even one (a separable
convex cost over the flows of a bipartite graph: its minimum also minimises the largest load). When a
round is re-run after a late conflict, an arc the previous assignment did not have costs CHANGE, more
than any gain in balance it could buy, so the fewest pairs change.

Arcs to every eligible expert (20,000 projects x 650 experts is 13 million) cost 1.6 GB; instead each
project starts with `degree` candidates: a window of a random cyclic order of its field's experts (each
expert in about as many windows as every other). The cheapest flow over the candidates is then checked
against all eligible pairs (`_certified`): when no chain of moves, each to an expert the project could
have had, takes a unit from a load L to a load of at most L - 2, no other assignment is more even, and
the windows are kept; otherwise they widen fourfold until they hold every eligible expert. Pure: numpy
and OR-Tools, no I/O.
"""
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

K = 5
WINDOW_PER_REVIEWER = 8  # candidates per project, times k


@dataclass(frozen=True)
class Reviewer:
    """An expert available in the round: `fields` empty reviews any field; `cap` None is no cap."""

    id: str
    fields: frozenset = field(default_factory=frozenset)
    cap: int | None = None


@dataclass(frozen=True)
class Entry:
    """A project to review; `field` None may go to any expert."""

    id: str
    field: str | None = None


@dataclass(frozen=True)
class Assignment:
    pairs: tuple          # (project id, expert id), in the order of the projects, then the experts
    loads: dict           # expert id -> number of projects
    added: tuple = ()     # pairs not in `previous`
    removed: tuple = ()   # pairs of `previous` no longer assigned
    candidates: int = 0   # arcs the flow was solved over: how far the windows widened


class Unassignable(ValueError):
    """`short`: project id -> (experts it could get, experts it needs), for the refusal's message."""

    def __init__(self, short, reason):
        super().__init__(reason)
        self.short = short
        self.reason = reason


def assign(projects, experts, k=K, *, recused=(), previous=(), extra=None, seed=0, degree=None):
    """Assign `k` of `experts` (Reviewers) to each of `projects` (Entries). `recused`: (project id,
    expert id) pairs that must never meet; `previous`: the pairs of an earlier run, to keep where they
    still hold; `extra`: project id -> experts it needs beyond k (one flagged for re-review needs one
    more). Raises Unassignable, naming the projects short of experts, when no assignment exists."""
    problem = _Problem(projects, experts, k, recused, previous, extra or {})
    problem.refuse_the_plainly_short()
    rng = np.random.default_rng(seed)
    width = degree or WINDOW_PER_REVIEWER * k
    while True:
        full = width >= problem.widest
        tails, heads = problem.candidates(rng, None if full else width)
        loads = problem.solve(tails, heads, full)
        if loads is not None and (full or problem.previous.size or problem.certified(loads)):
            return problem.result(tails.size)
        width *= 4


class _Problem:
    def __init__(self, projects, experts, k, recused, previous, extra):
        self.projects, self.experts = list(projects), list(experts)
        self.need = np.array([k + extra.get(p.id, 0) for p in self.projects], dtype=np.int64)
        self.p_index = {p.id: i for i, p in enumerate(self.projects)}
        self.e_index = {e.id: j for j, e in enumerate(self.experts)}
        P, E = len(self.projects), len(self.experts)
        self.recused = self._keys(recused)
        self.given = {tuple(pair) for pair in previous}
        given = self._keys(self.given, keep_gone=True)
        self.previous = np.setdiff1d(given[given >= 0], self.recused)
        # projects that lost a previous pair (a late conflict, an expert gone) look at every expert
        lost = np.setdiff1d(given, self.previous)
        self.reopened = np.unique(np.where(lost >= 0, lost // max(E, 1), -lost - 1))
        self.caps = np.array([P if e.cap is None else min(e.cap, P) for e in self.experts], dtype=np.int64)
        fields = sorted({p.field for p in self.projects}, key=lambda f: (f is not None, f or ""))
        self.fields = fields
        self.project_field = np.array([fields.index(p.field) for p in self.projects], dtype=np.int64)
        self.eligible = [np.array([j for j, e in enumerate(self.experts) if _matches(e, f)], dtype=np.int64)
                         for f in fields]
        self.may = np.zeros((E, len(fields)), dtype=bool)
        for f, eligible in enumerate(self.eligible):
            self.may[eligible, f] = True
        self.widest = max((len(x) for x in self.eligible), default=0)
        self.flow_pairs = None

    def _keys(self, pairs, keep_gone=False):
        """Pairs as project * E + expert; with `keep_gone`, a pair whose expert is no longer in the
        round as -(project + 1)."""
        E = len(self.experts)
        keys = [self.p_index[p] * E + self.e_index[e] if e in self.e_index else -self.p_index[p] - 1
                for p, e in pairs if p in self.p_index and (keep_gone or e in self.e_index)]
        return np.unique(np.array(keys, dtype=np.int64))

    def refuse_the_plainly_short(self):
        """Projects with fewer than k eligible experts once the recused stand aside."""
        E = len(self.experts)
        at = self.recused // E
        # a recusal from an expert outside the project's field takes nothing from it
        in_field = self.may[self.recused % E, self.project_field[at]]
        there = np.array([len(x) for x in self.eligible], dtype=np.int64)[self.project_field]
        there -= np.bincount(at[in_field], minlength=len(self.projects))
        if (short := self._short(there)):
            raise Unassignable(short, "too few eligible experts")

    def candidates(self, rng, width):
        """(project, expert) index arrays: each project's window (or every eligible expert when
        `width` is None) and the previous pairs, minus the recused; a project left with fewer than k,
        or that lost a previous pair, gets every eligible expert."""
        E, P = len(self.experts), len(self.projects)
        keys = [self.previous]
        for f, eligible in enumerate(self.eligible):
            rows = np.flatnonzero(self.project_field == f)
            n = len(eligible)
            if width is None or width >= n:
                heads, tails = np.tile(eligible, rows.size), np.repeat(rows, n)
            else:
                order = rng.permutation(eligible)
                start = rng.integers(0, n, rows.size)
                heads = order[(start[:, None] + np.arange(width)[None, :]) % n].ravel()
                tails = np.repeat(rows, width)
            keys.append(tails * E + heads)
        keys = np.setdiff1d(np.unique(np.concatenate(keys)), self.recused, assume_unique=True)
        widen = np.union1d(np.flatnonzero(np.bincount(keys // E, minlength=P) < self.need), self.reopened)
        if width is not None and widen.size:
            extra = [i * E + self.eligible[self.project_field[i]] for i in widen]
            keys = np.setdiff1d(np.unique(np.concatenate([keys, *extra])), self.recused, assume_unique=True)
        return keys // E, keys % E

    def solve(self, tails, heads, full):
        """The cheapest flow over the candidate arcs; the loads, or None when the candidates cannot
        carry k experts to every project (then wider windows may). Raises Unassignable when even every
        eligible pair cannot."""
        P, E = len(self.projects), len(self.experts)
        steps = 2 * -(-int(self.need.sum()) // max(E, 1)) + 2
        while True:
            flow, arcs = self._network(tails, heads, steps)
            status = flow.solve()
            if status != flow.OPTIMAL:
                if not full:
                    return None
                self._refuse_what_is_short(tails, heads, steps)
            used = flow.flows(np.arange(P, P + tails.size))
            overflow = flow.flows(arcs["overflow"]) if arcs["overflow"].size else np.zeros(0)
            if overflow.any():
                steps *= 2  # a load beyond the unit arcs: the cost is no longer convex there
                continue
            chosen = used > 0
            self.flow_pairs = (tails[chosen], heads[chosen])
            return np.bincount(heads[chosen], minlength=E)

    def _network(self, tails, heads, steps):
        P, E = len(self.projects), len(self.experts)
        source, sink = P + E, P + E + 1
        change = 2 * (steps + 2)
        if self.previous.size:
            pair_cost = np.where(np.isin(tails * E + heads, self.previous, assume_unique=True), 0, change)
        else:
            pair_cost = np.zeros(tails.size, dtype=np.int64)
        units = np.minimum(self.caps, steps)
        unit_tails = np.repeat(np.arange(E), units)
        unit_cost = np.arange(unit_tails.size) - np.repeat(np.cumsum(units) - units, units) + 1
        over = np.flatnonzero(self.caps > steps)
        all_tails = np.concatenate([np.full(P, source), tails, P + unit_tails, P + over])
        all_heads = np.concatenate([np.arange(P), P + heads, np.full(unit_tails.size, sink),
                                    np.full(over.size, sink)])
        capacity = np.concatenate([self.need, np.ones(tails.size), np.ones(unit_tails.size),
                                   self.caps[over] - steps])
        cost = np.concatenate([np.zeros(P), pair_cost, unit_cost, np.full(over.size, steps + 1)])
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(all_tails.astype(np.int32), all_heads.astype(np.int32),
                                                  capacity.astype(np.int64), cost.astype(np.int64))
        flow.set_node_supply(source, int(self.need.sum()))
        flow.set_node_supply(sink, -int(self.need.sum()))
        first_over = P + tails.size + unit_tails.size
        return flow, {"overflow": np.arange(first_over, first_over + over.size)}

    def _refuse_what_is_short(self, tails, heads, steps):
        flow, _ = self._network(tails, heads, steps)
        flow.solve_max_flow_with_min_cost()
        P = len(self.projects)
        got = flow.flows(np.arange(P))
        raise Unassignable(self._short(got), "the experts' caps leave projects short")

    def _short(self, there):
        """project id -> (experts there, experts needed), for the projects with fewer than they need."""
        return {self.projects[i].id: (int(there[i]), int(self.need[i]))
                for i in np.flatnonzero(there < self.need)}

    def certified(self, loads):
        """No chain of moves to eligible experts evens the loads further (see the module's note)."""
        open_ = loads < self.caps
        if not open_.any() or loads.max() - loads[open_].min() <= 1:
            return True
        projects, experts = self.flow_pairs
        holds = np.zeros(self.may.shape, dtype=bool)
        holds[experts, self.project_field[projects]] = True
        # a -> b when a holds a project of a field b may review: a superset of the true moves (it
        # ignores recusals and pairs b already has), so "no improving chain" here holds there too
        moves = (holds.astype(np.int32) @ self.may.T.astype(np.int32)) > 0
        for a in np.flatnonzero(loads >= loads[open_].min() + 2):
            reach = moves[a].copy()
            while True:
                wider = reach | moves[reach].any(axis=0)
                if (wider == reach).all():
                    break
                reach = wider
            if (reach & open_ & (loads <= loads[a] - 2)).any():
                return False
        return True

    def result(self, candidates):
        projects, experts = self.flow_pairs
        E = len(self.experts)
        keys = np.sort(projects * E + experts)  # by project, then expert

        def as_pairs(ks):
            return tuple((self.projects[x // E].id, self.experts[x % E].id) for x in ks.tolist())

        pairs = as_pairs(keys)
        now = set(pairs)
        loads = np.bincount(experts, minlength=E)
        return Assignment(pairs, {e.id: int(loads[j]) for j, e in enumerate(self.experts)},
                          tuple(p for p in pairs if p not in self.given), tuple(sorted(self.given - now)),
                          candidates)


def _matches(expert, project_field):
    return project_field is None or not expert.fields or project_field in expert.fields
