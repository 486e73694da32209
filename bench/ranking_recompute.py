"""A round's full recompute at the national scale: 100,000 projects × 13 experts × 4 criteria.

    .venv/bin/python bench/ranking_recompute.py [--projects 100000] [--panel 13] [--experts 650] [--seed 1]
                                                [--loop-projects 100000]

Each run is a fresh process of its own, so that its peak memory is its own. `instance` only builds the
sheets (1.3 million rows: what every method starts from); each method then runs
ranking.domain.aggregation.aggregate (one numpy pass) and places the result with the default tie-break
chain (ranking.domain.placing.place), timed apart; `loop <method>` is the straightforward per-row
Python loop (a dict of lists per project, per expert for z-scores), on --loop-projects projects (the
whole round by default; give fewer to save time, the ratio is then per project). Both compute the same
scores: the loop's are checked against the array pass's. Record the figures in docs/benchmarks.md.
"""
import argparse
import multiprocessing
import resource
import statistics
import time

import numpy as np

WEIGHTS = (30, 30, 20, 20)
METHODS = ("mean", "median", "trimmed-mean", "z-score")


def instance(args, projects=None):
    from ranking.domain.aggregation import Sheets

    rng = np.random.default_rng(args.seed)
    P = projects or args.projects
    # each project's panel: `panel` distinct experts of the pool (a stride coprime with the pool's size
    # from a random start), each expert with a leniency of their own
    strides = np.array([s for s in range(1, args.experts) if np.gcd(s, args.experts) == 1])
    start, stride = rng.integers(0, args.experts, P), rng.choice(strides, P)
    experts = (start[:, None] + stride[:, None] * np.arange(args.panel)) % args.experts
    quality = rng.normal(7000, 800, P)
    leniency = rng.normal(0, 300, args.experts)
    mean = quality[:, None, None] + leniency[experts][:, :, None]
    scores = np.clip(np.rint(rng.normal(mean, 500, (P, args.panel, 4))), 0, 10000).astype(np.int64)
    # ids sorted as their codes (what the service's load gives: ranking.domain.aggregation.Sheets)
    project_ids = np.array([f"p{i:06d}" for i in range(P)], dtype=object)
    expert_ids = np.array([f"e{j:04d}" for j in range(args.experts)], dtype=object)
    return Sheets(np.repeat(np.arange(P), args.panel), experts.ravel().astype(np.int64),
                  scores.reshape(-1, 4), project_ids, expert_ids)


def loop(sheets, method):
    """The per-row way: a list of totals per project, then each project's score, in whole cents."""
    totals = {}
    by_expert = {}
    rows = zip(sheets.projects[sheets.project].tolist(), sheets.experts[sheets.expert].tolist(),
               sheets.scores.tolist(), strict=True)
    for project, expert, scores in rows:
        total = (sum(s * w for s, w in zip(scores, WEIGHTS, strict=True)) + 50) // 100
        totals.setdefault(project, []).append((total, expert))
        by_expert.setdefault(expert, []).append(total)
    out = {}
    if method == "z-score":
        stats = {e: (statistics.fmean(t), statistics.pstdev(t)) for e, t in by_expert.items()}
        every = [t for ts in by_expert.values() for t in ts]
        grand_mean, grand_sd = statistics.fmean(every), statistics.pstdev(every)
    for project, rows in totals.items():
        values = sorted(t for t, _ in rows)
        n = len(values)
        if method == "median":
            out[project] = (values[(n - 1) // 2] + values[n // 2] + 1) // 2
            continue
        if method == "z-score":
            z = [(t - stats[e][0]) / stats[e][1] if stats[e][1] else 0.0 for t, e in rows]
            out[project] = int(np.floor(grand_mean + statistics.fmean(z) * grand_sd + 0.5))
            continue
        if method == "trimmed-mean" and n >= 5:
            values = values[1:-1]
        out[project] = (2 * sum(values) + len(values)) // (2 * len(values))
    return out


def run(method, args, out):
    sheets = instance(args, args.loop_projects if method.startswith("loop") else None)
    started = time.perf_counter()
    placed = None
    if method.startswith("loop "):
        scores = loop(sheets, method.removeprefix("loop "))
        computed = time.perf_counter() - started
        from ranking.domain.aggregation import aggregate
        check = aggregate(sheets, WEIGHTS, method.removeprefix("loop "))
        z_score = method.endswith("z-score")  # float sums in another order: a cent off at most
        mismatched = sum(abs(scores[str(p)] - int(s)) > (1 if z_score else 0)
                         for p, s in zip(check.projects, check.score, strict=True))
    elif method != "instance":
        from ranking.domain.aggregation import aggregate
        from ranking.domain.placing import place
        result = aggregate(sheets, WEIGHTS, method)
        computed = time.perf_counter() - started
        means = result.criterion_means
        entries = [(str(p), int(s), {"defence": d, "technical": t}) for p, s, d, t in zip(
            result.projects, result.score, means[:, 3], means[:, 0], strict=True)]
        placed = time.perf_counter()
        place(entries)
        placed = time.perf_counter() - placed
        mismatched = None
    else:
        computed, mismatched = 0.0, None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put((len(sheets.project), computed, placed, peak, mismatched))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--panel", type=int, default=13)
    parser.add_argument("--experts", type=int, default=650)
    parser.add_argument("--loop-projects", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.loop_projects = args.loop_projects or args.projects
    print(f"{args.projects} projects × {args.panel} experts (of {args.experts}) × 4 criteria; "
          f"the loop on {args.loop_projects} projects")
    print(f"{'run':<20} {'sheets':>9} {'compute s':>10} {'place s':>8} {'peak MiB':>9} {'mismatch':>9}")
    context = multiprocessing.get_context("spawn")
    figures = {}
    for method in ("instance", *METHODS, *(f"loop {m}" for m in METHODS)):
        out = context.Queue()
        child = context.Process(target=run, args=(method, args, out))
        child.start()
        figures[method] = out.get()
        child.join()
        sheets, computed, placed, peak, mismatched = figures[method]
        print(f"{method:<20} {sheets:>9} {computed:>10.3f} {'' if placed is None else f'{placed:.3f}':>8} "
              f"{peak:>9.0f} {'' if mismatched is None else mismatched:>9}")
    for method in METHODS:
        array, plain = figures[method], figures[f"loop {method}"]
        per_sheet = (plain[1] / plain[0]) / (array[1] / array[0])
        print(f"{method}: the loop takes {per_sheet:.1f}x the array pass's time per sheet")


if __name__ == "__main__":
    main()
