"""From a round's score sheets to each project's score, by the round's method (issue 10, aggregation).

Every number is kept in cents (hundredths of a point) as a whole number, so that `mean`, `median` and
`trimmed-mean` are exact and never depend on the order the sheets arrived in:

- a sheet's total is the weighted sum of its four criteria, rounded half up to the cent, as review
  computed it (scores and weights both come in steps of 0.01);
- `mean`: the mean of the project's sheet totals; `median`: the middle total, or the mean of the two
  middle ones; `trimmed-mean` with k: the k highest and k lowest totals are dropped when the project
  has at least max(5, 2k + 1) sheets (a plain mean below that), then the mean of the rest;
- every division is rounded half up to the cent.

`z-score` standardises each expert's totals in the round by that expert's own mean and (population)
standard deviation, averages a project's z-scores over all its sheets, and maps the average back onto
the round's scale as `grand mean + z × grand standard deviation` of all totals (as Evalato does); an
expert whose totals are all equal (or who gave one sheet) contributes z = 0. That arithmetic is in
float64 on the sheets sorted by (project, expert) first, so its sums too are the same whatever order
the sheets came in, then rounded half up to the cent.

One pass over arrays (numpy), not a loop over rows: a round of 100,000 projects is recomputed whole.
"""
from dataclasses import dataclass

import numpy as np

MEAN, MEDIAN, TRIMMED_MEAN, Z_SCORE = "mean", "median", "trimmed-mean", "z-score"
METHODS = (MEAN, MEDIAN, TRIMMED_MEAN, Z_SCORE)
TRIM_FROM = 5  # fewer sheets than this: a plain mean (issue 10)


class AggregationRefused(ValueError):
    """A method or parameter that makes no sense for these sheets; `code` is stable, `detail` says why."""

    def __init__(self, code, detail):
        super().__init__(detail)
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class Sheets:
    """A round's sheets, one row each: who scored which project, each criterion in cents.

    Projects and experts come as codes into their names, the names sorted ascending, so that ordering
    by code is ordering by id (what makes the canonical order independent of arrival); every project
    named has at least one sheet.
    """

    project: np.ndarray   # int64 code, one per sheet
    expert: np.ndarray    # int64 code
    scores: np.ndarray    # int64, (sheets, criteria), cents
    projects: np.ndarray  # the project ids, sorted
    experts: np.ndarray   # the expert ids, sorted

    @classmethod
    def of(cls, rows, criteria):
        """From dicts {"project_id", "expert_id", "scores": {criterion: "88.50"}}."""
        rows = list(rows)
        scores = [[cents(r["scores"][c]) for c in criteria] for r in rows]
        return cls.of_cents([r["project_id"] for r in rows], [r["expert_id"] for r in rows], scores,
                            len(criteria))

    @classmethod
    def of_cents(cls, project_ids, expert_ids, scores, criteria=4):
        """From one project id and one expert id per sheet, and each sheet's criteria in cents (rows)."""
        projects, project = _codes(project_ids)
        experts, expert = _codes(expert_ids)
        scores = np.array(scores, dtype=np.int64).reshape(len(project), criteria)
        return cls(project, expert, scores, projects, experts)


def _codes(ids):
    names = sorted(set(ids))
    code = {name: i for i, name in enumerate(names)}
    return np.array(names, dtype=object), np.array([code[i] for i in ids], dtype=np.int64)


@dataclass(frozen=True)
class Result:
    """Each project's score (cents), with the sheets in canonical order and which of them counted."""

    method: str
    k: int
    projects: np.ndarray      # sorted project ids
    score: np.ndarray         # int64 cents, per project
    sheet_count: np.ndarray   # per project
    criterion_means: np.ndarray  # float64 (projects, criteria): each criterion's mean over counted sheets
    start: np.ndarray         # per project: where its sheets begin in the canonical order
    order: np.ndarray         # the sheets' canonical order: by project, total, expert
    project_of: np.ndarray    # per sheet (canonical order): the index of its project
    expert_of: np.ndarray     # per sheet (canonical order): the index of its expert in `experts`
    experts: np.ndarray       # the expert ids, sorted
    total: np.ndarray         # per sheet (canonical order): its total in cents
    counted: np.ndarray       # per sheet (canonical order): whether it counted
    z: np.ndarray | None = None  # z-score only: per project, the mean z
    grand: tuple = ()            # z-score only: the mean and standard deviation of all totals, cents


def cents(value):
    """"88.5", 88.5 or Decimal("88.50") -> 8850; anything finer than a cent is refused."""
    text = format(value, "f") if not isinstance(value, str) else value
    whole, _, fraction = text.strip().partition(".")
    if len(fraction.rstrip("0")) > 2:
        raise AggregationRefused("finer-than-cent", f"{value} is finer than 0.01")
    sign = -1 if whole.startswith("-") else 1
    return sign * (abs(int(whole or "0")) * 100 + int((fraction + "00")[:2]))


