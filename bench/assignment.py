"""Online review assignment at the national scale: 20,000 projects, 650 experts, k = 5, 2% conflicts.

    .venv/bin/python bench/assignment.py [--projects 20000] [--experts 650] [--k 5] [--conflicts 0.02]
                                         [--fields [--skew]] [--seed 1]

Each method runs in a fresh process of its own, so that its peak memory is its own: `instance` only
builds the projects, experts and recusals (what both methods start from), `greedy` gives each project
in turn the k least-loaded eligible experts it does not conflict with (the assignment people write by
hand), `min-cost flow` is review.domain.assignment.assign. Printed per method: wall time, peak resident
memory, the spread of loads (max - min), the largest load, and pairs that break a rule (must be 0).
With --fields each project has one of five tracks and each expert one or two of them; with --skew the
tracks take 40/30/15/10/5% of the projects while the experts' tracks stay even. Record the
figures in docs/benchmarks.md.
"""
import argparse
import multiprocessing
import resource
import time

import numpy as np

TRACKS = ("equipment", "network", "platform", "security", "data")
SKEW = (0.4, 0.3, 0.15, 0.1, 0.05)  # --skew: the tracks' shares of the projects; the experts stay even


def instance(args):
    from review.domain.assignment import Entry, Reviewer

    rng = np.random.default_rng(args.seed)
    P, E = args.projects, args.experts
    shares = SKEW if args.skew else None
    project_track = rng.choice(len(TRACKS), P, p=shares) if args.fields else None
    entries = [Entry(f"p{i:05d}", TRACKS[project_track[i]] if args.fields else None) for i in range(P)]
    reviewers = []
    for j in range(E):
        fields = frozenset(TRACKS[t] for t in rng.choice(len(TRACKS), rng.integers(1, 3), replace=False))
        reviewers.append(Reviewer(f"e{j:04d}", fields if args.fields else frozenset()))
    hits = np.flatnonzero(rng.random(P * E) < args.conflicts)
    recused = [(entries[x // E].id, reviewers[x % E].id) for x in hits.tolist()]
    return entries, reviewers, recused


def greedy(entries, reviewers, recused, k):
    index = {e.id: j for j, e in enumerate(reviewers)}
    by_project = {}
    for p, e in recused:
        by_project.setdefault(p, []).append(index[e])
    loads = np.zeros(len(reviewers), dtype=np.int64)
    may = {}
    pairs = []
    for project in entries:
        if project.field not in may:
            may[project.field] = np.array([project.field is None or not r.fields or project.field in r.fields
                                           for r in reviewers])
        score = np.where(may[project.field], loads, np.iinfo(np.int64).max).astype(np.float64)
        score[by_project.get(project.id, [])] = np.inf
        chosen = np.argpartition(score, k)[:k] if k < len(score) else np.arange(len(score))
        loads[chosen] += 1
        pairs.extend((project.id, reviewers[j].id) for j in chosen.tolist())
    return pairs


def run(method, args, out):
    entries, reviewers, recused = instance(args)
    started = time.perf_counter()
    if method == "greedy":
        pairs = greedy(entries, reviewers, recused, args.k)
    elif method == "min-cost flow":
        from review.domain.assignment import assign
        pairs = assign(entries, reviewers, args.k, recused=recused, seed=args.seed).pairs
    else:
        pairs = []
    seconds = time.perf_counter() - started
    loads = {r.id: 0 for r in reviewers}
    for _, e in pairs:
        loads[e] += 1
    field = {p.id: p.field for p in entries}
    fields = {r.id: r.fields for r in reviewers}
    broken = len(set(pairs) & set(recused)) + sum(
        1 for p, e in pairs if field[p] is not None and fields[e] and field[p] not in fields[e])
    out.put((seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
             max(loads.values()) - min(loads.values()) if pairs else None, max(loads.values()), broken))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--experts", type=int, default=650)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--conflicts", type=float, default=0.02)
    parser.add_argument("--fields", action="store_true")
    parser.add_argument("--skew", action="store_true", help="with --fields: uneven tracks (SKEW)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{args.projects} projects, {args.experts} experts, k={args.k}, {args.conflicts:.0%} conflicts"
          f"{', five tracks' if args.fields else ''}{' (skewed)' if args.skew else ''}")
    print(f"{'method':<14} {'seconds':>8} {'peak MiB':>9} {'spread':>7} {'max load':>9} {'broken':>7}")
    context = multiprocessing.get_context("spawn")
    figures = {}
    for method in ("instance", "greedy", "min-cost flow"):
        out = context.Queue()
        child = context.Process(target=run, args=(method, args, out))
        child.start()
        figures[method] = out.get()
        child.join()
        seconds, peak, spread, top, broken = figures[method]
        print(f"{method:<14} {seconds:>8.2f} {peak:>9.0f} {'' if spread is None else spread:>7} "
              f"{top if spread is not None else '':>9} {broken:>7}")
    flow, plain = figures["min-cost flow"], figures["greedy"]
    print(f"min-cost flow / greedy: time {flow[0] / plain[0]:.1f}x, spread {flow[2]} vs {plain[2]}")


if __name__ == "__main__":
    main()
