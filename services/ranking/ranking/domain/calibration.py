"""How each expert of a round scored against the consensus (issue 10, calibration), for the committee.

The consensus of a project is its score by the round's method (aggregation.py). For each expert:
- leniency: the mean of (their total - the consensus) over the projects they scored, in points;
- spread: the (population) standard deviation of their totals, in points;
- agreement: Spearman's rho between their totals and the consensus over those projects (average
  ranks for ties; none below 3 projects, or when either side is constant).
An expert is flagged when |leniency| exceeds the leniency threshold or rho falls below the agreement
threshold; the report shows both thresholds.
"""
from dataclasses import dataclass

import numpy as np

LENIENCY_POINTS = 10.0  # default: a mean 10 points off the consensus, on a 100-point scale
MIN_AGREEMENT = 0.3     # default: rank agreement below this


@dataclass(frozen=True)
class Calibration:
    expert_id: str
    sheets: int
    leniency: float
    spread: float
    agreement: float | None
    flagged: tuple  # "lenient", "severe", "disagrees"


def calibrate(result, leniency_points=LENIENCY_POINTS, min_agreement=MIN_AGREEMENT):
    """One Calibration per expert of `result` (aggregation.Result), by expert id."""
    consensus = result.score[result.project_of] / 100.0
    total = result.total / 100.0
    names, expert_of = result.experts, result.expert_of
    given = np.bincount(expert_of, minlength=len(names))
    by_expert = np.argsort(expert_of, kind="stable")  # each expert's sheets together, one slice each
    bounds = np.concatenate(([0], np.cumsum(given)))
    report = []
    for index, name in enumerate(names):
        mine = by_expert[bounds[index]:bounds[index + 1]]
        if not len(mine):
            continue
        theirs, agreed = total[mine], consensus[mine]
        leniency = float(np.mean(theirs - agreed))
        rho = spearman(theirs, agreed)
        flags = (("lenient",) if leniency > leniency_points else ("severe",) if leniency < -leniency_points
                 else ()) + (("disagrees",) if rho is not None and rho < min_agreement else ())
        spread = round(float(np.std(theirs)), 2)
        report.append(Calibration(str(name), len(mine), round(leniency, 2), spread,
                                  None if rho is None else round(rho, 3), flags))
    return report


def spearman(a, b):
    """Spearman's rho of two equal-length arrays: Pearson's r of their average ranks."""
    if len(a) < 3:
        return None
    ra, rb = _ranks(np.asarray(a, float)), _ranks(np.asarray(b, float))
    if ra.std() == 0 or rb.std() == 0:
        return None
    return float(np.corrcoef(ra, rb)[0, 1])


def _ranks(values):
    """1-based ranks, ties taking the average of the ranks they span."""
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    last = np.cumsum(counts)
    return (last - (counts - 1) / 2.0)[inverse]