def sheet_totals(scores, weights):
    """Each sheet's weighted total in cents, rounded half up: scores in cents, weights in hundredths."""
    raw = scores @ np.asarray(weights, dtype=np.int64)  # in 1/10,000 of a point
    return (raw + 50) // 100


def aggregate(sheets, weights, method=MEAN, k=None):
    """The round's result by `method` (`k`: sheets trimmed from each end, trimmed-mean only)."""
    if method not in METHODS:
        raise AggregationRefused("unknown-method", f"{method!r} is not one of {', '.join(METHODS)}")
    asked, k = k, _trim(method, k)
    totals = sheet_totals(sheets.scores, weights)
    projects = sheets.projects
    order = _canonical(sheets.project, totals, sheets.expert, len(sheets.experts))
    project_of, total, scores = sheets.project[order], totals[order], sheets.scores[order]
    expert_of = sheets.expert[order]
    count = np.bincount(project_of, minlength=len(projects))
    if len(projects) and count.min() == 0:
        raise ValueError("every project named must have a sheet")
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    position = np.arange(len(total)) - start[project_of]
    counted, z, grand = np.ones(len(total), dtype=bool), None, ()
    if method == TRIMMED_MEAN and asked is not None and count.max(initial=0) < 2 * k + 1:
        raise AggregationRefused("trim-exceeds-sheets", f"trimming {k} from each end needs {2 * k + 1} "
                                 f"sheets; no project has more than {count.max(initial=0)}")
    if method == TRIMMED_MEAN:
        trimmed = np.where(count >= max(TRIM_FROM, 2 * k + 1), k, 0)[project_of]
        counted = (position >= trimmed) & (position < count[project_of] - trimmed)
    if method == MEDIAN:
        score = _half_up(total[start + (count - 1) // 2] + total[start + count // 2], 2)
    elif method == Z_SCORE:
        score, z, grand = _z_scores(expert_of, len(sheets.experts), project_of, total, len(projects))
    else:
        kept = np.bincount(project_of, weights=counted, minlength=len(projects)).astype(np.int64)
        sums = np.add.reduceat(np.where(counted, total, 0), start) if len(total) else np.zeros(0, np.int64)
        score = _half_up(sums, kept)
    kept = np.bincount(project_of, weights=counted, minlength=len(projects))
    means = np.stack([np.bincount(project_of, weights=np.where(counted, scores[:, c], 0),
                                  minlength=len(projects)) / kept for c in range(scores.shape[1])], axis=1)
    return Result(method, k, projects, score.astype(np.int64), count, means, start, order, project_of,
                  expert_of, sheets.experts, total, counted, z, grand)


def _canonical(project, total, expert, experts):
    """The order by project, then total, then expert: nothing computed after depends on the order the
    sheets arrived in. One sort of a single whole-number key where it fits in 63 bits."""
    span = int(total.max(initial=0)) + 1
    if len(project) and (int(project.max()) + 1) * span * max(experts, 1) < 2 ** 62:
        return np.argsort((project * span + total) * max(experts, 1) + expert, kind="stable")
    return np.lexsort((expert, total, project))


def _trim(method, k):
    if method != TRIMMED_MEAN:
        if k is not None:
            raise AggregationRefused("k-without-trim", f"k is for trimmed-mean only, not {method}")
        return 0
    k = 1 if k is None else k
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= 6:
        raise AggregationRefused("k-out-of-range", f"k must be a whole number from 1 to 6, not {k!r}")
    return k


def _half_up(numerator, denominator):
    """numerator / denominator rounded half up, element-wise, in whole numbers (both non-negative)."""
    numerator, denominator = np.asarray(numerator, np.int64), np.asarray(denominator, np.int64)
    return (2 * numerator + denominator) // (2 * denominator)


def _z_scores(expert_of, n_experts, project_of, total, n_projects):
    given = np.maximum(np.bincount(expert_of, minlength=n_experts), 1)
    value = total.astype(np.float64)
    mean = np.bincount(expert_of, weights=value, minlength=n_experts) / given
    deviation = value - mean[expert_of]
    sd = np.sqrt(np.bincount(expert_of, weights=deviation ** 2, minlength=n_experts) / given)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd[expert_of] > 0, deviation / sd[expert_of], 0.0)
    per_project = np.bincount(project_of, weights=z, minlength=n_projects) / np.bincount(
        project_of, minlength=n_projects)
    grand_mean, grand_sd = value.mean(), value.std()
    return np.floor(grand_mean + per_project * grand_sd + 0.5), per_project, (grand_mean, grand_sd)
